"""End to end through Slack: slash commands in, the real pipeline and outbox, posts out.

Everything real except Slack itself: `build_slack_adapter` wires the adapter to the shared
command handlers and the reactions table, `App` runs the real pipeline on a feed file and the
real outbox, and the fake Slack (127.0.0.1, port 0) records what reached it. Commands arrive
as correctly signed HTTP requests to the adapter's Bolt endpoint (and, once, over Socket Mode).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.slack import ADMIN_REFUSAL, METADATA_EVENT_TYPE, SlackAdapter
from bot.adapters.slack_setup import build_slack_adapter
from bot.app import App
from bot.commands import Commands
from bot.config import parse_config
from tests.fakes.slack import FakeSlack
from tests.platform_harness import T0, Feed, Item, RunningBot, assemble, desk_config
from tests.slack.slack_support import (
    FORM,
    JSON,
    SIGNING_SECRET,
    eventually,
    eventually_async,
    settle,
    signed_headers,
)
from tests.support import FakeClock

PUBLISHED = datetime.fromtimestamp(T0 - 600, UTC).strftime("%Y-%m-%d %H:%M UTC")
SUMMARY = "The council voted on Tuesday. More details were published later."
CHANNEL = "C1"
MEMBER = "UMEMBER"
ADMIN = "UADMIN"

CONFIG = f"""
[database]
path = "news.db"
{desk_config()}
[adapters.console]
enabled = false

[adapters.slack]
enabled = true
mode = "{{mode}}"
"""


def env_for(fake: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_APP_TOKEN": fake.app_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }


@dataclass(slots=True)
class Bot(RunningBot[FakeSlack, SlackAdapter]):
    @property
    def channel_key(self) -> tuple[str, str, str]:
        return ("slack", self.fake.team_id, CHANNEL)

    async def post_http(self, body: str, content_type: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.adapter.http_port}/slack/events"
        headers = signed_headers(body, content_type=content_type)
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=body.encode(), headers=headers) as resp,
        ):
            return resp.status, await resp.text()

    async def slash(self, command: str, text: str, *, user: str = MEMBER) -> dict[str, Any]:
        """Send a signed slash command and return the answer that reached its response_url."""
        before = len(self.fake.responses)
        payload = self.fake.slash_command(command, text, user_id=user, channel_id=CHANNEL)
        status, ack = await self.post_http(urlencode(payload), FORM)
        assert (status, ack) == (200, "")  # acked at once, with an empty body
        await eventually(
            lambda: len(self.fake.responses) > before or bool(self.fake.rejected_responses)
        )
        assert self.fake.rejected_responses == []
        [answer] = self.fake.responses[before:]
        return answer

    async def react(
        self, ts: str, emoji: str = "fire", *, user: str = MEMBER, added: bool = True
    ) -> None:
        event = self.fake.reaction_event(
            channel=CHANNEL, ts=ts, emoji=emoji, user_id=user, added=added
        )
        status, _ = await self.post_http(json.dumps(event), JSON)
        assert status == 200


def shown_text(answer: dict[str, Any]) -> str:
    """All the mrkdwn a user sees in an answer's blocks."""
    parts: list[str] = []
    for block in answer["blocks"]:
        if block["type"] == "section":
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts.extend(e["text"] for e in block["elements"])
    return "\n".join(parts)


async def open_bot(tmp_path: Path, fake: FakeSlack, *, mode: str = "http") -> tuple[App, FakeClock]:
    """The bot as `newsbot run` assembles it, with the Slack adapter built from config + env."""
    config = parse_config(CONFIG.format(mode=mode), base_dir=tmp_path)
    clock = FakeClock()
    parts = await assemble(config, clock)
    adapter = build_slack_adapter(
        config.adapters.slack,
        env_for(fake),
        commands=parts.commands,
        store=parts.store,
        base_url=fake.base_url,
    )
    return parts.app_with(adapter), clock


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Bot]:
    feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
    app, clock = await open_bot(tmp_path, fake)
    adapter = app.adapters["slack"]
    assert isinstance(adapter, SlackAdapter)
    await adapter.start(port=0)
    try:
        yield Bot(fake, app, adapter, clock, feed)
    finally:
        await adapter.close()
        await app.close()


async def subscribe_and_post(bot: Bot, item: Item) -> dict[str, Any]:
    """`/news subscribe immigration`, then `item` arrives in the feed and is delivered; the
    one message the fake received."""
    answer = await bot.slash("/news", "subscribe immigration")
    assert answer["response_type"] == "in_channel"
    assert "now receives articles on immigration" in answer["text"]
    bot.feed.write([item])
    summary = await bot.app.run_once()
    assert (summary.new, summary.delivery.sent) == (1, 1)
    posts = bot.fake.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0].args["channel"] == CHANNEL
    [message] = bot.fake.posted(CHANNEL)
    return message


# -- the main path -----------------------------------------------------------------------------


