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
    Store,
    StoreError,
    open_store,
    schema,
)
from bot.store.engine import to_dollar
from bot.store.errors import (
    DatabaseCorrupt,
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnavailable,
    from_sqlite,
)
from bot.store.pgschema import PG_LATEST, PG_MIGRATIONS
from tests.pgtarget import BACKENDS, PG_URL, admin_sql, pg_schema

both = pytest.mark.parametrize("backend", BACKENDS, indirect=True)


async def table_names(store: Store) -> set[str]:
    if store.dialect == "postgresql":
        sql = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    else:
        sql = "SELECT name FROM sqlite_master"
    return {r[0] for r in await store.fetchall(sql)}


async def column_names(store: Store, table: str) -> list[str]:
    if store.dialect == "postgresql":
        rows = await store.fetchall(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        )
        return [r[0] for r in rows]
    return [r[1] for r in await store.fetchall(f"PRAGMA table_info({table})")]


def patch_migrations(monkeypatch: pytest.MonkeyPatch, extra: object) -> None:
    """One more migration (`extra`) on both engines' lists, as the next version would add."""
    monkeypatch.setattr("bot.store.db.MIGRATIONS", [*schema.MIGRATIONS, extra])
    monkeypatch.setattr("bot.store.db.LATEST", LATEST + 1)
    monkeypatch.setattr("bot.store.db.PG_MIGRATIONS", [*PG_MIGRATIONS, extra])
    monkeypatch.setattr("bot.store.db.PG_LATEST", PG_LATEST + 1)


def test_both_engines_have_the_same_migrations() -> None:
    assert len(PG_MIGRATIONS) == len(schema.MIGRATIONS) == LATEST == PG_LATEST


def test_placeholders_become_numbered_outside_literals_and_comments() -> None:
    sql = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y IN (?, ?) -- why?\nAND z = ?"
    assert to_dollar(sql) == (
        "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y IN ($2, $3) -- why?\nAND z = $4"
    )


class Clock:
    def __init__(self, t: float = 1_800_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@both
async def test_fresh_database_is_migrated_in_wal_mode(db_target: str) -> None:
    store = await open_store(db_target, clock=Clock())
    try:
        assert await store.version() == LATEST
        if store.dialect == "sqlite":
            row = await store.fetchone("PRAGMA journal_mode")
            assert row is not None and row[0] == "wal"
        tables = await table_names(store)
        if store.dialect == "postgresql":  # search has an index, not a table
            tables.add("articles_fts")
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


async def test_newer_postgresql_database_is_refused_and_left_untouched() -> None:
    with pg_schema() as url:
        name = url.rsplit("=", 1)[1]
        admin_sql(
            f"CREATE TABLE {name}.keep (x int); CREATE TABLE {name}.schema_version"
            f" (version int); INSERT INTO {name}.schema_version VALUES ({LATEST + 5})"
        )
        for readonly in (False, True):
            with pytest.raises(DatabaseTooNew) as info:
                await open_store(url, clock=Clock(), readonly=readonly)
            assert f"version {LATEST + 5}" in str(info.value)
            assert "newer newsbot" in str(info.value) and "test" in str(info.value)
        store = await open_store(PG_URL, clock=Clock(), migrate=False)
        try:
            rows = await store.fetchall(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                " ORDER BY 1",
                (name,),
            )
            assert [r[0] for r in rows] == ["keep", "schema_version"]
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


def test_postgresql_errors_become_the_store_errors_that_say_what_to_do() -> None:
    import asyncpg

    from bot.store.postgres import from_postgres, redact_url

    url = redact_url("postgresql://bot:s3cret@db.example:5432/news")
    assert url == "postgresql://bot:***@db.example:5432/news"
    cases = {
        ConnectionRefusedError(111, "Connection refused"): ("Connection refused", "[database] url"),
        asyncpg.InvalidPasswordError('password authentication failed for user "bot"'): (
            "refused the login",
            "password_env",
        ),
        asyncpg.InvalidCatalogNameError('database "news" does not exist'): ("createdb", "url"),
        asyncpg.DiskFullError("could not extend file"): ("free some space", "cannot write"),
    }
    for error, words in cases.items():
        e = from_postgres(url, error)
        text = str(e)
        assert text.startswith(url + ": ") and " — " in text and "\n" not in text, text
        assert all(w in text for w in words), text
        assert "s3cret" not in text


async def test_an_unreachable_or_refusing_server_is_one_line_naming_it() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseUnavailable) as info:
        await open_store(f"postgresql://bot:s3cret@127.0.0.1:{port}/news", clock=Clock())
    text = str(info.value)
    assert f"postgresql://bot:***@127.0.0.1:{port}/news: cannot connect to PostgreSQL" in text
    assert "s3cret" not in text
    with pg_schema():  # a server is there: a user it does not know is refused at login
        pass
    base = PG_URL.split("://", 1)[1].split("@", 1)[-1]
    with pytest.raises(DatabaseUnavailable) as info:
        await open_store(f"postgresql://nosuchuser_{port}@{base}", clock=Clock())
    assert "refused the login" in str(info.value)


