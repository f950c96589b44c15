"""The pipeline against a local HTTP server: conditional GET, failures and pausing, first run,
republished and reordered entries, updates, teasers with full text, page sources."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.config import parse_config
from bot.delivery.ports import ChannelRef, Post
from bot.sources.http import ClientSettings, GuardedClient
from tests.conftest import RSS_HEAD, rss_item

ARTICLE_HTML = """<html><head><title>Ferry service returns</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Ferry service returns to the harbour</h1>
<p>The harbour ferry will run again from Monday after a two-year pause, the transit agency
said on Thursday, restoring a crossing used by 4,000 commuters a day.</p>
<p>“We listened to riders who told us the bridge detour added an hour to their day,” said
Dana Whitfield, the agency's director of operations.</p>
<p>The ferry will run every 20 minutes at peak times and every hour in the evening.</p>
<p>Fares will match the bus network, and transfers to buses and trains will be free.</p>
</article></body></html>"""

LISTING_HTML = """<html><body><nav><a href="/about">About</a></nav><main>
<h2><a href="/news/2026/11/ferry-returns">Ferry service returns to the harbour</a></h2>
<h2><a href="/news/2026/11/bus-lanes-open">New bus lanes open on Main Street</a></h2>
</main></body></html>"""


@dataclass
class Site:
    feeds: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    etag_hits: int = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if path in self.status:
            return web.Response(status=self.status[path], headers={"Retry-After": "120"})
        if path in self.feeds:
            body = self.feeds[path]
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if request.headers.get("If-None-Match") == etag:
                self.etag_hits += 1
                return web.Response(status=304, headers={"ETag": etag})
            return web.Response(
                text=body, content_type="application/rss+xml", headers={"ETag": etag}
            )
        if path in self.pages:
            return web.Response(text=self.pages[path], content_type="text/html")
        return web.Response(status=404)


@pytest.fixture
async def site() -> AsyncIterator[tuple[Site, str]]:
    s = Site()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", s.handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield s, f"http://127.0.0.1:{server.port}"
    await server.close()


class Clock:
    def __init__(self) -> None:
        self.t = 1_795_000_000.0  # 2026-11-17

    def __call__(self) -> float:
        return self.t


def feed(items: list[tuple[int, str, str, str]]) -> str:
    return RSS_HEAD + "".join(rss_item(n, t, b, d) for n, t, b, d in items) + "</channel></rss>"


def config_text(tmp_path: Path, base: str, sources: str, **posting: object) -> str:
    extra = "".join(f"{k} = {v}\n" for k, v in posting.items())
    return f"""
[database]
path = "{tmp_path / "bot.db"}"
[network]
allow_private_networks = true
[posting]
max_age_hours = 1000000
{extra}
{sources.replace("BASE", base)}
[[topics]]
name = "transit"
keywords = ["transit", "ferry", "bus"]
[[channels]]
id = "commuters"
topics = ["transit"]
"""


async def open_app(text: str, clock: Clock) -> tuple[App, io.StringIO]:
    out = io.StringIO()
    client = GuardedClient(ClientSettings(allow_private_networks=True))
    app = await App.open(
        parse_config(text),
        {"console": ConsoleAdapter(out)},
        clock=clock,
        processes=0,
        client=client,
    )
    return app, out


DATE = "Mon, 16 Nov 2026 10:00:00 GMT"
BUS = (
    1,
    "Bus route 9 extended",
    "<p>The transit agency extended bus route 9 to the "
    "airport, adding 12 stops.</p><p>“Riders asked for this,” said planner Ana Soto.</p>",
    DATE,
)
TRAM = (
    2,
    "Tram fares frozen",
    "<p>Transit fares on the tram will not rise next year, the city said.</p>",
    "Mon, 16 Nov 2026 11:00:00 GMT",
)


async def test_conditional_get_costs_no_parse_and_the_same_url_is_fetched_once(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    s, base = site
    s.feeds["/rss"] = feed([BUS, TRAM])
    sources = """
