"""`/news alert add|remove|list`: keyword alerts by direct message (a subgroup of `/news`).

A base of `NewsCog`, in its own module to keep the `/news` cog's file small; each command runs
the shared `alert` handler, which refuses direct messages and says what it did.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from cogs.base import HandlerCog

__all__ = ["AlertCommands"]

Interaction = discord.Interaction[Any]


class AlertCommands(HandlerCog):
    alert = app_commands.Group(
        name="alert", description="A direct message when an article matching your words is posted"
    )

    @alert.command(name="add", description="DM me when an article matching these words is posted")
    @app_commands.describe(words="A keyword or phrase, e.g. light rail")
    async def alert_add(
        self, interaction: Interaction, words: app_commands.Range[str, 1, 100]
    ) -> None:
        await self.run(interaction, "alert", action="add", phrase=words)

    @alert.command(name="remove", description="Stop one of your alerts")
    @app_commands.describe(words="The alert's keyword or phrase")
    async def alert_remove(
        self, interaction: Interaction, words: app_commands.Range[str, 1, 100]
    ) -> None:
        await self.run(interaction, "alert", action="remove", phrase=words)

    @alert.command(name="list", description="Your alerts in this server")
    async def alert_list(self, interaction: Interaction) -> None:
        await self.run(interaction, "alert", action="list")
