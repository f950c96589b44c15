"""Where outside text enters the sources layer, control characters are left behind.

Feeds (RSS and JSON Feed), a server's redirect, headers and malformed answers, OPML files,
listing pages and article pages; and the error strings built from any of them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from bot.adapters.console import render_console
from bot.delivery.ports import ChannelRef, PermanentError, Post, TransientError
from bot.sources.discovery import find_feed_links, page_entries
from bot.sources.errors import FetchError, HTTPStatusError
from bot.sources.feeds import parse_feed
from bot.sources.fulltext import Extractor, fetch_full_text
from bot.sources.http import ClientSettings, GuardedClient
from bot.sources.opml import parse_opml
from bot.sources.types import FeedEntry, ParsedFeed

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
ONE_LINE_FORBIDDEN = re.compile(f"{FORBIDDEN.pattern}|[\t\n]")


def _dirty_fields(feed: ParsedFeed) -> list[tuple[str, str]]:
    """(field, value) of every string that holds a control it may not hold."""
    out = [("feed.title", feed.title), ("feed.link", feed.link or "")]
    out += [(f"problem {i}", p) for i, p in enumerate(feed.problems)]
    for entry in feed.entries:
        for f in dataclasses.fields(entry):
            value = getattr(entry, f.name)
            if isinstance(value, str):
                out.append((f.name, value))
    return [
        (name, value)
        for name, value in out
        if (FORBIDDEN if name in ("summary", "content") else ONE_LINE_FORBIDDEN).search(value)
    ]


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk&#x1b;]0;pwn&#x07;</title>
<link>https://desk.example/&#x1b;</link>
<item><title>Ferry &#x1b;[31mreturns&#x07;&#x0d;&#x0a;2026-12-07 ERROR forged
 \xc2\x9b\xe2\x80\xae</title>
<link>https://desk.example/ferry&#x1b;[2J\xe2\x80\xae</link>
<guid isPermaLink="false">id&#x1b;[1m&#x0d;&#x0a;forged&#x07;</guid>
<author>Dana &#x1b;[5mWhitfield\xe2\x81\xa6</author>
<pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Para\x07 one\r\nline\xc2\x85two</p>
<p>\xe2\x80\xaeother</p>]]></description>
</item></channel></rss>"""


def test_rss_entry_fields_hold_no_control_character() -> None:
    feed = parse_feed(RSS, "https://desk.example/rss")
    assert len(feed.entries) == 1
    assert _dirty_fields(feed) == []
    [entry] = feed.entries
    assert entry.title.startswith("Ferry [31mreturns 2026-12-07 ERROR forged")
    assert entry.link == "https://desk.example/ferry%1B[2J%E2%80%AE"
    assert entry.entry_id == "id[1m forged"


def test_json_feed_with_raw_controls_is_read_clean_instead_of_raising() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wire\x1b]0;pwn\x07",
        "home_page_url": "https://wire.example/\x1b[2J",
        "items": [
            {
                "id": "w1\x1b\r\n2026-12-07 ERROR forged\ud800",
                "url": "https://wire.example/a\x1b[2J\n\u202e",
                "title": "Bus \x9b31mlanes\u2066 open\u2028forged",
                "authors": [{"name": "Ana\x07 Soto\u202e"}],
                "content_html": "<p>One\x1b[2J</p><p>two&#27;\x85three</p>",
                "image": "https://wire.example/\x1b.png",
            }
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), "https://wire.example/feed.json")
    assert _dirty_fields(feed) == []
    [entry] = feed.entries
    assert entry.content == "One[2J\ntwo\nthree"
    assert entry.entry_id == "w1 2026-12-07 ERROR forged\ufffd"
    assert entry.image == "https://wire.example/%1B.png"


def test_feed_entry_cleaned_is_idempotent_and_keeps_a_clean_entry() -> None:
    clean = FeedEntry("id", "Title", "https://x.example/a", None, "a\nb", "")
    assert clean.cleaned() is clean
    dirty = FeedEntry("i\x1bd", "T\ni\x07", "https://x.example/\x1bx", None, "s\x9b", "c\u202e")
    assert dirty.cleaned() == FeedEntry("id", "T i", "https://x.example/%1Bx", None, "s", "c")
    assert dirty.cleaned().cleaned() == dirty.cleaned()


def test_opml_titles_are_cleaned_and_urls_with_controls_skipped() -> None:
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><head><title>Mine&#x1b;[2J</title></head>'
        b'<body><outline text="Tech&#x1b;[31m\xe2\x80\xae">'
        b'<outline text="Good&#x07;&#x0a;2026-12-07 ERROR forged" xmlUrl="https://g.example/f"/>'
        b'<outline text="Bidi" xmlUrl="https://b.example/\xe2\x80\xaef"/>'
        b'<outline text="C1" xmlUrl="https://c.example/\xc2\x9bf"/>'
        b"</outline></body></opml>"
    )
    doc = parse_opml(opml)
    assert doc.title == "Mine[2J"
    assert [(f.title, f.url, f.categories) for f in doc.feeds] == [
        ("Good 2026-12-07 ERROR forged", "https://g.example/f", ("Tech[31m",))
    ]
    assert len(doc.problems) == 3 and not any(ONE_LINE_FORBIDDEN.search(p) for p in doc.problems)


