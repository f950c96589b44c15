"""Fixtures for the delivery tests: a fake clock, an in-memory adapter, a store on disk."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest

from bot.delivery.outbox import Outbox
from bot.delivery.ports import ChannelRef, Post, RateLimits
from bot.store import NewArticle, SourceSpec, Store
from tests.pgtarget import BACKENDS
from tests.support import T0, FakeClock

__all__ = ["T0", "FakeClock", "MemoryAdapter", "article", "ch", "source"]


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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Every delivery test that uses the `store` fixture runs on SQLite and on PostgreSQL."""
    return str(request.param)


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
