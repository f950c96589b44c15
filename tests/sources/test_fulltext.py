"""Teaser detection and full-text fetching through the client, extraction in a pool."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiohttp import web

from bot.sources.errors import BlockedAddress, HTTPStatusError
from bot.sources.fulltext import Extractor, fetch_full_text, is_teaser
from bot.sources.types import FeedEntry

from .conftest import FakeSite, guarded_client


def _entry(summary: str, content: str = "", link: str | None = "https://ex.com/a") -> FeedEntry:
    return FeedEntry("id", "T", link, None, summary, content)


@pytest.mark.parametrize(
    ("summary", "content", "teaser"),
    [
        ("Short intro.", "", True),
        ("word " * 200, "", False),
        ("word " * 200 + "…", "", True),
        ("word " * 200 + " [...]", "", True),
        ("word " * 200 + " Read more", "", True),
        ("word " * 200 + " Continue reading →", "", True),
        ("Short.", "word " * 200, False),
    ],
)
def test_is_teaser(summary: str, content: str, teaser: bool) -> None:
    assert is_teaser(_entry(summary, content)) is teaser


def test_no_link_no_fetch() -> None:
    assert not is_teaser(_entry("short", link=None))


def fake_extract(page: str, url: str) -> tuple[str, str]:
    """Module-level like the real extractor, so a process pool could pickle it."""
    return ("Extracted " + url.rsplit("/", 1)[-1], page.split("<p>", 1)[1].split("</p>")[0])


async def test_fetch_full_text_runs_extraction_in_the_pool(site: FakeSite) -> None:
    async def article(request: web.Request) -> web.StreamResponse:
        body = "<html><head><meta charset='iso-8859-1'></head><p>Déjà vu body</p></html>"
        return web.Response(body=body.encode("iso-8859-1"), content_type="text/html")

    site.route("/story", article)
    await site.start()
    calls: list[tuple[Extractor, str]] = []
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1) as pool:

        def run_in_pool(fn: Extractor, page: str, url: str) -> Awaitable[tuple[str, str]]:
            calls.append((fn, url))
            return loop.run_in_executor(pool, fn, page, url)

        async with guarded_client() as client:
            full = await fetch_full_text(client, site.url("/story"), run_in_pool, fake_extract)
    assert full.text == "Déjà vu body"
    assert full.title == "Extracted story"
    assert calls == [(fake_extract, site.url("/story"))]
    assert "text/html" in site.requests[0].headers["Accept"]


async def test_fetch_full_text_errors_and_guard(site: FakeSite) -> None:
    async def gone(request: web.Request) -> web.StreamResponse:
        return web.Response(status=410)

    site.route("/gone", gone)
    await site.start()

    async def never(fn: Extractor, page: str, url: str) -> tuple[str, str]:
        raise AssertionError("nothing to extract")

    async with guarded_client() as client:
        with pytest.raises(HTTPStatusError):
            await fetch_full_text(client, site.url("/gone"), never, fake_extract)
        with pytest.raises(BlockedAddress):
            await fetch_full_text(client, "http://169.254.169.254/x", never, fake_extract)
