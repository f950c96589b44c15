"""The platform-neutral half of "where failures go": the `notices` key in config.toml and in
`/newsadmin channel set`, and subscribe refused where the adapter says the bot cannot post."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import sync_config
from bot.commands import Caller, CommandError, Commands, PostAccess, parse_command
from bot.config import ConfigError, parse_config
from bot.store import Store, open_store
from tests.platform_harness import desk_config

NOW = 1_800_000_000.0
CHANNELS = """
[[channels]]
platform = "slack"
workspace = "T1"
id = "COPS"
notices = true

[[channels]]
platform = "slack"
workspace = "T1"
id = "CNEWS"
topics = ["transit"]
"""
ADMIN = Caller("slack", "T1", "C1", "U3", can_manage_channel=True, is_admin=True)
MOD = Caller("slack", "T1", "C1", "U2", can_manage_channel=True)


@pytest.fixture
async def store(db_target: str) -> AsyncIterator[Store]:
    s = await open_store(db_target, clock=lambda: NOW)
    yield s
    await s.close()


def test_notices_in_config_toml(tmp_path: Path) -> None:
    config = parse_config(desk_config() + CHANNELS, base_dir=tmp_path)
    assert [c.notices for c in config.channels] == [True, False]
    with pytest.raises(ConfigError, match="notices"):
        parse_config(desk_config() + CHANNELS.replace("true", '"sometimes"'), base_dir=tmp_path)


async def test_notices_from_config_toml_reach_the_store(store: Store, tmp_path: Path) -> None:
    await sync_config(store, parse_config(desk_config() + CHANNELS, base_dir=tmp_path))
    settings = await store.all_channel_settings()
    assert settings[("slack", "T1", "COPS")]["notices"] is True
    assert settings[("slack", "T1", "CNEWS")]["notices"] is False


def test_channel_set_notices_parses_both_spellings() -> None:
    for text, value in (("notices:true", True), ("notices=false", False), ("notices:on", True)):
        parsed = parse_command("newsadmin", f"channel set {text}")
        assert (parsed.handler, parsed.kwargs) == ("channel_set", {"notices": value})
    with pytest.raises(CommandError, match="true or false"):
        parse_command("newsadmin", "channel set notices:maybe")
    # A positional URL keeps its colon: only the command's own option names take `name:value`.
    added = parse_command("newsadmin", "source add Desk https://d.example/feed")
    assert added.kwargs == {"name": "Desk", "url": "https://d.example/feed"}


async def test_channel_set_notices_is_stored_and_audited(store: Store, tmp_path: Path) -> None:
    commands = Commands(store, parse_config(desk_config(), base_dir=tmp_path), clock=lambda: NOW)
    reply = await commands.run_text("newsadmin", ADMIN, "channel set notices:true")
    assert reply.ok and "go here" in reply.text
    assert await store.channel_settings(ADMIN.channel_key) == {"notices": True}
    [entry] = await store.audit()
    assert (entry.action, entry.before, entry.after) == ("channel set", {}, {"notices": True})


async def test_subscribe_refused_where_the_adapter_says_the_bot_cannot_post(
    store: Store, tmp_path: Path
) -> None:
    commands = Commands(store, parse_config(desk_config(), base_dir=tmp_path), clock=lambda: NOW)
    blocked = Caller(
        "slack",
        "T1",
        "C1",
        "U2",
        can_manage_channel=True,
        post_access=PostAccess.refused("newsbot is not a member of this channel."),
    )
    reply = await commands.call("subscribe", blocked, topic="transit")
    assert not reply.ok
    assert reply.text == (
        "newsbot cannot post in this channel: newsbot is not a member of this channel. "
        "Nothing was changed."
    )
    assert await store.list_subscriptions() == []
    # Not checked (the console, or Slack could not say): subscribing goes ahead as before.
    assert (await commands.call("subscribe", MOD, topic="transit")).ok
    assert len(await store.list_subscriptions()) == 1
