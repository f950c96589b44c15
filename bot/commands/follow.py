"""Following a feed from chat, backfill, polling a source now, test posts, `/newsadmin help`.

A mixin of `Commands` (the handlers live here, the permission check and the audit log are the
shared ones): `/news follow <url>` finds the feed behind a site URL, checks it through the
guarded client, adds it as a chat-owned source unless a source already polls that URL, and
subscribes the channel to it. What needs the network or the pipeline is the app's, reached
through `FeedOps`, which the app hands in with `use_feeds`; without it these commands say they
are unavailable (a run with no network).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from bot.commands import mentions
from bot.commands.effective import validation_message
from bot.commands.helptext import ADMIN_HELP
from bot.commands.marks import needs, posts_here
from bot.commands.types import Caller, CommandError, Reply
from bot.config.models import Config, SourceConfig
from bot.delivery.filters import FilterSet
from bot.sources.urlcheck import url_refusal
from bot.store import ArticleRow, SourceRow, SourceSpec, Store

__all__ = [
    "ADMIN_HELP",
    "MAX_BACKFILL",
    "FeedCheck",
    "FeedOps",
    "FollowCommands",
    "PollReport",
    "backfill_count",
    "describe_settings",
    "queued_note",
]

Channel = tuple[str, str, str]
MAX_BACKFILL = 10
_CANDIDATES = 50  # recent articles read per backfill, before the channel's filters
_NAME_CHARS = 64


@dataclass(frozen=True, slots=True)
class FeedCheck:
    """A feed found and read through the guarded client."""

    url: str  # the feed's own address (after discovery and redirects)
    title: str
    entries: int


@dataclass(frozen=True, slots=True)
class PollReport:
    """What one poll of a source found (`bot.pipeline.PollOutcome`, as the commands see it)."""

    status: str  # ok, not-modified, error, paused, skipped
    new: int = 0
    updated: int = 0
    seen_only: int = 0
    deliveries: int = 0
    error: str | None = None


class FeedOps(Protocol):
    """What the follow commands need of the running app."""

    async def check_feed(self, url: str) -> FeedCheck:
        """Discover the feed behind `url` and read it; CommandError saying why not."""
        ...

    def expect_first_run(self, source: str, backfill: int, channel: Channel) -> None:
        """`source`'s first poll posts its `backfill` newest entries to `channel` only."""
        ...

    async def poll_source(self, name: str) -> PollReport:
        """Poll now; the outbox is told about any rows it queued."""
        ...


def describe_settings(settings: Mapping[str, Any]) -> str:
    """A channel's settings as people read them: ``mention @role on probe``, not a dict."""
    parts: list[str] = []
    for key, value in sorted(settings.items()):
        if value in (None, [], {}, ""):
            continue
        if key == "mention_roles" and isinstance(value, Mapping):
            parts.extend(
                f"mention {mentions.role(str(r))} on {t}" for t, r in sorted(value.items())
            )
        elif isinstance(value, (list, tuple)):
            parts.append(f"{key}: {', '.join(map(str, value))}")
        else:
            parts.append(f"{key}={value}")
    return ", ".join(parts)


