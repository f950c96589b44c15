"""Thread replies: a same-story source posted into the thread of the post it joined.

The reply belongs to the merged row (the article that joined): its `message_id` is set once
the reply is on the platform, and `note_attempt` counts tries before sending, so after a crash
a reply with attempts > 0 is looked up by the row's key before it is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.db import Database

__all__ = ["ThreadReply", "ThreadsMixin"]


@dataclass(frozen=True, slots=True)
class ThreadReply:
    id: int
    idem_key: str
    attempts: int
    source_name: str
    url: str
    title: str


class ThreadsMixin(Database):
    async def thread_replies_due(self, leader_id: int) -> list[ThreadReply]:
        """The articles merged into `leader_id`'s post that are not yet in its thread."""
        rows = await self.fetchall(
            """SELECT d.id, d.idem_key, d.attempts, s.name, COALESCE(a.url, ''), a.title
               FROM deliveries d JOIN articles a ON a.id = d.article_id
               JOIN sources s ON s.id = a.source_id
               WHERE d.group_id = ? AND d.status = 'merged' AND d.message_id IS NULL
               ORDER BY d.id""",
            (leader_id,),
        )
        return [ThreadReply(*tuple(r)) for r in rows]

    async def mark_replied(self, delivery_id: int, message_id: str) -> None:
        async with self.transaction() as db:
            await db.execute(
                "UPDATE deliveries SET message_id = ? WHERE id = ? AND status = 'merged'",
                (message_id, delivery_id),
            )
