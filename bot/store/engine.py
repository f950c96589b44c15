"""What the two database engines (SQLite, PostgreSQL) offer the store's mixins.

The mixins write one SQL text with `?` placeholders and call `fetchall`/`fetchone` outside a
transaction, or `async with self.transaction() as db:` then `await db.execute(...)` and
`await db.executemany(...)` inside one. An engine runs that on its database: SQLite through
aiosqlite as written, PostgreSQL through asyncpg with `?` turned into `$1, $2, ...`. Where the
SQL itself must differ (JSON, full-text search), a mixin branches on `self.dialect`.

A statement's result is read at once (`Result`): its rows, if it returns any (a query, or a
write with RETURNING), and how many rows it changed. One round trip per statement on both
engines, and no open cursor can outlive its transaction.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

__all__ = [
    "Dialect",
    "Engine",
    "Result",
    "Row",
    "Tx",
    "is_postgres_url",
    "one_of",
    "returns_rows",
    "to_dollar",
]

Dialect = Literal["sqlite", "postgresql"]

#: A row as the engines hand it out: `row["name"]`, `row[0]` and `tuple(row)` work on both
#: (`aiosqlite.Row`, `asyncpg.Record`).
Row = Any


class Result:
    """The outcome of one statement: its rows (already fetched) and the rows it changed
    (`rowcount`: -1 when the engine cannot say, as for a query)."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: Sequence[Row], rowcount: int) -> None:
        self._rows = list(rows)
        self.rowcount = rowcount

    async def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None

    async def fetchall(self) -> list[Row]:
        return list(self._rows)

    async def close(self) -> None:
        """Nothing to release: kept so code written for DB-API cursors reads the same."""


class Tx(Protocol):
    """A transaction in progress, as `Database.transaction()` yields it."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> Result: ...

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> Result: ...


class Engine(Protocol):
    dialect: Dialect
    #: What errors name: the SQLite file, or the PostgreSQL URL without its password.
    name: str
    readonly: bool

    async def connect(self, *, readonly: bool, latest: int) -> None: ...

    async def version(self) -> int: ...

    async def locked_version(self, tx: Tx) -> int:
        """The schema version, read inside `tx` once no other process can migrate."""
        ...

    async def set_version(self, tx: Tx, version: int) -> None: ...

    def transaction(self) -> AbstractAsyncContextManager[Tx]: ...

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    async def execute_one(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    async def close(self) -> None: ...


def is_postgres_url(target: object) -> bool:
    """Whether a `[database]` target names a PostgreSQL server rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def one_of(dialect: Dialect, column: str, values: Sequence[object]) -> tuple[str, list[object]]:
    """The condition "`column` is one of `values`" and its parameters: SQLite
    ``IN (?, ?, ...)``; PostgreSQL ``= ANY(?)`` with one array, so the statement text (and
    the statement asyncpg prepared for it) is the same however many values there are."""
    if dialect == "postgresql":
        return f"{column} = ANY(?)", [list(values)]
    return f"{column} IN ({','.join('?' * len(values))})", list(values)


_ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES|PRAGMA)\b|\bRETURNING\b", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def returns_rows(sql: str) -> bool:
    """Whether a statement hands back rows (a query, or a write with RETURNING)."""
    return _ROWS.search(sql) is not None


@functools.lru_cache(maxsize=2048)
def to_dollar(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, ...`, leaving string literals, quoted names
    and comments alone (the SQL texts are constants, so the result is cached)."""
    out: list[str] = []
    n = 0
    i = 0
    end = len(sql)
    while i < end:
        c = sql[i]
        if c in "'\"":
            j = sql.find(c, i + 1)
            j = end if j < 0 else j + 1
            out.append(sql[i:j])
            i = j
            continue
        if c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = end if j < 0 else j
            out.append(sql[i:j])
            i = j
            continue
        if c == "?":
            n += 1
            out.append(f"${n}")
        else:
            out.append(c)
        i += 1
    return "".join(out)
