"""`/news alert …` and the alert match, below the platforms: what is refused, what is kept."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.commands import Caller, Commands, parse_command
from bot.config import parse_config
from bot.delivery.alerts import matches
from bot.store import Store, open_store
from tests.platform_harness import desk_config

NOW = 1_800_000_000.0
MEMBER = Caller("slack", "T1", "C1", "U1")
IN_DM = Caller("slack", "T1", "D1", "U1", in_direct_message=True)


@pytest.fixture
async def commands(db_target: str) -> AsyncIterator[Commands]:
    store: Store = await open_store(db_target, clock=lambda: NOW)
    yield Commands(store, parse_config(desk_config()), clock=lambda: NOW)
    await store.close()


def test_a_phrase_matches_whole_words_in_any_case() -> None:
    assert matches("Light Rail", "the light  rail opens")
    assert matches("rail", "rail, bus")
    assert not matches("rail", "a mountain trail")
    assert not matches("light rail", "light railway")
    assert not matches("   ", "anything")


def test_alert_text_parses_action_and_the_rest_as_the_phrase() -> None:
    parsed = parse_command("news", "alert add light rail")
    assert (parsed.handler, parsed.kwargs) == ("alert", {"action": "add", "phrase": "light rail"})
    assert parse_command("news", "alert").kwargs == {}


async def test_alerts_are_refused_in_a_dm_and_bad_phrases_change_nothing(
    commands: Commands,
) -> None:
    refused = await commands.call("alert", IN_DM, action="add", phrase="rail")
    assert not refused.ok and "not in a direct message" in refused.text
    for bad in ("!!!", "x" * 101, ""):
        reply = await commands.call("alert", MEMBER, action="add", phrase=bad)
        assert not reply.ok
    assert (await commands.call("alert", MEMBER, action="frobnicate")).ok is False
    assert await commands.store.list_alerts("slack", "T1", "U1") == []
    assert await commands.store.audit() == []


async def test_alert_add_is_once_per_phrase_audited_and_removable(commands: Commands) -> None:
    assert (await commands.call("alert", MEMBER, action="add", phrase="Light  Rail")).ok
    again = await commands.call("alert", MEMBER, action="add", phrase="light rail")
    assert "already" in again.text
    listed = await commands.call("alert", MEMBER, action="list")
    assert [i.title for i in listed.items] == ["Light Rail"]
    assert listed.ephemeral
    other = Caller("slack", "T1", "C1", "U9")
    assert (await commands.call("alert", other, action="list")).items == ()
    assert (await commands.call("alert", MEMBER, action="remove", phrase="LIGHT RAIL")).ok
    missing = await commands.call("alert", MEMBER, action="remove", phrase="light rail")
    assert not missing.ok
    actions = [e.action for e in await commands.store.audit()]
    assert sorted(actions) == ["alert add", "alert remove"]
