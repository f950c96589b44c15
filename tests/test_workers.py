"""The worker pool: Ctrl-C is the bot's to handle, and workers end with the bot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from bot import workers
from bot.workers import WorkerPool


def _sigint_ignored() -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


async def test_pool_workers_ignore_ctrl_c() -> None:
    pool = WorkerPool(1)
    try:
        assert await pool.run(_sigint_ignored)
    finally:
        pool.close()
    assert not _sigint_ignored()  # the bot itself still stops on Ctrl-C


@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "poll"])
def test_a_worker_watching_its_bot_returns_once_the_bot_is_gone(
    pidfd: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pidfd and not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd_open here")
    if not pidfd:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
        monkeypatch.setattr(workers, "PARENT_POLL_SECONDS", 0.01)
    bot = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    watcher = threading.Thread(target=workers._wait_for_exit, args=(bot.pid,), daemon=True)
    watcher.start()
    watcher.join(0.2)
    assert watcher.is_alive()  # the bot runs: the worker stays
    bot.kill()
    bot.wait()
    watcher.join(10)
    assert not watcher.is_alive()
