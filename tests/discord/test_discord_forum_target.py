"""Issue 20: no command can be typed in a Discord forum channel, so `/news subscribe|follow|
unsubscribe|unfollow` and `/newsadmin channel set|format|test` take a `channel:` option that
aims them at another channel, a forum included.

End to end against the fake Discord (127.0.0.1, port 0): interactions arrive over its Gateway
with the target resolved in the payload (the member's permissions THERE, as Discord computes
them), the bot's own permissions in the target come from discord.py's cache (the guild the
fake's GUILD_CREATE carried, overwrites included), the real pipeline polls a feed file and the
real outbox posts. Assertions are on what reached the fake and what was stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord_setup import build_discord_adapter
from bot.app import App
from bot.config import parse_config
from tests.fakes.discord import FAKE_TOKEN, FakeDiscord
from tests.platform_harness import Feed, Item, assemble, desk_config
from tests.support import FakeClock

MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ZWSP = "\u200b"
SUMMARY = "The council voted on Tuesday to double the immigration legal aid fund. More follows."

CONFIG = f"""
[database]
path = "news.db"
{desk_config()}
[posting]
backfill = 10

[adapters.console]
enabled = false

[adapters.discord]
enabled = true
"""


@dataclass
class Desk:
    app: App
    fake: FakeDiscord
    feed: Feed
    guild: int
    text: int  # where commands are typed
    forum: int  # tags Immigration and Transit; the bot may post
    locked: int  # a forum where the bot lacks Send Messages

    def key(self, channel: int) -> tuple[str, str, str]:
        return ("discord", str(self.guild), str(channel))

    async def command(
        self,
        name: str,
        path: list[str],
        *,
        permissions: int,
        there: int | None = None,
        **opts: Any,
    ) -> str:
        """`/name path… key:value…` typed in the text channel with `permissions` there; the
        member holds `there` in the `channel:` option's channel (default: the same)."""
        channels = [int(v) for k, v in opts.items() if k == "channel"]
        options: list[dict[str, Any]] = [
            {
                "name": k,
                "type": 7
                if k == "channel"
                else 5
                if isinstance(v, bool)
                else 4
                if isinstance(v, int)
                else 3,
                "value": str(v) if k == "channel" else v,
            }
            for k, v in opts.items()
        ]
        for part in reversed(path):
            options = [{"name": part, "type": 1 if part == path[-1] else 2, "options": options}]
        interaction = await self.fake.dispatch_command(
            name,
            guild_id=self.guild,
            channel_id=self.text,
            options=options,
            permissions=permissions,
            resolved_channels=channels,
            channel_permissions={c: permissions if there is None else there for c in channels},
        )
        await self.fake.wait_for(lambda: bool(interaction.callbacks))
        for callback in interaction.callbacks:  # a deferred command answers in a followup
            content = (callback.get("data") or {}).get("content")
            if content:
                return str(content).replace(ZWSP, "")
        await self.fake.wait_for(lambda: bool(interaction.followups))
        return str(interaction.followups[-1].get("content") or "").replace(ZWSP, "")


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    fake = FakeDiscord(bucket_window=0.2)
    await fake.start()
    fake.patch_discord()
    guild = fake.add_guild("Newsroom", channels=("general",))
    [text] = fake.channel_ids(guild)
    forum = fake.add_forum(guild, "news-forum", tags=("Immigration", "Transit"))
    locked = fake.add_forum(guild, "locked-forum", tags=("Immigration",))
    fake.grant_bot(guild, VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS)
    fake.deny_bot(guild, locked, SEND_MESSAGES)
    config = parse_config(CONFIG, base_dir=tmp_path)
    parts = await assemble(config, FakeClock())
    adapter, token = build_discord_adapter(
        config.adapters.discord,
        {"DISCORD_TOKEN": FAKE_TOKEN},
        commands=parts.commands,
        store=parts.store,
        guild_ready_timeout=0.01,
    )
    app = parts.app_with(adapter)
    feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
    try:
        await adapter.start(token)
        await adapter.wait_until_ready()
        yield Desk(app, fake, feed, guild, text, forum, locked)
    finally:
        await adapter.close()
        await app.close()
        await fake.close()


async def _nothing_stored(desk: Desk) -> None:
    assert await desk.app.store.list_subscriptions() == []
    assert await desk.app.store.audit() == []


async def test_subscribe_a_forum_from_a_text_channel_then_the_next_article_is_a_tagged_post(
    desk: Desk,
) -> None:
    # Manage Channels in the forum only: the target's permissions decide, not the text channel's.
    answer = await desk.command(
        "news",
        ["subscribe"],
        permissions=0,
        there=MANAGE_CHANNELS,
        topic="immigration",
        channel=desk.forum,
    )
    assert answer == f"<#{desk.forum}>: This channel now receives articles on immigration."
    [sub] = await desk.app.store.list_subscriptions()
    assert (sub.platform, sub.workspace, sub.channel, sub.topic) == (
        *desk.key(desk.forum),
        "immigration",
    )

    desk.feed.write([Item("a1", "Council doubles immigration aid")])
    await desk.app.run_once()

    [post] = desk.fake.threads.values()
    assert post["parent_id"] == str(desk.forum)
    assert post["name"] == "Council doubles immigration aid"
    assert desk.fake.tag_names(desk.forum, post["applied_tags"]) == ["Immigration"]
    assert desk.fake.posts(desk.text) == []  # nothing went to where the command was typed


async def test_refused_when_the_member_lacks_manage_channels_in_the_target(desk: Desk) -> None:
    answer = await desk.command(
        "news",
        ["subscribe"],
        permissions=MANAGE_CHANNELS,  # where typed, but not in the forum
        there=0,
        topic="immigration",
        channel=desk.forum,
    )
    assert answer == "This command needs the Manage Channels permission. Nothing was changed."
    await _nothing_stored(desk)


