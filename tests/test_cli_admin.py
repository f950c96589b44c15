"""The operator's CLI views: config show (with origins), why, top, sources list, db."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands import Caller, Commands
from bot.config import load_config
from bot.store import LATEST, open_store


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_config_show_names_the_origin_of_each_setting(
    bot_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_path = str(bot_dir / "config.toml")

    async def edit_from_chat() -> None:
        config = load_config(config_path)
        store = await open_store(config.resolve(config.database.path), clock=time.time)
        try:
            admin = Caller("slack", "T1", "C1", "U9", is_admin=True)
            reply = await Commands(store, config, clock=time.time).call(
                "topic_add", admin, name="sports", keywords="football"
            )
            assert reply.ok, reply.text
        finally:
            await store.close()

    asyncio.run(edit_from_chat())
    code, out, _ = cli(capsys, "config", "show", "--config", config_path)
    assert code == 0
    assert "topic sports: football  [chat]" in out
    assert "topic immigration: immigration, ICE, deportation  [file]" in out
    assert "posting.summary_chars = 400  [file]" in out
    assert "subscription console:/commuters ← topic transit  [file]" in out


def test_why_explains_each_channel(bot_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(bot_dir / "config.toml")
    cli(capsys, "run", "--once", "--config", config)
    code, out, _ = cli(capsys, "why", "https://desk.example/story/2", "--config", config)
    assert code == 0
    assert "City council backs light rail extension" in out
    commuters = next(ln for ln in out.splitlines() if "commuters" in ln)
    immigration = next(ln for ln in out.splitlines() if "immigration-desk" in ln)
    assert "sent" in commuters or "posted" in commuters
    assert "no matching topic" in immigration
    code, _, err = cli(capsys, "why", "https://nowhere.example/", "--config", config)
    assert code == 1 and err.startswith("newsbot: No article matches")


def test_top_ranks_by_reactions(bot_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(bot_dir / "config.toml")
    cli(capsys, "run", "--once", "--config", config)
    with sqlite3.connect(bot_dir / "bot.db") as db:
        ids = [r[0] for r in db.execute("SELECT id FROM deliveries ORDER BY id")]
        now = time.time()
        db.executemany(
            "INSERT INTO reactions (delivery_id, emoji, user_id, added_at) VALUES (?, ?, ?, ?)",
            [(ids[1], "👍", "u1", now), (ids[1], "🔥", "u2", now), (ids[0], "👍", "u1", now)],
        )
    code, out, _ = cli(capsys, "top", "--since", "1d", "--config", config)
    assert code == 0
    lines = [ln for ln in out.splitlines() if ln[:2] in ("1.", "2.")]
    assert "(2 reactions)" in lines[0] and "(1 reaction)" in lines[1]
    code, _, err = cli(capsys, "top", "--since", "soon", "--config", config)
    assert code == 2 and "bad duration 'soon'" in err


def test_sources_list_and_db_commands(bot_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(bot_dir / "config.toml")
    cli(capsys, "run", "--once", "--config", config)
    code, out, _ = cli(capsys, "sources", "list", "--config", config)
    assert code == 0 and "Test Desk  [ok]" in out and "last success: 20" in out
    code, out, _ = cli(capsys, "db", "migrate", "--config", config)
    assert code == 0 and f"already at version {LATEST}" in out
    code, out, _ = cli(capsys, "db", "backup", str(bot_dir / "b.db"), "--config", config)
    assert code == 0
    with sqlite3.connect(bot_dir / "b.db") as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3


def test_db_refuses_a_newer_database(bot_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(bot_dir / "bot.db") as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    code, _, err = cli(capsys, "db", "migrate", "--config", str(bot_dir / "config.toml"))
    assert code == 1 and "newer newsbot" in err
