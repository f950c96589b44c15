"""Which keyword alerts an article matches, and the direct message an alert row sends.

A phrase matches on whole words, case-insensitively, in the article's title and summary
("rail" does not match "trail"; "light rail" matches "Light  Rail"). The DM names no channel:
it carries only the article (public web content), so an alert never tells anyone what a
channel they cannot read contains.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import lru_cache

from bot.delivery.ports import Post
from bot.delivery.posts import post_for_article
from bot.store.rows import ArticleRow

__all__ = ["alert_payload", "alert_post", "article_text", "matches"]


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.casefold().split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def article_text(article: ArticleRow) -> str:
    return f"{article.title}\n{article.summary}".casefold()


def matches(phrase: str, text: str) -> bool:
    """`text` already casefolded (`article_text`)."""
    return bool(phrase.split()) and _pattern(phrase).search(text) is not None


def alert_payload(article_id: int, phrase: str) -> str:
    return json.dumps({"article_id": article_id, "phrase": phrase})


def alert_post(article: ArticleRow, phrase: str) -> Post:
    """The article as a post, its source line saying which alert it answers."""
    post = post_for_article(article)
    return dataclasses.replace(post, source=f"{article.source_name} · your alert: {phrase}")
