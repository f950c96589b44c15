"""End to end through Discord for threads and alerts: `/newsadmin channel set threads:true`
(admins only) starts a discussion thread on each post, and `/news alert …` sends a member a DM
when a matching article is posted in the server."""

from __future__ import annotations

from tests.discord.test_discord_e2e import (
    EPHEMERAL,
    MANAGE_CHANNELS,
    MANAGE_GUILD,
    Bot,
    bot,
    group,
    publish,
    subcommand,
    subscribe,
)
from tests.platform_harness import Item

__all__ = ["bot"]  # the fixture, shared with the main end-to-end suite


async def test_with_threads_each_post_gets_a_discussion_thread(bot: Bot) -> None:
    # A member (Manage Channels, not Manage Server) is refused, and nothing changes.
    option = group("channel", subcommand("set", threads=True))
    refused = await bot.command("newsadmin", option, permissions=MANAGE_CHANNELS)
    data = refused.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"]
    assert await bot.store.channel_settings(bot.channel_key) == {}
    assert await bot.store.audit() == []

    changed = await bot.command(
        "newsadmin", group("channel", subcommand("set", threads=True)), permissions=MANAGE_GUILD
    )
    assert "threads=True" in changed.callbacks[0]["data"]["content"]
    assert (await bot.store.channel_settings(bot.channel_key))["threads"] is True
    [entry] = await bot.store.audit()
    assert (entry.action, entry.after["threads"]) == ("channel set", True)
    await subscribe(bot)
    [post] = await publish(bot, [Item("a1", "Council doubles immigration legal aid fund")])
    thread = bot.fake.threads[int(post["id"])]
    assert (thread["parent_id"], thread["name"]) == (
        str(bot.guild.channel),
        "Council doubles immigration legal aid fund",
    )


async def test_alert_add_list_remove_and_the_dm(bot: Bot) -> None:
    added = await bot.command("news", group("alert", subcommand("add", words="legal aid")))
    data = added.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL and "Alert set" in data["content"]
    person = added.user_id
    listed = await bot.command("news", group("alert", subcommand("list")), user_id=person)
    assert "legal aid" in str(listed.callbacks[0]["data"])
    await subscribe(bot)
    await publish(
        bot,
        [
            Item("a1", "Council doubles immigration legal aid fund"),
            Item("a2", "Immigration office moves", summary="Nothing about money."),
        ],
    )
    [dm] = bot.fake.dm_messages(person)
    assert "Council doubles immigration legal aid fund" in dm["embeds"][0]["title"]
    assert dm["mention_everyone"] is False and dm["mentions"] == []

    removed = await bot.command(
        "news", group("alert", subcommand("remove", words="Legal  Aid")), user_id=person
    )
    assert "Removed" in removed.callbacks[0]["data"]["content"]
    assert await bot.store.list_alerts("discord", str(bot.guild.id), str(person)) == []