class FollowCommands:
    """The handlers; `bot.commands.handlers.Commands` inherits them."""

    store: Store
    base: Config
    clock: Callable[[], float]
    _feeds: FeedOps | None = None

    # Provided by `Commands` (first in the MRO); here for the type checker.
    async def config(self) -> Config:
        raise NotImplementedError

    async def _changed(self) -> None:
        raise NotImplementedError

    async def _audit(
        self, caller: Caller, action: str, subject: str, before: Any, after: Any
    ) -> None:
        raise NotImplementedError

    def use_feeds(self, feeds: FeedOps) -> None:
        self._feeds = feeds

    def _ops(self) -> FeedOps:
        if self._feeds is None:
            raise CommandError("Following feeds needs the network, which this run does not use.")
        return self._feeds

    # ── /news follow | unfollow ──────────────────────────────────────────────────────────

    @needs("manage_channel")
    @posts_here()
    async def follow(self, caller: Caller, url: str, backfill: int = 0) -> Reply:
        backfill = backfill_count(backfill)
        url = url.strip().strip("<>")
        allow = self.base.network.allow_private_networks
        refusal = url_refusal(url, allow_private=allow)
        if refusal is not None:
            raise CommandError(f"Not followed: {refusal}.")
        ops = self._ops()
        feed = await ops.check_feed(url)
        refusal = url_refusal(feed.url, allow_private=allow)
        if refusal is not None:
            raise CommandError(f"Not followed: the feed {feed.url}: {refusal}.")
        source, added = await self._source_for(caller, feed, backfill)
        if not await self.store.subscribe(caller.channel_key, source=source.name, by=caller.actor):
            queued = await self._backfill(caller.channel_key, backfill)
            return Reply(
                f"This channel already follows {source.name}." + queued_note(queued),
                ephemeral=queued == 0,
            )
        await self._audit(caller, "follow", _here(caller), None, {"source": source.name})
        await self._changed()
        # A source this command added is polled now (a new one's first poll was armed in
        # `_source_for`: its `backfill` newest entries, to this channel only).
        report = await ops.poll_source(source.name) if added else None
        found = ""
        if report is not None and report.status == "error":
            found = f" Its first poll failed: {report.error}."
        if report is not None and not source.polled_once:
            queued = report.deliveries
        else:  # an existing source (or one restored with its history): from what is stored
            queued = await self._backfill(caller.channel_key, backfill)
        paused = " It is paused: an admin can resume it." if source.paused else ""
        return Reply(
            f"This channel now follows {source.name} ({source.url}): its new articles are "
            f"posted here.{queued_note(queued)}{found}{paused}",
            ephemeral=False,
        )

    async def _source_for(
        self, caller: Caller, feed: FeedCheck, backfill: int
    ) -> tuple[SourceRow, bool]:
        """The source polling `feed.url` (reused, or restored if removed), else a new one owned
        by chat. True when this command added (or restored) it."""
        existing = await self.store.source_by_url(feed.url)
        if existing is not None and not existing.removed:
            return existing, False
        if existing is not None:
            name = existing.name
        else:
            taken = {s.name.casefold() for s in await self.store.list_sources(include_removed=True)}
            name = _free_name(mentions.strip(feed.title) or _host(feed.url), taken)
        try:
            conf = SourceConfig(name=name, url=feed.url, kind="feed")
        except ValidationError as e:
            raise CommandError(f"Not followed: {validation_message(e)}") from e
        if existing is None:  # before the row exists: the scheduler may poll it at once
            self._ops().expect_first_run(conf.name, backfill, caller.channel_key)
        row = await self.store.add_source(
            SourceSpec(conf.name, feed.url, "feed", (), conf.interval_minutes * 60.0, origin="chat")
        )
        await self._audit(caller, "source add", conf.name, None, {"url": feed.url, "by": "follow"})
        return row, True

    @needs("manage_channel")
    async def unfollow(self, caller: Caller, source: str) -> Reply:
        wanted = mentions.strip(source).strip().strip("<>")
        subs = [s for s in await self.store.list_subscriptions(caller.channel_key) if s.source]
        rows = {s.name: s for s in await self.store.list_sources(include_removed=True)}
        match = next(
            (
                s
                for s in subs
                if s.source
                and (
                    s.source.casefold() == wanted.casefold()
                    or (s.source in rows and rows[s.source].url == wanted)
                )
            ),
            None,
        )
        if match is None or match.source is None:
            followed = ", ".join(s.source for s in subs if s.source) or "none"
            raise CommandError(
                f"This channel does not follow {wanted!r}. Sources it follows: {followed}."
            )
        if match.origin == "file":
            raise CommandError(f"{match.source} is followed here by config.toml; change it there.")
        await self.store.unsubscribe(caller.channel_key, source=match.source)
        await self._audit(caller, "unfollow", _here(caller), {"source": match.source}, None)
        await self._changed()
        return Reply(f"This channel no longer follows {match.source}.", ephemeral=False)

    # ── backfill ─────────────────────────────────────────────────────────────────────────

    async def _matching(self, channel: Channel, *, limit: int, unposted: bool) -> list[ArticleRow]:
        """Recent articles this channel's subscriptions and filters let through, newest first."""
        subs = [s for s in await self.store.list_subscriptions(channel) if not s.paused]
        topics = sorted({s.topic for s in subs if s.topic})
        sources = sorted({s.source for s in subs if s.source})
        found = await self.store.recent_matching(
            channel, topics=topics, sources=sources, limit=_CANDIDATES, unposted_only=unposted
        )
        filters = FilterSet.from_settings(await self.store.channel_settings(channel))
        return [a for a in found if filters.check(a.title, a.summary).passed][:limit]

    async def _backfill(self, channel: Channel, count: int) -> int:
        """Queue up to `count` recent matching articles the channel has not had, oldest first
        (so they read in order); the outbox posts them at its pace. Returns how many."""
        if count <= 0:
            return 0
        picked = await self._matching(channel, limit=count, unposted=True)
        queued = await self.store.queue_backfill(channel, list(reversed(picked)))
        if queued:
            await self._changed()
        return queued

    # ── /newsadmin source poll, channel test, help ──────────────────────────────────────

    @needs("admin")
    async def source_poll(self, caller: Caller, name: str) -> Reply:
        rows = {s.name.casefold(): s for s in await self.store.list_sources()}
        source = rows.get(mentions.strip(name).strip().casefold())
        if source is None:
            raise CommandError(f"No source named {name!r}; `/newsadmin source list` lists them.")
        if source.paused:
            raise CommandError(f"{source.name} is paused; `/newsadmin source resume` it first.")
        report = await self._ops().poll_source(source.name)
        await self._audit(caller, "source poll", source.name, None, report.status)
        return Reply(_poll_text(source.name, report))

    @needs("admin")
    @posts_here()
    async def channel_test(self, caller: Caller) -> Reply:
        latest = await self._matching(caller.channel_key, limit=1, unposted=False)
        if not latest:
            raise CommandError(
                "No article matches this channel's subscriptions and filters yet; "
                "`/news subscriptions` shows what it follows."
            )
        article = latest[0]
        nonce = f"{self.clock():.6f}|{caller.actor}"
        await self.store.queue_test(caller.channel_key, article, nonce)
        await self._audit(caller, "channel test", _here(caller), None, {"article": article.id})
        await self._changed()
        title = mentions.strip(article.title)
        return Reply(
            f"A test post of “{title}” is on its way here in this channel's format, marked as a "
            "test. It does not count as the article's post: the real post still goes out when due."
        )

    @needs("anyone")
    async def admin_help(self, caller: Caller) -> Reply:
        """Only lists the commands, so anyone may read it (running them is still checked)."""
        return Reply(ADMIN_HELP)


