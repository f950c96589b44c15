"""The SQLite connection: open, migrate, transactions, backup, close.

One writer connection (aiosqlite runs it on its own thread, so the event loop never blocks on
disk). WAL lets readers proceed while it writes. Transactions are explicit (`BEGIN IMMEDIATE`)
and serialised by a lock, so two coroutines never interleave statements in one transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.errors import (
    DatabaseMissing,
    DatabaseTooNew,
    DatabaseTooOld,
    StoreError,
    from_sqlite,
)
from bot.store.preflight import check_database_file
from bot.store.schema import INSTALLATION_SINCE, LATEST, MIGRATIONS

__all__ = ["Database", "new_installation_id"]


def new_installation_id() -> str:
    """128 random bits in hex: this database's identity in every idempotency key it makes."""
    return secrets.token_hex(16)


def _readonly_uri(path: str) -> str | None:
    """SQLite URI opening `path` read-only (escaped: a path may hold `?` or `#`), or None
    when there is no database file there.

    A reader of a WAL database normally creates the `-wal` and `-shm` files beside it. When
    neither exists, no connection has the database open (the last one to close removes them),
    so it is opened `immutable`: read as a plain file, leaving nothing behind. A bot that starts
    meanwhile writes to its own `-wal`, not to the file being read; only a checkpoint during
    the read could tear it, and a view is re-run in a moment. With a `-wal` present (a bot is
    running, or one was killed) the normal read-only open sees its latest commits."""
    p = Path(path)
    if not p.is_file():
        return None
    uri = f"{p.resolve().as_uri()}?mode=ro"
    if not Path(path + "-wal").exists() and not Path(path + "-shm").exists():
        uri += "&immutable=1"
    return uri


log = logging.getLogger(__name__)


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
        """Open (creating the file if there is none) and migrate; or, with `readonly`, open an
        existing database with SQLite's ``mode=ro`` so that nothing can be written: no file or
        folder is created, nothing is migrated, no PRAGMA is set that writes, and any write
        fails. A corrupt, read-only or newer-schema file is refused before SQLite opens it, so
        it is left exactly as it was."""
        if readonly:
            await self._open_readonly()
            return
        if self.path != ":memory:":
            await asyncio.to_thread(check_database_file, self.path, latest=LATEST)
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(self.path, f"cannot create its folder: {e.strerror}") from e
        await self._connect(self.path, self._prepare_writer(migrate=migrate))

    async def _prepare_writer(self, *, migrate: bool) -> None:
        conn = self.conn
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

    async def _open_readonly(self) -> None:
        uri = await asyncio.to_thread(_readonly_uri, self.path)
        if uri is None:
            raise DatabaseMissing(self.path)
        await asyncio.to_thread(check_database_file, self.path, latest=LATEST, write=False)
        self.readonly = True
        await self._connect(uri, self._prepare_reader(), uri=True)

    async def _prepare_reader(self) -> None:
        await self.conn.execute("PRAGMA busy_timeout = 5000")
        version = await self.version()
        if version > LATEST:
            raise DatabaseTooNew(self.path, version, LATEST)
        if version < LATEST:
            raise DatabaseTooOld(self.path, version, LATEST)
        await self._read_installation_id()

    async def _connect(
        self, target: str, prepare: Coroutine[Any, Any, None], *, uri: bool = False
    ) -> None:
        """Connect, then run `prepare` on the open connection; any failure closes it again and
        SQLite's errors become the store's (one line naming the file)."""
        try:
            conn = await aiosqlite.connect(target, uri=uri, isolation_level=None)
        except sqlite3.Error as e:
            prepare.close()
            raise from_sqlite(self.path, e) from e
        conn.row_factory = aiosqlite.Row
        self._conn = conn
        try:
            await prepare
        except sqlite3.Error as e:
            await self.close()
            raise from_sqlite(self.path, e) from e
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
            try:
                await conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise from_sqlite(self.path, e) from e
            try:
                yield conn
                await conn.execute("COMMIT")
            except BaseException as e:
                # A failed write (disk full) may have ended the transaction already; a failed
                # COMMIT leaves it open, and the next BEGIN would fail on it.
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise from_sqlite(self.path, e) from e
                raise

    async def fetchall(self, sql: str, params: Any = ()) -> list[aiosqlite.Row]:
        # One trip to the database thread (a cursor would take three: execute, fetch, close).
        try:
            return list(await self.conn.execute_fetchall(sql, params))
        except sqlite3.Error as e:
            raise from_sqlite(self.path, e) from e

    async def fetchone(self, sql: str, params: Any = ()) -> aiosqlite.Row | None:
        """The first row of a query that selects one row (by key, or with LIMIT 1)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def backup(
        self, target: str | Path, *, overwrite: bool = False, protect: Sequence[Path] = ()
    ) -> None:
        """An online backup (SQLite's backup API): consistent even while the bot writes.

        Never onto the database itself, its -wal/-shm or a `protect`ed file (the config), even
        with `overwrite`; an existing file only with `overwrite`. The copy is written beside the
        target and renamed over it when complete, so a failed backup leaves the target as it
        was and a reader never sees half a copy."""
        tmp = await asyncio.to_thread(self._backup_file, Path(target), overwrite, protect)
        try:
            async with aiosqlite.connect(tmp) as dest, self._lock:
                await self.conn.backup(dest)
            await asyncio.to_thread(os.replace, tmp, target)
        except sqlite3.Error as e:
            raise StoreError(self.path, f"cannot back up to {target}: {e}") from e
        except OSError as e:
            raise StoreError(self.path, f"cannot write {target}: {e.strerror}") from e
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)

    def _backup_file(self, dest_path: Path, overwrite: bool, protect: Sequence[Path]) -> str:
        """Check the backup target and reserve a temporary file beside it (blocking calls,
        run on a thread)."""
        target = str(dest_path)
        guarded = [(Path(self.path), "the database itself")]
        guarded += [(Path(self.path + s), f"the database's {s} file") for s in ("-wal", "-shm")]
        guarded += [(p, f"{p}, which newsbot needs") for p in protect]
        for p, what in guarded:
            if _same_file(dest_path, p):
                raise StoreError(
                    self.path,
                    f"refusing to back up onto {target}: it is {what} — choose another file",
                )
        if dest_path.is_dir():
            raise StoreError(self.path, f"cannot back up to {target}: it is a directory")
        if dest_path.exists() and not overwrite:
            raise StoreError(
                self.path,
                f"{target} already exists — choose another file, or pass --force to replace it",
            )
        try:
            dest_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{dest_path.name}.", dir=dest_path.parent)
            os.close(fd)
        except OSError as e:
            raise StoreError(self.path, f"cannot write {target}: {e.strerror}") from e
        return tmp

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            if not self.readonly:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("PRAGMA optimize")
            try:
                await conn.close()
            except sqlite3.Error as e:  # the last checkpoint failed: the -wal file keeps it
                log.warning("%s: closing the database: %s", self.path, e)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through symlinks and hard links)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): compare where the paths lead
        return a.resolve() == b.resolve()
