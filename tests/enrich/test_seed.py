"""The article the bot was designed around, when ../shared is beside the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.enrich import enrich_article

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seed"
ARTICLE = SEED / "ice-subpoenas-denver.txt"

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason="../shared is not present")


def _marks(text: str) -> str:
    return text.strip().strip('“”"').rstrip(",").strip()


def test_seed_quotes_speakers_and_summary() -> None:
    expected = json.loads(ARTICLE.with_suffix(".quotes.json").read_text(encoding="utf-8"))
    title, _, body = ARTICLE.read_text(encoding="utf-8").partition("\n")
    result = enrich_article(title, body)
    got = [(_marks(q.text), q.speaker) for q in result.quotes]
    want = [(_marks(q["quote"]), q["speaker"]) for q in expected["direct_quotes"]]
    assert got == want
    # no scare quote ("sanctuary city", "escalation") is reported as a quote
    assert all(len(q.text.split()) > 3 for q in result.quotes)
    for line in expected["boilerplate"]:
        assert line not in result.summary_text
        assert line not in result.text
    assert result.summary
    assert result.key_quotes
    assert all(q.speaker for q in result.key_quotes)
    # the role given a paragraph before the name ("A city attorney’s office spokesman said")
    roles = {q.speaker: q.role for q in result.quotes}
    assert roles["Ryan Luby"] == "a city attorney’s office spokesman"
