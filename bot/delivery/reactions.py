"""Reactions on the bot's posts, and the ranking `newsbot top` prints.

Delivery does not import the adapters, so the event is any object with the attributes of
`bot.adapters.events.ReactionEvent`; `ReactionLike` states them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from bot.store import Store, TopPost

__all__ = ["ReactionLike", "format_top", "on_reaction", "parse_since", "top"]

_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 7 * 86400.0}


class ReactionLike(Protocol):
    @property
    def platform(self) -> str: ...
    @property
    def workspace(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def emoji(self) -> str: ...
    @property
    def added(self) -> bool: ...


async def on_reaction(store: Store, event: ReactionLike) -> bool:
    """Store a reaction added or removed on one of the bot's posts. Returns False (and stores
    nothing) for a message the bot did not post: reactions elsewhere are none of its business."""
    delivery = await store.delivery_by_message(event.platform, event.channel, event.message_id)
    if delivery is None or delivery.status != "sent":
        return False
    await store.record_reaction(delivery.id, event.emoji, event.user_id, added=event.added)
    return True


def parse_since(text: str) -> float:
    """ "1d", "12h", "30m", "2w", "90" (seconds) → seconds."""
    m = _SINCE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a duration like 1d, 12h, 30m or 2w")
    return float(m.group(1)) * _UNIT[m.group(2).lower()]


async def top(
    store: Store, since_seconds: float, clock: Callable[[], float], *, limit: int = 5
) -> list[TopPost]:
    """The posts made in the last `since_seconds` with the most reactions (live ones: a
    reaction removed no longer counts), most first."""
    return await store.top_posts(since=clock() - since_seconds, limit=limit)


def format_top(posts: Sequence[TopPost]) -> list[str]:
    if not posts:
        return ["No reactions on posts in that period."]
    return [
        f"{i}. {p.title} — {p.reactions} reaction{'s' if p.reactions != 1 else ''}"
        + (f" — {p.url}" if p.url else "")
        for i, p in enumerate(posts, 1)
    ]
