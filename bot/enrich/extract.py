"""Title and main text of a web page, via trafilatura, and whether the page is an article.

trafilatura is the maintained extractor that scores best on article pages; we call it with
`fast=True` (no fallback extractors) and without its metadata pass: on news pages the
fallbacks add no text and the metadata pass (dates, authors, sitename) costs more than the
extraction itself (figures in docs/enrich.md). The page is parsed once (trafilatura works on a
copy of our tree) and that tree serves the two things trafilatura does not do:

- a body split into several containers by ad or related-link blocks (Wired's
  `article__body` divs between `ad--mid-content` rows): trafilatura keeps the first; the
  containers of the same kind and class in the same article are read on (`_continuations`);
- whether the page is an article at all (`bot.enrich.pagekind`).

Tables inside the body are kept, one row per line with cells separated by " | ". The title is
the page's og:title, else its <title>, without a trailing site name (`bot.enrich.titles`).
Hostile or empty input yields an empty page instead of raising.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml.etree import LxmlError, strip_elements

from .pagekind import ARTICLE, PageKind, classify_page
from .titles import SEPARATORS, strip_site_suffix

__all__ = ["Page", "extract_article", "extract_page"]

_MAX_HTML_CHARS = 5_000_000
_META_RE = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_LINK_RE = re.compile(r"<link\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR_RE = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_TITLE_RE = re.compile(r"<title[^>]*>([^<]{1,500})</title>", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")
_TABLE_RULE_RE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")

_NEVER_TEXT = ("script", "style", "noscript", "svg", "template", "iframe", "link", "meta")

_PARSE_ERRORS = (
    ValueError,
    TypeError,
    AttributeError,
    LookupError,
    RecursionError,
    OSError,
    LxmlError,
)


@dataclass(frozen=True, slots=True)
class Page:
    """What extraction found: the headline, the body text (one paragraph per line, table
    rows as "cell | cell"), and whether the page is an article."""

    title: str
    text: str
    kind: PageKind = ARTICLE


_EMPTY = Page("", "")


def _head_meta(head: str) -> dict[str, str]:
    """The meta properties and names of the page's head (first value wins), and the
    canonical link under "canonical"."""
    out: dict[str, str] = {}
    for tag in _META_RE.finditer(head):
        attrs = {m[1].lower(): m[2] or m[3] or "" for m in _ATTR_RE.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key and key not in out:
            value = _SPACES_RE.sub(" ", html_lib.unescape(attrs.get("content", ""))).strip()
            if value:
                out[key] = value
    for tag in _LINK_RE.finditer(head):
        attrs = {m[1].lower(): m[2] or m[3] or "" for m in _ATTR_RE.finditer(tag.group(0))}
        if attrs.get("rel", "").lower() == "canonical" and attrs.get("href"):
            out.setdefault("canonical", attrs["href"])
    return out


def _page_title(page: str, url: str | None) -> str:
    """og:title, else <title>; without a trailing site name."""
    head = page[:200_000]
    meta = _head_meta(head)
    match = _TITLE_RE.search(head)
    html_title = _SPACES_RE.sub(" ", html_lib.unescape(match.group(1))).strip() if match else ""
    title = meta.get("og:title") or html_title
    if not title:
        return ""
    names = [meta.get("og:site_name", ""), meta.get("application-name", "")]
    og = meta.get("og:title", "")
    if og and html_title.startswith(og) and html_title != og:
        # <title> is og:title plus the site's name: "Headline | Site"
        rest = html_title[len(og) :]
        for sep in SEPARATORS:
            if rest.startswith(sep):
                names.append(rest[len(sep) :])
                break
    where = url or meta.get("og:url") or meta.get("canonical") or ""
    host = urlsplit(where).hostname if where.startswith(("http://", "https://")) else None
    return strip_site_suffix(title, site_names=[n for n in names if n], host=host)


def _readable_tables(text: str) -> str:
    """trafilatura's table rows ("| a | b | ") as "a | b"; its rule rows ("|---|") dropped."""
    if "|" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            if _TABLE_RULE_RE.match(stripped):
                continue
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            cells = [c for c in cells if c]
            if not cells:
                continue
            line = " | ".join(cells)
        lines.append(line)
    return "\n".join(lines)


_LAYOUT_CELL_CHARS = 300


def _unwrap_layout_tables(tree: Any) -> None:
    """Tables used for layout (a cell holding paragraphs, a long text or another table) become
    plain blocks, so the article in them is read as paragraphs, not as one table row."""
    for table in list(tree.iter("table")):
        layout = next(table.iter("p"), None) is not None or any(
            t is not table for t in table.iter("table")
        )
        if not layout:
            layout = any(len(_text_of(cell)) > _LAYOUT_CELL_CHARS for cell in table.iter("td"))
        if layout:
            for el in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th"):
                el.tag = "div"


def _text_of(element: Any) -> str:
    return _SPACES_RE.sub(" ", "".join(element.itertext())).strip()


_MIN_ANCHOR_CHARS = 50  # a paragraph long enough to find its container by
_MIN_CONTINUATION_CHARS = 100  # less is a caption or a teaser, not the body going on
_MAX_LINK_SHARE = 0.4  # a continuation is prose, not a list of links
_MAX_CONTAINER_DEPTH = 3


