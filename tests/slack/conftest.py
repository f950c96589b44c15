"""Fixtures for the Slack adapter tests: a started `FakeSlack` and adapters pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.adapters.slack import SlackAdapter
from tests.fakes.slack import FakeSlack
from tests.slack.slack_support import Recorder


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
