"""Discord's text escaping drops C1 controls too (CSI U+009B opens an escape sequence)."""

from __future__ import annotations

from bot.adapters.discord_render import escape


def test_escape_drops_c0_c1_and_bidi_controls() -> None:
    assert escape("Ferry\x9b31m\x1b[2J returns\u202e\x85") == "Ferry31m\\[2J returns"
    assert escape("a\x9bb\nc", single_line=False) == "ab\nc"
