"""Keyword alerts to a person, and the direct messages they cause (outbox rows of kind
'alert', channel ``@<user id>``), capped per person per day and keyed by article × person."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.articles import delivery_key
from bot.store.db import Database

__all__ = ["AlertRow", "AlertsMixin", "alert_channel", "fold_phrase"]

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class AlertRow:
    platform: str
    workspace: str
    user_id: str
    phrase: str


def fold_phrase(phrase: str) -> str:
    """What makes two phrases the same alert: case and runs of spaces do not count."""
    return " ".join(phrase.casefold().split())


def alert_channel(user_id: str) -> str:
    """The outbox channel of a person's direct messages: the adapter opens the DM itself."""
    return "@" + user_id


class AlertsMixin(Database):
    async def add_alert(self, platform: str, workspace: str, user_id: str, phrase: str) -> bool:
        """False if the person already has this phrase in this workspace."""
        async with self.transaction() as db:
            cur = await db.execute(
                """INSERT INTO alerts (platform, workspace, user_id, phrase, folded, created_at)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                (platform, workspace, user_id, phrase, fold_phrase(phrase), self.clock()),
            )
            return cur.rowcount > 0

    async def remove_alert(self, platform: str, workspace: str, user_id: str, phrase: str) -> bool:
        async with self.transaction() as db:
            cur = await db.execute(
                """DELETE FROM alerts WHERE platform = ? AND workspace = ? AND user_id = ?
                   AND folded = ?""",
                (platform, workspace, user_id, fold_phrase(phrase)),
            )
            return cur.rowcount > 0

    async def list_alerts(self, platform: str, workspace: str, user_id: str) -> list[str]:
        rows = await self.fetchall(
            """SELECT phrase FROM alerts WHERE platform = ? AND workspace = ? AND user_id = ?
               ORDER BY id""",
            (platform, workspace, user_id),
        )
        return [str(r[0]) for r in rows]

    async def alerts_in(self, platform: str, workspace: str) -> list[AlertRow]:
        """Every alert made in one workspace (guild / team)."""
        rows = await self.fetchall(
            """SELECT platform, workspace, user_id, phrase FROM alerts
               WHERE platform = ? AND workspace = ? ORDER BY id""",
            (platform, workspace),
        )
        return [AlertRow(*tuple(r)) for r in rows]

    async def enqueue_alert(
        self, alert: AlertRow, article_ref: str, payload: str, *, per_day: int
    ) -> bool:
        """Queue one direct message to `alert.user_id` about an article, unless that person
        already has one for it (any workspace: the key names the article and the person, not
        the workspace) or got `per_day` in the last 24 hours. The count and the insert are one
        transaction, so two workers cannot both take the last one of the day."""
        channel = alert_channel(alert.user_id)
        key = delivery_key(
            "alert", article_ref, alert.platform, "", channel, installation=self.installation_id
        )
        now = self.clock()
        async with self.transaction() as db:
            if self.dialect == "postgresql":
                # Transactions run side by side there (several processes, READ COMMITTED):
                # one at a time per person, until commit, so the count stays true.
                await db.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(?))",
                    (f"newsbot:alert:{alert.platform}:{channel}",),
                )
            cur = await db.execute(
                """SELECT COUNT(*) FROM deliveries WHERE kind = 'alert' AND platform = ?
                   AND channel = ? AND created_at > ?""",
                (alert.platform, channel, now - DAY),
            )
            row = await cur.fetchone()
            if row is not None and int(row[0]) >= per_day:
                return False
            cur2 = await db.execute(
                """INSERT INTO deliveries (article_id, platform, workspace, channel, kind, payload,
                     idem_key, created_at) VALUES (NULL, ?, ?, ?, 'alert', ?, ?, ?)
                   ON CONFLICT (idem_key) DO NOTHING""",
                (alert.platform, alert.workspace, channel, payload, key, now),
            )
            return cur2.rowcount > 0