async def test_refused_naming_what_the_bot_lacks_in_the_target(desk: Desk) -> None:
    answer = await desk.command(
        "news",
        ["subscribe"],
        permissions=MANAGE_CHANNELS,
        topic="immigration",
        channel=desk.locked,
    )
    # discord.py's permissions_for drops Embed Links with Send Messages, as Discord does.
    assert answer == (
        f"<#{desk.locked}>: newsbot cannot post in this channel: it lacks the Send Messages and "
        "Embed Links permissions there. Give newsbot's role Send Messages and Embed Links in "
        "that channel's permissions, then try again. Nothing was changed."
    )
    await _nothing_stored(desk)


async def test_refused_when_the_cache_does_not_know_the_target(desk: Desk) -> None:
    unknown = desk.fake.add_forum(desk.guild, "made-after-connect")  # no CHANNEL_CREATE sent
    answer = await desk.command(
        "news", ["subscribe"], permissions=MANAGE_CHANNELS, topic="immigration", channel=unknown
    )
    assert "newsbot cannot post in this channel: Discord has not told newsbot" in answer
    assert answer.startswith(f"<#{unknown}>: ")
    await _nothing_stored(desk)


async def test_unsubscribe_a_forum_from_another_channel(desk: Desk) -> None:
    await desk.app.store.subscribe(desk.key(desk.forum), topic="transit", by="discord:1")
    answer = await desk.command(
        "news", ["unsubscribe"], permissions=MANAGE_CHANNELS, topic="transit", channel=desk.forum
    )
    assert answer == f"<#{desk.forum}>: This channel no longer receives articles on transit."
    assert await desk.app.store.list_subscriptions() == []


async def test_channel_set_format_and_test_on_a_forum_from_another_channel(desk: Desk) -> None:
    forum = desk.key(desk.forum)
    await desk.app.store.subscribe(forum, topic="immigration", by="discord:1")
    desk.feed.write([Item("a1", "Council doubles immigration aid")])
    await desk.app.run_once()
    assert len(desk.fake.threads) == 1

    member = await desk.command(
        "newsadmin", ["channel", "set"], permissions=0, cap=5, channel=desk.forum
    )
    assert member.startswith("This command needs the Manage Server permission"), member
    assert await desk.app.store.channel_settings(forum) == {}

    answer = await desk.command(
        "newsadmin", ["channel", "set"], permissions=MANAGE_GUILD, cap=5, channel=desk.forum
    )
    assert answer.startswith(f"<#{desk.forum}>: Channel settings: "), answer
    answer = await desk.command(
        "newsadmin",
        ["channel", "format"],
        permissions=MANAGE_GUILD,
        style="headline",
        channel=desk.forum,
    )
    assert answer.startswith(f"<#{desk.forum}>: "), answer
    settings = await desk.app.store.channel_settings(forum)
    assert (settings["max_posts_per_hour"], settings["format"]) == (5, "headline")
    assert await desk.app.store.channel_settings(desk.key(desk.text)) == {}

    answer = await desk.command(
        "newsadmin", ["channel", "test"], permissions=MANAGE_GUILD, channel=desk.forum
    )
    assert answer.startswith(f"<#{desk.forum}>: A test post of"), answer
    await desk.app.run_once()
    await desk.fake.wait_for(lambda: len(desk.fake.threads) == 2)
    test_post = list(desk.fake.threads.values())[1]
    assert test_post["parent_id"] == str(desk.forum)
    [starter] = desk.fake.sent(int(test_post["id"]))
    assert "TEST" in str(starter)
    assert desk.fake.posts(desk.text) == []


async def test_channel_test_refused_where_the_bot_cannot_post(desk: Desk) -> None:
    answer = await desk.command(
        "newsadmin", ["channel", "test"], permissions=MANAGE_GUILD, channel=desk.locked
    )
    assert "lacks the Send Messages and Embed Links permissions there" in answer, answer
    assert await desk.app.store.audit() == []


async def test_follow_into_a_forum_checks_the_target_before_fetching_anything(
    desk: Desk,
) -> None:
    url = "https://desk.example/feed.xml"  # never fetched: both are refused first
    member = await desk.command(
        "news", ["follow"], permissions=MANAGE_CHANNELS, there=0, url=url, channel=desk.forum
    )
    assert member == "This command needs the Manage Channels permission. Nothing was changed."
    locked = await desk.command(
        "news", ["follow"], permissions=MANAGE_CHANNELS, url=url, channel=desk.locked
    )
    assert locked.startswith(f"<#{desk.locked}>: newsbot cannot post in this channel: "), locked
    await _nothing_stored(desk)
    assert [s.name for s in await desk.app.store.list_sources()] == ["City Desk"]


async def test_unfollow_a_forum_from_another_channel(desk: Desk) -> None:
    await desk.app.store.subscribe(desk.key(desk.forum), source="City Desk", by="discord:1")
    refused = await desk.command(
        "news",
        ["unfollow"],
        permissions=MANAGE_CHANNELS,
        there=0,
        source="City Desk",
        channel=desk.forum,
    )
    assert refused.startswith("This command needs the Manage Channels permission"), refused
    assert len(await desk.app.store.list_subscriptions()) == 1

    answer = await desk.command(
        "news", ["unfollow"], permissions=MANAGE_CHANNELS, source="City Desk", channel=desk.forum
    )
    assert answer.startswith(f"<#{desk.forum}>: "), answer
    assert await desk.app.store.list_subscriptions() == []
