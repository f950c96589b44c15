"""The bot process the Slack crash test kills: open the store, point a `SlackAdapter` at the
fake Slack's Web API and deliver everything pending through the real outbox; exit 0 when
nothing is left. Prints "ready" once it is about to deliver.

Socket Mode is never started: sending needs only the adapter's Web API client, which the
constructor builds (the app token is required by the constructor, not used here).

    python -m tests.slack.slack_crash_worker <db path> <fake base url> <bot token> <app token>
"""

from __future__ import annotations

import asyncio
import sys
import time

from bot.adapters.slack import SlackAdapter
from bot.delivery.outbox import Outbox
from bot.delivery.ports import RateLimits
from bot.store import open_store


async def main(db_path: str, base_url: str, bot_token: str, app_token: str) -> int:
    store = await open_store(db_path, clock=time.time)
    adapter = SlackAdapter(
        bot_token=bot_token, app_token=app_token, base_url=base_url, mode="socket"
    )
    # Pacing is not under test here (the fake does not rate-limit unless told to): generous
    # limits, so the kills land while posts are going out rather than during pacing waits.
    adapter.limits = RateLimits(1000, 1.0, 10_000.0)
    try:
        outbox = Outbox(store, {"slack": adapter}, clock=time.time)
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
    sys.exit(asyncio.run(main(*sys.argv[1:5])))
