"""Pacing: stay under a platform's declared limits instead of collecting 429s.

A limit such as Discord's "5 messages per 5 s in a channel" is a count over a window, so it is
kept as exactly that: a sliding window remembering the last `limit` send times. A send is allowed
when fewer than `limit` sends happened in the last `window` seconds. A token bucket with the same
average rate would allow a burst of 5 followed by one a second, i.e. 9 in the first 5 s, and earn
429s from a platform that counts per window. `margin` widens the window a little so that requests
which leave evenly spaced but arrive bunched by network jitter still count as under the limit.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Awaitable, Callable

from bot.delivery.ports import RateLimits

__all__ = ["Pacer", "SlidingWindow"]


class SlidingWindow:
    """At most `limit` events in any `window` seconds (plus `margin` seconds of slack)."""

    def __init__(self, limit: int, window: float, *, margin: float = 0.0) -> None:
        if limit < 1 or window <= 0:
            raise ValueError(f"a limit of {limit} per {window}s cannot be paced")
        self.limit = limit
        self.window = window + margin
        self._times: deque[float] = deque()
        self._blocked_until = 0.0

    def next_free(self, now: float) -> float:
        """The earliest time (>= now) at which one more event is allowed."""
        times = self._times
        while times and times[0] <= now - self.window:
            times.popleft()
        at = now if len(times) < self.limit else times[0] + self.window
        return max(at, self._blocked_until)

    def take(self, now: float) -> None:
        self._times.append(now)
        while len(self._times) > self.limit:
            self._times.popleft()

    def block_until(self, until: float) -> None:
        """The platform said "retry after": nothing more goes out before `until`."""
        self._blocked_until = max(self._blocked_until, until)

    @classmethod
    def per_second(cls, rate: float, *, margin: float = 0.0) -> SlidingWindow:
        """`rate` events per second as a window: 50/s → 50 per 1 s; 0.5/s → 1 per 2 s."""
        if rate <= 0:
            raise ValueError(f"a rate of {rate}/s cannot be paced")
        limit = max(1, math.floor(rate))
        return cls(limit, limit / rate, margin=margin * limit / rate)


class Pacer:
    """One window per channel plus one for the whole platform, both from the adapter's
    `RateLimits`. `wait_turn` sleeps (through the injected sleep) until both allow a send,
    then takes a slot in both at once, so concurrent channel workers never overshoot."""

    def __init__(
        self,
        limits: RateLimits,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        margin: float = 0.02,
    ) -> None:
        self.limits = limits
        self.clock = clock
        self.sleep = sleep
        self.margin = margin
        self.platform = SlidingWindow.per_second(limits.global_per_second, margin=margin)
        self._channels: dict[str, SlidingWindow] = {}

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

    def next_free(self, key: str) -> float:
        now = self.clock()
        return max(self.channel(key).next_free(now), self.platform.next_free(now))

    async def wait_turn(self, key: str) -> None:
        channel = self.channel(key)
        while True:
            now = self.clock()
            at = max(channel.next_free(now), self.platform.next_free(now))
            if at <= now:
                channel.take(now)
                self.platform.take(now)
                return
            await self.sleep(at - now)
