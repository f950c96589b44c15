"""Sources: what config.toml, chat and OPML imports declared, and each one's polling state.

Who owns which row, and what a sync of config.toml does to them, is decided in
`bot.store.ownership`; this module only applies it."""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.store.db import Database
from bot.store.engine import Row
from bot.store.errors import NotFound
from bot.store.ownership import REMOVED, SourcePlan, SourceSpec, plan_sources
from bot.store.rows import SourceRow

__all__ = ["SourceSpec", "SourcesMixin"]


def _source(row: Row) -> SourceRow:
    return SourceRow(
        id=row["id"],
        name=row["name"],
        url=row["url"],
        kind=row["kind"],
        origin=row["origin"],
        topics=tuple(json.loads(row["topics"])),
        interval_s=row["interval_s"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        error_count=row["error_count"],
        last_error=row["last_error"],
        last_success_at=row["last_success_at"],
        last_polled_at=row["last_polled_at"],
        next_poll_at=row["next_poll_at"],
        paused=bool(row["paused"]),
        polled_once=bool(row["polled_once"]),
        removed=row["paused"] == REMOVED,
    )


def _unchanged(row: SourceRow, spec: SourceSpec) -> bool:
    """A stored source that already is what config.toml declares (no write needed)."""
    return (
        row.origin == "file"
        and not row.removed
        and (row.name, row.url, row.kind, row.topics, row.interval_s)
        == (spec.name, spec.url, spec.kind, tuple(spec.topics), spec.interval_s)
    )


class SourcesMixin(Database):
    """Recording a poll (success or failure) also frees the source's lease (bot/store/leases.py):
    its next poll is set in the same statement, so it is not due again until then."""

    async def sync_sources(self, specs: Iterable[SourceSpec]) -> list[SourceRow]:
        """Make the file-origin sources match config.toml (see `sync_sources_plan`); return
        the active sources."""
        await self.sync_sources_plan(specs)
        return await self.list_sources()

    async def sync_sources_plan(self, specs: Iterable[SourceSpec]) -> SourcePlan:
        """Apply `plan_sources` in one transaction and return the plan it applied: add new
        sources, update declared ones (restoring a removed one with its polling state and
        articles, taking over a chat/OPML row of the same name, renaming a removed row of the
        same kind and URL), and mark removed the file sources no longer declared. Chat and OPML
        sources are left alone. Polling state of a source that keeps its URL survives."""
        specs = [SourceSpec(s.name, s.url, s.kind, s.topics, s.interval_s, "file") for s in specs]
        async with self.transaction() as db:
            if self.dialect == "postgresql":
                # Processes started together (or reloaded together) each sync the same file:
                # one at a time, so the second plans against the first's rows instead of
                # inserting the same names again (SQLite's BEGIN IMMEDIATE does this already).
                await db.execute(
                    "SELECT pg_advisory_xact_lock(hashtext('newsbot:sync-sources:'"
                    " || current_schema()))"
                )
            found = await db.execute("SELECT * FROM sources")
            rows = [_source(r) for r in await found.fetchall()]
            plan = plan_sources(specs, rows)
            now = self.clock()
            inserts = [
                (s.name, s.url, s.kind, json.dumps(list(s.topics)), s.interval_s, now)
                for s in (p.spec for p in plan.declared if p.row is None)
            ]
            updates = [
                (
                    p.spec.name,
                    p.spec.kind,
                    json.dumps(list(p.spec.topics)),
                    p.spec.interval_s,
                    p.spec.url,
                    p.spec.url,
                    p.spec.url,
                    REMOVED,
                    REMOVED,
                    p.row.id,
                )
                for p in plan.declared
                if p.row is not None and not _unchanged(p.row, p.spec)
            ]
            # Batched (one round trip each on PostgreSQL): a config with 20,000 feeds is
            # synced at every start and reload. Updates first: a rename frees its old name.
            if updates:
                await db.executemany(
                    """UPDATE sources SET name = ?, kind = ?, origin = 'file', topics = ?,
                         interval_s = ?,
                         etag = CASE WHEN url = ? THEN etag END,
                         last_modified = CASE WHEN url = ? THEN last_modified END,
                         url = ?,
                         error_count = CASE WHEN paused = ? THEN 0 ELSE error_count END,
                         paused = CASE WHEN paused = ? THEN 0 ELSE paused END
                       WHERE id = ?""",
                    updates,
                )
            if inserts:
                await db.executemany(
                    """INSERT INTO sources
                       (name, url, kind, origin, topics, interval_s, created_at)
                       VALUES (?, ?, ?, 'file', ?, ?, ?)""",
                    inserts,
                )
            if plan.removing:
                # Keep their articles (dedup history) but stop polling them.
                await db.executemany(
                    "UPDATE sources SET paused = ? WHERE id = ?",
                    [(REMOVED, row.id) for row in plan.removing],
                )
        return plan

    async def stored_sources_plan(self, specs: Iterable[SourceSpec]) -> SourcePlan:
        """What `sync_sources_plan` would do, computed without writing (read-only views)."""
        rows = await self.list_sources(include_removed=True)
        return plan_sources(specs, rows)

    async def add_source(self, spec: SourceSpec) -> SourceRow:
        """Add a chat or OPML source. A removed row of the same name is restored with its
        history (articles, `polled_once`) under the new owner, so re-adding a source never
        re-posts what it posted before; an active one is a conflict the caller checks first."""
        async with self.transaction() as db:
            await db.execute(
                """INSERT INTO sources (name, url, kind, origin, topics, interval_s, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET
                     origin = excluded.origin, topics = excluded.topics,
                     interval_s = excluded.interval_s, kind = excluded.kind,
                     etag = CASE WHEN sources.url = excluded.url THEN sources.etag END,
                     last_modified = CASE WHEN sources.url = excluded.url
                       THEN sources.last_modified END,
                     url = excluded.url, paused = 0, error_count = 0
                   WHERE sources.paused = ?""",
                (
                    spec.name,
                    spec.url,
                    spec.kind,
                    spec.origin,
                    json.dumps(list(spec.topics)),
                    spec.interval_s,
                    self.clock(),
                    REMOVED,
                ),
            )
        return await self.get_source(spec.name)

    async def remove_source(self, name: str) -> None:
        async with self.transaction() as db:
            await db.execute("UPDATE sources SET paused = ? WHERE name = ?", (REMOVED, name))

    async def list_sources(self, *, include_removed: bool = False) -> list[SourceRow]:
        where = "" if include_removed else f"WHERE paused < {REMOVED}"
        rows = await self.fetchall(f"SELECT * FROM sources {where} ORDER BY name")
        return [_source(r) for r in rows]

    async def due_sources(self, now: float) -> list[SourceRow]:
        """Active sources whose next poll is due (the run loop asks every second: only the due
        rows are read, not all of them)."""
        rows = await self.fetchall(
            "SELECT * FROM sources WHERE paused = 0 AND COALESCE(next_poll_at, 0) <= ?"
            " ORDER BY next_poll_at",
            (now,),
        )
        return [_source(r) for r in rows]

    async def get_source(self, name: str) -> SourceRow:
        row = await self.fetchone("SELECT * FROM sources WHERE name = ?", (name,))
        if row is None:
            raise NotFound(self.path, f"no source named {name!r}")
        return _source(row)

    async def set_source_paused(self, name: str, paused: bool) -> None:
        async with self.transaction() as db:
            cur = await db.execute(
                "UPDATE sources SET paused = ?,"
                " error_count = CASE WHEN ? = 1 THEN error_count ELSE 0 END"
                " WHERE name = ? AND paused < 2",
                (int(paused), int(paused), name),
            )
            if cur.rowcount == 0:
                raise NotFound(self.path, f"no source named {name!r}")

    async def record_poll_success(
        self,
        source_id: int,
        *,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: float,
    ) -> None:
        now = self.clock()
        async with self.transaction() as db:
            await db.execute(
                """UPDATE sources SET etag = ?, last_modified = ?, error_count = 0,
                   last_error = NULL, last_success_at = ?, last_polled_at = ?,
                   next_poll_at = ?, polled_once = 1, lease_owner = NULL, lease_until = NULL
                   WHERE id = ?""",
                (etag, last_modified, now, now, next_poll_at, source_id),
            )

    async def record_poll_successes(
        self, rows: Iterable[tuple[int, str | None, str | None, float]]
    ) -> None:
        """Many successful polls at once — (source id, etag, last-modified, next poll) — in one
        transaction: a pass over thousands of unchanged feeds is one write, not thousands."""
        now = self.clock()
        params = [(etag, lm, now, now, nxt, sid) for sid, etag, lm, nxt in rows]
        if not params:
            return
        async with self.transaction() as db:
            await db.executemany(
                """UPDATE sources SET etag = ?, last_modified = ?, error_count = 0,
                   last_error = NULL, last_success_at = ?, last_polled_at = ?,
                   next_poll_at = ?, polled_once = 1, lease_owner = NULL, lease_until = NULL
                   WHERE id = ?""",
                params,
            )

    async def record_poll_failure(
        self, source_id: int, *, error: str, next_poll_at: float, pause_after: int
    ) -> bool:
        """Count a failure; return True when this failure paused the source."""
        now = self.clock()
        async with self.transaction() as db:
            await db.execute(
                """UPDATE sources SET error_count = error_count + 1, last_error = ?,
                   last_polled_at = ?, next_poll_at = ?, lease_owner = NULL, lease_until = NULL
                   WHERE id = ?""",
                (error[:500], now, next_poll_at, source_id),
            )
            cur = await db.execute(
                "UPDATE sources SET paused = 1 WHERE id = ? AND paused = 0 AND error_count >= ?",
                (source_id, pause_after),
            )
            return cur.rowcount > 0
