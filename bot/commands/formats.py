"""`/newsadmin channel format`, `/newsadmin filter add|remove|list` and `/newsadmin channel
webhook`: how a channel's posts look, what reaches it, and who they are posted as.

A mixin of `Commands` (bot/commands/handlers.py), so the permission check, the audit log and
the effect-at-once (`_changed`) are the same as every other admin command's. Every value goes
through the config models (`ChannelConfig`) before it is stored, so chat refuses what
config.toml would refuse, with the same message.

Preview before saving. `format` and `filter add` take `preview:true`: the reply shows the result
on the channel's recent articles and nothing is stored. Without it the setting is saved and the
reply shows the same preview, so an admin always sees what the change does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, Protocol

from pydantic import ValidationError

from bot.commands.effective import validation_message
from bot.commands.marks import needs
from bot.commands.types import Caller, CommandError, Reply, ReplyItem
from bot.config.models import ChannelConfig
from bot.delivery.filters import FilterSet
from bot.delivery.posts import post_for_article
from bot.delivery.templates import FIELDS, plain_preview, with_format

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.rows import ArticleRow

__all__ = ["PREVIEW_ARTICLES", "FormatCommands", "WebhookMaker", "channel_id_of"]

#: How many of a channel's recent candidate articles a filter preview runs on.
PREVIEW_ARTICLES: Final = 20


class WebhookMaker(Protocol):
    """Makes and deletes the channel's webhook on the platform (the Discord cog passes one)."""

    async def create(self, name: str) -> tuple[str, str]:
        """A new webhook named `name` in the channel: (webhook id, token). Raises
        `CommandError` with a message for the admin."""
        ...

    async def delete(self, webhook_id: str, token: str) -> str | None:
        """Delete a webhook made earlier; why it could not be, or None (gone already counts
        as done)."""
        ...


_OFF: Final = ("", "off", "none")
# `<#id>` / `<#id|name>`, or a bare id: Slack's C…/G…, Discord's snowflake. A bare `#name`
# is refused rather than guessed at (Slack sends names, not ids, unless the command escapes).
_CHANNEL_REF = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$|^#?([CG][A-Z0-9]{6,}|[0-9]{15,21})$")
_FIELD_LIST: Final = " ".join("{" + f + "}" for f in FIELDS)

Channel = tuple[str, str, str]


def channel_id_of(text: str) -> str:
    """A channel as typed: `<#C123|news>` (Slack), `<#123>` (Discord), `#C123` or the id."""
    m = _CHANNEL_REF.match(text.strip())
    if m is None:
        raise CommandError(
            f"{text[:80]!r} is not a channel id; give the channel's id (Slack: C…, from its "
            "details), or run the command in that channel without channel."
        )
    return m.group(1) or m.group(2)