async def test_subscribe_then_an_article_arrives_as_one_message(bot: Bot) -> None:
    message = await subscribe_and_post(
        bot, Item("a1", "Council doubles immigration legal aid fund")
    )

    [sub] = await bot.store.list_subscriptions(bot.channel_key)
    assert (sub.topic, sub.origin, sub.created_by) == ("immigration", "chat", f"slack:{MEMBER}")
    title, summary, footer = message["blocks"]
    assert title == {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": "*<https://desk.example/a1|Council doubles immigration legal aid fund>*",
        },
    }
    # The summary is the enricher's choice of sentences from the feed's description.
    assert summary["type"] == "section"
    assert summary["text"]["text"] and summary["text"]["text"] in SUMMARY
    assert footer == {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": "Source: City Desk"},
            {"type": "mrkdwn", "text": "Topics: immigration"},
            {"type": "mrkdwn", "text": PUBLISHED},
        ],
    }
    assert message["text"] == (
        "Council doubles immigration legal aid fund (City Desk)\nhttps://desk.example/a1"
    )
    assert message["metadata"]["event_type"] == METADATA_EVENT_TYPE
    assert message["unfurl_links"] is False  # the config's default

    # The next run has nothing new: nothing more reaches Slack.
    await bot.app.run_once()
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


async def test_hostile_feed_title_reaches_slack_escaped(bot: Bot) -> None:
    title = "<!channel> <@U123> immigration: <http://evil.example|your bank> & more"
    message = await subscribe_and_post(bot, Item("evil", title))

    sent = json.dumps(message["blocks"]) + message["text"]
    for raw in ("<!channel>", "<@U123>", "<http://evil.example"):
        assert raw not in sent
    assert message["blocks"][0]["text"]["text"] == (
        "*<https://desk.example/evil|&lt;!channel&gt; &lt;@U123&gt; immigration: "
        "&lt;http://evil.example∣your bank&gt; &amp; more>*"
    )
    assert message["text"].startswith(
        "&lt;!channel&gt; &lt;@U123&gt; immigration: &lt;http://evil.example|your bank&gt;"
    )


async def test_an_article_on_another_topic_is_not_posted(bot: Bot) -> None:
    await bot.slash("/news", "subscribe immigration")
    bot.feed.write([Item("t1", "Light rail extension opens")])
    summary = await bot.app.run_once()
    assert summary.new == 1
    assert bot.fake.calls_to("chat.postMessage") == []


# -- /newsadmin --------------------------------------------------------------------------------


async def test_non_admin_newsadmin_is_refused_and_nothing_changes(bot: Bot) -> None:
    bot.fake.users[MEMBER] = {"is_admin": False, "is_owner": False}
    payload = bot.fake.slash_command(
        "/newsadmin", "topic add housing keywords=rent", user_id=MEMBER, channel_id=CHANNEL
    )
    status, ack = await bot.post_http(urlencode(payload), FORM)
    assert status == 200
    assert json.loads(ack) == {"text": ADMIN_REFUSAL, "response_type": "ephemeral"}
    await settle()
    assert bot.fake.responses == []
    assert await bot.store.all_settings() == {}
    assert await bot.store.audit() == []
    names = [
        t.name for t in (await Commands(bot.store, bot.app.config, clock=bot.clock).config()).topics
    ]
    assert names == ["immigration", "transit"]


