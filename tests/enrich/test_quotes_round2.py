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
    "“It is settled,” Quill said, and he replied. "
    "“Nothing is settled until the council votes on it.”\n"
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


REPORTS = (
    "Ferry fares to rise\n\n"
    "“The new fares will hurt the island families first,” said Ida Venn, who chairs the "
    "Islanders’ Association, reports the Harbour Gazette.\n\n"
    "“We will pay for the engine ourselves,” said Tom Berg, the ferry’s owner.\n"
)


def test_a_quote_another_outlet_reports_is_not_sure() -> None:
    quotes = _by_text(REPORTS)
    reported = quotes["The new fares will hurt the island families first"]
    assert reported.speaker == "Ida Venn"
    assert reported.confidence < SURE  # the Gazette's report of her words
    assert quotes["We will pay for the engine ourselves"].confidence >= SURE


POLL = (
    "Islanders split on the ferry\n\n"
    "In a Harbour Gazette poll released Monday, 41 percent of island voters said the fares "
    "were “simply too high for families,” and 12% of business owners say they would "
    "“gladly pay more for a faster boat.”\n\n"
    "Mara Quill, who runs the ferry office, said: “We read every answer.”\n"
)


def test_a_share_of_a_polls_respondents_is_not_a_sure_speaker() -> None:
    quotes = _by_text(POLL)
    for text in ("simply too high for families", "gladly pay more for a faster boat."):
        assert quotes[text].confidence < SURE, text
    assert quotes["We read every answer."].confidence >= SURE


TIME_BEFORE_VERB = (
    "Council backs the ferry\n\n"
    "The vote was close. Mara Quill later Thursday told the Harbour Gazette: “We will keep "
    "the ferry running all winter.”\n\n"
    "Owen Brask on Friday told Harbour Radio: “The engine is ordered.”\n"
)


def test_a_day_between_the_speaker_and_told_is_not_an_inner_speaker() -> None:
    # ("Thursday told the Gazette" once read as speech within speech, Thursday speaking)
    quotes = _by_text(TIME_BEFORE_VERB)
    first = quotes["We will keep the ferry running all winter."]
    assert first.speaker == "Mara Quill"
    assert first.confidence >= SURE
    assert quotes["The engine is ordered."].speaker == "Owen Brask"


SPOKE = (
    "Ferry vote tonight\n\n"
    "“The ferry is the island’s road,” said Mara Quill, who runs the ferry office.\n\n"
    "As Quill spoke, the Harbour Board was pressing councillors to vote against “any new "
    "money for the boats.”\n"
)


def test_a_quote_in_the_main_clause_after_as_she_spoke_is_not_hers() -> None:
    quotes = _by_text(SPOKE)
    board = quotes["any new money for the boats."]
    assert board.speaker != "Mara Quill"
