"""What the sources layer hands up: feeds and their entries as frozen data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.textsafe import clean_line, clean_text, clean_url

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

    def cleaned(self) -> FeedEntry:
        """The entry without control characters (``bot.textsafe``); itself when it has none.

        The parsers already clean what they read; the pipeline calls this once more where
        entries enter the store, so that no path (a new parser, a worker) can skip it. The
        content hash is kept as the parser computed it: it only has to change when the entry
        does, and the entry id, which dedup uses, is the cleaned one everywhere.
        """
        fixed = replace(
            self,
            entry_id=clean_line(self.entry_id),
            title=clean_line(self.title),
            link=_url(self.link),
            summary=clean_text(self.summary),
            content=clean_text(self.content),
            author=clean_line(self.author) if self.author is not None else None,
            image=_url(self.image),
        )
        return self if fixed == self else fixed


def _url(url: str | None) -> str | None:
    return clean_url(url) if url is not None else None


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
