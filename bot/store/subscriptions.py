"""Subscriptions (channel × topic or source) and per-channel settings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.store.db import Database
from bot.store.engine import Row
from bot.store.rows import SubscriptionRow

__all__ = ["SubscriptionsMixin"]

Channel = tuple[str, str, str]  # platform, workspace, channel


def _sub(row: Row) -> SubscriptionRow:
    return SubscriptionRow(
        id=row["id"],
        platform=row["platform"],
        workspace=row["workspace"],
        channel=row["channel"],
        topic=row["topic"],
        source=row["source"],
        origin=row["origin"],
        created_by=row["created_by"],
        paused=bool(row["paused"]),
        paused_reason=row["paused_reason"],
    )


class SubscriptionsMixin(Database):
    async def sync_file_channels(
        self, channels: Iterable[tuple[Channel, tuple[str, ...], tuple[str, ...], dict[str, Any]]]
    ) -> None:
        """Make the file-origin subscriptions and channel settings match config.toml. Chat-made
        subscriptions and settings are kept: chat edits win over the file until removed."""
        channels = list(channels)
        async with self.transaction() as db:
            await self._one_config_sync(db)
            await db.execute("DELETE FROM subscriptions WHERE origin = 'file'")
            for (platform, workspace, channel), topics, sources, settings in channels:
                for topic in topics:
                    await db.execute(
                        """INSERT INTO subscriptions (platform, workspace, channel, topic, origin,
                           created_at) VALUES (?, ?, ?, ?, 'file', ?) ON CONFLICT DO NOTHING""",
                        (platform, workspace, channel, topic, self.clock()),
                    )
                for source in sources:
                    await db.execute(
                        """INSERT INTO subscriptions (platform, workspace, channel, source, origin,
                           created_at) VALUES (?, ?, ?, ?, 'file', ?) ON CONFLICT DO NOTHING""",
                        (platform, workspace, channel, source, self.clock()),
                    )
                await db.execute(
                    """INSERT INTO channels (platform, workspace, channel, settings, origin)
                       VALUES (?, ?, ?, ?, 'file')
                       ON CONFLICT (platform, workspace, channel)
                       DO UPDATE SET settings = excluded.settings
                       WHERE channels.origin = 'file'""",
                    (platform, workspace, channel, json.dumps(settings)),
                )

    async def subscribe(
        self,
        channel: Channel,
        *,
        topic: str | None = None,
        source: str | None = None,
        by: str | None = None,
    ) -> bool:
        """Add a chat-made subscription; False if the channel already had it."""
        async with self.transaction() as db:
            cur = await db.execute(
                """INSERT INTO subscriptions (platform, workspace, channel, topic, source, origin,
                   created_by, created_at) VALUES (?, ?, ?, ?, ?, 'chat', ?, ?)
                   ON CONFLICT DO NOTHING""",
                (*channel, topic, source, by, self.clock()),
            )
            return cur.rowcount > 0

    async def unsubscribe(
        self, channel: Channel, *, topic: str | None = None, source: str | None = None
    ) -> bool:
        async with self.transaction() as db:
            cur = await db.execute(
                """DELETE FROM subscriptions WHERE platform = ? AND workspace = ? AND channel = ?
                   AND COALESCE(topic, '') = ? AND COALESCE(source, '') = ?""",
                (*channel, topic or "", source or ""),
            )
            return cur.rowcount > 0

    async def list_subscriptions(self, channel: Channel | None = None) -> list[SubscriptionRow]:
        if channel is None:
            rows = await self.fetchall("SELECT * FROM subscriptions ORDER BY platform, channel, id")
        else:
            rows = await self.fetchall(
                "SELECT * FROM subscriptions WHERE platform = ? AND workspace = ? AND channel = ?"
                " ORDER BY id",
                channel,
            )
        return [_sub(r) for r in rows]

    async def pause_channel(self, channel: Channel, reason: str) -> bool:
        """Pause every subscription of a channel the platform refuses; True if any was active
        (so the admins are told once, not at every attempt)."""
        async with self.transaction() as db:
            cur = await db.execute(
                """UPDATE subscriptions SET paused = 1, paused_reason = ?
                   WHERE platform = ? AND workspace = ? AND channel = ? AND paused = 0""",
                (reason, *channel),
            )
            return cur.rowcount > 0

    async def channel_settings(self, channel: Channel) -> dict[str, Any]:
        row = await self.fetchone(
            "SELECT settings FROM channels WHERE platform = ? AND workspace = ? AND channel = ?",
            channel,
        )
        return dict(json.loads(row["settings"])) if row else {}

    async def all_channel_settings(self) -> dict[Channel, dict[str, Any]]:
        rows = await self.fetchall("SELECT * FROM channels")
        return {
            (r["platform"], r["workspace"], r["channel"]): dict(json.loads(r["settings"]))
            for r in rows
        }

    async def all_channel_origins(self) -> dict[Channel, tuple[dict[str, Any], str]]:
        """Each channel's settings and where they were last set ('file' or 'chat')."""
        rows = await self.fetchall("SELECT * FROM channels ORDER BY platform, workspace, channel")
        return {
            (r["platform"], r["workspace"], r["channel"]): (
                dict(json.loads(r["settings"])),
                r["origin"],
            )
            for r in rows
        }

    async def set_channel_settings(
        self, channel: Channel, settings: dict[str, Any], origin: str = "chat"
    ) -> None:
        async with self.transaction() as db:
            await db.execute(
                """INSERT INTO channels (platform, workspace, channel, settings, origin)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (platform, workspace, channel)
                   DO UPDATE SET settings = excluded.settings,
                   origin = excluded.origin""",
                (*channel, json.dumps(settings), origin),
            )

    async def paused_channels(self) -> dict[Channel, str]:
        """Channels whose every subscription is paused (the platform refused them), with the
        reason: their queued posts wait, and are not retried, until an admin resumes them."""
        rows = await self.fetchall(
            """SELECT platform, workspace, channel, MAX(paused_reason) AS reason
               FROM subscriptions GROUP BY platform, workspace, channel
               HAVING MIN(paused) = 1"""
        )
        return {(r[0], r[1], r[2]): r[3] or "paused" for r in rows}

    async def resume_channel(self, channel: Channel) -> bool:
        """Undo `pause_channel`: its queued posts flow again."""
        async with self.transaction() as db:
            cur = await db.execute(
                """UPDATE subscriptions SET paused = 0, paused_reason = NULL
                   WHERE platform = ? AND workspace = ? AND channel = ? AND paused = 1""",
                channel,
            )
            return cur.rowcount > 0
