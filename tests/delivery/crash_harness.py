"""What the crash tests share: a backlog prepared in a store, a bot process (one of the
`*crash_worker` modules) killed with SIGKILL and restarted, and the verdict that every article ×
channel was shown exactly once, oldest first.

What differs per platform stays in its test: the fake server, the worker's arguments, when a
kill is timed and how a post is recognised on the platform.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.store import NewArticle, SourceSpec, open_store

__all__ = ["Worker", "assert_oldest_first", "assert_shown_once", "prepare_backlog", "until_more"]

ROOT = Path(__file__).resolve().parents[2]


async def prepare_backlog(
    db: Path, targets: Sequence[tuple[str, str, str]], articles: int
) -> list[int]:
    """Articles "Article 0" … from one feed, each due in every target; their ids, oldest first."""
    store = await open_store(db, clock=time.time)
    try:
        src = await store.add_source(SourceSpec("Wire", "https://wire.example/feed", "feed"))
        ids = []
        for n in range(articles):
            aid = await store.record_article(
                NewArticle(src.id, f"e{n}", f"https://wire.example/{n}", f"Article {n}", None),
                list(targets),
            )
            assert aid is not None
            ids.append(aid)
        return ids
    finally:
        await store.close()


@dataclass
class Worker:
    """Starts the bot process (`python -m module *args`), kills it, and counts the kills that
    landed while posts were going out, as seen by `shown` (what has reached the platform)."""

    module: str
    args: Sequence[str]
    shown: Callable[[], int]
    killed_mid_delivery: int = field(default=0, init=False)

    async def _spawn(self) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.module,
            *self.args,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.PIPE,
        )

    async def start(self) -> asyncio.subprocess.Process:
        """A new process, once it has said it is about to deliver."""
        proc = await self._spawn()
        assert proc.stdout is not None
        assert await asyncio.wait_for(proc.stdout.readline(), 30) == b"ready\n"
        return proc

    async def kill(self, proc: asyncio.subprocess.Process, before: int, pause: float) -> None:
        """SIGKILL after `pause` seconds, unless it is done by then; `before` is what `shown`
        said when the wait for this kill began."""
        await asyncio.sleep(pause)
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
        if proc.returncode == -9 and self.shown() > before:
            self.killed_mid_delivery += 1  # it was talking to the platform when it died

    async def finish(self) -> None:
        """One last process, left to deliver what is left and exit cleanly."""
        proc = await self._spawn()
        assert await asyncio.wait_for(proc.wait(), 60) == 0


async def until_more(
    proc: asyncio.subprocess.Process, shown: Callable[[], int], before: int, step: float
) -> None:
    """Until `shown()` has moved past `before` or the process has exited, polling the fake
    every `step` seconds (the caller bounds the wait)."""
    while shown() == before and proc.returncode is None:  # noqa: ASYNC110 - polls the fake
        await asyncio.sleep(step)


def assert_shown_once(
    shown: Iterable[tuple[Hashable, Hashable]],
    expected: set[tuple[Hashable, Hashable]],
    missing: str = "missing posts",
) -> None:
    """Every expected (channel, post) was shown, none twice and nothing else."""
    counted = Counter(shown)
    assert set(counted) == expected, missing
    doubled = {k: n for k, n in counted.items() if n > 1}
    assert not doubled, f"posted twice: {sorted(doubled, key=repr)[:5]}"


def assert_oldest_first(titles_by_channel: Mapping[Hashable, list[str]], titles: list[str]) -> None:
    """Per channel, the posts in the order of the backlog, in spite of the kills."""
    for channel, shown in titles_by_channel.items():
        assert shown == titles, channel
