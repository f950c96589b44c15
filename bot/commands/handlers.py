"""The `/news` and `/newsadmin` commands, once for every platform.

Each handler takes a `Caller` and plain arguments and returns a `Reply`; the Discord cogs and
the Slack adapter only translate. Who may run what is declared on the handler (`needs`) and
checked in one place (`Commands.call`), not by an `if` at the top of each handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from bot.commands import mentions
from bot.commands.alerts import AlertCommands
from bot.commands.effective import (
    TOPIC_PREFIX,
    effective_config,
    validation_message,
)
from bot.commands.follow import FollowCommands, backfill_count, describe_settings, queued_note
from bot.commands.formats import FormatCommands
from bot.commands.helptext import NEWS_HELP
from bot.commands.marks import Permission, needs, posts_here
from bot.commands.types import Caller, CommandError, PermissionDenied, Reply, ReplyItem
from bot.config.models import ChannelConfig, Config, SourceConfig, TopicConfig
from bot.delivery.ports import ChannelRef
from bot.sources.urlcheck import url_refusal
from bot.store import NotFound, SourceSpec, Store

__all__ = ["Commands", "Permission", "needs", "posts_here"]


PreviewFn = Callable[[str], Awaitable[Reply]]
DiscoverFn = Callable[[str], Awaitable[list[str]]]
WhyFn = Callable[[Store, str, str | None], Awaitable[list[str]]]


def _cannot_post(caller: Caller) -> str | None:
    access = caller.post_access
    if access is None or access.ok:
        return None
    return f"newsbot cannot post in this channel: {access.problem} Nothing was changed."


def _allowed(caller: Caller, permission: Permission) -> bool:
    if permission == "admin":
        return caller.is_admin
    if permission == "manage_channel":
        return caller.is_admin or caller.can_manage_channel
    return True


_DENIED = {
    "admin": "This command is for server admins (Manage Server on Discord, workspace admins on "
    "Slack). Nothing was changed.",
    "manage_channel": "Changing this channel's subscriptions needs permission to manage it "
    "(Manage Channels on Discord; on Slack, a workspace admin when the bot is set up that way). "
    "Nothing was changed.",
}


@dataclass(frozen=True, slots=True)
class _Period:
    name: str
    seconds: float


_PERIODS = {"day": _Period("day", 86400.0), "week": _Period("week", 7 * 86400.0)}


class Commands(FollowCommands, AlertCommands, FormatCommands):
    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        clock: Callable[[], float],
        preview: PreviewFn | None = None,
        why: WhyFn | None = None,
        on_change: Callable[[], Awaitable[None]] | None = None,
        discover: DiscoverFn | None = None,
    ) -> None:
        self.store = store
        self.base = config
        self.clock = clock
        self._preview = preview
        self._why = why
        self._on_change = on_change
        self._discover = discover

    async def call(self, command: str, caller: Caller, /, **kwargs: Any) -> Reply:
        """Run handler `name` for `caller`: the permission check, then the handler; a
        `CommandError` becomes a short reply that says what to do. For a command aimed at
        another channel (`Caller.typed_in`), every answer starts with that channel's mention:
        the handlers' "This channel …" then means the target, not where it was typed."""
        reply = await self._call(command, caller, **kwargs)
        if caller.typed_in and caller.typed_in != caller.channel:
            reply = replace(reply, text=f"{mentions.channel(caller.channel)}: {reply.text}")
        return reply

    async def _call(self, command: str, caller: Caller, /, **kwargs: Any) -> Reply:
        handler = getattr(self, command.replace("-", "_"), None)
        permission = getattr(handler, "__newsbot_permission__", None)
        if handler is None or permission is None:
            return Reply(f"Unknown command {command!r}. Try `/news help`.", ok=False)
        if not _allowed(caller, permission):
            return Reply(_DENIED[permission], ok=False)
        posts = getattr(handler, "__newsbot_posts_here__", None)
        refusal = _cannot_post(caller) if posts is not None and posts(kwargs) else None
        if refusal is not None:
            return Reply(refusal, ok=False)
        kwargs = {k: mentions.strip(v) if isinstance(v, str) else v for k, v in kwargs.items()}
        try:
            reply: Reply = await handler(caller, **kwargs)
        except PermissionDenied as e:
            return Reply(e.message, ok=False)
        except CommandError as e:
            return Reply(e.message, ok=False)
        return reply

    async def run_text(self, command: str, caller: Caller, text: str) -> Reply:
        """`/news …` or `/newsadmin …` typed as text (Slack): parse, check, run."""
        from bot.commands.text import parse_command

        try:
            parsed = parse_command(command, text)
        except CommandError as e:
            return Reply(e.message, ok=False)
        return await self.call(parsed.handler, caller, **parsed.kwargs)

    async def config(self) -> Config:
        return await effective_config(self.store, self.base)

    async def _changed(self) -> None:
        if self._on_change is not None:
            await self._on_change()

    # ── /news ────────────────────────────────────────────────────────────────────────────

    @needs("anyone")
    async def help(self, caller: Caller) -> Reply:
        return Reply(HELP)

    @needs("anyone")
    async def latest(self, caller: Caller, topic: str | None = None, count: int = 5) -> Reply:
        if not 1 <= count <= 10:
            raise CommandError("count must be between 1 and 10")
        if topic is not None:
            await self._topic(topic)
        articles = await self.store.latest_articles(topic=topic, limit=count)
        if not articles:
            return Reply(f"No articles yet{f' on {topic}' if topic else ''}.")
        head = f"Latest{f' on {topic}' if topic else ''}:"
        return Reply(head, tuple(ReplyItem(a.title, a.url, a.source_name) for a in articles))

    @needs("anyone")
    async def search(self, caller: Caller, query: str) -> Reply:
        if not query.strip():
            raise CommandError("Say what to search for, e.g. `/news search light rail`.")
        found = await self.store.search_articles(query, limit=5)
        if not found:
            return Reply(f"Nothing posted matches {query!r}.")
        return Reply(
            f"Articles matching {query!r}:",
            tuple(ReplyItem(a.title, a.url, a.source_name) for a in found),
        )

    @needs("anyone")
    async def topics(self, caller: Caller) -> Reply:
        config = await self.config()
        if not config.topics:
            return Reply("No topics are configured.")
        subscribed = {s.topic for s in await self.store.list_subscriptions(caller.channel_key)}
        return Reply(
            "Topics:",
            tuple(
                ReplyItem(
                    t.name,
                    None,
                    ("subscribed here; " if t.name in subscribed else "")
                    + ", ".join((*t.keywords, *t.phrases))[:200],
                )
                for t in config.topics
            ),
        )

    @needs("manage_channel")
    @posts_here()
    async def subscribe(self, caller: Caller, topic: str, backfill: int = 0) -> Reply:
        name = await self._topic(topic)
        backfill = backfill_count(backfill)
        if await self.store.subscribe(caller.channel_key, topic=name, by=caller.actor):
            await self._audit(caller, "subscribe", f"{caller.channel_key}", None, name)
            queued = await self._backfill(caller.channel_key, backfill)
            return Reply(
                f"This channel now receives articles on {name}.{queued_note(queued)}",
                ephemeral=False,
            )
        queued = await self._backfill(caller.channel_key, backfill)
        return Reply(
            f"This channel already receives articles on {name}.{queued_note(queued)}",
            ephemeral=not queued,
        )

    @needs("manage_channel")
    async def unsubscribe(self, caller: Caller, topic: str) -> Reply:
        subs = await self.store.list_subscriptions(caller.channel_key)
        if any(s.topic == topic and s.origin == "file" for s in subs):
            # Removing it here would last until the next reload puts it back.
            raise CommandError(
                f"This channel receives {topic} by config.toml; change it there. "
                "Nothing was changed."
            )
        if await self.store.unsubscribe(caller.channel_key, topic=topic):
            await self._audit(caller, "unsubscribe", f"{caller.channel_key}", topic, None)
            return Reply(f"This channel no longer receives articles on {topic}.", ephemeral=False)
        raise CommandError(
            f"This channel is not subscribed to {topic!r}; "
            "`/news subscriptions` lists what it follows."
        )

    @needs("anyone")
    async def subscriptions(self, caller: Caller) -> Reply:
        subs = await self.store.list_subscriptions(caller.channel_key)
        if not subs:
            return Reply(
                "This channel has no subscriptions. `/news subscribe <topic>` or "
                "`/news follow <url>` adds one."
            )
        feeds = {r.name: r.url for r in await self.store.list_sources() if r.kind != "file"}
        return Reply(
            "This channel follows:",
            tuple(
                ReplyItem(
                    f"topic {s.topic}" if s.topic else f"source {s.source}",
                    feeds.get(s.source or ""),
                    ("paused: " + (s.paused_reason or "") + "; " if s.paused else "")
                    + (
                        "from config.toml"
                        if s.origin == "file"
                        else f"added by {mentions.user(s.created_by)}"
                    ),
                )
                for s in subs
            ),
        )

    @needs("anyone")
    async def top(self, caller: Caller, period: str = "day") -> Reply:
        p = _PERIODS.get(period)
        if p is None:
            raise CommandError("period must be `day` or `week`")
        posts = await self.store.top_posts(since=self.clock() - p.seconds, limit=5)
        if not posts:
            return Reply(f"No reactions on posts this {p.name} yet.")
        return Reply(
            f"Top stories this {p.name}:",
            tuple(
                ReplyItem(
                    t.title, t.url, f"{t.reactions} reaction{'s' if t.reactions != 1 else ''}"
                )
                for t in posts
            ),
        )

    @needs("anyone")
    async def preview(self, caller: Caller, url: str) -> Reply:
        if not url.startswith(("http://", "https://")):
            raise CommandError("Give a web address starting with http:// or https://.")
        if self._preview is None:
            raise CommandError("Preview is not available in this run.")
        return await self._preview(url)

    @needs("anyone")
    async def sources(self, caller: Caller) -> Reply:
        rows = await self.store.list_sources()
        if not rows:
            return Reply("No sources are configured.")
        return Reply(
            "Sources:",
            tuple(
                ReplyItem(
                    s.name,
                    s.url if s.kind != "file" else None,
                    ("paused" if s.paused else "failing" if s.error_count else "ok")
                    + (f"; topics: {', '.join(s.topics)}" if s.topics else ""),
                )
                for s in rows
            ),
        )

    @needs("anyone")
    async def why(self, caller: Caller, url: str) -> Reply:
        if self._why is None:
            raise CommandError("`why` is not available in this run.")
        lines = await self._why(self.store, url, caller.channel)
        key = str(ChannelRef(*caller.channel_key))
        return Reply(mentions.channel_named("\n".join(lines), key, caller.channel))

    # ── /newsadmin source … ──────────────────────────────────────────────────────────────

    @needs("admin")
    async def source_add(
        self, caller: Caller, name: str, url: str, topics: str = "", kind: str = "feed"
    ) -> Reply:
        names = _names(topics)
        for t in names:
            await self._topic(t)
        if kind == "file":
            raise CommandError("File sources can only be written in config.toml.")
        try:
            conf = SourceConfig(name=name, url=url, kind=kind, topics=tuple(names))  # type: ignore[arg-type]
        except ValidationError as e:
            raise CommandError(f"Not added: {validation_message(e)}") from e
        refusal = url_refusal(str(conf.url), allow_private=self.base.network.allow_private_networks)
        if refusal is not None:
            raise CommandError(f"Not added: {refusal}.")
        existing = {s.name for s in await self.store.list_sources(include_removed=False)}
        if conf.name in existing:
            raise CommandError(f"A source named {conf.name!r} exists already.")
        if conf.kind == "feed" and self._discover is not None:
            found = await self._discover(str(conf.url))
            if not found:
                raise CommandError(
                    f"No feed found at {conf.url} (nor announced by the page, nor at the "
                    "usual paths). Give the feed's own address, or add it with kind=page "
                    "to watch the page's links."
                )
            conf = conf.model_copy(update={"url": found[0]})
        await self.store.add_source(
            SourceSpec(
                conf.name,
                str(conf.url),
                conf.kind,
                conf.topics,
                conf.interval_minutes * 60.0,
                origin="chat",
            )
        )
        await self._audit(caller, "source add", conf.name, None, conf.model_dump(mode="json"))
        await self._changed()
        return Reply(
            f"Added source {conf.name} ({conf.url}); first poll within a minute.", ephemeral=False
        )

    @needs("admin")
    async def source_remove(self, caller: Caller, name: str) -> Reply:
        source = await self._source(name)
        if source.origin == "file":
            raise CommandError(
                f"{name!r} is written in config.toml; remove it there (or pause it)."
            )
        await self.store.remove_source(name)
        await self._audit(caller, "source remove", name, source.url, None)
        return Reply(f"Removed source {name}.", ephemeral=False)

    @needs("admin")
    async def source_pause(self, caller: Caller, name: str) -> Reply:
        await self._set_paused(caller, name, paused=True)
        return Reply(f"Paused source {name}.", ephemeral=False)

    @needs("admin")
    async def source_resume(self, caller: Caller, name: str) -> Reply:
        await self._set_paused(caller, name, paused=False)
        return Reply(f"Resumed source {name}; it is polled again from now.", ephemeral=False)

    async def _set_paused(self, caller: Caller, name: str, *, paused: bool) -> None:
        await self._source(name)
        await self.store.set_source_paused(name, paused)
        states = ("active", "paused") if paused else ("paused", "active")
        action = "source pause" if paused else "source resume"
        await self._audit(caller, action, name, *states)

    @needs("admin")
    async def source_list(self, caller: Caller) -> Reply:
        rows = await self.store.list_sources()
        return Reply(
            "Sources:",
            tuple(
                ReplyItem(
                    s.name,
                    s.url if s.kind != "file" else None,
                    f"{s.kind}, {'paused' if s.paused else 'active'}, failures {s.error_count}"
                    + (f", last error: {s.last_error}" if s.last_error else ""),
                )
                for s in rows
            ),
        )

    # ── /newsadmin topic … ───────────────────────────────────────────────────────────────

    @needs("admin")
    async def topic_add(
        self, caller: Caller, name: str, keywords: str = "", phrases: str = "", exclude: str = ""
    ) -> Reply:
        config = await self.config()
        if any(t.name == name for t in config.topics):
            raise CommandError(f"Topic {name!r} exists; use `topic edit`.")
        topic = self._validated_topic(
            {
                "name": name,
                "keywords": _names(keywords),
                "phrases": _names(phrases),
                "exclude": _names(exclude),
            }
        )
        await self._set(caller, TOPIC_PREFIX + name, topic, "topic add")
        return Reply(f"Added topic {name}.", ephemeral=False)

    @needs("admin")
    async def topic_edit(
        self,
        caller: Caller,
        name: str,
        keywords: str | None = None,
        phrases: str | None = None,
        exclude: str | None = None,
    ) -> Reply:
        current = next((t for t in (await self.config()).topics if t.name == name), None)
        if current is None:
            raise CommandError(f"No topic named {name!r}; `/news topics` lists them.")
        data = current.model_dump(mode="json")
        for key, value in (("keywords", keywords), ("phrases", phrases), ("exclude", exclude)):
            if value is not None:
                data[key] = _names(value)
        topic = self._validated_topic(data)
        await self._set(caller, TOPIC_PREFIX + name, topic, "topic edit")
        return Reply(f"Updated topic {name}.", ephemeral=False)

    @needs("admin")
    async def topic_remove(self, caller: Caller, name: str) -> Reply:
        await self._topic(name)
        await self._set(caller, TOPIC_PREFIX + name, {"removed": True}, "topic remove")
        return Reply(f"Removed topic {name}.", ephemeral=False)

    # ── /newsadmin channel set ───────────────────────────────────────────────────────────

    @needs("admin")
    @posts_here(when=lambda kwargs: bool(kwargs.get("notices")))
    async def channel_set(
        self,
        caller: Caller,
        *,
        max_posts_per_hour: int | None = None,
        quiet_hours: str | None = None,
        digest_hours: float | None = None,
        timezone: str | None = None,
        mention_role: str | None = None,
        mention_topic: str | None = None,
        notices: bool | None = None,
        threads: bool | None = None,
    ) -> Reply:
        current = await self.store.channel_settings(caller.channel_key)
        updated = dict(current)
        if threads is not None:
            updated["threads"] = threads
        for key, value in (
            ("max_posts_per_hour", max_posts_per_hour),
            ("quiet_hours", quiet_hours),
            ("digest_hours", digest_hours),
            ("timezone", timezone),
        ):
            if value is not None:
                updated[key] = None if value in ("", "off", "none") else value
        if notices is not None:
            updated["notices"] = notices
        if mention_role is not None:
            if not mention_topic:
                raise CommandError("Say which topic the role is mentioned for (mention_topic).")
            await self._topic(mention_topic)
            roles = dict(updated.get("mention_roles", {}))
            if mention_role in ("", "off", "none"):
                roles.pop(mention_topic, None)
            else:
                roles[mention_topic] = mention_role
            updated["mention_roles"] = roles
        check = {k: v for k, v in updated.items() if k in _CHANNEL_KEYS and v is not None}
        try:
            ChannelConfig(id=caller.channel, **check)
        except ValidationError as e:
            raise CommandError(f"Not changed: {validation_message(e)}") from e
        await self.store.set_channel_settings(caller.channel_key, updated, origin="chat")
        await self._audit(caller, "channel set", str(caller.channel_key), current, updated)
        shown = describe_settings(updated)
        text = f"Channel settings: {shown or 'defaults'}."
        if notices:
            text += " This workspace's notices (a source paused, a channel refusing posts) go here."
        return Reply(text, ephemeral=False)

    @needs("admin")
    async def channel_resume(self, caller: Caller) -> Reply:
        """After a permanent error paused this channel (missing access, archived) and the
        cause is fixed: resume its subscriptions."""
        if not await self.store.resume_channel(caller.channel_key):
            return Reply("This channel is not paused.")
        await self._audit(caller, "channel resume", str(caller.channel_key), "paused", "active")
        await self._changed()
        return Reply("This channel receives posts again.", ephemeral=False)

    # ── helpers ──────────────────────────────────────────────────────────────────────────

    def _validated_topic(self, data: dict[str, Any]) -> dict[str, Any]:
        try:
            return TopicConfig.model_validate(data).model_dump(mode="json")
        except ValidationError as e:
            raise CommandError(f"Not changed: {validation_message(e)}") from e

    async def _topic(self, name: str) -> str:
        names = [t.name for t in (await self.config()).topics]
        if name in names:
            return name
        folded = {n.casefold(): n for n in names}
        if name.casefold() in folded:
            return folded[name.casefold()]
        raise CommandError(f"No topic named {name!r}. Topics: {', '.join(names) or 'none'}.")

    async def _source(self, name: str) -> Any:
        try:
            return await self.store.get_source(name)
        except NotFound:
            raise CommandError(
                f"No source named {name!r}; `/newsadmin source list` lists them."
            ) from None

    async def _set(self, caller: Caller, key: str, value: Any, action: str) -> None:
        await self.store.set_setting(key, value, actor=caller.actor, action=action)
        await self._changed()

    async def _audit(
        self, caller: Caller, action: str, subject: str, before: Any, after: Any
    ) -> None:
        await self.store.record_audit(caller.actor, action, subject, before, after)


_CHANNEL_KEYS = {
    "max_posts_per_hour",
    "quiet_hours",
    "digest_hours",
    "timezone",
    "notices",
    "threads",
}


def _names(text: str | list[str] | tuple[str, ...]) -> list[str]:
    if isinstance(text, (list, tuple)):
        return [t.strip() for t in text if t.strip()]
    return [t.strip() for t in text.split(",") if t.strip()]


HELP = NEWS_HELP
