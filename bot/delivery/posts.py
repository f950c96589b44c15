"""Stored rows → the platform-neutral `Post` an adapter renders."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.delivery.ports import DigestItem, Post, PostQuote
from bot.store.rows import ArticleRow

__all__ = [
    "digest_payload",
    "digest_post",
    "notice_payload",
    "notice_post",
    "one_line",
    "post_for_article",
]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])")
ONE_LINE_CHARS = 160


def post_for_article(article: ArticleRow, also_covered_by: Iterable[tuple[str, str]] = ()) -> Post:
    return Post(
        kind="article",
        title=article.title,
        url=article.url,
        summary=article.summary,
        quotes=tuple(PostQuote(text, speaker, role) for text, speaker, role in article.quotes),
        topics=tuple(name for name, _ in article.topics),
        source=article.source_name,
        published=datetime.fromtimestamp(article.published, UTC) if article.published else None,
        image=article.image,
        also_covered_by=tuple(also_covered_by),
    )


def one_line(summary: str, limit: int = ONE_LINE_CHARS) -> str:
    """The summary's first sentence, cut at a word boundary to `limit` characters."""
    text = " ".join(summary.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def digest_payload(
    articles: Sequence[ArticleRow],
    *,
    hours: float,
    also: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """What a digest row stores: self-contained, so the digest renders the same after a crash.
    `also`: for an article id, the other sources that carried the same story."""
    items = []
    for a in articles:
        line = one_line(a.summary)
        others = (also or {}).get(a.id)
        if others:
            line = f"{line} (also: {', '.join(others)})" if line else f"also: {', '.join(others)}"
        items.append({"title": a.title, "url": a.url, "line": line})
    n = len(items)
    title = f"News digest: {n} article{'s' if n != 1 else ''} from the last {hours:g} h"
    return json.dumps({"title": title, "items": items})


def digest_post(payload: str | None) -> Post:
    data: dict[str, Any] = json.loads(payload or "{}")
    items = tuple(
        DigestItem(str(i.get("title", "")), i.get("url"), str(i.get("line", "")))
        for i in data.get("items", ())
    )
    return Post(kind="digest", title=str(data.get("title", "News digest")), items=items)


def notice_payload(title: str, text: str, *, channel: str | None = None) -> str:
    """What a notice row stores. `channel`: the id of the channel the notice is about, shown
    where `text` says `bot.delivery.notices.MENTION`."""
    data = {"title": title, "text": text}
    if channel is not None:
        data["channel"] = channel
    return json.dumps(data)


def notice_post(payload: str | None) -> Post:
    data = json.loads(payload or "{}")
    channel = data.get("channel")
    return Post(
        kind="notice",
        title=str(data.get("title", "newsbot notice")),
        summary=str(data.get("text", "")),
        about_channel=str(channel) if channel else None,
    )
