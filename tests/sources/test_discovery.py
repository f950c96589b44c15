"""Feed discovery through the guarded client, and article links on listing pages."""

from __future__ import annotations

from aiohttp import web

from bot.sources.discovery import discover_feeds, find_feed_links, page_entries

from .conftest import FakeSite, Handler, guarded_client

FEED = b"<rss version='2.0'><channel><title>F</title><item><title>x</title></item></channel></rss>"

SITE_WITH_LINKS = b"""<!doctype html><html><head>
<link rel="alternate" type="application/rss+xml" title="Posts" href="/posts.rss">
<link rel="alternate" type="application/atom+xml" href="https://other.example/atom">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" type="text/html" href="/fr/">
<link rel="stylesheet" type="text/css" href="/s.css">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body>hi</body></html>"""


def _respond(body: bytes, content_type: str = "text/html", status: int = 200) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, status=status, content_type=content_type)

    return handler


def test_find_feed_links() -> None:
    links = find_feed_links(SITE_WITH_LINKS, "https://site.example/blog/")
    assert [(link.url, link.kind) for link in links] == [
        ("https://site.example/posts.rss", "rss"),
        ("https://other.example/atom", "atom"),
        ("https://site.example/blog/feed.json", "json"),
    ]
    assert links[0].title == "Posts"
    assert find_feed_links(b"", "https://x.example/") == []


async def test_discover_announced_feeds(site: FakeSite) -> None:
    site.route("/", _respond(SITE_WITH_LINKS))
    await site.start()
    async with guarded_client() as client:
        found = await discover_feeds(client, site.url("/"))
    assert found[0] == site.url("/posts.rss")


async def test_discover_common_path(site: FakeSite) -> None:
    site.route("/", _respond(b"<html><body>No links here</body></html>"))
    site.route("/atom.xml", _respond(FEED, "application/rss+xml"))
    await site.start()
    async with guarded_client() as client:
        found = await discover_feeds(client, site.url("/"))
    assert found == [site.url("/atom.xml")]
    tried = [r.path for r in site.requests]
    assert tried == ["/", "/feed", "/rss", "/atom.xml"]  # stops at the first feed


async def test_discover_when_given_a_feed_and_when_nothing(site: FakeSite) -> None:
    site.route("/data.rss", _respond(FEED, "application/rss+xml"))
    site.route("/empty", _respond(b"<html><body>nothing</body></html>"))
    await site.start()
    async with guarded_client() as client:
        assert await discover_feeds(client, site.url("/data.rss")) == [site.url("/data.rss")]
        assert await discover_feeds(client, site.url("/empty")) == []


LISTING = """<!doctype html><html><head><meta charset="windows-1252"></head><body>
<header class="site-header"><a href="/">Home</a><a href="/world/">World</a>
  <a href="/2026/11/27/header-promo-story-here">Promo in header</a></header>
<nav><a href="/politics/some-long-section-name">Politics</a></nav>
<main>
 <article><header><h2><a href="/2026/11/27/first-big-story?utm_source=home#top">First big
   story — café</a></h2></header>
   <a href="/2026/11/27/first-big-story"><img src="/i.jpg" alt=""></a>
   <footer><a href="/author/jane-doe">Jane Doe</a>
     <a href="/tag/climate-change-news">climate</a></footer>
 </article>
 <article><h2><a href="https://www.news.example/world/second-story-12345">Second</a></h2></article>
 <div class="card"><a href="/opinion/why-this-matters-now">Why this matters now, explained</a></div>
 <a href="/short">A headline that has enough words in it</a>
 <a href="/x">x</a>
 <a href="https://elsewhere.example/2026/11/27/off-site-story">Off-site story with words</a>
 <a href="/page/2">Older posts</a><a href="/?page=3">Page three</a>
 <a href="/category/local-news-stuff">Local news</a>
 <a href="/files/report-2026-final.pdf">The report as a PDF download</a>
 <a href="mailto:tips@news.example">Send us tips by email now</a>
 <a href="#comments">Comments</a>
</main>
<div class="pagination"><a href="/archive/2026/11/26/older-story-link">Older</a></div>
<footer><a href="/about/our-team-and-values">About us</a></footer>
</body></html>"""


def test_page_entries_heuristics() -> None:
    entries = page_entries(LISTING.encode("cp1252"), "https://news.example/")
    links = [e.link for e in entries]
    assert links == [
        "https://news.example/2026/11/27/first-big-story",
        "https://www.news.example/world/second-story-12345",
        "https://news.example/opinion/why-this-matters-now",
        "https://news.example/short",
    ]
    first = entries[0]
    assert first.entry_id == first.link
    assert first.title == "First big story — café"  # decoded per <meta charset>, longest text
    assert first.published is None and first.content_hash
    assert entries[1].title == "Second"


def test_page_entries_is_stable_and_limited() -> None:
    once = page_entries(LISTING, "https://news.example/")
    again = page_entries(LISTING, "https://news.example/")
    assert once == again
    assert len(page_entries(LISTING, "https://news.example/", limit=2)) == 2
    assert page_entries(b"", "https://news.example/") == ()
