"""When to poll a source next: pure arithmetic on an injected clock value.

Why pure: the poller decides *what* to do (fetch, store, notify) and asks this module only
*when*, passing the current time in. Tests therefore check a week of schedule in microseconds,
and nothing here can sleep or read the clock.

Times are POSIX seconds (floats), as from ``time.time()``.

Spreading: each source polls on its own grid ``offset + k * interval``, where the offset is a
stable hash of the URL. A thousand sources with the same interval thus fire spread over the
whole interval, not together, and every computed poll time lands on the source's grid, so the
spread survives server hints and backoff.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.sources.http import CacheHints
from bot.sources.types import FeedEntry

__all__ = [
    "DEFAULT_INTERVAL",
    "MAX_BACKOFF",
    "MAX_HINT",
    "MIN_INTERVAL",
    "PAUSE_AFTER",
    "backoff_delay",
    "effective_interval",
    "first_run_selection",
    "next_poll_after_failure",
    "next_poll_after_success",
    "next_slot",
    "poll_offset",
    "should_pause",
]

DEFAULT_INTERVAL = 600.0
MIN_INTERVAL = 60.0
MAX_HINT = 86_400.0  # a server may slow us down, but not to less than once a day
MAX_BACKOFF = 86_400.0
PAUSE_AFTER = 10


def effective_interval(interval: float | None) -> float:
    """The configured interval, defaulted and raised to the minimum."""
    if interval is None or math.isnan(interval):
        return DEFAULT_INTERVAL
    return max(MIN_INTERVAL, float(interval))


def poll_offset(url: str, interval: float) -> float:
    """A stable offset in ``[0, interval)`` derived from the URL (same on every run)."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    fraction = int.from_bytes(digest, "big") / 2**64
    return fraction * effective_interval(interval)


def next_slot(url: str, interval: float, after: float) -> float:
    """The first time strictly after ``after`` on the source's grid."""
    step = effective_interval(interval)
    offset = poll_offset(url, step)
    k = math.floor((after - offset) / step) + 1
    return offset + k * step


def _hint_delay(hints: CacheHints | None, ttl_minutes: int | None) -> float:
    delays = [0.0]
    if hints is not None:
        delays += [d for d in (hints.max_age, hints.expires_in, hints.retry_after) if d]
    if ttl_minutes:
        delays.append(ttl_minutes * 60.0)
    return min(max(delays), MAX_HINT)


def next_poll_after_success(
    url: str,
    now: float,
    interval: float | None = None,
    hints: CacheHints | None = None,
    ttl_minutes: int | None = None,
) -> float:
    """Next poll after a 200 or 304: the later of the interval and what the server asked for.

    Server hints (Cache-Control max-age, Expires, Retry-After, RSS ttl) can only delay a poll,
    never hasten it past the configured interval, and delay it by at most ``MAX_HINT``.
    """
    step = effective_interval(interval)
    earliest = now + _hint_delay(hints, ttl_minutes)
    # On the grid, and never sooner than `now`; the slot at or after `earliest`.
    return next_slot(url, step, max(now, earliest - 1e-6))


def backoff_delay(failures: int, interval: float | None = None) -> float:
    """Delay after ``failures`` consecutive failures: interval doubled per failure, capped.

    One failure waits one interval (a blip costs nothing extra); ten wait the cap (a day).
    """
    step = effective_interval(interval)
    if failures <= 1:
        return step
    exponent = min(failures - 1, 32)  # 2**32 intervals is past any cap; avoids overflow
    return min(step * 2.0**exponent, max(MAX_BACKOFF, step))


def next_poll_after_failure(
    url: str,
    now: float,
    failures: int,
    interval: float | None = None,
    retry_after: float | None = None,
) -> float:
    """Next poll after a failed one; ``failures`` counts this failure too.

    Retry-After (429/503) is honoured when it asks for more than the backoff, up to a day.
    """
    delay = backoff_delay(failures, interval)
    if retry_after:
        delay = max(delay, min(retry_after, MAX_HINT))
    return next_slot(url, effective_interval(interval), max(now, now + delay - 1e-6))


def should_pause(failures: int, threshold: int = PAUSE_AFTER) -> bool:
    """True once a source has failed ``threshold`` times in a row (the poller then notifies)."""
    return failures >= threshold


def first_run_selection(
    entries: Iterable[FeedEntry],
    backfill: int = 1,
    max_age: timedelta = timedelta(days=3),
    *,
    now: datetime,
) -> tuple[FeedEntry, ...]:
    """Which entries to post on a source's first poll; the caller records the rest as seen.

    Newest first, at most ``backfill``, none published before ``now - max_age``. Entries with no
    date cannot be shown to be recent, so they are posted only when the feed has no dates at
    all, and then in the feed's own order (feeds list their newest first).
    """
    if backfill <= 0:
        return ()
    items = list(entries)
    dated = [e for e in items if e.published is not None]
    if not dated:
        return tuple(items[:backfill])
    cutoff = now - max_age
    recent = [e for e in dated if e.published is not None and e.published >= cutoff]
    recent.sort(key=lambda e: e.published or now, reverse=True)
    return tuple(recent[:backfill])
