"""The full-text deadline of a poll: pages that have not arrived when it passes are given up,
and their entries are posted with the feed's text. The deadline runs on the app's injected
sleep, so nothing here waits for real."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.config import parse_config
from bot.deadline import Deadline
from bot.sources.http import ClientSettings, GuardedClient
from tests.conftest import RSS_HEAD, rss_item
from tests.test_pipeline_network import ARTICLE_HTML, Clock, config_text


class Stalls:
    """A site whose /ferry page answers and whose /stall/N pages never do."""

    def __init__(self) -> None:
        self.stalled: list[str] = []
        self.release = asyncio.Event()
        self.all_stalled = asyncio.Event()
        self.expected = 0
        self.feed = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/rss":
            return web.Response(text=self.feed, content_type="application/rss+xml")
        if request.path == "/ferry":
            return web.Response(text=ARTICLE_HTML, content_type="text/html")
        self.stalled.append(request.path)
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        await response.write(b"<")  # one byte, then nothing
        if len(self.stalled) == self.expected:
            self.all_stalled.set()
        await self.release.wait()
        return response


@pytest.fixture
async def stalls() -> AsyncIterator[tuple[Stalls, str]]:
    s = Stalls()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", s.handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield s, f"http://127.0.0.1:{server.port}"
    s.release.set()
    await server.close()


async def test_pages_not_in_by_the_deadline_are_posted_with_their_feed_text(
    tmp_path: Path, stalls: tuple[Stalls, str]
) -> None:
    s, base = stalls
    ferry = (1, "Ferry service returns", "<p>The harbour ferry is back… Read more</p>", "")
    slow = [
        (
            n,
            f"Bus stop {n} moves",
            f"<p>The agency will move bus stop {n} to the corner of Main Street in May, planners "
            "said on Friday. Riders had asked for a shelter at the stop for years.</p>",
            "",
        )
        for n in (2, 3)
    ]
    items = []
    for i, (n, title, body, _) in enumerate([ferry, *slow]):
        date = f"Mon, 16 Nov 2026 1{i}:00:00 GMT"  # the ferry is oldest: fetched first
        link = f"{base}/ferry" if n == 1 else f"{base}/stall/{n}"
        items.append(
            rss_item(n, title, body, date).replace(f"https://desk.example/story/{n}", link)
        )
    s.feed = RSS_HEAD + "".join(items) + "</channel></rss>"
    s.expected = len(slow)
    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        # The deadline passes once every slow page is stuck mid-body (and, two slots per
        # host, the ferry page has come and gone before the second slow one could start).
        asked.append(seconds)
        await s.all_stalled.wait()

    sources = '[[sources]]\nname = "Harbour"\nurl = "BASE/rss"\nbackfill = 10\n'
    text = config_text(tmp_path, base, sources).replace(
        "allow_private_networks = true",
        "allow_private_networks = true\nfulltext_deadline_seconds = 7",
    )
    out = io.StringIO()
    client = GuardedClient(ClientSettings(allow_private_networks=True, per_host_limit=2))
    app = await App.open(
        parse_config(text),
        {"console": ConsoleAdapter(out)},
        clock=Clock(),
        processes=0,
        client=client,
        sleep=sleep,
    )
    try:
        summary = await asyncio.wait_for(app.run_once(), timeout=20)  # a safety net only
    finally:
        await app.close()
        await client.close()
    assert asked[0] == 7.0
    assert [p.status for p in summary.polls] == ["ok"] and summary.new == 3
    posted = out.getvalue()
    assert "4,000 commuters" in posted  # the page that arrived in time is used
    for n in (2, 3):
        assert f"move bus stop {n} to the corner" in posted  # the others keep the feed's text
    assert sorted(s.stalled) == ["/stall/2", "/stall/3"]


async def test_deadline_cuts_what_is_still_running_and_then_everything() -> None:
    ring = asyncio.Event()
    never = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await ring.wait()

    async def quick(x: int) -> int:
        return x

    async def stuck() -> int:
        await never.wait()
        return 0

    async def ring_soon() -> int:
        ring.set()
        return 2

    deadline = Deadline(5, sleep)
    assert await deadline.gather([quick(1)]) == [1] and not deadline.passed
    assert await deadline.gather([stuck(), ring_soon(), quick(3)]) == [None, 2, 3]
    assert deadline.passed and deadline.cut == 1
    assert await deadline.gather([quick(4)]) == [None]  # past the deadline: not even started
    assert deadline.cut == 2
    deadline.close()


async def test_an_error_from_an_await_propagates() -> None:
    async def boom() -> int:
        raise ValueError("boom")

    never = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await never.wait()

    deadline = Deadline(5, sleep)
    with pytest.raises(ValueError, match="boom"):
        await deadline.gather([boom()])
    deadline.close()
