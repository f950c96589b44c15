"""Slack in HTTP mode behind several processes: two bots (two `App`s with their own store
connection and Slack adapter, each serving on its own port, one database between them) stand
for two processes behind a load balancer. Whichever process a request lands on answers it,
including interactive requests about a message the other process posted or a Home tab the
other process published: nothing the HTTP mode needs is kept in one process's memory."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.adapters.slack import SlackAdapter
from tests.fakes.slack import FakeSlack
from tests.platform_harness import Feed, Item
from tests.slack.slack_support import FORM, eventually
from tests.slack.test_slack_e2e import ADMIN, CHANNEL, MEMBER, SUMMARY, Bot, open_bot
from tests.slack.test_slack_home import WHY_SHORTCUT, buttons, click, open_home, texts


@pytest.fixture
async def two(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[tuple[Bot, Bot]]:
    feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
    bots: list[Bot] = []
    try:
        for _ in range(2):
            app, clock = await open_bot(tmp_path, fake)  # the same news.db for both
            adapter = app.adapters["slack"]
            assert isinstance(adapter, SlackAdapter)
            await adapter.start(port=0)
            bots.append(Bot(fake, app, adapter, clock, feed))
        yield bots[0], bots[1]
    finally:
        for bot in bots:
            await bot.adapter.close()
            await bot.app.close()


async def test_either_process_answers_a_signed_slash_command(two: tuple[Bot, Bot]) -> None:
    first, second = two
    assert first.adapter.http_port != second.adapter.http_port
    answer = await second.slash("/news", "subscribe immigration")
    assert "now receives articles on immigration" in answer["text"]
    # The other process sees the subscription at once: it lives in the database.
    answer = await first.slash("/news", "subscriptions")
    assert "immigration" in json.dumps(answer)
    [sub] = await first.store.list_subscriptions(first.channel_key)
    assert sub.topic == "immigration"


async def test_an_action_on_a_post_is_handled_by_the_process_that_did_not_post_it(
    two: tuple[Bot, Bot],
) -> None:
    first, second = two
    await first.slash("/news", "subscribe immigration")
    first.feed.write([Item("a1", "Council doubles immigration legal aid")])
    summary = await first.app.run_once()  # the first process polls and posts
    assert summary.delivery.sent == 1
    [message] = second.fake.posted(CHANNEL)

    before = len(second.fake.responses)
    payload = second.fake.message_shortcut(MEMBER, CHANNEL, message, callback_id=WHY_SHORTCUT)
    status, _ = await second.post_http(urlencode({"payload": json.dumps(payload)}), FORM)
    assert status == 200
    await eventually(lambda: len(second.fake.responses) > before)
    answer = second.fake.responses[-1]
    assert answer["response_type"] == "ephemeral"
    assert "Council doubles immigration legal aid" in json.dumps(answer["blocks"])
    assert "no record of posting" not in answer["text"]


async def test_a_home_button_published_by_one_process_is_run_by_the_other(
    two: tuple[Bot, Bot],
) -> None:
    first, second = two
    second.fake.users[ADMIN] = {"is_admin": True}
    await first.slash("/news", "subscribe immigration")
    view = await open_home(first, ADMIN)  # the Home tab comes from the first process
    [unsubscribe] = buttons(view)
    after = await click(second, ADMIN, unsubscribe)  # the click lands on the second
    assert "no longer receives articles on immigration" in texts(after)[0]
    assert await first.store.list_subscriptions() == []
    assert sorted((e.actor, e.action) for e in await first.store.audit()) == [
        (f"slack:{ADMIN}", "unsubscribe"),
        (f"slack:{MEMBER}", "subscribe"),
    ]
