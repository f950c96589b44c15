"""Slash commands through the fake: registration, responses, deferral, followups and checks.
The cogs of phase 2 plug into the same `setup` hook."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.adapters.discord import NewsBot
from tests.discord.helpers import Guild, connect
from tests.fakes.discord import FakeDiscord

MANAGE_GUILD = 1 << 5


async def setup(bot: NewsBot) -> None:
    @app_commands.command(name="ping", description="Answer privately")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    @app_commands.command(name="slow", description="Defer, then follow up")
    @app_commands.describe(count="how many")
    async def slow(interaction: discord.Interaction, count: int) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(f"done {count}")

    @app_commands.command(name="admin", description="Manage Server only")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("changed", ephemeral=True)

    @bot.tree.error
    async def refused(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await interaction.response.send_message("You need Manage Server.", ephemeral=True)

    for command in (ping, slow, admin):
        bot.tree.add_command(command)


async def test_commands_are_registered_and_answered(fake: FakeDiscord, guild: Guild) -> None:
    adapter = await connect(fake, setup=setup)
    try:
        await adapter.sync_commands(guild.id)
        names = sorted(c["name"] for c in fake.guild_commands[guild.id])
        assert names == ["admin", "ping", "slow"]

        ping = await fake.dispatch_command("ping", guild_id=guild.id, channel_id=guild.channel)
        await fake.wait_for(lambda: bool(ping.callbacks))
        (callback,) = ping.callbacks
        assert callback["type"] == 4
        assert callback["data"]["content"] == "pong" and callback["data"]["flags"] & 64

        slow = await fake.dispatch_command(
            "slow",
            guild_id=guild.id,
            channel_id=guild.channel,
            options=[{"name": "count", "type": 4, "value": 3}],
        )
        await fake.wait_for(lambda: bool(slow.followups))
        assert slow.callbacks[0]["type"] == 5
        assert slow.followups[0]["content"] == "done 3"
    finally:
        await adapter.close()


async def test_permission_check_refuses_a_member_without_manage_server(
    fake: FakeDiscord, guild: Guild
) -> None:
    adapter = await connect(fake, setup=setup)
    try:
        await adapter.sync_commands(guild.id)
        refused = await fake.dispatch_command(
            "admin", guild_id=guild.id, channel_id=guild.channel, permissions=0
        )
        allowed = await fake.dispatch_command(
            "admin", guild_id=guild.id, channel_id=guild.channel, permissions=MANAGE_GUILD
        )
        await fake.wait_for(lambda: bool(refused.callbacks and allowed.callbacks))
        assert refused.callbacks[0]["data"]["content"] == "You need Manage Server."
        assert allowed.callbacks[0]["data"]["content"] == "changed"
    finally:
        await adapter.close()
