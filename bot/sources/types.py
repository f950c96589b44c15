"""What the sources layer hands up: feeds and their entries as frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["FeedEntry", "ParsedFeed"]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed. `entry_id` is the stable identity used for dedup (see identity.py)."""

    entry_id: str
    title: str
    link: str | None
    published: datetime | None  # timezone-aware UTC when the feed gives a date
    summary: str  # clean text of the entry's summary/description (no HTML)
    content: str  # clean text of the entry's full content when the feed carries it, else ""
    author: str | None = None
    image: str | None = None
    content_hash: str = ""  # hash of title + summary + content, to detect updates


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]
    ttl_minutes: int | None = None  # RSS <ttl>
    problems: tuple[str, ...] = ()  # what was wrong but could be read past (bozo, bad dates)
    # Which reader produced it: "fastfeedparser", "feedparser" (the fallback), "jsonfeed",
    # or "" when the document could not be read as a feed at all (see `problems`).
    parser: str = ""
