"""Issue 19, round 3: shapes where a sure attribution went wrong on PolNeAR train (the part
tuned on), each on an article written for it, and the named doubts `--explain` prints
(docs/enrich.md, "Issue 19, round 3")."""

from __future__ import annotations

from bot.enrich.explain import explain_quotes
from bot.enrich.quote_rules import DOUBTS, SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find_quotes(text)}


OPENING_CLAUSE = (
    "Ferry row at the harbour meeting\n\n"
    "After Lia Park said that families who could not pay the fares might do better on "
    "“the old ferry,” Tom Berg said the council would never agree.\n\n"
    "When someone in the crowd shouted, “Sell it,” Berg joked about the price of scrap.\n\n"
    "Though the council cannot check every ticket it sells, “the fares are fair and they "
    "will stay,” Berg said.\n"
)


def test_a_quote_inside_an_opening_clause_is_not_the_main_clause_speakers() -> None:
    quotes = _by_text(OPENING_CLAUSE)
    # the clause's own subject said it: hers, though not sure enough for a key quote
    ferry = quotes["the old ferry"]
    assert ferry.speaker == "Lia Park"
    assert ferry.attributed_by == "opening_clause"
    assert "opening_clause_subject" in ferry.doubts
    assert ferry.confidence < SURE
    # someone unnamed shouted it: kept as a quote, given to no one rather than to Berg
    shout = quotes["Sell it"]
    assert shout.speaker is None
    # a quote right after the clause's closing comma is the main clause's: still Berg's, sure
    fares = quotes["the fares are fair and they will stay"]
    assert fares.speaker == "Tom Berg"
    assert fares.confidence >= SURE
    assert fares.doubts == ()


def test_every_doubt_a_quote_carries_is_named_and_explained() -> None:
    quotes = find_quotes(OPENING_CLAUSE)
    lines = explain_quotes(quotes)
    named = [d for q in quotes for d in q.doubts]
    assert named and set(named) <= set(DOUBTS)
    doubt = DOUBTS["opening_clause_subject"]
    assert f"    doubt: opening_clause_subject (x{doubt.factor:.2f}): {doubt.example}" in lines
    # the product of the doubts is what the confidence lost
    ferry = next(q for q in quotes if q.text == "the old ferry")
    assert ferry.confidence < 0.9 * doubt.factor + 1e-9