def test_listing_page_links_and_titles_are_cleaned() -> None:
    page = (
        "<html><head><link rel='alternate' type='application/rss+xml' title='F\x1b[2J\u202e'"
        " href='/feed\x1b.xml'></head><body><main>"
        "<h2><a href='/news/2026/ferry-returns-to-the-harbour\x1b[2J'>Ferry\x1b[31m returns"
        "&#x0a;2026-12-07 ERROR forged\u202e</a></h2></main></body></html>"
    )
    [entry] = page_entries(page, "https://desk.example/news")
    assert (
        entry.link
        == entry.entry_id
        == "https://desk.example/news/2026/ferry-returns-to-the-harbour%1B[2J"
    )
    assert entry.title == "Ferry[31m returns 2026-12-07 ERROR forged"
    [link] = find_feed_links(page, "https://desk.example/")
    assert (link.url, link.title) == ("https://desk.example/feed%1B.xml", "F[2J")


async def test_full_text_title_and_text_are_cleaned() -> None:
    class Client:
        async def fetch(self, url: str, **_: object) -> object:
            from bot.sources.http import FetchResult

            return FetchResult(url, url, 200, b"<html></html>", "text/html")

    def extract(html: str, url: str) -> tuple[str, str]:
        return "Page\x1b]0;pwn\x07\n2026 ERROR forged", "Body\x9b one\r\ntwo\u202e"

    def run(fn: Extractor, html: str, url: str) -> Awaitable[tuple[str, str]]:
        async def go() -> tuple[str, str]:
            return fn(html, url)

        return go()

    full = await fetch_full_text(Client(), "https://x.example/a", run, extract)  # type: ignore[arg-type]
    assert (full.title, full.text) == ("Page]0;pwn 2026 ERROR forged", "Body one\ntwo")


def test_error_strings_are_one_clean_line() -> None:
    cause = OSError("reset\x1b[2J\n2026-12-07 ERROR forged\u202e")
    error = FetchError("https://x.example/a\x1b\r\n", "cannot\x07 connect", cause)
    assert str(error) == "cannot connect (https://x.example/a ): reset[2J 2026-12-07 ERROR forged"
    assert "\n" not in str(HTTPStatusError("https://x.example/\n", 500))
    ch = ChannelRef("slack", "T1", "C1")
    assert str(TransientError(ch, "busy\x1b[2J\n2026 ERROR forged")) == (
        "slack:T1/C1: busy[2J 2026 ERROR forged"
    )
    assert PermanentError(ch, "archived\x07\n\u202e").reason == "archived "


def test_console_post_fields_stay_on_their_line() -> None:
    post = Post(
        kind="article",
        title="Ferry\n2026-12-07 01:00:00,000 ERROR forged\x1b[2J\u202e",
        url="https://x.example/a\nb",
        summary="Line one.\x9b",
        source="Desk\r\nforged",
    )
    out = render_console(ChannelRef("console", "", "news"), post)
    assert "📰 Ferry 2026-12-07 01:00:00,000 ERROR forged[2J\n" in out
    assert "   Desk forged\n" in out and not FORBIDDEN.search(out)


# --- HTTP: what a server sends, raw ------------------------------------------------------------


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[dict[str, bytes]], Awaitable[str]]]:
    """A server that writes exactly the bytes given for the first path prefix that matches
    (aiohttp's own server refuses to send a malformed status line)."""
    servers: list[asyncio.Server] = []

    async def start(answers: dict[str, bytes]) -> str:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1].decode("latin-1")
            found = [answer for prefix, answer in answers.items() if path.startswith(prefix)]
            writer.write(found[0] if found else b"HTTP/1.1 404 No\r\n\r\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        servers.append(server)
        return f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


def _client() -> GuardedClient:
    return GuardedClient(ClientSettings(allow_private_networks=True, total_timeout=5.0))


async def test_redirect_location_controls_never_reach_final_url_or_errors(
    raw_server: Callable[[dict[str, bytes]], Awaitable[str]],
) -> None:
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/xml\x1b[31m\xc2\x9b\r\n"
    base = await raw_server(
        {
            "/moved": b"HTTP/1.1 302 Found\r\nLocation: /feed\x1b[31m\x07\xe2\x80\xae"
            b"?x=%0d%0a2026-12-07%20ERROR\r\nContent-Length: 0\r\n\r\n",
            "/feed": ok + b'ETag: "a\x1b"\r\n\r\nok',
            "/gone": b"HTTP/1.1 302 Found\r\nLocation: /x\x1b]0;pwn\x07y\r\n"
            b"Content-Length: 0\r\n\r\n",
            "/x": b"HTTP/1.1 500 Oops\x1b[2J\r\nContent-Length: 0\r\n\r\n",
        }
    )
    async with _client() as client:
        result = await client.fetch(f"{base}/moved")
        assert result.final_url == f"{base}/feed%1B[31m%07%E2%80%AE?x=%0d%0a2026-12-07%20ERROR"
        assert result.content_type == "text/xml[31m"
        assert result.etag is None  # a validator with a control would only ever miss
        with pytest.raises(HTTPStatusError) as caught:
            await client.fetch(f"{base}/gone")
    assert str(caught.value) == f"HTTP 500 ({base}/x%1B]0;pwn%07y)"
