"""Processes and leases: how several `newsbot run` processes on one database share the work.

A lease is an owner (a process id) and an expiry (`until`, seconds since the epoch) on a source
or on a channel's outbox. A process claims only what is free, already its own, or past its
expiry; its heartbeat renews everything it holds; recording a poll frees the source; a clean
stop frees the rest. A process that dies simply stops renewing, and its work is taken over
once its leases expire (counted as takeovers).

On PostgreSQL the claim reads its candidates with `FOR UPDATE SKIP LOCKED`: two processes
claiming at the same instant lock disjoint rows and never wait on each other. On SQLite the
writer transaction (`BEGIN IMMEDIATE`) already serialises claims, and the writer lock allows
one `run` per database anyway. See docs/leases.md.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.store.db import Database
from bot.store.rows import SourceRow
from bot.store.sources import _source

__all__ = ["Claim", "LeasesMixin", "ProcessInfo", "ProcessRow"]

Channel = tuple[str, str, str]  # platform, workspace, channel
T = TypeVar("T")

#: Rows of processes stopped (or silent) for longer than this are deleted at the next start.
PROCESS_HISTORY = 86_400.0

# Channels with work the outbox can drain: pending rows, or posts waiting for an edit.
_WORK = """
    SELECT platform, workspace, channel FROM deliveries WHERE status = 'pending'
    UNION
    SELECT platform, workspace, channel FROM deliveries WHERE needs_edit > 0 AND status = 'sent'
