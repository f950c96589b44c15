"""The delivery crash test through the Slack adapter: a separate bot process delivers to the
fake Slack and is killed with SIGKILL at seeded-random points, then restarted; every article ×
channel must be shown exactly once (the post's metadata carries its idempotency key, and after
a crash `find` looks the key up in the channel's history before anything is resent).

The worker (`slack_crash_worker.py`) runs the real store and outbox; only the Web API client
of the adapter is used, Socket Mode is never started.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from bot.adapters.slack import METADATA_EVENT_TYPE
from bot.store import NewArticle, SourceSpec, open_store
from tests.fakes.slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T1"
ARTICLES = 8
CHANNELS = [f"C{n:02d}" for n in range(10)]
KILLS = 8
SEED = 20261127


async def _prepare(db: Path) -> list[int]:
    store = await open_store(db, clock=time.time)
    try:
        src = await store.add_source(SourceSpec("Wire", "https://wire.example/feed", "feed"))
        targets = [("slack", TEAM, c) for c in CHANNELS]
        ids = []
        for n in range(ARTICLES):
            aid = await store.record_article(
                NewArticle(src.id, f"e{n}", f"https://wire.example/{n}", f"Article {n}", None),
                targets,
            )
            assert aid is not None
            ids.append(aid)
        return ids
    finally:
        await store.close()


async def _spawn(db: Path, fake: FakeSlack) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.slack.slack_crash_worker",
        str(db),
        fake.base_url,
        fake.bot_token,
        fake.app_token,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )


def _key(message: dict[str, object]) -> str | None:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    return str(payload.get("key")) if isinstance(payload, dict) else None


async def test_sigkill_repeatedly_every_post_shown_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    article_ids = await _prepare(db)
    rng = random.Random(SEED)
    killed_mid_delivery = 0
    progress: list[int] = []
    started = time.monotonic()

    async with FakeSlack() as fake:  # no rate limits arranged: the fake never paces or 429s

        def shown() -> int:
            return sum(len(fake.posted(c)) for c in CHANNELS)

        for _ in range(KILLS):
            proc = await _spawn(db, fake)
            assert proc.stdout is not None
            assert await asyncio.wait_for(proc.stdout.readline(), 30) == b"ready\n"
            before = shown()
            # Kill while posts are going out: once a new one has landed, at a random moment.
            async with asyncio.timeout(15):
                while shown() == before and proc.returncode is None:  # noqa: ASYNC110 - polls the fake
                    await asyncio.sleep(0.002)
            await asyncio.sleep(rng.uniform(0.0, 0.03))
            if proc.returncode is None:
                proc.kill()
            await proc.wait()
            if proc.returncode == -9 and shown() > before:
                killed_mid_delivery += 1
            progress.append(shown())
        before_final = shown()
        proc = await _spawn(db, fake)
        assert await asyncio.wait_for(proc.wait(), 60) == 0
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
    shown_keys = Counter((c, _key(m)) for c, messages in posted.items() for m in messages)
    expected_keys = {(r.channel, r.idem_key) for r in rows}
    assert len(expected_keys) == ARTICLES * len(CHANNELS)
    assert set(shown_keys) == expected_keys, "missing posts (or posts without their key)"
    doubled = {k: n for k, n in shown_keys.items() if n > 1}
    assert not doubled, f"posted twice: {sorted(doubled)[:5]}"
    # ... and by its text, oldest first in every channel in spite of the kills.
    for c, messages in posted.items():
        titles = [m["text"].split("\n")[0] for m in messages]
        assert titles == [f"Article {a} (Wire)" for a in range(ARTICLES)], c
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
        f"({killed_mid_delivery} mid-delivery), {history_reads} history reads, "
        f"posts shown after each kill {progress}, {elapsed:.1f}s"
    )
