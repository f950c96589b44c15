"""The database behind the store: open, migrate, transactions, close, on either engine.

`Database` is what every mixin of `bot.store.Store` builds on. It owns one engine: SQLite
through aiosqlite (a file path: the default) or PostgreSQL through asyncpg (a
``postgresql://`` URL), see `bot.store.engine`. Migrations are numbered for both
(`bot.store.schema` and `bot.store.pgschema`, lists of the same length) and applied here, one
transaction per step.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from bot.store.engine import Dialect, Engine, Row, Tx, is_postgres_url
from bot.store.errors import DatabaseTooNew, DatabaseTooOld, StoreError
from bot.store.pgschema import PG_LATEST, PG_MIGRATIONS
from bot.store.schema import INSTALLATION_SINCE, LATEST, MIGRATIONS
from bot.store.sqlite import SqliteEngine

__all__ = ["Database", "new_installation_id"]


def new_installation_id() -> str:
    """128 random bits in hex: this database's identity in every idempotency key it makes."""
    return secrets.token_hex(16)


class Database:
    """Owns the engine. Domain queries live in the mixins of `bot.store.Store`.

    `target` is a SQLite file path, or a ``postgresql://`` URL (`password`, when given,
    is used for it instead of one in the URL)."""

    def __init__(
        self,
        target: str | Path,
        *,
        clock: Callable[[], float],
        new_id: Callable[[], str] = new_installation_id,
        password: str | None = None,
    ) -> None:
        self.engine: Engine
        if is_postgres_url(target):
            from bot.store.postgres import PgEngine  # asyncpg only when PostgreSQL is used

            self.engine = PgEngine(str(target), password=password)
        else:
            self.engine = SqliteEngine(str(target))
        self.path = self.engine.name
        self.dialect: Dialect = self.engine.dialect
        self.clock = clock
        self.new_id = new_id  # randomness, injected: tests make installations with known ids
        self._installation_id: str | None = None

    @property
    def readonly(self) -> bool:
        return self.engine.readonly

    async def _one_config_sync(self, db: Any) -> None:
        """In a transaction writing config.toml into the database: wait for any other process
        doing the same (PostgreSQL; until its transaction ends). Processes starting together
        otherwise planned the same inserts from the same reads (a unique violation) and
        rewrote the same rows in different orders (a deadlock). SQLite's writer transaction
        already serialises them."""
        if self.dialect == "postgresql":
            await db.execute(
                "SELECT pg_advisory_xact_lock(hashtext('newsbot:config:' || current_schema()))"
            )

    def _migrations(self) -> tuple[Sequence[Callable[[Any], Awaitable[None]]], int]:
        if self.dialect == "postgresql":
            return PG_MIGRATIONS, PG_LATEST
        return MIGRATIONS, LATEST

    async def open(self, *, migrate: bool = True, readonly: bool = False) -> None:
        """Open and migrate; or, with `readonly`, open an existing database so that nothing
        can be written: nothing is created, nothing is migrated, and any write fails. A
        database written by a newer newsbot is refused before anything is written to it."""
        _, latest = self._migrations()
        await self.engine.connect(readonly=readonly, latest=latest)
        try:
            version = await self.version()
            if version > latest:
                raise DatabaseTooNew(self.path, version, latest)
            if readonly and version < latest:
                raise DatabaseTooOld(self.path, version, latest)
            if migrate and not readonly:
                await self.migrate()
            else:
                await self._read_installation_id()
        except BaseException:
            await self.close()
            raise

    async def version(self) -> int:
        return await self.engine.version()

    async def migrate(self) -> list[int]:
        """Apply each pending migration in its own transaction; return the versions reached.
        The version is read again inside each transaction (another process may have migrated
        meanwhile, on PostgreSQL) and bumped in it, so a crash leaves N or N+1."""
        migrations, latest = self._migrations()
        applied: list[int] = []
        while True:
            async with self.transaction() as db:
                version = await self.engine.locked_version(db)
                if version > latest:
                    raise DatabaseTooNew(self.path, version, latest)
                if version >= latest:
                    break
                await migrations[version](db)
                await self.engine.set_version(db, version + 1)
            applied.append(version + 1)
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

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """`async with self.transaction() as db:` one transaction, `await db.execute(sql,
        params)` and `await db.executemany(...)` inside; committed when the block ends,
        rolled back if it raises."""
        return self.engine.transaction()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of one query, outside any transaction (one round trip)."""
        return await self.engine.fetchall(sql, params)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query that selects one row (by key, or with LIMIT 1)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def execute_one(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One write, atomic on its own, without BEGIN/COMMIT trips; the rows it changed."""
        return await self.engine.execute_one(sql, params)

    async def backup(
        self, target: str | Path, *, overwrite: bool = False, protect: Sequence[Path] = ()
    ) -> None:
        """An online backup of a SQLite database to a file (see `SqliteEngine.backup`)."""
        if not isinstance(self.engine, SqliteEngine):
            raise StoreError(
                self.path,
                "`newsbot db backup` copies a SQLite file; back up PostgreSQL with its own "
                "tools (pg_dump)",
            )
        await self.engine.backup(target, overwrite=overwrite, protect=protect)

    async def close(self) -> None:
        await self.engine.close()
