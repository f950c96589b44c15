"""Nothing in the parsing half raises on hostile input: feeds, pages and URLs are fuzzed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sources.discovery import find_feed_links, page_entries
from bot.sources.feeds import parse_feed
from bot.sources.identity import canonical_url

FRAGMENTS = [
    "<rss version='2.0'>",
    "<channel>",
    "<item>",
    "</item>",
    "<entry>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    "<link href='",
    "'/>",
    "<guid>",
    "<pubDate>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&nbsp;",
    "&",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "xml:base='",
    "http://[::1",
    "javascript:x",
    "/rel/path",
    "é",
    "\x00",
    "{",
    '"items": [',
]

URLISH = st.text(
    alphabet=st.sampled_from(list("htps:/[]@%?#&=.-_ ab1:é\x00\\")), max_size=40
) | st.sampled_from(["http://[::1", "//[x/y", "https://ex.com:99999/", "http://a@b@c/"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=30))
def test_parse_feed_never_raises_on_fragments(parts: list[str]) -> None:
    feed = parse_feed("".join(parts).encode("utf-8", "surrogatepass"), "https://ex.com/f")
    assert isinstance(feed.problems, tuple)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "text/xml; charset=utf-16", "x"]))
def test_parse_feed_never_raises_on_bytes(body: bytes, content_type: str | None) -> None:
    parse_feed(body, "https://ex.com/f", content_type)


@settings(max_examples=80, deadline=None)
@given(URLISH, URLISH)
def test_urls_never_raise(href: str, base: str) -> None:
    canonical_url(href, base)
    page = f"<html><head><base href='{base}'><link rel=alternate type=application/rss+xml "
    page += f"href='{href}'></head><body><a href='{href}'>a long enough headline here</a>"
    page += "</body></html>"
    find_feed_links(page, "https://ex.com/")
    page_entries(page, "https://ex.com/")
