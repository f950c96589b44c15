"""A token's global rate shared by the live processes: each paces to total / peers, and a
process that dies frees its share within the re-read interval."""

from __future__ import annotations

import asyncio
import heapq
import inspect
import itertools
import math
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import pytest

from bot.delivery.budget import PeerCount, SharedRate, one_process, store_peers
from bot.delivery.outbox import Outbox
from bot.delivery.ports import RateLimits
from bot.store import Store, StoreError
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source
from tests.delivery.test_pacing import _max_in_window

T = TypeVar("T")


@dataclass
class Peers:
    """A processes table seen from one process: how many are alive, and failures on demand."""

    alive: int = 3
    reads: int = 0
    fail: bool = False

    async def __call__(self) -> int:
        self.reads += 1
        await asyncio.sleep(0)
        if self.fail:
            raise StoreError("news.db", "database unavailable")
        return self.alive


class VirtualClock(FakeClock):
    """Time that jumps to the earliest sleeper's deadline, and wakes it exactly then.

    `FakeClock.sleep` adds each sleep to the time, so concurrent channel workers push each
    other late and their sends bunch; here each sleeper wakes at its own deadline, as on a real
    clock, so what is measured is the pacing itself. `drive` runs a coroutine and moves time
    on whenever the loop has had a few turns to run whatever is ready."""

    def __init__(self) -> None:
        super().__init__()
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._in_flight = 0

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), woken))
        await woken

    async def drive(self, work: Coroutine[Any, Any, T]) -> T:
        task = asyncio.ensure_future(work)
        while not task.done():
            await self._settle()
            if self._sleepers and not task.done():
                deadline, _, woken = heapq.heappop(self._sleepers)
                self.now = max(self.now, deadline)
                woken.set_result(None)
        return task.result()

    def watch(self, store: Store) -> Store:
        """`store` with its calls counted, so that time stands still while one is in flight."""
        clock = self

        class Watched:
            def __getattr__(self, name: str) -> Any:
                attr = getattr(store, name)
                if not inspect.iscoroutinefunction(attr):
                    return attr

                async def call(*args: Any, **kwargs: Any) -> Any:
                    clock._in_flight += 1
                    try:
                        return await attr(*args, **kwargs)
                    finally:
                        clock._in_flight -= 1

                return call

        return cast(Store, Watched())

    async def _settle(self) -> None:
        """Return once no store call is in flight and the loop has run what is ready.

        Time may only move on when nothing else can: a store call in flight (aiosqlite's
        thread, a PostgreSQL round trip) would otherwise see the clock jump past the sends its
        caller was about to make, and the measured pace would be the store's latency, not the
        pacer's (it failed on PostgreSQL in CI: 26 sends in a second where 50 were due)."""
        while True:
            for _ in range(10):
                await asyncio.sleep(0)
            if not self._in_flight:
                return
            await asyncio.sleep(0.0005)


async def test_one_process_of_three_sends_a_third_of_the_budget(store: Store) -> None:
    clock = VirtualClock()
    adapter = MemoryAdapter(clock, limits=RateLimits(5, 5.0, 50.0))
    peers = PeerCount(Peers(alive=3), clock=clock)
    outbox = Outbox(
        clock.watch(store), {"test": adapter}, clock=clock, sleep=clock.sleep, peers=peers
    )
    sid = await source(store)
    await article(store, sid, [ch(f"c{n:03d}") for n in range(100)])
    t0 = clock()
    await clock.drive(outbox.deliver_pending())
    times = [s.at for s in adapter.sent]
    assert len(times) == 100
    share = math.ceil(50 / 3)  # 17
    assert _max_in_window(times, 1.0) <= share
    assert max(times) - t0 >= 100 / share - 1  # a third of the pace, not the whole of it
    assert max(times) - t0 < 100 / (50 / 3) * 1.15  # and not far under the share


