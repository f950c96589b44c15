"""One feed poll's I/O half: fetch (network or trusted file) and parse unless unchanged.

Why here and not in the poller: "a 304 costs no parsing" is a property of this layer worth a
test of its own, and the file-versus-network decision (``trusted``) must be made in exactly one
place. The poller stores validators, schedules and records entries on top of this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.sources.feeds import parse_feed
from bot.sources.filesource import is_file_source, read_file_source
from bot.sources.http import FEED_ACCEPT, FetchResult, GuardedClient
from bot.sources.types import ParsedFeed

__all__ = ["AsyncParser", "FeedFetch", "fetch_feed", "parse_inline"]

#: ``parse(body, final_url, content_type)`` run wherever the app likes (inline, thread, pool).
AsyncParser = Callable[[bytes, str, str | None], Awaitable[ParsedFeed]]


@dataclass(frozen=True, slots=True)
class FeedFetch:
    fetch: FetchResult
    feed: ParsedFeed | None  # None on 304: the body was not read and nothing was parsed


async def parse_inline(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    return parse_feed(body, url, content_type)


async def fetch_feed(
    client: GuardedClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    trusted: bool = False,
    parse: AsyncParser = parse_inline,
) -> FeedFetch:
    """Fetch ``url`` with conditional GET and parse the answer.

    ``trusted`` is True only for sources written in config.toml; it is what allows ``file:``.
    Raises the ``FetchError`` family; parsing never raises (problems are in the feed).
    """
    if is_file_source(url):
        fetched = await read_file_source(url, trusted=trusted, max_bytes=client.settings.max_bytes)
    else:
        fetched = await client.fetch(
            url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT
        )
    if fetched.not_modified:
        return FeedFetch(fetched, None)
    return FeedFetch(fetched, await parse(fetched.body, fetched.final_url, fetched.content_type))
