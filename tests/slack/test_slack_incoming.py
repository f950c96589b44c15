"""Commands and reactions coming in: HTTP mode (signed requests) and Socket Mode (fake WS)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.events import ReactionEvent
from bot.adapters.slack import ADMIN_REFUSAL, CommandReply, SlackAdapter
from bot.delivery.ports import ChannelRef, PermanentError, Post
from tests.fakes.slack import FakeSlack
from tests.slack.slack_support import (
    FORM,
    JSON,
    SIGNING_SECRET,
    STALE,
    Recorder,
    eventually,
    settle,
    signed_headers,
)


@pytest.fixture
async def http_adapter(make_adapter: Callable[..., SlackAdapter]) -> SlackAdapter:
    adapter = make_adapter(mode="http", app_token=None, signing_secret=SIGNING_SECRET)
    await adapter.start(port=0)
    return adapter


async def post(adapter: SlackAdapter, body: str, headers: dict[str, str]) -> tuple[int, str]:
    url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=headers) as resp,
    ):
        return resp.status, await resp.text()


# -- HTTP mode -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "expected"),
    [("good", 200), ("wrong secret", 401), ("stale", 401), ("unsigned", 401)],
)
async def test_http_slash_command_signature(
    fake: FakeSlack,
    recorder: Recorder,
    http_adapter: SlackAdapter,
    how: str,
    expected: int,
) -> None:
    body = urlencode(fake.slash_command("/news", "latest", user_id="U7"))
    if how == "good":
        headers = signed_headers(body, content_type=FORM)
    elif how == "wrong secret":
        headers = signed_headers(body, secret="not-the-secret", content_type=FORM)
    elif how == "stale":
        headers = signed_headers(body, age=STALE, content_type=FORM)
    else:
        headers = {"Content-Type": FORM}

    status, _ = await post(http_adapter, body, headers)
    assert status == expected
    if expected == 200:
        await eventually(lambda: len(fake.responses) == 1)
        [(name, request)] = recorder.commands
        assert (name, request.user_id, request.team_id, request.channel_id, request.text) == (
            "news",
            "U7",
            fake.team_id,
            "C1",
            "latest",
        )
        assert fake.responses[0]["text"] == "ok"
        assert fake.responses[0]["response_type"] == "ephemeral"
    else:
        await settle()
        assert recorder.commands == []
        assert fake.responses == []
        assert fake.calls == []  # refused before any handler (and before auth.test)


@pytest.mark.parametrize(
    ("how", "expected"), [("good", 200), ("wrong secret", 401), ("stale", 401)]
)
async def test_http_reaction_event_signature(
    fake: FakeSlack,
    recorder: Recorder,
    http_adapter: SlackAdapter,
    how: str,
    expected: int,
) -> None:
    body = json.dumps(fake.reaction_event(ts="1700000001.000001", emoji="+1::skin-tone-2"))
    secret = "not-the-secret" if how == "wrong secret" else SIGNING_SECRET
    age = STALE if how == "stale" else 0.0
    status, _ = await post(
        http_adapter, body, signed_headers(body, secret=secret, age=age, content_type=JSON)
    )
    assert status == expected
    if expected == 200:
        await eventually(lambda: len(recorder.reactions) == 1)
        assert recorder.reactions == [
            ReactionEvent(
                platform="slack",
                workspace=fake.team_id,
                channel="C1",
                message_id="1700000001.000001",
                user_id="U1",
                emoji="👍",
                added=True,
            )
        ]
    else:
        await settle()
        assert recorder.reactions == []


async def test_http_reaction_removed_and_foreign_messages(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter
) -> None:
    removed = json.dumps(fake.reaction_event(added=False, emoji="custom_party"))
    foreign = json.dumps(fake.reaction_event(item_user="USOMEONE"))
    for body in (foreign, removed):
        status, _ = await post(http_adapter, body, signed_headers(body, content_type=JSON))
        assert status == 200
    await eventually(lambda: len(recorder.reactions) == 1)
    await settle()
    [event] = recorder.reactions
    assert (event.added, event.emoji) == (False, "custom_party")


async def test_redelivered_event_is_reported_once(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter
) -> None:
    body = json.dumps(fake.reaction_event())
    for retry in ("", "1"):
        headers = signed_headers(body, content_type=JSON)
        if retry:
            headers |= {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"}
        status, _ = await post(http_adapter, body, headers)
        assert status == 200
    await eventually(lambda: len(recorder.reactions) == 1)
    await settle()
    assert len(recorder.reactions) == 1


async def test_secrets_never_reach_the_logs(
    fake: FakeSlack,
    recorder: Recorder,
    http_adapter: SlackAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    body = urlencode(fake.slash_command("/news", "latest"))
    await post(http_adapter, body, signed_headers(body, content_type=FORM))
    await post(http_adapter, body, signed_headers(body, secret="wrong", content_type=FORM))
    await eventually(lambda: len(fake.responses) == 1)
    fake.channel_errors["C9"] = "not_in_channel"
    with pytest.raises(PermanentError):
        await http_adapter.send(
            ChannelRef("slack", fake.team_id, "C9"), Post(kind="article", title="t"), "k"
        )
    assert caplog.records  # debug logging was on
    for secret in (fake.bot_token, SIGNING_SECRET):
        assert secret not in caplog.text


async def test_http_url_verification_needs_signature(http_adapter: SlackAdapter) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc", "token": "x"})
    status, text = await post(http_adapter, body, signed_headers(body, content_type=JSON))
    assert (status, json.loads(text)) == (200, {"challenge": "abc"})
    status, _ = await post(
        http_adapter, body, signed_headers(body, secret="nope", content_type=JSON)
    )
    assert status == 401


# -- /newsadmin --------------------------------------------------------------------------------


async def test_newsadmin_refuses_non_admin(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter
) -> None:
    fake.users["U7"] = {"is_admin": False, "is_owner": False}
    body = urlencode(fake.slash_command("/newsadmin", "source add https://x.example", user_id="U7"))
    status, text = await post(http_adapter, body, signed_headers(body, content_type=FORM))
    assert status == 200
    assert json.loads(text) == {"text": ADMIN_REFUSAL, "response_type": "ephemeral"}
    await settle()
    assert recorder.commands == []
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U7"]


@pytest.mark.parametrize("flag", ["is_admin", "is_owner"])
async def test_newsadmin_lets_workspace_admins_through(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter, flag: str
) -> None:
    fake.users["UADM"] = {flag: True}
    body = urlencode(fake.slash_command("/newsadmin", "topic list", user_id="UADM"))
    status, _ = await post(http_adapter, body, signed_headers(body, content_type=FORM))
    assert status == 200
    await eventually(lambda: len(fake.responses) == 1)
    [(name, request)] = recorder.commands
    assert (name, request.is_admin, request.text) == ("newsadmin", True, "topic list")


async def test_newsadmin_config_admin_needs_no_lookup(
    fake: FakeSlack, recorder: Recorder, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter(
        mode="http", app_token=None, signing_secret=SIGNING_SECRET, extra_admin_ids=["UCFG"]
    )
    await adapter.start(port=0)
    body = urlencode(fake.slash_command("/newsadmin", "channel set digest 6h", user_id="UCFG"))
    status, _ = await post(adapter, body, signed_headers(body, content_type=FORM))
    assert status == 200
    await eventually(lambda: len(recorder.commands) == 1)
    assert fake.calls_to("users.info") == []


async def test_newsadmin_unknown_user_is_refused(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter
) -> None:
    body = urlencode(fake.slash_command("/newsadmin", "topic list", user_id="UGHOST"))
    status, text = await post(http_adapter, body, signed_headers(body, content_type=FORM))
    assert status == 200 and ADMIN_REFUSAL in text
    await settle()
    assert recorder.commands == []


async def test_command_reply_is_escaped_and_can_be_public(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter
) -> None:
    recorder.reply = CommandReply(text="Top story: <!channel> & co", ephemeral=False)
    body = urlencode(fake.slash_command("/news", "top"))
    await post(http_adapter, body, signed_headers(body, content_type=FORM))
    await eventually(lambda: len(fake.responses) == 1)
    assert fake.responses[0]["text"] == "Top story: &lt;!channel&gt; &amp; co"
    assert fake.responses[0]["response_type"] == "in_channel"


async def test_failing_command_handler_answers_politely(
    fake: FakeSlack, recorder: Recorder, http_adapter: SlackAdapter
) -> None:
    async def broken(name: str, request: Any) -> CommandReply:
        raise RuntimeError("boom")

    http_adapter.on_command = broken
    body = urlencode(fake.slash_command("/news", "latest"))
    status, _ = await post(http_adapter, body, signed_headers(body, content_type=FORM))
    assert status == 200
    await eventually(lambda: len(fake.responses) == 1)
    assert "went wrong" in fake.responses[0]["text"]


# -- Socket Mode ---------------------------------------------------------------------------------


async def test_socket_mode_slash_command_and_event(
    fake: FakeSlack,
    recorder: Recorder,
    make_adapter: Callable[..., SlackAdapter],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    adapter = make_adapter()
    async with asyncio.timeout(5):
        await adapter.start()
        await fake.wait_connected()
    [opened] = fake.calls_to("apps.connections.open")
    assert opened.token == fake.app_token

    env = await fake.push_envelope(
        "slash_commands",
        fake.slash_command("/news", "search housing", user_id="U9"),
        accepts_response_payload=True,
    )
    async with asyncio.timeout(5):
        ack = await fake.wait_ack(env)
    assert ack.payload is None  # a plain, immediate ack
    await eventually(lambda: len(fake.responses) == 1)
    [(name, request)] = recorder.commands
    assert (name, request.user_id, request.text) == ("news", "U9", "search housing")

    env = await fake.push_envelope("events_api", fake.reaction_event(emoji="fire", ts="5.5"))
    async with asyncio.timeout(5):
        await fake.wait_ack(env)
    await eventually(lambda: len(recorder.reactions) == 1)
    assert (recorder.reactions[0].emoji, recorder.reactions[0].message_id) == ("🔥", "5.5")
    assert fake.app_token not in caplog.text and fake.bot_token not in caplog.text


async def test_socket_mode_newsadmin_refusal_in_ack(
    fake: FakeSlack, recorder: Recorder, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    async with asyncio.timeout(5):
        await adapter.start()
        await fake.wait_connected()
    env = await fake.push_envelope(
        "slash_commands",
        fake.slash_command("/newsadmin", "source remove x", user_id="U5"),
        accepts_response_payload=True,
    )
    async with asyncio.timeout(5):
        ack = await fake.wait_ack(env)
    assert ack.payload == {"text": ADMIN_REFUSAL, "response_type": "ephemeral"}
    await settle()
    assert recorder.commands == []


def test_modes_need_their_credentials() -> None:
    with pytest.raises(ValueError, match="app-level token"):
        SlackAdapter(bot_token="xoxb-test")
    with pytest.raises(ValueError, match="signing secret"):
        SlackAdapter(bot_token="xoxb-test", mode="http")