"""
_HAS_WORK = """(
    EXISTS (SELECT 1 FROM deliveries d WHERE d.status = 'pending' AND d.platform = l.platform
            AND d.workspace = l.workspace AND d.channel = l.channel)
    OR EXISTS (SELECT 1 FROM deliveries d WHERE d.needs_edit > 0 AND d.status = 'sent'
               AND d.platform = l.platform AND d.workspace = l.workspace
               AND d.channel = l.channel)
)"""


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """Who a process is, as it registers: `id` is unique per start (`host:pid:random`)."""

    id: str
    host: str
    pid: int
    started_at: float
    version: str = ""


@dataclass(frozen=True, slots=True)
class ProcessRow:
    id: str
    host: str
    pid: int
    started_at: float
    heartbeat_at: float
    version: str
    stopped_at: float | None
    sources: int = 0  # source leases it holds (expired or not)
    channels: int = 0  # channel leases it holds

    def alive(self, now: float, lease_seconds: float) -> bool:
        """Running and heard from within one lease period (its leases are still good)."""
        return self.stopped_at is None and now - self.heartbeat_at < lease_seconds


@dataclass(frozen=True, slots=True)
class Claim(Generic[T]):
    """What a claim gave the process: `rows` it now holds, of which `takeovers` were held by
    another process whose lease had expired (that process died or stalled)."""

    rows: tuple[T, ...]
    takeovers: int = 0


class LeasesMixin(Database):
    #: How long a claim or a heartbeat's renewal lasts (`[database] lease_seconds`).
    lease_seconds: float = 30.0

    @property
    def _skip_locked(self) -> str:
        # PostgreSQL: claimers lock disjoint candidates instead of queueing behind each other.
        # SQLite has no row locks; its one writer transaction at a time does the same.
        return " FOR UPDATE SKIP LOCKED" if getattr(self, "dialect", "sqlite") != "sqlite" else ""

    async def register_process(self, info: ProcessInfo, *, sole: bool = False) -> None:
        """Record a starting process. `sole`: it is known to be the only one (SQLite's writer
        lock is held), so every other process recorded is dead: marked stopped, its leases
        freed at once rather than after they expire."""
        now = self.clock()
        async with self.transaction() as db:
            if sole:
                await db.execute(
                    "UPDATE processes SET stopped_at = ? WHERE stopped_at IS NULL AND id <> ?",
                    (now, info.id),
                )
                await db.execute(
                    "UPDATE sources SET lease_owner = NULL, lease_until = NULL"
                    " WHERE lease_owner IS NOT NULL"
                )
                await db.execute(
                    "UPDATE channel_leases SET owner = NULL, until = 0 WHERE owner IS NOT NULL"
                )
            await db.execute(
                "DELETE FROM processes WHERE COALESCE(stopped_at, heartbeat_at) < ?",
                (now - PROCESS_HISTORY,),
            )
            await db.execute(
                """INSERT INTO processes (id, host, pid, started_at, heartbeat_at, version)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at,
                     stopped_at = NULL""",
                (info.id, info.host, info.pid, info.started_at, now, info.version),
            )

    async def heartbeat(self, process_id: str) -> bool:
        """Say the process is alive and renew every lease it holds for `lease_seconds` from
        now. False when the process is not (or no longer) registered as running: it should
        register again."""
        now = self.clock()
        until = now + self.lease_seconds
        async with self.transaction() as db:
            cur = await db.execute(
                "UPDATE processes SET heartbeat_at = ? WHERE id = ? AND stopped_at IS NULL",
                (now, process_id),
            )
            alive = cur.rowcount > 0
            # Rows locked right now are being written by this process's own poll records
            # (which free their leases): renewing them is moot, and waiting for them while the
            # record waits for a row this beat holds was a deadlock (bench/scale.py, PostgreSQL,
            # a group commit of successes against the beat). So the beat never waits on a source.
            await db.execute(
                "UPDATE sources SET lease_until = ? WHERE id IN (SELECT id FROM sources"
                f" WHERE lease_owner = ?{self._skip_locked})",
                (until, process_id),
            )
            await db.execute(
                "UPDATE channel_leases SET until = ? WHERE owner = ?", (until, process_id)
            )
        return alive

    async def processes(self) -> list[ProcessRow]:
        """Every process recorded (running, stopped or dead, from the last day), oldest first,
        with how many leases each holds."""
        rows = await self.fetchall(
            """SELECT p.id, p.host, p.pid, p.started_at, p.heartbeat_at, p.version,
                 p.stopped_at,
                 (SELECT COUNT(*) FROM sources s WHERE s.lease_owner = p.id),
                 (SELECT COUNT(*) FROM channel_leases c WHERE c.owner = p.id)
               FROM processes p ORDER BY p.started_at, p.id"""
        )
        return [
            ProcessRow(
                str(r[0]),
                str(r[1]),
                int(r[2]),
                float(r[3]),
                float(r[4]),
                str(r[5]),
                None if r[6] is None else float(r[6]),
                int(r[7]),
                int(r[8]),
            )
            for r in rows
        ]

    async def live_processes(self, now: float) -> list[ProcessRow]:
        """The processes running now: not stopped, heard from within one lease period."""
        return [p for p in await self.processes() if p.alive(now, self.lease_seconds)]

    async def claim_due_sources(
        self, process_id: str, now: float, limit: int, *, anytime: bool = False
    ) -> Claim[SourceRow]:
        """Lease up to `limit` active sources that are due (`anytime`: due or not) and free,
        expired, or already this process's (a poll still running: the caller skips those),
        earliest due first. The lease lasts `lease_seconds`; the heartbeat renews it and
        recording the poll frees it."""
        due = "" if anytime else " AND COALESCE(next_poll_at, 0) <= ?"
        params: tuple[object, ...] = (() if anytime else (now,)) + (process_id, now, limit)
        async with self.transaction() as db:
            cur = await db.execute(
                f"""SELECT * FROM sources WHERE paused = 0{due}
                    AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)
                    ORDER BY COALESCE(next_poll_at, 0), id LIMIT ?{self._skip_locked}""",
                params,
            )
            rows = list(await cur.fetchall())
            if not rows:
                return Claim(())
            until = now + self.lease_seconds
            await db.executemany(
                "UPDATE sources SET lease_owner = ?, lease_until = ? WHERE id = ?",
                [(process_id, until, r["id"]) for r in rows],
            )
        taken = sum(1 for r in rows if r["lease_owner"] not in (None, process_id))
        return Claim(tuple(_source(r) for r in rows), taken)

    async def release_sources(self, process_id: str, source_ids: list[int]) -> None:
        """Give back sources claimed but not polled (the process is pausing its polls)."""
        if not source_ids:
            return
        async with self.transaction() as db:
            await db.executemany(
                "UPDATE sources SET lease_owner = NULL, lease_until = NULL"
                " WHERE id = ? AND lease_owner = ?",
                [(sid, process_id) for sid in source_ids],
            )

    async def claim_channels(
        self,
        process_id: str,
        now: float,
        limit: int,
        *,
        platforms: Collection[str] | None = None,
        share: int | None = None,
    ) -> Claim[Channel]:
        """Lease up to `limit` channels whose outbox has work (pending rows, posts to edit)
        and whose lease is free, expired or this process's; return every such channel the
        process now holds, its own first (a smaller `limit` never drops a channel it is
        draining). Only the holder sends a channel's rows (`note_attempt` checks it),
        so a channel's posts leave in order and once. `platforms`: only channels of these
        (the ones this process has adapters for). `share`: free channels are taken only while
        the process holds fewer than `share` in all; its own and those whose owner's lease
        expired (a dead process's) are always taken, so a takeover never waits for a share."""
        only = ""
        if platforms is not None:
            if not platforms:
                return Claim(())
            only = f" AND l.platform IN ({', '.join('?' * len(platforms))})"
        async with self.transaction() as db:
            # A lease row for each channel with work (new ones start free). Inserted in key
            # order: two processes adding the same channels never wait on each other in turn.
            await db.execute(
                f"""INSERT INTO channel_leases (platform, workspace, channel)
                    SELECT platform, workspace, channel FROM ({_WORK}) AS w
                    WHERE true ORDER BY platform, workspace, channel
                    ON CONFLICT (platform, workspace, channel) DO NOTHING"""
            )
            cur = await db.execute(
                f"""SELECT l.platform, l.workspace, l.channel, l.owner FROM channel_leases l
                    WHERE (l.owner IS NULL OR l.owner = ? OR l.until <= ?){only}
                    AND {_HAS_WORK}
                    ORDER BY CASE WHEN l.owner = ? THEN 0 WHEN l.owner IS NULL THEN 2 ELSE 1 END,
                    l.platform, l.workspace, l.channel LIMIT ?{self._skip_locked}""",
                (process_id, now, *(platforms or ()), process_id, limit),
            )
            rows = list(await cur.fetchall())
            if share is not None:
                kept = [r for r in rows if r[3] is not None]  # its own, or expired
                room = max(0, share - len(kept))
                rows = kept + [r for r in rows if r[3] is None][:room]
            if not rows:
                return Claim(())
            until = now + self.lease_seconds
            await db.executemany(
                """UPDATE channel_leases SET owner = ?, until = ?
                   WHERE platform = ? AND workspace = ? AND channel = ?""",
                [(process_id, until, r[0], r[1], r[2]) for r in rows],
            )
        taken = sum(1 for r in rows if r[3] not in (None, process_id))
        return Claim(tuple((str(r[0]), str(r[1]), str(r[2])) for r in rows), taken)

    async def release_idle_channels(self, process_id: str) -> list[Channel]:
        """Free the process's channels that have no work left; return them. A channel keeps
        its owner while it has work, so the process that paces it keeps pacing it."""
        async with self.transaction() as db:
            cur = await db.execute(
                f"""UPDATE channel_leases AS l SET owner = NULL, until = 0
                    WHERE l.owner = ? AND NOT {_HAS_WORK}
                    RETURNING platform, workspace, channel""",
                (process_id,),
            )
            rows = await cur.fetchall()
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    async def release_leases(self, process_id: str) -> None:
        """A clean stop: free every lease of the process and mark it stopped, so the others
        take its work over at once instead of after the leases expire."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                (process_id,),
            )
            await db.execute(
                "UPDATE channel_leases SET owner = NULL, until = 0 WHERE owner = ?",
                (process_id,),
            )
            await db.execute(
                "UPDATE processes SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL",
                (self.clock(), process_id),
            )
