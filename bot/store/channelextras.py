"""What the channel-format commands read and keep: a channel's recent candidate articles (the
filter preview) and the webhook a channel posts through when an admin created it from chat.

Why the webhook lives in `meta` and not in the channel's settings: the webhook's token is a
credential (anyone holding it can post as the webhook). Channel settings are shown by
`config show`, echoed by `channel set` and copied into the audit log; `meta` is read by nothing
that prints. The database already holds what matters most to this bot, so a leaked database is
a leaked bot either way; a token kept out of every listing is the part we can control.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.store.articles import _SELECT, _article, topics_any
from bot.store.db import Database
from bot.store.rows import ArticleRow

__all__ = ["ChannelExtrasMixin"]

Channel = tuple[str, str, str]
_WEBHOOK = "webhook:"


def _webhook_key(channel: Channel) -> str:
    return _WEBHOOK + json.dumps(list(channel))


class ChannelExtrasMixin(Database):
    async def candidate_articles(
        self, *, topics: Sequence[str], sources: Sequence[str], limit: int = 20
    ) -> list[ArticleRow]:
        """The newest articles a channel following `topics` and `sources` would be offered,
        before its filters: what a filter preview runs on."""
        if not topics and not sources:
            return []
        source_marks = ",".join("?" * len(sources)) or "NULL"
        t_sql, t_params = topics_any(self.dialect, topics)
        rows = await self.fetchall(
            _SELECT + f" WHERE a.posted = 1 AND (s.name IN ({source_marks}) OR {t_sql})"
            " ORDER BY COALESCE(a.published, a.first_seen_at) DESC, a.id DESC LIMIT ?",
            (*sources, *t_params, limit),
        )
        return [_article(r) for r in rows]

    async def set_channel_webhook(self, channel: Channel, hook: dict[str, Any] | None) -> None:
        """Store (or with None, forget) the webhook `channel` posts through."""
        async with self.transaction() as db:
            if hook is None:
                await db.execute("DELETE FROM meta WHERE key = ?", (_webhook_key(channel),))
                return
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_webhook_key(channel), json.dumps(hook)),
            )

    async def channel_webhook(self, channel: Channel) -> dict[str, Any] | None:
        row = await self.fetchone("SELECT value FROM meta WHERE key = ?", (_webhook_key(channel),))
        return dict(json.loads(row["value"])) if row else None

    async def channel_webhooks(self, platform: str) -> dict[Channel, dict[str, Any]]:
        rows = await self.fetchall("SELECT key, value FROM meta WHERE key LIKE 'webhook:%'")
        out: dict[Channel, dict[str, Any]] = {}
        for r in rows:
            p, w, c = json.loads(r["key"].removeprefix(_WEBHOOK))
            if p == platform:
                out[(p, w, c)] = dict(json.loads(r["value"]))
        return out
