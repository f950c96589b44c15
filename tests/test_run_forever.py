"""`newsbot run` without --once: posts, then stops cleanly on SIGTERM / SIGINT."""

from __future__ import annotations

import asyncio
import itertools
import signal
import sqlite3
import sys
from pathlib import Path

import pytest


async def _run_bot(bot_dir: Path) -> asyncio.subprocess.Process:
    """`newsbot run` (no --once) on the test bot's config, its output piped."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--config",
        str(bot_dir / "config.toml"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=bot_dir,
    )


async def _read_until(stream: asyncio.StreamReader, needle: bytes) -> bytes:
    """Lines from `stream` until `needle` has appeared in them."""
    seen = b""
    while needle not in seen:
        line = await stream.readline()
        assert line, f"stream ended before {needle!r}: {seen[-400:]!r}"
        seen += line
    return seen


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_runs_until_signalled_then_closes_the_database(bot_dir: Path, sig: int) -> None:
    proc = await _run_bot(bot_dir)
    assert proc.stdout is not None
    try:
        async with asyncio.timeout(60):
            seen = await _read_until(proc.stdout, b"light rail")
            if b"Immigration court backlog" not in seen:
                await _read_until(proc.stdout, b"Immigration court backlog")
    except BaseException:
        proc.kill()
        raise
    proc.send_signal(sig)
    async with asyncio.timeout(30):
        _, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    # Closed cleanly: the WAL was checkpointed and removed, and every delivery is recorded.
    assert not (bot_dir / "bot.db-wal").exists()
    with sqlite3.connect(bot_dir / "bot.db") as db:
        rows = db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status").fetchall()
    assert rows == [("sent", 2)]


async def test_sighup_reloads_the_config_and_a_bad_edit_keeps_the_running_one(
    bot_dir: Path,
) -> None:
    from tests.conftest import write_feed

    config = bot_dir / "config.toml"
    proc = await _run_bot(bot_dir)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        async with asyncio.timeout(90):
            await _read_until(proc.stdout, b"light rail")
            good = config.read_text()
            config.write_text(good.replace("[[channels]]", "[[chanels]]", 1))
            proc.send_signal(signal.SIGHUP)
            err = await _read_until(proc.stderr, b"running configuration is kept")
            assert b"chanels" in err and b"unknown key" in err
            write_feed(bot_dir / "extra.xml", [(9, "Bus depot opens", "<p>A new bus depot.</p>")])
            config.write_text(
                good + '\n[[sources]]\nname = "Extra"\nkind = "file"\npath = "extra.xml"\n'
                "backfill = 5\n"
            )
            proc.send_signal(signal.SIGHUP)
            await _read_until(proc.stdout, b"Bus depot opens")
    except BaseException:
        proc.kill()
        raise
    proc.send_signal(signal.SIGTERM)
    async with asyncio.timeout(30):
        await proc.communicate()
    assert proc.returncode == 0


async def test_a_poll_the_store_cannot_record_pauses_polling_instead_of_refetching_each_tick(
    bot_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.app import App
    from bot.config import load_config
    from bot.store import DatabaseFull

    stop = asyncio.Event()
    now = [1_790_000_000.0]

    def clock() -> float:
        # Every look at the clock is a second later: a loop that polls each tick polls often.
        now[0] += 1.0
        if now[0] > 1_790_000_000.0 + 300:
            stop.set()
        return now[0]

    app = await App.open(load_config(bot_dir / "config.toml"), {}, clock=clock, processes=0)
    polls: list[float] = []

    async def full_disk(group: object) -> list[object]:
        polls.append(now[0])
        raise DatabaseFull(str(bot_dir / "bot.db"), "cannot write the database (disk is full)")

    app.pipeline.poll_group = full_disk  # type: ignore[method-assign,assignment]
    try:
        async with asyncio.timeout(60):
            await app.run_forever(stop, tick=0)
    finally:
        await app.close()
    # 300 s of clock: a first poll, then at most one a minute (not one per tick).
    assert 2 <= len(polls) <= 7, polls
    assert all(b - a >= 60 for a, b in itertools.pairwise(polls)), polls
    errors = [r for r in caplog.records if "could not be recorded" in r.getMessage()]
    assert errors and all(r.exc_info is None for r in errors)
