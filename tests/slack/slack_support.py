"""Shared helpers for the Slack tests (kept out of conftest.py so test modules can import them
by a unique name)."""

from __future__ import annotations

from bot.adapters.events import ReactionEvent
from bot.adapters.slack import CommandReply, SlackCommandRequest

__all__ = ["SIGNING_SECRET", "Recorder"]

SIGNING_SECRET = "test-signing-secret"  # an obviously fake value


class Recorder:
    """Collects what the adapter hands to its injected callbacks."""

    def __init__(self) -> None:
        self.reactions: list[ReactionEvent] = []
        self.commands: list[tuple[str, SlackCommandRequest]] = []
        self.reply: CommandReply | None = CommandReply(text="ok")

    async def on_reaction(self, event: ReactionEvent) -> None:
        self.reactions.append(event)

    async def on_command(self, name: str, request: SlackCommandRequest) -> CommandReply | None:
        self.commands.append((name, request))
        return self.reply
