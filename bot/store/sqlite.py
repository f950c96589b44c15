"""The SQLite engine: one writer connection through aiosqlite.

aiosqlite runs the connection on its own thread, so the event loop never blocks on disk. WAL
lets readers proceed while it writes. Transactions are explicit (`BEGIN IMMEDIATE`) and
serialised by a lock, so two coroutines never interleave statements in one transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Iterable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.engine import Dialect, Result, Row, returns_rows
from bot.store.errors import DatabaseMissing, StoreError, from_sqlite
from bot.store.preflight import check_database_file

__all__ = ["SqliteEngine", "SqliteTx"]

log = logging.getLogger(__name__)


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


class SqliteTx:
    """The open transaction: each statement is one trip to the database thread."""

    def __init__(self, conn: aiosqlite.Connection, name: str) -> None:
        self.conn = conn
        self.name = name

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        try:
            if returns_rows(sql):
                rows = list(await self.conn.execute_fetchall(sql, params))
                return Result(rows, len(rows))
            cur = await self.conn.execute(sql, params)
            return Result((), cur.rowcount)
        except sqlite3.Error as e:
            raise from_sqlite(self.name, e) from e

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> Result:
        try:
            cur = await self.conn.executemany(sql, params)
        except sqlite3.Error as e:
            raise from_sqlite(self.name, e) from e
        return Result((), cur.rowcount)


class SqliteEngine:
    dialect: Dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.name = path
        self.readonly = False
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StoreError(self.name, "the database is not open")
        return self._conn

    async def connect(self, *, readonly: bool, latest: int) -> None:
        """Open (creating the file if there is none); or, with `readonly`, open an existing
        database with SQLite's ``mode=ro`` so that nothing can be written: no file or folder
        is created, no PRAGMA is set that writes, and any write fails. A corrupt, read-only or
        newer-schema file is refused before SQLite opens it, so it is left exactly as it was."""
        path = self.name
        if readonly:
            uri = await asyncio.to_thread(_readonly_uri, path)
            if uri is None:
                raise DatabaseMissing(path)
            await asyncio.to_thread(check_database_file, path, latest=latest, write=False)
            self.readonly = True
            await self._connect(uri, ["PRAGMA busy_timeout = 5000"], uri=True)
            return
        if path != ":memory:":
            await asyncio.to_thread(check_database_file, path, latest=latest)
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(path, f"cannot create its folder: {e.strerror}") from e
        await self._connect(
            path,
            [
                "PRAGMA busy_timeout = 5000",
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = ON",
            ],
        )

    async def _connect(self, target: str, pragmas: list[str], *, uri: bool = False) -> None:
        """Connect and set `pragmas`; any failure closes the connection again and SQLite's
        errors become the store's (one line naming the file)."""
        try:
            conn = await aiosqlite.connect(target, uri=uri, isolation_level=None)
        except sqlite3.Error as e:
            raise from_sqlite(self.name, e) from e
        conn.row_factory = aiosqlite.Row
        self._conn = conn
        try:
            for pragma in pragmas:
                await conn.execute(pragma)
        except sqlite3.Error as e:
            await self.close()
            raise from_sqlite(self.name, e) from e
        except BaseException:
            await self.close()
            raise

    async def version(self) -> int:
        rows = await self.fetchall("PRAGMA user_version")
        return int(rows[0][0]) if rows else 0

    async def locked_version(self, tx: Any) -> int:
        # BEGIN IMMEDIATE already holds the database's write lock.
        row = await (await tx.execute("PRAGMA user_version")).fetchone()
        return int(row[0]) if row else 0

    async def set_version(self, tx: Any, version: int) -> None:
        await tx.execute(f"PRAGMA user_version = {int(version)}")

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteTx]:
        async with self._lock:
            conn = self.conn
            try:
                await conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise from_sqlite(self.name, e) from e
            try:
                yield SqliteTx(conn, self.name)
                await conn.execute("COMMIT")
            except BaseException as e:
                # A failed write (disk full) may have ended the transaction already; a failed
                # COMMIT leaves it open, and the next BEGIN would fail on it.
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise from_sqlite(self.name, e) from e
                raise

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        # One trip to the database thread (a cursor would take three: execute, fetch, close).
        try:
            return list(await self.conn.execute_fetchall(sql, params))
        except sqlite3.Error as e:
            raise from_sqlite(self.name, e) from e

    async def execute_one(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement, atomic on its own (autocommit), under the writer lock so it never
        lands inside another coroutine's open transaction: one trip instead of three."""
        async with self._lock:
            try:
                cur = await self.conn.execute(sql, params)
            except sqlite3.Error as e:
                raise from_sqlite(self.name, e) from e
            return cur.rowcount

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
            raise StoreError(self.name, f"cannot back up to {target}: {e}") from e
        except OSError as e:
            raise StoreError(self.name, f"cannot write {target}: {e.strerror}") from e
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)

    def _backup_file(self, dest_path: Path, overwrite: bool, protect: Sequence[Path]) -> str:
        """Check the backup target and reserve a temporary file beside it (blocking calls,
        run on a thread)."""
        target = str(dest_path)
        guarded = [(Path(self.name), "the database itself")]
        guarded += [(Path(self.name + s), f"the database's {s} file") for s in ("-wal", "-shm")]
        guarded += [(p, f"{p}, which newsbot needs") for p in protect]
        for p, what in guarded:
            if _same_file(dest_path, p):
                raise StoreError(
                    self.name,
                    f"refusing to back up onto {target}: it is {what} — choose another file",
                )
        if dest_path.is_dir():
            raise StoreError(self.name, f"cannot back up to {target}: it is a directory")
        if dest_path.exists() and not overwrite:
            raise StoreError(
                self.name,
                f"{target} already exists — choose another file, or pass --force to replace it",
            )
        try:
            dest_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{dest_path.name}.", dir=dest_path.parent)
            os.close(fd)
        except OSError as e:
            raise StoreError(self.name, f"cannot write {target}: {e.strerror}") from e
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
                log.warning("%s: closing the database: %s", self.name, e)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through symlinks and hard links)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): compare where the paths lead
        return a.resolve() == b.resolve()