@both
async def test_upgrade_applies_each_migration_in_order(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await open_store(db_target, clock=Clock())
    await store.close()

    async def add_column(db: aiosqlite.Connection) -> None:
        await db.execute("ALTER TABLE sources ADD COLUMN note TEXT")

    patch_migrations(monkeypatch, add_column)
    store = await open_store(db_target, clock=Clock())
    try:
        assert await store.version() == LATEST + 1
        assert "note" in await column_names(store, "sources")
        assert await store.migrate() == []
    finally:
        await store.close()


@both
async def test_failed_migration_rolls_back_whole(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await open_store(db_target, clock=Clock())
    await store.close()

    async def half_then_fail(db: aiosqlite.Connection) -> None:
        await db.execute("CREATE TABLE half (x INTEGER)")
        await db.execute("THIS IS NOT SQL")

    patch_migrations(monkeypatch, half_then_fail)
    with pytest.raises(StoreError) as info:
        await open_store(db_target, clock=Clock())
    if db_target.startswith("postgresql"):
        import asyncpg

        assert isinstance(info.value.__cause__, asyncpg.PostgresSyntaxError)
    else:
        assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    monkeypatch.undo()
    store = await open_store(db_target, clock=Clock(), migrate=False)
    try:
        assert await store.version() == LATEST
        assert "half" not in await table_names(store)
    finally:
        await store.close()


@both
async def test_article_is_recorded_once_with_its_outbox_rows(db_target: str) -> None:
    store = await open_store(db_target, clock=Clock())
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


@both
async def test_articles_recorded_together_keep_order_and_skip_known_ones(db_target: str) -> None:
    store = await open_store(db_target, clock=Clock())
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
        # An entry given twice in one batch is recorded once, with the first one's channels;
        # the outbox rows follow the order given.
        twice = NewArticle(src.id, "e4", None, "Fourth", None)
        late = NewArticle(src.id, "e5", None, "Fifth", None)
        ids = await store.record_articles(
            [
                (twice, [("console", "", "c"), ("console", "", "d")]),
                (twice, [("console", "", "x")]),
                (late, [("console", "", "c")]),
            ]
        )
        assert ids[0] is not None and ids[1] is None and ids[2] is not None and ids[0] < ids[2]
        rows = await store.pending_deliveries()
        assert [(r.article_id, r.channel) for r in rows[3:]] == [
            (ids[0], "c"),
            (ids[0], "d"),
            (ids[2], "c"),
        ]
    finally:
        await store.close()


@both
async def test_search_takes_user_text_literally(db_target: str) -> None:
    store = await open_store(db_target, clock=Clock())
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


async def test_backup_of_postgresql_says_to_use_pg_dump(tmp_path: Path) -> None:
    with pg_schema() as url:
        store = await open_store(url, clock=Clock())
        try:
            with pytest.raises(StoreError, match="pg_dump"):
                await store.backup(tmp_path / "copy.db")
        finally:
            await store.close()
    assert not (tmp_path / "copy.db").exists()


@both
async def test_admin_edit_is_audited_with_before_and_after(db_target: str) -> None:
    clock = Clock()
    store = await open_store(db_target, clock=clock)
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


@both
async def test_outbox_rows_survive_a_kill_before_delivery(db_target: str) -> None:
    path = db_target
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
