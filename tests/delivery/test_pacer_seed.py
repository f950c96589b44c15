"""A new process's pacer starts from the sends the outbox recorded, not from an empty window."""

from __future__ import annotations

from bot.delivery.outbox import Outbox
from bot.delivery.pacing import Pacer
from bot.delivery.ports import RateLimits
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


async def _noop(_: float) -> None:
    return None


def test_seeded_windows_count_sends_made_before_they_existed() -> None:
    now = 1000.0
    pacer = Pacer(RateLimits(5, 5.0, 50.0), clock=lambda: now, sleep=_noop, margin=0.0)
    pacer.seed({"busy": [996.0, 997.0, 998.0, 999.0, 999.5], "quiet": [990.0]})
    assert pacer.next_free("busy") == 1001.0  # 996 + 5 s: the window is still full
    assert pacer.next_free("quiet") == now  # its send left the window long ago
    assert pacer.history_seconds == 5.0


async def test_a_new_outbox_waits_for_the_window_its_previous_process_filled(
    store: Store, clock: FakeClock, adapter: MemoryAdapter
) -> None:
    adapter.limits = RateLimits(2, 10.0, 50.0)
    sid = await source(store)
    for _ in range(2):
        await article(store, sid, [ch("busy")])
    first = Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep)
    assert (await first.deliver_pending()).sent == 2
    t_first = [s.at for s in adapter.sent]

    await article(store, sid, [ch("busy")])
    clock.advance(3)  # the restart took 3 s
    restarted = Outbox(store, {"test": adapter}, clock=clock, sleep=clock.sleep)
    assert (await restarted.deliver_pending()).sent == 1
    assert adapter.sent[-1].at >= t_first[0] + 10.0
