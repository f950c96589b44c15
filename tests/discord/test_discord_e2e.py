"""End to end through Discord: slash commands in, the real pipeline and outbox, embeds out.

Everything is real except Discord: `build_discord_adapter` builds the discord.py client with the
/news and /newsadmin cogs, which connects to the fake Discord (127.0.0.1, port 0), registers its
commands and receives interactions and reactions over the fake's Gateway. `App` polls a feed
file with the real pipeline and delivers with the real outbox; assertions are on what reached
the fake and what the store holds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord import DiscordAdapter
from bot.adapters.discord_setup import build_discord_adapter, read_token
from bot.adapters.events import ReactionEvent
from bot.app import App
from bot.commands import Caller, Commands, Reply
from bot.config import parse_config
from bot.config.models import DiscordConfig
from bot.store import open_store
from tests.discord.helpers import Guild
from tests.fakes.discord import FAKE_TOKEN, FakeDiscord, FakeInteraction, snowflake
from tests.platform_harness import T0, Feed, Item, RunningBot, assemble, desk_config
from tests.support import FakeClock

SUMMARY = "The council voted on Tuesday to double the immigration legal aid fund. More follows."
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
EPHEMERAL = 1 << 6
ZWSP = "\u200b"
POST_ROUTE = "POST /channels/{channel_id}/messages"

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


def subcommand(name: str, /, **values: Any) -> dict[str, Any]:
    """A subcommand option with string (3), integer (4), number (10) or boolean (5) values."""
    options = []
    for key, value in values.items():
        kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
        kind = 10 if isinstance(value, float) else kind
        options.append({"name": key, "type": kind, "value": value})
    return {"name": name, "type": 1, "options": options}


def group(name: str, sub: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": 2, "options": [sub]}


@dataclass(slots=True)
class Bot(RunningBot[FakeDiscord, DiscordAdapter]):
    guild: Guild

    @property
    def channel_key(self) -> tuple[str, str, str]:
        return ("discord", str(self.guild.id), str(self.guild.channel))

    async def command(
        self, name: str, option: dict[str, Any], *, permissions: int = 0, **extra: Any
    ) -> FakeInteraction:
        """Dispatch `/name option…` and wait until it is fully answered."""
        interaction = await self.fake.dispatch_command(
            name,
            guild_id=self.guild.id,
            channel_id=self.guild.channel,
            options=[option],
            permissions=permissions,
            **extra,
        )
        await self.fake.wait_for(lambda: answered(interaction))
        return interaction


def answered(interaction: FakeInteraction) -> bool:
    """A reply sent, or a deferral followed up."""
    if not interaction.callbacks:
        return False
    return interaction.callbacks[0]["type"] != 5 or bool(interaction.followups)


def answer_of(interaction: FakeInteraction) -> dict[str, Any]:
    """The message the caller reads: the callback's, or the last followup after a deferral."""
    first = interaction.callbacks[0]
    if first["type"] == 5:
        return interaction.followups[-1]
    data: dict[str, Any] = first["data"]
    return data


def shown(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
    return "\n".join(parts)


async def open_bot(
    tmp_path: Path, clock: FakeClock, *, commands_factory: Any = Commands
) -> tuple[App, DiscordAdapter, str]:
    """The bot as `newsbot run` assembles it, with the Discord adapter built from config + env."""
    config = parse_config(CONFIG, base_dir=tmp_path)
    parts = await assemble(config, clock, commands_factory=commands_factory)
    adapter, token = build_discord_adapter(
        config.adapters.discord,
        {"DISCORD_TOKEN": FAKE_TOKEN},
        commands=parts.commands,
        store=parts.store,
        guild_ready_timeout=0.01,
    )
    return parts.app_with(adapter), adapter, token


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeDiscord, guild: Guild) -> AsyncIterator[Bot]:
    feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
    clock = FakeClock()
    app, adapter, token = await open_bot(tmp_path, clock)
    try:
        await adapter.start(token)
        await adapter.wait_until_ready()
        yield Bot(fake, app, adapter, clock, feed, guild)
    finally:
        await adapter.close()
        await app.close()


