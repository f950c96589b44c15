"""What every newsbot cog shares: who is calling, running a handler, answering, and errors.

A cog method reads its options and calls `HandlerCog.run`; everything Discord-specific about
answering an interaction lives here once:

- The 3-second rule. A command that may take longer (it fetches a page or searches) is
  deferred first, privately; Discord then allows 15 minutes for the answer.
- Visibility. A reply is ephemeral when the `Reply` says so and whenever it is a refusal. The
  first answer after a private deferral is private whatever it says, so a public reply after one
  completes the private "thinking…" message with a short note and goes to the channel as a
  second followup (which Discord shows with its own visibility).
- Errors. Anything a command raises reaches `cog_app_command_error`, which answers with one
  short private sentence and logs the command, user, guild and channel (with the traceback for
  unexpected errors only). People never see a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord_render import RenderedReply, render_reply
from bot.commands import POSTABLE, Caller, Commands, PostAccess, Reply

__all__ = [
    "BadOption",
    "HandlerCog",
    "Target",
    "bot_permissions",
    "caller_of",
    "choices",
    "error_message",
    "manages_channel",
    "member_permissions",
    "post_access",
    "target_of",
    "target_post_access",
]

T = TypeVar("T")

log = logging.getLogger("newsbot.discord.commands")

PLATFORM: Final = "discord"
MAX_CHOICES: Final = 25  # Discord shows at most 25 autocomplete choices
CHOICE_LENGTH: Final = 100
_DEFERRED: Final = "newsbot_deferred"
PUBLIC_NOTE: Final = "Done; posted in the channel."

_PERMISSION_NAMES: Final = {
    "manage_guild": "Manage Server",
    "manage_channels": "Manage Channels",
}

# What the bot needs to post an embed where a command was typed, by the flag's name in
# `discord.Permissions` and its name in Discord's settings. In a thread, Send Messages in
# Threads stands in for Send Messages.
_POST_NEEDS: Final = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
)
_THREAD_POST_NEEDS: Final = (
    ("view_channel", "View Channel"),
    ("send_messages_in_threads", "Send Messages in Threads"),
    ("embed_links", "Embed Links"),
)
_THREADS: Final = frozenset(
    {
        discord.ChannelType.public_thread,
        discord.ChannelType.private_thread,
        discord.ChannelType.news_thread,
    }
)


#: A ``channel:`` option's value, as Discord resolves it into the payload (no cache needed).
Target = app_commands.AppCommandChannel | app_commands.AppCommandThread

#: Channels newsbot can post articles in (a forum's articles become forum posts).
_POSTABLE_TYPES: Final = frozenset(
    {
        discord.ChannelType.text,
        discord.ChannelType.news,
        discord.ChannelType.forum,
        discord.ChannelType.media,
    }
    | _THREADS
)


class BadOption(app_commands.AppCommandError):
    """An option Discord accepted that newsbot cannot use; the message is shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def target_of(interaction: discord.Interaction[Any]) -> Target | None:
    """The channel a command's ``channel:`` option names, when it names one other than the
    channel the command was typed in (Discord resolves it into the interaction's payload)."""
    target = interaction.namespace.channel
    if not isinstance(target, Target) or target.id == interaction.channel_id:
        return None
    return target


def member_permissions(interaction: discord.Interaction[Any]) -> discord.Permissions:
    """The member's permissions where the command acts: in the ``channel:`` option's channel
    (Discord resolves them per channel, overwrites included), else where it was typed."""
    target = target_of(interaction)
    return interaction.permissions if target is None else target.permissions


def manages_channel() -> Callable[[T], T]:
    """A check: the member has Manage Channels where the command acts (the ``channel:``
    option's channel, else where it was typed). discord.py's ``has_permissions`` looks only at
    the channel the command was typed in."""

    def predicate(interaction: discord.Interaction[Any]) -> bool:
        if not member_permissions(interaction).manage_channels:
            raise app_commands.MissingPermissions(["manage_channels"])
        return True

    return app_commands.check(predicate)


