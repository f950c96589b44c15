"""The delivery crash test through the Slack adapter: a separate bot process delivers to the
fake Slack and is killed with SIGKILL at seeded-random points, then restarted; every article ×
channel must be shown exactly once (the post's metadata carries its idempotency key, and after
a crash `find` looks the key up in the channel's history before anything is resent).

The worker (`slack_crash_worker.py`) runs the real store and outbox; only the Web API client
of the adapter is used, Socket Mode is never started.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

from bot.adapters.slack import METADATA_EVENT_TYPE
from bot.store import open_store
from tests.delivery.crash_harness import (
    Worker,
    assert_oldest_first,
    assert_shown_once,
    prepare_backlog,
    until_more,
)
from tests.fakes.slack import FakeSlack

TEAM = "T1"
ARTICLES = 8
CHANNELS = [f"C{n:02d}" for n in range(10)]
KILLS = 8
SEED = 20261127


def _key(message: dict[str, object]) -> str | None:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    return str(payload.get("key")) if isinstance(payload, dict) else None


async def test_sigkill_repeatedly_every_post_shown_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    article_ids = await prepare_backlog(db, [("slack", TEAM, c) for c in CHANNELS], ARTICLES)
    rng = random.Random(SEED)
    progress: list[int] = []
    started = time.monotonic()

    async with FakeSlack() as fake:  # no rate limits arranged: the fake never paces or 429s

        def shown() -> int:
            return sum(len(fake.posted(c)) for c in CHANNELS)

        args = [str(db), fake.base_url, fake.bot_token, fake.app_token]
        worker = Worker("tests.slack.slack_crash_worker", args, shown)
        for _ in range(KILLS):
            proc = await worker.start()
            before = shown()
            # Kill while posts are going out: once a new one has landed, at a random moment.
            async with asyncio.timeout(15):
                await until_more(proc, shown, before, step=0.002)
            await worker.kill(proc, before, rng.uniform(0.0, 0.03))
            progress.append(shown())
        before_final = shown()
        await worker.finish()
        posted = {c: fake.posted(c) for c in CHANNELS}
        history_reads = len(fake.calls_to("conversations.history"))
    elapsed = time.monotonic() - started

    store = await open_store(db, clock=time.time)
    try:
        rows = [r for aid in article_ids for r in await store.deliveries_for_article(aid)]
        counts = await store.count_deliveries()
    finally:
        await store.close()

    # Every article × channel reached Slack exactly once, recognised by its metadata key ...
    expected_keys = {(r.channel, r.idem_key) for r in rows}
    assert len(expected_keys) == ARTICLES * len(CHANNELS)
    assert_shown_once(
        ((c, _key(m)) for c, messages in posted.items() for m in messages),
        expected_keys,
        "missing posts (or posts without their key)",
    )
    # ... and by its text, oldest first in every channel in spite of the kills.
    assert_oldest_first(
        {c: [m["text"].split("\n")[0] for m in messages] for c, messages in posted.items()},
        [f"Article {a} (Wire)" for a in range(ARTICLES)],
    )
    # The store agrees: every row sent, with the ts Slack gave that very post.
    assert counts == {"sent": ARTICLES * len(CHANNELS)}
    ts_by_key = {(c, _key(m)): m["ts"] for c, messages in posted.items() for m in messages}
    for r in rows:
        assert r.status == "sent"
        assert r.message_id == ts_by_key[(r.channel, r.idem_key)]
    # Not load-sensitive: only that the kills did not all come before the first post.
    assert before_final > 0, progress
    print(
        f"slack crash test: {ARTICLES * len(CHANNELS)} posts, {KILLS} kills "
        f"({worker.killed_mid_delivery} mid-delivery), {history_reads} history reads, "
        f"posts shown after each kill {progress}, {elapsed:.1f}s"
    )