async def subscribe(bot: Bot) -> FakeInteraction:
    return await bot.command(
        "news", subcommand("subscribe", topic="immigration"), permissions=MANAGE_CHANNELS
    )


async def publish(bot: Bot, items: list[Item]) -> list[dict[str, Any]]:
    bot.feed.write(items)
    await bot.app.run_once()
    return bot.fake.posts(bot.guild.channel)


# -- registration ---------------------------------------------------------------------------------


async def test_both_command_groups_are_registered(bot: Bot) -> None:
    commands = {c["name"]: c for c in bot.fake.global_commands}
    assert sorted(commands) == ["news", "newsadmin"]
    news = {o["name"] for o in commands["news"]["options"]}
    assert news == {
        "help",
        "latest",
        "search",
        "topics",
        "subscribe",
        "unsubscribe",
        "follow",
        "unfollow",
        "subscriptions",
        "top",
        "preview",
        "sources",
        "why",
        "alert",
    }
    alert = next(o for o in commands["news"]["options"] if o["name"] == "alert")
    assert {o["name"] for o in alert["options"]} == {"add", "remove", "list"}
    admin = {
        g["name"]: {s["name"] for s in g.get("options", ())}
        for g in commands["newsadmin"]["options"]
    }
    assert admin == {
        "source": {"add", "remove", "pause", "resume", "list", "poll"},
        "topic": {"add", "edit", "remove"},
        "channel": {"set", "resume", "format", "webhook", "test"},
        "filter": {"add", "remove", "list"},
        "help": set(),
    }
    assert commands["newsadmin"]["default_member_permissions"] == MANAGE_GUILD
    assert commands["news"]["contexts"] == [0]  # guilds only


# -- the main path --------------------------------------------------------------------------------


async def test_subscribe_then_an_article_arrives_as_one_embed(bot: Bot) -> None:
    answer = await subscribe(bot)
    callback = answer.callbacks[0]
    assert callback["type"] == 4
    assert callback["data"]["content"] == "This channel now receives articles on immigration."
    assert not callback["data"].get("flags", 0) & EPHEMERAL  # the channel sees the change
    [sub] = await bot.store.list_subscriptions(bot.channel_key)
    assert (sub.topic, sub.origin) == ("immigration", "chat")
    assert sub.created_by == f"discord:{answer.user_id}"

    posts = await publish(bot, [Item("a1", "Council doubles immigration legal aid fund")])

    assert len(bot.fake.requests_to(POST_ROUTE)) == 1
    [post] = posts
    assert post["content"] == ""
    assert (post["mention_everyone"], post["mention_roles"], post["mentions"]) == (False, [], [])
    [embed] = post["embeds"]
    assert embed["title"] == "Council doubles immigration legal aid fund"
    assert embed["url"] == "https://desk.example/a1"
    assert embed["description"] and embed["description"] in SUMMARY
    assert embed["timestamp"].startswith(datetime.fromtimestamp(T0 - 600, UTC).date().isoformat())
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Source"] == "City Desk"
    assert fields["Topics"] == "immigration"
    [row] = await bot.store.deliveries_for_article(1)
    assert (row.status, row.message_id) == ("sent", post["id"])


async def test_a_feed_title_with_mentions_reaches_discord_inert(bot: Bot) -> None:
    await subscribe(bot)
    [post] = await publish(bot, [Item("a2", "@everyone <@&123> immigration rally at city hall")])

    [embed] = post["embeds"]
    assert embed["title"] == f"@{ZWSP}everyone <{ZWSP}@&123> immigration rally at city hall"
    assert (post["mention_everyone"], post["mention_roles"], post["mentions"]) == (False, [], [])
    [request] = bot.fake.requests_to(POST_ROUTE)
    assert request.body["allowed_mentions"]["parse"] == []


