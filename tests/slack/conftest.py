"""Fixtures for the Slack adapter tests: a started `FakeSlack` and adapters pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.adapters.events import ReactionEvent
from bot.adapters.slack import CommandReply, SlackAdapter, SlackCommandRequest
from tests.fakes.slack import FakeSlack

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


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def make_adapter(
    fake: FakeSlack, recorder: Recorder
) -> AsyncIterator[Callable[..., SlackAdapter]]:
    made: list[SlackAdapter] = []

    def make(**overrides: Any) -> SlackAdapter:
        args: dict[str, Any] = {
            "bot_token": fake.bot_token,
            "app_token": fake.app_token,
            "base_url": fake.base_url,
            "on_reaction": recorder.on_reaction,
            "on_command": recorder.on_command,
            "socket_ping_interval": 0.05,
        }
        args.update(overrides)
        adapter = SlackAdapter(**args)
        made.append(adapter)
        return adapter

    yield make
    for adapter in made:
        await adapter.close()
