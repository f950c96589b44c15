"""The real outbox sending through an observed adapter: its posts and 429s are counted, the
store's outbox depth reaches the gauges, and a store write failure shows on /healthz."""

from __future__ import annotations

import pytest

from bot.delivery.outbox import STORE_RETRY, Outbox
from bot.delivery.ports import ChannelRef, RateLimited
from bot.ops.observer import Observer
from bot.store import DatabaseFull, Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


def value(observer: Observer, name: str, **labels: str) -> float | None:
    return observer.metrics.registry.get_sample_value(name, labels)


async def test_posts_429s_depth_and_a_stopped_outbox_are_observed(
    store: Store, clock: FakeClock, adapter: MemoryAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    observer = Observer(clock=clock)
    outbox = Outbox(store, {"test": observer.watch(adapter)}, clock=clock, sleep=clock.sleep)
    observer.delivery_problem = lambda: None if outbox.stopped_by is None else "stopped"
    observer.running = True
    sid = await source(store)
    await article(store, sid, [ch("a"), ch("b")])
    await observer.refresh(store)
    assert value(observer, "newsbot_outbox_pending", platform="test") == 2

    adapter.fail("a", RateLimited(ChannelRef(*ch("a")), 7.0))
    await outbox.deliver_pending()
    assert value(observer, "newsbot_rate_limited_total", platform="test") == 1
    assert value(observer, "newsbot_posts_total", platform="test") == 1  # b's
    clock.now += 60
    await observer.refresh(store)
    assert value(observer, "newsbot_outbox_pending", platform="test") == 1
    oldest = value(observer, "newsbot_outbox_oldest_pending_seconds", platform="test")
    assert oldest == pytest.approx(60, abs=1)  # (pacing moved the fake clock a little)

    async def disk_full(delivery_id: int, message_id: str) -> None:
        raise DatabaseFull(store.path, "cannot write the database (disk I/O error)")

    monkeypatch.setattr(store, "mark_sent", disk_full)
    assert (await outbox.deliver_pending()).store_errors
    assert outbox.stopped_by is not None
    assert observer.health().problems == ("delivery stopped: stopped",)
    clock.now += STORE_RETRY
    assert outbox.stopped_by is None and observer.health().healthy
