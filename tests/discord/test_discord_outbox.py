"""The real outbox and store delivering through the Discord adapter to the fake Discord."""

from __future__ import annotations

from bot.adapters.discord import DiscordAdapter, nonce_for
from bot.delivery.ports import Post
from bot.store import Store
from tests.discord.helpers import Guild, connect
from tests.fakes.discord import FakeDiscord
from tests.platform_harness import add_article as add_article_to
from tests.platform_harness import outbox_for
from tests.support import FakeClock


async def add_article(store: Store, guild: int, channels: list[int], title: str) -> int:
    targets = [("discord", str(guild), str(c)) for c in channels]
    return await add_article_to(
        store, targets, title, summary="Something happened @everyone. More follows."
    )


async def test_articles_fan_out_once_each_in_order(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter, store: Store, clock: FakeClock
) -> None:
    second = fake.add_channel(guild.id, "more-news")
    channels = [guild.channel, second]
    ids = [await add_article(store, guild.id, channels, f"Story {n}") for n in range(3)]

    report = await outbox_for(store, adapter, clock).deliver_pending()

    assert report.sent == 6
    for channel in channels:
        posted = fake.sent(channel)
        assert [m["embeds"][0]["title"] for m in posted] == ["Story 0", "Story 1", "Story 2"]
        assert not any(m["mention_everyone"] for m in posted)
    by_id = {m["id"]: m for c in channels for m in fake.sent(c)}
    for aid in ids:
        for row in await store.deliveries_for_article(aid):
            assert row.status == "sent"
            assert by_id[row.message_id or ""]["nonce"] == nonce_for(row.idem_key)


async def test_crash_after_discord_accepted_is_recovered_not_reposted(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter, store: Store, clock: FakeClock
) -> None:
    aid = await add_article(store, guild.id, [guild.channel], "Posted just before the crash")
    (row,) = await store.deliveries_for_article(aid)
    # The previous process counted an attempt, Discord took the post, the process died before
    # the store recorded the message id.
    await store.note_attempt(row.id)
    message_id = await adapter.send(guild.ref, Post(kind="article", title="x"), row.idem_key)
    await adapter.close()

    restarted = await connect(fake)
    try:
        report = await outbox_for(store, restarted, clock).deliver_pending()
    finally:
        await restarted.close()
    assert (report.recovered, report.sent) == (1, 0)
    assert len(fake.sent(guild.channel)) == 1
    (row,) = await store.deliveries_for_article(aid)
    assert (row.status, row.message_id) == ("sent", message_id)


async def test_a_burst_of_429s_delays_but_never_doubles(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter, store: Store, clock: FakeClock
) -> None:
    ids = [await add_article(store, guild.id, [guild.channel], f"Story {n}") for n in range(3)]
    fake.force_429(7, retry_after=0.01)  # more than discord.py's five tries
    outbox = outbox_for(store, adapter, clock)
    for _ in range(5):
        await outbox.deliver_pending()
        clock.now += 5
    assert [m["embeds"][0]["title"] for m in fake.sent(guild.channel)] == [
        "Story 0",
        "Story 1",
        "Story 2",
    ]
    for aid in ids:
        (row,) = await store.deliveries_for_article(aid)
        assert row.status == "sent"


async def test_missing_access_fails_the_row_without_retries(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter, store: Store, clock: FakeClock
) -> None:
    aid = await add_article(store, guild.id, [guild.channel], "Nobody can see this")
    fake.deny_access(guild.channel)
    report = await outbox_for(store, adapter, clock).deliver_pending()
    assert report.failed == 1 and report.sent == 0
    (row,) = await store.deliveries_for_article(aid)
    assert row.status == "failed"
    assert len(fake.requests_to("POST /channels/{channel_id}/messages")) == 1
