"""Pacing from the adapter's declared limits: never over a window, close to the limit."""

from __future__ import annotations

import asyncio

from bot.delivery.outbox import Outbox
from bot.delivery.pacing import Pacer, SlidingWindow
from bot.delivery.ports import RateLimits
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best = j = 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


async def test_fan_out_stays_under_the_platform_window(
    store: Store, clock: FakeClock, adapter: MemoryAdapter
) -> None:
    adapter.limits = RateLimits(5, 5.0, 50.0)
    outbox = Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep)
    sid = await source(store)
    await article(store, sid, [ch(f"c{n:03d}") for n in range(200)])
    t0 = clock()
    await outbox.deliver_pending()
    times = [s.at for s in adapter.sent]
    assert len(times) == 200
    assert _max_in_window(times, 1.0) <= 50
    assert max(times) - t0 < 200 / 50 * 1.1  # close to 50/s, not far under it


def test_window_counts_and_blocks() -> None:
    w = SlidingWindow(2, 10.0)
    assert w.next_free(0.0) == 0.0
    w.take(0.0)
    w.take(1.0)
    assert w.next_free(2.0) == 10.0  # the third waits for the first to leave the window
    w.block_until(12.0)
    assert w.next_free(11.0) == 12.0
    w.void(1.0)
    assert w.next_free(12.0) == 12.0
    slow = SlidingWindow.per_second(0.5)
    assert (slow.limit, slow.window) == (1, 2.0)
    assert SlidingWindow.per_second(float("inf")).next_free(5.0) == 5.0


async def test_a_waiter_that_wakes_late_books_again_rather_than_send_late() -> None:
    now = [0.0]

    async def oversleep(seconds: float) -> None:
        now[0] += seconds + 0.2  # a starved loop wakes 200 ms late
        await asyncio.sleep(0)

    pacer = Pacer(RateLimits(100, 1.0, 10.0), clock=lambda: now[0], sleep=oversleep)
    gap = pacer.platform.min_interval
    await pacer.wait_turn("c")  # t=0: free at once
    await pacer.wait_turn("c")  # booked t=gap, woke at gap+0.2: too late for that slot
    woke = gap + 0.2
    assert now[0] == woke
    # The void slot is given back and the send is booked at the time it really happens, so
    # the next one keeps its distance from the real send, not from the missed slot.
    assert pacer.platform.next_free(woke) == woke + gap
