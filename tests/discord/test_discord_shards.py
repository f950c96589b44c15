"""Gateway shards split across processes: each adapter connects only the shards its config
assigns, and a guild's slash command reaches (and is answered by) the process holding the
guild's shard, through the fake Discord's shard routing ((guild_id >> 22) % shard_count)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot.adapters.discord import DiscordAdapter, NewsBot
from bot.adapters.discord_setup import build_discord_adapter
from bot.app import App
from bot.commands import Commands
from bot.config import parse_config
from bot.config.models import DiscordConfig
from bot.platforms import start_platforms, stop_platforms
from bot.store import open_store
from tests.fakes.discord import FAKE_TOKEN, FakeDiscord
from tests.support import FakeClock


@pytest.fixture
async def two_shards() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(shards=2)
    await server.start()
    server.patch_discord()
    yield server
    await server.close()


def process_config(index: int, count: int, shards: int) -> DiscordConfig:
    text = f"[adapters.discord]\nshard_count = {shards}\n"
    text += f"process_index = {index}\nprocess_count = {count}\n"
    return parse_config(text).adapters.discord


def answering(name: str, heard: list[tuple[str, int]]) -> Callable[[NewsBot], Awaitable[None]]:
    """A setup hook adding /ping, answered with this process's name."""

    async def setup(bot: NewsBot) -> None:
        @app_commands.command(name="ping", description="Which process answers")
        async def ping(interaction: discord.Interaction) -> None:
            heard.append((name, interaction.guild_id or 0))
            await interaction.response.send_message(f"pong from {name}", ephemeral=True)

        bot.tree.add_command(ping)

    return setup


async def started(
    config: DiscordConfig, setup: Callable[[NewsBot], Awaitable[None]]
) -> DiscordAdapter:
    adapter = DiscordAdapter(
        setup=setup,
        shard_count=config.shard_count,
        shard_ids=config.assigned_shards,
        guild_ready_timeout=0.01,
    )
    await adapter.start(FAKE_TOKEN)
    await adapter.wait_until_ready()
    return adapter


async def test_process_i_of_n_connects_its_shards_and_answers_its_guilds(
    two_shards: FakeDiscord,
) -> None:
    fake = two_shards
    first_guild = fake.add_guild("Shard zero", shard=(0, 2))
    second_guild = fake.add_guild("Shard one", shard=(1, 2))
    assert [fake.shard_of(g, 2) for g in (first_guild, second_guild)] == [0, 1]
    heard: list[tuple[str, int]] = []

    first = await started(process_config(0, 2, 2), answering("first", heard))
    try:
        second = await started(process_config(1, 2, 2), answering("second", heard))
        try:
            assert fake.identified_shards == [(0, 2), (1, 2)]
            assert fake.connected_shards == [(0, 2), (1, 2)]
            assert sorted(first.bot.shards) == [0] and sorted(second.bot.shards) == [1]
            # Each process knows the guilds of its own shard only.
            assert first.bot.get_guild(first_guild) is not None
            assert first.bot.get_guild(second_guild) is None
            assert second.bot.get_guild(second_guild) is not None
            assert first.connected() and second.connected()

            channel = fake.channel_ids(second_guild)[0]
            ping = await fake.dispatch_command("ping", guild_id=second_guild, channel_id=channel)
            await fake.wait_for(lambda: bool(ping.callbacks))
            [answer] = ping.callbacks
            assert answer["data"]["content"] == "pong from second"

            channel = fake.channel_ids(first_guild)[0]
            ping = await fake.dispatch_command("ping", guild_id=first_guild, channel_id=channel)
            await fake.wait_for(lambda: bool(ping.callbacks))
            assert ping.callbacks[0]["data"]["content"] == "pong from first"
            assert heard == [("second", second_guild), ("first", first_guild)]
        finally:
            await second.close()
    finally:
        await first.close()


async def test_shard_ids_connect_exactly_those_shards(two_shards: FakeDiscord) -> None:
    fake = two_shards
    config = parse_config("[adapters.discord]\nshard_count = 2\nshard_ids = [1]\n")
    guild = fake.add_guild("Shard one", shard=(1, 2))
    adapter = await started(config.adapters.discord, answering("only", []))
    try:
        assert fake.identified_shards == [(1, 2)]
        assert adapter.bot.get_guild(guild) is not None
    finally:
        await adapter.close()


