"""How a handler declares who may run it and whether it makes the bot post where it is typed.

Plain marks on the function, read by `Commands.call` (`bot.commands.handlers`), which does the
checking in one place; kept apart so that handler mixins (`bot.commands.follow`) can use them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from bot.commands.types import Reply

__all__ = ["Permission", "needs", "posts_here"]

Permission = Literal["anyone", "manage_channel", "admin"]
F = TypeVar("F", bound=Callable[..., Awaitable[Reply]])


def needs(permission: Permission) -> Callable[[F], F]:
    """Declare what a handler requires; `Commands.call` enforces it."""

    def mark(fn: F) -> F:
        fn.__newsbot_permission__ = permission  # type: ignore[attr-defined]
        return fn

    return mark


def posts_here(when: Callable[[dict[str, Any]], bool] | None = None) -> Callable[[F], F]:
    """Declare that a handler makes the bot post in the caller's channel (subscribe; marking
    the notices channel): `Commands.call` refuses it where the platform said the bot cannot
    post, naming what is missing, instead of agreeing now and failing at the first post.
    `when`: only for calls whose arguments it accepts."""

    def mark(fn: F) -> F:
        fn.__newsbot_posts_here__ = when or (lambda kwargs: True)  # type: ignore[attr-defined]
        return fn

    return mark
