"""End to end through Slack: the App Home tab (views.publish of the workspace's subscriptions,
buttons that run the shared commands with their permission checks and audit), the "Why was
this posted?" message shortcut, `/news alert …`, and `threads = true` replies."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from tests.platform_harness import Item
from tests.slack.slack_support import FORM, JSON, eventually
from tests.slack.test_slack_e2e import ADMIN, CHANNEL, MEMBER, Bot, bot, subscribe_and_post

__all__ = ["bot"]  # the fixture, shared with the main end-to-end suite

WHY_SHORTCUT = "newsbot_why"  # the callback id in slack/manifest.yml


async def open_home(bot: Bot, user: str) -> dict[str, Any]:
    published = len(bot.fake.calls_to("views.publish"))
    status, _ = await bot.post_http(json.dumps(bot.fake.app_home_opened(user)), JSON)
    assert status == 200
    await eventually(lambda: len(bot.fake.calls_to("views.publish")) > published)
    assert bot.fake.calls_to("views.publish")[-1].response["ok"] is True
    return bot.fake.views[user]


async def click(bot: Bot, user: str, button: dict[str, Any]) -> dict[str, Any]:
    """Click `button` in `user`'s Home tab; the tab as published again afterwards."""
    published = len(bot.fake.calls_to("views.publish"))
    body = urlencode({"payload": json.dumps(bot.fake.block_action(user, button))})
    status, _ = await bot.post_http(body, FORM)
    assert status == 200
    await eventually(lambda: len(bot.fake.calls_to("views.publish")) > published)
    return bot.fake.views[user]


def texts(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]


def buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b["accessory"] for b in view["blocks"] if "accessory" in b]


async def test_home_lists_the_workspaces_subscriptions_with_buttons(bot: Bot) -> None:
    await bot.store.subscribe(("slack", bot.fake.team_id, CHANNEL), topic="immigration", by="x")
    await bot.store.subscribe(("slack", bot.fake.team_id, "C2"), source="City Desk", by="x")
    await bot.store.subscribe(("slack", "TOTHER", "C9"), topic="transit", by="x")
    view = await open_home(bot, MEMBER)
    shown = "\n".join(texts(view))
    assert "*topic immigration* · <#C1> · active" in shown
    assert "*source City Desk* · <#C2> · active" in shown
    assert "transit" not in shown  # another workspace's
    labels = [b["text"]["text"] for b in buttons(view)]
    assert labels == ["Unsubscribe", "Mute source"]


async def test_a_member_is_refused_by_the_home_buttons_and_nothing_changes(bot: Bot) -> None:
    bot.fake.users[MEMBER] = {"is_admin": False}
    key = ("slack", bot.fake.team_id, CHANNEL)
    await bot.store.subscribe(key, topic="immigration", by="x")
    await bot.store.subscribe(("slack", bot.fake.team_id, "C2"), source="City Desk", by="x")
    view = await open_home(bot, MEMBER)
    unsubscribe, mute = buttons(view)
    after = await click(bot, MEMBER, unsubscribe)
    assert "needs permission" in texts(after)[0]
    after = await click(bot, MEMBER, mute)
    assert "for server admins" in texts(after)[0]
    assert len(await bot.store.list_subscriptions()) == 2
    assert not (await bot.store.get_source("City Desk")).paused
    assert await bot.store.audit() == []


