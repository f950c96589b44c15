"""The PostgreSQL engine: a small asyncpg pool.

asyncpg is asynchronous all the way down, so nothing here blocks the event loop. Queries outside
a transaction take any pooled connection for one round trip; a transaction holds one
connection from BEGIN to COMMIT. The store's `?` placeholders become `$n` (`to_dollar`), and
asyncpg keeps each connection's prepared statements, so a statement is parsed once per
connection. Several processes may share the database: migrations take an advisory lock, so
two processes starting at once migrate it once.

The schema version lives in the table `schema_version` (one row): PostgreSQL has no
`PRAGMA user_version`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.store.engine import Dialect, Result, Row, returns_rows, to_dollar
from bot.store.errors import (
    DatabaseFull,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseUnavailable,
    StoreError,
)

__all__ = ["PgEngine", "PgTx", "from_postgres", "redact_url"]

log = logging.getLogger(__name__)

#: Connections per process: the run loop makes few concurrent queries (one writer at a time
#: in practice, plus views and the delivery workers); more processes share the server's limit.
POOL_SIZE = 4
CONNECT_TIMEOUT = 10.0
#: Prepared statements kept per connection (asyncpg's default, 100, is fewer than the store's
#: statement texts; a statement not in the cache costs one more round trip to prepare).
STATEMENT_CACHE = 512
_URL_HINT = "check [database] url in the config, and that the server is running"


def redact_url(url: str) -> str:
    """The URL with any password replaced by `***` (what errors and logs show)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://(unparsable url)"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username or ''}:***@{host}"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def from_postgres(name: str, error: BaseException) -> StoreError:
    """The store error for a failure talking to PostgreSQL: one line naming the database."""
    if isinstance(error, StoreError):
        return error
    if isinstance(
        error,
        asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError,
    ):
        return DatabaseUnavailable(
            name,
            f"PostgreSQL refused the login ({error})",
            hint="check the user in [database] url and the password in the environment "
            "variable named by [database] password_env",
        )
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return DatabaseUnavailable(
            name, f"no such database ({error})", hint="create it (createdb), or fix [database] url"
        )
    if isinstance(error, asyncpg.DiskFullError | asyncpg.OutOfMemoryError):
        return DatabaseFull(name, f"cannot write the database ({error})")
    if isinstance(error, asyncpg.ReadOnlySQLTransactionError):
        return DatabaseReadOnly(name, f"the database is read-only ({error})")
    if isinstance(error, asyncpg.InsufficientPrivilegeError):
        return DatabaseReadOnly(name, f"permission denied ({error})")
    if isinstance(error, asyncpg.PostgresError):
        return StoreError(name, f"database error: {error}")
    if isinstance(error, asyncpg.InterfaceError | asyncpg.InternalClientError):
        return DatabaseUnavailable(
            name, f"lost the connection to PostgreSQL ({error})", hint=_URL_HINT
        )
    if isinstance(error, TimeoutError):
        return DatabaseUnavailable(name, "PostgreSQL did not answer in time", hint=_URL_HINT)
    if isinstance(error, OSError):
        why = error.strerror or str(error) or type(error).__name__
        return DatabaseUnavailable(name, f"cannot connect to PostgreSQL ({why})", hint=_URL_HINT)
    return StoreError(name, f"database error: {error}")


_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)


