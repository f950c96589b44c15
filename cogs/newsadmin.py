"""`/newsadmin …`: sources, topics, channel settings and filters, for members with Manage Server.

Discord nests at most command → group → subcommand, so the admin commands are their own
top-level command with four groups (source, topic, channel, filter). Manage Server is
enforced on the bot side by the cog's `interaction_check`, which discord.py runs as a check
before every subcommand here;
``default_member_permissions`` only decides who sees the command, and a server's admins can
change that. The shared handlers check again and validate every value with the config models.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any, Literal

import discord
from discord import app_commands

from bot.commands import CommandError
from bot.config.templates import FIELDS, MAX_TEMPLATE
from cogs.base import (
    BadOption,
    HandlerCog,
    Target,
    bot_permissions,
    choices,
    member_permissions,
)

__all__ = ["NewsAdminCog"]

Interaction = discord.Interaction[Any]


#: The ``channel:`` option of the channel commands: no command can be typed in a forum.
CHANNEL = "Act on another channel, e.g. a forum (default: this one)"

FIELD_NAMES = " ".join("{" + f + "}" for f in FIELDS)


def unmentionable(role: discord.Role, bot: discord.Permissions) -> str | None:
    """Why a post mentioning `role` would ping nobody, or None: Discord pings a role only
    when it is mentionable or the poster may mention every role (the interaction's
    ``app_permissions`` are the bot's in this channel)."""
    if role.mentionable or bot.mention_everyone:
        return None
    return (
        f"The role {role.name} is not mentionable and newsbot lacks the "
        "Mention @everyone, @here and All Roles permission here, so posts would ping nobody. "
        "Turn on Allow anyone to @mention this role (Server Settings → Roles), or give "
        "newsbot's role that permission, then try again. Nothing was changed."
    )


class ChannelWebhooks:
    """The handler's `WebhookMaker` for the interaction's channel: Create Webhook
    (``POST /channels/{id}/webhooks``) and Delete Webhook with its token, through discord.py.
    The handler calls `create` only after the name and avatar passed validation."""

    def __init__(self, interaction: Interaction) -> None:
        self.client = interaction.client
        self.channel_id = interaction.channel_id or 0

    async def create(self, name: str) -> tuple[str, str]:
        try:
            data: Any = await self.client.http.create_webhook(
                self.channel_id, name=name, reason="newsbot: /newsadmin channel webhook"
            )
        except discord.Forbidden:
            raise CommandError(
                "Discord refused to make the webhook: newsbot needs Manage Webhooks here. "
                "Nothing was changed."
            ) from None
        except discord.HTTPException as e:
            raise CommandError(
                f"Discord refused to make the webhook ({e.status}: {str(e.text)[:200]}). "
                "Nothing was changed."
            ) from None
        return str(data["id"]), str(data["token"])

    async def delete(self, webhook_id: str, token: str) -> str | None:
        try:
            await discord.Webhook.partial(int(webhook_id), token, client=self.client).delete()
        except discord.NotFound:
            return None  # deleted in Discord already
        except (discord.HTTPException, ValueError) as e:
            return f"{getattr(e, 'status', '')} {str(getattr(e, 'text', e))[:120]}".strip()
        return None


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
    filters = app_commands.Group(name="filter", description="Words that let articles in or out")

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        if interaction.command is not None and interaction.command.name == "help":
            return True  # it only lists the commands; the handler lets anyone read it
        if not member_permissions(interaction).manage_guild:  # in the `channel:` option's channel
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
        threads="Start a discussion thread on each post; same-story sources go in it",
        channel=CHANNEL,
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
        threads: bool | None = None,
        channel: Target | None = None,
    ) -> None:
        if role is not None and stop_mention:
            raise BadOption("Give either a role to mention or stop_mention, not both.")
        mention_role: str | None = None
        if role is not None:
            if role.is_default():
                raise BadOption("@everyone cannot be mentioned on posts; pick a role.")
            there = bot_permissions(interaction, channel) if channel is not None else None
            refusal = unmentionable(role, there or interaction.app_permissions)
            if refusal is not None:
                raise BadOption(refusal)
            mention_role = str(role.id)
        elif stop_mention:
            mention_role = "off"
        await self.run(
            interaction,
            "channel_set",
            target=channel,
            max_posts_per_hour=cap,
            quiet_hours=quiet_hours,
            digest_hours=digest_hours,
            timezone=timezone,
            mention_role=mention_role,
            mention_topic=topic,
            notices=notices,
            threads=threads,
        )

    @channel.command(
        name="resume", description="Post here again after Discord refused this channel"
    )
    async def channel_resume(self, interaction: Interaction) -> None:
        await self.run(interaction, "channel_resume")

    @channel.command(name="format", description="How posts look here: a style or a template")
    @app_commands.describe(
        style="full (summary, quotes, topics), compact (one sentence) or headline (title only)",
        template="Your own layout, e.g. **{title}** {link} — placeholders: " + FIELD_NAMES,
        preview="Only show the result on a recent article; change nothing",
        channel=CHANNEL,
    )
    async def channel_format(
        self,
        interaction: Interaction,
        style: Literal["full", "compact", "headline"] | None = None,
        template: app_commands.Range[str, 1, MAX_TEMPLATE] | None = None,
        preview: bool = False,
        channel: Target | None = None,
    ) -> None:
        await self.run(
            interaction,
            "channel_format",
            target=channel,
            style=style,
            template=template,
            preview=preview,
        )

    @channel.command(name="webhook", description="Post here under a name and avatar of your own")
    @app_commands.describe(
        name="The name posts show, e.g. City Desk",
        avatar="An http(s) address of the avatar image",
        remove="Post as the bot again",
    )
    async def channel_webhook(
        self,
        interaction: Interaction,
        name: app_commands.Range[str, 1, 80] | None = None,
        avatar: app_commands.Range[str, 1, 2000] | None = None,
        remove: bool = False,
    ) -> None:
        if not remove and not interaction.app_permissions.manage_webhooks:
            raise BadOption(
                "newsbot needs the Manage Webhooks permission in this channel to make its "
                "webhook. Give newsbot's role Manage Webhooks here, then try again. Nothing "
                "was changed."
            )
        await self.run(
            interaction,
            "channel_webhook",
            name=name,
            avatar=avatar,
            remove=remove,
            webhooks=ChannelWebhooks(interaction),
        )

    # ── filter ───────────────────────────────────────────────────────────────────────────

    @filters.command(name="add", description="Let in only matching articles, or keep some out")
    @app_commands.describe(
        channel="The channel (default: this one)",
        include="Post only articles with these words, or a /regular expression/",
        exclude="Never post articles with these words, or a /regular expression/",
        preview="Only show which recent articles would pass; change nothing",
    )
    async def filter_add(
        self,
        interaction: Interaction,
        channel: app_commands.AppCommandChannel | None = None,
        include: app_commands.Range[str, 1, 300] | None = None,
        exclude: app_commands.Range[str, 1, 300] | None = None,
        preview: bool = False,
    ) -> None:
        await self.run(
            interaction,
            "filter_add",
            channel=str(channel.id) if channel else None,
            include=include,
            exclude=exclude,
            preview=preview,
        )

    @filters.command(name="remove", description="Remove an include or exclude filter")
    @app_commands.describe(
        channel="The channel (default: this one)",
        include="The include filter to remove, as listed",
        exclude="The exclude filter to remove, as listed",
    )
    async def filter_remove(
        self,
        interaction: Interaction,
        channel: app_commands.AppCommandChannel | None = None,
        include: str | None = None,
        exclude: str | None = None,
    ) -> None:
        await self.run(
            interaction,
            "filter_remove",
            channel=str(channel.id) if channel else None,
            include=include,
            exclude=exclude,
        )

    @filters.command(name="list", description="A channel's include and exclude filters")
    @app_commands.describe(channel="The channel (default: this one)")
    async def filter_list(
        self, interaction: Interaction, channel: app_commands.AppCommandChannel | None = None
    ) -> None:
        await self.run(interaction, "filter_list", channel=str(channel.id) if channel else None)

    @channel.command(
        name="test", description="Post the latest matching article here once, marked [TEST]"
    )
    @app_commands.describe(channel=CHANNEL)
    async def channel_test(self, interaction: Interaction, channel: Target | None = None) -> None:
        await self.run(interaction, "channel_test", target=channel)

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
