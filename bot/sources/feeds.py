"""``parse_feed``: bytes of RSS, Atom, RDF or JSON Feed in, a :class:`ParsedFeed` out.

Why two parsers: fastfeedparser reads real feeds about 70 times faster than feedparser, but
rejects a few percent of odd-but-readable documents that feedparser reads. So it is the fast
path and feedparser is the fallback, taken when the fast path raises or finds no entries in a
document that visibly has some, or when the document has ``xml:base`` and relative links
(fastfeedparser does not apply xml:base) (figures in docs/dev.md, "Why two feed parsers").

Both parsers' output goes through the same normalisation, so an entry's id, dates and text do
not depend on which one read it. Nothing here raises on bad input: what can be read is read and
the rest is reported in ``ParsedFeed.problems``.

Entity expansion: the prolog's DOCTYPE is cut off before either parser sees the document, so no
internal subset (billion laughs) and no external entity (XXE) is ever declared; neither parser
fetches anything, and lxml's parsers are built with ``resolve_entities=False`` as well.
"""

from __future__ import annotations

import calendar
import html.entities
import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import fastfeedparser
import fastfeedparser.main
import feedparser
from lxml import etree

from bot.sources.charset import decode_document
from bot.sources.identity import IdentityInput, assign_entry_ids, content_hash
from bot.sources.jsonfeed import parse_json_feed
from bot.sources.text import html_to_text, plain_title
from bot.sources.types import FeedEntry, ParsedFeed
from bot.textsafe import clean_line, clean_url

__all__ = ["MAX_PROBLEMS", "fix_entities", "parse_feed", "strip_doctype"]

MAX_PROBLEMS = 20


def _no_natural_language_dates(value: str) -> None:
    """Stands in for fastfeedparser's last-resort date parser (the ``dateparser`` package).

    That parser costs milliseconds per unreadable date (plus ~1 s to load on first use): a
    feed of 2,000 made-up dates took 8.8 s on this machine, against 1.6 s for the whole
    feed in feedparser. Dates that only natural-language parsing could read are rare in
    feeds; an entry without a date is handled everywhere else.
    """
    return None


if hasattr(fastfeedparser.main, "_slow_dateparser"):
    fastfeedparser.main._slow_dateparser = _no_natural_language_dates
_XML_DECL = re.compile(r"^<\?xml[^>]*\?>")
_TTL = re.compile(r"<ttl>\s*(\d{1,7})\s*</ttl>", re.IGNORECASE)
_ITEM_HINT = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>]", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_AMPERSAND = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{0,31});|(#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};))?")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


def _fix_reference(match: re.Match[str]) -> str:
    name, numeric = match.group(1), match.group(2)
    if numeric:
        return match.group(0)
    if name is None:
        return "&amp;"  # a bare ampersand
    if name in _XML_ENTITIES:
        return match.group(0)
    replacement = html.entities.html5.get(name + ";")
    if replacement is None:
        return "&amp;" + name + ";"
    return "".join(f"&#{ord(ch)};" for ch in replacement)


def fix_entities(text: str) -> str:
    """Make HTML entities (``&nbsp;``, ``&colon;``) and bare ``&`` well-formed XML.

    The commonest way real feeds break XML. Left alone, the recovering parser drops the rest
    of the text node ("Re&colon; Double-entry" became "Re"); as numeric references every
    parser reads them.
    """
    return _AMPERSAND.sub(_fix_reference, text)


def _prolog_doctype(text: str) -> int:
    """Index of a ``<!DOCTYPE`` in the prolog (after comments and PIs only), or -1."""
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if text.startswith("<?", i):
            end, close = text.find("?>", i + 2), 2
        elif text.startswith("<!--", i):
            end, close = text.find("-->", i + 4), 3
        elif _DOCTYPE.match(text, i):
            return i
        else:
            return -1
        if end < 0:
            return -1
        i = end + close
    return -1


