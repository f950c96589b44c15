"""The flow of one source: fetch → parse → new? → enrich → route → outbox rows.

Each step is a call on plain data; this module only sequences them and records the outcome. A
failure of one source is caught here as its narrow `SourceError`, recorded and backed off, and
never reaches the others.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.deadline import Deadline, Sleep
from bot.delivery.notices import notice_targets
from bot.delivery.routing import route
from bot.enrich import Enrichment, TopicRule
from bot.sources import schedule
from bot.sources.errors import FetchError, SourceError
from bot.sources.filesource import read_file_source
from bot.sources.fulltext import FullText, fetch_full_text, is_teaser
from bot.sources.http import FEED_ACCEPT, HTML_ACCEPT, FetchResult, GuardedClient
from bot.sources.types import FeedEntry, ParsedFeed
from bot.store import NewArticle, SourceRow, Store
from bot.store.rows import SubscriptionRow
from bot.textsafe import clean_line, clean_text
from bot.workers import WorkerPool
from bot.worktasks import (
    ForPost,
    enrich_for_posts,
    extract_for_post,
    parse_feed,
    parse_files,
    parse_page,
)

__all__ = ["FirstRun", "Pipeline", "PollOutcome", "same_url_groups", "topic_rules"]

#: Successful polls are written in batches of at most this many (one transaction each).
SUCCESS_BATCH = 500

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollOutcome:
    source: str
    status: str  # "ok", "not-modified", "error", "paused", "skipped" (no network client)
    new: int = 0
    updated: int = 0
    seen_only: int = 0  # recorded, not posted (first-run backfill policy, not an article)
    deliveries: int = 0
    error: str | None = None
    error_kind: str | None = None  # the error's class ("Timeout", "HTTPStatusError"...)


def topic_rules(
    config: Config, sources: Iterable[tuple[str, Iterable[str]]] = ()
) -> tuple[TopicRule, ...]:
    """Config topics as the enricher sees them. A source's `topics` make it imply them: the
    sources of config.toml, and `sources` given as (name, topics) — those added from chat or
    imported from OPML."""
    declared = [(s.name, tuple(s.topics)) for s in config.sources]
    declared += [(name, tuple(topics)) for name, topics in sources]
    rules = []
    for t in config.topics:
        implied = tuple(name for name, topics in declared if t.name in topics)
        rules.append(
            TopicRule(
                name=t.name,
                keywords=t.keywords,
                phrases=t.phrases,
                exclude=t.exclude,
                sources=tuple(dict.fromkeys((*t.sources, *implied))),
                min_score=t.min_score,
            )
        )
    return tuple(rules)


def _file_kind(path: Path) -> str:
    return "folder" if path.is_dir() else "file" if path.exists() else "missing"


def _epoch(dt: datetime | None) -> float | None:
    return dt.timestamp() if dt is not None else None


@dataclass(frozen=True, slots=True)
class FirstRun:
    """How a source followed from chat makes its first poll: its `backfill` newest entries are
    posted (whatever their age), and only to `channels`, the channel that asked for them;
    other channels get the source's articles from its next new entry on."""

    backfill: int
    channels: frozenset[tuple[str, str, str]]


@dataclass(slots=True)
class _Pass:
    """State shared by the polls of one pass: routing read once (subscriptions and channel
    settings), successful polls written in batches."""

    routing: tuple[list[SubscriptionRow], dict[Any, Any]] | None = None
    successes: list[tuple[int, str | None, str | None, float]] = field(default_factory=list)


