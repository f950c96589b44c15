"""A process pool for CPU-bound work (parsing, extraction, enrichment), so the loop never blocks.

With `processes=0` the work runs inline, which tests and one-shot commands use to skip the pool's
start-up; the functions are the same either way, so what runs in tests is what runs in the pool.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["WorkerPool"]

T = TypeVar("T")


class WorkerPool:
    def __init__(self, processes: int | None = None) -> None:
        # Default: one core for the event loop, the others for the pool (at least one worker).
        self.processes = processes if processes is not None else max(1, (os.cpu_count() or 2) - 1)
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self.processes == 0:
            return fn(*args)
        if self._pool is None:
            # forkserver: children do not inherit the loop's threads (aiosqlite, aiohttp).
            ctx = multiprocessing.get_context("forkserver")
            # Imported once in the forkserver, shared by every worker it forks.
            ctx.set_forkserver_preload(["bot.worktasks"])
            self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=ctx)
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
