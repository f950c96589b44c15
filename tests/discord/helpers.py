"""Helpers shared by the Discord tests (imported as ``tests.discord.helpers``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.adapters.discord import DiscordAdapter
from bot.adapters.events import ReactionEvent
from bot.delivery.ports import ChannelRef
from tests.fakes.discord import FAKE_TOKEN, FakeDiscord

__all__ = ["Guild", "ReactionRecorder", "connect"]


@dataclass
class ReactionRecorder:
    events: list[ReactionEvent] = field(default_factory=list)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def __call__(self, event: ReactionEvent) -> None:
        async with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    async def wait_for(self, count: int, within: float = 5.0) -> None:
        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.events) >= count)

        await asyncio.wait_for(until(), within)


@dataclass(frozen=True)
class Guild:
    id: int
    channel: int

    @property
    def ref(self) -> ChannelRef:
        return ChannelRef("discord", str(self.id), str(self.channel))


async def connect(fake: FakeDiscord, **options: object) -> DiscordAdapter:
    adapter = DiscordAdapter(guild_ready_timeout=0.01, **options)  # type: ignore[arg-type]
    await adapter.start(FAKE_TOKEN)
    await adapter.wait_until_ready()
    return adapter
