"""Stored rows → the platform-neutral `Post` an adapter renders."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.delivery.ports import Post, PostQuote
from bot.store.rows import ArticleRow

__all__ = ["notice_post", "post_for_article"]


def post_for_article(article: ArticleRow) -> Post:
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
    )


def notice_post(payload: str | None) -> Post:
    data = json.loads(payload or "{}")
    return Post(kind="notice", title=str(data.get("title", "newsbot notice")),
                summary=str(data.get("text", "")))