def _rowcount(status: str) -> int:
    """Rows changed, from a command tag such as ``UPDATE 3`` or ``INSERT 0 1``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


async def _keep_session(conn: Any) -> None:
    """What the pool does to a connection given back, besides rolling back a transaction left
    open (asyncpg always does that): nothing. asyncpg's default runs a reset query (RESET ALL,
    UNLISTEN, advisory unlock) on every release, a second round trip for every query made
    outside a transaction. The store sets no session state to undo: no SET, no LISTEN, and
    only transaction-scoped advisory locks."""


class PgTx:
    """The open transaction on one pooled connection."""

    def __init__(self, conn: asyncpg.Connection[Any], name: str) -> None:
        self.conn = conn
        self.name = name

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        try:
            if returns_rows(sql):
                rows = await self.conn.fetch(to_dollar(sql), *params)
                return Result(rows, len(rows))
            if not params:  # a script (migrations): the simple protocol runs several statements
                return Result((), _rowcount(await self.conn.execute(sql)))
            return Result((), _rowcount(await self.conn.execute(to_dollar(sql), *params)))
        except _ERRORS as e:
            raise from_postgres(self.name, e) from e

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> Result:
        """All rows in one pipelined round trip; asyncpg does not report rows changed, so
        `rowcount` is -1 (no caller of executemany reads it)."""
        args = [tuple(p) for p in params]
        if not args:
            return Result((), 0)
        try:
            await self.conn.executemany(to_dollar(sql), args)
        except _ERRORS as e:
            raise from_postgres(self.name, e) from e
        return Result((), -1)


class PgEngine:
    dialect: Dialect = "postgresql"

    def __init__(
        self, url: str, *, password: str | None = None, pool_size: int = POOL_SIZE
    ) -> None:
        self.url = url
        self.name = redact_url(url)
        self.readonly = False
        self._password = password
        self._pool_size = pool_size
        self._pool: asyncpg.Pool[Any] | None = None

    @property
    def pool(self) -> asyncpg.Pool[Any]:
        if self._pool is None:
            raise StoreError(self.name, "the database is not open")
        return self._pool

    async def connect(self, *, readonly: bool, latest: int) -> None:
        """Open the pool. `readonly`: every transaction is READ ONLY (PostgreSQL refuses any
        write), and a database never migrated is reported, not created."""
        # jit off: the store's statements are short lookups, where compiling costs more than
        # it saves (PostgreSQL may decide to JIT a scan of a big table on a rough estimate).
        settings = {"application_name": "newsbot", "jit": "off"}
        if readonly:
            settings["default_transaction_read_only"] = "on"
        try:
            self._pool = await asyncpg.create_pool(
                self.url,
                password=self._password,
                min_size=1,
                max_size=self._pool_size,
                timeout=CONNECT_TIMEOUT,
                statement_cache_size=STATEMENT_CACHE,
                reset=_keep_session,
                server_settings=settings,
            )
        except (*_ERRORS, ValueError) as e:
            if isinstance(e, ValueError):  # asyncpg's DSN parser
                raise StoreError(self.name, f"not a usable PostgreSQL url ({e})") from e
            raise from_postgres(self.name, e) from e
        self.readonly = readonly
        if readonly and not await self._has_version_table():
            await self.close()
            raise DatabaseMissing(self.name)

    async def _has_version_table(self) -> bool:
        rows = await self.fetchall("SELECT to_regclass('schema_version') IS NOT NULL")
        return bool(rows[0][0])

    async def version(self) -> int:
        if not await self._has_version_table():
            return 0
        rows = await self.fetchall("SELECT version FROM schema_version")
        return int(rows[0][0]) if rows else 0

    async def locked_version(self, tx: Any) -> int:
        # One migrating process per schema at a time (the lock ends with the transaction);
        # the version is read after it is held, so a second process sees the first's work.
        await tx.execute("SELECT pg_advisory_xact_lock(hashtext('newsbot:' || current_schema()))")
        await tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = await (await tx.execute("SELECT version FROM schema_version")).fetchone()
        if row is None:
            await tx.execute("INSERT INTO schema_version (version) VALUES (0)")
            return 0
        return int(row[0])

    async def set_version(self, tx: Any, version: int) -> None:
        await tx.execute("UPDATE schema_version SET version = ?", (version,))

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgTx]:
        pool = self.pool
        try:
            conn = await pool.acquire()
        except _ERRORS as e:
            raise from_postgres(self.name, e) from e
        try:
            tr = conn.transaction()
            try:
                await tr.start()
            except _ERRORS as e:
                raise from_postgres(self.name, e) from e
            try:
                yield PgTx(conn, self.name)
            except BaseException:
                with contextlib.suppress(*_ERRORS):
                    await tr.rollback()
                raise
            try:
                await tr.commit()
            except _ERRORS as e:
                raise from_postgres(self.name, e) from e
        finally:
            await pool.release(conn)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return list(await self.pool.fetch(to_dollar(sql), *params))
        except _ERRORS as e:
            raise from_postgres(self.name, e) from e

    async def execute_one(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return _rowcount(await self.pool.execute(to_dollar(sql), *params))
        except _ERRORS as e:
            raise from_postgres(self.name, e) from e

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await pool.close()
            except _ERRORS as e:
                log.warning("%s: closing the pool: %s", self.name, e)
                pool.terminate()
