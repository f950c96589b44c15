"""Three delivering processes on one bot token share Discord's global REST budget (50/s):
each paces its requests to 50 / 3, so together they stay under the fake's global limit.

Real time, because discord.py's HTTP client and the fake run on it: the three outboxes send
75 requests in all, about 1.5 s at the shared pace (and under half a second, with global
429s, if each process took the whole budget for itself)."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.discord import DiscordAdapter
from bot.delivery.budget import PeerCount
from bot.delivery.outbox import Outbox
from bot.store import Store, open_store
from tests.fakes.discord import FAKE_TOKEN, FakeDiscord, Recorded
from tests.platform_harness import add_article

PROCESSES = 3
CHANNELS = 4  # per process
POSTS = 5  # per channel: Discord's 5 per 5 s, so no channel waits


@pytest.fixture
async def limited() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(global_per_second=50)
    await server.start()
    server.patch_discord()
    yield server
    await server.close()


async def three_peers() -> int:
    return PROCESSES


def most_in_a_second(requests: list[Recorded]) -> int:
    times = sorted(r.at for r in requests)
    best = j = 0
    for i, t in enumerate(times):
        while times[j] <= t - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


async def process(fake: FakeDiscord, store: Store, guild: int) -> tuple[DiscordAdapter, Outbox]:
    """A delivery process: its own outbox and REST-only Discord client, 3 peers alive."""
    peers = PeerCount(three_peers, clock=time.time)
    adapter = DiscordAdapter(peers=peers)
    await adapter.login(FAKE_TOKEN)
    outbox = Outbox(store, {"discord": adapter}, clock=time.time, peers=peers)
    channels = [fake.add_channel(guild, f"news-{n}") for n in range(CHANNELS)]
    for n in range(POSTS):
        targets = [("discord", str(guild), str(c)) for c in channels]
        await add_article(store, targets, f"Story {n}", summary="Something happened.")
    return adapter, outbox


async def test_three_processes_share_the_global_budget(
    limited: FakeDiscord, tmp_path: Path
) -> None:
    fake = limited
    stores = [await open_store(tmp_path / f"p{n}.db", clock=time.time) for n in range(3)]
    guilds = [fake.add_guild(f"Guild {n}", channels=()) for n in range(PROCESSES)]
    adapters: list[DiscordAdapter] = []
    try:
        outboxes = []
        for store, guild in zip(stores, guilds, strict=True):
            adapter, outbox = await process(fake, store, guild)
            adapters.append(adapter)
            outboxes.append(outbox)
        fake.requests.clear()  # the logins; what follows is delivery only
        reports = await asyncio.gather(*(o.deliver_pending() for o in outboxes))

        assert [r.sent for r in reports] == [CHANNELS * POSTS] * PROCESSES
        assert fake.global_limited == []
        assert fake.rate_limited == []
        sent = [r for r in fake.requests if r.authorized]
        assert len(sent) >= PROCESSES * CHANNELS * POSTS
        assert most_in_a_second(sent) <= 50
        for guild in guilds:
            mine = {str(c) for c in fake.channel_ids(guild)}
            theirs = [r for r in sent if r.path.split("/")[4] in mine]
            assert most_in_a_second(theirs) <= math.ceil(50 / PROCESSES)
    finally:
        for adapter in adapters:
            await adapter.close()
        for store in stores:
            await store.close()
