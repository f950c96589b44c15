"""A process pool for CPU-bound work (parsing, extraction, enrichment), so the loop never blocks.

With `processes=0` the work runs inline, which tests and one-shot commands use to skip the pool's
start-up; the functions are the same either way, so what runs in tests is what runs in the pool.

The pool must not outlive the bot. multiprocessing's forkserver exits once every process that
holds its "alive" pipe is gone, and each worker holds it; a worker blocks on its task queue,
whose write end it holds itself, so after a SIGKILL of the bot nothing ever wakes it: workers,
forkserver and resource tracker stayed alive for good (about 90 MB). So each worker watches
the bot's pid (a pidfd where the OS has one, else a poll) and exits when the bot is gone; the
forkserver and the resource tracker then see their pipes close and exit on their own.
Workers ignore SIGINT: Ctrl-C reaches the whole process group, and it is the bot's to handle
(it shuts the pool down); a worker interrupted mid-task would only print a traceback.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["WorkerPool", "exit_with_parent", "pid_alive"]

T = TypeVar("T")

# How often a worker without pidfd support looks whether the bot is still there.
PARENT_POLL_SECONDS = 1.0


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
            # Imported once in the forkserver, shared by every worker it forks (poolsignals
            # first: it makes the forkserver ignore Ctrl-C while it imports the rest).
            ctx.set_forkserver_preload(["bot.poolsignals", "bot.worktasks"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=ctx,
                initializer=exit_with_parent,
                initargs=(os.getpid(),),
            )
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def exit_with_parent(parent: int) -> None:
    """Pool initializer: ignore Ctrl-C, and end this worker when process `parent` ends (its
    OS parent is the forkserver, so `os.getppid()` or PR_SET_PDEATHSIG would watch the wrong
    process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(parent,), name="exit-with-parent", daemon=True).start()


def _watch(parent: int) -> None:
    try:
        _wait_for_exit(parent)
    finally:
        os._exit(0)  # the bot is gone: nobody waits for this worker's results


def _wait_for_exit(pid: int) -> None:
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is not None:
        try:
            fd = pidfd_open(pid)
        except ProcessLookupError:
            return  # already gone
        except OSError:
            pass  # no pidfd in this kernel: poll below
        else:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            while not poller.poll():
                pass
            return
    while pid_alive(pid):
        time.sleep(PARENT_POLL_SECONDS)


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host (signal 0 probes, sends nothing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
