"""The outbox: one row per article × channel (and per notice or digest), sent at most once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.store.articles import delivery_key
from bot.store.db import Database
from bot.store.engine import Row, one_of
from bot.store.rows import DeliveryRow

__all__ = ["ChannelWork", "EditRow", "OutboxMixin", "StoryCandidate"]

Channel = tuple[str, str, str]  # platform, workspace, channel


def _unsigned(h: int) -> int:
    return h + (1 << 64) if h < 0 else h


def _delivery(row: Row) -> DeliveryRow:
    return DeliveryRow(
        id=row["id"],
        article_id=row["article_id"],
        platform=row["platform"],
        workspace=row["workspace"],
        channel=row["channel"],
        kind=row["kind"],
        payload=row["payload"],
        status=row["status"],
        reason=row["reason"],
        idem_key=row["idem_key"],
        attempts=row["attempts"],
        not_before=row["not_before"],
        message_id=row["message_id"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
    )


class _OutboxRows(Database):
    """The outbox rows themselves: queue, attempt, confirm, retry, fail."""

    async def pending_deliveries(
        self, *, platform: str | None = None, limit: int = 1000
    ) -> list[DeliveryRow]:
        """Pending rows, oldest first within each channel."""
        if platform is None:
            rows = await self.fetchall(
                "SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id LIMIT ?", (limit,)
            )
        else:
            rows = await self.fetchall(
                "SELECT * FROM deliveries WHERE status = 'pending' AND platform = ?"
                " ORDER BY id LIMIT ?",
                (platform, limit),
            )
        return [_delivery(r) for r in rows]

    async def get_delivery(self, delivery_id: int) -> DeliveryRow | None:
        row = await self.fetchone("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
        return _delivery(row) if row else None

    async def deliveries_for_article(self, article_id: int) -> list[DeliveryRow]:
        rows = await self.fetchall(
            "SELECT * FROM deliveries WHERE article_id = ? ORDER BY id", (article_id,)
        )
        return [_delivery(r) for r in rows]

    async def delivery_by_message(
        self, platform: str, channel: str, message_id: str
    ) -> DeliveryRow | None:
        row = await self.fetchone(
            "SELECT * FROM deliveries WHERE platform = ? AND channel = ? AND message_id = ?",
            (platform, channel, message_id),
        )
        return _delivery(row) if row else None

    async def _execute_one(self, sql: str, params: tuple[object, ...]) -> int:
        """One statement, atomic on its own (autocommit): one round trip instead of three
        (BEGIN, statement, COMMIT). The outbox makes two of these per post, so on a fan-out
        to hundreds of channels it matters. Returns the number of rows changed."""
        return await self.execute_one(sql, params)

    async def note_attempt(self, delivery_id: int, *, lease_owner: str | None = None) -> bool:
        """Count an attempt BEFORE sending: a row with attempts > 0 may already be on the
        platform, so the adapter looks its key up before sending again.

        With `lease_owner`, the attempt is counted only while that process holds the lease of
        the row's channel (bot/store/leases.py): False means it lost the channel to another
        process (it stalled past its lease) and must not send. This is the fence that keeps
        two processes from sending one channel's rows at once."""
        if lease_owner is None:
            await self._execute_one(
                "UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?", (delivery_id,)
            )
            return True
        changed = await self._execute_one(
            """UPDATE deliveries SET attempts = attempts + 1 WHERE id = ? AND EXISTS (
                 SELECT 1 FROM channel_leases l WHERE l.owner = ?
                 AND l.platform = deliveries.platform AND l.workspace = deliveries.workspace
                 AND l.channel = deliveries.channel)""",
            (delivery_id, lease_owner),
        )
        return changed > 0

    async def mark_sent(self, delivery_id: int, message_id: str) -> None:
        await self._execute_one(
            """UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?,
               last_error = NULL WHERE id = ?""",
            (message_id, self.clock(), delivery_id),
        )

    async def mark_retry(self, delivery_id: int, *, not_before: float, error: str) -> None:
        async with self.transaction() as db:
            await db.execute(
                "UPDATE deliveries SET not_before = ?, last_error = ? WHERE id = ?",
                (not_before, error[:500], delivery_id),
            )

    async def mark_failed(self, delivery_id: int, reason: str) -> None:
        async with self.transaction() as db:
            await db.execute(
                "UPDATE deliveries SET status = 'failed', reason = ?, last_error = ? WHERE id = ?",
                (reason[:500], reason[:500], delivery_id),
            )

    async def enqueue_notice(self, channel: tuple[str, str, str], ref: str, payload: str) -> bool:
        """A notice (source paused, channel problem) through the normal path; `ref` makes it
        idempotent, so the same notice is queued once."""
        key = delivery_key("notice", ref, *channel, installation=self.installation_id)
        async with self.transaction() as db:
            cur = await db.execute(
                """INSERT INTO deliveries (article_id, platform, workspace, channel, kind, payload,
                     idem_key, created_at) VALUES (NULL, ?, ?, ?, 'notice', ?, ?, ?)
                   ON CONFLICT (idem_key) DO NOTHING""",
                (*channel, payload, key, self.clock()),
            )
            return cur.rowcount > 0

    async def count_deliveries(self) -> dict[str, int]:
        rows = await self.fetchall("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status")
        return {r["status"]: r["n"] for r in rows}

    async def outbox_depth(self) -> dict[str, tuple[int, float]]:
        """Platform → (pending rows, when the oldest of them was queued): what /metrics and
        `newsbot status` show. Reads the pending index only, so a scrape stays cheap."""
        rows = await self.fetchall(
            """SELECT platform, COUNT(*), MIN(created_at) FROM deliveries
               WHERE status = 'pending' GROUP BY platform"""
        )
        return {r[0]: (int(r[1]), float(r[2])) for r in rows}

    async def last_delivery(self) -> tuple[str, float] | None:
        """(platform, sent at) of the latest post sent, from the sent_at index."""
        row = await self.fetchone(
            """SELECT platform, sent_at FROM deliveries WHERE sent_at IS NOT NULL
               ORDER BY sent_at DESC LIMIT 1"""
        )
        return None if row is None else (str(row[0]), float(row[1]))


