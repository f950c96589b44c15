"""Every command reply, in every test, is checked for what people cannot read: a stored
channel key or actor (``discord:<guild>/<channel>``, ``slack:U…``) or a Python repr (a dict,
a channel tuple). Installed for the whole suite by an autouse fixture in tests/conftest.py,
so a new command (or a new reply of an old one) that leaks one fails whatever test runs it."""

from __future__ import annotations

import re
from typing import Any

from bot.commands import Commands, Reply

__all__ = ["UNREADABLE", "check_replies", "unreadable"]

UNREADABLE = re.compile(
    r"\b(?:discord|slack):(?:\d{3,}|[A-Z][A-Z0-9]{2,}|[A-Za-z0-9]*/)"  # a stored key or actor
    r"|\{'|\('(?:discord|slack)'"  # a dict or a channel tuple, as Python prints them
)


def unreadable(reply: Reply) -> list[str]:
    texts = [reply.text, *(f"{i.title} {i.detail}" for i in reply.items)]
    return [m.group(0) for t in texts for m in UNREADABLE.finditer(t)]


def check_replies(monkeypatch: Any) -> None:
    """Wrap `Commands.call` so that an unreadable reply fails the test that produced it."""
    original = Commands.call

    async def call(self: Commands, command: str, caller: Any, /, **kwargs: Any) -> Reply:
        reply = await original(self, command, caller, **kwargs)
        found = unreadable(reply)
        assert not found, f"/{command} replied with raw ids or reprs {found}: {reply.text!r}"
        return reply

    monkeypatch.setattr(Commands, "call", call)
