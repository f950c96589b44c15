"""The store's exception tree: every error names the database it concerns.

```
StoreError(path)                  anything the database refused; str() is "path: what — do"
├── DatabaseTooNew                written by a newer newsbot (schema version above ours)
├── DatabaseCorrupt               not a SQLite database, or a damaged one
├── DatabaseReadOnly              the file, or the folder its -wal/-shm go in, is not writable
├── DatabaseUnavailable           cannot be opened at all (missing folder, a directory, ...;
│                                 on PostgreSQL: no server, login refused, connection lost)
├── DatabaseFull                  a write failed: disk full or file size limit
└── NotFound
```

`from_sqlite` turns a `sqlite3.Error` raised anywhere into one of these (and
`bot.store.postgres.from_postgres` an asyncpg error), so the command line has one place that
prints a database failure as one line instead of a traceback. On PostgreSQL the "path" is the
server's URL without its password.
"""

from __future__ import annotations

import sqlite3

__all__ = [
    "DatabaseCorrupt",
    "DatabaseFull",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DatabaseTooOld",
    "DatabaseUnavailable",
    "NotFound",
    "StoreError",
    "from_sqlite",
]


class StoreError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class DatabaseTooNew(StoreError):
    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"the database is at schema version {found}, but this newsbot knows only up to "
            f"{supported} (it was written by a newer newsbot) — upgrade newsbot, or restore "
            "a backup",
        )
        self.found = found
        self.supported = supported


class DatabaseCorrupt(StoreError):
    def __init__(self, path: str, what: str) -> None:
        super().__init__(
            path,
            f"{what} — check [database] path in the config, or restore a backup "
            "(`newsbot db backup` makes one)",
        )


class DatabaseReadOnly(StoreError):
    def __init__(self, path: str, what: str) -> None:
        super().__init__(path, f"{what} — give the user running newsbot write access to it")


class DatabaseUnavailable(StoreError):
    def __init__(
        self, path: str, what: str, *, hint: str = "check [database] path in the config"
    ) -> None:
        super().__init__(path, f"{what} — {hint}")


class DatabaseFull(StoreError):
    def __init__(self, path: str, what: str) -> None:
        super().__init__(
            path, f"{what} — free some space (or check the disk); nothing recorded is lost"
        )


class NotFound(StoreError):
    pass


class DatabaseMissing(StoreError):
    """A read-only command found no database (nothing has run yet); it creates none."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "no database yet; `newsbot run` or `newsbot db migrate` creates it")


class DatabaseTooOld(StoreError):
    """A read-only command found an older schema; it never migrates, so it says how to."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"the database is at schema version {found}, older than this newsbot's "
            f"{supported}; run `newsbot db migrate` or `newsbot run` first",
        )
        self.found = found
        self.supported = supported


def from_sqlite(path: str, error: sqlite3.Error) -> StoreError:
    """The store error for a sqlite3 error on the database at `path` (by SQLite's message:
    the error codes are not exposed before Python 3.11's `sqlite_errorname`, and the messages
    are SQLite's stable API text)."""
    text = str(error)
    low = text.lower()
    if "readonly" in low or "read-only" in low:
        return DatabaseReadOnly(
            path, "the database is read-only (attempt to write a readonly database)"
        )
    if "disk is full" in low or "disk i/o" in low:
        return DatabaseFull(path, f"cannot write the database ({text})")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return DatabaseCorrupt(path, f"not a usable newsbot database ({text})")
    if "unable to open" in low:
        return DatabaseUnavailable(path, f"cannot open the database ({text})")
    return StoreError(path, f"database error: {text}")
