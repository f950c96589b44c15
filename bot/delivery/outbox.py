"""The outbox worker: sends pending delivery rows through the adapters, once each.

Rules it keeps, and why:

- A row is marked sent only after the platform confirms with a message id; before each attempt
  the row's attempt count is raised, so after a crash a row with attempts > 0 is first looked up
  on the platform by its idempotency key instead of being sent blind (and the resend, if any,
  carries the same key, which the platform de-duplicates).
- Each channel has its own worker task and goes oldest first; a row that must wait (retry
  backoff, Retry-After, cap, quiet hours, digest, paused channel) holds the rows behind it in the
  same channel, never another channel's.
- Pacing comes from the adapter's declared `RateLimits` (a window per channel and one per
  platform), so the bot stays under the limits instead of learning them from 429s. The
  platform window is the token's, shared with the other live processes (`peers`).
- A permanent error pauses the channel's subscriptions and queues ONE notice for its admins;
  the channel's remaining rows wait for an admin to resume it, instead of each failing in turn.
- A store write that fails (disk full, read-only, I/O error) stops every channel before its
  next send: a post that cannot be recorded as sent would be posted again next time. The rows
  stay pending for the next pass, `DeliveryReport.store_errors` says why, and `run` tries again
  after `STORE_RETRY` seconds.
- With several processes on one database (PostgreSQL), a channel is drained only by the
  process that holds its lease (`LeaseHolder`, bot/store/leases.py): it claims the channels
  with work it can, renews them while it drains, and frees them once they are idle. Each
  attempt is counted only while the lease is still its own (the fence in `note_attempt`), so
  a process that stalled past its lease stops before sending, and the channel's order holds.
- Time, sleep and randomness are injected: tests never sleep.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import logging
import math
import random as _random
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.delivery.alerts import alert_payload, alert_post, article_text, matches
from bot.delivery.budget import PeerCount
from bot.delivery.notices import MENTION, notice_targets
from bot.delivery.pacing import Pacer
from bot.delivery.policy import HOUR, ChannelPolicy, PolicyError
from bot.delivery.ports import (
    Adapter,
    ChannelRef,
    PermanentError,
    Post,
    RateLimited,
    ThreadAdapter,
    TransientError,
)
from bot.delivery.posts import (
    digest_payload,
    digest_post,
    notice_payload,
    notice_post,
    post_for_article,
)
from bot.delivery.samestory import SAME_STORY_MAX_DISTANCE, hamming
from bot.delivery.templates import with_format
from bot.delivery.testpost import test_post
from bot.store import ArticleRow, DeliveryRow, Store, StoreError, StoryCandidate, ThreadReply

__all__ = ["DeliveryReport", "LeaseHolder", "Outbox"]

log = logging.getLogger(__name__)

Channel = tuple[str, str, str]
MAX_DIGEST_ITEMS = 50
# Articles are read this many queued rows ahead, in one query: few reads per post, yet a post
# still shows its article as it was moments before sending, not when the queue was read.
ARTICLES_AHEAD = 16
# After a store write failed, how long every channel waits before the outbox tries again.
STORE_RETRY = 60.0
# At most this many channel leases are claimed at once.
CHANNEL_CLAIMS = 10_000


class LeaseHolder(Protocol):
    """The process the outbox drains for, when several share the database (bot/presence.py)."""

    @property
    def id(self) -> str: ...

    @property
    def lease_seconds(self) -> float: ...

    @property
    def generation(self) -> int:
        """Raised each time the process registers: leases claimed before are gone (they were
        freed at the stop before)."""
        ...

    def took_over(self, kind: str, n: int) -> None: ...


class _LeaseLost(Exception):
    """Another process holds the channel now: this drain stops before sending."""


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0  # rows given a later not_before (429, 5xx, network)
    failed: int = 0
    recovered: int = 0  # found already posted after a crash
    merged: int = 0  # same story as a post already made in that channel
    digested: int = 0  # articles listed in a new digest
    edited: int = 0  # posted messages edited in place
    held: int = 0  # channels waiting on cap, quiet hours, digest time or a pause
    unrecorded: int = 0  # sent, but the store failed to record it: may be posted again
    alerted: int = 0  # direct messages queued for keyword alerts
    replied: int = 0  # same-story sources posted in a post's thread
    errors: list[str] = field(default_factory=list)
    store_errors: list[str] = field(default_factory=list)  # delivery stopped: the store failed

    def add(self, other: DeliveryReport) -> None:
        """Count another pass's report into this one."""
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            setattr(self, f.name, mine + theirs)


