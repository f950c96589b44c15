"""`newsbot db copy`: a whole SQLite installation into an empty PostgreSQL database.

Everything comes along with its ids: sources with their polling state (`polled_once`, so no
first-run backfill), articles (dedup history), the outbox with its idempotency keys and
statuses, reactions, settings, the audit log, alerts, and `meta` (the installation id, so the
keys stay the same, and the webhooks). So a bot started on the copy posts nothing twice.

The target is migrated to the source's schema version first; then every table is copied in one
transaction (binary COPY in batches), so a failed copy leaves nothing behind. A column that
points into its own table (`deliveries.group_id`, `digest_id`) is filled in after the rows are
all there. Each id sequence is then moved past the largest copied id, and the row counts are
compared before the commit. A target that already holds newsbot data is refused: a copy never
merges two histories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.store.db import Database
from bot.store.errors import StoreError

__all__ = ["CopyReport", "copy_database"]

BATCH = 5000
#: Referenced tables first (foreign keys are checked at once); tables a later migration adds
#: and this list does not name are copied after these, in name order.
ORDER = (
    "sources",
    "articles",
    "subscriptions",
    "channels",
    "deliveries",
    "reactions",
    "settings",
    "audit_log",
    "meta",
    "alerts",
)
#: Who is running and what each process holds: facts about the processes of the old
#: installation, which the copy is made without (its bot is stopped). Not copied, and the
#: sources' lease columns are cleared, so the first process on PostgreSQL takes over nothing
#: and `newsbot status` lists only processes that ran there.
RUNTIME = frozenset({"processes", "channel_leases"})
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class CopyReport:
    version: int
    rows: dict[str, int]  # table -> rows copied


async def _sqlite_tables(source: Database) -> list[str]:
    rows = await source.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'articles_fts%'"
    )
    names = {str(r[0]) for r in rows}
    bad = sorted(n for n in names if not _NAME.match(n))
    if bad:
        raise StoreError(source.path, f"unexpected table name {bad[0]!r}; nothing was copied")
    names -= RUNTIME
    return [t for t in ORDER if t in names] + sorted(names - set(ORDER))


async def _pg_columns(target: Database) -> dict[str, list[str]]:
    rows = await target.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    )
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(str(r[0]), []).append(str(r[1]))
    return out


async def _holds_data(target: Database, tables: list[str]) -> list[str]:
    """Tables of the target with rows in them, besides the installation id a migration made."""
    found = []
    for t in tables:
        sql = f"SELECT COUNT(*) FROM {t}"
        if t == "meta":
            sql += " WHERE key <> 'installation_id'"
        row = await target.fetchone(sql)
        if row is not None and int(row[0]) > 0:
            found.append(f"{int(row[0])} in {t}")
    return found


async def copy_database(source: Database, target: Database, *, batch: int = BATCH) -> CopyReport:
    """Copy the SQLite database `source` into the PostgreSQL database `target` (both open;
    `target` opened without migrating). Raises `StoreError` and copies nothing if the target
    holds newsbot data or its schema is newer."""
    from bot.store.postgres import PgTx, from_postgres

    if source.dialect != "sqlite" or target.dialect != "postgresql":
        raise StoreError(target.path, "db copy goes from a SQLite file to a PostgreSQL database")
    version = await source.version()
    before = await target.version()
    if before > version:
        raise StoreError(
            target.path,
            f"is at schema version {before}, newer than the SQLite database's {version} — "
            "run `newsbot db migrate` on the SQLite database first; nothing was copied",
        )
    tables = await _sqlite_tables(source)
    if before > 0:
        existing = set(await _pg_columns(target))
        held = await _holds_data(target, [t for t in tables if t in existing])
        if held:
            raise StoreError(
                target.path,
                f"already holds newsbot data ({', '.join(held)}) — copy into an empty "
                "database (or drop its tables first); nothing was copied",
            )
    await target.migrate()
    pg_columns = await _pg_columns(target)
    counts: dict[str, int] = {}
    async with target.transaction() as tx:
        assert isinstance(tx, PgTx)
        # The target's own id (made by the migration) gives way to the source's.
        await tx.execute("DELETE FROM meta")
        for table in tables:
            if table not in pg_columns:
                raise StoreError(
                    target.path, f"has no table {table} (schema mismatch); nothing was copied"
                )
            info = await source.fetchall(f"PRAGMA table_info({table})")
            columns = [str(r[1]) for r in info]
            missing = [c for c in columns if c not in pg_columns[table]]
            if missing:
                raise StoreError(
                    target.path,
                    f"has no column {table}.{missing[0]} (schema mismatch); nothing was copied",
                )
            self_refs = await _self_references(tx, table)
            deferred: list[tuple[Any, ...]] = []
            n = 0
            last = None
            select = ", ".join(["rowid", *columns])
            while True:
                page = await source.fetchall(
                    f"SELECT {select} FROM {table}"
                    + (" WHERE rowid > ?" if last is not None else "")
                    + " ORDER BY rowid LIMIT ?",
                    (last, batch) if last is not None else (batch,),
                )
                if not page:
                    break
                last = page[-1][0]
                records = [list(r)[1:] for r in page]
                if self_refs:
                    idx = [columns.index(c) for c in self_refs]
                    key = columns.index("id")
                    for rec in records:
                        values = [rec[i] for i in idx]
                        if any(v is not None for v in values):
                            deferred.append((*values, rec[key]))
                            for i in idx:
                                rec[i] = None
                try:
                    await tx.conn.copy_records_to_table(
                        table, records=[tuple(r) for r in records], columns=columns
                    )
                except Exception as e:  # asyncpg's and the encoders' errors alike
                    raise from_postgres(target.path, e) from e
                n += len(records)
            if deferred:
                sets = ", ".join(f"{c} = ?" for c in self_refs)
                await tx.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", deferred)
            seq = None
            if "id" in columns:
                seq = await (
                    await tx.execute("SELECT pg_get_serial_sequence(?, 'id')", (table,))
                ).fetchone()
            if seq is not None and seq[0] is not None:  # an identity column: continue past
                await tx.execute(
                    f"SELECT setval(?::regclass, COALESCE(MAX(id), 0) + 1, false) FROM {table}",
                    (seq[0],),
                )
            copied = await (await tx.execute(f"SELECT COUNT(*) FROM {table}")).fetchone()
            if copied is None or int(copied[0]) != n:
                raise StoreError(
                    target.path, f"{table}: {n} rows read but a different count written"
                )
            counts[table] = n
        if "lease_owner" in pg_columns.get("sources", []):
            await tx.execute("UPDATE sources SET lease_owner = NULL, lease_until = NULL")
    return CopyReport(version, counts)


async def _self_references(tx: Any, table: str) -> list[str]:
    """Columns of `table` with a foreign key into `table` itself."""
    rows = await (
        await tx.execute(
            "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a"
            " ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
            " WHERE c.contype = 'f' AND c.conrelid = c.confrelid"
            " AND c.conrelid = to_regclass(?) ORDER BY a.attname",
            (table,),
        )
    ).fetchall()
    return [str(r[0]) for r in rows]
