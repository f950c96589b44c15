"""fetch_feed: 304 costs no parsing; file: only when trusted; per-host limit holds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiohttp import web

from bot.sources.errors import Timeout, UnsupportedScheme
from bot.sources.feedfetch import fetch_feed
from bot.sources.feeds import parse_feed
from bot.sources.types import ParsedFeed

from .conftest import FakeSite, guarded_client

FEED = (
    b"<rss version='2.0'><channel><title>F</title>"
    b"<item><title>One</title><link>https://ex.com/1</link></item></channel></rss>"
)


async def test_304_is_not_parsed(site: FakeSite) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == '"e1"':
            return web.Response(status=304)
        return web.Response(body=FEED, headers={"ETag": '"e1"'})

    site.route("/feed", handler)
    await site.start()
    parsed: list[bytes] = []

    async def counting_parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
        parsed.append(body)
        return parse_feed(body, url, content_type)

    async with guarded_client() as client:
        first = await fetch_feed(client, site.url("/feed"), parse=counting_parse)
        assert first.feed is not None and first.feed.entries[0].title == "One"
        second = await fetch_feed(
            client, site.url("/feed"), etag=first.fetch.etag, parse=counting_parse
        )
    assert second.fetch.not_modified and second.feed is None
    assert parsed == [FEED]  # the 304 never reached the parser


async def test_file_feed_needs_trust(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    async with guarded_client() as client:
        trusted = await fetch_feed(client, path.as_uri(), trusted=True)
        assert trusted.feed is not None and len(trusted.feed.entries) == 1
        with pytest.raises(UnsupportedScheme):
            await fetch_feed(client, path.as_uri())  # e.g. added from chat


async def test_per_host_limit(site: FakeSite) -> None:
    gate = asyncio.Event()
    two_in = asyncio.Event()
    state = {"now": 0, "max": 0}

    async def slow(request: web.Request) -> web.StreamResponse:
        state["now"] += 1
        state["max"] = max(state["max"], state["now"])
        if state["now"] >= 2:
            two_in.set()
        await gate.wait()
        state["now"] -= 1
        return web.Response(body=FEED)

    site.route("/feed", slow)
    await site.start()
    async with guarded_client(per_host_limit=2) as client:
        tasks = [asyncio.create_task(client.fetch(site.url(f"/feed?n={i}"))) for i in range(5)]
        await asyncio.wait_for(two_in.wait(), 2)
        await asyncio.sleep(0.05)  # room for a third request to (wrongly) arrive
        assert state["now"] == 2
        gate.set()
        results = await asyncio.gather(*tasks)
    assert all(r.body == FEED for r in results)
    assert state["max"] == 2


async def test_waiting_for_a_busy_host_is_timed_and_said_so(site: FakeSite) -> None:
    """Issue 18: a request's timeout counts its wait for a per-host slot (a caller's budget is
    the timeout, however busy the host), and the error says it never reached the server."""
    never = asyncio.Event()

    async def stall(request: web.Request) -> web.StreamResponse:
        await never.wait()
        raise AssertionError("unreachable")

    async def quick(request: web.Request) -> web.StreamResponse:
        return web.Response(body=FEED)

    site.route("/stall", stall)
    site.route("/quick", quick)
    await site.start()
    async with guarded_client(per_host_limit=1, total_timeout=0.3) as client:
        slow = asyncio.create_task(client.fetch(site.url("/stall"), total_timeout=60))
        await asyncio.sleep(0)  # let it take the host's only slot first
        with pytest.raises(Timeout) as caught:
            await client.fetch(site.url("/quick"))
        assert "no free connection to 127.0.0.2 within 0.3s" in str(caught.value)
        assert "at most 1 at a time per host" in str(caught.value)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