async def test_a_reaction_on_a_post_puts_it_in_top(bot: Bot) -> None:
    await subscribe(bot)
    [post] = await publish(bot, [Item("a3", "Asylum hearings move to the new courthouse")])
    reader = snowflake()
    stored = asyncio.Event()
    store_reaction = bot.adapter.on_reaction
    assert store_reaction is not None

    async def then_signal(event: ReactionEvent) -> None:
        await store_reaction(event)
        stored.set()

    bot.adapter.on_reaction = then_signal
    await bot.fake.dispatch_reaction(
        guild_id=bot.guild.id,
        channel_id=bot.guild.channel,
        message_id=int(post["id"]),
        user_id=reader,
        emoji="🔥",
    )

    await asyncio.wait_for(stored.wait(), 5)
    [ranked] = await bot.store.top_posts(since=0)
    assert (ranked.title, ranked.reactions) == ("Asylum hearings move to the new courthouse", 1)
    top = answer_of(await bot.command("news", subcommand("top", period="day")))
    [embed] = top["embeds"]
    assert embed["title"] == "Top stories this day:"
    assert (
        "[Asylum hearings move to the new courthouse](https://desk.example/a3)"
        in (embed["description"])
    )
    assert "1 reaction" in embed["description"]


async def test_latest_search_and_help(bot: Bot) -> None:
    await subscribe(bot)
    await publish(
        bot,
        [
            Item("b1", "Light rail extension approved", "The light rail line will reach the port."),
            Item("b2", "Immigration office opens downtown"),
        ],
    )

    latest = answer_of(await bot.command("news", subcommand("latest", count=2)))
    [embed] = latest["embeds"]
    assert embed["title"] == "Latest:"
    assert "Light rail extension approved" in embed["description"]
    assert "Immigration office opens downtown" in embed["description"]

    search = await bot.command("news", subcommand("search", query="port"))
    assert search.callbacks[0] == {"type": 5, "data": {"flags": EPHEMERAL}}  # deferred first
    [found] = answer_of(search)["embeds"]
    assert "Light rail extension approved" in found["description"]
    assert "Immigration office" not in found["description"]

    helped = answer_of(await bot.command("news", subcommand("help")))
    assert helped["flags"] & EPHEMERAL
    assert "/news latest" in helped["content"] and "/newsadmin channel set" in helped["content"]


async def test_why_and_preview_answer_privately_after_deferring(bot: Bot) -> None:
    await subscribe(bot)
    await publish(bot, [Item("d1", "Immigration court adds judges")])

    why = await bot.command("news", subcommand("why", url="https://desk.example/d1"))
    assert why.callbacks[0] == {"type": 5, "data": {"flags": EPHEMERAL}}
    explained = answer_of(why)
    assert explained["flags"] & EPHEMERAL
    assert "Immigration court adds judges" in explained["content"]
    assert "posted" in explained["content"]

    # This run has no network sources, so preview is off: a refusal, still private.
    preview = await bot.command("news", subcommand("preview", url="https://desk.example/x"))
    assert preview.callbacks[0]["type"] == 5
    refused = answer_of(preview)
    assert refused["flags"] & EPHEMERAL
    assert refused["content"] == "Preview is not available in this run."


async def test_topic_autocomplete_offers_the_configured_topics(bot: Bot) -> None:
    option = {
        "name": "subscribe",
        "type": 1,
        "options": [{"name": "topic", "type": 3, "value": "imm", "focused": True}],
    }
    interaction = await bot.fake.dispatch_command(
        "news",
        guild_id=bot.guild.id,
        channel_id=bot.guild.channel,
        options=[option],
        interaction_type=4,
    )
    await bot.fake.wait_for(lambda: bool(interaction.callbacks))
    [callback] = interaction.callbacks
    assert callback["type"] == 8
    assert callback["data"]["choices"] == [{"name": "immigration", "value": "immigration"}]


# -- permissions ----------------------------------------------------------------------------------


async def test_subscriptions_then_unsubscribe(bot: Bot) -> None:
    subscribed = await subscribe(bot)

    listed = answer_of(await bot.command("news", subcommand("subscriptions")))
    [embed] = listed["embeds"]
    assert embed["title"] == "This channel follows:"
    assert embed["description"] == f"• topic immigration — added by <@{subscribed.user_id}>"

    option = subcommand("unsubscribe", topic="immigration")
    gone = await bot.command("news", option, permissions=MANAGE_CHANNELS)
    assert gone.callbacks[0]["data"]["content"] == (
        "This channel no longer receives articles on immigration."
    )
    assert await bot.store.list_subscriptions(bot.channel_key) == []
    actions = [e.action for e in await bot.store.audit()]
    assert actions == ["unsubscribe", "subscribe"]


