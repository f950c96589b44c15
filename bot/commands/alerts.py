"""`/news alert …`, the Slack App Home listing and "Why was this posted?" on a message.

A mixin of `Commands` (it uses the store, the audit log and `why` the same way), kept in its
own module so the handlers of issue 20's parts stay apart.

Alerts. A person's phrase is kept per workspace (Discord guild, Slack team) where it was made,
and only there does it fire: when the bot posts a matching article in any channel of that
workspace (see `bot.delivery.alerts` for the match and what the DM shows, and
`Outbox._queue_alerts` for the queueing, the daily cap and once-per-article). Alerts are
refused in direct messages: a DM names no workspace, so there is nowhere the alert could fire.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.commands import mentions
from bot.commands.types import Caller, CommandError, Reply, ReplyAction, ReplyItem
from bot.delivery.ports import ChannelRef
from bot.store import Store

if TYPE_CHECKING:
    from bot.commands.handlers import WhyFn

__all__ = ["MAX_ALERTS", "MAX_PHRASE", "AlertCommands"]

MAX_ALERTS = 25
MAX_PHRASE = 100
_NOT_IN_DM = (
    "Alerts work in a server or workspace channel where newsbot is, not in a direct message: "
    "type the command in one of its channels. Nothing was changed."
)


def _needs(permission: str) -> Callable[[Any], Any]:
    # `handlers.needs`, without importing handlers (which imports this module).
    def mark(fn: Any) -> Any:
        fn.__newsbot_permission__ = permission
        return fn

    return mark


class AlertCommands:
    store: Store
    _why: WhyFn | None
    _audit: Callable[[Caller, str, str, Any, Any], Awaitable[None]]

    # ── /news alert add|remove|list ─────────────────────────────────────────────────────

    @_needs("anyone")
    async def alert(self, caller: Caller, action: str = "list", phrase: str = "") -> Reply:
        if caller.in_direct_message or not caller.workspace:
            raise CommandError(_NOT_IN_DM)
        action = action.strip().lower()
        phrase = " ".join(phrase.split())
        where = (caller.platform, caller.workspace, caller.user_id)
        if action == "list":
            phrases = await self.store.list_alerts(*where)
            if not phrases:
                return Reply("You have no alerts here. `/news alert add <keyword or phrase>`.")
            return Reply("Your alerts here:", tuple(ReplyItem(p) for p in phrases))
        if action not in ("add", "remove"):
            raise CommandError(f"alert takes add, remove or list, not {action!r}.")
        if not phrase:
            raise CommandError(f"Say which words, e.g. `/news alert {action} light rail`.")
        if action == "remove":
            if not await self.store.remove_alert(*where, phrase):
                raise CommandError(
                    f"You have no alert {phrase!r} here; `/news alert list` shows yours."
                )
            await self._audit(caller, "alert remove", caller.actor, phrase, None)
            return Reply(f"Removed your alert {phrase!r}.")
        if len(phrase) > MAX_PHRASE or not any(c.isalnum() for c in phrase):
            raise CommandError(
                f"An alert is a keyword or phrase of letters or digits, at most {MAX_PHRASE} "
                "characters. Nothing was changed."
            )
        if len(await self.store.list_alerts(*where)) >= MAX_ALERTS:
            raise CommandError(f"You have {MAX_ALERTS} alerts here already; remove one first.")
        if not await self.store.add_alert(*where, phrase):
            return Reply(f"You already have the alert {phrase!r}.")
        await self._audit(caller, "alert add", caller.actor, None, phrase)
        return Reply(
            f"Alert set: when newsbot posts an article matching {phrase!r} in a channel of this "
            "server or workspace, it sends you a direct message (a few a day at most)."
        )

    # ── Slack App Home: the workspace's subscriptions, with buttons ───────────────────────

    @_needs("anyone")
    async def home(self, caller: Caller) -> Reply:
        subs = [
            s
            for s in await self.store.list_subscriptions()
            if (s.platform, s.workspace) == (caller.platform, caller.workspace)
        ]
        if not subs:
            return Reply("No channel here follows anything yet. `/news subscribe <topic>`.")
        items = []
        for s in subs:
            if s.topic is not None:
                title = f"topic {s.topic}"
                action = ReplyAction(
                    "Unsubscribe",
                    "news",
                    f"unsubscribe {shlex.quote(s.topic)}",
                    s.channel,
                    "danger",
                )
            else:
                title = f"source {s.source}"
                action = ReplyAction(
                    "Mute source",
                    "newsadmin",
                    f"source pause {shlex.quote(s.source or '')}",
                    s.channel,
                )
            state = f"paused: {s.paused_reason or ''}" if s.paused else "active"
            if s.origin == "file":
                # Its Unsubscribe is refused (the next reload would undo it); say why up front.
                state += "; from config.toml"
            items.append(ReplyItem(title, None, state, (action,)))
        return Reply("Subscriptions in this workspace:", tuple(items))

    # ── "Why was this posted?" on one of the bot's messages ─────────────────────────────

    @_needs("anyone")
    async def why_message(self, caller: Caller, message_id: str) -> Reply:
        row = await self.store.delivery_by_message(caller.platform, caller.channel, message_id)
        if row is None:
            return Reply("newsbot has no record of posting that message here.", ok=False)
        if row.article_id is None:
            return Reply(f"That is a newsbot {row.kind}, not an article post.")
        article = await self.store.get_article(row.article_id)
        if article is None or not article.url or self._why is None:
            return Reply("newsbot posted that message, but no longer has its article's record.")
        lines = await self._why(self.store, article.url, caller.channel)
        key = str(ChannelRef(*caller.channel_key))
        return Reply(mentions.channel_named("\n".join(lines), key, caller.channel))