class GroupCommit:
    """Rows written together for callers that arrive together (a group commit).

    `add(rows)` returns once its rows are written. Rows added while a write is in progress wait
    for it and then go, with every other row added meanwhile, in the next write: one
    transaction for as many callers as arrived during the previous one. `newsbot run` polls
    each source in a task of its own, hundreds at once; their successes (a 304 is one row)
    would otherwise be a transaction each. A failed write fails every caller whose rows were in
    it. The write runs in a task of its own, so a caller cancelled while waiting (the loop
    stopping) neither cancels the others' write nor leaves half of one."""

    def __init__(self, write: Callable[[list[Any]], Awaitable[None]]) -> None:
        self._write = write
        self._rows: list[Any] = []
        self._next: asyncio.Future[None] | None = None  # the write the new rows will go in
        self._running: asyncio.Future[None] | None = None
        self.writes = 0  # how many writes were made (tests, the bench)

    async def add(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        self._rows.extend(rows)
        if self._next is None:
            self._next = asyncio.ensure_future(self._write_after(self._running))
            self._next.add_done_callback(_retrieved)
        await asyncio.shield(self._next)

    async def _write_after(self, previous: asyncio.Future[None] | None) -> None:
        if previous is not None:
            await asyncio.wait([previous])  # its outcome is its own callers'
        self._running, self._next = self._next, None
        batch, self._rows = self._rows, []
        self.writes += 1
        await self._write(batch)


def _retrieved(future: asyncio.Future[None]) -> None:
    """A write whose callers were all cancelled still has its error looked at (and logged by
    the caller that saw it, if any), so asyncio does not report it as never retrieved."""
    if not future.cancelled():
        future.exception()


class Pipeline:
    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        client: GuardedClient | None,
        workers: WorkerPool,
        clock: Callable[[], float],
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.store = store
        self.config = config
        # Read at start only, like the client's settings: a reload does not change it.
        self.network = config.network
        self.client = client
        self.workers = workers
        self.clock = clock
        self.sleep = sleep  # runs the full-text deadline (tests pass a fake)
        self.rules = topic_rules(config)
        self._rules_by_source: dict[str, tuple[TopicRule, ...]] = {}
        self._rule_sources: list[frozenset[str]] | None = None
        self._declared = {s.name: s for s in config.sources}
        # Hears how long each enrichment call to the pool took, in seconds (the metrics).
        self.on_enrich: Callable[[float], None] | None = None
        self._first_runs: dict[str, FirstRun] = {}
        # The successes of polls made one group at a time (`poll_group`, `newsbot run`).
        self.successes = GroupCommit(self.store.record_poll_successes)

    def first_run(self, source: str, how: FirstRun) -> None:
        """Make `source`'s first poll follow `how` (if it has not been polled yet)."""
        self._first_runs[source] = how

    def use_config(self, config: Config, sources: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        """The configuration in force changed (an admin edited topics or sources from chat)."""
        self.config = config
        self.rules = topic_rules(config, sources)
        self._rules_by_source = {}
        self._rule_sources = None
        self._declared = {s.name: s for s in config.sources}

    def _rules_for(self, source: str) -> tuple[TopicRule, ...]:
        """The topic rules as one source's articles need them: a rule's `sources` cut down to
        this source (if it implies the topic), so thousands of source names are neither
        scanned per article nor pickled with every call to the pool."""
        rules = self._rules_by_source.get(source)
        if rules is None:
            if self._rule_sources is None:
                self._rule_sources = [frozenset(r.sources) for r in self.rules]
            rules = tuple(
                dataclasses.replace(r, sources=(source,) if source in names else ())
                for r, names in zip(self.rules, self._rule_sources, strict=True)
            )
            self._rules_by_source[source] = rules
        return rules

    async def _routing_state(self, run: _Pass) -> tuple[list[SubscriptionRow], dict[Any, Any]]:
        if run.routing is None:
            subs = await self.store.list_subscriptions()
            settings: dict[Any, Any] = dict(await self.store.all_channel_settings())
            run.routing = (subs, settings)
        return run.routing

    async def poll(self, source: SourceRow) -> PollOutcome:
        return (await self.poll_group([source]))[0]

    async def poll_group(self, group: Sequence[SourceRow]) -> list[PollOutcome]:
        """Poll sources that share one URL with a single fetch: the first stands for the rest
        (its validators are used, and all of them store the answer's)."""
        run = _Pass()
        try:
            return await self._poll_group(group, run)
        finally:
            # Written with the successes of the other groups that end meanwhile: a 304 in
            # `newsbot run` is a share of a transaction, not one of its own.
            rows, run.successes = run.successes, []
            await self.successes.add(rows)

    async def _poll_group(self, group: Sequence[SourceRow], run: _Pass) -> list[PollOutcome]:
        active = [s for s in group if not s.paused]
        outcomes = [PollOutcome(s.name, "paused") for s in group if s.paused]
        if not active:
            return outcomes
        if active[0].kind != "file" and self.client is None:
            # A run without network is no fault of the source: nothing is counted against it
            # (counting would pause it after `pause_after_failures` runs).
            why = "network sources are disabled in this run"
            return outcomes + [PollOutcome(s.name, "skipped", error=why) for s in active]
        try:
            parsed, result = await self._fetch_and_parse(active[0])
        except SourceError as e:
            return outcomes + [await self._failed(s, e) for s in active]
        if parsed is not None:
            for problem in parsed.problems[:5]:
                log.info("source %s: %s", active[0].name, problem)
        for source in active:
            if parsed is None:
                outcomes.append(PollOutcome(source.name, "not-modified"))
            else:
                outcomes.append(await self._record(source, parsed, run))
            await self._succeeded(source, result, parsed, run)
        return outcomes

    async def _fetch_and_parse(
        self, source: SourceRow
    ) -> tuple[ParsedFeed | None, FetchResult | None]:
        if source.kind == "file":
            path = Path(source.url)
            kind = await asyncio.to_thread(_file_kind, path)
            if kind == "missing":
                raise FetchError(source.url, "no such file or folder")
            if kind == "folder":
                try:
                    parsed = await self.workers.run(
                        parse_files, source.url, self.network.max_response_bytes
                    )
                    return parsed, None
                except OSError as e:
                    raise FetchError(source.url, "cannot read", e) from e
            result = await read_file_source(
                source.url,
                trusted=source.origin == "file",
                max_bytes=self.network.max_response_bytes,
            )
        else:
            if self.client is None:
                raise FetchError(source.url, "network sources are disabled in this run")
            accept = HTML_ACCEPT if source.kind == "page" else FEED_ACCEPT
            result = await self.client.fetch(
                source.url, etag=source.etag, last_modified=source.last_modified, accept=accept
            )
            if result.not_modified:
                return None, result  # a 304 costs no parsing
        if source.kind == "page":
            parsed = await self.workers.run(
                parse_page, result.body, result.final_url, result.content_type
            )
        else:
            parsed = await self.workers.run(
                parse_feed, result.body, result.final_url, result.content_type
            )
            if not parsed.parser:
                why = "; ".join(parsed.problems[:2]) or "no feed elements"
                raise FetchError(source.url, f"this is not a feed ({why})")
        return parsed, result

    async def _record(self, source: SourceRow, parsed: ParsedFeed, run: _Pass) -> PollOutcome:
        # One budget for every full-text fetch of this poll, new entries and updated ones.
        deadline = Deadline(self.network.fulltext_deadline_seconds, self.sleep)
        try:
            return await self._record_within(source, parsed, run, deadline)
        finally:
            deadline.close()
            if deadline.cut:
                log.info(
                    "source %s: full-text deadline (%ss) passed; %d entries use their feed text",
                    source.name,
                    deadline.seconds,
                    deadline.cut,
                )

    async def _record_within(
        self, source: SourceRow, parsed: ParsedFeed, run: _Pass, deadline: Deadline
    ) -> PollOutcome:
        entries = [e.cleaned() for e in parsed.entries]
        known = await self.store.known_entries(source.id, [e.entry_id for e in entries])
        fresh = [e for e in entries if e.entry_id not in known]
        changed = [
            e for e in entries if e.entry_id in known and known[e.entry_id] != e.content_hash
        ]
        to_post: Sequence[FeedEntry] = fresh
        only: frozenset[tuple[str, str, str]] | None = None
        if not source.polled_once and (how := self._first_runs.pop(source.name, None)):
            now = datetime.fromtimestamp(self.clock(), UTC)
            to_post = schedule.first_run_selection(
                fresh, backfill=how.backfill, max_age=timedelta(days=36500), now=now
            )
            only = how.channels
        elif not source.polled_once:
            posting = self.config.posting
            declared = self._declared.get(source.name)
            backfill = posting.backfill
            max_age = posting.max_age_hours
            if declared is not None:
                backfill = declared.backfill if declared.backfill is not None else backfill
                max_age = declared.max_age_hours or max_age
            now = datetime.fromtimestamp(self.clock(), UTC)
            to_post = schedule.first_run_selection(
                fresh, backfill=backfill, max_age=timedelta(hours=max_age), now=now
            )
        posting_ids = {e.entry_id for e in to_post}
        seen = [
            self._article(source, e, None, posted=False, not_posted=_BACKFILL)
            for e in fresh
            if e.entry_id not in posting_ids
        ]
        # Oldest first, so each channel receives them in publication order; enriched in one
        # pool call, recorded in one transaction.
        ordered = sorted(to_post, key=_publication_order)
        texts = await self._texts(source, ordered, deadline)
        # A teaser whose page is a listing, a table or a deals roundup is no news: recorded as
        # seen, with the reason `newsbot why` gives, and not posted.
        for entry, (_, _, why) in zip(ordered, texts, strict=True):
            if why:
                log.info("source %s: %s not posted: %s", source.name, entry.link, why)
                seen.append(self._article(source, entry, None, posted=False, not_posted=why))
        kept = [(e, (t, text)) for e, (t, text, why) in zip(ordered, texts, strict=True) if not why]
        seen_only = await self.store.record_seen(seen)
        subs, settings = await self._routing_state(run) if kept else ([], {})
        done = await self._enrich_texts(source, [pair for _, pair in kept])
        ordered = [e for e, _ in kept]
        batch: list[tuple[NewArticle, list[tuple[str, str, str]]]] = []
        for entry, result in zip(ordered, done, strict=True):
            enriched = result.enrichment
            decisions = route(
                topics=enriched.topic_names,
                source=source.name,
                title=entry.title,
                summary=enriched.summary_text,
                subscriptions=subs,
                settings=settings,
            )
            channels = [
                (d.channel.platform, d.channel.workspace, d.channel.channel)
                for d in decisions
                if d.deliver and (only is None or d.key in only)
            ]
            batch.append((self._article(source, entry, result), channels))
        ids = await self.store.record_articles(batch) if batch else []
        new = sum(i is not None for i in ids)
        deliveries = sum(len(chs) for i, (_, chs) in zip(ids, batch, strict=True) if i is not None)
        updated = 0
        updates = await self._enrich(source, changed, deadline)
        for entry, result in zip(changed, updates, strict=True):
            enriched = result.enrichment
            if await self.store.record_update(
                source.id,
                entry.entry_id,
                title=entry.title,
                summary=clean_text(enriched.summary_text),
                quotes=_quotes(enriched),
                content_hash=entry.content_hash,
                edit_window=self.config.posting.update_window_hours * 3600.0,
            ):
                updated += 1
        return PollOutcome(source.name, "ok", new, updated, seen_only, deliveries)

    async def _enrich(
        self, source: SourceRow, entries: Sequence[FeedEntry], deadline: Deadline
    ) -> list[ForPost]:
        """Enrich a poll's entries in one pool call, after fetching the full text of those that
        carry only a teaser (`_texts`)."""
        texts = await self._texts(source, entries, deadline)
        return await self._enrich_texts(source, [(title, text) for title, text, _ in texts])

    async def _texts(
        self, source: SourceRow, entries: Sequence[FeedEntry], deadline: Deadline
    ) -> list[tuple[str, str, str]]:
        """(title, text, why the page is not an article or "") per entry: the feed's, or its
        page's for those that carry only a teaser (fetched side by side, within the poll's
        deadline: a page that has not arrived by then is given up, and its entry keeps the
        feed's text)."""
        if not entries:
            return []
        wanted = [i for i, e in enumerate(entries) if self._wants_full_text(source, e)]
        pages = await deadline.gather([self._full_text(source, entries[i]) for i in wanted])
        full = dict(zip(wanted, pages, strict=True))
        return [_text(e, full.get(i)) for i, e in enumerate(entries)]

    async def _enrich_texts(
        self, source: SourceRow, texts: Sequence[tuple[str, str]]
    ) -> list[ForPost]:
        if not texts:
            return []
        posting = self.config.posting
        started = time.perf_counter()
        done = await self.workers.run(
            enrich_for_posts,
            tuple(texts),
            source.name,
            self._rules_for(source.name),
            posting.summary_chars,
            posting.max_quotes,
        )
        if self.on_enrich is not None:
            self.on_enrich(time.perf_counter() - started)
        return done

    def _wants_full_text(self, source: SourceRow, entry: FeedEntry) -> bool:
        return self.client is not None and (source.kind == "page" or is_teaser(entry))

    async def _full_text(self, source: SourceRow, entry: FeedEntry) -> FullText | None:
        """The article page, for an entry that carries only a teaser; None when it cannot be
        had (the post then uses the feed's text, and the failure is logged, not fatal)."""
        assert self.client is not None and entry.link is not None
        try:
            return await fetch_full_text(
                self.client, entry.link, self.workers.run, extract_for_post
            )
        except SourceError as e:
            log.info("source %s: no full text for %s: %s", source.name, entry.link, e)
            return None

    def _article(
        self,
        source: SourceRow,
        entry: FeedEntry,
        result: ForPost | None,
        *,
        posted: bool = True,
        not_posted: str | None = None,
    ) -> NewArticle:
        enriched = result.enrichment if result else None
        summary = enriched.summary_text if enriched else ""
        # `entry` was cleaned in `_record`; the enrichment's text is cleaned here, so nothing
        # with a control character reaches the articles table (DESIGN.md).
        return NewArticle(
            source_id=source.id,
            entry_id=entry.entry_id,
            url=entry.link,
            title=entry.title or "(untitled)",
            published=_epoch(entry.published),
            summary=clean_text(summary),
            quotes=_quotes(enriched) if enriched else (),
            topics=tuple((t.name, t.score) for t in enriched.topics) if enriched else (),
            image=entry.image,
            content_hash=entry.content_hash,
            story_hash=result.story_hash if result else None,
            posted=posted,
            not_posted=None if posted else not_posted,
        )

    async def _succeeded(
        self,
        source: SourceRow,
        result: FetchResult | None,
        parsed: ParsedFeed | None,
        run: _Pass,
    ) -> None:
        now = self.clock()
        hints = result.cache if result is not None else None
        next_at = schedule.next_poll_after_success(
            source.url,
            now,
            source.interval_s,
            hints,
            parsed.ttl_minutes if parsed else None,
        )
        run.successes.append(
            (
                source.id,
                result.etag if result else None,
                result.last_modified if result else None,
                next_at,
            )
        )
        await self._flush_successes(run)

    async def _flush_successes(self, run: _Pass, *, everything: bool = False) -> None:
        """Write the recorded successes in one transaction once a batch is full (or at the end
        of a pass). A crash before the write loses only validators and times: the next pass
        polls those sources again, and dedup keeps that harmless."""
        pending = run.successes
        if pending and (everything or len(pending) >= SUCCESS_BATCH):
            batch = pending[:]
            pending.clear()
            await self.store.record_poll_successes(batch)

    async def _failed(self, source: SourceRow, error: SourceError) -> PollOutcome:
        failures = source.error_count + 1
        retry_after = getattr(error, "retry_after", None)
        next_at = schedule.next_poll_after_failure(
            source.url, self.clock(), failures, source.interval_s, retry_after
        )
        limit = self.config.posting.pause_after_failures
        paused = await self.store.record_poll_failure(
            source.id, error=clean_line(str(error)), next_poll_at=next_at, pause_after=limit
        )
        if paused:
            await self._notify_paused(source, str(error), failures)
        log.warning("source %s failed (%d in a row): %s", source.name, failures, error)
        return PollOutcome(source.name, "error", error=str(error), error_kind=type(error).__name__)

    async def _notify_paused(self, source: SourceRow, error: str, failures: int) -> None:
        """One notice, through the normal delivery path, about each channel that follows the
        source, routed by `bot.delivery.notices` (the workspace's notices channel, else the
        following channel itself if the bot can post there, else the log)."""
        text = (
            f"The source {source.name!r} ({source.url}) failed {failures} times in a row and is "
            f"paused. Last error: {error}. An admin can resume it with "
            f"`/newsadmin source resume {source.name}`."
        )
        payload = json.dumps({"title": f"Source paused: {source.name}", "text": text})
        topics = set(source.topics)
        following = {
            (s.platform, s.workspace, s.channel)
            for s in await self.store.list_subscriptions()
            if s.source == source.name or (s.topic in topics)
        }
        targets = notice_targets(
            following,
            settings=await self.store.all_channel_settings(),
            unavailable=await self.store.paused_channels(),
            problem=f"source {source.name!r} paused after {failures} failures",
        )
        for channel in targets:
            await self.store.enqueue_notice(
                channel, f"paused:{source.name}|{source.url}:{failures}", payload
            )

    async def poll_many(
        self,
        sources: Sequence[SourceRow],
        *,
        limit: int = 32,
        on_outcomes: Callable[[list[PollOutcome]], None] | None = None,
    ) -> list[PollOutcome]:
        """Poll concurrently (at most `limit` at once): a slow or broken source waits alone.
        The same URL configured twice is fetched once: the first source of that URL stands for
        the others in this pass. `on_outcomes` hears each group's outcomes as it ends (so that
        delivery can start before the slowest source is done)."""
        sem = asyncio.Semaphore(limit)

        run = _Pass()

        async def one(group: list[SourceRow]) -> list[PollOutcome]:
            async with sem:
                outcomes = await self._poll_group(group, run)
            if on_outcomes is not None:
                on_outcomes(outcomes)
            return outcomes

        try:
            done = await asyncio.gather(*(one(g) for g in same_url_groups(sources)))
        finally:
            await self._flush_successes(run, everything=True)
        return [outcome for outcomes in done for outcome in outcomes]


def same_url_groups(sources: Sequence[SourceRow]) -> list[list[SourceRow]]:
    groups: dict[tuple[str, str], list[SourceRow]] = {}
    for s in sources:
        groups.setdefault((s.kind, s.url), []).append(s)
    return list(groups.values())


#: Why a new source's older entries are recorded but not posted.
_BACKFILL = (
    "seen on the source's first poll, which posts only its newest recent entries"
    " ([posting] backfill, max_age_hours)"
)


def _text(entry: FeedEntry, full: FullText | None) -> tuple[str, str, str]:
    """The title and text to enrich: the feed's, or the page's when it was fetched and says
    more; and, when the page is used, why it is not an article ("" if it is one)."""
    title, text = entry.title, max(entry.content, entry.summary, key=len)
    if full is not None and len(full.text) > len(text):
        return title or full.title, full.text, full.not_article
    return title, text, ""


def _publication_order(entry: FeedEntry) -> tuple[bool, float]:
    """Dated entries oldest first, undated ones after them in feed order (sort is stable)."""
    return (entry.published is None, entry.published.timestamp() if entry.published else 0.0)


def _quotes(e: Enrichment) -> tuple[tuple[str, str | None, str | None], ...]:
    return tuple((clean_line(q.text), _clean(q.speaker), _clean(q.role)) for q in e.key_quotes)


def _clean(text: str | None) -> str | None:
    return clean_line(text) if text is not None else None