@dataclass(frozen=True, slots=True)
class _Outcome:
    stop: bool = False  # later rows of this channel must wait
    until: float | None = None  # ... until then (None: until something changes)
    sent_at: float | None = None


_NEXT = _Outcome()


@dataclass(slots=True)
class _Drain:
    """What one drain of one channel has read, so a post costs no reads of its own: the
    articles of the next queued rows, and the channel's recent posts that carry a story hash
    (read once, then kept up to date as posts go out; only this worker posts here)."""

    articles: dict[int, ArticleRow] = field(default_factory=dict)
    stories: list[StoryCandidate] | None = None


class Outbox:
    def __init__(
        self,
        store: Store,
        adapters: Mapping[str, Adapter],
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] | None = None,
        max_attempts: int = 12,
        backoff_base: float = 2.0,
        backoff_cap: float = 1800.0,
        send_timeout: float = 30.0,
        same_story_window: float = 24 * HOUR,
        same_story_distance: int = SAME_STORY_MAX_DISTANCE,
        pace_margin: float = 0.05,
        db_concurrency: int = 4,
        alerts_per_day: int = 10,
        leases: LeaseHolder | None = None,
        peers: PeerCount | None = None,
    ) -> None:
        self.store = store
        self.adapters = adapters
        self.clock = clock
        self.sleep = sleep
        self.random = random if random is not None else _random.Random().random
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.send_timeout = send_timeout
        self.same_story_window = same_story_window
        self.same_story_distance = same_story_distance
        self.alerts_per_day = alerts_per_day
        # Each platform's global limit is the token's, shared by the live processes (`peers`).
        self.peers = peers
        self.pacers = {
            name: Pacer(
                a.limits,
                clock=clock,
                sleep=sleep,
                margin=pace_margin,
                peers=peers.refresh if peers is not None else None,
            )
            for name, a in adapters.items()
        }
        self.totals = DeliveryReport()
        # Bounds how many workers queue store reads at once: on a fan-out to hundreds of
        # channels, the first posts leave at once instead of after every channel's reads.
        self._gate = asyncio.Semaphore(db_concurrency)
        self._wake = asyncio.Event()
        self._workers: dict[Channel, asyncio.Task[float | None]] = {}
        self._hold: dict[Channel, float] = {}  # channel → not before (from its last worker)
        self._edit_failures: dict[int, int] = {}
        self._settings: dict[Channel, dict[str, Any]] = {}
        self._broken_policy: dict[Channel, str] = {}  # channel -> the error logged for it
        self._paused: dict[Channel, str] = {}
        self._seeded = False
        self._store_failure: StoreError | None = None
        self._store_retry_at = 0.0  # no channel sends before then (a store write failed)
        # Channel leases (None: this process is the only sender, as in tests of the outbox).
        self.leases = leases
        self._held: set[Channel] = set()  # channels whose lease this process claimed
        self._held_until = 0.0  # ... good until then, by its last claim
        self._held_generation = -1  # ... in this registration of the process
        self._next_claim = 0.0  # when to look again for channels other processes hold
        self._next_upkeep = 0.0  # when to free idle channels (run)

    @property
    def stopped_by(self) -> StoreError | None:
        """The store failure that holds every send, while it does (for /healthz)."""
        return self._store_failure if self.clock() < self._store_retry_at else None

    # -- entry points ---------------------------------------------------------------------

    def notify(self) -> None:
        """New rows were queued or settings changed: `run` looks again now."""
        self._hold.clear()
        self._wake.set()

    async def deliver_pending(self) -> DeliveryReport:
        """One pass: every channel with due rows, in parallel, each oldest first, until each
        channel is empty or must wait. Waits for pacing; never for a retry or a hold."""
        report = DeliveryReport()
        await self._refresh()
        now = self.clock()
        tasks = []
        # One query for every pending row, handed to the workers, rather than one per channel
        # queued behind each other on the database thread before the first post can leave.
        queued: dict[Channel, list[DeliveryRow]] = {}
        for row in await self.store.pending_deliveries(limit=100_000):
            queued.setdefault((row.platform, row.workspace, row.channel), []).append(row)
        works = await self.store.channels_with_work()
        await self._claim(
            (w.channel for w in works if self._wants(w.channel) and w.due_at <= now),
            with_work=sum(1 for w in works if w.channel[0] in self.adapters),
        )
        for work in works:
            ch = work.channel
            if ch[0] not in self.adapters or not self._holds(ch):
                continue
            if ch in self._paused:
                report.held += 1
                continue
            if work.due_at > now:
                report.held += 1
                continue
            tasks.append(self._spawn(ch, report, edits=work.edits > 0, rows=queued.get(ch)))
        if tasks:
            await asyncio.wait(tasks)
        if self._store_failure is not None and self.clock() < self._store_retry_at:
            report.store_errors.append(str(self._store_failure))
        elif report.alerted:
            # The direct messages this pass queued go out in the same pass.
            more = await self.deliver_pending()
            report.add(more)
        return report

    async def run(self, stop: asyncio.Event, *, rescan_seconds: float = 60.0) -> None:
        """Deliver until `stop` is set: wake when `notify()` is called, when a channel's worker
        ends, or at the next due time (a retry, the end of quiet hours, a digest), and look at
        least every `rescan_seconds` (rows queued by another process)."""
        stop_wait = asyncio.create_task(stop.wait())
        try:
            logged: StoreError | None = None
            while not stop.is_set():
                self._wake.clear()
                if self._store_failure is not logged and self._store_failure is not None:
                    logged = self._store_failure
                    log.error(
                        "delivery stopped for %gs, posts stay queued: %s", STORE_RETRY, logged
                    )
                await self._upkeep()
                next_due = await self._spawn_due(self.totals)
                now = self.clock()
                delay = rescan_seconds if next_due is None else min(next_due - now, rescan_seconds)
                if self.leases is not None:
                    delay = min(delay, self._next_upkeep - now)
                wake_wait = asyncio.create_task(self._wake.wait())
                timer = asyncio.ensure_future(self.sleep(max(delay, 0.0)))
                waiting: set[asyncio.Future[Any]] = {stop_wait, wake_wait, timer}
                waiting.update(self._workers.values())
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                for t in (wake_wait, timer):
                    t.cancel()
        finally:
            stop_wait.cancel()
            await self._stop_workers()

    # -- scheduling -----------------------------------------------------------------------

    async def _refresh(self) -> None:
        self._settings = await self.store.all_channel_settings()
        self._paused = await self.store.paused_channels()
        if not self._seeded:
            await self._seed_pacers()

    async def _seed_pacers(self) -> None:
        """Once, before the first send: the pacers learn the sends the outbox recorded in the
        last seconds (a previous process's, before a restart or a crash)."""
        self._seeded = True
        if not self.pacers:
            return
        since = self.clock() - max(p.history_seconds for p in self.pacers.values())
        history: dict[str, dict[str, list[float]]] = {name: {} for name in self.pacers}
        for ch, times in (await self.store.recent_sends(since=since)).items():
            if ch[0] in history:
                history[ch[0]][str(ChannelRef(*ch))] = times
        for name, pacer in self.pacers.items():
            pacer.seed(history[name])

    async def _spawn_due(self, report: DeliveryReport) -> float | None:
        """Start a worker for each channel with due work and none running; return the next
        time something becomes due."""
        await self._refresh()
        now = self.clock()
        next_due: float | None = None
        works = await self.store.channels_with_work()
        due_at = {w.channel: max(w.due_at, self._hold.get(w.channel, 0.0)) for w in works}
        await self._claim(
            (ch for ch, due in due_at.items() if due <= now and ch not in self._workers),
            with_work=sum(1 for ch in due_at if ch[0] in self.adapters),
        )
        for work in works:
            ch = work.channel
            if ch[0] not in self.adapters or ch in self._workers or ch in self._paused:
                continue
            due = due_at[ch]
            if due > now:
                next_due = due if next_due is None else min(next_due, due)
            elif self._holds(ch):
                self._spawn(ch, report, edits=work.edits > 0)
            else:
                # Another process drains it; look again when claims are next allowed (it may
                # die, or free the channel).
                next_due = _earliest(next_due, max(self._next_claim, now + 1.0))
        return next_due

    # -- channel leases (several processes) ------------------------------------------------

    def _wants(self, ch: Channel) -> bool:
        return ch[0] in self.adapters and ch not in self._paused

    def _holds(self, ch: Channel) -> bool:
        return self.leases is None or ch in self._held

    async def _claim(self, due: Iterable[Channel], *, with_work: int) -> None:
        """Hold the leases of the channels with due work, where no other process does. A
        claim also renews the leases already held; one is made when a due channel is not
        held (at most every sixth of a lease while others hold some), or when the last
        claim is getting old.

        Each process sends at its share of the token's rate (`peers`), so it takes free
        channels only up to its share of the channels with work (`with_work`): the first
        process to look no longer takes a whole burst and sends it at 1/N of the budget while
        the others stand idle (bench/scale.py, docs/scale.md). The channels it holds, and a
        dead process's whose lease expired, it always takes: a takeover waits for no share."""
        if self.leases is None:
            return
        now = self.clock()
        held = len(self._held)
        if now >= self._held_until or self._held_generation != self.leases.generation:
            self._held.clear()
            held = 0
        wanted = [ch for ch in due if self._wants(ch) and ch not in self._held]
        if not wanted or now < self._next_claim:
            return
        lease = self.leases.lease_seconds
        share = None
        if self.peers is not None:
            share = max(1, math.ceil(with_work / await self.peers.refresh()), held)
        claim = await self.store.claim_channels(
            self.leases.id, now, CHANNEL_CLAIMS, platforms=tuple(self.adapters), share=share
        )
        self._held = set(claim.rows)
        self._held_generation = self.leases.generation
        # Two thirds of a lease: the rest is the margin for a send in flight and clock skew.
        self._held_until = now + lease * 2 / 3
        self.leases.took_over("channel", claim.takeovers)
        others = any(ch not in self._held for ch in wanted)
        self._next_claim = now + lease / 6 if others else 0.0

    async def _upkeep(self) -> None:
        """Every third of a lease: free the channels that have no work left, so any process
        may take them when they get some."""
        if self.leases is None or self.clock() < self._next_upkeep:
            return
        self._next_upkeep = self.clock() + self.leases.lease_seconds / 3
        try:
            released = await self.store.release_idle_channels(self.leases.id)
        except StoreError as e:
            log.error("could not free idle channel leases: %s", e)
            return
        self._held.difference_update(released)

    async def _note_attempt(self, ch: Channel, delivery_id: int) -> None:
        """Count an attempt before sending; with leases, only while the channel is ours."""
        if self.leases is None:
            await self.store.note_attempt(delivery_id)
        elif not await self.store.note_attempt(delivery_id, lease_owner=self.leases.id):
            self._held.discard(ch)
            raise _LeaseLost(ch)

    def _spawn(
        self,
        ch: Channel,
        report: DeliveryReport,
        *,
        edits: bool = True,
        rows: list[DeliveryRow] | None = None,
    ) -> asyncio.Task[float | None]:
        task = self._workers.get(ch)
        if task is None or task.done():
            self._hold.pop(ch, None)
            work = self._drain_or_stop(ch, report, edits=edits, rows=rows)
            task = asyncio.create_task(work, name=f"outbox {ch}")
            self._workers[ch] = task
            task.add_done_callback(functools.partial(self._worker_done, ch))
        return task

    def _worker_done(self, ch: Channel, task: asyncio.Task[float | None]) -> None:
        if self._workers.get(ch) is task:
            del self._workers[ch]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            # A bug or a store error: keep the other channels going, look again later.
            log.error("outbox worker for %s failed", ch, exc_info=exc)
            self._hold[ch] = self.clock() + 30.0
            return
        until = task.result()
        if until is not None:
            self._hold[ch] = until

    async def _stop_workers(self, grace: float = 5.0) -> None:
        tasks = list(self._workers.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=grace)
        for t in pending:
            t.cancel()  # a cancelled send is a crash the next start recovers from
        await asyncio.gather(*pending, return_exceptions=True)

    # -- one channel ----------------------------------------------------------------------

    async def _drain_or_stop(
        self,
        ch: Channel,
        report: DeliveryReport,
        *,
        edits: bool,
        rows: list[DeliveryRow] | None,
    ) -> float | None:
        """`_drain`, but a store failure stops every channel (see the module docstring)."""
        try:
            return await self._drain(ch, report, edits=edits, rows=rows)
        except _LeaseLost:
            log.info("channel %s is drained by another process now; stopped here", ChannelRef(*ch))
            return None
        except StoreError as e:
            self._store_failure = e
            self._store_retry_at = self.clock() + STORE_RETRY
            return self._store_retry_at

    async def _drain(
        self,
        ch: Channel,
        report: DeliveryReport,
        *,
        edits: bool = True,
        rows: list[DeliveryRow] | None = None,
    ) -> float | None:
        """Deliver a channel's due rows oldest first; return when the next one is due (None
        when nothing is left or only an external change can unblock it). `edits`: whether
        the channel may have posts to edit (skips a query per channel on a plain fan-out);
        `rows`: its pending rows if the caller already read them."""
        adapter = self.adapters[ch[0]]
        ref = ChannelRef(*ch)
        drain = _Drain()
        first = first_rows = True
        while True:
            if ch in self._paused:
                report.held += 1
                return None
            try:
                policy = ChannelPolicy.from_settings(self._settings.get(ch, {}))
            except PolicyError as e:
                # Config and chat validation refuse such a value, so it predates them or was
                # written by hand. Dropping the setting would post more than the admin asked
                # for (no cap, no quiet hours): hold the channel's posts until it is fixed.
                if self._broken_policy.get(ch) != str(e):
                    self._broken_policy[ch] = str(e)
                    log.error("channel %s: %s; its posts are held until it is fixed", ref, e)
                report.held += 1
                return None
            if edits or not first:
                until = await self._edits(adapter, ref, report)
                if until is not None:
                    return until
            first = False
            if rows is None or not first_rows:
                rows = await self.store.pending_for_channel(ch)
            first_rows = False
            next_due: float | None = None
            if policy.digest_hours > 0:
                due = await self._maybe_digest(ch, rows, policy, report)
                if due is None:
                    rows = await self.store.pending_for_channel(ch)
                else:
                    next_due = due
                rows = [r for r in rows if r.kind != "article"]
            if not rows:
                return next_due
            sent_times: list[float] | None = None
            for i, row in enumerate(rows):
                now = self.clock()
                if now < self._store_retry_at:
                    return self._store_retry_at  # another channel's write failed: stop here
                if row.not_before > now:
                    return _earliest(next_due, row.not_before)
                # Notices and test posts are asked for now: no cap, quiet hours or digest.
                if row.kind not in ("notice", "test") and (
                    policy.quiet or policy.max_posts_per_hour
                ):
                    if sent_times is None:
                        sent_times = await self.store.sent_times(ch, since=now - HOUR)
                    hold = policy.hold(now, sent_times)
                    if hold is not None:
                        report.held += 1
                        return _earliest(next_due, hold.until)
                if row.article_id is not None and row.article_id not in drain.articles:
                    await self._read_ahead(rows[i : i + ARTICLES_AHEAD], drain)
                outcome = await self._one(adapter, ref, row, report, drain)
                if outcome.sent_at is not None and row.kind != "notice" and sent_times is not None:
                    sent_times.append(outcome.sent_at)
                if outcome.stop:
                    return outcome.until
            # Everything listed went out: look again for rows queued meanwhile.

    async def _read_ahead(self, rows: list[DeliveryRow], drain: _Drain) -> None:
        ids = [r.article_id for r in rows if r.article_id is not None]
        async with self._gate:
            drain.articles.update(await self.store.get_articles(ids))

    async def _one(
        self,
        adapter: Adapter,
        ref: ChannelRef,
        row: DeliveryRow,
        report: DeliveryReport,
        drain: _Drain,
    ) -> _Outcome:
        ch: Channel = (ref.platform, ref.workspace, ref.channel)
        async with self._gate:
            post = await self._prepare(ch, row, report, drain)
        if post is None:
            return _NEXT
        if self.clock() < self._store_retry_at:
            return _Outcome(stop=True, until=self._store_retry_at)
        pacer = self.pacers[ref.platform]
        key = str(ref)
        try:
            if row.attempts > 0:
                await pacer.wait_turn(key)
                async with asyncio.timeout(self.send_timeout):
                    found = await adapter.find(ref, row.idem_key)
                if found is not None:
                    await self.store.mark_sent(row.id, found)
                    report.recovered += 1
                    return self._posted(row, drain)
            async with self._gate:
                await self._note_attempt(ch, row.id)
            # Pace right before the request, after the store write: time spent waiting for the
            # database must not bunch requests that left the pacer evenly spaced.
            await pacer.wait_turn(key)
            async with asyncio.timeout(self.send_timeout):
                message_id = await adapter.send(ref, post, row.idem_key)
        except RateLimited as e:
            until = self.clock() + e.retry_after
            if e.is_global:
                pacer.platform.block_until(until)
            pacer.channel(key).block_until(until)
            await self.store.mark_retry(row.id, not_before=until, error=str(e))
            report.retrying += 1
            return _Outcome(stop=True, until=until)
        except (TransientError, TimeoutError) as e:
            error = str(e) or f"{ref}: no answer within {self.send_timeout:g}s"
            attempts = row.attempts + 1
            report.errors.append(error)
            if attempts >= self.max_attempts:
                await self.store.mark_failed(row.id, f"gave up after {attempts} attempts: {error}")
                report.failed += 1
                return _NEXT
            until = self.clock() + self._backoff(attempts)
            await self.store.mark_retry(row.id, not_before=until, error=error)
            report.retrying += 1
            return _Outcome(stop=True, until=until)
        except PermanentError as e:
            report.errors.append(str(e))
            report.failed += 1
            await self.store.mark_failed(row.id, e.reason)
            if row.kind == "alert":
                return _NEXT  # a person's closed DMs pause nothing and tell no admin
            if await self.store.pause_channel(ch, e.reason):
                self._paused[ch] = e.reason
                await self._tell_admins(ref, e.reason, row.idem_key)
                return _Outcome(stop=True)
            return _NEXT
        try:
            await self.store.mark_sent(row.id, message_id)
        except StoreError:
            report.unrecorded += 1
            raise
        report.sent += 1
        if row.kind == "article" and row.article_id in drain.articles:
            await self._queue_alerts(ref, drain.articles[row.article_id], report)
        return self._posted(row, drain)

    def _posted(self, row: DeliveryRow, drain: _Drain) -> _Outcome:
        """The row is on the platform: a later article of this drain may join its story."""
        now = self.clock()
        article = (
            drain.articles.pop(row.article_id, None)
            if row.kind == "article" and row.article_id
            else None
        )
        if drain.stories is not None and article is not None and article.story_hash is not None:
            drain.stories.append(StoryCandidate(row.id, article.id, article.story_hash, now))
        return _Outcome(sent_at=now)

    async def _prepare(
        self, ch: Channel, row: DeliveryRow, report: DeliveryReport, drain: _Drain
    ) -> Post | None:
        """The post a row sends, or None if the row was settled without sending (its article
        is gone, or it is the same story as a post already in the channel)."""
        if row.kind == "digest":
            return digest_post(row.payload)
        if row.kind == "alert":
            return await self._alert_post(row, report)
        if row.kind not in ("article", "test"):
            return notice_post(row.payload)
        article = drain.articles.get(row.article_id or 0)
        if article is None:
            article = await self.store.get_article(row.article_id or 0)
        if article is None:
            await self.store.mark_failed(row.id, "article missing")
            report.failed += 1
            return None
        if row.kind == "test":  # not a delivery of the article: no merge, no role mention
            return test_post(article, self._settings.get(ch, {}))
        drain.articles[article.id] = article
        leader = await self._same_story(ch, row, article, drain)
        if leader is not None:
            await self.store.merge_delivery(row.id, leader, "same story as an earlier post")
            report.merged += 1
            return None
        # A pending row has no group: merges join sent posts.
        settings = self._settings.get(ch, {})
        post = with_format(with_role_mention(post_for_article(article), settings), settings)
        return dataclasses.replace(post, thread=True) if settings.get("threads") else post

    async def _alert_post(self, row: DeliveryRow, report: DeliveryReport) -> Post | None:
        data = json.loads(row.payload or "{}")
        article = await self.store.get_article(int(data.get("article_id") or 0))
        if article is None:
            await self.store.mark_failed(row.id, "article missing")
            report.failed += 1
            return None
        return alert_post(article, str(data.get("phrase", "")))

    async def _queue_alerts(
        self, ref: ChannelRef, article: ArticleRow, report: DeliveryReport
    ) -> None:
        """The article is now posted in `ref`: DM it to each person whose alert, made in this
        workspace, it matches ("can see": the bot posted it in a channel of the workspace where
        the alert was made). Once per article per person, at most `alerts_per_day` a day."""
        alerts = await self.store.alerts_in(ref.platform, ref.workspace)
        if not alerts:
            return
        text = article_text(article)
        article_ref = f"{article.source_name}\x1f{article.entry_id}"
        for alert in alerts:
            if not matches(alert.phrase, text):
                continue
            payload = alert_payload(article.id, alert.phrase)
            if await self.store.enqueue_alert(
                alert, article_ref, payload, per_day=self.alerts_per_day
            ):
                report.alerted += 1
                self._wake.set()

    def _backoff(self, attempts: int) -> float:
        """Exponential with "equal jitter": half fixed, half random, so retries of many rows
        failed by one outage spread out instead of returning together."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** (attempts - 1))
        return ceiling / 2 + self.random() * ceiling / 2

    # -- same story, edits, digests, notices -----------------------------------------------

    async def _same_story(
        self, ch: Channel, row: DeliveryRow, article: ArticleRow, drain: _Drain
    ) -> int | None:
        """The delivery (in this channel, within the window) this article's story was posted
        as, if any; the nearest one when several are close."""
        if article.story_hash is None:
            return None
        since = self.clock() - self.same_story_window
        if drain.stories is None:
            drain.stories = await self.store.story_candidates(ch, since=since, before_id=1 << 62)
        best: tuple[int, int] | None = None
        for c in drain.stories:
            if c.article_id == article.id or c.sent_at < since or c.delivery_id >= row.id:
                continue
            d = hamming(c.story_hash, article.story_hash)
            if d <= self.same_story_distance and (best is None or d < best[0]):
                best = (d, c.delivery_id)
        return None if best is None else best[1]

    async def _edits(
        self, adapter: Adapter, ref: ChannelRef, report: DeliveryReport
    ) -> float | None:
        """Edit the channel's posts whose article changed or whose story gained a source.
        Returns a time to come back at if the platform asked us to wait."""
        ch: Channel = (ref.platform, ref.workspace, ref.channel)
        pacer = self.pacers[ref.platform]
        for e in await self.store.edits_due(ch):
            article = await self.store.get_article(e.article_id)
            if article is None:
                await self.store.mark_edited(e.id, e.needs_edit)
                continue
            post = post_for_article(article, await self.store.story_group(e.id))
            # The post as it was sent, role mention included: an edit replaces the whole
            # message (a mention left out would vanish from it), and neither platform
            # notifies anyone again for an edit.
            settings = self._settings.get(ch, {})
            post = with_format(with_role_mention(post, settings), settings)
            await pacer.wait_turn(str(ref))
            try:
                async with asyncio.timeout(self.send_timeout):
                    await adapter.edit(ref, e.message_id, post)
            except RateLimited as err:
                until = self.clock() + err.retry_after
                pacer.channel(str(ref)).block_until(until)
                return until
            except (TransientError, TimeoutError) as err:
                n = self._edit_failures.get(e.id, 0) + 1
                self._edit_failures[e.id] = n
                report.errors.append(str(err) or f"{ref}: edit timed out")
                if n < self.max_attempts:
                    return self.clock() + self._backoff(n)
                log.warning("giving up editing %s message %s: %s", ref, e.message_id, err)
            except PermanentError as err:
                # The message was deleted or the channel is gone: the edit cannot happen, and
                # the next send will tell whether the channel itself is lost.
                log.warning("cannot edit %s message %s: %s", ref, e.message_id, err.reason)
            else:
                report.edited += 1
                later = await self._thread_replies(adapter, ref, e.id, e.message_id, report)
                if later is not None:
                    return later
            self._edit_failures.pop(e.id, None)
            await self.store.mark_edited(e.id, e.needs_edit)
        return None

    async def _thread_replies(
        self,
        adapter: Adapter,
        ref: ChannelRef,
        leader_id: int,
        message_id: str,
        report: DeliveryReport,
    ) -> float | None:
        """Post the sources that joined a story into its post's thread (channels set to
        `threads`, and Discord forums), once each: a reply's row counts its attempt before
        sending, and one with an earlier attempt is looked up by its key first. Returns a time
        to come back at if the platform asked us to wait or failed for now; the edit request
        stays raised until every reply is in."""
        if not isinstance(adapter, ThreadAdapter):
            return None
        ch: Channel = (ref.platform, ref.workspace, ref.channel)
        if not self._settings.get(ch, {}).get("threads") and not await adapter.threaded(ref):
            return None
        pacer = self.pacers[ref.platform]
        for r in await self.store.thread_replies_due(leader_id):
            await pacer.wait_turn(str(ref))
            try:
                async with asyncio.timeout(self.send_timeout):
                    found = (
                        await adapter.find_reply(ref, message_id, r.idem_key)
                        if r.attempts > 0
                        else None
                    )
                    if found is None:
                        await self._note_attempt(ch, r.id)
                        found = await adapter.reply(ref, message_id, _reply_post(r), r.idem_key)
            except RateLimited as err:
                until = self.clock() + err.retry_after
                pacer.channel(str(ref)).block_until(until)
                return until
            except (TransientError, TimeoutError) as err:
                report.errors.append(str(err) or f"{ref}: thread reply timed out")
                n = self._edit_failures.get(leader_id, 0) + 1
                self._edit_failures[leader_id] = n
                if n < self.max_attempts:
                    return self.clock() + self._backoff(n)
                found = ""  # give up on this reply; the post itself lists the source
            except PermanentError as err:
                log.warning("cannot reply in the thread of %s %s: %s", ref, message_id, err)
                found = ""  # the thread is gone or locked: the edited post lists the source
            else:
                report.replied += 1
            await self.store.mark_replied(r.id, found)
        return None

    async def _maybe_digest(
        self, ch: Channel, rows: list[DeliveryRow], policy: ChannelPolicy, report: DeliveryReport
    ) -> float | None:
        """In digest mode, queue one digest of the waiting articles when it is due. Returns the
        time the next digest is due, or None when one was queued (or nothing waits)."""
        now = self.clock()
        waiting = [r for r in rows if r.kind == "article" and r.not_before <= now]
        if not waiting:
            return None
        last = await self.store.last_digest_at(ch)
        due = policy.digest_due(
            last_digest_at=last, oldest_pending_at=min(r.created_at for r in waiting)
        )
        if due > now:
            report.held += 1
            return due
        waiting = waiting[:MAX_DIGEST_ITEMS]
        listed: list[ArticleRow] = []
        also: dict[int, list[str]] = {}
        for r in waiting:
            a = await self.store.get_article(r.article_id or 0)
            if a is None:
                continue
            # The same story from several sources is one item naming the others.
            first = next((b for b in listed if self._same(a, b)), None)
            if first is None:
                listed.append(a)
            else:
                also.setdefault(first.id, []).append(a.source_name)
        payload = digest_payload(listed, hours=policy.digest_hours, also=also)
        if await self.store.create_digest(ch, [r.id for r in waiting], payload) is not None:
            report.digested += len(waiting)
        return None

    def _same(self, a: ArticleRow, b: ArticleRow) -> bool:
        if a.story_hash is None or b.story_hash is None:
            return False
        return hamming(a.story_hash, b.story_hash) <= self.same_story_distance

    async def _tell_admins(self, ref: ChannelRef, reason: str, row_key: str) -> None:
        """One notice per pause (keyed by the key of the row that caused it, which no restored
        database reuses for another row), routed by
        `bot.delivery.notices` (the workspace's notices channels, else the log: the channel
        itself refuses posts). Always written to the audit log as well."""
        ch: Channel = (ref.platform, ref.workspace, ref.channel)
        await self.store.log_audit(
            actor="newsbot", action="pause channel", subject=str(ref), after={"reason": reason}
        )
        text = (
            f"Posting to {MENTION} failed: {reason}. Its subscriptions are paused and its queued "
            "posts are kept. Give the bot access again, then resume the channel with "
            "`/newsadmin channel resume` there."
        )
        payload = notice_payload("newsbot paused a channel", text, channel=ref.channel)
        targets = notice_targets(
            [ch],
            settings=self._settings,
            unavailable={*self._paused, ch},
            problem=f"posting refused ({reason}); its subscriptions are paused",
        )
        for target in targets:
            if await self.store.enqueue_notice(target, f"paused|{ref}|{row_key}", payload):
                self._wake.set()


def _earliest(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def with_role_mention(post: Post, settings: Mapping[str, Any]) -> Post:
    """The role an admin opted in to mention for one of the post's topics (channel setting
    `mention_roles`: topic → role id). Feed text never mentions anyone; this is the only ping."""
    roles = settings.get("mention_roles") or {}
    role = next((str(roles[t]) for t in post.topics if t in roles), None)
    return dataclasses.replace(post, mention_role=role) if role else post


def _reply_post(reply: ThreadReply) -> Post:
    """A same-story source, as a short post in the thread: its headline, link and source."""
    return Post(kind="article", title=reply.title, url=reply.url or None, source=reply.source_name)
