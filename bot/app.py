"""Wires it all together: open the store, sync config into it, build the pipeline, the outbox
and the adapters; run once or until stopped; close everything cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.commands import CommandError, Commands, Reply, ReplyItem
from bot.commands.effective import effective_config
from bot.config import ChannelConfig, Config, ConfigError, load_config
from bot.delivery.budget import PeerCount, Peers
from bot.delivery.outbox import STORE_RETRY, DeliveryReport, Outbox
from bot.delivery.ports import Adapter
from bot.delivery.why import why
from bot.feedops import AppFeeds
from bot.ops.observer import Observer
from bot.pipeline import Pipeline, PollOutcome, same_url_groups
from bot.presence import Presence
from bot.sources.charset import decode_html
from bot.sources.discovery import discover_feeds
from bot.sources.errors import SourceError
from bot.sources.http import HTML_ACCEPT, ClientSettings, GuardedClient
from bot.sources.types import ParsedFeed
from bot.store import SourcePlan, SourceRow, SourceSpec, Store, StoreError, open_configured
from bot.workers import WorkerPool
from bot.worktasks import enrich_entry, extract_article, parse_feed

__all__ = [
    "App",
    "RunSummary",
    "channel_settings",
    "http_client",
    "source_specs",
    "sync_config",
]

log = logging.getLogger(__name__)

#: At most this many sources are polled at once by one process (claimed, leased, in flight).
POLLS_IN_FLIGHT = 1000


@dataclass(slots=True)
class RunSummary:
    polls: list[PollOutcome] = field(default_factory=list)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def new(self) -> int:
        return sum(p.new for p in self.polls)

    @property
    def errors(self) -> list[PollOutcome]:
        return [p for p in self.polls if p.status == "error"]


def source_specs(config: Config) -> list[SourceSpec]:
    return [
        SourceSpec(
            name=s.name,
            url=str(config.resolve(s.path).resolve())
            if s.kind == "file" and s.path
            else str(s.url),
            kind=s.kind,
            topics=s.topics,
            interval_s=s.interval_minutes * 60.0,
            origin="file",
        )
        for s in config.sources
    ]


def channel_settings(c: ChannelConfig) -> dict[str, Any]:
    return {
        "include": list(c.include),
        "exclude": list(c.exclude),
        "max_posts_per_hour": c.max_posts_per_hour,
        "quiet_hours": c.quiet_hours,
        "timezone": c.timezone,
        "digest_hours": c.digest_hours,
        "notices": c.notices,
        "threads": c.threads,
        # Only when set, so `config show` lists what an admin chose, not every default.
        **({"format": c.format} if c.format != "full" else {}),
        **({"template": c.template} if c.template is not None else {}),
    }


async def sync_config(store: Store, config: Config) -> SourcePlan:
    """Make the store's file-origin sources, subscriptions and channel settings match
    config.toml (chat- and OPML-made ones are kept); log what changed owner or came back, and
    warn when every source config.toml declared so far is being dropped (a truncated file)."""
    plan = await store.sync_sources_plan(source_specs(config))
    if plan.drops_everything:
        log.warning(
            "reload would remove all %d sources declared in config.toml (%s): applying it; "
            "they stop being polled, their history is kept, and declaring them again "
            "restores them",
            len(plan.removing),
            ", ".join(r.name for r in plan.removing[:10])
            + (", ..." if len(plan.removing) > 10 else ""),
        )
    for p in plan.declared:
        if p.row is None or p.change == "kept":
            continue
        if p.change == "taken over":
            log.warning(
                "source %r was added from %s; config.toml now declares it and owns it "
                "(its history is kept)",
                p.spec.name,
                p.row.origin,
            )
        elif p.change == "renamed":
            log.info("source %r is %r renamed (same URL): history kept", p.spec.name, p.row.name)
        else:
            log.info("source %r is back in config.toml: restored with its history", p.spec.name)
    await store.sync_file_channels(
        ((c.platform, c.workspace, c.id), c.topics, c.sources, channel_settings(c))
        for c in config.channels
    )
    return plan


def http_client(config: Config) -> GuardedClient:
    """The one guarded HTTP client. Always made (its session opens on first use): chat- and
    OPML-added sources need it even when config.toml has no network source."""
    n = config.network
    return GuardedClient(
        ClientSettings(
            connect_timeout=n.connect_timeout_seconds,
            total_timeout=n.total_timeout_seconds,
            max_bytes=n.max_response_bytes,
            max_redirects=n.max_redirects,
            per_host_limit=n.per_host_concurrency,
            allow_private_networks=n.allow_private_networks,
        )
    )


class App:
    def __init__(
        self,
        config: Config,
        store: Store,
        adapters: Mapping[str, Adapter],
        *,
        clock: Callable[[], float],
        client: GuardedClient | None,
        workers: WorkerPool,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        observer: Observer | None = None,
        peers: Peers | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.adapters = dict(adapters)
        self.clock = clock
        self.client = client
        self.workers = workers
        self.pipeline = Pipeline(
            store, config, client=client, workers=workers, clock=clock, sleep=sleep
        )
        self.sleep = sleep
        # Metrics and health of this process (a registry of its own: see bot/ops/metrics.py).
        self.observer = observer if observer is not None else Observer(clock=clock)
        self.pipeline.on_enrich = self.observer.enriched
        self.observer.delivery_problem = self._delivery_problem
        self._delivering: asyncio.Task[None] | None = None  # the outbox, while run_forever runs
        # This process in the database: its heartbeat and its leases on sources and channels.
        # SQLite's writer lock makes a `run` the only one on its database (bot/store/writer.py).
        store.lease_seconds = config.database.lease_seconds
        self.presence = Presence(
            store,
            clock=clock,
            lease_seconds=config.database.lease_seconds,
            sole=getattr(store, "dialect", "sqlite") == "sqlite",
            host=self.observer.host,
            pid=self.observer.pid,
            on_takeover=self.observer.took_over,
        )
        self.observer.process_id = self.presence.id
        # How many live processes share each token's global rate limit: the outbox's pacers and
        # the Discord adapter's REST pace divide by it (bot/delivery/budget.py). By default it is
        # this process's presence: the live processes as of its last heartbeat (1 on SQLite,
        # where a killed predecessor's row must not halve the budget until it expires).
        # The presence's count is re-read at each use (it is an attribute, renewed at every
        # heartbeat): a count cached for 10 s would keep a new peer unseen that long.
        self.peers = (
            PeerCount(peers, clock=clock)
            if peers is not None
            else PeerCount(self._presence_peers, clock=clock, interval=0.0)
        )
        self.outbox = self._new_outbox()
        self.polls_in_flight = POLLS_IN_FLIGHT

    @classmethod
    async def open(
        cls,
        config: Config,
        adapters: Mapping[str, Adapter],
        *,
        clock: Callable[[], float],
        processes: int | None = None,
        client: GuardedClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> App:
        store = await open_configured(config, clock=clock)
        try:
            await sync_config(store, config)
        except BaseException:
            await store.close()
            raise
        if client is None:
            client = http_client(config)
        return cls(
            config,
            store,
            adapters,
            clock=clock,
            client=client,
            workers=WorkerPool(processes),
            sleep=sleep,
        )

    async def run_once(self) -> RunSummary:
        """Poll every active source once, delivering as the polls record new posts (a slow
        source does not hold back the others' posts), then deliver until nothing more is due
        now. Delivery passes run one after another, each ending at a row boundary, so a send
        is never cut off."""
        async with self.presence.running():
            return await self._run_once()

    async def _run_once(self) -> RunSummary:
        summary = RunSummary()
        await self.reload()
        # Every active source, due or not, that no other process is polling now.
        claim = await self.store.claim_due_sources(
            self.presence.id, self.clock(), 1 << 30, anytime=True
        )
        self.presence.took_over("source", claim.takeovers)
        sources = sorted(claim.rows, key=lambda s: s.name)
        recorded = asyncio.Event()
        polled = asyncio.Event()

        def heard(outcomes: list[PollOutcome]) -> None:
            self.observer.polled(outcomes)
            if any(o.deliveries for o in outcomes):
                recorded.set()

        async def deliver_while_polling() -> None:
            while True:
                await _first(recorded.wait(), polled.wait())
                if not recorded.is_set():
                    return  # polling ended with nothing new since the last pass
                recorded.clear()
                summary.delivery.add(await self.outbox.deliver_pending())

        delivering = asyncio.create_task(deliver_while_polling())
        try:
            summary.polls = await self.pipeline.poll_many(sources, on_outcomes=heard)
        finally:
            polled.set()
            await delivering
        summary.delivery.add(await self.outbox.deliver_pending())
        return summary

    def add_adapter(self, adapter: Adapter) -> None:
        """Attach a platform before running (Discord and Slack need `commands()` and the store,
        so they are built after the app). The outbox is rebuilt to pace the new platform."""
        self.adapters[adapter.platform] = adapter
        self.outbox = self._new_outbox()

    def _new_outbox(self) -> Outbox:
        # The outbox sends through observed adapters: sends and 429s are counted on the way.
        return Outbox(
            self.store,
            {name: self.observer.watch(a) for name, a in self.adapters.items()},
            clock=self.clock,
            sleep=self.sleep,
            same_story_window=self.config.posting.same_story_window_hours * 3600.0,
            alerts_per_day=self.config.posting.alerts_per_day,
            leases=self.presence,
            peers=self.peers,
        )

    async def _presence_peers(self) -> int:
        if self.presence.registered or self.presence.sole:
            return self.presence.peers()
        # Not registered yet: the platforms log in (REST requests, paced by this count) before
        # the run loop registers the process. It is about to join the live processes, not
        # alone: taking the whole budget then drew 429s from Discord (tests/scale).
        return len(await self.store.live_processes(self.clock())) + 1

    def _delivery_problem(self) -> str | None:
        if self._delivering is not None and self._delivering.done():
            return "the outbox loop has ended"
        stopped = self.outbox.stopped_by
        return None if stopped is None else str(stopped)

    def commands(self) -> Commands:
        """The /news and /newsadmin handlers, bound to this app's store and network."""
        commands = Commands(
            self.store,
            self.config,
            clock=self.clock,
            preview=self.preview_reply,
            why=why,
            on_change=self.reload,
            discover=self.discover if self.client is not None else None,
        )
        commands.use_feeds(AppFeeds(self))
        return commands

    async def discover(self, url: str) -> list[str]:
        assert self.client is not None
        try:
            return await discover_feeds(self.client, url, parse=self._parse_in_pool)
        except SourceError as e:
            raise CommandError(f"Could not fetch {url}: {e}") from e

    async def _parse_in_pool(self, body: bytes, url: str, content_type: str | None) -> ParsedFeed:
        return await self.workers.run(parse_feed, body, url, content_type)

    async def preview_reply(self, url: str) -> Reply:
        """`/news preview <url>`: fetch (guarded, never a file), extract and enrich in the pool."""
        if self.client is None:
            raise CommandError("This bot has no network sources, so preview is off.")
        try:
            result = await self.client.fetch(url, accept=HTML_ACCEPT)
        except SourceError as e:
            raise CommandError(f"Could not fetch {url}: {e}") from e
        html = decode_html(result.body, result.content_type)
        title, text = await self.workers.run(extract_article, html, result.final_url)
        if not text.strip():
            raise CommandError(f"No article text found at {url}.")
        posting = self.pipeline.config.posting
        enriched = await self.workers.run(
            enrich_entry,
            title,
            text,
            None,
            self.pipeline.rules,
            posting.summary_chars,
            posting.max_quotes,
        )
        items = tuple(
            ReplyItem(
                f"“{q.text}”",
                None,
                f"— {q.speaker or 'unattributed'}" + (f", {q.role}" if q.role else ""),
            )
            for q in enriched.key_quotes
        )
        topics = ", ".join(enriched.topic_names) or "none"
        return Reply(f"{enriched.title}\n{enriched.summary_text}\nTopics: {topics}", items)

    async def reload_config(self, path: str | Path) -> str | None:
        """Re-read config.toml (SIGHUP). A file that does not validate changes nothing: the
        running configuration stays and the reason is returned. Sources, topics, channels and
        posting settings take effect at once; the database, network and adapter sections are
        read at start only."""
        try:
            config = await asyncio.to_thread(load_config, path)
        except ConfigError as e:
            return e.render()
        await sync_config(self.store, config)
        self.config = config
        await self.reload()
        return None

    async def reload(self) -> None:
        """Apply chat edits (topics, posting defaults) without a restart."""
        rows = await self.store.list_sources()
        sources = [(s.name, s.topics) for s in rows]
        self.observer.shortest_interval = min(
            (s.interval_s for s in rows if not s.paused), default=None
        )
        self.pipeline.use_config(await effective_config(self.store, self.config), sources)
        self.outbox.notify()

    async def run_forever(self, stop: asyncio.Event, *, tick: float = 1.0) -> None:
        """Poll sources as they fall due while the outbox delivers, until `stop` is set.

        On stop, in-flight polls are cancelled (an article is recorded together with its outbox
        rows in one transaction, so a cancelled poll leaves nothing half-written and is redone
        next time) and the outbox lets each channel's current send finish."""
        async with self.presence.running():
            await self._run_forever(stop, tick)

    async def _run_forever(self, stop: asyncio.Event, tick: float) -> None:
        await self.reload()
        delivering = self._delivering = asyncio.create_task(self.outbox.run(stop))
        polling: dict[tuple[str, str], asyncio.Task[list[PollOutcome]]] = {}
        polls_resume_at = 0.0  # after a poll could not be recorded: no new polls before then
        self.observer.running = True
        try:
            while not stop.is_set():
                now = self.clock()
                due: list[SourceRow] = []
                if now >= polls_resume_at:
                    # The due sources no other process polls; ours still in flight come back
                    # too (their next poll is not written yet) and are skipped here.
                    claim = await self.store.claim_due_sources(
                        self.presence.id, now, self.polls_in_flight
                    )
                    self.presence.took_over("source", claim.takeovers)
                    due = [s for s in claim.rows if (s.kind, s.url) not in polling]
                for group in same_url_groups(due):
                    key = (group[0].kind, group[0].url)
                    polling[key] = asyncio.create_task(self.pipeline.poll_group(group))
                for key, task in list(polling.items()):
                    if task.done():
                        del polling[key]
                        if not self._log_outcome(task):
                            # Its source still looks due (its next poll was not written):
                            # without a pause it would be fetched again every tick.
                            polls_resume_at = self.clock() + STORE_RETRY
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), tick)
        finally:
            self.observer.running = False
            for task in polling.values():
                task.cancel()
            await asyncio.gather(*polling.values(), return_exceptions=True)
            stop.set()
            await delivering

    def _log_outcome(self, task: asyncio.Task[list[PollOutcome]]) -> bool:
        """Log a finished poll; False when the store could not record it."""
        if task.cancelled():
            return True
        exc = task.exception()
        if isinstance(exc, StoreError):
            self.observer.poll_crashed(exc)
            log.error("a poll could not be recorded: %s; polling resumes in %d s", exc, STORE_RETRY)
            return False
        if exc is not None:
            self.observer.poll_crashed(exc)
            log.error("poll failed unexpectedly", exc_info=exc)
            return True
        self.observer.polled(task.result())
        for outcome in task.result():
            if outcome.deliveries:
                self.outbox.notify()
            if outcome.new or outcome.updated:
                log.info("%s: %d new, %d updated", outcome.source, outcome.new, outcome.updated)
        return True

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
        self.workers.close()
        await self.store.close()


async def _first(*waits: Coroutine[Any, Any, Any]) -> None:
    """Wait until the first of `waits` is done; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()
