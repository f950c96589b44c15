"""The delivery crash test through the Discord adapter: a separate bot process delivers to the
fake Discord and is killed with SIGKILL at random points, then restarted; every article ×
channel must be shown exactly once (nonce + enforce_nonce on resend, `find` after a crash)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from bot.store import NewArticle, SourceSpec, open_store
from tests.fakes.discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 8
CHANNELS = 10
KILLS = 4


async def _prepare(db: Path, guild: int, channels: list[int]) -> None:
    store = await open_store(db, clock=time.time)
    try:
        src = await store.add_source(SourceSpec("Wire", "https://wire.example/feed", "feed"))
        targets = [("discord", str(guild), str(c)) for c in channels]
        for n in range(ARTICLES):
            await store.record_article(
                NewArticle(src.id, f"e{n}", f"https://wire.example/{n}", f"Article {n}", None),
                targets,
            )
    finally:
        await store.close()


async def _spawn(db: Path, api_base: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.discord.discord_crash_worker",
        str(db),
        api_base,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )


async def test_sigkill_repeatedly_every_post_shown_exactly_once(tmp_path: Path) -> None:
    fake = await FakeDiscord(bucket_window=0.02).start()
    guild = fake.add_guild("Crash", channels=[f"c{n}" for n in range(CHANNELS)])
    channels = fake.channel_ids(guild)
    db = tmp_path / "crash.db"
    await _prepare(db, guild, channels)
    rng = random.Random(20261127)
    killed_mid_delivery = 0

    def shown() -> int:
        return sum(len(fake.sent(c)) for c in channels)

    try:
        for _ in range(KILLS):
            proc = await _spawn(db, fake.api_base)
            assert proc.stdout is not None
            await asyncio.wait_for(proc.stdout.readline(), 30)
            before = shown()
            # Kill while posts are going out: after the first new one lands, at a random moment.
            with contextlib.suppress(TimeoutError):
                await fake.wait_for(lambda b=before: shown() > b, within=10)
            await asyncio.sleep(rng.uniform(0.0, 0.03))
            if proc.returncode is None:
                proc.kill()
            await proc.wait()
            if proc.returncode == -9 and shown() > before:
                killed_mid_delivery += 1
        proc = await _spawn(db, fake.api_base)
        assert await asyncio.wait_for(proc.wait(), 60) == 0
    finally:
        await fake.close()

    counted = Counter(
        (channel, m["embeds"][0]["title"]) for channel in channels for m in fake.sent(channel)
    )
    expected = {(c, f"Article {a}") for c in channels for a in range(ARTICLES)}
    assert set(counted) == expected, "missing posts"
    assert not {k: n for k, n in counted.items() if n > 1}, "posted twice"
    for channel in channels:  # oldest first in every channel, in spite of the kills
        titles = [m["embeds"][0]["title"] for m in fake.sent(channel)]
        assert titles == [f"Article {a}" for a in range(ARTICLES)]
    # How many kills land mid-delivery depends on the machine's load; at least one must.
    assert killed_mid_delivery >= 1, "the kills should land while posts are going out"
