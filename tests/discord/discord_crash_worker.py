"""The bot process the Discord crash test kills: log in to the fake Discord (REST only) and
deliver everything pending through `DiscordAdapter` with the real store and outbox; exit 0 when
nothing is left. Prints "ready" once it is about to deliver.

    python -m tests.discord.discord_crash_worker <db path> <fake api base>
"""

from __future__ import annotations

import asyncio
import sys

import discord.http

from bot.adapters.discord import DiscordAdapter
from tests.delivery.crash_worker import UNPACED, deliver_all
from tests.fakes.discord import FAKE_TOKEN


async def main(db_path: str, api_base: str) -> int:
    discord.http.Route.BASE = api_base
    adapter = DiscordAdapter()
    adapter.limits = UNPACED
    try:
        await adapter.login(FAKE_TOKEN)
        return await deliver_all(db_path, adapter)
    finally:
        await adapter.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
