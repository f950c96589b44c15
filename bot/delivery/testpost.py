"""The post `/newsadmin channel test` makes: the article as the channel would get it, marked.

The mark is in the title, the one part every rendering (embed, Block Kit, console, any style
or template that shows a headline) keeps, so nobody takes the test for the real post. A test
mentions no role: it shows what is posted, it does not call anyone to it.
"""

from __future__ import annotations

import dataclasses

from bot.delivery.ports import Post
from bot.delivery.posts import post_for_article
from bot.store.rows import ArticleRow

__all__ = ["TEST_MARK", "test_post"]

TEST_MARK = "[TEST] "


def test_post(article: ArticleRow) -> Post:
    post = post_for_article(article)
    return dataclasses.replace(post, title=TEST_MARK + post.title)