async def test_admin_channel_set_is_stored_and_audited(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    answer = await bot.slash("/newsadmin", "channel set max_posts_per_hour=3", user=ADMIN)
    assert answer["response_type"] == "in_channel"
    assert "max_posts_per_hour=3" in answer["text"]
    settings = await bot.store.channel_settings(bot.channel_key)
    assert settings["max_posts_per_hour"] == 3
    [entry] = await bot.store.audit()
    assert (entry.actor, entry.action) == (f"slack:{ADMIN}", "channel set")
    assert entry.after["max_posts_per_hour"] == 3


async def test_admin_topic_add_is_applied_without_restart(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_owner": True}
    answer = await bot.slash("/newsadmin", 'topic add housing keywords="rent, housing"', user=ADMIN)
    assert answer["text"] == "Added topic housing."
    [entry] = await bot.store.audit()
    assert (entry.actor, entry.action, entry.subject) == (
        f"slack:{ADMIN}",
        "topic add",
        "topic:housing",
    )
    await bot.slash("/news", "subscribe housing")
    bot.feed.write([Item("h1", "Rent rises again across the city")])
    summary = await bot.app.run_once()
    assert summary.delivery.sent == 1


async def test_newsadmin_help_lists_the_commands(bot: Bot) -> None:
    bot.fake.users[ADMIN] = {"is_admin": True}
    answer = await bot.slash("/newsadmin", "help", user=ADMIN)
    assert "/newsadmin topic add|edit" in shown_text(answer)
    assert "/newsadmin topic remove" in shown_text(answer)


# -- reactions ---------------------------------------------------------------------------------


async def test_a_reaction_on_the_post_ranks_it_in_top(bot: Bot) -> None:
    message = await subscribe_and_post(bot, Item("r1", "Asylum hearings move online"))
    ts = message["ts"]

    answer = await bot.slash("/news", "top")
    assert answer["text"] == "No reactions on posts this day yet."

    await bot.react(ts, "fire")
    await bot.react(ts, "+1", user="UOTHER")

    async def two_reactions() -> bool:
        top = await bot.store.top_posts(since=T0 - 60, limit=5)
        return bool(top) and top[0].reactions == 2

    await eventually_async(two_reactions)
    answer = await bot.slash("/news", "top")
    assert answer["text"] == "Top stories this day:"
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][1]["text"]["text"] == (
        "• *<https://desk.example/r1|Asylum hearings move online>* — 2 reactions"
    )

    await bot.react(ts, "fire", added=False)

    async def one_reaction() -> bool:
        top = await bot.store.top_posts(since=T0 - 60, limit=5)
        return bool(top) and top[0].reactions == 1

    await eventually_async(one_reaction)
    answer = await bot.slash("/news", "top week")
    assert answer["text"] == "Top stories this week:"
    assert answer["blocks"][1]["text"]["text"].endswith("— 1 reaction")


async def test_a_reaction_on_someone_elses_message_is_ignored(bot: Bot) -> None:
    ts = bot.fake.add_message(CHANNEL, "hello", user="U5")
    event = bot.fake.reaction_event(channel=CHANNEL, ts=ts, item_user="U5")
    status, _ = await bot.post_http(json.dumps(event), JSON)
    assert status == 200
    await settle()
    assert await bot.store.top_posts(since=0, limit=5) == []


# -- the read-only commands --------------------------------------------------------------------


async def test_latest_and_search_list_posted_articles_with_safe_links(bot: Bot) -> None:
    await subscribe_and_post(bot, Item("s1", "Asylum <b>court</b> & the <!here> backlog"))

    latest = await bot.slash("/news", "latest")
    assert latest["text"] == "Latest:"
    assert latest["response_type"] == "ephemeral"
    assert latest["blocks"][1]["text"]["text"] == (
        "• *<https://desk.example/s1|Asylum &lt;b&gt;court&lt;/b&gt; &amp; the "
        "&lt;!here&gt; backlog>* — City Desk"
    )

    found = await bot.slash("/news", "search backlog")
    assert found["text"] == "Articles matching 'backlog':"
    assert "https://desk.example/s1" in shown_text(found)

    nothing = await bot.slash("/news", "search <!channel> zebras")
    assert "<!channel>" not in json.dumps(nothing)
    assert "&lt;!channel&gt;" in shown_text(nothing)


async def test_help_unknown_subcommand_and_bad_argument(bot: Bot) -> None:
    help_answer = await bot.slash("/news", "help")
    text = shown_text(help_answer)
    assert help_answer["response_type"] == "ephemeral"
    assert "/news subscribe &lt;topic&gt;" in text
    assert "/newsadmin channel set" in text

    empty = await bot.slash("/news", "")
    assert shown_text(empty) == text

    unknown = await bot.slash("/news", "frobnicate")
    assert "Unknown subcommand 'frobnicate'" in unknown["text"]
    assert "`/news latest`" in shown_text(unknown)

    bad = await bot.slash("/news", "latest immigration lots")
    assert bad["text"] == "count must be a number, not 'lots'."

    no_topic = await bot.slash("/news", "subscribe nonsense")
    assert no_topic["text"].startswith("No topic named 'nonsense'.")
    assert await bot.store.list_subscriptions(bot.channel_key) == []

    topics = await bot.slash("/news", "topics")
    assert "• *immigration* — immigration, asylum" in shown_text(topics)


async def test_a_direct_message_cannot_be_subscribed(bot: Bot) -> None:
    payload = bot.fake.slash_command("/news", "subscribe immigration", channel_id="D123")
    await bot.post_http(urlencode(payload), FORM)
    await eventually(lambda: len(bot.fake.responses) == 1)
    assert bot.fake.responses[0]["text"].endswith("Nothing was changed.")
    assert await bot.store.list_subscriptions() == []


# -- Socket Mode -------------------------------------------------------------------------------


async def test_socket_mode_subscribe_then_post(tmp_path: Path, fake: FakeSlack) -> None:
    feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
    app, _ = await open_bot(tmp_path, fake, mode="socket")
    adapter = app.adapters["slack"]
    assert isinstance(adapter, SlackAdapter)
    try:
        async with asyncio.timeout(5):
            await adapter.start()
            await fake.wait_connected()
        envelope = await fake.push_envelope(
            "slash_commands",
            fake.slash_command("/news", "subscribe immigration", channel_id=CHANNEL),
            accepts_response_payload=True,
        )
        async with asyncio.timeout(5):
            await fake.wait_ack(envelope)
        await eventually(lambda: len(fake.responses) == 1)
        assert "now receives articles on immigration" in fake.responses[0]["text"]

        feed.write([Item("w1", "Immigration office extends hours")])
        summary = await app.run_once()
        assert summary.delivery.sent == 1
        [message] = fake.posted(CHANNEL)
        assert "Immigration office extends hours" in message["blocks"][0]["text"]["text"]
    finally:
        await adapter.close()
        await app.close()
