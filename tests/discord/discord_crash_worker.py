"""The bot process the Discord crash test kills: open the store, log in to the fake Discord
(REST only) and deliver everything pending through `DiscordAdapter`; exit 0 when nothing is
left. Prints "ready" once it is about to deliver.

    python -m tests.discord.discord_crash_worker <db path> <fake api base>
"""

from __future__ import annotations

import asyncio
import sys
import time

import discord.http

from bot.adapters.discord import DiscordAdapter
from bot.delivery.outbox import Outbox
from bot.delivery.ports import RateLimits
from bot.store import open_store
from tests.fakes.discord import FAKE_TOKEN


async def main(db_path: str, api_base: str) -> int:
    discord.http.Route.BASE = api_base
    store = await open_store(db_path, clock=time.time)
    adapter = DiscordAdapter()
    # Pacing is not under test here: generous limits, so kills land mid-delivery, not mid-wait.
    adapter.limits = RateLimits(1000, 1.0, 10_000.0)
    try:
        await adapter.login(FAKE_TOKEN)
        outbox = Outbox(store, {"discord": adapter}, clock=time.time)
        print("ready", flush=True)
        while (await store.count_deliveries()).get("pending", 0):
            report = await outbox.deliver_pending()
            if not (report.sent or report.recovered):
                await asyncio.sleep(0.01)  # only retries in the future are left
        return 0
    finally:
        await adapter.close()
        await store.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
