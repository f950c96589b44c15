"""Issue 19, round 2: attribution shapes read on PolNeAR train, each on an article written
for it (docs/enrich.md, "Issue 19, round 2")."""

from __future__ import annotations

from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find_quotes(text)}


HANDED_ON = (
    "Harbour vote splits the town\n\n"
    "Mara Quill, who runs the ferry office, met reporters on the pier on Monday.\n\n"
    "“The ferry will keep running all winter,” Quill said, and her deputy cut in. "
    "“Only if the council pays for the new engine.”\n\n"
    "“We have waited long enough,” said Owen Brask, the harbour master, and Ines Lorr "
    "interjected. “Then sign the cheque today.”\n\n"
    "“It is settled,” Quill said, and he replied. “Nothing is settled until the council votes on it.”\n"
)


def test_a_quote_after_the_floor_is_handed_on_is_not_the_first_speakers() -> None:
    quotes = _by_text(HANDED_ON)
    assert quotes["The ferry will keep running all winter"].speaker == "Mara Quill"
    deputy = quotes["Only if the council pays for the new engine."]
    assert deputy.speaker != "Mara Quill"
    assert deputy.attributed_by == "handed_on"
    cheque = quotes["Then sign the cheque today."]
    assert cheque.speaker == "Ines Lorr"
    assert cheque.attributed_by == "handed_on"
    # "and he replied": someone else, not named: no speaker rather than the wrong one
    unnamed = quotes["Nothing is settled until the council votes on it."]
    assert unnamed.speaker is None
    assert unnamed.confidence < SURE
