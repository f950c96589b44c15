"""The post `/newsadmin channel test` makes: the article as the channel would get it, marked.

The post takes the channel's format (style or template), since a test shows what the channel
will see. The mark is in the title, the one part every built-in style and the platforms' own
renderings keep; a template that leaves the title out gets the mark as its first words
instead, so nobody takes the test for the real post whatever the layout. A test mentions no
role: it shows what is posted, it does not call anyone to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from bot.delivery.ports import Post
from bot.delivery.posts import post_for_article
from bot.delivery.templates import template_of, with_format
from bot.store.rows import ArticleRow

__all__ = ["TEST_MARK", "test_post"]

TEST_MARK = "[TEST] "


def test_post(article: ArticleRow, settings: Mapping[str, Any] | None = None) -> Post:
    """The article in the channel's format (`settings`: its channel settings), marked."""
    post = with_format(post_for_article(article), settings or {})
    post = dataclasses.replace(post, title=TEST_MARK + post.title)
    template = template_of(post)
    if template is not None and post.template is not None and "title" not in template.fields:
        # The mark is literal template text (it holds no brace). Should the longer template no
        # longer parse (past the length cap), the post falls back to its style, title and all.
        post = dataclasses.replace(post, template=TEST_MARK + post.template)
    return post
