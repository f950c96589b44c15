"""Reactions on the bot's posts, settings edited from chat, and the audit log of admin edits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.store.db import Database

__all__ = ["AdminMixin", "AuditEntry", "TopPost"]


@dataclass(frozen=True, slots=True)
class TopPost:
    article_id: int
    title: str
    url: str | None
    reactions: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: float
    actor: str
    action: str
    subject: str
    before: Any
    after: Any


class AdminMixin(Database):
    async def record_reaction(
        self, delivery_id: int, emoji: str, user_id: str, *, added: bool
    ) -> None:
        now = self.clock()
        async with self.transaction() as db:
            if added:
                await db.execute(
                    """INSERT INTO reactions (delivery_id, emoji, user_id, added_at)
                       VALUES (?, ?, ?, ?) ON CONFLICT (delivery_id, emoji, user_id)
                       DO UPDATE SET removed_at = NULL,
                       added_at = excluded.added_at""",
                    (delivery_id, emoji, user_id, now),
                )
            else:
                await db.execute(
                    """UPDATE reactions SET removed_at = ? WHERE delivery_id = ? AND emoji = ?
                       AND user_id = ? AND removed_at IS NULL""",
                    (now, delivery_id, emoji, user_id),
                )

    async def top_posts(self, *, since: float, limit: int = 5) -> list[TopPost]:
        """Articles ranked by live reactions on their posts made since `since`."""
        rows = await self.fetchall(
            """SELECT a.id, a.title, a.url, COUNT(r.id) AS n
               FROM articles a JOIN deliveries d ON d.article_id = a.id
               JOIN reactions r ON r.delivery_id = d.id AND r.removed_at IS NULL
               WHERE d.sent_at >= ? AND d.kind = 'article'
               GROUP BY a.id ORDER BY n DESC, a.id DESC LIMIT ?""",
            (since, limit),
        )
        return [TopPost(r["id"], r["title"], r["url"], r["n"]) for r in rows]

    async def get_setting(self, key: str) -> Any:
        row = await self.fetchone("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(row["value"]) if row else None

    async def all_settings(self) -> dict[str, Any]:
        rows = await self.fetchall("SELECT key, value FROM settings ORDER BY key")
        return {r["key"]: json.loads(r["value"]) for r in rows}

    async def set_setting(self, key: str, value: Any, *, actor: str, action: str = "set") -> None:
        """Store an admin edit and its audit entry (before/after) in one transaction."""
        now = self.clock()
        async with self.transaction() as db:
            cur = await db.execute("SELECT value FROM settings WHERE key = ?", (key,))
            row = await cur.fetchone()
            before = row["value"] if row else None
            if value is None:
                await db.execute("DELETE FROM settings WHERE key = ?", (key,))
                after = None
            else:
                after = json.dumps(value, sort_keys=True)
                await db.execute(
                    """INSERT INTO settings (key, value, origin, updated_by, updated_at)
                       VALUES (?, ?, 'chat', ?, ?)
                       ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                       updated_by = excluded.updated_by, updated_at = excluded.updated_at""",
                    (key, after, actor, now),
                )
            await db.execute(
                """INSERT INTO audit_log (at, actor, action, subject, before, after)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (now, actor, action, key, before, after),
            )

    async def record_audit(
        self, actor: str, action: str, subject: str, before: Any, after: Any
    ) -> None:
        """An admin edit stored elsewhere (a subscription, a source, channel settings)."""
        async with self.transaction() as db:
            await db.execute(
                """INSERT INTO audit_log (at, actor, action, subject, before, after)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (
                    self.clock(),
                    actor,
                    action,
                    subject,
                    None if before is None else json.dumps(before, sort_keys=True),
                    None if after is None else json.dumps(after, sort_keys=True),
                ),
            )

    async def audit(self, *, limit: int = 50) -> list[AuditEntry]:
        rows = await self.fetchall("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
        return [
            AuditEntry(
                r["at"],
                r["actor"],
                r["action"],
                r["subject"],
                json.loads(r["before"]) if r["before"] else None,
                json.loads(r["after"]) if r["after"] else None,
            )
            for r in rows
        ]

    async def log_audit(
        self, *, actor: str, action: str, subject: str, before: Any = None, after: Any = None
    ) -> None:
        """An audit entry for something the bot did on its own (a channel paused after the
        platform refused it), so admins find it beside their own edits."""
        await self.record_audit(actor, action, subject, before, after)
