"""Issue 21, leases: the outbox drains only the channels whose lease its process holds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from bot.delivery.budget import PeerCount
from bot.delivery.outbox import Outbox
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source

LEASE = 30.0


@dataclass
class Holder:
    """The outbox's view of its process (bot/presence.py in the app)."""

    id: str
    lease_seconds: float = LEASE
    generation: int = 1
    taken: int = 0

    def took_over(self, kind: str, n: int) -> None:
        self.taken += n


def outbox_for(store: Store, adapter: MemoryAdapter, clock: FakeClock, holder: Holder) -> Outbox:
    return Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep, leases=holder)


async def _until(cond: Callable[[], bool]) -> None:
    for _ in range(2000):
        if cond():
            return
        await asyncio.sleep(0.002)
    raise AssertionError("condition not reached")


async def test_a_channel_held_by_another_process_is_left_to_it(
    store: Store, adapter: MemoryAdapter, clock: FakeClock
) -> None:
    sid = await source(store)
    for _ in range(2):
        await article(store, sid, [ch("busy"), ch("free")])
    other = await store.claim_channels("other", clock(), 1)  # the first by name
    assert other.rows == (ch("busy"),)
    me = Holder("me")
    report = await outbox_for(store, adapter, clock, me).deliver_pending()
    assert report.sent == 2 and {s.channel for s in adapter.sent} == {"free"}
    # The other process dies: a lease later its channel is taken over, and counted.
    clock.advance(LEASE)
    report = await outbox_for(store, adapter, clock, me).deliver_pending()
    assert report.sent == 2 and [s.channel for s in adapter.sent[2:]] == ["busy", "busy"]
    assert me.taken == 1


async def test_a_process_that_lost_its_channel_stops_before_sending(
    store: Store, adapter: MemoryAdapter, clock: FakeClock
) -> None:
    sid = await source(store)
    await article(store, sid, [ch("a")])
    me = Holder("me")
    outbox = outbox_for(store, adapter, clock, me)
    real = store.note_attempt

    async def stalled(delivery_id: int, *, lease_owner: str | None = None) -> bool:
        # "me" stalls past its lease right before its attempt; "other" takes the channel.
        clock.advance(LEASE)
        await store.claim_channels("other", clock(), 10)
        return await real(delivery_id, lease_owner=lease_owner)

    store.note_attempt = stalled  # type: ignore[method-assign]
    report = await outbox.deliver_pending()
    assert report.sent == 0 and adapter.sent == []
    [row] = await store.pending_deliveries()
    assert row.attempts == 0  # the fence refused the attempt: nothing may be on the platform


async def test_a_retry_due_later_does_not_spin_the_loop(
    store: Store, adapter: MemoryAdapter, clock: FakeClock
) -> None:
    """A held channel whose next row is due in five minutes: the loop sleeps until then (and
    wakes every third of a lease to free idle channels), it never spins."""
    sid = await source(store)
    await article(store, sid, [ch("a")])
    [row] = await store.pending_deliveries()
    t0 = clock()
    await store.mark_retry(row.id, not_before=t0 + 300, error="503")
    outbox = outbox_for(store, adapter, clock, Holder("me"))
    stop = asyncio.Event()
    runner = asyncio.create_task(outbox.run(stop, rescan_seconds=3600))
    await _until(lambda: len(adapter.sent) == 1)
    stop.set()
    await asyncio.wait_for(runner, 5)
    assert adapter.sent[0].at >= t0 + 300
    assert len(clock.slept) < 60, clock.slept[:20]


async def test_a_claim_keeps_the_channels_a_process_holds_first(
    store: Store, clock: FakeClock
) -> None:
    sid = await source(store)
    await article(store, sid, [ch(f"c{n}") for n in range(6)])
    assert (await store.claim_channels("other", clock(), 4)).rows[-1] == ch("c3")
    assert (await store.claim_channels("me", clock(), 10)).rows == (ch("c4"), ch("c5"))
    await store.release_leases("other")  # c0-c3 free again, earlier by name than mine
    # A smaller claim renews what the process holds (it may be draining them) rather than
    # taking the first free names in key order and dropping its own.
    again = await store.claim_channels("me", clock(), 2)
    assert again.rows == (ch("c4"), ch("c5"))


async def test_each_of_two_processes_claims_its_share_of_a_burst(
    store: Store, clock: FakeClock
) -> None:
    """Each process sends at half the token's rate with two alive: the first to look takes
    half the channels with work, not all of them; the other takes half of what is left, and
    the rest at its next look."""
    sid = await source(store)
    await article(store, sid, [ch(f"c{n:02d}") for n in range(10)])

    async def two() -> int:
        return 2

    outboxes = []
    for name in ("me", "other"):
        adapter = MemoryAdapter(clock)
        outbox = Outbox(
            store,
            {"test": adapter},
            clock=clock,
            sleep=clock.sleep,
            leases=Holder(name),
            peers=PeerCount(two, clock=clock),
        )
        outboxes.append((outbox, adapter))
    (mine, my_adapter), (theirs, their_adapter) = outboxes
    assert (await mine.deliver_pending()).sent == 5  # half of 10 (all 10 before)
    assert (await theirs.deliver_pending()).sent == 3  # half of the 5 left, rounded up
    clock.advance(LEASE / 6)  # the next look for channels
    assert (await theirs.deliver_pending()).sent == 2
    mine_sent = {s.channel for s in my_adapter.sent}
    theirs_sent = {s.channel for s in their_adapter.sent}
    assert len(mine_sent) == 5 and len(theirs_sent) == 5 and not mine_sent & theirs_sent


async def test_a_dead_process_s_channels_are_taken_past_the_share(
    store: Store, clock: FakeClock
) -> None:
    sid = await source(store)
    await article(store, sid, [ch(f"c{n}") for n in range(8)])
    assert len((await store.claim_channels("dead", clock(), 10, share=4)).rows) == 4
    mine = await store.claim_channels("me", clock(), 10, share=2)
    assert mine.rows == (ch("c4"), ch("c5"))  # two free ones: its share
    clock.advance(LEASE)  # "dead" stopped beating; "me" claims again (as its beat would)
    again = await store.claim_channels("me", clock(), 10, share=2)
    # Its own and every expired one, though that is past its share; no free one (c6, c7).
    assert set(again.rows) == {ch(f"c{n}") for n in range(6)} and again.takeovers == 4
