"""Where failures go, through the fake Discord: `/news subscribe` refuses a channel the bot cannot
post in (the interaction's ``app_permissions``), and `/newsadmin channel set notices:true` makes
the channel the server's notices channel at once, where a refused channel is named by mention."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import discord
import pytest

from bot.commands import PostAccess
from cogs.base import post_access
from tests.discord.helpers import Guild
from tests.discord.test_discord_e2e import (
    EPHEMERAL,
    MANAGE_CHANNELS,
    MANAGE_GUILD,
    Bot,
    answered,
    bot,
    group,
    publish,
    subcommand,
)
from tests.fakes.discord import FakeDiscord, FakeInteraction
from tests.platform_harness import Item

__all__ = ["bot"]  # the fixture, imported from the end-to-end tests

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
SEND_IN_THREADS = 1 << 38
CAN_POST = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    """#news (where commands are typed by default), #readonly and #ops."""
    guild_id = fake.add_guild("Newsroom", channels=("news", "readonly", "ops"))
    return Guild(guild_id, fake.channel_ids(guild_id)[0])


def channel(bot: Bot, name: str) -> int:
    news, readonly, ops = bot.fake.channel_ids(bot.guild.id)
    return {"news": news, "readonly": readonly, "ops": ops}[name]


async def command_in(
    bot: Bot, channel_id: int, name: str, option: dict[str, Any], **extra: Any
) -> FakeInteraction:
    interaction = await bot.fake.dispatch_command(
        name, guild_id=bot.guild.id, channel_id=channel_id, options=[option], **extra
    )
    await bot.fake.wait_for(lambda: answered(interaction))
    return interaction


async def test_subscribe_is_refused_where_the_bot_cannot_post(bot: Bot) -> None:
    refused = await bot.command(
        "news",
        subcommand("subscribe", topic="immigration"),
        permissions=MANAGE_CHANNELS,
        app_permissions=VIEW_CHANNEL,
    )
    data = refused.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert data["content"] == (
        "newsbot cannot post in this channel: it lacks the Send Messages and Embed Links "
        "permissions here. Give newsbot's role Send Messages and Embed Links in this channel's "
        "permissions, then try again. Nothing was changed."
    )
    assert await bot.store.list_subscriptions() == []
    assert await bot.store.audit() == []


async def test_subscribe_is_accepted_with_view_send_and_embed(bot: Bot) -> None:
    accepted = await bot.command(
        "news",
        subcommand("subscribe", topic="immigration"),
        permissions=MANAGE_CHANNELS,
        app_permissions=CAN_POST,
    )
    data = accepted.callbacks[0]["data"]
    assert data["content"] == "This channel now receives articles on immigration."
    [sub] = await bot.store.list_subscriptions(bot.channel_key)
    assert sub.topic == "immigration"


async def test_channel_set_notices_takes_effect_at_once(bot: Bot) -> None:
    ops, readonly = channel(bot, "ops"), channel(bot, "readonly")
    marked = await command_in(
        bot,
        ops,
        "newsadmin",
        group("channel", subcommand("set", notices=True)),
        permissions=MANAGE_GUILD,
    )
    assert "notices=True" in marked.callbacks[0]["data"]["content"]
    ops_key = ("discord", str(bot.guild.id), str(ops))
    assert (await bot.store.channel_settings(ops_key))["notices"] is True
    [entry] = await bot.store.audit()
    assert (entry.actor, entry.action) == (f"discord:{marked.user_id}", "channel set")
    assert entry.after["notices"] is True

    await bot.store.subscribe(bot.channel_key, topic="immigration")
    await bot.store.subscribe(("discord", str(bot.guild.id), str(readonly)), topic="immigration")
    bot.fake.deny_access(readonly)
    await publish(bot, [Item("n1", "Immigration office extends hours")])
    await bot.app.run_once()  # the notice queued by the refusal goes out

    [news_post] = bot.fake.posts(bot.guild.channel)  # the article, and no notice
    assert news_post["embeds"][0]["title"] == "Immigration office extends hours"
    [notice] = bot.fake.posts(ops)
    [embed] = notice["embeds"]
    assert embed["title"] == "newsbot paused a channel"
    assert embed["description"].startswith(f"Posting to <#{readonly}> failed: missing access")
    assert "discord:" not in embed["description"]
    assert notice["mention_everyone"] is False


def access_in(channel_type: discord.ChannelType, bits: int) -> PostAccess:
    """`post_access` for an interaction in a channel of `channel_type` (only the two
    attributes it reads)."""
    interaction = SimpleNamespace(
        app_permissions=discord.Permissions(bits), channel=SimpleNamespace(type=channel_type)
    )
    return post_access(cast(discord.Interaction[Any], interaction))


def test_a_thread_needs_send_messages_in_threads_instead() -> None:
    thread = discord.ChannelType.public_thread
    in_thread = access_in(thread, CAN_POST)
    assert not in_thread.ok
    assert "lacks the Send Messages in Threads permission here" in in_thread.problem
    assert access_in(thread, VIEW_CHANNEL | EMBED_LINKS | SEND_IN_THREADS).ok
    assert not access_in(discord.ChannelType.text, VIEW_CHANNEL | EMBED_LINKS | SEND_IN_THREADS).ok
    nothing = access_in(discord.ChannelType.text, 0)
    assert "View Channel, Send Messages and Embed Links permissions" in nothing.problem


async def test_a_channel_the_bot_cannot_post_in_cannot_be_the_notices_channel(bot: Bot) -> None:
    option = group("channel", subcommand("set", notices=True))
    refused = await bot.command(
        "newsadmin", option, permissions=MANAGE_GUILD, app_permissions=VIEW_CHANNEL
    )
    data = refused.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert "lacks the Send Messages and Embed Links permissions" in data["content"]
    assert await bot.store.channel_settings(bot.channel_key) == {}
    assert await bot.store.audit() == []
    # Other settings do not need the bot to post here.
    capped = group("channel", subcommand("set", cap=3))
    await bot.command("newsadmin", capped, permissions=MANAGE_GUILD, app_permissions=VIEW_CHANNEL)
    assert (await bot.store.channel_settings(bot.channel_key))["max_posts_per_hour"] == 3
