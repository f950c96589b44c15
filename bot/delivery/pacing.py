"""Pacing: stay under a platform's declared limits instead of collecting 429s.

A limit such as Discord's "5 messages per 5 s in a channel" is a count over a window, so it is
kept as exactly that: a sliding window remembering the last `limit` send times. A send is allowed
when fewer than `limit` sends happened in the last `window` seconds. A token bucket with the same
average rate would allow a burst of 5 followed by one a second, i.e. 9 in the first 5 s, and earn
429s from a platform that counts per window. `margin` widens the window a little so that requests
which leave evenly spaced but arrive bunched by network jitter still count as under the limit.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

from bot.delivery.ports import RateLimits

__all__ = ["Pacer", "SlidingWindow"]


class SlidingWindow:
    """At most `limit` events in any `window` seconds (plus `margin` seconds of slack)."""

    def __init__(
        self, limit: int, window: float, *, margin: float = 0.0, min_interval: float = 0.0
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError(f"a limit of {limit} per {window}s cannot be paced")
        self.limit = limit
        self.window = window + margin
        self.min_interval = min_interval
        self._times: deque[float] = deque()
        self._blocked_until = 0.0

    def next_free(self, now: float) -> float:
        """The earliest time (>= now) at which one more event is allowed."""
        times = self._times
        while times and times[0] <= now - self.window:
            times.popleft()
        at = now if len(times) < self.limit else times[0] + self.window
        if times:
            # Bookings stay in time order, and `min_interval` apart if asked.
            at = max(at, times[-1] + self.min_interval)
        return max(at, self._blocked_until)

    def take(self, at: float) -> None:
        """Book a slot at `at` (now, or a future time `next_free` returned)."""
        self._times.append(at)
        while len(self._times) > self.limit:
            self._times.popleft()

    def void(self, at: float) -> None:
        """Give back a booked slot that will not be used."""
        with contextlib.suppress(ValueError):
            self._times.remove(at)

    def seed(self, times: Iterable[float]) -> None:
        """Book sends made before this window existed (by a previous process), so the first
        sends after a restart still count them."""
        for at in sorted(times):
            self.take(at)

    @property
    def blocked_until(self) -> float:
        return self._blocked_until

    def block_until(self, until: float) -> None:
        """The platform said "retry after": nothing more goes out before `until`."""
        self._blocked_until = max(self._blocked_until, until)

    def rebuilt(self, rate: float, *, margin: float = 0.0, spacing: float = 0.0) -> SlidingWindow:
        """The same window at another rate (`per_second`), keeping the sends it booked and any
        block: the new window counts them from the start, so a change of rate never lets a
        burst through."""
        window = SlidingWindow.per_second(rate, margin=margin, spacing=spacing)
        window.seed(self._times)
        window.block_until(self._blocked_until)
        return window

    @classmethod
    def per_second(cls, rate: float, *, margin: float = 0.0, spacing: float = 0.0) -> SlidingWindow:
        """`rate` events per second as a window: 50/s → 50 per 1 s; 0.5/s → 1 per 2 s.
        `spacing` (0..1) also keeps consecutive events that fraction of 1/rate apart."""
        if rate <= 0 or math.isnan(rate):
            raise ValueError(f"a rate of {rate}/s cannot be paced")
        if math.isinf(rate):  # a platform that declares no global limit
            return cls(2**31, 1.0)
        limit = max(1, math.floor(rate))
        window = limit / rate * (1 + margin)
        return cls(limit, window, min_interval=spacing * window / limit)


class Pacer:
    """One window per channel plus one for the whole platform, both from the adapter's
    `RateLimits`. `wait_turn` books a slot in both at once and sleeps (through the injected
    sleep) until it, so concurrent channel workers never overshoot.

    `peers` (`PeerCount.refresh` of bot/delivery/budget.py) says how many live processes share
    the token; the platform window then allows `global_per_second / peers` (see `share`)."""

    def __init__(
        self,
        limits: RateLimits,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        margin: float = 0.05,
        spacing: float = 0.5,
        peers: Callable[[], Awaitable[int]] | None = None,
    ) -> None:
        self.limits = limits
        self.peers = peers
        self.clock = clock
        self.sleep = sleep
        self.margin = margin
        self.spacing = spacing
        self.global_rate = limits.global_per_second
        self.platform = SlidingWindow.per_second(
            limits.global_per_second, margin=margin, spacing=spacing
        )
        self._channels: dict[str, SlidingWindow] = {}

    @property
    def tolerance(self) -> float:
        """How late a waiter may wake and still use its slot: half the platform window's slack."""
        return self.platform.window * self.margin / (1 + self.margin) / 2

    def share(self, peers: int) -> None:
        """Pace the platform to `global_per_second / peers`: the token's global limit holds
        for every process using it, so each live process keeps to its share (see
        bot/delivery/budget.py). The per-channel windows stay whole: a channel is drained by
        one process at a time."""
        rate = self.limits.global_per_second / max(1, peers)
        if rate != self.global_rate:
            self.global_rate = rate
            self.platform = self.platform.rebuilt(rate, margin=self.margin, spacing=self.spacing)

    def channel(self, key: str) -> SlidingWindow:
        window = self._channels.get(key)
        if window is None:
            lim = self.limits
            window = SlidingWindow(
                lim.per_channel,
                lim.per_channel_seconds,
                margin=self.margin * lim.per_channel_seconds,
            )
            self._channels[key] = window
        return window

    @property
    def history_seconds(self) -> float:
        """How far back a send still counts against a window: what `seed` needs to know."""
        return max(self.limits.per_channel_seconds * (1 + self.margin), self.platform.window)

    def seed(self, history: Mapping[str, Sequence[float]]) -> None:
        """Channel key → times of recent sends (the outbox's record): booked in each channel's
        window and in the platform's, so a restarted bot does not send into windows its
        previous process filled (Discord would answer the first posts with a 429)."""
        for key, times in history.items():
            self.channel(key).seed(times)
        self.platform.seed(t for times in history.values() for t in times)  # sorted there

    def next_free(self, key: str) -> float:
        now = self.clock()
        return max(self.channel(key).next_free(now), self.platform.next_free(now))

    async def wait_turn(self, key: str) -> None:
        """Book the earliest slot both windows allow, then sleep until it. Booking before
        sleeping means each waiter sleeps once, and hundreds of channels waiting on the
        platform window do not all wake at every slot to race for it.

        A waiter that wakes much later than its slot (a busy loop, a starved process) books
        again once rather than sending late: a late send lands closer to the sends booked
        after it than the window allows, which is exactly how a paced client still earns 429s.
        """
        if self.peers is not None:
            self.share(await self.peers())
        channel = self.channel(key)
        rebooked = False
        while True:
            now = self.clock()
            at = max(channel.next_free(now), self.platform.next_free(now))
            channel.take(at)
            self.platform.take(at)
            if at > now:
                await self.sleep(at - now)
            late = self.clock() - at
            blocked = at < max(channel.blocked_until, self.platform.blocked_until)
            if not blocked and (late <= self.tolerance or rebooked):
                return
            # A 429 arrived while we waited, or we woke too late: the slot is void.
            channel.void(at)
            self.platform.void(at)
            rebooked = rebooked or not blocked