async def test_a_process_that_dies_frees_its_share(store: Store) -> None:
    """Posts booked while two were alive keep their slots (half the pace); what is booked
    after the count is re-read past the death goes at the whole budget."""
    clock = VirtualClock()
    adapter = MemoryAdapter(clock, limits=RateLimits(5, 5.0, 50.0))
    death = clock() + 3.0

    async def alive() -> int:
        return 2 if clock() < death else 1

    peers = PeerCount(alive, clock=clock, interval=2.0)
    outbox = Outbox(
        clock.watch(store), {"test": adapter}, clock=clock, sleep=clock.sleep, peers=peers
    )
    sid = await source(store)
    await article(store, sid, [ch(f"a{n:03d}") for n in range(100)])
    t0 = clock()
    await clock.drive(outbox.deliver_pending())
    early = sorted(s.at - t0 for s in adapter.sent)
    assert len(early) == 100
    assert _max_in_window(early, 1.0) <= 25  # half of 50 while two are alive
    assert early[-1] > death - t0  # the backlog ran past the death at the pace it was booked

    await article(store, sid, [ch(f"b{n:03d}") for n in range(200)])
    t1 = clock()
    assert t1 >= death and t1 - t0 >= peers.interval  # the next turn re-reads the count
    await clock.drive(outbox.deliver_pending())
    late = sorted(s.at - t1 for s in adapter.sent[100:])
    assert len(late) == 200
    assert _max_in_window(late, 1.0) > 40  # the whole budget once the other is gone
    assert _max_in_window(early + [t + t1 - t0 for t in late], 1.0) <= 50


async def test_the_count_is_read_once_per_interval_and_kept_when_unreadable() -> None:
    clock = FakeClock()
    table = Peers(alive=3)
    peers = PeerCount(table, clock=clock, interval=10.0)
    counts = await asyncio.gather(*(peers.refresh() for _ in range(20)))
    assert counts == [3] * 20 and table.reads == 1  # concurrent callers share one read
    table.alive = 2
    clock.advance(9.0)
    assert await peers.refresh() == 3 and table.reads == 1
    clock.advance(1.0)
    assert await peers.refresh() == 2 and table.reads == 2
    table.fail = True
    clock.advance(10.0)
    assert await peers.refresh() == 2  # the database is away: the last count holds
    table.fail, table.alive = False, 0
    clock.advance(10.0)
    assert await peers.refresh() == 1  # never below one: this process is alive


async def test_store_peers_counts_live_processes_or_one() -> None:
    clock = FakeClock()
    asked: list[float] = []

    class WithProcesses:
        async def live_processes(self, now: float) -> list[str]:
            asked.append(now)
            return ["a", "b", "c"]

    assert await store_peers(WithProcesses(), clock)() == 3
    assert asked == [clock()]
    assert store_peers(object(), clock) is one_process
    assert await one_process() == 1


async def test_shared_rate_paces_requests_to_the_share() -> None:
    clock = FakeClock()
    table = Peers(alive=3)
    rate = SharedRate(50.0, PeerCount(table, clock=clock), clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(60):
        await rate.wait_turn()
        times.append(clock())
    assert _max_in_window(times, 1.0) <= math.ceil(50 / 3)
    assert rate.rate == 50.0 / 3
    # Evenly spaced, not in bursts: the next second's requests never crowd this one's edge.
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(max(gaps), rel=1e-3)
    alone = SharedRate(50.0, None, clock=clock, sleep=clock.sleep)
    start = clock()
    for _ in range(50):
        await alone.wait_turn()
    assert clock() == start  # alone: the whole budget, a second's burst at once
    await alone.wait_turn()
    assert clock() - start == pytest.approx(1.05)  # then the window's 5% slack


async def test_a_caller_that_wakes_late_books_again() -> None:
    now = [0.0]

    async def oversleep(seconds: float) -> None:
        now[0] += seconds + 0.2  # a starved loop wakes 200 ms late
        await asyncio.sleep(0)

    rate = SharedRate(2.0, None, clock=lambda: now[0], sleep=oversleep)
    rate.window.take(0.0)
    rate.window.take(0.0)  # the window is full until 1.05
    await rate.wait_turn()
    # Booked at 1.05, woke at 1.25: too late, so that slot is given back and the request
    # books the slot free now (1.25) instead of counting as sent at 1.05.
    assert now[0] == pytest.approx(1.25)
    assert list(rate.window._times) == [pytest.approx(1.25)]  # not 1.05