async def test_subscribe_needs_manage_channels(bot: Bot) -> None:
    refused = await bot.command("news", subcommand("subscribe", topic="immigration"))
    data = refused.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert "Manage Channels" in data["content"]
    assert await bot.store.list_subscriptions(bot.channel_key) == []


async def test_a_member_without_manage_server_is_refused_newsadmin(bot: Bot) -> None:
    option = group("topic", subcommand("add", name="housing", keywords="rent, housing"))
    refused = await bot.command("newsadmin", option, permissions=MANAGE_CHANNELS)

    data = refused.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert (
        data["content"] == "This command needs the Manage Server permission. Nothing was changed."
    )
    assert await bot.store.all_settings() == {}
    assert await bot.store.audit() == []
    names = [t.name for t in (await bot.app.commands().config()).topics]
    assert names == ["immigration", "transit"]


async def test_an_admin_adds_a_topic(bot: Bot) -> None:
    option = group("topic", subcommand("add", name="housing", keywords="rent, housing"))
    added = await bot.command("newsadmin", option, permissions=MANAGE_GUILD)

    assert added.callbacks[0]["data"]["content"] == "Added topic housing."
    setting = await bot.store.get_setting("topic:housing")
    assert setting["keywords"] == ["rent", "housing"]
    [entry] = await bot.store.audit()
    assert (entry.actor, entry.action) == (f"discord:{added.user_id}", "topic add")


async def test_an_admins_channel_settings_are_stored_and_audited(bot: Bot) -> None:
    role = bot.fake.add_role(bot.guild.id, "immigration-desk")
    option = group(
        "channel",
        {
            **subcommand(
                "set",
                cap=3,
                quiet_hours="22:00-07:00",
                timezone="Europe/Berlin",
                topic="immigration",
            ),
        },
    )
    option["options"][0]["options"].append({"name": "role", "type": 8, "value": str(role)})
    changed = await bot.command(
        "newsadmin", option, permissions=MANAGE_GUILD, resolved_roles=[role]
    )

    data = changed.callbacks[0]["data"]
    assert data["content"].startswith("Channel settings:")
    assert not data.get("flags", 0) & EPHEMERAL
    settings = await bot.store.channel_settings(bot.channel_key)
    assert settings["max_posts_per_hour"] == 3
    assert settings["quiet_hours"] == "22:00-07:00"
    assert settings["timezone"] == "Europe/Berlin"
    assert settings["mention_roles"] == {"immigration": str(role)}
    [entry] = await bot.store.audit()
    assert (entry.actor, entry.action) == (f"discord:{changed.user_id}", "channel set")
    assert entry.after["mention_roles"] == {"immigration": str(role)}


async def test_an_admin_resumes_a_channel_the_platform_refused(bot: Bot) -> None:
    assert await bot.store.subscribe(bot.channel_key, topic="immigration")
    assert await bot.store.pause_channel(bot.channel_key, "missing access")
    resumed = await bot.command(
        "newsadmin", group("channel", subcommand("resume")), permissions=MANAGE_GUILD
    )
    assert "again" in resumed.callbacks[0]["data"]["content"]
    assert not any(s.paused for s in await bot.store.list_subscriptions(bot.channel_key))


async def test_a_bad_channel_setting_changes_nothing(bot: Bot) -> None:
    option = group("channel", subcommand("set", quiet_hours="late"))
    refused = await bot.command("newsadmin", option, permissions=MANAGE_GUILD)

    data = refused.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert "HH:MM-HH:MM" in data["content"]
    assert await bot.store.channel_settings(bot.channel_key) == {}
    assert await bot.store.audit() == []


async def test_source_add_defers_privately_then_announces_in_the_channel(bot: Bot) -> None:
    option = group(
        "source", subcommand("add", name="Harbour News", url="https://harbour.example/feed")
    )
    added = await bot.command("newsadmin", option, permissions=MANAGE_GUILD)

    assert added.callbacks[0] == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert (
        added.original is not None and added.original["content"] == "Done; posted in the channel."
    )
    [public] = added.followups
    assert not public["flags"] & EPHEMERAL
    assert public["content"].startswith("Added source Harbour News")
    assert "Harbour News" in {s.name for s in await bot.store.list_sources()}


