"""Two installations posting to one channel, and a restarted bot posting to a busy one: the same
scenario against the fake Discord and the fake Slack (tests/platform_harness.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import NewArticle, SourceSpec, Store, open_store
from tests.platform_harness import PLATFORMS, ChatFake, outbox_for, start_chat
from tests.support import FakeClock


@pytest.fixture(params=PLATFORMS)
async def chat(request: pytest.FixtureRequest) -> AsyncIterator[ChatFake]:
    started = await start_chat(request.param)
    yield started
    await started.close()


async def record(store: Store, channel: tuple[str, str, str], entries: range) -> None:
    """The same feed's entries, as every installation watching it records them."""
    src = await store.add_source(SourceSpec("Wire", "https://wire.example/feed", "feed"))
    for n in entries:
        article = NewArticle(src.id, f"e{n}", f"https://wire.example/{n}", f"Article {n}", None)
        assert await store.record_article(article, [channel]) is not None


async def test_two_installations_each_post_once_and_never_claim_the_others_post(
    chat: ChatFake, tmp_path: Path, clock: FakeClock
) -> None:
    # Production and staging (two fresh databases) watch one feed and post to one channel.
    stores = [await open_store(tmp_path / f"{name}.db", clock=clock) for name in ("prod", "stage")]
    try:
        for store in stores:
            await record(store, chat.channel, range(3))
        prod, stage = stores
        assert (await outbox_for(prod, await chat.adapter(), clock).deliver_pending()).sent == 3

        # Staging's first post draws a 429, so it is retried: the retry first looks its key up
        # in the channel, where production's post of the same article already is.
        chat.refuse_next_post()
        outbox = outbox_for(stage, await chat.adapter(), clock)
        assert (await outbox.deliver_pending()).retrying == 1
        clock.advance(60)
        await outbox.deliver_pending()

        shown = chat.shown()
        claimed = []
        for store in stores:
            rows = await store.fetchall("SELECT status, message_id FROM deliveries")
            assert [r["status"] for r in rows] == ["sent"] * 3
            claimed.append({r["message_id"] for r in rows})
        assert len(shown) == 6, "each installation's post appears once"
        assert claimed[0].isdisjoint(claimed[1]), "a post recorded as sent that never appeared"
        assert claimed[0] | claimed[1] == set(shown)
    finally:
        for store in stores:
            await store.close()


async def test_a_restarted_bot_respects_the_window_its_previous_process_filled(
    chat: ChatFake, tmp_path: Path, clock: FakeClock
) -> None:
    store = await open_store(tmp_path / "bot.db", clock=clock)
    try:
        before = await chat.adapter()
        chat.enforce_channel_limit(clock, before)
        burst = before.limits.per_channel
        await record(store, chat.channel, range(burst))
        assert (await outbox_for(store, before, clock).deliver_pending()).sent == burst

        # The process dies at once; the next one starts with more posts for the same channel.
        src = (await store.list_sources())[0]
        for n in range(burst, 2 * burst):
            article = NewArticle(src.id, f"e{n}", None, f"Article {n}", None)
            await store.record_article(article, [chat.channel])
        after = await chat.adapter()
        chat.enforce_channel_limit(clock, after)
        start = clock()
        report = await outbox_for(store, after, clock).deliver_pending()

        assert chat.rate_limited() == 0
        assert report.sent == burst and len(chat.shown()) == 2 * burst
        assert clock() - start >= after.limits.per_channel_seconds * 0.9  # it waited its turn
    finally:
        await store.close()
