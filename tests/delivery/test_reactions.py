"""Reactions on the bot's posts are stored per delivery and rank `newsbot top`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.delivery.outbox import Outbox
from bot.delivery.reactions import format_top, on_reaction, parse_since, top
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


@dataclass(frozen=True)
class Reaction:  # the shape of bot.adapters.events.ReactionEvent
    platform: str
    workspace: str
    channel: str
    message_id: str
    user_id: str
    emoji: str
    added: bool = True


async def test_reactions_rank_posts(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    old = await article(store, sid, [ch("a")], title="Old news")
    await outbox.deliver_pending()
    clock.advance(3 * 86400)
    liked = await article(store, sid, [ch("a"), ch("b")], title="Liked")
    meh = await article(store, sid, [ch("a")], title="Meh")
    await outbox.deliver_pending()
    mid = {(s.channel, s.post.title): s.message_id for s in adapter.sent}

    def r(channel: str, title: str, user: str, emoji: str = "👍", added: bool = True) -> Reaction:
        return Reaction("test", "ws", channel, mid[(channel, title)], user, emoji, added)

    for event in [
        r("a", "Liked", "u1"),
        r("a", "Liked", "u2"),
        r("b", "Liked", "u3", "🔥"),
        r("a", "Meh", "u1"),
        r("a", "Meh", "u2"),
        r("a", "Meh", "u2", added=False),
        r("a", "Old news", "u1"),
        r("a", "Old news", "u2"),
        r("a", "Old news", "u3"),
        r("a", "Liked", "u1"),  # the same reaction twice counts once
    ]:
        assert await on_reaction(store, event)
    assert not await on_reaction(store, Reaction("test", "ws", "a", "999999", "u1", "👍"))
    ranked = await top(store, parse_since("1d"), clock)
    assert [(p.article_id, p.reactions) for p in ranked] == [(liked, 3), (meh, 1)]
    ranked_week = await top(store, parse_since("1w"), clock)
    assert old in [p.article_id for p in ranked_week]
    assert format_top(ranked)[0].startswith("1. Liked — 3 reactions")


def test_parse_since() -> None:
    assert parse_since("1d") == 86400 and parse_since("12h") == 43200
    assert parse_since("30m") == 1800 and parse_since("90") == 90
    with pytest.raises(ValueError, match="not a duration"):
        parse_since("yesterday")
