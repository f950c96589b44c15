from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import sys
import textwrap
from pathlib import Path

import aiosqlite
import pytest

from bot.adapters.console import ConsoleAdapter
from bot.delivery.outbox import Outbox
from bot.store import (
    LATEST,
    DatabaseTooNew,
    NewArticle,
    SourceSpec,
    StoreError,
    open_store,
    schema,
)
from bot.store.errors import (
    DatabaseCorrupt,
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnavailable,
    from_sqlite,
)


class Clock:
    def __init__(self, t: float = 1_800_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


async def test_fresh_database_is_migrated_in_wal_mode(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "n.db", clock=Clock())
    try:
        assert await store.version() == LATEST
        row = await store.fetchone("PRAGMA journal_mode")
        assert row is not None and row[0] == "wal"
        tables = {r[0] for r in await store.fetchall("SELECT name FROM sqlite_master")}
        for t in (
            "sources",
            "articles",
            "subscriptions",
            "deliveries",
            "reactions",
            "settings",
            "audit_log",
            "articles_fts",
        ):
            assert t in tables
    finally:
        await store.close()


async def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE keep (x)")
        db.execute(f"PRAGMA user_version = {LATEST + 5}")
    with pytest.raises(DatabaseTooNew) as info:
        await open_store(path, clock=Clock())
    assert f"version {LATEST + 5}" in str(info.value)
    assert "newer newsbot" in str(info.value)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST + 5
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("keep",)]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"notes, not a database\n" * 20, DatabaseCorrupt),
        (
            b"SQLite format 3\x00"
            + b"\x10\x00\x02\x02"
            + bytes(40)
            + (99).to_bytes(4, "big")
            + bytes(36),
            DatabaseTooNew,
        ),
    ],
    ids=["text", "newer header"],
)
async def test_a_file_newsbot_cannot_use_is_refused_before_sqlite_touches_it(
    tmp_path: Path, content: bytes, error: type[StoreError]
) -> None:
    path = tmp_path / "n.db"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        await open_store(path, clock=Clock())
    assert str(path) in str(info.value) and " — " in str(info.value)
    assert path.read_bytes() == content
    assert os.listdir(tmp_path) == ["n.db"]  # no -wal, no -shm


def test_sqlite_errors_become_the_store_errors_that_say_what_to_do() -> None:
    cases = {
        "attempt to write a readonly database": DatabaseReadOnly,
        "database or disk is full": DatabaseFull,
        "disk I/O error": DatabaseFull,
        "file is not a database": DatabaseCorrupt,
        "database disk image is malformed": DatabaseCorrupt,
        "unable to open database file": DatabaseUnavailable,
    }
    for text, kind in cases.items():
        e = from_sqlite("/x/n.db", sqlite3.OperationalError(text))
        assert type(e) is kind and str(e).startswith("/x/n.db: ") and " — " in str(e), text


async def test_upgrade_applies_each_migration_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "n.db"
    store = await open_store(path, clock=Clock())
    await store.close()

    async def add_column(db: aiosqlite.Connection) -> None:
        await db.execute("ALTER TABLE sources ADD COLUMN note TEXT")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    monkeypatch.setattr("bot.store.db.MIGRATIONS", [*schema.MIGRATIONS])
    monkeypatch.setattr("bot.store.db.LATEST", LATEST + 1)
    store = await open_store(path, clock=Clock())
    try:
        assert await store.version() == LATEST + 1
        cols = [r[1] for r in await store.fetchall("PRAGMA table_info(sources)")]
        assert "note" in cols
    finally:
        await store.close()


async def test_failed_migration_rolls_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "n.db"
    store = await open_store(path, clock=Clock())
    await store.close()

    async def half_then_fail(db: aiosqlite.Connection) -> None:
        await db.execute("CREATE TABLE half (x)")
        await db.execute("THIS IS NOT SQL")

    monkeypatch.setattr("bot.store.db.MIGRATIONS", [*schema.MIGRATIONS, half_then_fail])
    monkeypatch.setattr("bot.store.db.LATEST", LATEST + 1)
    with pytest.raises(StoreError) as info:
        await open_store(path, clock=Clock())
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        assert "half" not in names


