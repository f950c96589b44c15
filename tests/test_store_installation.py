"""Idempotency keys unique per installation: the id is made with the database, kept by backup
and restore, given to an older database by its migration; keys name the article, not a row id."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import aiosqlite
import pytest

from bot.store import LATEST, NewArticle, SourceSpec, Store, open_store, schema
from bot.store.pgschema import PG_MIGRATIONS
from tests.pgtarget import BACKENDS, store_target
from tests.support import FakeClock

both = pytest.mark.parametrize("backend", BACKENDS, indirect=True)

CHANNEL = ("discord", "G1", "C1")
WIRE = SourceSpec("Wire", "https://wire.example/feed", "feed")
OLD_KEY = "nb0123456789abcdef0123456"  # made by a v2 newsbot from the article's row id


def ids(*values: str) -> Callable[[], str]:
    """An injected `new_id` that hands out these ids in turn."""
    it = iter(values)
    return lambda: next(it)


_V2_ROWS = [
    "INSERT INTO sources (id, name, url, kind, created_at)"
    " VALUES (1, 'Wire', 'https://wire.example/feed', 'feed', 0)",
    "INSERT INTO articles (id, source_id, entry_id, title, first_seen_at)"
    " VALUES (1, 1, 'e1', 'Old', 0)",
    "INSERT INTO deliveries (article_id, platform, workspace, channel, idem_key, attempts,"
    f" created_at) VALUES (1, 'discord', 'G1', 'C1', '{OLD_KEY}', 1, 0)",
]


async def make_v2_database(path: str) -> None:
    """A database as newsbot left it at schema version 2, with a pending row already tried."""
    if path.startswith("postgresql"):
        import asyncpg

        from bot.store.postgres import PgTx

        conn = await asyncpg.connect(path)
        try:
            async with conn.transaction():
                for migrate in PG_MIGRATIONS[:2]:
                    await migrate(PgTx(conn, path))
                await conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                await conn.execute("INSERT INTO schema_version VALUES (2)")
                for sql in _V2_ROWS:
                    await conn.execute(sql)
                # rows copied with their ids: the identity continues after them
                await conn.execute(
                    "SELECT setval(pg_get_serial_sequence(t, 'id'), 10)"
                    " FROM unnest(ARRAY['sources', 'articles', 'deliveries']) AS t"
                )
        finally:
            await conn.close()
        return
    async with aiosqlite.connect(path, isolation_level=None) as db:
        for migrate in schema.MIGRATIONS[:2]:
            await db.execute("BEGIN")
            await migrate(db)
            await db.execute("COMMIT")
        await db.execute("PRAGMA user_version = 2")
        for sql in _V2_ROWS:
            await db.execute(sql)


async def add(store: Store, entry: str) -> str:
    """Record entry `entry` of the "Wire" feed for CHANNEL; its outbox row's key."""
    known = [s for s in await store.list_sources() if s.name == "Wire"]
    src = known[0] if known else await store.add_source(WIRE)
    aid = await store.record_article(NewArticle(src.id, entry, None, entry, None), [CHANNEL])
    assert aid is not None
    (row,) = await store.deliveries_for_article(aid)
    return row.idem_key


async def key_of(store: Store, delivery_id: int) -> str:
    row = await store.get_delivery(delivery_id)
    assert row is not None
    return row.idem_key


@both
async def test_migration_gives_an_old_database_an_id_and_keeps_its_keys(db_target: str) -> None:
    path = db_target
    await make_v2_database(path)
    store = await open_store(path, clock=FakeClock(), new_id=ids("a" * 32, "b" * 32))
    try:
        assert await store.version() == LATEST
        assert store.installation_id == "a" * 32
        (row,) = await store.deliveries_for_article(1)
        # Tried before the upgrade: its crash-window lookup needs the key it was sent with.
        assert (row.idem_key, row.status, row.attempts) == (OLD_KEY, "pending", 1)
        new = await add(store, "e2")
        assert new != OLD_KEY and len(new) <= 25
    finally:
        await store.close()
    again = await open_store(path, clock=FakeClock(), new_id=ids("c" * 32))
    try:
        assert again.installation_id == "a" * 32  # made once, never replaced
    finally:
        await again.close()


async def test_backup_keeps_the_installation_id(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "bot.db", clock=FakeClock())
    try:
        assert len(store.installation_id) == 32 and int(store.installation_id, 16) >= 0
        await store.backup(tmp_path / "backup.db")
    finally:
        await store.close()
    restored = await open_store(tmp_path / "backup.db", clock=FakeClock(), new_id=ids("f" * 32))
    try:
        assert restored.installation_id == store.installation_id
    finally:
        await restored.close()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_two_installations_make_different_keys_for_the_same_article(
    tmp_path: Path, backend: str
) -> None:
    keys = []
    for name in ("prod.db", "staging.db"):
        with store_target(backend, tmp_path, name) as target:
            store = await open_store(target, clock=FakeClock())
            try:
                keys.append(await add(store, "e1"))
            finally:
                await store.close()
    assert keys[0] != keys[1]


async def test_after_a_restore_keys_follow_the_article_not_the_reused_row_id(
    tmp_path: Path,
) -> None:
    db, backup = tmp_path / "bot.db", tmp_path / "backup.db"
    store = await open_store(db, clock=FakeClock())
    first = await add(store, "e1")
    await store.backup(backup)
    posted_later = await add(store, "e2")  # row id 2, posted, then lost to the restore
    await store.close()
    shutil.copyfile(backup, db)  # the operator restores the backup

    store = await open_store(db, clock=FakeClock())
    try:
        other = await add(store, "e7")  # a different article now gets row id 2
        same = await add(store, "e2")  # and e2 comes back from the feed
        assert other not in (first, posted_later)
        assert same == posted_later  # its earlier post is found, not doubled
    finally:
        await store.close()


async def test_a_digest_key_follows_its_first_article_not_its_row_id(tmp_path: Path) -> None:
    db, backup = tmp_path / "bot.db", tmp_path / "backup.db"
    store = await open_store(db, clock=FakeClock())
    await store.add_source(WIRE)
    await store.backup(backup)
    await add(store, "e1")
    digest = await store.create_digest(CHANNEL, [1], "{}")
    assert digest is not None
    before = await key_of(store, digest)
    await store.close()
    shutil.copyfile(backup, db)

    store = await open_store(db, clock=FakeClock())
    try:
        await add(store, "e9")  # row id 1 again, another article
        digest = await store.create_digest(CHANNEL, [1], "{}")
        assert digest is not None
        assert await key_of(store, digest) != before
    finally:
        await store.close()


async def test_a_copy_made_a_second_installation_gets_a_new_id_at_migrate(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "prod.db", clock=FakeClock(), new_id=ids("a" * 32))
    await store.backup(tmp_path / "staging.db")
    await store.close()
    async with aiosqlite.connect(tmp_path / "staging.db") as db:  # docs/dev.md, issue 18
        await db.execute("DELETE FROM meta WHERE key = 'installation_id'")
        await db.commit()
    staging = await open_store(tmp_path / "staging.db", clock=FakeClock(), migrate=False)
    try:
        assert await staging.migrate() == []
        assert staging.installation_id == await _meta(tmp_path / "staging.db") != "a" * 32
    finally:
        await staging.close()


async def _meta(path: Path) -> str:
    async with aiosqlite.connect(path) as db:
        rows = list(
            await db.execute_fetchall("SELECT value FROM meta WHERE key = 'installation_id'")
        )
    row = rows[0] if rows else None
    assert row is not None
    return str(row[0])