def strip_doctype(text: str) -> tuple[str, bool]:
    """Remove the document type declaration; True if it had an internal subset.

    A small scanner rather than a regex because the internal subset may hold ``>`` inside quoted
    entity values, and a DOCTYPE-looking string in a comment or in CDATA is not one.
    """
    start = _prolog_doctype(text)
    if start < 0:
        return text, False
    depth = 0
    quote = ""
    subset = False
    i = start + len("<!DOCTYPE")
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
            subset = True
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == ">" and depth == 0:
            return text[:start] + text[i + 1 :], subset
        i += 1
    return text[:start], subset  # unterminated: nothing after it is a document


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _parse_date(value: Any) -> datetime | None:
    """struct_time (feedparser) or a date string (fastfeedparser, JSON Feed) as aware UTC."""
    if isinstance(value, time.struct_time):
        try:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
        except (OverflowError, ValueError, OSError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return _to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return _to_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    parsed = feedparser.datetimes._parse_date(text)
    if parsed is None:
        return None
    return _parse_date(parsed)


def _http_url(value: Any, base: str) -> str | None:
    """An absolute http(s) URL, cleaned (``clean_url``) before it is joined and checked: links
    become ids, stored URLs and log text."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        url = urljoin(base, clean_url(value.strip()))
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _entry_link(entry: Mapping[str, Any], base: str) -> str | None:
    link = _http_url(entry.get("link"), base)
    if link:
        return link
    for candidate in entry.get("links") or ():
        if isinstance(candidate, Mapping) and candidate.get("rel", "alternate") == "alternate":
            link = _http_url(candidate.get("href"), base)
            if link:
                return link
    return None


def _media_urls(entry: Mapping[str, Any]) -> Iterable[tuple[Any, str]]:
    for key in ("media_thumbnail", "media_content", "enclosures"):
        for item in entry.get(key) or ():
            if not isinstance(item, Mapping):
                continue
            kind = str(item.get("type") or item.get("medium") or "")
            if key == "media_thumbnail":
                kind = kind or "image"
            yield item.get("url") or item.get("href"), kind
    image = entry.get("image")
    if isinstance(image, Mapping):
        yield image.get("href") or image.get("url"), "image"
    elif isinstance(image, str):
        yield image, "image"


def _entry_image(entry: Mapping[str, Any], base: str) -> str | None:
    for url, kind in _media_urls(entry):
        if kind.startswith("image"):
            found = _http_url(url, base)
            if found:
                return found
    return None


def _entry_author(entry: Mapping[str, Any]) -> str | None:
    author = entry.get("author")
    if isinstance(author, str) and author.strip():
        return plain_title(author) or None
    for item in entry.get("authors") or ():
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            return plain_title(item["name"]) or None
    return None


def _content_html(entry: Mapping[str, Any]) -> str:
    values: list[str] = [
        c["value"]
        for c in entry.get("content") or ()
        if isinstance(c, Mapping) and isinstance(c.get("value"), str)
    ]
    return max(values, key=len) if values else ""


class _Draft:
    """An entry before its id is known (ids depend on the whole feed)."""

    __slots__ = ("author", "content", "guid", "image", "link", "published", "summary", "title")

    def __init__(
        self,
        *,
        guid: str | None,
        link: str | None,
        title: str,
        published: datetime | None,
        summary: str,
        content: str,
        author: str | None,
        image: str | None,
    ) -> None:
        self.guid = guid
        self.link = link
        self.title = title
        self.published = published
        self.summary = summary
        self.content = content
        self.author = author
        self.image = image


def _guid(raw_guid: Any, raw_link: Any, link: str | None) -> str | None:
    """The publisher's id, or None when it is only the link again.

    fastfeedparser copies the link into ``id`` when there is no guid and feedparser does not;
    treating "guid equals link" as "no guid" makes both parsers give the canonical link as id.
    """
    if not isinstance(raw_guid, str) or not raw_guid.strip():
        return None
    guid = raw_guid.strip()
    if guid in (str(raw_link or "").strip(), link):
        return None
    return clean_line(guid).strip() or None  # the id is stored and printed (`newsbot why`)


def _drafts_from_dicts(
    entries: Iterable[Mapping[str, Any]], base: str, problems: list[str]
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for index, raw in enumerate(entries):
        # A plain dict: feedparser's dict maps missing keys to others (with warnings), and
        # the normalisation wants to see exactly what each parser produced.
        entry = dict(raw)
        link = _entry_link(entry, base)
        published = None
        for key in ("published", "updated", "created"):
            published = _parse_date(entry.get(f"{key}_parsed")) or _parse_date(entry.get(key))
            if published is not None:
                break
            if entry.get(key):
                problems.append(f"entry {index}: unreadable date {str(entry.get(key))[:60]!r}")
        summary_html = entry.get("summary") or entry.get("description") or ""
        content_html = _content_html(entry)
        content = html_to_text(content_html)
        if summary_html == content_html:
            summary = content
        else:
            summary = html_to_text(summary_html if isinstance(summary_html, str) else "")
        drafts.append(
            _Draft(
                guid=_guid(entry.get("id") or entry.get("guid"), entry.get("link"), link),
                link=link,
                title=plain_title(
                    entry.get("title") if isinstance(entry.get("title"), str) else ""
                ),
                published=published,
                summary=summary,
                content=content,
                author=_entry_author(entry),
                image=_entry_image(entry, base),
            )
        )
    return drafts


def _finish(
    title: str,
    link: str | None,
    drafts: list[_Draft],
    ttl: int | None,
    problems: list[str],
    parser: str,
) -> ParsedFeed:
    ids = assign_entry_ids([IdentityInput(d.guid, d.link, d.title, d.published) for d in drafts])
    entries: list[FeedEntry] = []
    duplicates = 0
    for draft, entry_id in zip(drafts, ids, strict=True):
        if entry_id is None:
            duplicates += 1
            continue
        entries.append(
            FeedEntry(
                entry_id=entry_id,
                title=draft.title,
                link=draft.link,
                published=draft.published,
                summary=draft.summary,
                content=draft.content,
                author=draft.author,
                image=draft.image,
                content_hash=content_hash(draft.title, draft.summary, draft.content),
            )
        )
    if duplicates:
        problems.append(f"{duplicates} entries listed twice were read once")
    if len(problems) > MAX_PROBLEMS:
        problems[MAX_PROBLEMS:] = [f"... and {len(problems) - MAX_PROBLEMS} more problems"]
    # Parser messages may quote the document; they are logged and can end in `last_error`.
    problems[:] = [clean_line(p) for p in problems]
    return ParsedFeed(
        title=title,
        link=link,
        entries=tuple(entries),
        ttl_minutes=ttl,
        problems=tuple(problems),
        parser=parser,
    )


def _looks_like_json(text: str, content_type: str | None) -> bool:
    if text.startswith(("{", "[")):
        return True
    return bool(content_type and "json" in content_type.lower() and not text.startswith("<"))


def _has_relative_links(result: Mapping[str, Any]) -> bool:
    for entry in result.get("entries") or ():
        candidates = [entry.get("link")]
        candidates += [link.get("href") for link in entry.get("links") or () if link]
        candidates += [url for url, _kind in _media_urls(entry)]
        for url in candidates:
            if not isinstance(url, str) or not url.strip():
                continue
            try:
                if not urlsplit(url.strip()).scheme:
                    return True
            except ValueError:  # unparsable: _http_url will drop it either way
                continue
    return False


def _xml_error(data: bytes) -> str | None:
    """None if the document is well-formed XML, else the first error.

    fastfeedparser reads broken XML silently (recovering parser); this strict pass (no DTD, no
    entities, no network) is what lets a truncated feed be reported while still being read.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return str(exc)[:200]
    return None


def _fast(data: bytes) -> Mapping[str, Any] | None:
    """fastfeedparser's result, or None when the fallback should read the document."""
    try:
        result: Mapping[str, Any] = fastfeedparser.parse(data)
    except Exception:  # any failure of the fast path means "use the fallback"
        return None
    return result


def _robust(data: bytes, url: str, problems: list[str]) -> Mapping[str, Any] | None:
    try:
        result: Mapping[str, Any] = feedparser.parse(
            data,
            response_headers={
                "content-location": url,
                "content-type": "application/xml; charset=utf-8",
            },
            sanitize_html=False,  # the HTML becomes plain text anyway
            resolve_relative_uris=False,
        )
    except Exception as exc:  # third-party boundary: report, never crash a poll
        problems.append(f"feedparser failed: {type(exc).__name__}: {exc}")
        return None
    if result.get("bozo"):
        error = result.get("bozo_exception")
        problems.append(f"malformed feed: {type(error).__name__}: {str(error)[:200]}")
    return result


def _read_json(text: str, url: str, problems: list[str]) -> ParsedFeed:
    feed = parse_json_feed(text)
    problems.extend(feed.problems)
    drafts = [
        _Draft(
            guid=_guid(item.guid, item.link, _http_url(item.link, url)),
            link=_http_url(item.link, url),
            title=plain_title(item.title),
            published=_parse_date(item.date),
            summary=html_to_text(item.summary_html),
            content=html_to_text(item.content_html),
            author=plain_title(item.author) or None,
            image=_http_url(item.image, url),
        )
        for item in feed.items
    ]
    title, link = plain_title(feed.title), _http_url(feed.link, url)
    return _finish(title, link, drafts, None, problems, "jsonfeed" if feed.is_feed else "")


def _utf8_document(text: str) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text.encode("utf-8", "replace")


def _read_broken_xml(
    text: str, data: bytes, url: str, result: Mapping[str, Any], error: str, problems: list[str]
) -> tuple[Mapping[str, Any], str]:
    """The fast result for malformed XML, repaired or replaced where that reads more."""
    fixed = fix_entities(text)
    if fixed != text:
        repaired = _utf8_document(fixed)
        if _xml_error(repaired) is None:
            problems.append(f"HTML entities in XML replaced: {error}")
            return _fast(repaired) or result, "fastfeedparser"
    # Each parser recovers differently. If the fast one read fewer entries than the
    # document visibly opens, try the other and keep the larger.
    problems.append(f"malformed XML: {error}")
    found = len(result.get("entries") or ())
    if len(_ITEM_HINT.findall(text)) > found:
        other = _robust(data, url, [])
        if other is not None and len(other.get("entries") or ()) > found:
            return other, "feedparser"
    return result, "fastfeedparser"


def _read_xml_with_either(
    text: str, data: bytes, url: str, problems: list[str]
) -> tuple[Mapping[str, Any] | None, str]:
    """The parser's raw result and its name: the fast path when it can be trusted."""
    result = _fast(data)
    if result is not None and "xml:base" in text and _has_relative_links(result):
        # fastfeedparser ignores xml:base, which changes what relative links mean;
        # feedparser applies it. (Most xml:base feeds use absolute links and stay fast.)
        result = None
    if result is not None and not result.get("entries") and _ITEM_HINT.search(text):
        result = None  # it missed entries that are visibly there
    if result is not None:
        error = _xml_error(data)
        if error is None:
            return result, "fastfeedparser"
        return _read_broken_xml(text, data, url, result, error, problems)
    return _robust(data, url, problems), "feedparser"


def _read_xml(text: str, url: str, problems: list[str]) -> ParsedFeed:
    text, had_subset = strip_doctype(text)
    if had_subset:
        problems.append("DOCTYPE internal subset removed: its entities are not expanded")
    text = _XML_DECL.sub("", text, count=1).lstrip()
    ttl_match = _TTL.search(text)
    ttl = int(ttl_match.group(1)) if ttl_match else None

    result, parser = _read_xml_with_either(text, _utf8_document(text), url, problems)
    if result is None:
        return ParsedFeed("", None, (), ttl_minutes=ttl, problems=tuple(problems))
    meta = result.get("feed") or {}
    entries = [e for e in result.get("entries") or () if isinstance(e, Mapping)]
    if parser == "feedparser" and not entries and not result.get("version"):
        problems.append("not a feed: no RSS, Atom or RDF document found")
        return _finish("", None, [], ttl, problems, "")
    title = plain_title(meta.get("title") if isinstance(meta.get("title"), str) else "")
    drafts = _drafts_from_dicts(entries, url, problems)
    return _finish(title, _http_url(meta.get("link"), url), drafts, ttl, problems, parser)


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document fetched from ``url`` (the final URL, the base for relative links).

    ``content_type`` is the HTTP Content-Type, whose charset is one hint among several.
    ``ParsedFeed.parser`` is "" when nothing in the document could be read as a feed.
    Never raises: what cannot be read is reported in ``ParsedFeed.problems``.
    """
    problems: list[str] = []
    decoded = decode_document(body, content_type)
    problems.extend(decoded.problems)
    text = decoded.text.lstrip("\ufeff \t\r\n")
    if not text:
        return ParsedFeed("", None, (), problems=(*problems, "empty document"))
    if _looks_like_json(text, content_type):
        return _read_json(text, url, problems)
    return _read_xml(text, url, problems)
