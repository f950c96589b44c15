"""Finding feeds for a site, and article links on a listing page (the ``page`` source kind).

Why heuristics for pages: a listing page has no markup that says "this link is an article".
What separates articles from chrome, in practice: chrome sits in ``nav``/``header``/``footer``
or in elements named menu, breadcrumb, pagination...; chrome links go to tag, category, author,
search and paging URLs; article links have a slug (several hyphenated words, or a number) or a
headline-length anchor text. Identity is the canonical link, as for feed entries without guid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from bot.sources.charset import decode_html
from bot.sources.errors import FetchError
from bot.sources.feedfetch import AsyncParser, parse_inline
from bot.sources.http import FEED_ACCEPT, HTML_ACCEPT, GuardedClient
from bot.sources.identity import canonical_url, content_hash
from bot.sources.text import plain_title
from bot.sources.types import FeedEntry
from bot.textsafe import clean_url

__all__ = [
    "COMMON_FEED_PATHS",
    "FEED_TYPES",
    "FeedLink",
    "discover_feeds",
    "find_feed_links",
    "page_entries",
]

COMMON_FEED_PATHS = ("/feed", "/rss", "/atom.xml", "/feed.xml", "/index.xml", "/rss.xml")
FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rdf",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "text/xml": "rss",
    "application/xml": "rss",
}

_PARSER = html.HTMLParser(remove_comments=True, no_network=True, recover=True)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|menu|footer|breadcrumbs?|pagination|pager|share|"
    r"sharing|social|skip|cookie|banner|masthead|toolbar|login|subscribe|newsletter)($|[\s_-])",
    re.IGNORECASE,
)
_CHROME_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "category",
        "categories",
        "author",
        "authors",
        "user",
        "users",
        "profile",
        "page",
        "search",
        "login",
        "logout",
        "signin",
        "signup",
        "register",
        "account",
        "subscribe",
        "newsletter",
        "newsletters",
        "about",
        "contact",
        "privacy",
        "terms",
        "feed",
        "rss",
        "wp-admin",
        "wp-login.php",
        "cart",
        "archive",
        "archives",
        "section",
        "topics",
        "label",
    }
)
_PAGING_QUERY = re.compile(r"(^|&)(page|p|paged|offset|start|sort|filter|s|q)=", re.IGNORECASE)
_ASSET = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|pdf|zip|gz|mp3|mp4|mov|css|js|xml|json|rss|atom)$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}|\d{3,}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedLink:
    url: str
    kind: str  # "rss", "atom", "rdf", "json"
    title: str = ""


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parse_html(document: str | bytes, content_type: str | None = None) -> etree._Element | None:
    """Parse HTML decoded the same way as feeds (UTF-8 first, then declared charsets)."""
    if isinstance(document, bytes):
        document = decode_html(document, content_type)
    # lxml refuses str input that carries an encoding declaration (XHTML pages).
    document = _XML_DECL.sub("", document, count=1)
    if not document.strip():
        return None
    try:
        root: etree._Element | None = html.fromstring(document, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root


def _join(base: str, href: str) -> str | None:
    """``urljoin`` that answers None for hrefs it cannot parse (``http://[::1``)."""
    try:
        url = urljoin(base, clean_url(href.strip()))
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _base(root: etree._Element, page_url: str) -> str:
    for href in root.xpath("//base/@href"):
        return _join(page_url, str(href)) or page_url
    return page_url


def find_feed_links(
    document: str | bytes, page_url: str, content_type: str | None = None
) -> list[FeedLink]:
    """Feeds a page announces with ``<link rel="alternate" type="...">``, in page order."""
    root = _parse_html(document, content_type)
    if root is None:
        return []
    base = _base(root, page_url)
    found: list[FeedLink] = []
    seen: set[str] = set()
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        href = (link.get("href") or "").strip()
        if "alternate" not in rels or kind is None or not href:
            continue
        url = _join(base, href)
        if url is None or url in seen:
            continue
        seen.add(url)
        found.append(FeedLink(url, kind, plain_title(link.get("title"))))
    return found


async def _is_feed(client: GuardedClient, url: str, parse: AsyncParser) -> str | None:
    try:
        result = await client.fetch(url, accept=FEED_ACCEPT)
    except FetchError:
        return None
    parsed = await parse(result.body, result.final_url, result.content_type)
    return result.final_url if parsed.parser else None


async def discover_feeds(
    client: GuardedClient, site_url: str, *, parse: AsyncParser = parse_inline
) -> list[str]:
    """Feed URLs for ``site_url``: itself if it is a feed, else announced feeds, else the
    first common path (``/feed``, ``/rss``...) that answers with a feed. Empty if none.

    Every request goes through ``client``, so discovery obeys the SSRF guard and size caps.
    Raises ``FetchError`` only when the site URL itself cannot be fetched. ``parse`` runs the
    feed parser where the caller likes (the app passes its process pool: a large feed is tens
    of milliseconds of CPU that must not run on the event loop).
    """
    page = await client.fetch(site_url, accept=f"{HTML_ACCEPT}, {FEED_ACCEPT}")
    parsed = await parse(page.body, page.final_url, page.content_type)
    looks_html = b"<html" in page.body[:2048].lower()
    if parsed.parser and not looks_html:
        return [page.final_url]
    links = find_feed_links(page.body, page.final_url, page.content_type)
    announced = [link.url for link in links]
    if announced:
        return announced
    for path in COMMON_FEED_PATHS:
        found = await _is_feed(client, urljoin(page.final_url, path), parse)
        if found:
            return [found]
    return []


def _in_chrome(element: etree._Element) -> bool:
    ancestors = list(element.iterancestors())
    tags = [a.tag.lower() if isinstance(a.tag, str) else "" for a in ancestors]
    # An article card's own <header>/<footer> holds its headline link: not chrome.
    in_article = "article" in tags
    for ancestor, tag in zip(ancestors, tags, strict=True):
        if tag in ("header", "footer", "aside") and in_article:
            continue
        if tag in _CHROME_TAGS or (ancestor.get("role") or "") == "navigation":
            return True
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if names.strip() and _CHROME_NAMES.search(names):
            return True
    return False


def _site(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _looks_like_article(url: str, text: str) -> bool:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if not segments or _ASSET.search(parts.path):
        return False
    if any(s.lower() in _CHROME_SEGMENTS for s in segments[:-1]) or (
        len(segments) == 1 and segments[0].lower() in _CHROME_SEGMENTS
    ):
        return False
    if _PAGING_QUERY.search(parts.query):
        return False
    if _SLUG.search(segments[-1]) or any(_SLUG.fullmatch(s) for s in segments):
        return True
    return len(text.split()) >= 4


def _anchors(root: etree._Element) -> Iterable[tuple[str, str]]:
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#") or _in_chrome(anchor):
            continue
        text = plain_title(anchor.text_content()) or plain_title(
            anchor.get("title") or anchor.get("aria-label")
        )
        yield href, text


def page_entries(
    document: str | bytes, page_url: str, content_type: str | None = None, limit: int = 200
) -> tuple[FeedEntry, ...]:
    """Article links on a listing page, in page order, as entries keyed by canonical link.

    Same site only (``www.`` ignored), de-duplicated by canonical URL (an image link and a
    headline link to the same article become one entry, titled by the longer text).
    """
    root = _parse_html(document, content_type)
    if root is None:
        return ()
    base = _base(root, page_url)
    page_canonical = canonical_url(page_url)
    if page_canonical is None:
        return ()
    site = _site(urlsplit(page_canonical).hostname or "")
    order: list[str] = []
    titles: dict[str, str] = {}
    for href, text in _anchors(root):
        url = canonical_url(href, base)
        if url is None or url == page_canonical:
            continue
        if _site(urlsplit(url).hostname or "") != site:
            continue
        if url not in titles:
            if not _looks_like_article(url, text) or len(order) >= limit:
                continue
            order.append(url)
            titles[url] = text
        elif len(text) > len(titles[url]):
            titles[url] = text
    return tuple(
        FeedEntry(
            entry_id=url,
            title=titles[url],
            link=url,
            published=None,
            summary="",
            content="",
            content_hash=content_hash(titles[url], "", ""),
        )
        for url in order
    )