def caller_of(interaction: discord.Interaction[Any], target: Target | None = None) -> Caller:
    """The `Caller` for an interaction, its permission flags from the permissions Discord
    resolved for this member in this channel (roles, overwrites and Administrator included).
    With `target` (a ``channel:`` option naming another channel, e.g. a forum, where no
    command can be typed), the caller's channel, permission flags and post access are all the
    target's; `Caller.typed_in` keeps where it was typed."""
    if target is not None and target.id == interaction.channel_id:
        target = None
    permissions = interaction.permissions if target is None else target.permissions
    typed_in = str(interaction.channel_id or "")
    return Caller(
        platform=PLATFORM,
        workspace=str(interaction.guild_id or ""),
        channel=typed_in if target is None else str(target.id),
        user_id=str(interaction.user.id),
        can_manage_channel=permissions.manage_channels,
        is_admin=permissions.manage_guild,
        post_access=post_access(interaction)
        if target is None
        else target_post_access(interaction, target),
        in_direct_message=interaction.guild_id is None,
        typed_in="" if target is None else typed_in,
    )


def post_access(interaction: discord.Interaction[Any]) -> PostAccess:
    """Whether the bot can post here, from the interaction's ``app_permissions`` (the bot's
    permissions in this channel, overwrites included, as Discord resolved them)."""
    in_thread = getattr(interaction.channel, "type", None) in _THREADS
    return _access(interaction.app_permissions, in_thread=in_thread, elsewhere=False)


def target_post_access(interaction: discord.Interaction[Any], target: Target) -> PostAccess:
    """Whether the bot can post in `target`. Discord sends the bot's permissions only for the
    channel a command is typed in, so these come from discord.py's cache (the Gateway's guild
    and channel data, overwrites included); when the cache does not hold the channel or the
    bot's member, newsbot cannot tell and refuses rather than agree and fail at the first post.
    A forum post is created with Send Messages (plus Embed Links for the article's embed)."""
    if target.type not in _POSTABLE_TYPES:
        return PostAccess.refused(
            f"it is a {str(target.type).split('.')[-1].replace('_', ' ')} channel, not a text "
            "or forum channel."
        )
    permissions = bot_permissions(interaction, target)
    if permissions is None:
        return PostAccess.refused(
            "Discord has not told newsbot about that channel yet, so it cannot tell whether it "
            "may post there. Try again in a minute, or check newsbot's role has View Channel, "
            "Send Messages and Embed Links there."
        )
    return _access(permissions, in_thread=target.type in _THREADS, elsewhere=True)


def bot_permissions(
    interaction: discord.Interaction[Any], target: Target
) -> discord.Permissions | None:
    """The bot's permissions in `target` from discord.py's cache (roles and overwrites), or
    None when the cache holds neither the channel nor the bot's member (Discord sends the
    bot's permissions only for the channel the command was typed in)."""
    guild = interaction.guild
    cached = guild.get_channel_or_thread(target.id) if guild is not None else None
    me = guild.me if guild is not None else None
    if cached is None or me is None:
        return None
    return cached.permissions_for(me)


def _access(permissions: discord.Permissions, *, in_thread: bool, elsewhere: bool) -> PostAccess:
    needs = _THREAD_POST_NEEDS if in_thread else _POST_NEEDS
    missing = [label for flag, label in needs if not getattr(permissions, flag)]
    if not missing:
        return POSTABLE
    names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    plural = "s" if len(missing) > 1 else ""
    here, where = ("there", "that") if elsewhere else ("here", "this")
    return PostAccess.refused(
        f"it lacks the {names} permission{plural} {here}. Give newsbot's role {names} in {where} "
        "channel's permissions, then try again."
    )


