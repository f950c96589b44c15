"""OPML in and out: the subscription lists that feed readers import and export.

Pure functions on bytes, no I/O: the CLI reads the file, calls :func:`parse_opml`, and adds each
:class:`OpmlFeed` as a source (its categories, through :func:`topic_name_for`, becoming topics);
``newsbot sources export`` hands :func:`export_opml` the configured feeds and writes the bytes.

Why the DOCTYPE is cut off before parsing: an OPML file is untrusted input (people share them),
and no OPML needs a document type. Without one no entity can be declared, so neither billion
laughs (nested internal entities) nor XXE (an external entity naming a local file or a URL) can
happen, whatever libxml2's own limits are; the parser is also built with entity resolution, DTD
loading and network access off.

Why folders *and* a category attribute are read: readers disagree. Most (Feedly, Inoreader,
NetNewsWire, Miniflux) nest feeds in a folder outline, listing a feed once per folder; the OPML 2.0
spec also has a ``category`` attribute of comma-separated, slash-delimited paths. A feed's
categories are the union of both, in document order, and a feed listed in several folders is one
feed with all of their categories. :func:`export_opml` writes folders (one per topic) because
every reader understands them and a folder title can hold any topic name, slashes included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from bot.sources.errors import SourceError
from bot.textsafe import clean_line, clean_url

__all__ = [
    "MAX_PROBLEMS",
    "OpmlDocument",
    "OpmlError",
    "OpmlFeed",
    "export_opml",
    "parse_opml",
    "topic_name_for",
]

MAX_PROBLEMS = 100
_TOPIC_MAX = 64
# Characters a topic name may hold after its first (bot.config.models: ^[\w][\w .&/+-]{0,63}$).
_TOPIC_BAD = re.compile(r"[^\w .&/+-]+")
_SPACES = re.compile(r"\s+")
_XML_SPACES = re.compile(r"[ \t\r\n]+")  # not NBSP and friends: those are content
# Code points XML 1.0 cannot carry; lxml refuses them in text and attributes.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class OpmlError(SourceError):
    """The document is not OPML at all (empty, not XML, or another XML vocabulary).

    ``url`` is the name the caller gave the document (its file name, usually)."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of an OPML file. ``categories`` are raw category names, outermost first."""

    title: str
    url: str
    html_url: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    title: str | None
    feeds: tuple[OpmlFeed, ...]
    # What was skipped or repaired, one line each, for the importer to show (at most
    # MAX_PROBLEMS, the last line then saying how many more there were).
    problems: tuple[str, ...] = ()


# -- reading -------------------------------------------------------------------------------------


def _skip_prolog_item(data: bytes, i: int) -> int:
    """End of the XML declaration, PI or comment starting at ``i``, or -1 if none starts there."""
    if data.startswith(b"<?", i):
        end = data.find(b"?>", i + 2)
        return -1 if end < 0 else end + 2
    if data.startswith(b"<!--", i):
        end = data.find(b"-->", i + 4)
        return -1 if end < 0 else end + 3
    return -1


def _doctype_span(data: bytes) -> tuple[int, int] | None:
    """Where the prolog's ``<!DOCTYPE ...>`` is, internal subset included, or None.

    Scans the prolog only (a ``<!DOCTYPE`` inside a comment or an attribute is not one), and
    tracks quotes and brackets because an entity value may contain ``>`` or ``]``.
    """
    i = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    n = len(data)
    while True:
        while i < n and data[i] in b" \t\r\n":
            i += 1
        end = _skip_prolog_item(data, i)
        if end < 0:
            break
        i = end
    if data[i : i + 9].upper() != b"<!DOCTYPE":
        return None
    j, depth, quote = i + 9, 0, 0
    while j < n:
        ch = data[j]
        if quote:
            if ch == quote:
                quote = 0
        elif ch in b"\"'":
            quote = ch
        elif ch == 0x5B:  # [
            depth += 1
        elif ch == 0x5D:  # ]
            depth = max(0, depth - 1)
        elif ch == 0x3E and depth == 0:  # >
            return i, j + 1
        j += 1
    return i, n


