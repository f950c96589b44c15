"""The functions the process pool runs: parsing, extraction, enrichment.

They live apart from the pipeline so that a worker imports only what it runs (`bot.enrich` and
the feed parser, ~40 MiB) and not the whole app (aiohttp, the store, pydantic: ~65 MiB), and so
the forkserver can preload this module once for every worker. Each is top-level and takes plain
data, because the pool pickles the call.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from bot.delivery.samestory import story_hash
from bot.enrich import Enrichment, TopicRule, enrich_article, extract_article
from bot.enrich.extract import extract_page
from bot.sources.capped import read_capped, too_large
from bot.sources.feeds import parse_feed
from bot.sources.types import FeedEntry, ParsedFeed

__all__ = [
    "ForPost",
    "enrich_entry",
    "enrich_for_posts",
    "extract_article",
    "extract_for_post",
    "parse_feed",
    "parse_files",
    "parse_page",
]

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf", ".json", ".feed"})


def parse_files(location: str, max_bytes: int) -> ParsedFeed:
    """A `file` source: one feed file, or every feed file in a folder (merged).

    A file over ``max_bytes`` is refused unread (past the cap) and named first among the
    problems; the other files still count.
    """
    path = Path(location)
    files = (
        sorted(p for p in path.iterdir() if p.suffix.lower() in FEED_SUFFIXES)
        if path.is_dir()
        else [path]
    )
    entries: list[FeedEntry] = []
    refused: list[str] = []
    problems: list[str] = []
    title = path.name
    for f in files:
        data = read_capped(f, max_bytes)
        if data is None:
            refused.append(f"{f.name}: skipped, {too_large(max_bytes)}")
            continue
        parsed = parse_feed(data, f.resolve().as_uri())
        entries.extend(parsed.entries)
        problems.extend(f"{f.name}: {p}" for p in parsed.problems)
        if len(files) == 1:
            title = parsed.title or title
    return ParsedFeed(
        title=title,
        link=None,
        entries=tuple(entries),
        problems=(*refused, *problems),
        parser="files",
    )


def parse_page(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    """A `page` source: the article links on a listing page, as entries."""
    from bot.sources.discovery import page_entries  # imports the HTTP client: only when used

    entries = page_entries(body, url, content_type)
    problems = () if entries else ("no article links found on the page",)
    return ParsedFeed(title=url, link=url, entries=entries, problems=problems)


def extract_for_post(html: str, url: str) -> tuple[str, str, str]:
    """(title, text, why the page is not an article or "") of a teaser's page: the pipeline
    records a page that is not an article as seen, with that reason, instead of posting it."""
    page = extract_page(html, url)
    return page.title, page.text, page.kind.explanation()


def enrich_entry(
    title: str,
    text: str,
    source: str | None,
    rules: tuple[TopicRule, ...],
    summary_chars: int,
    max_quotes: int,
) -> Enrichment:
    return enrich_article(
        title, text, source=source, topics=rules, summary_chars=summary_chars, max_quotes=max_quotes
    )


@dataclass(frozen=True, slots=True)
class ForPost:
    """What the pipeline keeps of an entry's enrichment: the enrichment without the cleaned
    text (a post does not show it, and every result is pickled back from the worker) and the
    story hash the outbox groups same-story posts by, computed here rather than on the loop."""

    enrichment: Enrichment
    story_hash: int


def enrich_for_posts(
    items: tuple[tuple[str, str], ...],
    source: str | None,
    rules: tuple[TopicRule, ...],
    summary_chars: int,
    max_quotes: int,
) -> list[ForPost]:
    """Enrich a poll's (title, text) pairs in one trip to the pool, not one each."""
    out = []
    for title, text in items:
        e = enrich_entry(title, text, source, rules, summary_chars, max_quotes)
        out.append(ForPost(dataclasses.replace(e, text=""), story_hash(title, e.summary_text)))
    return out
