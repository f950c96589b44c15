"""The bot process the crash test kills: open the store, deliver everything pending through
the HTTP adapter, exit 0 when nothing is left. Prints "ready" once it is about to deliver.

    python -m tests.delivery.crash_worker <db path> <fake chat base url>

`deliver_all` is also the delivering half of the Discord and Slack crash workers, which only
build and close their own adapter. This module imports no HTTP library: the crash test starts
it 50 times, and aiohttp's import alone would cost half a second each time.
"""

from __future__ import annotations

import asyncio
import sys
import time

from bot.delivery.outbox import Outbox
from bot.delivery.ports import Adapter, RateLimits
from bot.store import open_store
from tests.delivery.rawhttp import RawHttpChatAdapter

__all__ = ["UNPACED", "deliver_all"]

# Pacing is not under test in the crash tests (the fakes do not pace unless told to): generous
# limits, so the kills land while posts are going out rather than during pacing waits.
UNPACED = RateLimits(1000, 1.0, 10_000.0)


async def deliver_all(db_path: str, adapter: Adapter) -> int:
    """Deliver every pending row through `adapter` with the real store and outbox; 0 when done."""
    store = await open_store(db_path, clock=time.time)
    try:
        outbox = Outbox(store, {adapter.platform: adapter}, clock=time.time)
        print("ready", flush=True)
        while (await store.count_deliveries()).get("pending", 0):
            report = await outbox.deliver_pending()
            if not (report.sent or report.recovered):
                await asyncio.sleep(0.01)  # only retries in the future are left
        return 0
    finally:
        await store.close()


async def main(db_path: str, base_url: str) -> int:
    return await deliver_all(db_path, RawHttpChatAdapter(base_url, UNPACED))


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
