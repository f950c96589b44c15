"""Successful polls of `newsbot run` written together (bot.pipeline.GroupCommit).

`newsbot run` polls each source in a task of its own; bench/scale.py found each 304 costing a
transaction of its own (3 round trips to PostgreSQL). Rows that arrive while a write is in
progress now go together in the next write.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.config import parse_config
from bot.pipeline import GroupCommit, Pipeline
from bot.store import SourceSpec, Store, StoreError
from bot.workers import WorkerPool
from tests.conftest import write_feed
from tests.pgtarget import BACKENDS
from tests.support import FakeClock


class Writes:
    """A write that records its batches and can be held open."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.fail_next: BaseException | None = None

    async def __call__(self, rows: list[int]) -> None:
        self.batches.append(list(rows))
        await self.gate.wait()
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_rows_arriving_during_a_write_go_together_in_the_next_one() -> None:
    writes = Writes()
    group = GroupCommit(writes)
    writes.gate.clear()
    done: list[int] = []

    async def add(row: int) -> None:
        await group.add([row])
        done.append(row)

    first = [asyncio.create_task(add(i)) for i in (1, 2, 3)]
    await _settle()
    assert writes.batches == [[1, 2, 3]] and done == []  # held: nobody returns before it
    later = [asyncio.create_task(add(i)) for i in (4, 5, 6)]
    await _settle()
    assert writes.batches == [[1, 2, 3]] and done == []  # they wait for the next write
    writes.gate.set()
    await asyncio.gather(*first, *later)
    assert writes.batches == [[1, 2, 3], [4, 5, 6]]
    assert sorted(done) == [1, 2, 3, 4, 5, 6] and group.writes == 2
    await group.add([])  # nothing to write: no write
    assert group.writes == 2


async def test_a_failed_write_fails_its_callers_only() -> None:
    writes = Writes()
    group = GroupCommit(writes)
    writes.gate.clear()
    writes.fail_next = StoreError("db", "disk full")
    doomed = [asyncio.create_task(group.add([i])) for i in (1, 2)]
    await _settle()
    fine = asyncio.create_task(group.add([3]))
    await _settle()
    writes.gate.set()
    results = await asyncio.gather(*doomed, fine, return_exceptions=True)
    assert [type(r) for r in results] == [StoreError, StoreError, type(None)]
    assert writes.batches == [[1, 2], [3]]


async def test_a_caller_cancelled_while_waiting_does_not_cancel_the_write() -> None:
    writes = Writes()
    group = GroupCommit(writes)
    writes.gate.clear()
    cancelled = asyncio.create_task(group.add([1]))
    other = asyncio.create_task(group.add([2]))
    await _settle()
    cancelled.cancel()
    await _settle()
    writes.gate.set()
    await other
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert writes.batches == [[1, 2]]  # written whole, for both


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_sources_polled_in_tasks_of_their_own_share_transactions(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    n = 40
    for i in range(n):
        write_feed(tmp_path / f"f{i}.xml", [(i, f"Story {i}", f"<p>Body of story {i}.</p>")])
    rows = await store.sync_sources(
        [SourceSpec(f"s{i:02}", str(tmp_path / f"f{i}.xml"), "file") for i in range(n)]
    )
    written: list[int] = []
    record = store.record_poll_successes

    async def counted(batch: list[tuple[int, str | None, str | None, float]]) -> None:
        written.append(len(batch))
        await record(batch)

    store.record_poll_successes = counted  # type: ignore[method-assign]
    pipeline = Pipeline(store, parse_config(""), client=None, workers=WorkerPool(0), clock=clock)
    outcomes = await asyncio.gather(*(pipeline.poll_group([s]) for s in rows))
    assert all(o.status == "ok" for [o] in outcomes)
    # Every success written (the first poll of each source recorded) ...
    assert sum(written) == n
    after = await store.list_sources()
    assert all(s.last_success_at == clock() and s.next_poll_at for s in after)
    # ... in far fewer transactions than sources.
    assert len(written) == pipeline.successes.writes <= n // 4, written