def backfill_count(value: int) -> int:
    """`backfill` checked: 0-10, else one clear message."""
    if not 0 <= value <= MAX_BACKFILL:
        raise CommandError(f"backfill must be between 0 and {MAX_BACKFILL}.")
    return value


def queued_note(n: int) -> str:
    """The sentence a reply ends with when backfill queued posts."""
    if n <= 0:
        return ""
    return (
        f" {n} recent article{'s are' if n != 1 else ' is'} on {'their' if n != 1 else 'its'} way."
    )


def _here(caller: Caller) -> str:
    return str(caller.channel_key)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or "feed"


def _free_name(title: str, taken: set[str]) -> str:
    base = " ".join(title.split())[: _NAME_CHARS - 5].strip() or "feed"
    name, n = base, 2
    while name.casefold() in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def _poll_text(name: str, r: PollReport) -> str:
    if r.status == "error":
        return f"Polled {name}: it failed: {r.error}."
    if r.status == "not-modified":
        return f"Polled {name}: unchanged since the last poll (the server said so)."
    if r.status != "ok":
        return f"Polled {name}: {r.status}" + (f" ({r.error})." if r.error else ".")
    if not (r.new or r.updated or r.seen_only):
        return f"Polled {name}: nothing new."
    parts = []
    if r.new:
        parts.append(
            f"{r.new} new article{'s' if r.new != 1 else ''} "
            f"({r.deliveries} post{'s' if r.deliveries != 1 else ''} queued)"
        )
    if r.updated:
        parts.append(f"{r.updated} updated")
    if r.seen_only:
        parts.append(f"{r.seen_only} older entries recorded without posting")
    return f"Polled {name}: {', '.join(parts)}."