# -- delivery under rate limits -------------------------------------------------------------------


async def test_a_burst_of_429s_delivers_every_post_once(bot: Bot) -> None:
    await subscribe(bot)
    items = [
        Item("c0", "Immigration office hires forty caseworkers", "Hiring doubles the staff."),
        Item("c1", "Asylum seekers wait months for hearings", "The backlog grew in spring."),
        Item("c2", "Immigration lawyers open free clinic", "Volunteers meet on Saturdays."),
    ]
    bot.feed.write(items)
    bot.fake.force_429(7, retry_after=0.01)  # more than discord.py retries on its own

    for _ in range(6):
        await bot.app.run_once()
        bot.clock.now += 5
        if len(bot.fake.posts(bot.guild.channel)) == 3:
            break

    titles = [m["embeds"][0]["title"] for m in bot.fake.posts(bot.guild.channel)]
    assert sorted(titles) == sorted(i.title for i in items)
    assert len(bot.fake.rate_limited) == 7
    for article_id in (1, 2, 3):
        [row] = await bot.store.deliveries_for_article(article_id)
        assert row.status == "sent"


# -- errors ---------------------------------------------------------------------------------------


class BrokenCommands(Commands):
    async def call(self, command: str, caller: Caller, /, **kwargs: Any) -> Reply:
        raise RuntimeError("database on fire")


async def test_an_unexpected_error_is_a_short_private_message_and_logged(
    tmp_path: Path, fake: FakeDiscord, guild: Guild, caplog: pytest.LogCaptureFixture
) -> None:
    Feed.empty(tmp_path / "feed.xml", SUMMARY)
    app, adapter, token = await open_bot(tmp_path, FakeClock(), commands_factory=BrokenCommands)
    try:
        await adapter.start(token)
        await adapter.wait_until_ready()
        with caplog.at_level(logging.ERROR, logger="newsbot.discord.commands"):
            interaction = await fake.dispatch_command(
                "news",
                guild_id=guild.id,
                channel_id=guild.channel,
                options=[subcommand("sources")],
            )
            await fake.wait_for(lambda: bool(interaction.callbacks))
    finally:
        await adapter.close()
        await app.close()

    data = interaction.callbacks[0]["data"]
    assert data["flags"] & EPHEMERAL
    assert "logged" in data["content"] and "on fire" not in data["content"]
    [record] = [r for r in caplog.records if r.name == "newsbot.discord.commands"]
    message = record.getMessage()
    assert "news sources" in message
    assert str(interaction.user_id) in message and str(guild.id) in message
    assert record.exc_info is not None


# -- the builder ----------------------------------------------------------------------------------


def test_a_missing_token_names_the_variable_and_no_value() -> None:
    config = DiscordConfig(enabled=True, token_env="NEWSBOT_DISCORD_TOKEN")
    with pytest.raises(ValueError, match="NEWSBOT_DISCORD_TOKEN") as caught:
        read_token(config, {"DISCORD_TOKEN": "not-this-one", "NEWSBOT_DISCORD_TOKEN": "  "})
    assert "not-this-one" not in str(caught.value)
    assert read_token(config, {"NEWSBOT_DISCORD_TOKEN": " abc.def "}) == "abc.def"


async def test_the_builder_reads_the_shard_count_and_token(tmp_path: Path) -> None:
    config = parse_config(CONFIG + "shard_count = 3\n", base_dir=tmp_path)
    store = await open_store(tmp_path / "x.db", clock=FakeClock())
    try:
        commands = Commands(store, config, clock=FakeClock())
        adapter, token = build_discord_adapter(
            config.adapters.discord, {"DISCORD_TOKEN": "tok"}, commands=commands, store=store
        )
        assert token == "tok"
        assert adapter.bot.shard_count == 3
        assert adapter.on_reaction is not None  # never started: nothing to close
    finally:
        await store.close()
