"""What a command receives and returns, whatever the platform."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import mentions

__all__ = [
    "Caller",
    "CommandError",
    "PermissionDenied",
    "PostAccess",
    "Reply",
    "ReplyAction",
    "ReplyItem",
]


@dataclass(frozen=True, slots=True)
class PostAccess:
    """Whether the bot can post in the caller's channel, as the platform said when the command
    arrived (Discord: the interaction's ``app_permissions``; Slack: conversations.info). When
    it cannot, `problem` says what is missing and how to fix it, in the platform's words."""

    ok: bool
    problem: str = ""

    @classmethod
    def refused(cls, problem: str) -> PostAccess:
        return cls(False, problem)


POSTABLE = PostAccess(True)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who typed the command, where, and what the platform says they may do. The adapter fills
    the permission flags from the platform (Discord: Manage Channels / Manage Server; Slack:
    users.info admin/owner or the configured admin ids). `post_access`: whether the bot can
    post where the command was typed, None when the adapter did not (or could not) check."""

    platform: str
    workspace: str
    channel: str
    user_id: str
    can_manage_channel: bool = False
    is_admin: bool = False
    post_access: PostAccess | None = None
    in_direct_message: bool = False  # typed in a DM with the bot, not in a server's channel
    #: Where the command was typed when it acts on another channel (a `channel:` option, e.g.
    #: a Discord forum, where no command can be typed); "" when it acts where it was typed.
    #: `channel`, the permission flags and `post_access` are then all about the target.
    typed_in: str = ""

    @property
    def actor(self) -> str:
        return f"{self.platform}:{self.user_id}"

    @property
    def channel_key(self) -> tuple[str, str, str]:
        return (self.platform, self.workspace, self.channel)


@dataclass(frozen=True, slots=True)
class ReplyAction:
    """A button beside a list item (Slack's App Home): running it is running `command` with
    `text` as typed in `channel`, through the same parsing, permission checks and audit."""

    label: str
    command: str  # "news" or "newsadmin"
    text: str
    channel: str
    style: str = ""  # "" or "danger"


@dataclass(frozen=True, slots=True)
class ReplyItem:
    """One line of a list reply: an article, a source, a topic. `title` and `detail` may hold
    feed text: adapters escape them like any feed text."""

    title: str
    url: str | None = None
    detail: str = ""
    actions: tuple[ReplyAction, ...] = ()


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    items: tuple[ReplyItem, ...] = ()
    ephemeral: bool = True
    ok: bool = True

    def as_text(self) -> str:
        lines = [self.text]
        for item in self.items:
            line = f"• {item.title}"
            if item.url:
                line += f" <{item.url}>"
            if item.detail:
                line += f" — {item.detail}"
            lines.append(line)
        return mentions.plain("\n".join(lines))


class CommandError(Exception):
    """A wrong command or argument: the message is shown to the caller as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(CommandError):
    pass
