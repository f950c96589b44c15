"""Where the PostgreSQL tests run: a server named by NEWSBOT_TEST_PG_URL (default
postgresql://postgres@127.0.0.1:5432/test), each test in a schema of its own with a random
name, dropped after it. No server reachable: the PostgreSQL cases skip and say why, except
under CI=true, where that is a failure (CI machines run one)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

__all__ = [
    "BACKENDS",
    "PG_URL",
    "admin_sql",
    "pg_schema",
    "require_pg",
    "store_target",
    "with_search_path",
]

PG_URL = os.environ.get("NEWSBOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def admin_sql(sql: str) -> None:
    """Run SQL on the test server (as its admin user), from a fixture or a test alike: on a
    thread of its own, so it works whether or not an event loop is running here."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _admin(sql)).result()


@functools.cache
def _unreachable() -> str | None:
    try:
        admin_sql("SELECT 1")
    except Exception as e:  # any failure to connect is a reason to skip, said in full
        return f"PostgreSQL at {PG_URL} is not reachable ({type(e).__name__}: {e})"
    return None


def require_pg() -> None:
    """Skip (or under CI=true, fail) unless the test server answers."""
    reason = _unreachable()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires PostgreSQL (set NEWSBOT_TEST_PG_URL)")
    pytest.skip(reason)


def with_search_path(url: str, schema: str) -> str:
    """`url` with the session's search_path set to `schema` (asyncpg passes unknown query
    parameters on as server settings)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"]
    query.append(("search_path", schema))
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextlib.contextmanager
def pg_schema() -> Iterator[str]:
    """A fresh schema on the test server; yields the URL that uses it, drops it after."""
    require_pg()
    name = "nbtest_" + secrets.token_hex(8)
    admin_sql(f"CREATE SCHEMA {name}")
    try:
        yield with_search_path(PG_URL, name)
    finally:
        admin_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@contextlib.contextmanager
def store_target(backend: str, tmp_path: Path, name: str = "n.db") -> Iterator[str]:
    """Where a test's store lives: a file in `tmp_path`, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield str(tmp_path / name)
        return
    with pg_schema() as url:
        yield url
