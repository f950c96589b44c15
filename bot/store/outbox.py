"""The outbox: one row per article × channel (and per notice or digest), sent at most once."""

from __future__ import annotations

import aiosqlite

from bot.store.articles import delivery_key
from bot.store.db import Database
from bot.store.rows import DeliveryRow

__all__ = ["OutboxMixin"]


def _delivery(row: aiosqlite.Row) -> DeliveryRow:
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


class OutboxMixin(Database):
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

    async def note_attempt(self, delivery_id: int) -> None:
        """Count an attempt BEFORE sending: a row with attempts > 0 may already be on the
        platform, so the adapter looks its key up before sending again."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?", (delivery_id,)
            )

    async def mark_sent(self, delivery_id: int, message_id: str) -> None:
        async with self.transaction() as db:
            await db.execute(
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

    async def enqueue_notice(
        self, channel: tuple[str, str, str], ref: str, payload: str
    ) -> bool:
        """A notice (source paused, channel problem) through the normal path; `ref` makes it
        idempotent, so the same notice is queued once."""
        key = delivery_key("notice", ref, *channel)
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