def _parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _localname(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, PIs, entity references
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _attrs(el: etree._Element) -> dict[str, str]:
    """Attributes by lowercased local name: exports in the wild write xmlURL, xmlurl, XMLURL."""
    out: dict[str, str] = {}
    for key, value in el.attrib.items():
        name = str(key).rsplit("}", 1)[-1].lower()
        out.setdefault(name, _XML_SPACES.sub(" ", str(value)).strip(" "))
    return out


def _feed_url(raw: str) -> str | None:
    """An http(s) URL with a host, or None. ``feed:`` URLs (feed://host/x, feed:https://host/x),
    which some sites still link to, are read as the http(s) URL they stand for."""
    url = raw.strip()
    lower = url.lower()
    if lower.startswith("feed:"):
        rest = url[5:]
        url = rest if rest.lower().startswith(("http://", "https://")) else "http:" + rest
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() for c in url) or clean_url(url) != url:
        return None  # whitespace or a control character (C0, C1, bidi) inside: not a URL
    return url


def _url_key(url: str) -> str:
    """Two spellings of one feed URL that differ only in scheme/host case are one feed."""
    parts = urlsplit(url)
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def _split_category(value: str) -> list[str]:
    """OPML 2.0 ``category``: comma-separated, each a slash-delimited path ("/Tech/Python")."""
    return [part.strip() for item in value.split(",") for part in item.split("/") if part.strip()]


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.dropped = 0

    def add(self, line: str) -> None:
        if len(self.lines) < MAX_PROBLEMS - 1:
            self.lines.append(clean_line(line))
        else:
            self.dropped += 1

    def result(self) -> tuple[str, ...]:
        if self.dropped:
            return (*self.lines, f"... and {self.dropped} more")
        return tuple(self.lines)


def _describe(attrs: dict[str, str]) -> str:
    label = clean_line(attrs.get("title") or attrs.get("text") or "")
    return repr(label[:80]) if label else "(untitled)"


def _parse_tree(data: bytes, name: str, problems: _Problems) -> etree._Element:
    span = _doctype_span(data)
    if span is not None:
        data = data[: span[0]] + data[span[1] :]
        problems.add("the document type declaration was ignored (entities are never expanded)")
    try:
        root = etree.fromstring(data, _parser(recover=False))
    except etree.XMLSyntaxError as strict_error:
        try:
            root = etree.fromstring(data, _parser(recover=True))
        except etree.XMLSyntaxError as exc:
            raise OpmlError(name, "not XML", exc) from exc
        if root is None:
            raise OpmlError(name, "not XML", strict_error) from strict_error
        problems.add(f"not well-formed XML ({strict_error}); read what could be read")
    if root is None or _localname(root) != "opml":
        raise OpmlError(name, "not an OPML document (the root element is not <opml>)")
    return root