def test_process_i_of_n_takes_every_nth_shard() -> None:
    assert process_config(0, 3, 8).assigned_shards == (0, 3, 6)
    assert process_config(1, 3, 8).assigned_shards == (1, 4, 7)
    assert process_config(2, 3, 8).assigned_shards == (2, 5)
    every = [s for i in range(3) for s in process_config(i, 3, 8).assigned_shards or ()]
    assert sorted(every) == list(range(8))
    assert (
        parse_config("[adapters.discord]\nshard_count = 4\n").adapters.discord.assigned_shards
        is None
    )


async def test_the_builder_passes_the_assigned_shards_and_the_rest_budget(tmp_path: Path) -> None:
    text = (
        "[adapters.discord]\nenabled = true\nshard_count = 6\nprocess_index = 1\n"
        "process_count = 2\nrest_per_second = 30\n"
    )
    config = parse_config(text, base_dir=tmp_path)
    store = await open_store(tmp_path / "x.db", clock=FakeClock())
    try:
        commands = Commands(store, config, clock=FakeClock())
        adapter, _ = build_discord_adapter(
            config.adapters.discord, {"DISCORD_TOKEN": "tok"}, commands=commands, store=store
        )
        assert adapter.bot.shard_count == 6
        assert adapter.bot.shard_ids == [1, 3, 5]
        assert adapter.limits.global_per_second == 30.0
        assert adapter.rest.total == 30.0
    finally:
        await store.close()


async def test_newsbot_run_connects_the_configured_shards_and_shares_its_peers(
    two_shards: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = two_shards
    guild = fake.add_guild("Shard one", shard=(1, 2))
    text = (
        f'[database]\npath = "{tmp_path / "bot.db"}"\n[adapters.console]\nenabled = false\n'
        "[adapters.discord]\nenabled = true\nshard_count = 2\nprocess_index = 1\n"
        "process_count = 2\n"
    )
    caplog.set_level(logging.INFO, logger="bot.platforms")
    app = await App.open(parse_config(text), {}, clock=time.time, processes=0)
    try:
        await start_platforms(app, {"DISCORD_TOKEN": FAKE_TOKEN})
        adapter = app.adapters["discord"]
        assert isinstance(adapter, DiscordAdapter)
        assert fake.identified_shards == [(1, 2)]
        assert adapter.bot.get_guild(guild) is not None
        # The outbox and the REST gate read one count of the live processes.
        assert adapter.rest.peers is app.peers and app.outbox.peers is app.peers
        assert "discord: connected (shards 1 of 2)" in caplog.text
    finally:
        await stop_platforms(app)
        await app.close()


async def test_api_base_url_points_a_process_at_another_discord_and_its_gateway(
    tmp_path: Path,
) -> None:
    """`[adapters.discord] api_base_url`, not a test patch: REST goes to that address, the
    gateway is the one its /gateway/bot names (also with a fixed shard count), and closing the
    adapter gives discord.py its own addresses back."""
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    fake = FakeDiscord(shards=2)
    await fake.start()  # not patched: only the config names the fake
    own = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    try:
        guild = fake.add_guild("Shard one", shard=(1, 2))
        channel = fake.channel_ids(guild)[0]
        text = (
            f'[database]\npath = "{tmp_path / "bot.db"}"\n[adapters.console]\nenabled = false\n'
            "[adapters.discord]\nenabled = true\nshard_count = 2\nshard_ids = [1]\n"
            f'api_base_url = "{fake.api_base}/"\n'
        )
        config = parse_config(text)
        assert config.adapters.discord.api_base_url == fake.api_base  # the slash dropped
        app = await App.open(config, {}, clock=time.time, processes=0)
        try:
            await start_platforms(app, {"DISCORD_TOKEN": FAKE_TOKEN})
            assert fake.identified_shards == [(1, 2)]
            assert [q for q in fake.gateway_queries if q]  # connected to the fake's gateway
            adapter = app.adapters["discord"]
            from bot.delivery.ports import ChannelRef, Post

            ref = ChannelRef("discord", str(guild), str(channel))
            post = Post("article", "Harbor reopens", "https://n.example/1", "Ships.")
            message_id = await adapter.send(ref, post, "k1")
            assert [str(m["id"]) for m in fake.messages[channel]] == [message_id]
        finally:
            await stop_platforms(app)
            await app.close()
        assert own == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    finally:
        await fake.close()
