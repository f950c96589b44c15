"""Checks made on the database file before SQLite touches it.

SQLite answers a wrong file only once a statement runs, and by then it may have written to it:
`PRAGMA journal_mode = WAL` creates `-wal`/`-shm` files beside a read-only database, and a
migration would start on a database written by a newer newsbot. So the header and the
permissions are read first, with plain file calls that change nothing, and a wrong file is
refused with the store's own error naming it.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.store.errors import (
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnavailable,
)

__all__ = ["HEADER", "check_database_file"]

HEADER = b"SQLite format 3\x00"
_USER_VERSION = slice(60, 64)  # the header field PRAGMA user_version reads (big-endian)


def check_database_file(path: str, *, latest: int, write: bool = True) -> bool:
    """Refuse a file newsbot must not open; return whether the database file exists.

    `write`: the caller will write (every open but a read-only one), so the file and its
    folder must be writable. Nothing is created or modified here."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        folder = p.parent
        if write and folder.is_dir() and not os.access(folder, os.W_OK):
            raise DatabaseReadOnly(
                path, f"the database does not exist and its folder {folder} is not writable"
            ) from None
        return False
    except IsADirectoryError:
        raise DatabaseUnavailable(path, "cannot open the database (it is a directory)") from None
    except OSError as e:
        raise DatabaseUnavailable(path, f"cannot open the database ({e.strerror})") from None
    if not head:
        return True  # an empty file is an empty database to SQLite
    if len(head) < 100 or not head.startswith(HEADER):
        raise DatabaseCorrupt(path, "not a newsbot database (file is not a database)")
    version = int.from_bytes(head[_USER_VERSION], "big")
    # In WAL mode the header may lag the -wal file; the version is read again once open.
    if version > latest:
        raise DatabaseTooNew(path, version, latest)
    if write:
        if not os.access(p, os.W_OK):
            raise DatabaseReadOnly(
                path, "the database file is read-only (attempt to write a readonly database)"
            )
        folder = p.parent
        missing = [s for s in ("-wal", "-shm") if not Path(path + s).exists()]
        if missing and not os.access(folder, os.W_OK):
            raise DatabaseReadOnly(
                path,
                f"its folder {folder} is not writable, and SQLite must create "
                f"{p.name}{missing[0]} there",
            )
    return True
