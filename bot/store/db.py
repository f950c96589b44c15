"""The SQLite connection: open, migrate, transactions, backup, close.

One writer connection (aiosqlite runs it on its own thread, so the event loop never blocks on
disk). WAL lets readers proceed while it writes. Transactions are explicit (`BEGIN IMMEDIATE`)
and serialised by a lock, so two coroutines never interleave statements in one transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.errors import DatabaseMissing, DatabaseTooNew, DatabaseTooOld, StoreError
from bot.store.schema import INSTALLATION_SINCE, LATEST, MIGRATIONS

__all__ = ["Database", "new_installation_id"]


def new_installation_id() -> str:
    """128 random bits in hex: this database's identity in every idempotency key it makes."""
    return secrets.token_hex(16)


def _readonly_uri(path: str) -> str | None:
    """SQLite URI opening `path` read-only (escaped: a path may hold `?` or `#`), or None
    when there is no database file there."""
    p = Path(path)
    if not p.is_file():
        return None
    return f"{p.resolve().as_uri()}?mode=ro"


class Database:
    """Owns the one connection. Domain queries live in the mixins of `bot.store.store`."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Callable[[], float],
        new_id: Callable[[], str] = new_installation_id,
    ) -> None:
        self.path = str(path)
        self.clock = clock
        self.new_id = new_id  # randomness, injected: tests make installations with known ids
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._installation_id: str | None = None
        self.readonly = False

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StoreError(self.path, "the database is not open")
        return self._conn

    async def open(self, *, migrate: bool = True, readonly: bool = False) -> None:
        """Open (creating the file) and migrate; or, with `readonly`, open an existing
        database with SQLite's ``mode=ro`` so that nothing can be written: no file or folder
        is created, nothing is migrated, no PRAGMA is set that writes, and any write fails."""
        if readonly:
            await self._open_readonly()
            return
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = await aiosqlite.connect(self.path, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(self.path, f"cannot open the database: {e}") from e
        conn.row_factory = aiosqlite.Row
        self._conn = conn
        try:
            await conn.execute("PRAGMA busy_timeout = 5000")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            version = await self.version()
            if version > LATEST:
                raise DatabaseTooNew(self.path, version, LATEST)
            if migrate:
                await self.migrate()
            else:
                await self._read_installation_id()
        except BaseException:
            await self.close()
            raise

    async def _open_readonly(self) -> None:
        uri = await asyncio.to_thread(_readonly_uri, self.path)
        if uri is None:
            raise DatabaseMissing(self.path)
        try:
            conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(self.path, f"cannot open the database: {e}") from e
        conn.row_factory = aiosqlite.Row
        self._conn = conn
        self.readonly = True
        try:
            await conn.execute("PRAGMA busy_timeout = 5000")
            version = await self.version()
            if version > LATEST:
                raise DatabaseTooNew(self.path, version, LATEST)
            if version < LATEST:
                raise DatabaseTooOld(self.path, version, LATEST)
            await self._read_installation_id()
        except sqlite3.Error as e:
            await self.close()
            raise StoreError(self.path, f"cannot read the database: {e}") from e
        except BaseException:
            await self.close()
            raise

    async def version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> list[int]:
        """Apply each pending migration in its own transaction; return the versions reached."""
        applied = []
        version = await self.version()
        if version > LATEST:
            raise DatabaseTooNew(self.path, version, LATEST)
        for n in range(version, LATEST):
            async with self.transaction() as db:
                await MIGRATIONS[n](db)
                await db.execute(f"PRAGMA user_version = {n + 1}")
            applied.append(n + 1)
        await self._ensure_installation_id()
        return applied

    @property
    def installation_id(self) -> str:
        """The random id made with this database (see `bot.store.schema._v2_to_v3`)."""
        if self._installation_id is None:
            raise StoreError(
                self.path, "the database has no installation id yet; run `newsbot db migrate`"
            )
        return self._installation_id

    async def _read_installation_id(self) -> None:
        if await self.version() < INSTALLATION_SINCE:
            return
        row = await self.fetchone("SELECT value FROM meta WHERE key = 'installation_id'")
        self._installation_id = None if row is None else str(row[0])

    async def _ensure_installation_id(self) -> None:
        """Give the database its installation id if it has none: when it is created, and when
        an older one is migrated. Never replaced afterwards (a backup keeps it too)."""
        await self._read_installation_id()
        if self._installation_id is not None or await self.version() < INSTALLATION_SINCE:
            return
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES ('installation_id', ?)"
                " ON CONFLICT (key) DO NOTHING",
                (self.new_id(),),
            )
        await self._read_installation_id()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    async def fetchall(self, sql: str, params: Any = ()) -> list[aiosqlite.Row]:
        # One trip to the database thread (a cursor would take three: execute, fetch, close).
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Any = ()) -> aiosqlite.Row | None:
        """The first row of a query that selects one row (by key, or with LIMIT 1)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def backup(self, target: str | Path) -> None:
        """An online backup (SQLite's backup API): consistent even while the bot writes."""
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(str(target)) as dest, self._lock:
            await self.conn.backup(dest)

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            if not self.readonly:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("PRAGMA optimize")
            await conn.close()