[[sources]]
name = "Desk"
url = "BASE/rss"
backfill = 10
[[sources]]
name = "Desk again"
url = "BASE/rss"
backfill = 10
"""
    clock = Clock()
    app, out = await open_app(config_text(tmp_path, base, sources), clock)
    try:
        summary = await app.run_once()
        assert s.hits["/rss"] == 1  # two sources, one fetch
        assert summary.new == 4  # recorded under both sources...
        assert out.getvalue().count("Bus route 9 extended") == 2  # ...each posts once
        clock.t += 3600
        summary = await app.run_once()
        assert s.hits["/rss"] == 2 and s.etag_hits == 1
        assert {p.status for p in summary.polls} == {"not-modified"}
        assert summary.new == 0
    finally:
        await app.close()


async def test_failures_back_off_then_pause_with_one_notice(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    s, base = site
    s.feeds["/rss"] = feed([BUS])
    sources = '[[sources]]\nname = "Flaky"\nurl = "BASE/rss"\ntopics = ["transit"]\n'
    clock = Clock()
    app, out = await open_app(config_text(tmp_path, base, sources, pause_after_failures=3), clock)
    try:
        await app.run_once()
        s.status["/rss"] = 503
        next_polls = []
        for _ in range(4):
            clock.t += 2 * 86400
            summary = await app.run_once()
            [src] = await app.store.list_sources()
            next_polls.append((src.next_poll_at or 0) - clock.t)
        assert summary.polls == []  # paused sources are not polled
        assert src.paused and src.error_count == 3 and "503" in (src.last_error or "")
        assert next_polls[0] >= 120  # Retry-After honoured
        assert next_polls[1] > next_polls[0]  # backing off
        assert out.getvalue().count("Source paused: Flaky") == 1
    finally:
        await app.close()


async def test_first_run_posts_at_most_backfill_of_a_big_feed(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    s, base = site
    items = [
        (
            n,
            f"Bus story {n}",
            "<p>The bus network grew again.</p>",
            f"Sun, 15 Nov 2026 {n // 60 % 24:02d}:{n % 60:02d}:00 GMT",
        )
        for n in range(500)
    ]
    s.feeds["/rss"] = feed(items)
    sources = '[[sources]]\nname = "Big"\nurl = "BASE/rss"\nbackfill = 2\n'
    app, out = await open_app(config_text(tmp_path, base, sources), Clock())
    try:
        summary = await app.run_once()
        assert summary.new == 2
        assert sum(p.seen_only for p in summary.polls) == 498
        assert out.getvalue().count("📰") == 2
        assert "Bus story 499" in out.getvalue() and "Bus story 498" in out.getvalue()
    finally:
        await app.close()


async def test_reordered_or_redated_entries_are_not_reposted_and_edits_are_updates(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    s, base = site
    s.feeds["/rss"] = feed([BUS, TRAM])
    sources = '[[sources]]\nname = "Desk"\nurl = "BASE/rss"\nbackfill = 10\n'
    clock = Clock()
    app, out = await open_app(config_text(tmp_path, base, sources), clock)
    try:
        await app.run_once()
        posted = out.getvalue().count("📰")
        redated = (TRAM[0], TRAM[1], TRAM[2], "Tue, 17 Nov 2026 09:00:00 GMT")
        s.feeds["/rss"] = feed([redated, BUS])
        clock.t += 3600
        summary = await app.run_once()
        assert summary.new == 0 and out.getvalue().count("📰") == posted
        changed = (BUS[0], BUS[1], BUS[2] + "<p>Service starts in May.</p>", BUS[3])
        s.feeds["/rss"] = feed([changed, TRAM])
        clock.t += 3600
        summary = await app.run_once()
        assert summary.new == 0 and sum(p.updated for p in summary.polls) == 1
    finally:
        await app.close()


async def test_teaser_entries_get_the_full_article(tmp_path: Path, site: tuple[Site, str]) -> None:
    s, base = site
    teaser = (7, "Ferry service returns", "<p>The harbour ferry is back… Read more</p>", DATE)
    s.feeds["/rss"] = feed([teaser]).replace("https://desk.example/story/7", f"{base}/ferry")
    s.pages["/ferry"] = ARTICLE_HTML
    sources = '[[sources]]\nname = "Harbour"\nurl = "BASE/rss"\n'
    app, out = await open_app(config_text(tmp_path, base, sources), Clock())
    try:
        await app.run_once()
        assert s.hits.get("/ferry") == 1
        text = out.getvalue()
        assert "4,000 commuters" in text
        assert "Dana Whitfield" in text
    finally:
        await app.close()


async def test_page_source_turns_new_links_into_posts(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    s, base = site
    s.pages["/news"] = LISTING_HTML
    s.pages["/news/2026/11/ferry-returns"] = ARTICLE_HTML
    s.pages["/news/2026/11/bus-lanes-open"] = ARTICLE_HTML.replace("Ferry", "Bus lane")
    sources = '[[sources]]\nname = "Listing"\nkind = "page"\nurl = "BASE/news"\nbackfill = 5\n'
    app, out = await open_app(config_text(tmp_path, base, sources), Clock())
    try:
        summary = await app.run_once()
        assert summary.new == 2
        assert "Ferry service returns to the harbour" in out.getvalue()
        assert "/about" not in out.getvalue()
        summary = await app.run_once()
        assert summary.new == 0
    finally:
        await app.close()


async def test_chat_preview_and_source_add_with_feed_discovery(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    from bot.commands import Caller

    s, base = site
    s.pages["/ferry"] = ARTICLE_HTML
    s.pages["/"] = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feeds/all.xml">'
        "</head><body>Home</body></html>"
    )
    s.feeds["/feeds/all.xml"] = feed([BUS])
    app, _ = await open_app(config_text(tmp_path, base, ""), Clock())
    try:
        commands = app.commands()
        member = Caller("discord", "G1", "C1", "U1")
        reply = await commands.call("preview", member, url=f"{base}/ferry")
        assert reply.ok and reply.ephemeral
        assert "Ferry service returns" in reply.text and "transit" in reply.text
        assert any("Dana Whitfield" in item.detail for item in reply.items)
        missing = await commands.call("preview", member, url=f"{base}/gone")
        assert not missing.ok and "404" in missing.text

        admin = Caller("discord", "G1", "C1", "U2", is_admin=True)
        added = await commands.call(
            "source_add", admin, name="Harbour", url=f"{base}/", topics="transit"
        )
        assert added.ok, added.text
        source = await app.store.get_source("Harbour")
        assert source.url == f"{base}/feeds/all.xml" and source.origin == "chat"
        summary = await app.run_once()
        assert summary.new == 1  # polled with the next pass, no restart
    finally:
        await app.close()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _fast(request: web.Request) -> web.StreamResponse:
    return web.Response(text=feed([BUS]), content_type="application/rss+xml")


@contextlib.asynccontextmanager
async def slow_and_fast(
    tmp_path: Path,
    slow: Handler,
    adapter: ConsoleAdapter,
    *,
    client_timeout: float,
    slow_backfill: int,
) -> AsyncIterator[App]:
    """An app watching two sources of one local server: "Slow" (served by `slow`) and "Fast"
    (the bus story at once)."""
    site_ = web.Application()
    site_.router.add_get("/slow", slow)
    site_.router.add_get("/fast", _fast)
    server = TestServer(site_, host="127.0.0.1", port=0)
    await server.start_server()
    sources = (
        f'[[sources]]\nname = "Slow"\nurl = "BASE/slow"\nbackfill = {slow_backfill}\n'
        '[[sources]]\nname = "Fast"\nurl = "BASE/fast"\nbackfill = 5\n'
    )
    client = GuardedClient(
        ClientSettings(allow_private_networks=True, total_timeout=client_timeout)
    )
    app = await App.open(
        parse_config(config_text(tmp_path, f"http://127.0.0.1:{server.port}", sources)),
        {"console": adapter},
        clock=Clock(),
        processes=0,
        client=client,
    )
    try:
        yield app
    finally:
        await app.close()
        await server.close()


async def test_a_slow_source_does_not_delay_the_others(tmp_path: Path) -> None:
    never = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        await never.wait()  # never answers: the client's timeout ends it
        return web.Response(status=204)

    out = io.StringIO()
    try:
        async with slow_and_fast(
            tmp_path, slow, ConsoleAdapter(out), client_timeout=2.0, slow_backfill=1
        ) as app:
            summary = await app.run_once()
    finally:
        never.set()
    by_name = {p.source: p for p in summary.polls}
    assert by_name["Fast"].new == 1 and "Bus route 9 extended" in out.getvalue()
    assert by_name["Slow"].status == "error" and "within 2.0s" in (by_name["Slow"].error or "")


async def test_a_page_that_is_not_a_feed_is_a_reported_failure(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    s, base = site
    s.feeds["/rss"] = "<html><body><h1>Welcome</h1></body></html>"
    sources = '[[sources]]\nname = "Wrong"\nurl = "BASE/rss"\n'
    app, _ = await open_app(config_text(tmp_path, base, sources), Clock())
    try:
        summary = await app.run_once()
        [poll] = summary.polls
        assert poll.status == "error" and "not a feed" in (poll.error or "")
        [src] = await app.store.list_sources()
        assert src.error_count == 1 and "not a feed" in (src.last_error or "")
    finally:
        await app.close()


async def test_run_once_posts_a_fast_sources_news_while_a_slow_one_is_still_polled(
    tmp_path: Path,
) -> None:
    """`newsbot run --once` delivers as polls finish: the slow source answers only once the fast
    source's post has reached the channel (it would give up after 10 s otherwise)."""
    posted = asyncio.Event()
    seen_post_first: list[bool] = []

    class Watched(ConsoleAdapter):
        async def send(self, channel: ChannelRef, post: Post, idem_key: str) -> str:
            message_id = await super().send(channel, post, idem_key)
            posted.set()
            return message_id

    async def slow(request: web.Request) -> web.StreamResponse:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(posted.wait(), 10)
        seen_post_first.append(posted.is_set())
        return web.Response(text=feed([TRAM]), content_type="application/rss+xml")

    out = io.StringIO()
    async with slow_and_fast(
        tmp_path, slow, Watched(out), client_timeout=30.0, slow_backfill=5
    ) as app:
        summary = await app.run_once()
    assert seen_post_first == [True]
    text = out.getvalue()
    assert text.index("Bus route 9 extended") < text.index("Tram fares frozen")
    assert summary.delivery.sent == 2 and summary.new == 2
