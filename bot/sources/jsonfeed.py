"""JSON Feed 1.0/1.1 (https://jsonfeed.org) read straight from the decoded JSON.

Neither XML parser is needed for it and feedparser does not read it at all; the format is
small enough that reading it here keeps its behaviour (ids, dates, relative URLs) the same as
for the XML formats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["JsonFeed", "JsonItem", "parse_json_feed"]


@dataclass(frozen=True, slots=True)
class JsonItem:
    guid: str | None
    link: str | None
    title: str
    date: str | None
    summary_html: str
    content_html: str
    author: str | None
    image: str | None


@dataclass(frozen=True, slots=True)
class JsonFeed:
    title: str
    link: str | None
    items: tuple[JsonItem, ...]
    problems: tuple[str, ...]
    is_feed: bool = True  # False when the document is not recognisably a JSON Feed


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # ids are strings by spec, but numbers occur in the wild
    return None


def _author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")
    if isinstance(authors, list):
        for author in authors:
            if isinstance(author, dict) and _str(author.get("name")):
                return _str(author.get("name"))
    author = item.get("author")
    if isinstance(author, dict):
        return _str(author.get("name"))
    return None


def parse_json_feed(text: str) -> JsonFeed:
    """Read what can be read; a non-object or an item of the wrong shape is a problem."""
    problems: list[str] = []
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return JsonFeed("", None, (), (f"invalid JSON: {exc}",), is_feed=False)
    if not isinstance(doc, dict):
        return JsonFeed("", None, (), ("JSON document is not an object",), is_feed=False)
    version = _str(doc.get("version")) or ""
    if "jsonfeed.org" not in version:
        problems.append("JSON document does not declare a JSON Feed version")
    raw_items = doc.get("items")
    is_feed = "jsonfeed.org" in version or isinstance(raw_items, list)
    if not isinstance(raw_items, list):
        problems.append("JSON Feed has no items list")
        raw_items = []
    items: list[JsonItem] = []
    for index, item in enumerate(raw_items):
        if not isinstance(item, dict):
            problems.append(f"item {index} is not an object")
            continue
        content_html = _str(item.get("content_html"))
        if content_html is None:
            text_body = _str(item.get("content_text")) or ""
            content_html = text_body.replace("&", "&amp;").replace("<", "&lt;")
        items.append(
            JsonItem(
                guid=_str(item.get("id")),
                link=_str(item.get("url")) or _str(item.get("external_url")),
                title=_str(item.get("title")) or "",
                date=_str(item.get("date_published")) or _str(item.get("date_modified")),
                summary_html=_str(item.get("summary")) or "",
                content_html=content_html,
                author=_author(item) or _author(doc),
                image=_str(item.get("image")) or _str(item.get("banner_image")),
            )
        )
    return JsonFeed(
        _str(doc.get("title")) or "",
        _str(doc.get("home_page_url")),
        tuple(items),
        tuple(problems),
        is_feed,
    )
