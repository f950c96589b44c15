"""Discord forum channels: one forum post (a thread) per article, its tags from the article's
topics, same-story sources as replies in it, and no second post after a crash."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.discord import DiscordAdapter
from bot.store import Store, open_store
from tests.discord.helpers import connect
from tests.fakes.discord import FakeDiscord
from tests.platform_harness import add_article, outbox_for
from tests.support import FakeClock

STORY = 0x1234_5678_9ABC_DEF0
THREADS = "POST /channels/{channel_id}/threads"


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    opened = await open_store(tmp_path / "news.db", clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
async def forum(fake: FakeDiscord) -> tuple[str, int]:
    guild_id = fake.add_guild("Newsroom", channels=())
    forum_id = fake.add_forum(guild_id, "news-forum", tags=("World", "Transit", "Sports"))
    return str(guild_id), forum_id


@pytest.fixture
async def adapter(fake: FakeDiscord, forum: tuple[str, int]) -> AsyncIterator[DiscordAdapter]:
    connected = await connect(fake)
    yield connected
    await connected.close()


async def test_each_article_is_a_forum_post_titled_by_its_headline_tagged_by_its_topics(
    fake: FakeDiscord,
    forum: tuple[str, int],
    adapter: DiscordAdapter,
    store: Store,
    clock: FakeClock,
) -> None:
    guild, forum_id = forum
    target = ("discord", guild, str(forum_id))
    outbox = outbox_for(store, adapter, clock)
    await add_article(
        store,
        [target],
        "Light rail opens across the river",
        summary="Trains run.",
        topics=(("world", 0.9), ("transit", 0.8), ("weather", 0.5)),
    )
    await add_article(store, [target], "Talks resume", summary="Diplomats meet.")
    assert (await outbox.deliver_pending()).sent == 2

    first, second = fake.threads.values()
    assert first["name"] == "Light rail opens across the river"
    assert first["parent_id"] == str(forum_id)
    # "world" and "transit" exist as tags (matched case-insensitively); "weather" does not.
    assert fake.tag_names(forum_id, first["applied_tags"]) == ["World", "Transit"]
    assert fake.tag_names(forum_id, second["applied_tags"]) == ["World"]
    [starter] = fake.sent(int(first["id"]))
    assert starter["id"] == first["id"]  # the post's message id is its thread's
    assert starter["embeds"][0]["title"].startswith("Light rail opens")
    assert fake.sent(forum_id) == []  # nothing posted into the forum itself
    rows = await store.fetchall("SELECT message_id FROM deliveries ORDER BY id")
    assert [r[0] for r in rows] == [first["id"], second["id"]]


async def test_a_same_story_source_is_a_reply_in_the_forum_post_and_edits_it(
    fake: FakeDiscord,
    forum: tuple[str, int],
    adapter: DiscordAdapter,
    store: Store,
    clock: FakeClock,
) -> None:
    guild, forum_id = forum
    target = ("discord", guild, str(forum_id))
    outbox = outbox_for(store, adapter, clock)
    await add_article(store, [target], "Storm closes port", summary="A.", story_hash=STORY)
    await outbox.deliver_pending()
    await add_article(store, [target], "Port closed by storm", summary="B.", story_hash=STORY)
    report = await outbox.deliver_pending()
    assert (report.merged, report.edited, report.replied) == (1, 1, 1)
    [thread] = fake.threads.values()
    starter, reply = fake.sent(int(thread["id"]))
    assert starter["edited_timestamp"] is not None
    assert "Also covered by" in str(starter["embeds"])
    assert reply["embeds"][0]["title"].startswith("Port closed by storm")


async def test_a_forum_post_made_before_a_crash_is_found_by_name_not_posted_again(
    fake: FakeDiscord,
    forum: tuple[str, int],
    adapter: DiscordAdapter,
    store: Store,
    clock: FakeClock,
) -> None:
    guild, forum_id = forum
    target = ("discord", guild, str(forum_id))
    await add_article(store, [target], "Storm closes port", summary="A.")
    await outbox_for(store, adapter, clock).deliver_pending()
    [thread] = fake.threads.values()
    # The crash: Discord made the post, the store never recorded it (the attempt was counted).
    await store.execute_one(
        "UPDATE deliveries SET status = 'pending', message_id = NULL, sent_at = NULL"
    )
    restarted = await connect(fake)
    try:
        report = await outbox_for(store, restarted, clock).deliver_pending()
    finally:
        await restarted.close()
    assert report.sent == 1
    assert len(fake.threads) == 1 and len(fake.requests_to(THREADS)) == 1
    [row] = await store.fetchall("SELECT message_id FROM deliveries")
    assert row[0] == thread["id"]


async def test_the_crash_window_an_archived_forum_post_is_posted_again(
    fake: FakeDiscord,
    forum: tuple[str, int],
    adapter: DiscordAdapter,
    store: Store,
    clock: FakeClock,
) -> None:
    """The documented limit (docs/discord.md): only active threads can be looked up."""
    guild, forum_id = forum
    target = ("discord", guild, str(forum_id))
    await add_article(store, [target], "Storm closes port", summary="A.")
    await outbox_for(store, adapter, clock).deliver_pending()
    [thread] = fake.threads.values()
    fake.archive_thread(int(thread["id"]))
    await store.execute_one(
        "UPDATE deliveries SET status = 'pending', message_id = NULL, sent_at = NULL"
    )
    await outbox_for(store, adapter, clock).deliver_pending()
    assert len(fake.threads) == 2
