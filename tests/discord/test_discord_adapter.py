"""The real discord.py client against the fake Discord: what reached the fake is what counts."""

from __future__ import annotations

from datetime import UTC, datetime

import discord
import pytest

from bot.adapters.discord import DiscordAdapter, least_intents, nonce_for
from bot.delivery.ports import PermanentError, Post, PostQuote, RateLimited, TransientError
from tests.discord.helpers import Guild, ReactionRecorder, connect
from tests.fakes.discord import FakeDiscord

POST = Post(
    kind="article",
    title="Council backs light rail",
    url="https://desk.example/story/2",
    summary="The city council voted 7-2 on Monday to extend the light rail line.",
    quotes=(
        PostQuote("This line will change how people get to work.", "Tom Reyes", "councilmember"),
    ),
    topics=("transit",),
    source="Test Desk",
    published=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
)


async def test_connects_with_least_intents_and_sees_the_guild(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    assert adapter.bot.get_guild(guild.id) is not None
    assert adapter.bot.get_channel(guild.channel) is not None
    (identify,) = fake.identify_payloads
    assert identify["intents"] == least_intents().value
    assert not discord.Intents._from_value(identify["intents"]).message_content
    assert identify["token"] == "<redacted>"  # the fake records no token
    assert fake.gateway_queries[0]["v"] == "10" and fake.gateway_queries[0]["encoding"] == "json"
    assert any(p["op"] == 1 for p in fake.gateway_received)  # heartbeat (acked by the fake)


async def test_send_posts_exactly_one_embed_with_no_mentions(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    message_id = await adapter.send(guild.ref, POST, "delivery-1")

    (message,) = fake.sent(guild.channel)
    assert message["id"] == message_id
    (request,) = fake.requests_to("POST /channels/{channel_id}/messages")
    assert request.body["nonce"] == nonce_for("delivery-1")
    assert request.body["enforce_nonce"] is True
    assert request.body["allowed_mentions"]["parse"] == []
    assert "content" not in request.body or not request.body["content"]
    (embed,) = message["embeds"]
    assert embed["title"] == "Council backs light rail"
    assert embed["url"] == "https://desk.example/story/2"
    assert embed["description"].startswith("The city council voted 7")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Key quote"] == (
        "> This line will change how people get to work.\n— Tom Reyes, councilmember"
    )
    assert fields["Source"] == "Test Desk" and fields["Topics"] == "transit"
    assert embed["timestamp"].startswith("2026-11-25T12:00:00")
    assert not message["mention_everyone"] and not message["mention_roles"]


async def test_same_key_twice_shows_one_message(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    first = await adapter.send(guild.ref, POST, "delivery-7")
    second = await adapter.send(guild.ref, POST, "delivery-7")
    assert first == second
    assert len(fake.sent(guild.channel)) == 1
    assert len(fake.requests_to("POST /channels/{channel_id}/messages")) == 2


async def test_feed_mentions_reach_discord_inert(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    hostile = Post(
        kind="article",
        title="@everyone <@&123456789012345678> look",
        summary="@here <@987654321098765432> and <#111111111111111111> **bold**",
        quotes=(PostQuote("@everyone out", "<@&123456789012345678>", None),),
        source="@here",
    )
    await adapter.send(guild.ref, hostile, "k-hostile")

    (message,) = fake.sent(guild.channel)
    assert message["mention_everyone"] is False
    assert message["mention_roles"] == [] and message["mentions"] == []
    text = repr(message["embeds"])
    for raw in ("@everyone", "@here", "<@&1", "<@9", "<#1"):
        assert raw not in text
    assert "\\*\\*bold\\*\\*" in message["embeds"][0]["description"]


async def test_opted_in_role_is_the_only_mention(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    role = fake.add_role(guild.id, "transit-news")
    post = Post(kind="article", title="@everyone rail", mention_role=str(role))
    await adapter.send(guild.ref, post, "k-role")

    (message,) = fake.sent(guild.channel)
    assert message["content"] == f"<@&{role}>"
    assert message["mention_roles"] == [str(role)]
    assert message["mention_everyone"] is False


async def test_a_burst_of_429s_still_delivers_once(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    fake.force_429(3, retry_after=0.01)  # discord.py sleeps these out and retries
    await adapter.send(guild.ref, POST, "k-burst")
    assert len(fake.rate_limited) == 3
    assert len(fake.sent(guild.channel)) == 1

    fake.force_429(7, retry_after=0.01)  # more than discord.py's five tries
    with pytest.raises(RateLimited) as caught:
        await adapter.send(guild.ref, POST, "k-burst-2")
    assert caught.value.retry_after > 0
    await adapter.send(guild.ref, POST, "k-burst-2")  # the outbox's retry, same key
    assert len(fake.sent(guild.channel)) == 2


async def test_long_waits_surface_as_rate_limited_instead_of_sleeping(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    fake.force_429(1, retry_after=120.0)  # beyond max_ratelimit_timeout (30 s)
    with pytest.raises(RateLimited) as caught:
        await adapter.send(guild.ref, POST, "k-long")
    assert caught.value.retry_after == pytest.approx(120.0)
    assert fake.sent(guild.channel) == []


async def test_paced_sends_collect_no_429(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    for n in range(8):  # over the fake's 5 per 0.2 s: discord.py waits on the headers
        await adapter.send(guild.ref, POST, f"k-paced-{n}")
    assert len(fake.sent(guild.channel)) == 8
    assert fake.rate_limited == []


async def test_missing_access_and_unknown_channel_are_permanent(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    fake.deny_access(guild.channel)
    with pytest.raises(PermanentError) as denied:
        await adapter.send(guild.ref, POST, "k-403")
    assert "missing access" in denied.value.reason and "50001" in denied.value.reason

    other = fake.add_channel(guild.id, "gone")
    fake.remove_channel(other)
    gone = guild.ref.__class__("discord", str(guild.id), str(other))
    with pytest.raises(PermanentError) as unknown:
        await adapter.send(gone, POST, "k-404")
    assert "unknown channel" in unknown.value.reason


async def test_server_errors_are_transient(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    fake.force_status(1, 503)
    with pytest.raises(TransientError):
        await adapter.send(guild.ref, POST, "k-503")
    assert fake.sent(guild.channel) == []


async def test_edit_changes_the_message_in_place(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    message_id = await adapter.send(guild.ref, POST, "k-edit")
    updated = Post(
        kind="article",
        title=POST.title,
        url=POST.url,
        summary=POST.summary,
        also_covered_by=(("Other Desk", "https://other.example/rail"),),
    )
    await adapter.edit(guild.ref, message_id, updated)

    (message,) = fake.sent(guild.channel)
    assert message["edited_timestamp"] is not None
    fields = {f["name"]: f["value"] for f in message["embeds"][0]["fields"]}
    assert fields["Also covered by"] == "[Other Desk](https://other.example/rail)"


async def test_find_after_a_crash_returns_the_posted_id(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter
) -> None:
    message_id = await adapter.send(guild.ref, POST, "k-crash")
    await adapter.send(guild.ref, POST, "k-other")
    await adapter.close()  # the process "dies"; a new one starts

    restarted = await connect(fake)
    try:
        assert await restarted.find(guild.ref, "k-crash") == message_id
        assert await restarted.find(guild.ref, "k-never-sent") is None
    finally:
        await restarted.close()


async def test_reactions_on_the_bots_posts_reach_the_callback(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter, reactions: ReactionRecorder
) -> None:
    message_id = int(await adapter.send(guild.ref, POST, "k-react"))
    await fake.dispatch_reaction(
        guild_id=guild.id, channel_id=guild.channel, message_id=message_id, user_id=42, emoji="🔥"
    )
    await fake.dispatch_reaction(
        guild_id=guild.id,
        channel_id=guild.channel,
        message_id=message_id,
        user_id=42,
        emoji="🔥",
        added=False,
    )
    await reactions.wait_for(2)
    added, removed = reactions.events
    assert added.platform == "discord"
    assert (added.workspace, added.channel) == (str(guild.id), str(guild.channel))
    assert (added.message_id, added.user_id, added.emoji) == (str(message_id), "42", "🔥")
    assert added.added is True and removed.added is False


async def test_reactions_on_other_messages_and_by_the_bot_are_ignored(
    fake: FakeDiscord, guild: Guild, adapter: DiscordAdapter, reactions: ReactionRecorder
) -> None:
    ours = int(await adapter.send(guild.ref, POST, "k-own"))
    bot_id = int(fake.bot_user["id"])
    await fake.dispatch_reaction(
        guild_id=guild.id, channel_id=guild.channel, message_id=ours, user_id=bot_id
    )
    theirs = fake.add_message_by_someone_else(guild.channel)
    await fake.dispatch_reaction(
        guild_id=guild.id, channel_id=guild.channel, message_id=theirs, user_id=7, emoji="😡"
    )
    await fake.dispatch_reaction(
        guild_id=guild.id, channel_id=guild.channel, message_id=ours, user_id=7, emoji="👀"
    )
    await reactions.wait_for(1)
    assert [e.emoji for e in reactions.events] == ["👀"]  # events arrive in order


async def test_webhook_channel_posts_under_its_own_name(fake: FakeDiscord, guild: Guild) -> None:
    from bot.adapters.discord import WebhookTarget

    hook_id, token = fake.add_webhook(guild.channel)
    target = WebhookTarget(
        hook_id, token, username="Transit desk", avatar_url="https://a.example/x.png"
    )
    adapter = await connect(fake, webhooks={str(guild.channel): target})
    try:
        message_id = await adapter.send(guild.ref, POST, "k-hook")
        await adapter.edit(guild.ref, message_id, Post(kind="article", title="Rail, updated"))
    finally:
        await adapter.close()
    (message,) = fake.sent(guild.channel)
    assert message["webhook_id"] == str(hook_id)
    assert message["author"]["username"] == "Transit desk"
    assert message["avatar_url"] == "https://a.example/x.png"
    assert message["embeds"][0]["title"] == "Rail, updated"
    assert message["mention_everyone"] is False and message["allowed_mentions"]["parse"] == []
    assert token not in repr(target)


async def test_sending_before_login_is_a_clear_transient_error(guild: Guild) -> None:
    adapter = DiscordAdapter()
    with pytest.raises(TransientError, match="not logged in"):
        await adapter.send(guild.ref, POST, "k-early")
