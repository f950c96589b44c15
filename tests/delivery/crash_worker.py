"""The bot process the crash test kills: open the store, deliver everything pending through
the HTTP adapter, exit 0 when nothing is left. Prints "ready" once it is about to deliver.

    python -m tests.delivery.crash_worker <db path> <fake chat base url>
"""

from __future__ import annotations

import asyncio
import sys
import time

from bot.delivery.outbox import Outbox
from bot.delivery.ports import RateLimits
from bot.store import open_store
from tests.delivery.rawhttp import RawHttpChatAdapter


async def main(db_path: str, base_url: str) -> int:
    store = await open_store(db_path, clock=time.time)
    try:
        # The fake does not pace: generous limits, so kills land mid-delivery, not mid-wait.
        adapter = RawHttpChatAdapter(base_url, RateLimits(1000, 1.0, 10_000.0))
        outbox = Outbox(store, {"fake": adapter}, clock=time.time)
        print("ready", flush=True)
        while (await store.count_deliveries()).get("pending", 0):
            report = await outbox.deliver_pending()
            if not (report.sent or report.recovered):
                await asyncio.sleep(0.01)  # only retries in the future are left
        return 0
    finally:
        await store.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
