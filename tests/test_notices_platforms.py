"""One scenario on both platforms: #readonly refuses posts while #news takes them.

Through the real adapters and the real outbox against the fake Discord and the fake Slack
(`tests/fakes/`, 127.0.0.1 port 0), with the rows written by the shared harness: the notice
reaches the marked notices channel naming #readonly in the platform's mention syntax, or, with
no notices channel, only the log; #news gets its article and never the notice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bot.adapters.slack import SlackAdapter
from bot.delivery.ports import Adapter
from bot.store import Store
from tests.discord.helpers import connect
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import FakeSlack
from tests.platform_harness import add_article, outbox_for
from tests.support import FakeClock


@dataclass
class Platform:
    """A fake platform, the adapter talking to it, and what the scenario needs of both."""

    adapter: Adapter
    workspace: str
    ids: dict[str, str]  # news, readonly, ops → the platform's channel id
    refuse: Callable[[str], None]  # make a channel refuse the bot's posts
    shown: Callable[[str], list[str]]  # the text of each post the bot made in a channel
    mention: Callable[[str], str]  # how a notice names a channel

    def key(self, name: str) -> tuple[str, str, str]:
        return (self.adapter.platform, self.workspace, self.ids[name])


def _embed_text(message: dict[str, Any]) -> str:
    return "\n".join(f"{e.get('title', '')}\n{e.get('description', '')}" for e in message["embeds"])


def _blocks_text(message: dict[str, Any]) -> str:
    return "\n".join(b["text"]["text"] for b in message["blocks"] if b["type"] == "section")


@pytest.fixture(params=["discord", "slack"])
async def platform(request: pytest.FixtureRequest) -> AsyncIterator[Platform]:
    if request.param == "discord":
        fake = FakeDiscord(bucket_window=0.2)
        await fake.start()
        fake.patch_discord()
        guild = fake.add_guild("Newsroom", channels=("news", "readonly", "ops"))
        ids = dict(zip(("news", "readonly", "ops"), map(str, fake.channel_ids(guild)), strict=True))
        adapter = await connect(fake)
        try:
            yield Platform(
                adapter,
                str(guild),
                ids,
                lambda c: fake.deny_access(int(c)),
                lambda c: [_embed_text(m) for m in fake.posts(int(c))],
                lambda c: f"<#{c}>",
            )
        finally:
            await adapter.close()
            await fake.close()
        return
    async with FakeSlack() as slack:
        slack_adapter = SlackAdapter(
            bot_token=slack.bot_token, app_token=slack.app_token, base_url=slack.base_url
        )
        try:
            yield Platform(
                slack_adapter,
                slack.team_id,
                {"news": "CNEWS", "readonly": "CREADONLY", "ops": "COPS"},
                lambda c: slack.channel_errors.__setitem__(c, "not_in_channel"),
                lambda c: [_blocks_text(m) for m in slack.posted(c)],
                lambda c: f"<#{c}>",
            )
        finally:
            await slack_adapter.close()


async def refuse_readonly(p: Platform, store: Store, clock: FakeClock) -> None:
    """#news and #readonly follow the same topic; #readonly refuses the article."""
    for name in ("news", "readonly"):
        await store.subscribe(p.key(name), topic="world")
    p.refuse(p.ids["readonly"])
    await add_article(
        store, [p.key("news"), p.key("readonly")], "Council meets", summary="It met. Then more."
    )
    outbox = outbox_for(store, p.adapter, clock)
    await outbox.deliver_pending()
    await outbox.deliver_pending()  # a notice queued by the first pass goes out


async def test_the_notices_channel_gets_the_notice_by_mention(
    platform: Platform, store: Store, clock: FakeClock
) -> None:
    await store.set_channel_settings(platform.key("ops"), {"notices": True})
    await refuse_readonly(platform, store, clock)

    [article] = platform.shown(platform.ids["news"])
    assert "Council meets" in article
    [notice] = platform.shown(platform.ids["ops"])
    assert f"Posting to {platform.mention(platform.ids['readonly'])} failed" in notice
    assert f"{platform.adapter.platform}:{platform.workspace}" not in notice  # no raw ids


async def test_without_a_notices_channel_only_the_log_hears_of_it(
    platform: Platform, store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.delivery.notices"):
        await refuse_readonly(platform, store, clock)

    [article] = platform.shown(platform.ids["news"])  # the article, not the notice
    assert "Council meets" in article
    assert platform.shown(platform.ids["ops"]) == []
    [line] = [m for m in caplog.messages if "only in this log" in m]
    assert platform.ids["readonly"] in line