def choices(names: Sequence[str], current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: names starting with what was typed first, then those containing it."""
    typed = current.strip().casefold()
    starts = [n for n in names if n.casefold().startswith(typed)]
    contains = [n for n in names if typed in n.casefold() and n not in starts]
    return [
        app_commands.Choice(name=n[:CHOICE_LENGTH], value=n)
        for n in (*starts, *contains)
        if len(n) <= CHOICE_LENGTH
    ][:MAX_CHOICES]


def error_message(error: app_commands.AppCommandError) -> str:
    """One short sentence that says what went wrong and what to do."""
    if isinstance(error, BadOption):
        return error.message
    if isinstance(error, app_commands.MissingPermissions):
        needed = " and ".join(
            _PERMISSION_NAMES.get(p, p.replace("_", " ").title()) for p in error.missing_permissions
        )
        return f"This command needs the {needed} permission. Nothing was changed."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "newsbot's commands work in server channels, not in direct messages."
    if isinstance(error, app_commands.TransformerError):
        return f"{str(error.value)[:100]!r} is not a valid value for this option."
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here."
    return "Something went wrong running that command; it has been logged. Please try again."


async def _send(
    interaction: discord.Interaction[Any], rendered: RenderedReply, *, ephemeral: bool
) -> None:
    embed = rendered.to_embed()
    if not interaction.response.is_done():
        await interaction.response.send_message(
            content=rendered.content,
            embed=embed or discord.utils.MISSING,
            ephemeral=ephemeral,
            allowed_mentions=rendered.allowed_mentions,
        )
        return
    await interaction.followup.send(
        content=rendered.content or discord.utils.MISSING,
        embed=embed or discord.utils.MISSING,
        ephemeral=ephemeral,
        allowed_mentions=rendered.allowed_mentions,
    )


async def answer(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Send `reply` as the interaction's answer, whether or not it was deferred."""
    rendered = render_reply(reply)
    if interaction.extras.pop(_DEFERRED, False) and not rendered.ephemeral:
        await interaction.edit_original_response(
            content=PUBLIC_NOTE, allowed_mentions=rendered.allowed_mentions
        )
    await _send(interaction, rendered, ephemeral=rendered.ephemeral)


class HandlerCog(commands.GroupCog):
    """A top-level command group whose subcommands call handlers of the shared `Commands`.

    The `Commands` object is passed in, never created here: the cog owns no resources.
    """

    def __init__(self, handlers: Commands) -> None:
        self.handlers = handlers
        super().__init__()

    async def run(
        self,
        interaction: discord.Interaction[Any],
        handler: str,
        /,
        *,
        defer: bool = False,
        target: Target | None = None,
        **options: Any,
    ) -> None:
        """Call `handler` for the interaction's caller and answer with its `Reply`. With
        `defer`, acknowledge privately first (for work that may take more than 3 seconds).
        `target`: a ``channel:`` option; the handler then acts on that channel."""
        if defer:
            await interaction.response.defer(ephemeral=True, thinking=True)
            interaction.extras[_DEFERRED] = True
        reply = await self.handlers.call(handler, caller_of(interaction, target), **options)
        await answer(interaction, reply)

    async def topic_names(self) -> list[str]:
        return [t.name for t in (await self.handlers.config()).topics]

    async def cog_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        context = (command, interaction.user.id, interaction.guild_id, interaction.channel_id)
        if isinstance(error, app_commands.CommandInvokeError):
            original = error.original
            if isinstance(original, discord.NotFound) and original.code == 10062:
                log.warning("/%s answered too late (user %s, guild %s, channel %s)", *context)
                return
            log.error("/%s failed (user %s, guild %s, channel %s)", *context, exc_info=original)
        else:
            log.info(
                "/%s refused (user %s, guild %s, channel %s): %s",
                *context,
                type(error).__name__,
            )
        interaction.extras.pop(_DEFERRED, None)
        refusal = RenderedReply(error_message(error), None, True, discord.AllowedMentions.none())
        try:
            await _send(interaction, refusal, ephemeral=True)
        except discord.HTTPException as e:
            log.warning(
                "/%s: could not tell the user about the error (user %s, guild %s, channel %s): %s",
                *context,
                e,
            )
