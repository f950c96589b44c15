"""Where failures go, through the fake Slack: `/news subscribe` refuses a channel the bot is not
a member of (conversations.info), and `/newsadmin channel set notices:true` makes the channel
the workspace's notices channel at once, where a refused channel is named by mention."""

from __future__ import annotations

import logging

import pytest

from tests.platform_harness import Item
from tests.slack.test_slack_e2e import ADMIN, CHANNEL, Bot, bot, shown_text

__all__ = ["bot"]  # the fixture, imported from the end-to-end tests


async def test_subscribe_is_refused_where_the_bot_is_not_a_member(bot: Bot) -> None:
    bot.fake.conversations[CHANNEL] = {"is_member": False}
    answer = await bot.slash("/news", "subscribe immigration")
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == (
        "newsbot cannot post in this channel: newsbot is not a member of this channel; invite "
        "it with `/invite @newsbot` in this channel, then subscribe again. Nothing was changed."
    )
    assert [c.args["channel"] for c in bot.fake.calls_to("conversations.info")] == [CHANNEL]
    assert await bot.store.list_subscriptions() == []
    assert await bot.store.audit() == []


async def test_subscribe_is_refused_in_a_private_channel_the_bot_was_not_invited_to(
    bot: Bot,
) -> None:
    bot.fake.conversations[CHANNEL] = {"is_member": False, "is_private": True}
    answer = await bot.slash("/news", "subscribe immigration")
    assert "not a member of this private channel" in answer["text"]
    assert "/invite @newsbot" in answer["text"]
    assert await bot.store.list_subscriptions() == []


async def test_subscribe_is_accepted_where_the_bot_is_a_member(bot: Bot) -> None:
    answer = await bot.slash("/news", "subscribe immigration")
    assert answer["response_type"] == "in_channel"
    assert "now receives articles on immigration" in answer["text"]
    assert len(bot.fake.calls_to("conversations.info")) == 1
    latest = await bot.slash("/news", "latest")  # only subscribe pays for the check
    assert latest["response_type"] == "ephemeral"
    assert len(bot.fake.calls_to("conversations.info")) == 1


async def test_channel_set_notices_takes_effect_at_once(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    answer = await bot.slash("/newsadmin", "channel set notices:true", user=ADMIN)
    assert "notices=True" in answer["text"]
    assert (await bot.store.channel_settings(bot.channel_key))["notices"] is True
    [entry] = await bot.store.audit()
    assert (entry.actor, entry.action) == (f"slack:{ADMIN}", "channel set")
    assert entry.after["notices"] is True

    team = bot.fake.team_id
    await bot.store.subscribe(("slack", team, "CREADONLY"), topic="immigration")
    await bot.store.subscribe(("slack", team, "CNEWS"), topic="immigration")
    bot.fake.channel_errors["CREADONLY"] = "not_in_channel"
    bot.feed.write([Item("s1", "Immigration office extends hours")])
    await bot.app.run_once()
    await bot.app.run_once()  # the notice queued by the refusal goes out

    [article] = bot.fake.posted("CNEWS")  # the article, and no notice
    assert "Immigration office extends hours" in article["blocks"][0]["text"]["text"]
    [notice] = bot.fake.posted(CHANNEL)
    text = shown_text(notice)
    assert "Posting to <#CREADONLY> failed: not_in_channel." in text
    assert f"slack:{team}" not in text


async def test_a_bad_notices_value_changes_nothing(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    answer = await bot.slash("/newsadmin", "channel set notices=maybe", user=ADMIN)
    assert answer["text"] == "notices must be true or false, not 'maybe'."
    assert await bot.store.channel_settings(bot.channel_key) == {}
    assert await bot.store.audit() == []


async def test_an_install_without_the_read_scopes_subscribes_unchecked(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.channel_errors[CHANNEL] = "missing_scope"  # conversations.info, before a reinstall
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack"):
        answer = await bot.slash("/news", "subscribe immigration")
    assert "now receives articles on immigration" in answer["text"]
    assert len(await bot.store.list_subscriptions()) == 1
    logged = f"cannot check access to channel {CHANNEL}: missing_scope"
    assert any(logged in m for m in caplog.messages)


async def test_a_channel_the_bot_is_not_in_cannot_be_the_notices_channel(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    bot.fake.conversations[CHANNEL] = {"is_member": False}
    answer = await bot.slash("/newsadmin", "channel set notices=true", user=ADMIN)
    assert answer["text"].startswith("newsbot cannot post in this channel: newsbot is not a member")
    assert await bot.store.channel_settings(bot.channel_key) == {}
    assert await bot.store.audit() == []
