"""Shared helpers for the quote tests."""

from __future__ import annotations

from bot.enrich import find_quotes


def speakers(text: str) -> list[tuple[str, str | None]]:
    """(quote text, speaker) of every quote found in `text`, in order."""
    return [(q.text, q.speaker) for q in find_quotes(text)]
