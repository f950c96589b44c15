"""Scheduling arithmetic with an injected clock: offsets, hints, backoff, pause, first run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sources.http import CacheHints
from bot.sources.schedule import (
    DEFAULT_INTERVAL,
    MAX_BACKOFF,
    MIN_INTERVAL,
    backoff_delay,
    effective_interval,
    first_run_selection,
    next_poll_after_failure,
    next_poll_after_success,
    next_slot,
    poll_offset,
    should_pause,
)
from bot.sources.types import FeedEntry

NOW = 1_800_000_000.0
URL = "https://ex.com/feed"


def test_interval_default_and_minimum() -> None:
    assert effective_interval(None) == DEFAULT_INTERVAL == 600
    assert effective_interval(5) == MIN_INTERVAL == 60
    assert effective_interval(3600) == 3600


def test_offsets_are_stable_and_spread() -> None:
    assert poll_offset(URL, 600) == poll_offset(URL, 600)
    offsets = [poll_offset(f"https://site{i}.example/feed", 600) for i in range(1000)]
    assert all(0 <= o < 600 for o in offsets)
    buckets = [0] * 10  # one-minute buckets
    for o in offsets:
        buckets[int(o // 60)] += 1
    assert max(buckets) < 150  # about 100 each; nowhere near all at once


@settings(max_examples=60, deadline=None)  # deadline: shared, loaded CI cores
@given(st.floats(min_value=0, max_value=4e9), st.sampled_from([60.0, 600.0, 3600.0]))
def test_next_slot_is_on_grid_and_within_one_interval(after: float, interval: float) -> None:
    slot = next_slot(URL, interval, after)
    assert after < slot <= after + interval + 1e-6
    phase = (slot - poll_offset(URL, interval)) / interval
    assert abs(phase - round(phase)) < 1e-6


def test_plain_success_polls_one_interval_later() -> None:
    nxt = next_poll_after_success(URL, NOW, 600)
    assert NOW < nxt <= NOW + 600


@pytest.mark.parametrize(
    ("hints", "ttl", "at_least"),
    [
        (CacheHints(max_age=1800), None, 1800),
        (CacheHints(expires_in=7200), None, 7200),
        (CacheHints(retry_after=3000), None, 3000),
        (CacheHints(max_age=30), None, 0),  # a shorter hint never hastens the interval
        (None, 90, 5400),  # RSS ttl in minutes
        (CacheHints(max_age=10**9), None, 86400),  # capped at a day
    ],
)
def test_success_honours_server_hints(
    hints: CacheHints | None, ttl: int | None, at_least: float
) -> None:
    nxt = next_poll_after_success(URL, NOW, 600, hints, ttl)
    assert nxt >= NOW + at_least
    assert nxt <= NOW + max(at_least, 0) + 600 + 1e-6
    assert nxt <= NOW + 86400 + 600


def test_backoff_doubles_and_caps() -> None:
    assert [backoff_delay(n, 600) for n in range(1, 6)] == [600, 1200, 2400, 4800, 9600]
    assert backoff_delay(10, 600) == MAX_BACKOFF
    assert backoff_delay(10_000, 600) == MAX_BACKOFF
    assert backoff_delay(3, 2 * 86400) == 2 * 86400  # a longer interval is never shortened


def test_failure_schedule_honours_retry_after() -> None:
    plain = next_poll_after_failure(URL, NOW, failures=1, interval=600)
    assert NOW + 600 - 1e-6 <= plain <= NOW + 1200
    limited = next_poll_after_failure(URL, NOW, failures=1, interval=600, retry_after=5000)
    assert limited >= NOW + 5000
    huge = next_poll_after_failure(URL, NOW, failures=1, interval=600, retry_after=10**9)
    assert huge <= NOW + 86400 + 600


def test_pause_threshold() -> None:
    assert not should_pause(9)
    assert should_pause(10)
    assert should_pause(3, threshold=3)


def _entry(i: int, published: datetime | None) -> FeedEntry:
    return FeedEntry(f"id{i}", f"T{i}", None, published, "", "")


def test_first_run_of_500_entries_posts_at_most_backfill() -> None:
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    entries = [_entry(i, now - timedelta(hours=i)) for i in range(500)]
    shuffled = entries[250:] + entries[:250]
    assert first_run_selection(shuffled, now=now) == (entries[0],)
    assert first_run_selection(shuffled, backfill=3, now=now) == tuple(entries[:3])
    assert first_run_selection(shuffled, backfill=0, now=now) == ()
    # max_age: with 3 days, entries older than 72 h are never chosen
    chosen = first_run_selection(entries, backfill=500, now=now)
    assert len(chosen) == 73 and all(
        e.published and now - e.published <= timedelta(days=3) for e in chosen
    )


def test_first_run_skips_stale_and_handles_undated() -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    stale = [_entry(i, now - timedelta(days=10 + i)) for i in range(5)]
    assert first_run_selection(stale, backfill=5, now=now) == ()
    undated = [_entry(i, None) for i in range(5)]
    assert first_run_selection(undated, backfill=2, now=now) == tuple(undated[:2])
    mixed = [_entry(0, None), _entry(1, now - timedelta(hours=1))]
    assert first_run_selection(mixed, backfill=2, now=now) == (mixed[1],)
