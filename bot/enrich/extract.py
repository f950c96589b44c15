"""Title and main text of a web page, via trafilatura.

trafilatura is the maintained extractor that scores best on article pages; we call it with
`fast=True` (no fallback extractors) and without its metadata pass: on news pages the
fallbacks add no text and the metadata pass (dates, authors, sitename) costs more than the
extraction itself (figures in docs/enrich.md). The title is the page's og:title, else its
<title> without the site name. Hostile or empty input yields ("", "") instead of raising.
"""

from __future__ import annotations

import html as html_lib
import re

from lxml.etree import LxmlError

__all__ = ["extract_article"]

_MAX_HTML_CHARS = 5_000_000
_META_RE = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR_RE = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_TITLE_RE = re.compile(
    r"<meta[^>]+(?:property|name)=[\"']og:title[\"'][^>]*content=[\"']([^\"']{1,500})[\"']"
    r"|<meta[^>]+content=[\"']([^\"']{1,500})[\"'][^>]*(?:property|name)=[\"']og:title[\"']",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(r"<title[^>]*>([^<]{1,500})</title>", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")


def _page_title(page: str) -> str:
    """og:title, else <title> without a short " | Site name" tail."""
    head = page[:200_000]
    for tag in _META_RE.finditer(head):
        if "og:title" not in tag.group(0).lower():
            continue
        attrs = {m[1].lower(): m[2] or m[3] for m in _ATTR_RE.finditer(tag.group(0))}
        if "og:title" in (attrs.get("property", "").lower(), attrs.get("name", "").lower()):
            value = _SPACES_RE.sub(" ", html_lib.unescape(attrs.get("content", ""))).strip()
            if value:
                return value
    match = _TITLE_RE.search(head)
    if not match:
        return ""
    title = _SPACES_RE.sub(" ", html_lib.unescape(match.group(1))).strip()
    for separator in (" | ", " – ", " — ", " - "):
        stem, sep, site = title.rpartition(separator)
        if sep and stem and len(site) <= 30 and len(stem) > len(site):
            return stem.strip()
    return title


def extract_article(html: str, url: str | None = None) -> tuple[str, str]:
    """(title, main text) of a page; ("", "") when it holds no article."""
    if not html or not html.strip():
        return "", ""
    page = html[:_MAX_HTML_CHARS]
    # Imported here: trafilatura and its helpers weigh ~10 MB per process, and a worker that
    # only parses feeds and enriches feed text never needs them.
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            page,
            url=url,
            fast=True,
            with_metadata=False,
            include_comments=False,
            include_tables=False,
        )
    except (
        ValueError,
        TypeError,
        AttributeError,
        LookupError,
        RecursionError,
        OSError,
        LxmlError,
    ):
        doc = None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        return "", ""
    return _page_title(page), text
