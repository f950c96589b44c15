"""`/news …`: reading, searching and subscribing, for everyone in a server.

Each command reads its options and runs the shared handler of the same name; the handlers
decide, `HandlerCog` answers. Subscribing needs Manage Channels, checked here before the handler
runs (``default_member_permissions`` only hides the command, and server admins can change it)
and again by the handler.
"""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from cogs.alerts import AlertCommands
from cogs.base import Target, choices, manages_channel, target_of

__all__ = ["NewsCog"]

Interaction = discord.Interaction[Any]

#: The ``channel:`` option: Discord lets no one type a command in a forum channel.
CHANNEL = "Act on another channel, e.g. a forum (default: this one)"


@app_commands.guild_only()
class NewsCog(AlertCommands, group_name="news", group_description="News from the bot's sources"):
    @app_commands.command(name="help", description="What newsbot's commands do")
    async def help(self, interaction: Interaction) -> None:
        await self.run(interaction, "help")

    @app_commands.command(name="latest", description="The newest articles")
    @app_commands.describe(topic="Only this topic", count="How many (1-10)")
    async def latest(
        self,
        interaction: Interaction,
        topic: str | None = None,
        count: app_commands.Range[int, 1, 10] = 5,
    ) -> None:
        await self.run(interaction, "latest", topic=topic, count=count)

    @app_commands.command(name="search", description="Search the articles posted so far")
    @app_commands.describe(query="Words to look for in titles, summaries and quotes")
    async def search(
        self, interaction: Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        await self.run(interaction, "search", defer=True, query=query)

    @app_commands.command(name="topics", description="The topics a channel can subscribe to")
    async def topics(self, interaction: Interaction) -> None:
        await self.run(interaction, "topics")

    @app_commands.command(name="subscribe", description="Post articles on a topic here")
    @app_commands.describe(
        topic="The topic to follow in this channel",
        backfill="Also post this many recent articles now (0-10), e.g. 3",
        channel=CHANNEL,
    )
    @manages_channel()
    async def subscribe(
        self,
        interaction: Interaction,
        topic: str,
        backfill: app_commands.Range[int, 0, 10] = 0,
        channel: Target | None = None,
    ) -> None:
        await self.run(interaction, "subscribe", target=channel, topic=topic, backfill=backfill)

    @app_commands.command(
        name="follow",
        description="Post a feed here, e.g. url:https://desk.example (finds its feed)",
    )
    @app_commands.describe(
        url="The feed's address, or a site that announces its feed",
        backfill="Also post this many recent articles now (0-10), e.g. 3",
        channel=CHANNEL,
    )
    @manages_channel()
    async def follow(
        self,
        interaction: Interaction,
        url: app_commands.Range[str, 1, 2000],
        backfill: app_commands.Range[int, 0, 10] = 0,
        channel: Target | None = None,
    ) -> None:
        await self.run(
            interaction, "follow", defer=True, target=channel, url=url, backfill=backfill
        )

    @app_commands.command(
        name="unfollow", description="Stop posting a followed feed here, e.g. source:City Desk"
    )
    @app_commands.describe(source="The source's name (or its feed address)", channel=CHANNEL)
    @manages_channel()
    async def unfollow(
        self, interaction: Interaction, source: str, channel: Target | None = None
    ) -> None:
        await self.run(interaction, "unfollow", target=channel, source=source)

    @app_commands.command(name="unsubscribe", description="Stop posting a topic here")
    @app_commands.describe(topic="The topic to stop following in this channel", channel=CHANNEL)
    @manages_channel()
    async def unsubscribe(
        self, interaction: Interaction, topic: str, channel: Target | None = None
    ) -> None:
        await self.run(interaction, "unsubscribe", target=channel, topic=topic)

    @app_commands.command(name="subscriptions", description="What this channel follows")
    async def subscriptions(self, interaction: Interaction) -> None:
        await self.run(interaction, "subscriptions")

    @app_commands.command(name="top", description="The stories with the most reactions")
    @app_commands.describe(period="Over the last day or week")
    async def top(self, interaction: Interaction, period: Literal["day", "week"] = "day") -> None:
        await self.run(interaction, "top", period=period)

    @app_commands.command(name="preview", description="What would be posted for a page")
    @app_commands.describe(url="The article's web address")
    async def preview(self, interaction: Interaction, url: str) -> None:
        await self.run(interaction, "preview", defer=True, url=url)

    @app_commands.command(name="sources", description="The sources newsbot watches")
    async def sources(self, interaction: Interaction) -> None:
        await self.run(interaction, "sources")

    @app_commands.command(name="why", description="Why an article was or was not posted here")
    @app_commands.describe(url="The article's web address")
    async def why(self, interaction: Interaction, url: str) -> None:
        await self.run(interaction, "why", defer=True, url=url)

    @unfollow.autocomplete("source")
    async def _followed_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        target = target_of(interaction)
        channel = target.id if target is not None else interaction.channel_id
        here = ("discord", str(interaction.guild_id or ""), str(channel or ""))
        subs = await self.handlers.store.list_subscriptions(here)
        return choices([s.source for s in subs if s.source], current)

    @latest.autocomplete("topic")
    @subscribe.autocomplete("topic")
    @unsubscribe.autocomplete("topic")
    async def _topic_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(await self.topic_names(), current)
