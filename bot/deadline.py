"""A time budget shared by several concurrent awaits, run on an injected sleep.

Why a timer task rather than ``asyncio.timeout``: the loop's clock cannot be faked, and the
pipeline's full-text fetches must be cut off in tests without waiting for real. The timer is
``sleep(seconds)`` in a task; whatever is still running when it ends is cancelled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar

__all__ = ["Deadline", "Sleep"]

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


class Deadline:
    """``seconds`` from the first :meth:`gather`, for every gather made until :meth:`close`.

    ``cut`` counts the awaits cancelled (or never started) because the deadline had passed.
    """

    def __init__(self, seconds: float, sleep: Sleep) -> None:
        self.seconds = seconds
        self.cut = 0
        self._sleep = sleep
        self._timer: asyncio.Future[Any] | None = None

    @property
    def passed(self) -> bool:
        return self._timer is not None and self._timer.done()

    async def gather(self, coros: Sequence[Coroutine[Any, Any, T]]) -> list[T | None]:
        """Run ``coros`` side by side; each result, or None for one the deadline cut off.

        An exception other than the cut-off's cancellation propagates, once the others are
        done or cut off.
        """
        if not coros:
            return []
        if self._timer is None:
            self._timer = asyncio.ensure_future(self._sleep(self.seconds))
        if self._timer.done():
            for coro in coros:
                coro.close()  # never started: no "never awaited" warning
            self.cut += len(coros)
            return [None] * len(coros)
        tasks = [asyncio.ensure_future(c) for c in coros]
        waiting: set[asyncio.Future[Any]] = set(tasks)
        try:
            while waiting and not self._timer.done():
                done, _ = await asyncio.wait(
                    {*waiting, self._timer}, return_when=asyncio.FIRST_COMPLETED
                )
                waiting -= done
        finally:
            for task in tasks:
                task.cancel()  # a no-op for those that finished
            await asyncio.gather(*tasks, return_exceptions=True)
        out: list[T | None] = []
        for task in tasks:
            if task.cancelled():
                self.cut += 1
                out.append(None)
            else:
                out.append(task.result())  # re-raises what the await raised
        return out

    def close(self) -> None:
        """Stop the timer (the poll is over)."""
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
