"""Control characters from a feed and from a server's redirect never reach the store.

One poll of a hostile RSS feed (ESC, BEL, CR, LF, C1 CSI and U+202E in the title, link, guid,
author and description), of a JSON Feed carrying them raw, and of a source whose redirect
``Location`` holds raw controls and ``%0d%0a``; then every text column written is checked.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.config import parse_config
from bot.sources.http import ClientSettings, GuardedClient

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
BODY = (
    "<p>The harbour ferry will run again from Monday after a two-year pause, the transit agency "
    "said on Thursday, restoring a crossing used by 4,000 commuters a day.</p>"
    "<p>\u201cWe listened to riders\x1b[2J who told us the detour added an hour,\u201d said "
    "Dana Whitfield, the agency's director of operations.</p>"
)
HOSTILE_BODY = BODY.replace("Monday", "Monday\x07\r\u2028\x9b")
# In XML a control can only arrive as a (not well-formed) character reference, which the
# recovering parser keeps; C1 and U+202E are legal XML characters.
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk&#x1b;]0;pwn&#x07;</title><link>https://desk.example/</link>
<item><title>Ferry &#x1b;[31mreturns&#x1b;[0m&#x07;&#x0d;&#x0a;2026-12-07 01:00:00,000 ERROR forged
 &#x9b;\u202eevil</title>
<link>BASE/ferry&#x1b;[2J&#x0a;x\u202e</link>
<guid isPermaLink="false">id&#x1b;[1m&#x0d;&#x0a;forged&#x07;</guid>
<author>dana@desk.example (Dana &#x1b;[5mWhitfield\u202e)</author>
<pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>
<description><![CDATA[HOSTILE_BODY]]></description>
<enclosure url="https://desk.example/i&#x1b;.jpg" type="image/jpeg"/>
</item></channel></rss>""".replace("HOSTILE_BODY", HOSTILE_BODY)
JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wire\x1b]0;pwn\x07",
        "items": [
            {
                "id": "w1\x1b[1m\r\n2026-12-07 ERROR forged",
                "url": "BASE/bus\x1b[2J\u202e",
                "title": "Bus \x9b31mlanes\u2066 open\n2026-12-07 ERROR forged",
                "authors": [{"name": "Ana\x07 Soto\u202e"}],
                "content_html": BODY.replace("ferry", "bus\x1b[31m\u202e"),
                "image": "https://wire.example/\x1b.png",
                "date_published": "2026-11-16T11:00:00Z",
            }
        ],
    }
)


# The article page (the feed entries are teasers): controls in its title and text too.
PAGE = f"""<html><head><title>Ferry\x1b]0;pwn\x07 returns</title></head><body><article>
<h1>Ferry returns</h1><p>{BODY}</p><p>Fares will match the bus network\x1b[31m, and transfers
to buses and trains will be free\u202e, the agency said on Thursday.</p></article></body></html>"""


@pytest.fixture
async def base() -> AsyncIterator[str]:
    async def handle(request: web.Request) -> web.StreamResponse:
        root = f"http://127.0.0.1:{request.url.port}"
        if request.path == "/rss":
            body = RSS.replace("BASE", root)
            return web.Response(text=body, content_type="application/rss+xml")
        if request.path == "/json":
            body = JSON_FEED.replace("BASE", root)
            return web.Response(text=body, content_type="application/feed+json")
        if request.path.startswith(("/ferry", "/bus")):
            return web.Response(text=PAGE, content_type="text/html")
        if request.path == "/moved":  # raw controls and an encoded CR LF in the Location
            raise web.HTTPFound("/rss\x1b[31m\x07\u202e?x=%0d%0a2026-12-07%20ERROR")
        if request.path == "/gone":
            raise web.HTTPFound("/missing\x1b]0;pwn\x07\u2028forged")
        if request.path.startswith("/rss\x1b"):
            body = RSS.replace("BASE", root)
            return web.Response(text=body, content_type="application/rss+xml")
        return web.Response(status=500)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield f"http://127.0.0.1:{server.port}"
    await server.close()


def _strings(value: object) -> list[str]:
    """Every string in a column value, JSON columns (quotes, topics) decoded."""
    if not isinstance(value, str):
        return []
    try:
        decoded = json.loads(value)
    except ValueError:
        return [value]
    if isinstance(decoded, list):
        return [value, *(s for item in decoded for s in _strings(json.dumps(item)))]
    return [value, decoded] if isinstance(decoded, str) else [value]


async def test_stored_articles_and_errors_hold_no_control_character(
    tmp_path: Path, base: str
) -> None:
    config = parse_config(
        f"""
[database]
path = "{tmp_path / "bot.db"}"
[network]
allow_private_networks = true
[posting]
max_age_hours = 1000000
backfill = 10
[[sources]]
name = "Desk"
url = "{base}/rss"
[[sources]]
name = "Wire"
url = "{base}/json"
[[sources]]
name = "Moved"
url = "{base}/moved"
[[sources]]
name = "Gone"
url = "{base}/gone"
[[channels]]
id = "news"
sources = ["Desk", "Wire", "Moved"]
"""
    )
    app = await App.open(
        config,
        {"console": ConsoleAdapter(io.StringIO())},
        clock=lambda: 1_795_000_000.0,
        processes=0,
        client=GuardedClient(ClientSettings(allow_private_networks=True)),
    )
    try:
        summary = await app.run_once()
    finally:
        await app.close()
    assert summary.new >= 3, summary
    db = sqlite3.connect(tmp_path / "bot.db")
    rows = db.execute(
        "SELECT entry_id, url, title, summary, quotes, image FROM articles"
    ).fetchall()
    names = {r[0] for r in db.execute("SELECT name FROM sources WHERE last_error IS NOT NULL")}
    errors = [r[0] for r in db.execute("SELECT last_error FROM sources")]
    db.close()
    assert len(rows) >= 3 and names == {"Gone"}
    found = [s for row in rows for value in row for s in _strings(value)]
    found += [e for e in errors if e]
    dirty = [s for s in found if FORBIDDEN.search(s)]
    assert dirty == []
    titles = {r[2] for r in rows}
    assert any(t.startswith("Ferry [31mreturns[0m 2026-12-07") for t in titles), titles
    assert any(t.startswith("Bus 31mlanes open 2026-12-07") for t in titles), titles
    # "Moved" was followed through its hostile Location; "Gone" names its target, encoded.
    assert [e for e in errors if e] == [f"HTTP 500 ({base}/missing%1B%5D0;pwn%07%E2%80%A8forged)"]
