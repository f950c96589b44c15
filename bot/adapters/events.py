"""Events a chat adapter reports back to the bot, in platform-neutral form.

Adapters for every platform build the same small dataclass, so the code that stores reactions
(and ranks posts by them) never learns which platform a reaction came from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["ReactionCallback", "ReactionEvent"]


@dataclass(frozen=True, slots=True)
class ReactionEvent:
    """Someone added (``added=True``) or removed a reaction on one of the bot's own posts.

    ``workspace`` is the guild / team id ("" where the platform has none); ``emoji`` is the
    unicode emoji itself or the platform's name for a custom one.
    """

    platform: str
    workspace: str
    channel: str
    message_id: str
    user_id: str
    emoji: str
    added: bool


ReactionCallback = Callable[[ReactionEvent], Awaitable[None]]
