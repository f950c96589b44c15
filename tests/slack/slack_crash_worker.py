"""The bot process the Slack crash test kills: point a `SlackAdapter` at the fake Slack's Web
API and deliver everything pending through the real store and outbox; exit 0 when nothing is
left. Prints "ready" once it is about to deliver.

Socket Mode is never started: sending needs only the adapter's Web API client, which the
constructor builds (the app token is required by the constructor, not used here).

    python -m tests.slack.slack_crash_worker <db path> <fake base url> <bot token> <app token>
"""

from __future__ import annotations

import asyncio
import sys

from bot.adapters.slack import SlackAdapter
from tests.delivery.crash_worker import UNPACED, deliver_all


async def main(db_path: str, base_url: str, bot_token: str, app_token: str) -> int:
    adapter = SlackAdapter(
        bot_token=bot_token, app_token=app_token, base_url=base_url, mode="socket"
    )
    adapter.limits = UNPACED
    try:
        return await deliver_all(db_path, adapter)
    finally:
        await adapter.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:5])))