def _anchor(tree: Any, text: str) -> Any | None:
    """The <p> in `tree` holding the last long paragraph of the extracted text."""
    lines = [line.strip() for line in text.split("\n") if len(line.strip()) >= _MIN_ANCHOR_CHARS]
    if not lines:
        return None
    probe = _SPACES_RE.sub(" ", lines[-1])[:_MIN_ANCHOR_CHARS]
    # XPath runs in C: a Python loop over every <p> of a large page cost a millisecond
    found = tree.xpath("(//p[starts-with(normalize-space(.), $probe)])[last()]", probe=probe)
    return found[0] if found else None


def _container(p: Any) -> Any | None:
    """The nearest ancestor of `p` carrying a class: the body container it sits in."""
    node = p.getparent()
    for _ in range(_MAX_CONTAINER_DEPTH):
        if node is None or node.tag in ("body", "html"):
            return None
        if node.get("class"):
            return node
        node = node.getparent()
    return None


def _article_of(node: Any) -> Any | None:
    return next(node.iterancestors("article"), None)


_TAG_RE = re.compile(r"[a-z][a-z0-9]{0,20}")
_COMMENTS_RE = re.compile(r"comment|respond|reply|discussion", re.IGNORECASE)
_MAX_SIBLING_DEPTH = 4  # how far up a continuation may part from the body's container


def _in_comments(node: Any) -> bool:
    return any(
        _COMMENTS_RE.search((a.get("class") or "") + " " + (a.get("id") or ""))
        for a in node.iterancestors()
    )


def _near(node: Any, ancestors: list[Any]) -> bool:
    """True when `node` sits under one of the container's nearest `ancestors`."""
    return any(a in ancestors for a in node.iterancestors())


def _paragraphs(container: Any) -> list[str] | None:
    """The paragraphs of a continuation container, or None when it is not prose."""
    paras = [t for t in (_text_of(p) for p in container.iter("p")) if t]
    total = sum(len(t) for t in paras)
    if total < _MIN_CONTINUATION_CHARS:
        return None
    links = sum(len(_text_of(a)) for p in container.iter("p") for a in p.iter("a"))
    if links > _MAX_LINK_SHARE * total:
        return None
    return paras


def _continuations(tree: Any, text: str) -> tuple[list[str], list[str]]:
    """Paragraphs of the body that sit in sibling containers the extractor did not read
    (before, after): containers of the same tag and class as the one holding the extracted
    body's last paragraph, in the same <article> (or none), with no <h1> between them (a
    page listing several posts starts each with its own headline)."""
    anchor = _anchor(tree, text)
    container = _container(anchor) if anchor is not None else None
    if container is None or not _TAG_RE.fullmatch(str(container.tag)):
        return [], []
    cls, article = container.get("class"), _article_of(container)
    own = set(container.iterancestors()) | {container}
    nearest = [a for a in container.iterancestors() if a.tag not in ("body", "html")]
    nearest = nearest[:_MAX_SIBLING_DEPTH]
    before: list[str] = []
    after: list[str] = []
    seen = {line.strip()[:40] for line in text.split("\n") if line.strip()}
    passed = False
    for node in tree.xpath(f"//{container.tag}[@class=$cls] | //h1", cls=cls):
        if node is container:
            passed = True
            continue
        if node.tag == "h1":
            if passed:
                break  # another page's headline: what follows is not this body
            before.clear()  # what came before belongs to another headline
            continue
        if node.get("class") != cls or node in own or _article_of(node) is not article:
            continue
        if any(a is container for a in node.iterancestors()):
            continue
        if not _near(node, nearest) or _in_comments(node):
            continue
        paras = _paragraphs(node)
        if paras is None:
            continue
        new = [p for p in paras if p[:40] not in seen]
        if len(new) < len(paras) / 2:
            continue  # mostly already extracted: the extractor read this one
        (after if passed else before).extend(new)
        seen.update(p[:40] for p in new)
    return before, after


def extract_page(html: str, url: str | None = None) -> Page:
    """The page's title, body text and kind; an empty page when it holds no text."""
    if not html or not html.strip():
        return _EMPTY
    page = html[:_MAX_HTML_CHARS]
    # Imported here: trafilatura and its helpers weigh ~10 MB per process, and a worker that
    # only parses feeds and enriches feed text never needs them.
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(page)
        if tree is None:
            return _EMPTY
        # Elements that never hold article text go before trafilatura copies the tree: the copy
        # and its cleaning shrink by more than the continuations and the kind cost (same
        # text on all 181 corpus pages; figures in docs/enrich.md).
        strip_elements(tree, *_NEVER_TEXT, with_tail=False)
        _unwrap_layout_tables(tree)
        # trafilatura works on a copy: `tree` stays whole for the continuations and the kind.
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=True,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
        )
        text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
        if not text:
            return _EMPTY
        before, after = _continuations(tree, text)
        text = "\n".join([*before, text, *after])
        text = _readable_tables(text)
        title = _page_title(page, url)
        kind = classify_page(tree, text, title)
    except _PARSE_ERRORS:
        return _EMPTY
    return Page(title, text, kind)


def extract_article(html: str, url: str | None = None) -> tuple[str, str]:
    """(title, main text) of a page; ("", "") when it holds no article text."""
    found = extract_page(html, url)
    return found.title, found.text
