"""The delivery crash test through the Discord adapter: a separate bot process delivers to the
fake Discord and is killed with SIGKILL at random points, then restarted; every article ×
channel must be shown exactly once (nonce + enforce_nonce on resend, `find` after a crash)."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

from tests.delivery.crash_harness import (
    Worker,
    assert_oldest_first,
    assert_shown_once,
    prepare_backlog,
)
from tests.fakes.discord import FakeDiscord

ARTICLES = 8
CHANNELS = 10
KILLS = 4


async def test_sigkill_repeatedly_every_post_shown_exactly_once(tmp_path: Path) -> None:
    fake = await FakeDiscord(bucket_window=0.02).start()
    guild = fake.add_guild("Crash", channels=[f"c{n}" for n in range(CHANNELS)])
    channels = fake.channel_ids(guild)
    db = tmp_path / "crash.db"
    await prepare_backlog(db, [("discord", str(guild), str(c)) for c in channels], ARTICLES)
    rng = random.Random(20261127)

    def shown() -> int:
        return sum(len(fake.sent(c)) for c in channels)

    worker = Worker("tests.discord.discord_crash_worker", [str(db), fake.api_base], shown)
    try:
        for _ in range(KILLS):
            proc = await worker.start()
            before = shown()
            # Kill while posts are going out: after the first new one lands, at a random moment.
            with contextlib.suppress(TimeoutError):
                await fake.wait_for(lambda b=before: shown() > b, within=10)
            await worker.kill(proc, before, rng.uniform(0.0, 0.03))
        await worker.finish()
    finally:
        await fake.close()

    titles = {c: [m["embeds"][0]["title"] for m in fake.sent(c)] for c in channels}
    expected = [f"Article {a}" for a in range(ARTICLES)]
    assert_shown_once(
        ((c, t) for c, shown in titles.items() for t in shown),
        {(c, t) for c in channels for t in expected},
    )
    assert_oldest_first(titles, expected)
    # How many kills land mid-delivery depends on the machine's load; at least one must.
    assert worker.killed_mid_delivery >= 1, "the kills should land while posts are going out"
