"""A bot token's global rate, shared by the processes that use the token.

Discord allows a bot 50 REST requests a second in all, however many processes send with its
token; Slack's limits are per app and workspace too. Each process therefore paces itself to
`total / peers`, where `peers` is the number of live processes of the installation. A process
that dies stops heartbeating, drops out of the count, and the others take over its share the
next time they read it (`PeerCount` re-reads it every `interval` seconds, when it is used).

In `newsbot run`, `peers` is the process's presence (`bot/presence.py`): the live processes
of the `processes` table as of its last heartbeat, and 1 on SQLite (one process by rule).
`store_peers(store, clock)` counts `store.live_processes(now)` directly, for a caller without
a presence; a store without that table counts 1.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sized

from bot.delivery.pacing import SlidingWindow
from bot.store import StoreError

__all__ = ["PeerCount", "Peers", "SharedRate", "one_process", "store_peers"]

log = logging.getLogger(__name__)

#: How many processes share the token now (at least 1).
Peers = Callable[[], Awaitable[int]]


async def one_process() -> int:
    return 1


def store_peers(store: object, clock: Callable[[], float]) -> Peers:
    """The live processes counted from the store's heartbeats, or `one_process` for a store
    that keeps no processes table. This is the seam where the leases' `live_processes(now)`
    (contract: bot/store, owner leases) is read; nothing else needs wiring when it lands."""
    live: Callable[[float], Awaitable[Sized]] | None = getattr(store, "live_processes", None)
    if live is None:
        return one_process
    reader = live

    async def peers() -> int:
        return len(await reader(clock()))

    return peers


class PeerCount:
    """The last known number of live processes, re-read at most every `interval` seconds.

    A failed read (the database is away) keeps the last count: a process that cannot see its
    peers assumes nothing changed rather than taking the whole budget for itself."""

    def __init__(
        self, read: Peers = one_process, *, clock: Callable[[], float], interval: float = 10.0
    ) -> None:
        self.read = read
        self.clock = clock
        self.interval = interval
        self.value = 1
        self._next = float("-inf")
        self._lock = asyncio.Lock()

    async def refresh(self) -> int:
        """The count, read again when the last read is `interval` old. Concurrent callers
        share one read."""
        if self.clock() < self._next:
            return self.value
        async with self._lock:
            if self.clock() < self._next:
                return self.value  # read by the caller we waited for
            try:
                self.value = max(1, int(await self.read()))
            except (StoreError, OSError, TimeoutError) as e:
                log.warning("cannot count the live processes, keeping %d: %s", self.value, e)
            self._next = self.clock() + self.interval
        return self.value


class SharedRate:
    """At most `total / peers` events per second from this process: a sliding window (see
    `bot.delivery.pacing`) rebuilt whenever the number of peers changes. `wait_turn` books the
    earliest free slot and sleeps until it, so concurrent callers never overshoot.

    Alone, the window is the outbox's (5% slack, bursts allowed). Shared, the platform counts
    the requests of every process together as they arrive, so the window keeps more slack:
    `shared` is (margin, spacing), 10% wider and requests evenly apart instead of in bursts at
    the window's edges, where a few milliseconds of jitter between processes would put one
    burst's requests into the next one's second."""

    def __init__(
        self,
        total: float,
        peers: PeerCount | None = None,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        alone: tuple[float, float] = (0.05, 0.0),
        shared: tuple[float, float] = (0.1, 1.0),
    ) -> None:
        self.total = total
        self.peers = peers
        self.clock = clock
        self.sleep = sleep
        self.alone = alone
        self.shared = shared
        self._share = 1
        margin, spacing = alone
        self.window = SlidingWindow.per_second(total, margin=margin, spacing=spacing)

    @property
    def rate(self) -> float:
        return self.total / self._share

    @property
    def margin(self) -> float:
        return (self.alone if self._share == 1 else self.shared)[0]

    async def wait_turn(self) -> None:
        """Book the earliest free slot and sleep until it. A caller that wakes much later
        than its slot (a busy loop) books again once rather than go out bunched with the
        requests booked after it (the same rule as `Pacer.wait_turn`)."""
        if self.peers is not None:
            share = await self.peers.refresh()
            if share != self._share:
                self._share = share
                margin, spacing = self.alone if share == 1 else self.shared
                self.window = self.window.rebuilt(self.rate, margin=margin, spacing=spacing)
        for attempt in range(2):
            now = self.clock()
            at = self.window.next_free(now)
            self.window.take(at)
            if at > now:
                await self.sleep(at - now)
            if attempt or self.clock() - at <= self.tolerance:
                return
            self.window.void(at)

    @property
    def tolerance(self) -> float:
        """How late a caller may wake and still use its slot: half the window's slack."""
        return self.window.window * self.margin / (1 + self.margin) / 2

    def __repr__(self) -> str:
        return f"SharedRate({self.total}/s shared by {self._share}: {self.rate:.2f}/s)"
