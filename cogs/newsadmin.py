"""`/newsadmin …`: sources, topics and channel settings, for members with Manage Server.

Discord nests at most command → group → subcommand, so the admin commands are their own
top-level command with three groups. Manage Server is enforced on the bot side by the cog's
`interaction_check`, which discord.py runs as a check before every subcommand here;
``default_member_permissions`` only decides who sees the command, and a server's admins can
change that. The shared handlers check again and validate every value with the config models.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any, Literal

import discord
from discord import app_commands

from cogs.base import BadOption, HandlerCog, choices

__all__ = ["NewsAdminCog"]

Interaction = discord.Interaction[Any]


@cache
def _time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class NewsAdminCog(
    HandlerCog, group_name="newsadmin", group_description="Sources, topics and channel settings"
):
    source = app_commands.Group(name="source", description="The sources newsbot watches")
    topic = app_commands.Group(name="topic", description="The topics articles are sorted into")
    channel = app_commands.Group(name="channel", description="This channel's posting settings")

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        if interaction.command is not None and interaction.command.name == "help":
            return True  # it only lists the commands; the handler lets anyone read it
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    # ── source ───────────────────────────────────────────────────────────────────────────

    @source.command(name="add", description="Watch a new feed or page")
    @app_commands.describe(
        name="A short name shown on posts",
        url="The feed's address, or a page that announces its feed",
        topics="Topics its articles always belong to, comma-separated",
        kind="feed (default) or page (post the page's new article links)",
    )
    async def source_add(
        self,
        interaction: Interaction,
        name: app_commands.Range[str, 1, 64],
        url: app_commands.Range[str, 1, 2000],
        topics: str = "",
        kind: Literal["feed", "page"] = "feed",
    ) -> None:
        await self.run(
            interaction, "source_add", defer=True, name=name, url=url, topics=topics, kind=kind
        )

    @source.command(name="remove", description="Stop watching a source added from chat")
    async def source_remove(self, interaction: Interaction, name: str) -> None:
        await self.run(interaction, "source_remove", name=name)

    @source.command(name="pause", description="Stop polling a source for now")
    async def source_pause(self, interaction: Interaction, name: str) -> None:
        await self.run(interaction, "source_pause", name=name)

    @source.command(name="resume", description="Poll a paused source again")
    async def source_resume(self, interaction: Interaction, name: str) -> None:
        await self.run(interaction, "source_resume", name=name)

    @source.command(name="poll", description="Poll a source now, e.g. name:City Desk")
    @app_commands.describe(name="The source to poll now")
    async def source_poll(self, interaction: Interaction, name: str) -> None:
        await self.run(interaction, "source_poll", defer=True, name=name)

    @source.command(name="list", description="Every source with its state and last error")
    async def source_list(self, interaction: Interaction) -> None:
        await self.run(interaction, "source_list")

    # ── topic ────────────────────────────────────────────────────────────────────────────

    @topic.command(name="add", description="Add a topic")
    @app_commands.describe(
        name="The topic's name",
        keywords="Words that put an article in the topic, comma-separated",
        phrases="Exact phrases that do, comma-separated",
        exclude="Words that keep an article out, comma-separated",
    )
    async def topic_add(
        self,
        interaction: Interaction,
        name: app_commands.Range[str, 1, 64],
        keywords: str = "",
        phrases: str = "",
        exclude: str = "",
    ) -> None:
        await self.run(
            interaction,
            "topic_add",
            name=name,
            keywords=keywords,
            phrases=phrases,
            exclude=exclude,
        )

    @topic.command(name="edit", description="Replace a topic's keywords, phrases or exclusions")
    @app_commands.describe(
        name="The topic to change",
        keywords="New keywords, comma-separated (empty: none)",
        phrases="New phrases, comma-separated (empty: none)",
        exclude="New exclusions, comma-separated (empty: none)",
    )
    async def topic_edit(
        self,
        interaction: Interaction,
        name: str,
        keywords: str | None = None,
        phrases: str | None = None,
        exclude: str | None = None,
    ) -> None:
        await self.run(
            interaction,
            "topic_edit",
            name=name,
            keywords=keywords,
            phrases=phrases,
            exclude=exclude,
        )

    @topic.command(name="remove", description="Remove a topic")
    async def topic_remove(self, interaction: Interaction, name: str) -> None:
        await self.run(interaction, "topic_remove", name=name)

    # ── channel ──────────────────────────────────────────────────────────────────────────

    @channel.command(
        name="set", description="Cap, quiet hours, digest, role mentions and notices here"
    )
    @app_commands.describe(
        cap="At most this many posts an hour (0: no cap)",
        quiet_hours="No posts between these times, e.g. 22:00-07:00 (off: none)",
        digest_hours="Collect posts into a digest every N hours (0: post each one)",
        timezone="The time zone for quiet hours, e.g. Europe/Berlin",
        role="Mention this role on posts about `topic`",
        topic="The topic the role mention is for",
        stop_mention="Stop mentioning a role on posts about `topic`",
        notices="Post the server's notices here (a source paused, a channel refusing posts)",
    )
    async def channel_set(
        self,
        interaction: Interaction,
        cap: app_commands.Range[int, 0, 1000] | None = None,
        quiet_hours: app_commands.Range[str, 1, 11] | None = None,
        digest_hours: app_commands.Range[float, 0, 168] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        role: discord.Role | None = None,
        topic: str | None = None,
        stop_mention: bool = False,
        notices: bool | None = None,
    ) -> None:
        if role is not None and stop_mention:
            raise BadOption("Give either a role to mention or stop_mention, not both.")
        mention_role: str | None = None
        if role is not None:
            if role.is_default():
                raise BadOption("@everyone cannot be mentioned on posts; pick a role.")
            mention_role = str(role.id)
        elif stop_mention:
            mention_role = "off"
        await self.run(
            interaction,
            "channel_set",
            max_posts_per_hour=cap,
            quiet_hours=quiet_hours,
            digest_hours=digest_hours,
            timezone=timezone,
            mention_role=mention_role,
            mention_topic=topic,
            notices=notices,
        )

    @channel.command(
        name="resume", description="Post here again after Discord refused this channel"
    )
    async def channel_resume(self, interaction: Interaction) -> None:
        await self.run(interaction, "channel_resume")

    @channel.command(
        name="test", description="Post the latest matching article here once, marked [TEST]"
    )
    async def channel_test(self, interaction: Interaction) -> None:
        await self.run(interaction, "channel_test")

    @app_commands.command(name="help", description="The admin commands, with examples")
    async def help(self, interaction: Interaction) -> None:
        await self.run(interaction, "admin_help")

    # ── autocomplete ─────────────────────────────────────────────────────────────────────

    @source_poll.autocomplete("name")
    @source_remove.autocomplete("name")
    @source_pause.autocomplete("name")
    @source_resume.autocomplete("name")
    async def _source_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = [s.name for s in await self.handlers.store.list_sources()]
        return choices(names, current)

    @topic_edit.autocomplete("name")
    @topic_remove.autocomplete("name")
    @channel_set.autocomplete("topic")
    async def _topic_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(await self.topic_names(), current)

    @channel_set.autocomplete("timezone")
    async def _zone_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(_time_zones(), current)
