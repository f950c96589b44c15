"""Title and main text of a web page, via trafilatura.

trafilatura is the maintained extractor that scores best on article pages; we call it with
`fast=True` (no fallback extractors) because the fallbacks cost more time than they add
text on news pages (figures in docs/enrich.md). The title comes from its metadata, then the
page's og:title, then <title>. Hostile or empty input yields ("", "") instead of raising.
"""

from __future__ import annotations

import html as html_lib
import re

import trafilatura
from lxml.etree import LxmlError

__all__ = ["extract_article"]

_MAX_HTML_CHARS = 5_000_000
_OG_TITLE_RE = re.compile(
    r"<meta[^>]+(?:property|name)=[\"']og:title[\"'][^>]*content=[\"']([^\"']{1,500})[\"']"
    r"|<meta[^>]+content=[\"']([^\"']{1,500})[\"'][^>]*(?:property|name)=[\"']og:title[\"']",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(r"<title[^>]*>([^<]{1,500})</title>", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")


def _fallback_title(page: str) -> str:
    head = page[:200_000]
    for pattern in (_OG_TITLE_RE, _TITLE_RE):
        match = pattern.search(head)
        if match:
            value = next((g for g in match.groups() if g), "")
            return _SPACES_RE.sub(" ", html_lib.unescape(value)).strip()
    return ""


def extract_article(html: str, url: str | None = None) -> tuple[str, str]:
    """(title, main text) of a page; ("", "") when it holds no article."""
    if not html or not html.strip():
        return "", ""
    page = html[:_MAX_HTML_CHARS]
    try:
        doc = trafilatura.bare_extraction(
            page,
            url=url,
            fast=True,
            with_metadata=True,
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
    text = ""
    title = ""
    if doc is not None:
        text = (getattr(doc, "text", None) or "").strip()
        title = (getattr(doc, "title", None) or "").strip()
    if not text:
        return "", ""
    if not title:
        title = _fallback_title(page)
    return title, text
