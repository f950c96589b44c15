"""Test helpers shared across the suites: injected time and a temporary store."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from bot.store import Store, open_store

T0 = 1_790_000_000.0  # 2026-09-21 13:33:20 UTC, a Monday afternoon


class FakeClock:
    """Time that moves only when told, or when the code under test sleeps."""

    def __init__(self, now: float = T0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextlib.asynccontextmanager
async def temp_store(path: Path | str, clock: FakeClock) -> AsyncIterator[Store]:
    store = await open_store(path, clock=clock)
    try:
        yield store
    finally:
        await store.close()


# Distinct words for generated headlines, so that no two test stories read as the same story.
WORDS = (
    "harbor",
    "council",
    "budget",
    "vaccine",
    "orchestra",
    "glacier",
    "senate",
    "drought",
    "festival",
    "satellite",
    "railway",
    "museum",
    "tariff",
    "election",
    "wildfire",
    "bakery",
    "reactor",
    "canal",
    "pension",
    "marathon",
    "volcano",
    "library",
    "startup",
    "court",
    "ferry",
    "vineyard",
    "stadium",
    "hospital",
    "airline",
    "refinery",
)
