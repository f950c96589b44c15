"""Full text for entries whose feed carries only a teaser.

The page is fetched through the guarded client (same SSRF guard and size cap as feeds) and
the extraction, which is CPU-heavy (trafilatura), runs wherever ``run_in_pool`` sends it — a
process pool in the app — never on the event loop.

The extractor is passed in rather than imported: ``bot/enrich`` sits above ``bot/sources`` in
the layering (DESIGN.md), so the app hands ``bot.enrich.extract_article`` down. It must be a
module-level function so a process pool can pickle it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.sources.charset import decode_html
from bot.sources.http import HTML_ACCEPT, GuardedClient
from bot.sources.types import FeedEntry
from bot.textsafe import clean_line, clean_text

__all__ = [
    "TEASER_CHARS",
    "Extractor",
    "FullText",
    "RunInPool",
    "fetch_full_text",
    "is_teaser",
]

TEASER_CHARS = 500

#: ``extract(html, url) -> (title, text)``, e.g. ``bot.enrich.extract_article``, or
#: ``(title, text, why the page is not an article)`` (``bot.worktasks.extract_for_post``).
Extracted = tuple[str, str] | tuple[str, str, str]
Extractor = Callable[[str, str], Extracted]
#: Runs ``fn(html, url)`` off the loop, e.g.
#: ``lambda fn, html, url: loop.run_in_executor(pool, fn, html, url)``.
RunInPool = Callable[[Extractor, str, str], Awaitable[Extracted]]

_MORE = re.compile(
    r"(…|\.\.\.|\[…\]|\[\.\.\.\]|read more|continue reading|read the full (story|article)|"
    r"the post .{1,200} appeared first on .{1,100}|\(more…?\)|more\s*»|→)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FullText:
    url: str
    final_url: str
    title: str
    text: str  # empty when the page had no recognisable article
    #: Why the page is not an article ("the page is a listing, not an article (...)"), or "".
    not_article: str = ""


def is_teaser(entry: FeedEntry, min_chars: int = TEASER_CHARS) -> bool:
    """True when the feed gave only a teaser and the page is worth fetching.

    Short (under ``min_chars`` of text in content or summary), or ending in an ellipsis or a
    "Read more" style link. Entries without a link have nothing to fetch.
    """
    if not entry.link:
        return False
    text = max(entry.content, entry.summary, key=len).strip()
    if len(text) < min_chars:
        return True
    return bool(_MORE.search(text[-300:]))


async def fetch_full_text(
    client: GuardedClient,
    url: str,
    run_in_pool: RunInPool,
    extract: Extractor,
    *,
    max_bytes: int | None = None,
) -> FullText:
    """Fetch ``url`` and extract its article in the pool.

    Raises the ``bot.sources.errors.FetchError`` family for fetch failures; what the extractor
    raises propagates unchanged (it is the enrich layer's error to name).
    """
    result = await client.fetch(url, accept=HTML_ACCEPT, max_bytes=max_bytes)
    page = decode_html(result.body, result.content_type)
    title, text, *why = await run_in_pool(extract, page, result.final_url)
    # The page is outside text and the extractor (bot/enrich) is pure: cleaned here, on entry.
    return FullText(
        url=url,
        final_url=result.final_url,
        title=clean_line(title),
        text=clean_text(text),
        not_article=clean_line(why[0]) if why else "",
    )
