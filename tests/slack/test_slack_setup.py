"""`build_slack_adapter`: config + environment → a wired adapter; and the command glue
(`caller_for`, `command_handler`) as the shared handlers see it."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.slack import (
    CommandReply,
    SlackAdapter,
    SlackCommandRequest,
    caller_for,
    command_handler,
)
from bot.adapters.slack_render import MAX_BLOCKS
from bot.adapters.slack_setup import build_slack_adapter
from bot.commands import Caller, Commands, Reply
from bot.config import parse_config
from bot.config.models import SlackConfig
from bot.store import Store, open_store
from tests.fakes.slack import FakeSlack
from tests.slack.slack_support import FORM, SIGNING_SECRET, eventually, settle, signed_headers

T0 = 1_790_000_000.0
CONFIG = """
[[topics]]
name = "immigration"
keywords = ["immigration"]
"""
ENV = {
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_APP_TOKEN": "xapp-test",
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
}


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await open_store(tmp_path / "n.db", clock=lambda: T0)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
def commands(store: Store) -> Commands:
    return Commands(store, parse_config(CONFIG), clock=lambda: T0)


async def start_http(adapter: SlackAdapter) -> SlackAdapter:
    await adapter.start(port=0)
    return adapter


async def send_command(
    adapter: SlackAdapter, fake: FakeSlack, text: str, user: str, command: str = "/news"
) -> str:
    """A signed slash command to the adapter's endpoint; the ack's body."""
    body = urlencode(fake.slash_command(command, text, user_id=user))
    url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=signed_headers(body, content_type=FORM)) as r,
    ):
        assert r.status == 200
        return await r.text()


# -- the builder -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "missing"),
    [
        ("socket", "SLACK_BOT_TOKEN"),
        ("socket", "SLACK_APP_TOKEN"),
        ("http", "SLACK_BOT_TOKEN"),
        ("http", "SLACK_SIGNING_SECRET"),
    ],
)
def test_a_missing_variable_is_named(
    mode: str, missing: str, commands: Commands, store: Store
) -> None:
    env = {k: v for k, v in ENV.items() if k != missing}
    config = SlackConfig(enabled=True, mode=mode)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=missing) as info:
        build_slack_adapter(config, env, commands=commands, store=store)
    for value in ENV.values():
        assert value not in str(info.value)


def test_variable_names_come_from_the_config(commands: Commands, store: Store) -> None:
    config = SlackConfig(enabled=True, bot_token_env="NEWS_BOT", app_token_env="NEWS_APP")
    adapter = build_slack_adapter(
        config, {"NEWS_BOT": "xoxb-test", "NEWS_APP": "xapp-test"}, commands=commands, store=store
    )
    assert adapter.mode == "socket"
    with pytest.raises(ValueError, match="NEWS_APP"):
        build_slack_adapter(config, {"NEWS_BOT": "xoxb-test"}, commands=commands, store=store)


def test_swapped_tokens_are_caught_without_showing_them(commands: Commands, store: Store) -> None:
    swapped = {"SLACK_BOT_TOKEN": "xapp-test", "SLACK_APP_TOKEN": "xoxb-test"}
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN should hold") as info:
        build_slack_adapter(SlackConfig(enabled=True), swapped, commands=commands, store=store)
    assert "xapp-test" not in str(info.value)


def test_settings_reach_the_adapter(commands: Commands, store: Store) -> None:
    config = SlackConfig(
        enabled=True,
        mode="http",
        http_port=3456,
        unfurl_links=True,
        admin_user_ids=("UBOSS",),
    )
    adapter = build_slack_adapter(config, ENV, commands=commands, store=store)
    assert (adapter.mode, adapter.port, adapter.unfurl) == ("http", 3456, True)
    assert adapter.extra_admin_ids == frozenset({"UBOSS"})
    assert adapter.on_command is not None and adapter.on_reaction is not None


async def test_config_listed_admin_runs_newsadmin(
    fake: FakeSlack, commands: Commands, store: Store
) -> None:
    config = SlackConfig(enabled=True, mode="http", admin_user_ids=("UBOSS",))
    adapter = build_slack_adapter(
        config, ENV, commands=commands, store=store, base_url=fake.base_url
    )
    try:
        await start_http(adapter)
        await send_command(
            adapter, fake, "channel set quiet_hours=22:00-07:00", "UBOSS", "/newsadmin"
        )
        await eventually(lambda: len(fake.responses) == 1)
        assert fake.calls_to("users.info") == []
        settings = await store.channel_settings(("slack", fake.team_id, "C1"))
        assert settings["quiet_hours"] == "22:00-07:00"
    finally:
        await adapter.close()


# -- the caller --------------------------------------------------------------------------------


async def _noop(**_: object) -> None:
    return None


def test_caller_for_maps_the_request() -> None:
    request = SlackCommandRequest(
        command="news",
        user_id="U1",
        team_id="T1",
        channel_id="C9",
        text="latest",
        respond=_noop,
        is_admin=False,
        can_manage_channel=True,
    )
    assert caller_for(request) == Caller("slack", "T1", "C9", "U1", True, False)
    assert caller_for(request).channel_key == ("slack", "T1", "C9")


# -- acknowledging in time ---------------------------------------------------------------------


async def test_slow_preview_is_acked_at_once_and_answered_later(
    fake: FakeSlack, store: Store
) -> None:
    release = asyncio.Event()

    async def slow_preview(url: str) -> Reply:
        await release.wait()
        return Reply(f"Would post: {url}")

    commands = Commands(store, parse_config(CONFIG), clock=lambda: T0, preview=slow_preview)
    config = SlackConfig(enabled=True, mode="http")
    adapter = build_slack_adapter(
        config, ENV, commands=commands, store=store, base_url=fake.base_url
    )
    try:
        await start_http(adapter)
        async with asyncio.timeout(1):  # well inside Slack's 3 s, while preview still waits
            ack = await send_command(adapter, fake, "preview https://news.example/a", "U1")
        assert ack == ""
        await settle()
        assert fake.responses == []
        release.set()
        await eventually(lambda: len(fake.responses) == 1)
        assert fake.responses[0]["text"] == "Would post: https://news.example/a"
    finally:
        await adapter.close()


# -- who may subscribe -------------------------------------------------------------------------


async def test_restricted_subscriptions_need_a_workspace_admin(
    fake: FakeSlack, commands: Commands, store: Store
) -> None:
    adapter = SlackAdapter(
        bot_token=fake.bot_token,
        signing_secret=SIGNING_SECRET,
        mode="http",
        base_url=fake.base_url,
        on_command=command_handler(commands),
        members_manage_subscriptions=False,
    )
    fake.users["UMEMBER"] = {}
    fake.users["UADMIN"] = {"is_admin": True}
    try:
        await start_http(adapter)
        await send_command(adapter, fake, "subscribe immigration", "UMEMBER")
        await eventually(lambda: len(fake.responses) == 1)
        assert fake.responses[0]["text"].endswith("Nothing was changed.")
        assert await store.list_subscriptions() == []

        await send_command(adapter, fake, "subscribe immigration", "UADMIN")
        await eventually(lambda: len(fake.responses) == 2)
        [sub] = await store.list_subscriptions()
        assert sub.created_by == "slack:UADMIN"

        await send_command(adapter, fake, "latest", "UMEMBER")  # no lookup for reading
        await eventually(lambda: len(fake.responses) == 3)
        assert [c.args["user"] for c in fake.calls_to("users.info")] == ["UMEMBER", "UADMIN"]
    finally:
        await adapter.close()


# -- an answer Slack refuses -------------------------------------------------------------------


async def test_a_refused_answer_is_logged(
    fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    too_many = tuple({"type": "divider"} for _ in range(MAX_BLOCKS + 1))

    async def handler(name: str, request: SlackCommandRequest) -> CommandReply:
        return CommandReply(text="x", blocks=too_many)

    adapter = SlackAdapter(
        bot_token=fake.bot_token,
        signing_secret=SIGNING_SECRET,
        mode="http",
        base_url=fake.base_url,
        on_command=handler,
    )
    try:
        await start_http(adapter)
        with caplog.at_level(logging.WARNING, logger="bot.adapters.slack"):
            await send_command(adapter, fake, "latest", "U1")
            await eventually(lambda: len(fake.rejected_responses) == 1)
            await eventually(lambda: "refused the answer" in caplog.text)
        assert fake.rejected_responses[0]["error"] == "invalid_blocks"
        assert json.dumps(fake.responses) == "[]"
    finally:
        await adapter.close()