async def test_an_admin_unsubscribes_and_mutes_from_home_audited(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    key = ("slack", bot.fake.team_id, CHANNEL)
    await bot.store.subscribe(key, topic="immigration", by="x")
    await bot.store.subscribe(("slack", bot.fake.team_id, "C2"), source="City Desk", by="x")
    unsubscribe, mute = buttons(await open_home(bot, ADMIN))
    after = await click(bot, ADMIN, unsubscribe)
    assert "no longer receives articles on immigration" in texts(after)[0]
    assert [s.source for s in await bot.store.list_subscriptions()] == ["City Desk"]
    after = await click(bot, ADMIN, mute)
    assert "Paused source City Desk" in texts(after)[0]
    assert (await bot.store.get_source("City Desk")).paused
    actions = [(e.actor, e.action) for e in await bot.store.audit()]
    assert sorted(actions) == [
        (f"slack:{ADMIN}", "source pause"),
        (f"slack:{ADMIN}", "unsubscribe"),
    ]


async def test_a_forged_button_value_runs_nothing(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    await bot.store.subscribe(("slack", bot.fake.team_id, CHANNEL), topic="immigration", by="x")
    forged = {
        "action_id": "newsbot_home_0",
        "text": {"type": "plain_text", "text": "x"},
        "value": json.dumps({"c": "newsadmin", "t": "source remove City Desk", "ch": CHANNEL}),
    }
    body = urlencode({"payload": json.dumps(bot.fake.block_action(ADMIN, forged))})
    status, _ = await bot.post_http(body, FORM)
    assert status == 200
    assert await bot.store.audit() == []
    assert bot.fake.calls_to("views.publish") == []


async def test_the_why_shortcut_answers_privately_for_that_post(bot: Bot) -> None:
    message = await subscribe_and_post(bot, Item("a1", "Council doubles immigration legal aid"))
    before = len(bot.fake.responses)
    payload = bot.fake.message_shortcut(MEMBER, CHANNEL, message, callback_id=WHY_SHORTCUT)
    status, _ = await bot.post_http(urlencode({"payload": json.dumps(payload)}), FORM)
    assert status == 200
    await eventually(lambda: len(bot.fake.responses) > before)
    answer = bot.fake.responses[-1]
    assert answer["response_type"] == "ephemeral"
    shown = json.dumps(answer["blocks"])
    assert "Council doubles immigration legal aid" in shown and "already posted" in shown

    someone = bot.fake.add_message(CHANNEL, "hello")
    other = bot.fake.message_shortcut(
        MEMBER, CHANNEL, {"ts": someone, "text": "hello"}, callback_id=WHY_SHORTCUT
    )
    await bot.post_http(urlencode({"payload": json.dumps(other)}), FORM)
    await eventually(lambda: len(bot.fake.responses) > before + 1)
    assert "no record of posting that message" in bot.fake.responses[-1]["text"]


async def test_alerts_from_a_channel_and_refused_in_a_dm(bot: Bot) -> None:
    answer = await bot.slash("/news", "alert add legal aid")
    assert "Alert set" in answer["text"] and answer["response_type"] == "ephemeral"
    payload = bot.fake.slash_command("/news", "alert add rail", user_id=MEMBER, channel_id="D1")
    before = len(bot.fake.responses)
    await bot.post_http(urlencode(payload), FORM)
    await eventually(lambda: len(bot.fake.responses) > before)
    assert "not in a direct message" in bot.fake.responses[-1]["text"]
    assert await bot.store.list_alerts("slack", bot.fake.team_id, MEMBER) == ["legal aid"]

    await bot.slash("/news", "subscribe immigration")
    bot.feed.write([Item("a1", "Council doubles immigration legal aid")])
    summary = await bot.app.run_once()
    assert summary.delivery.sent == 2  # the post, then the DM, in the same pass
    [dm] = bot.fake.dm(MEMBER)
    assert "Council doubles immigration legal aid" in dm["text"]
    assert bot.fake.calls_to("conversations.open")[0].args["users"] == MEMBER


async def test_threads_true_puts_same_story_sources_in_the_posts_thread(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    answer = await bot.slash("/newsadmin", "channel set threads:true", user=ADMIN)
    assert "threads=True" in answer["text"]
    message = await subscribe_and_post(bot, Item("a1", "Council doubles immigration legal aid"))
    # The same story from a second feed entry (same title and summary: the same story hash).
    bot.feed.write(
        [
            Item("a1", "Council doubles immigration legal aid"),
            Item("a2", "Council doubles immigration legal aid"),
        ]
    )
    await bot.app.run_once()
    assert len(bot.fake.posted(CHANNEL)) == 1
    [reply] = bot.fake.replies(CHANNEL, message["ts"])
    assert reply["thread_ts"] == message["ts"]
    assert bot.fake.edits and bot.fake.edits[-1]["ts"] == message["ts"]