class FormatCommands:
    """Handlers for a channel's format, filters and webhook; mixed into `Commands`."""

    if TYPE_CHECKING:
        store: Store

        async def _changed(self) -> None: ...

        async def _audit(
            self, caller: Caller, action: str, subject: str, before: Any, after: Any
        ) -> None: ...

    # ── /newsadmin channel format ────────────────────────────────────────────────────────

    @needs("admin")
    async def channel_format(
        self,
        caller: Caller,
        *,
        style: str | None = None,
        template: str | None = None,
        preview: bool = False,
    ) -> Reply:
        if style is None and template is None:
            raise CommandError(
                "Say how posts should look: style:full, style:compact or style:headline, and/or "
                f'template:"…" with placeholders {_FIELD_LIST} (off: no template).'
            )
        current = await self.store.channel_settings(caller.channel_key)
        updated = dict(current)
        if style is not None:
            updated["format"] = style.strip().lower()
        if template is not None:
            # A Discord option is one line: `\n` typed in it stands for a line break.
            typed = template.replace("\\n", "\n")
            updated["template"] = None if template.strip().lower() in _OFF else typed
        self._check_channel(
            caller.channel, format=updated.get("format") or "full", template=updated.get("template")
        )
        shown = await self._format_preview(caller.channel_key, updated)
        if preview:
            return Reply(f"Preview (nothing saved):\n{shown}")
        await self.store.set_channel_settings(caller.channel_key, updated, origin="chat")
        before = {k: current.get(k) for k in ("format", "template")}
        after = {k: updated.get(k) for k in ("format", "template")}
        await self._audit(caller, "channel format", str(caller.channel_key), before, after)
        await self._changed()
        what = f"style {updated.get('format') or 'full'}"
        if updated.get("template"):
            what = "the template"
        return Reply(f"Posts here now use {what}. Preview:\n{shown}", ephemeral=False)

    async def _format_preview(self, channel: Channel, settings: dict[str, Any]) -> str:
        recent = await self._recent_candidates(channel, limit=1)
        if not recent:
            return "(no article yet to preview on; the next post will use it)"
        post = with_format(post_for_article(recent[0]), settings)
        return plain_preview(post, limit=1500)

    # ── /newsadmin filter … ──────────────────────────────────────────────────────────────

    @needs("admin")
    async def filter_add(
        self,
        caller: Caller,
        *,
        channel: str | None = None,
        include: str | None = None,
        exclude: str | None = None,
        preview: bool = False,
    ) -> Reply:
        if (include is None) == (exclude is None):
            raise CommandError(
                "Give one filter: include:<words or /regex/> or exclude:<words or /regex/>."
            )
        key = self._filter_channel(caller, channel)
        kind, text = ("include", include) if include is not None else ("exclude", exclude)
        assert text is not None
        current = await self.store.channel_settings(key)
        updated = dict(current)
        entries = [str(x) for x in (current.get(kind) or ())]
        if text in entries:
            raise CommandError(f"That channel already has {kind} filter {text!r}.")
        updated[kind] = [*entries, text]
        self._check_channel(
            key[2], include=updated.get("include") or (), exclude=updated.get("exclude") or ()
        )
        passing = await self._filter_preview(key, updated)
        if preview:
            return Reply(
                f"Preview of {kind} {text!r} (nothing saved): {passing.text}", passing.items
            )
        await self.store.set_channel_settings(key, updated, origin="chat")
        await self._audit(caller, "filter add", str(key), current.get(kind), updated[kind])
        await self._changed()
        return Reply(
            f"Added {kind} filter {text!r}. {passing.text}", passing.items, ephemeral=False
        )

    @needs("admin")
    async def filter_remove(
        self,
        caller: Caller,
        *,
        channel: str | None = None,
        include: str | None = None,
        exclude: str | None = None,
    ) -> Reply:
        if (include is None) == (exclude is None):
            raise CommandError("Say which filter to remove: include:<text> or exclude:<text>.")
        key = self._filter_channel(caller, channel)
        kind, text = ("include", include) if include is not None else ("exclude", exclude)
        current = await self.store.channel_settings(key)
        entries = [str(x) for x in (current.get(kind) or ())]
        if text not in entries:
            listed = ", ".join(repr(e) for e in entries) or "none"
            raise CommandError(f"No {kind} filter {text!r} there; its {kind} filters: {listed}.")
        updated = {**current, kind: [e for e in entries if e != text]}
        await self.store.set_channel_settings(key, updated, origin="chat")
        await self._audit(caller, "filter remove", str(key), entries, updated[kind])
        await self._changed()
        return Reply(f"Removed {kind} filter {text!r}.", ephemeral=False)

    @needs("admin")
    async def filter_list(self, caller: Caller, *, channel: str | None = None) -> Reply:
        key = self._filter_channel(caller, channel)
        settings = await self.store.channel_settings(key)
        items = tuple(
            ReplyItem(str(text), None, kind)
            for kind in ("include", "exclude")
            for text in settings.get(kind) or ()
        )
        if not items:
            return Reply(
                "No filters there: every article of its topics and sources is posted. "
                "`/newsadmin filter add include:<words>` adds one."
            )
        return Reply("Filters (an article needs one include, if any, and no exclude):", items)

    async def _filter_preview(self, channel: Channel, settings: dict[str, Any]) -> Reply:
        recent = await self._recent_candidates(channel, limit=PREVIEW_ARTICLES)
        if not recent:
            return Reply("No recent articles for that channel to preview on.")
        filters = FilterSet.from_settings(settings)
        items = []
        passed = 0
        for a in recent:
            verdict = filters.check(a.title, a.summary)
            passed += verdict.passed
            items.append(ReplyItem(a.title, a.url, "passes" if verdict.passed else verdict.reason))
        return Reply(f"{passed} of the last {len(recent)} articles would be posted:", tuple(items))

    # ── /newsadmin channel webhook ───────────────────────────────────────────────────────

    @needs("admin")
    async def channel_webhook(
        self,
        caller: Caller,
        *,
        name: str | None = None,
        avatar: str | None = None,
        remove: bool = False,
        webhooks: WebhookMaker | None = None,
    ) -> Reply:
        """Post here through a webhook the bot makes itself (Discord). The token is stored
        where nothing prints it (see bot/store/channelextras.py) and never shown."""
        if caller.platform != "discord":
            raise CommandError("Posting through a webhook is a Discord feature.")
        key = caller.channel_key
        before = await self.store.channel_webhook(key)
        shown_before = _public(before)
        if remove:
            if before is None:
                return Reply("This channel does not post through a webhook made from chat.")
            await self.store.set_channel_webhook(key, None)
            await self._audit(caller, "channel webhook", str(key), shown_before, None)
            await self._changed()
            note = await _delete_old(webhooks, before)
            return Reply(f"Posts here go out as the bot again.{note}", ephemeral=False)
        if not name or not name.strip():
            raise CommandError("Give the webhook a name, e.g. `name:City Desk`.")
        name = name.strip()
        self._check_channel(
            caller.channel, platform="discord", webhook_username=name, webhook_avatar_url=avatar
        )
        if webhooks is None:
            raise CommandError("The webhook can only be made from Discord.")
        webhook_id, token = await webhooks.create(name)
        hook = {"id": webhook_id, "token": token, "username": name, "avatar_url": avatar}
        await self.store.set_channel_webhook(key, hook)
        await self._audit(caller, "channel webhook", str(key), shown_before, _public(hook))
        await self._changed()
        note = await _delete_old(webhooks, before)  # the one it replaces
        return Reply(f"Posts here now go out as {name!r} through a webhook.{note}", ephemeral=False)

    # ── helpers ──────────────────────────────────────────────────────────────────────────

    def _check_channel(self, channel: str, **fields: Any) -> None:
        check = {k: (tuple(v) if isinstance(v, list) else v) for k, v in fields.items()}
        check = {k: v for k, v in check.items() if v is not None}
        try:
            ChannelConfig.model_validate({"id": channel, **check})
        except ValidationError as e:
            raise CommandError(f"Not changed: {validation_message(e)}") from e

    def _filter_channel(self, caller: Caller, channel: str | None) -> Channel:
        if channel is None or not channel.strip():
            return caller.channel_key
        return (caller.platform, caller.workspace, channel_id_of(channel))

    async def _recent_candidates(self, channel: Channel, *, limit: int) -> list[ArticleRow]:
        subs = [s for s in await self.store.list_subscriptions(channel) if not s.paused]
        topics = [s.topic for s in subs if s.topic]
        sources = [s.source for s in subs if s.source]
        if not subs:
            return await self.store.latest_articles(limit=limit)
        return await self.store.candidate_articles(topics=topics, sources=sources, limit=limit)


async def _delete_old(webhooks: WebhookMaker | None, hook: dict[str, Any] | None) -> str:
    """Delete a replaced or removed chat-made webhook (after the store stopped using it, so a
    failure here never leaves the channel without one); a note for the reply if it failed."""
    if webhooks is None or hook is None:
        return ""
    problem = await webhooks.delete(str(hook.get("id")), str(hook.get("token")))
    if problem is None:
        return ""
    return (
        f" The previous webhook could not be deleted ({problem}); delete it in the channel's "
        "settings → Integrations → Webhooks."
    )


def _public(hook: dict[str, Any] | None) -> dict[str, Any] | None:
    """A webhook as the audit log and replies may show it: never the token."""
    if hook is None:
        return None
    return {
        "id": hook.get("id"),
        "username": hook.get("username"),
        "avatar_url": hook.get("avatar_url"),
    }
