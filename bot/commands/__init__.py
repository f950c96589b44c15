"""Platform-neutral command handlers: take a request, return a `Reply`."""

from __future__ import annotations

from bot.commands.effective import effective_config
from bot.commands.handlers import HELP, Commands, needs
from bot.commands.text import ParsedCommand, parse_command
from bot.commands.types import Caller, CommandError, PermissionDenied, Reply, ReplyItem

__all__ = [
    "HELP",
    "Caller",
    "CommandError",
    "Commands",
    "ParsedCommand",
    "PermissionDenied",
    "Reply",
    "ReplyItem",
    "effective_config",
    "needs",
    "parse_command",
]
