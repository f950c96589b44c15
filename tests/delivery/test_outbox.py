"""The outbox with an in-memory adapter: order, pacing, retries, permanent errors, recovery."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.delivery.outbox import STORE_RETRY, Outbox
from bot.delivery.ports import ChannelRef, PermanentError, Post, RateLimited, TransientError
from bot.store import DatabaseFull, Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


async def test_each_channel_gets_its_posts_oldest_first(
    store: Store, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    ids = [await article(store, sid, [ch("a"), ch("b")]) for _ in range(4)]
    report = await outbox.deliver_pending()
    assert report.sent == 8
    for name in ("a", "b"):
        titles = [p.title for p in adapter.posts_in(name)]
        assert titles == [(await store.get_article(i)).title for i in ids]  # type: ignore[union-attr]
    rows = await store.deliveries_for_article(ids[0])
    assert {r.status for r in rows} == {"sent"}
    assert all(r.message_id for r in rows)


async def test_marked_sent_only_after_the_platform_confirms(
    store: Store, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    aid = await article(store, sid, [ch("a")])
    adapter.fail("a", TransientError(ChannelRef(*ch("a")), "502 bad gateway"))
    report = await outbox.deliver_pending()
    assert report.sent == 0 and report.retrying == 1
    (row,) = await store.deliveries_for_article(aid)
    assert row.status == "pending" and row.message_id is None and row.attempts == 1


async def test_pacing_stays_under_the_channel_window(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    for _ in range(12):
        await article(store, sid, [ch("a")])
    await outbox.deliver_pending()
    times = [s.at for s in adapter.sent]
    assert len(times) == 12
    for i in range(len(times) - 5):
        assert times[i + 5] - times[i] >= 5.0  # never 6 in any 5 s window
    assert times[-1] - times[0] < 12.0  # ... and not much slower than the limit allows


async def test_429_waits_retry_after_and_holds_only_that_channel(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    first = await article(store, sid, [ch("a"), ch("b")])
    await article(store, sid, [ch("a"), ch("b")])
    adapter.fail("a", RateLimited(ChannelRef(*ch("a")), 7.0))
    t0 = clock()
    report = await outbox.deliver_pending()
    assert report.retrying == 1
    assert len(adapter.posts_in("b")) == 2  # the other channel is not held
    assert adapter.posts_in("a") == []  # nor is a's second post sent ahead of its first
    (row,) = [r for r in await store.deliveries_for_article(first) if r.channel == "a"]
    assert row.not_before >= t0 + 7.0
    clock.now = row.not_before - 0.5
    await outbox.deliver_pending()
    assert adapter.posts_in("a") == []  # still early
    clock.now = row.not_before
    await outbox.deliver_pending()
    assert [p.title for p in adapter.posts_in("a")] == [p.title for p in adapter.posts_in("b")]
    sends_to_a = [c for c in adapter.calls if c[0] == "send" and c[1] == "a"]
    assert len(sends_to_a) == 3  # one 429, then each post once: no storm


async def test_transient_errors_back_off_with_jitter_and_a_cap(
    store: Store, clock: FakeClock, adapter: MemoryAdapter
) -> None:
    rolls = iter([0.0, 1.0, 0.0, 1.0, 0.5, 0.5, 0.5, 0.5])
    outbox = Outbox(
        store,
        {"test": adapter},
        clock=clock,
        sleep=clock.sleep,
        random=lambda: next(rolls),
        backoff_base=2.0,
        backoff_cap=10.0,
        max_attempts=6,
    )
    sid = await source(store)
    aid = await article(store, sid, [ch("a")])
    ref = ChannelRef(*ch("a"))
    adapter.fail("a", *[TransientError(ref, "503") for _ in range(10)])
    delays = []
    for _ in range(6):
        await outbox.deliver_pending()
        (row,) = await store.deliveries_for_article(aid)
        if row.status != "pending":
            break
        delays.append(row.not_before - adapter.calls[-1][2])  # from the failed send
        clock.now = row.not_before
    # ceilings 2, 4, 8, 10 (cap), 10; jitter keeps between half and all of the ceiling
    assert delays == [1.0, 4.0, 4.0, 10.0, 7.5]
    (row,) = await store.deliveries_for_article(aid)
    assert row.status == "failed" and "gave up after 6" in (row.reason or "")


async def test_permanent_error_pauses_and_tells_the_admins_once(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    await store.subscribe(ch("gone"), topic="world")
    await store.subscribe(ch("ops"), topic="other")
    await store.set_channel_settings(ch("ops"), {"notices": True})
    for _ in range(5):
        await article(store, sid, [ch("gone")])
    adapter.fail("gone", *[PermanentError(ChannelRef(*ch("gone")), "Missing Access")] * 5)
    for _ in range(3):
        await outbox.deliver_pending()
        clock.advance(3600)
    sends = [c for c in adapter.calls if c[0] == "send" and c[1] == "gone"]
    assert len(sends) == 1  # no retry storm
    notices = adapter.posts_in("ops")
    assert len(notices) == 1 and notices[0].kind == "notice"
    assert "Missing Access" in notices[0].summary
    subs = await store.list_subscriptions(ch("gone"))
    assert all(s.paused for s in subs)
    counts = await store.count_deliveries()
    assert counts.get("pending") == 4  # the rest are kept for when an admin resumes
    assert (await store.audit(limit=1))[0].action == "pause channel"
    await store.resume_channel(ch("gone"))
    adapter.failures.clear()
    await outbox.deliver_pending()
    assert len(adapter.posts_in("gone")) == 4


async def test_crash_after_send_is_found_not_resent(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    aid = await article(store, sid, [ch("a")])
    (row,) = await store.deliveries_for_article(aid)
    # The previous process counted an attempt, sent, and died before marking it sent.
    await store.note_attempt(row.id)
    await adapter.send(ChannelRef(*ch("a")), adapter_post(), row.idem_key)
    report = await outbox.deliver_pending()
    assert report.recovered == 1 and report.sent == 0
    assert len(adapter.sent) == 1
    (row,) = await store.deliveries_for_article(aid)
    assert row.status == "sent" and row.message_id == adapter.sent[0].message_id


def adapter_post() -> Post:
    return Post(kind="article", title="x")


async def test_run_wakes_on_notify_and_stops(
    store: Store, clock: FakeClock, adapter: MemoryAdapter
) -> None:
    async def real_yield(seconds: float) -> None:
        await asyncio.sleep(min(seconds, 0.01))

    outbox = Outbox(store, {"test": adapter}, clock=clock, sleep=real_yield)
    stop = asyncio.Event()
    runner = asyncio.create_task(outbox.run(stop, rescan_seconds=3600))
    await asyncio.sleep(0.05)
    sid = await source(store)
    await article(store, sid, [ch("a")])
    outbox.notify()
    for _ in range(100):
        if adapter.sent:
            break
        await asyncio.sleep(0.01)
    assert len(adapter.sent) == 1
    stop.set()
    await asyncio.wait_for(runner, 2)


class _StuckAdapter(MemoryAdapter):
    """Sends to channel "slow" hang until released; the others answer at once."""

    release: asyncio.Event | None = None

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        if channel.channel == "slow":
            assert self.release is not None
            await self.release.wait()
        return await super().send(channel, post, key)


async def test_a_stuck_channel_does_not_hold_the_others(store: Store, clock: FakeClock) -> None:
    adapter = _StuckAdapter(clock)
    adapter.release = asyncio.Event()
    outbox = Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep)
    stop = asyncio.Event()
    runner = asyncio.create_task(outbox.run(stop, rescan_seconds=3600))
    sid = await source(store)
    await article(store, sid, [ch("slow"), ch("fast")])
    outbox.notify()
    await _until(lambda: len(adapter.posts_in("fast")) == 1)
    await article(store, sid, [ch("slow"), ch("fast")])
    outbox.notify()
    await _until(lambda: len(adapter.posts_in("fast")) == 2)
    assert adapter.posts_in("slow") == []
    adapter.release.set()
    await _until(lambda: len(adapter.posts_in("slow")) == 2)
    stop.set()
    await asyncio.wait_for(runner, 2)


async def test_run_comes_back_after_retry_after_without_being_told(
    store: Store, clock: FakeClock, adapter: MemoryAdapter
) -> None:
    outbox = Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep)
    sid = await source(store)
    await article(store, sid, [ch("a")])
    adapter.fail("a", RateLimited(ChannelRef(*ch("a")), 30.0))
    t0 = clock()
    stop = asyncio.Event()
    runner = asyncio.create_task(outbox.run(stop, rescan_seconds=3600))
    await _until(lambda: len(adapter.sent) == 1)
    assert adapter.sent[0].at >= t0 + 30.0
    stop.set()
    await asyncio.wait_for(runner, 2)


async def _until(cond: Callable[[], bool]) -> None:
    for _ in range(500):
        if cond():
            return
        await asyncio.sleep(0.002)
    raise AssertionError("condition not reached")


async def test_a_store_write_failure_stops_every_channel_and_loses_nothing(
    store: Store,
    clock: FakeClock,
    outbox: Outbox,
    adapter: MemoryAdapter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sid = await source(store)
    for _ in range(3):
        await article(store, sid, [ch("a"), ch("b"), ch("c")])
    real_mark_sent = store.mark_sent
    calls = 0

    async def disk_fills_up(delivery_id: int, message_id: str) -> None:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise DatabaseFull(store.path, "cannot write the database (disk I/O error)")
        await real_mark_sent(delivery_id, message_id)

    monkeypatch.setattr(store, "mark_sent", disk_fills_up)
    report = await outbox.deliver_pending()
    assert report.store_errors and "disk I/O error" in report.store_errors[0]
    assert report.sent == 1
    # Whatever went out is either recorded or counted as possibly repeated; nothing else left.
    assert len(adapter.sent) == report.sent + report.unrecorded < 9
    assert (await store.count_deliveries())["pending"] == 9 - report.sent

    # Within the pause nothing is tried; after it, each pending row goes out once (the ones
    # sent but not recorded are found by key, as after a crash).
    tries = len(adapter.calls)
    assert (await outbox.deliver_pending()).store_errors
    assert len(adapter.calls) == tries
    monkeypatch.setattr(store, "mark_sent", real_mark_sent)
    clock.now += STORE_RETRY
    again = await outbox.deliver_pending()
    assert not again.store_errors and again.recovered == report.unrecorded
    assert again.sent + again.recovered == 9 - report.sent
    assert len(adapter.sent) == len({s.key for s in adapter.sent}) == 9
    assert (await store.count_deliveries()) == {"sent": 9}


async def test_run_pauses_on_a_store_failure_logs_it_once_and_comes_back(
    store: Store,
    clock: FakeClock,
    adapter: MemoryAdapter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep)
    sid = await source(store)
    await article(store, sid, [ch("a")])
    real_note_attempt = store.note_attempt

    async def disk_full(delivery_id: int) -> None:
        monkeypatch.setattr(store, "note_attempt", real_note_attempt)  # space again, later
        raise DatabaseFull(store.path, "cannot write the database (database or disk is full)")

    monkeypatch.setattr(store, "note_attempt", disk_full)
    t0 = clock()
    stop = asyncio.Event()
    runner = asyncio.create_task(outbox.run(stop, rescan_seconds=3600))
    await _until(lambda: len(adapter.sent) == 1)
    assert adapter.sent[0].at >= t0 + STORE_RETRY
    stop.set()
    await asyncio.wait_for(runner, 2)
    logged = [r for r in caplog.records if "delivery stopped" in r.getMessage()]
    assert len(logged) == 1 and "disk is full" in logged[0].getMessage()
    assert logged[0].exc_info is None  # a line, not a traceback
