"""Shared helpers for the Slack tests (kept out of conftest.py so test modules can import them
by a unique name)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import Awaitable, Callable

from bot.adapters.events import ReactionEvent
from bot.adapters.slack import CommandReply, SlackCommandRequest

__all__ = [
    "FORM",
    "JSON",
    "SIGNING_SECRET",
    "STALE",
    "Recorder",
    "eventually",
    "eventually_async",
    "settle",
    "signed_headers",
]

SIGNING_SECRET = "test-signing-secret"  # an obviously fake value
STALE = 6 * 60  # seconds: past Bolt's five-minute window
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


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


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, age: float = 0.0, content_type: str
) -> dict[str, str]:
    """Headers Slack would send with `body`: a v0 HMAC signature over the timestamp and body.

    The timestamp is wall-clock time because Bolt checks it against wall-clock time."""
    timestamp = str(int(time.time() - age))
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest}",
    }


async def eventually(check: Callable[[], bool]) -> None:
    """Until `check()` holds; fails after two seconds.

    Bolt runs listeners as background tasks after the ack and offers no completion hook, so
    this polls in 2 ms steps (a command normally completes within a few steps).
    """
    async with asyncio.timeout(2):
        while not check():  # noqa: ASYNC110 - no event to wait on, see docstring
            await asyncio.sleep(0.002)


async def eventually_async(check: Callable[[], Awaitable[bool]]) -> None:
    """`eventually` for a check that has to query the store."""
    async with asyncio.timeout(2):
        while not await check():  # noqa: ASYNC110 - see `eventually`
            await asyncio.sleep(0.002)


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)
