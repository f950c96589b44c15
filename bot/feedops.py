"""The app's side of following feeds from chat (`bot.commands.follow.FeedOps`).

Kept out of `bot.app` so the app only hands it to the commands: finding and reading a feed
through the guarded client, arming a followed source's first poll, and polling a source now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import CommandError
from bot.commands.follow import FeedCheck, PollReport
from bot.pipeline import FirstRun
from bot.sources.errors import SourceError
from bot.sources.http import FEED_ACCEPT
from bot.store import NotFound
from bot.worktasks import parse_feed

if TYPE_CHECKING:
    from bot.app import App

__all__ = ["AppFeeds"]

Channel = tuple[str, str, str]


class AppFeeds:
    def __init__(self, app: App) -> None:
        self.app = app

    async def check_feed(self, url: str) -> FeedCheck:
        """The first feed `url` is or announces that the guarded client fetches and parses."""
        client = self.app.client
        if client is None:
            raise CommandError("This bot runs without network access, so it cannot follow feeds.")
        found = await self.app.discover(url)
        problems = []
        for candidate in found[:3]:
            try:
                result = await client.fetch(candidate, accept=FEED_ACCEPT)
            except SourceError as e:
                problems.append(f"{candidate}: {e}")
                continue
            parsed = await self.app.workers.run(
                parse_feed, result.body, result.final_url, result.content_type
            )
            if parsed.parser:
                return FeedCheck(result.final_url, parsed.title, len(parsed.entries))
            problems.append(f"{candidate} is not a feed")
        if problems:
            raise CommandError(
                f"No feed could be read at {url}: {'; '.join(problems)}. Give the feed's own "
                "address."
            )
        raise CommandError(
            f"No feed found at {url}: it is not a feed, announces none, and none answers at "
            "the usual paths (/feed, /rss…). Give the feed's own address."
        )

    def expect_first_run(self, source: str, backfill: int, channel: Channel) -> None:
        self.app.pipeline.first_run(source, FirstRun(backfill, frozenset({channel})))

    async def poll_source(self, name: str) -> PollReport:
        try:
            row = await self.app.store.get_source(name)
        except NotFound:
            raise CommandError(f"No source named {name!r}.") from None
        outcome = await self.app.pipeline.poll(row)
        if outcome.deliveries:
            self.app.outbox.notify()
        return PollReport(
            outcome.status,
            outcome.new,
            outcome.updated,
            outcome.seen_only,
            outcome.deliveries,
            outcome.error,
        )