async def test_article_is_recorded_once_with_its_outbox_rows(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "n.db", clock=Clock())
    try:
        [src] = await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        art = NewArticle(src.id, "e1", "https://a.example/1", "Title", None, summary="S")
        first = await store.record_article(art, [("console", "", "a"), ("console", "", "b")])
        again = await store.record_article(art, [("console", "", "a")])
        assert first is not None and again is None
        rows = await store.pending_deliveries()
        assert [(r.channel, r.status) for r in rows] == [("a", "pending"), ("b", "pending")]
        assert len({r.idem_key for r in rows}) == 2
        assert all(len(r.idem_key) <= 25 for r in rows)
        assert await store.known_entries(src.id, ["e1", "e2"]) == {"e1": ""}
    finally:
        await store.close()


async def test_articles_recorded_together_keep_order_and_skip_known_ones(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "n.db", clock=Clock())
    try:
        [src] = await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        known = NewArticle(src.id, "e1", None, "Known", None)
        await store.record_article(known, [("console", "", "a")])
        batch = [
            (NewArticle(src.id, "e2", None, "Second", None), [("console", "", "a")]),
            (known, [("console", "", "b")]),
            (NewArticle(src.id, "e3", None, "Third", None), [("console", "", "a")]),
        ]
        ids = await store.record_articles(batch)
        assert ids[1] is None and ids[0] is not None and ids[2] is not None
        assert ids[0] < ids[2]
        got = await store.get_articles([i for i in ids if i is not None])
        assert [got[i].title for i in ids if i is not None] == ["Second", "Third"]
        rows = await store.pending_deliveries()
        assert [r.channel for r in rows] == ["a", "a", "a"]  # nothing queued for the known one
    finally:
        await store.close()


async def test_search_takes_user_text_literally(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "n.db", clock=Clock())
    try:
        [src] = await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        await store.record_article(
            NewArticle(
                src.id,
                "e1",
                None,
                "Council votes on light rail",
                None,
                summary="The vote was close.",
            )
        )
        await store.record_article(NewArticle(src.id, "e2", None, "Glacier study", None))
        hits = await store.search_articles("light RAIL")
        assert [a.entry_id for a in hits] == ["e1"]
        # FTS syntax in user input is not syntax: no error, no surprise.
        assert await store.search_articles('"rail*) (') == hits
        assert await store.search_articles('rail" OR NEAR(') == []  # every word must appear
        assert await store.search_articles("***") == []
    finally:
        await store.close()


async def test_online_backup_is_a_usable_copy(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "n.db", clock=Clock())
    try:
        await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        await store.backup(tmp_path / "copy.db")
    finally:
        await store.close()
    with sqlite3.connect(tmp_path / "copy.db") as db:
        assert db.execute("SELECT name FROM sources").fetchall() == [("s",)]
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST


async def test_admin_edit_is_audited_with_before_and_after(tmp_path: Path) -> None:
    clock = Clock()
    store = await open_store(tmp_path / "n.db", clock=clock)
    try:
        await store.set_setting("posting.max_quotes", 2, actor="discord:42")
        clock.t += 10
        await store.set_setting("posting.max_quotes", 1, actor="slack:U1")
        assert await store.get_setting("posting.max_quotes") == 1
        log = await store.audit()
        assert [(e.actor, e.before, e.after) for e in log] == [
            ("slack:U1", 2, 1),
            ("discord:42", None, 2),
        ]
    finally:
        await store.close()


_KILLED_WRITER = textwrap.dedent(
    """
    import asyncio, os, signal, sys, time
    from bot.store import NewArticle, SourceSpec, open_store

    async def main():
        store = await open_store(sys.argv[1], clock=time.time)
        [src] = await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        for i in range(5):
            await store.record_article(
                NewArticle(src.id, f"e{i}", None, f"Story {i}", None),
                [("console", "", "a"), ("console", "", "b")],
            )
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint

    asyncio.run(main())
    """
)


async def test_outbox_rows_survive_a_kill_before_delivery(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", _KILLED_WRITER, str(path))
    assert await proc.wait() == -9
    store = await open_store(path, clock=Clock())
    try:
        out = io.StringIO()
        report = await Outbox(
            store, {"console": ConsoleAdapter(out)}, clock=Clock()
        ).deliver_pending()
        assert report.sent == 10
        printed = out.getvalue()
        for i in range(5):
            assert printed.count(f"Story {i}\n") == 2
        assert (
            await Outbox(store, {"console": ConsoleAdapter(out)}, clock=Clock()).deliver_pending()
        ).sent == 0
    finally:
        await store.close()