@dataclass(frozen=True, slots=True)
class EditRow:
    """A posted message to re-render: `needs_edit` is the request counter read with it."""

    id: int
    article_id: int
    platform: str
    workspace: str
    channel: str
    message_id: str
    needs_edit: int


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    """A post already made in a channel, with the story hash of its article."""

    delivery_id: int
    article_id: int
    story_hash: int
    sent_at: float


@dataclass(frozen=True, slots=True)
class ChannelWork:
    """A channel with pending rows or edits; `due_at` is the earliest `not_before` of them,
    `edits` how many of its posts wait for an edit."""

    channel: Channel
    due_at: float
    edits: int = 0


class OutboxMixin(_OutboxRows):
    """Plus the queries of the delivery engine (`bot.delivery.outbox`): per channel work,
    pacing history, same-story groups, digests and edits."""

    async def channels_with_work(self) -> list[ChannelWork]:
        rows = await self.fetchall(
            """SELECT platform, workspace, channel, MIN(due) AS due, SUM(edit) AS edits FROM (
                 SELECT platform, workspace, channel, not_before AS due, 0 AS edit
                 FROM deliveries WHERE status = 'pending'
                 UNION ALL
                 SELECT platform, workspace, channel, 0 AS due, 1 AS edit FROM deliveries
                 WHERE needs_edit > 0 AND status = 'sent'
               ) AS work GROUP BY platform, workspace, channel ORDER BY due"""
        )
        return [ChannelWork((r[0], r[1], r[2]), float(r[3]), int(r[4])) for r in rows]

    async def pending_for_channel(self, channel: Channel, *, limit: int = 500) -> list[DeliveryRow]:
        """A channel's pending rows, oldest first (ids grow with insertion time)."""
        rows = await self.fetchall(
            """SELECT * FROM deliveries WHERE status = 'pending' AND platform = ?
               AND workspace = ? AND channel = ? ORDER BY id LIMIT ?""",
            (*channel, limit),
        )
        return [_delivery(r) for r in rows]

    async def sent_times(self, channel: Channel, *, since: float) -> list[float]:
        """When the channel got its posts (articles and digests, not notices) since `since`."""
        rows = await self.fetchall(
            """SELECT sent_at FROM deliveries WHERE platform = ? AND workspace = ?
               AND channel = ? AND sent_at >= ? AND kind IN ('article', 'digest')
               ORDER BY sent_at""",
            (*channel, since),
        )
        return [float(r[0]) for r in rows]

    async def recent_sends(self, *, since: float) -> dict[Channel, list[float]]:
        """Every channel's sends (posts, digests and notices: all count against a platform's
        limits) since `since`, oldest first: what a new process seeds its pacer with."""
        rows = await self.fetchall(
            """SELECT platform, workspace, channel, sent_at FROM deliveries
               WHERE sent_at IS NOT NULL AND sent_at >= ? ORDER BY sent_at""",
            (since,),
        )
        out: dict[Channel, list[float]] = {}
        for r in rows:
            out.setdefault((r[0], r[1], r[2]), []).append(float(r[3]))
        return out

    async def story_candidates(
        self, channel: Channel, *, since: float, before_id: int
    ) -> list[StoryCandidate]:
        """Articles posted in the channel since `since` (and queued before `before_id`) that
        carry a story hash: the posts a new article may join instead of being posted."""
        rows = await self.fetchall(
            """SELECT d.id, d.article_id, a.story_hash, d.sent_at FROM deliveries d
               JOIN articles a ON a.id = d.article_id
               WHERE d.platform = ? AND d.workspace = ? AND d.channel = ? AND d.kind = 'article'
               AND d.status = 'sent' AND d.sent_at >= ? AND d.id < ?
               AND a.story_hash IS NOT NULL ORDER BY d.id""",
            (*channel, since, before_id),
        )
        return [StoryCandidate(r[0], r[1], _unsigned(r[2]), float(r[3])) for r in rows]

    async def merge_delivery(self, delivery_id: int, leader_id: int, reason: str) -> None:
        """The row's article is the same story as the leader's post: do not post it; ask for the
        leader's message to be edited to list it. One transaction, so a crash cannot leave the
        row merged without the edit request."""
        async with self.transaction() as db:
            await db.execute(
                """UPDATE deliveries SET status = 'merged', group_id = ?, reason = ?
                   WHERE id = ? AND status = 'pending'""",
                (leader_id, reason[:500], delivery_id),
            )
            await db.execute(
                """UPDATE deliveries SET needs_edit = needs_edit + 1
                   WHERE id = ? AND status = 'sent'""",
                (leader_id,),
            )

    async def story_group(self, leader_id: int) -> list[tuple[str, str]]:
        """(source name, url) of the articles merged into the leader's post, in merge order."""
        rows = await self.fetchall(
            """SELECT s.name, COALESCE(a.url, '') FROM deliveries d
               JOIN articles a ON a.id = d.article_id JOIN sources s ON s.id = a.source_id
               WHERE d.group_id = ? AND d.status = 'merged' ORDER BY d.id""",
            (leader_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def delivery_parent(self, delivery_id: int) -> int | None:
        """The delivery a merged row joined, or the digest a digested row is listed in."""
        row = await self.fetchone(
            "SELECT COALESCE(group_id, digest_id) FROM deliveries WHERE id = ?", (delivery_id,)
        )
        return None if row is None or row[0] is None else int(row[0])

    async def edits_due(self, channel: Channel) -> list[EditRow]:
        rows = await self.fetchall(
            """SELECT id, article_id, platform, workspace, channel, message_id, needs_edit
               FROM deliveries WHERE needs_edit > 0 AND status = 'sent'
               AND message_id IS NOT NULL AND article_id IS NOT NULL
               AND platform = ? AND workspace = ? AND channel = ? ORDER BY id""",
            channel,
        )
        return [EditRow(*tuple(r)) for r in rows]

    async def mark_edited(self, delivery_id: int, seen: int) -> bool:
        """Clear the edit request if nobody raised it again since it was read (`seen`)."""
        async with self.transaction() as db:
            cur = await db.execute(
                """UPDATE deliveries SET needs_edit = 0, edited_at = ?
                   WHERE id = ? AND needs_edit = ?""",
                (self.clock(), delivery_id, seen),
            )
            return cur.rowcount > 0

    async def last_digest_at(self, channel: Channel) -> float | None:
        row = await self.fetchone(
            """SELECT MAX(created_at) FROM deliveries WHERE kind = 'digest'
               AND platform = ? AND workspace = ? AND channel = ?""",
            channel,
        )
        return None if row is None or row[0] is None else float(row[0])

    async def create_digest(
        self, channel: Channel, delivery_ids: Sequence[int], payload: str
    ) -> int | None:
        """Queue one digest listing the given pending article rows, and mark them 'digested'
        pointing at it, in one transaction. The digest's key derives from its first row's key
        (not its row id, which a restore may reuse), so it is unique and the same after a
        crash. None if those rows were already digested."""
        if not delivery_ids:
            return None
        now = self.clock()
        async with self.transaction() as db:
            first = await db.execute(
                "SELECT idem_key FROM deliveries WHERE id = ?", (min(delivery_ids),)
            )
            row = await first.fetchone()
            if row is None:
                return None
            key = delivery_key("digest", row[0], *channel, installation=self.installation_id)
            cur = await db.execute(
                """INSERT INTO deliveries (article_id, platform, workspace, channel, kind, payload,
                     idem_key, created_at, not_before) VALUES (NULL, ?, ?, ?, 'digest', ?, ?, ?, ?)
                   ON CONFLICT (idem_key) DO NOTHING RETURNING id""",
                (*channel, payload, key, now, now),
            )
            made = await cur.fetchone()
            if made is None:
                return None
            digest_id = int(made[0])
            where, params = one_of(self.dialect, "id", delivery_ids)
            await db.execute(
                f"""UPDATE deliveries SET status = 'digested', digest_id = ?,
                    reason = 'listed in a digest' WHERE {where} AND status = 'pending'""",
                (digest_id, *params),
            )
            return digest_id

    async def requeue(self, delivery_id: int) -> None:
        """Make a row due now again (an admin's retry of a failed post)."""
        async with self.transaction() as db:
            await db.execute(
                """UPDATE deliveries SET status = 'pending', not_before = 0, reason = NULL
                   WHERE id = ? AND status = 'failed'""",
                (delivery_id,),
            )
