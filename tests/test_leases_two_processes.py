"""Issue 21, leases: two bot instances ("processes") on one database share the work.

Each instance is a whole `App` with its own store connection, process id, heartbeat, poll loop
and outbox, as `newsbot run` builds it; both post to one shared fake chat that records every
send (it does not de-duplicate, so a double send would show). Checked: every source is polled
once, by one of them, within the test (far shorter than a poll interval, and than a lease
period), but again on its own grid slot when that falls inside the test (a first poll is off
the grid, and the next is the source's next slot, which can be seconds away:
`schedule.next_slot`); and every post reaches its channel exactly once, in the order it was
queued, with never two sends to one channel in flight at once.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.app import App, sync_config
from bot.config import load_config
from bot.delivery.ports import ChannelRef, Post, RateLimits
from bot.pipeline import PollOutcome
from bot.sources.schedule import next_slot
from bot.store import ProcessInfo, SourceRow, open_store
from bot.workers import WorkerPool
from tests.pgtarget import BACKENDS
from tests.support import WORDS

SOURCES = 12
STORIES_PER_SOURCE = 3
CHANNELS = 4


@dataclass
class SharedChat:
    """One chat platform both instances post to."""

    platform: str = "console"
    limits: RateLimits = field(default_factory=lambda: RateLimits(1000, 1.0, 1000.0))
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # channel, key, sender
    in_flight: Counter[str] = field(default_factory=Counter)
    overlaps: list[str] = field(default_factory=list)

    def as_sender(self, name: str) -> _Sender:
        return _Sender(self, name)


@dataclass
class _Sender:
    chat: SharedChat
    name: str

    @property
    def platform(self) -> str:
        return self.chat.platform

    @property
    def limits(self) -> RateLimits:
        return self.chat.limits

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        chat = self.chat
        chat.in_flight[channel.channel] += 1
        if chat.in_flight[channel.channel] > 1:
            chat.overlaps.append(channel.channel)
        await asyncio.sleep(0.002)  # a send takes a moment: room for another to overlap
        chat.in_flight[channel.channel] -= 1
        chat.sent.append((channel.channel, key, self.name))
        return f"m{len(chat.sent)}"

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        return None

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        return next((f"m{i + 1}" for i, s in enumerate(self.chat.sent) if s[1] == key), None)


def _feed(path: Path, source: int, rng: random.Random) -> None:
    items = []
    for n in range(STORIES_PER_SOURCE):
        title = " ".join(rng.sample(WORDS, 6)).capitalize()
        body = " ".join(rng.sample(WORDS, 20))
        items.append(
            f"<item><title>{title}</title><link>https://s{source}.example/{n}</link>"
            f"<guid>s{source}-{n}</guid><pubDate>Wed, 25 Nov 2026 1{n}:00:00 GMT</pubDate>"
            f"<description>{body}.</description></item>"
        )
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + "".join(items)
        + "</channel></rss>",
        encoding="utf-8",
    )


def write_bot(tmp_path: Path, database: str) -> Path:
    rng = random.Random(21)
    lines = [database, "[posting]\nmax_age_hours = 100000\nsame_story_window_hours = 0\n"]
    for i in range(SOURCES):
        _feed(tmp_path / f"f{i}.xml", i, rng)
        lines.append(
            f'[[sources]]\nname = "s{i}"\nkind = "file"\npath = "f{i}.xml"\nbackfill = 50\n'
        )
    for c in range(CHANNELS):
        subscribed = ", ".join(f'"s{i}"' for i in range(SOURCES) if i % CHANNELS == c)
        lines.append(f'[[channels]]\nid = "c{c}"\nsources = [{subscribed}]\n')
    config = tmp_path / "config.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return config


async def open_instance(config_path: Path, target: str, chat: SharedChat, name: str) -> App:
    """What `App.open` does, on `target` (a SQLite file or a PostgreSQL URL)."""
    config = load_config(config_path)
    store = await open_store(target, clock=time.time)
    await sync_config(store, config)
    app = App(
        config,
        store,
        {"console": chat.as_sender(name)},
        clock=time.time,
        client=None,
        workers=WorkerPool(0),
    )
    app.presence.sole = False  # two on one database: neither may free the other's leases
    app.polls_in_flight = 2  # small claims, so that both instances get sources to poll
    return app


async def run_two(
    config_path: Path, target: str, expected_posts: int
) -> tuple[SharedChat, list[tuple[str, str, float, str, float]], Sequence[App]]:
    chat = SharedChat()
    apps = [await open_instance(config_path, target, chat, n) for n in ("one", "two")]
    polls: list[tuple[str, str, float, str, float]] = []  # source, instance, when, url, interval
    for name, app in zip(("one", "two"), apps, strict=True):
        real = app.pipeline.poll_group

        async def counted(group: Sequence[SourceRow], real=real, name=name) -> list[PollOutcome]:
            polls.extend((s.name, name, time.time(), s.url, s.interval_s) for s in group)
            return await real(group)

        app.pipeline.poll_group = counted  # type: ignore[method-assign]
    stop = asyncio.Event()
    runs = [asyncio.create_task(app.run_forever(stop, tick=0.05)) for app in apps]
    try:
        for _ in range(1200):  # up to a minute
            if len(chat.sent) >= expected_posts and len(polls) >= SOURCES:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # time for a double poll or send to show
    finally:
        stop.set()
        await asyncio.gather(*runs)
    return chat, polls, apps


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_two_instances_share_sources_and_channels_with_nothing_doubled(
    tmp_path: Path, db_target: str
) -> None:
    config = write_bot(tmp_path, "[database]\nlease_seconds = 30\n")
    expected = SOURCES * STORIES_PER_SOURCE
    chat, polls, apps = await run_two(config, db_target, expected)
    try:
        # (posts first: a failure then says whether a double poll reached the chat too)
        keys = Counter(k for _, k, _ in chat.sent)
        assert len(keys) == expected and max(keys.values()) == 1, chat.sent
        first: dict[str, float] = {}
        early = []  # a poll again before the source's next grid slot: a lease or claim fault
        for name, who, at, url, interval in sorted(polls, key=lambda p: p[2]):
            if name not in first:
                first[name] = at
            elif at < next_slot(url, interval, first[name]):
                early.append((name, who, round(at - first[name], 3)))
        assert set(first) == {f"s{i}" for i in range(SOURCES)}, polls
        assert early == [], early
        assert chat.overlaps == []
        # Per-channel order: the order the rows were queued (their ids).
        rows = await apps[0].store.fetchall("SELECT idem_key, id, channel FROM deliveries")
        ids = {r[0]: r[1] for r in rows}
        by_channel: dict[str, list[int]] = defaultdict(list)
        for channel, key, _ in chat.sent:
            by_channel[channel].append(ids[key])
        assert all(seq == sorted(seq) for seq in by_channel.values()), by_channel
        # Both stopped cleanly: every lease free, both marked stopped.
        procs = await apps[0].store.processes()
        assert len(procs) == 2 and all(p.stopped_at is not None for p in procs)
        assert all(p.sources == p.channels == 0 for p in procs)
    finally:
        for app in apps:
            await app.close()


async def test_a_dead_process_sources_are_taken_over_and_counted_a_live_ones_left(
    tmp_path: Path, db_target: str
) -> None:
    config = write_bot(tmp_path, "[database]\nlease_seconds = 30\n")
    app = await open_instance(config, db_target, SharedChat(), "one")
    try:
        now = time.time()
        for ghost, leased_at in (("live:2:bbbb", now), ("dead:1:aaaa", now - 31)):
            await app.store.register_process(ProcessInfo(ghost, "h", 1, leased_at))
            assert len((await app.store.claim_due_sources(ghost, leased_at, 3)).rows) == 3
        summary = await app.run_once()
        # The live process's three are its own to poll; the dead one's are taken over.
        assert len(summary.polls) == SOURCES - 3
        metrics = app.observer.metrics.exposition().decode()
        assert 'newsbot_lease_takeovers_total{kind="source"} 3.0' in metrics
        assert 'newsbot_lease_takeovers_total{kind="channel"} 0.0' in metrics
    finally:
        await app.close()


async def test_a_starting_process_shares_the_budget_before_and_after_it_registers(
    tmp_path: Path, db_target: str
) -> None:
    """The count the token's shared rate is divided by (`App.peers`). A process logs in to its
    platforms before its run loop registers it: it used to count itself alone then, and keep
    that count for 10 s, taking a whole token's budget beside its peers (the chaos test's
    global 429s from Discord, each after a restart). It now counts the live processes plus
    itself before registering, and follows its heartbeat's count at once after."""
    config = write_bot(tmp_path, "[database]\nlease_seconds = 30\n")
    app = await open_instance(config, db_target, SharedChat(), "one")
    try:
        now = time.time()
        for other in ("a:1:x", "b:2:y"):
            await app.store.register_process(ProcessInfo(other, "h", 1, now))
        assert await app.peers.refresh() == 3  # before registering: the two, and itself
        await app.presence.register()
        assert await app.peers.refresh() == 3
        await app.store.register_process(ProcessInfo("c:3:z", "h", 3, now))
        await app.presence.beat()
        assert await app.peers.refresh() == 4  # a new peer counts from the next heartbeat
    finally:
        await app.close()


async def test_processes_starting_together_sync_the_config_one_after_another(
    tmp_path: Path, db_target: str
) -> None:
    """Every process writes config.toml's sources and channels into the database as it starts.
    Three starting at once on a fresh PostgreSQL database used to collide: each planned to
    insert the same sources (a unique violation for all but the first) and deleted and re-wrote
    the same subscriptions (a deadlock); the losers exited at start-up (the chaos test's
    "deadlock detected"). The syncs now take turns, and each sees the one before it."""
    config = load_config(write_bot(tmp_path, "[database]\nlease_seconds = 30\n"))
    stores = [await open_store(db_target, clock=time.time) for _ in range(3)]
    try:
        for _ in range(3):
            await asyncio.gather(*(sync_config(s, config) for s in stores))
        rows = await stores[0].list_sources()
        assert sorted(r.name for r in rows) == sorted(f"s{i}" for i in range(SOURCES))
        subs = await stores[0].fetchall("SELECT channel, source FROM subscriptions")
        assert len(subs) == SOURCES  # each source followed by one channel, once
    finally:
        for s in stores:
            await s.close()
