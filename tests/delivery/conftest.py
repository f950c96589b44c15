"""Fixtures for the delivery tests: a fake clock, an in-memory adapter, a store on disk."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.delivery.outbox import Outbox
from bot.delivery.ports import ChannelRef, Post, RateLimits
from bot.store import NewArticle, SourceSpec, Store, open_store

T0 = 1_790_000_000.0  # 2026-09-21 13:33:20 UTC, a Monday afternoon


class FakeClock:
    """Time that moves only when told, or when the code under test sleeps."""

    def __init__(self, now: float = T0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Sent:
    channel: str
    post: Post
    key: str
    message_id: str
    at: float


@dataclass
class MemoryAdapter:
    """Records posts and edits; honours idempotency keys; fails on demand, per channel."""

    clock: FakeClock
    platform: str = "test"
    limits: RateLimits = field(default_factory=lambda: RateLimits(5, 5.0, 50.0))
    sent: list[Sent] = field(default_factory=list)
    edits: list[tuple[str, str, Post, float]] = field(default_factory=list)
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    edit_failures: dict[str, list[Exception]] = field(default_factory=dict)
    calls: list[tuple[str, str, float]] = field(default_factory=list)  # (op, channel, at)
    _by_key: dict[str, str] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def fail(self, channel: str, *errors: Exception) -> None:
        self.failures.setdefault(channel, []).extend(errors)

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        self.calls.append(("send", channel.channel, self.clock()))
        queued = self.failures.get(channel.channel)
        if queued:
            raise queued.pop(0)
        if key in self._by_key:
            return self._by_key[key]
        mid = str(next(self._ids))
        self._by_key[key] = mid
        self.sent.append(Sent(channel.channel, post, key, mid, self.clock()))
        return mid

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        self.calls.append(("edit", channel.channel, self.clock()))
        queued = self.edit_failures.get(channel.channel)
        if queued:
            raise queued.pop(0)
        self.edits.append((channel.channel, message_id, post, self.clock()))

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        self.calls.append(("find", channel.channel, self.clock()))
        return self._by_key.get(key)

    def posts_in(self, channel: str) -> list[Post]:
        return [s.post for s in self.sent if s.channel == channel]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    s = await open_store(tmp_path / "news.db", clock=clock)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
def adapter(clock: FakeClock) -> MemoryAdapter:
    return MemoryAdapter(clock)


@pytest.fixture
def outbox(store: Store, adapter: MemoryAdapter, clock: FakeClock) -> Outbox:
    return Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep, random=lambda: 0.5)


def ch(name: str) -> tuple[str, str, str]:
    return ("test", "ws", name)


_entry = itertools.count(1)


async def source(store: Store, name: str = "Wire", topics: tuple[str, ...] = ("world",)) -> int:
    row = await store.add_source(
        SourceSpec(name, f"https://{name.lower()}.example/feed", "feed", topics)
    )
    return row.id


async def article(
    store: Store,
    source_id: int,
    channels: list[tuple[str, str, str]],
    *,
    title: str | None = None,
    summary: str = "Something happened. More follows.",
    topics: tuple[str, ...] = ("world",),
    story_hash: int | None = None,
) -> int:
    n = next(_entry)
    aid = await store.record_article(
        NewArticle(
            source_id=source_id,
            entry_id=f"e{n}",
            url=f"https://news.example/{n}",
            title=title or f"Article {n}",
            published=None,
            summary=summary,
            topics=tuple((t, 1.0) for t in topics),
            story_hash=story_hash,
        ),
        channels,
    )
    assert aid is not None
    return aid
