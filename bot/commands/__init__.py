"""Platform-neutral command handlers: take a request, return a `Reply`."""

from __future__ import annotations

from bot.commands.effective import effective_config
from bot.commands.handlers import HELP, Commands, needs, posts_here
from bot.commands.text import ParsedCommand, parse_command
from bot.commands.types import (
    POSTABLE,
    Caller,
    CommandError,
    PermissionDenied,
    PostAccess,
    Reply,
    ReplyItem,
)

__all__ = [
    "HELP",
    "POSTABLE",
    "Caller",
    "CommandError",
    "Commands",
    "ParsedCommand",
    "PermissionDenied",
    "PostAccess",
    "Reply",
    "ReplyItem",
    "effective_config",
    "needs",
    "parse_command",
    "posts_here",
]