def parse_opml(data: bytes, *, name: str = "OPML document") -> OpmlDocument:
    """Read every feed outline of an OPML document, at any depth.

    ``name`` only labels errors. Raises :class:`OpmlError` when the bytes are not OPML at all;
    anything less (a feed without a usable URL, a repeated feed, broken markup that could be
    read past) is skipped or repaired and reported in ``OpmlDocument.problems``.
    """
    if not data.strip():
        raise OpmlError(name, "empty document")
    problems = _Problems()
    root = _parse_tree(data, name, problems)

    title: str | None = None
    body: etree._Element | None = None
    for child in root:
        local = _localname(child)
        if local == "head" and title is None:
            for item in child:
                if _localname(item) == "title":
                    text = clean_line("".join(item.itertext()))
                    title = _XML_SPACES.sub(" ", text).strip(" ") or None
                    break
        elif local == "body" and body is None:
            body = child
    if body is None:
        problems.add("no <body>: the document lists no feeds")
        return OpmlDocument(title, (), problems.result())

    urls: list[str] = []  # first-seen order
    found: dict[str, tuple[str, str, str | None, list[str]]] = {}  # key -> title, url, html, cats
    # Depth-first, in document order, without recursion: (element, enclosing folder names).
    stack: list[tuple[etree._Element, tuple[str, ...]]] = [(el, ()) for el in reversed(list(body))]
    while stack:
        el, folders = stack.pop()
        if _localname(el) != "outline":
            continue
        attrs = _attrs(el)
        children = [c for c in el if _localname(c) == "outline"]
        raw_url = attrs.get("xmlurl", "")
        # Titles and folder names are printed by the importer and become source names.
        label = clean_line(attrs.get("title") or attrs.get("text") or "")
        if raw_url:
            url = _feed_url(raw_url)
            if url is None:
                problems.add(f"skipped {_describe(attrs)}: {raw_url[:200]!r} is not an http(s) URL")
            else:
                cats = [*folders, *_split_category(clean_line(attrs.get("category", "")))]
                html = _feed_url(attrs.get("htmlurl", ""))
                key = _url_key(url)
                if key in found:
                    kept = found[key][3]
                    kept.extend(c for c in cats if c not in kept)
                else:
                    urls.append(key)
                    found[key] = (label or url, url, html, list(dict.fromkeys(cats)))
            inner = folders
        elif attrs.get("type", "").lower() == "include":
            problems.add(f"skipped {_describe(attrs)}: included OPML files are not followed")
            continue
        elif children:
            inner = (*folders, label) if label else folders
        else:
            # An empty folder or a note is no entry; something that looks like a feed is.
            if attrs.keys() & {"type", "url", "htmlurl"}:
                problems.add(f"skipped {_describe(attrs)}: no feed URL (xmlUrl)")
            continue
        stack.extend((c, inner) for c in reversed(children))

    feeds = tuple(
        OpmlFeed(title=t, url=u, html_url=h, categories=tuple(c))
        for t, u, h, c in (found[k] for k in urls)
    )
    return OpmlDocument(title, feeds, problems.result())


# -- topics --------------------------------------------------------------------------------------


def topic_name_for(category: str) -> str:
    """A valid topic name for an OPML category: "Tech: AI" -> "Tech AI", "#news" -> "news".

    Characters a topic name cannot hold become spaces, runs of spaces become one, leading
    punctuation is dropped and the result is cut to 64 characters. Raises ValueError when no
    letter or digit is left ("!!!"), so the importer can say so rather than invent a name.
    """
    text = unicodedata.normalize("NFKC", category)
    text = _SPACES.sub(" ", _TOPIC_BAD.sub(" ", text))
    start = 0
    while start < len(text) and not (text[start].isalnum() or text[start] == "_"):
        start += 1
    text = text[start:][:_TOPIC_MAX].rstrip()
    if not text:
        raise ValueError(f"no topic name can be made from the category {category!r}")
    return text


# -- writing -------------------------------------------------------------------------------------


def _xml_text(value: str) -> str:
    return _XML_BAD.sub("", value)


def export_opml(
    sources: Iterable[tuple[str, str, Sequence[str]]], title: str = "newsbot sources"
) -> bytes:
    """OPML 2.0 (UTF-8) listing ``(name, url, topics)`` feeds, for another reader or a backup.

    A feed with topics is written inside one folder outline per topic, so a feed with two topics
    appears twice, as Feedly and others do; :func:`parse_opml` reads it back as one feed with
    both topics. A feed without topics sits at the top level. Folders come in the order their
    topics first appear; feeds keep the order given.
    """
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _xml_text(title)
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    loose: list[tuple[str, str]] = []

    def feed(parent: etree._Element, name: str, url: str) -> None:
        etree.SubElement(
            parent,
            "outline",
            type="rss",
            text=_xml_text(name),
            title=_xml_text(name),
            xmlUrl=_xml_text(url),
        )

    for name, url, topics in sources:
        unique = list(dict.fromkeys(topics))
        if not unique:
            loose.append((name, url))
        for topic in unique:
            folder = folders.get(topic)
            if folder is None:
                clean = _xml_text(topic)
                folder = folders[topic] = etree.SubElement(body, "outline", text=clean, title=clean)
            feed(folder, name, url)
    for name, url in loose:
        feed(body, name, url)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out
