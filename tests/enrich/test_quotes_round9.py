"""Speaker fixes from the ninth round, found on PolNeAR train and written out in our own
words: two writers from one body, a description holding a slogan, a comparison that is no
speaker."""

from __future__ import annotations

from bot.enrich import find_quotes
from tests.enrich.helpers import speakers

# Two people named together, with the body they both work for.


def test_a_pair_of_writers_from_one_body_after_the_quote() -> None:
    text = (
        "“The new reactor could make far more fuel than the old one ever did,” engineers "
        "Dana Holt and Ravi Mehta of the Center for Grid Studies wrote in May."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Dana Holt and Ravi Mehta"
    assert quote.role == "Center for Grid Studies"


def test_the_pair_speaks_on_in_the_next_quote() -> None:
    text = (
        "“The new reactor could make far more fuel than the old one ever did,” Dana Holt and "
        "Ravi Mehta of the Center for Grid Studies wrote in May. “That worries the harbour.”"
    )
    assert [s for _, s in speakers(text)] == ["Dana Holt and Ravi Mehta"] * 2


def test_a_pair_with_their_body_before_the_quote() -> None:
    text = (
        "Dana Holt and Ravi Mehta of the Center for Grid Studies wrote in May: “The new "
        "reactor could make far more fuel than the old one ever did.”"
    )
    assert speakers(text)[0][1] == "Dana Holt and Ravi Mehta"


def test_one_writer_with_a_body_is_still_one() -> None:
    # (the guard: a single name keeps the body as the role and is no pair)
    text = (
        "“We met the crews and the engineers who ran the old plant for years,” Ravi Mehta of "
        "the Center for Grid Studies wrote in May."
    )
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Ravi Mehta", "Center for Grid Studies")


# A description set off by commas that holds a short quote of its own.


def test_a_description_with_a_slogan_between_name_and_verb() -> None:
    text = (
        "“We have had far livelier conventions than this one by a mile,” Ohio delegate Sam "
        "Reed, wearing a red cap and “Vote Lund” badges, said dryly as the music played."
    )
    (quote,) = find_quotes(text)  # (the badge's words are nobody's quote)
    assert quote.speaker == "Sam Reed"


def test_a_relative_clause_with_a_slogan_keeps_the_role() -> None:
    text = (
        "“We have had far livelier conventions than this one by a mile,” Sam Reed, a "
        "delegate who wore a “Vote Lund” badge, said."
    )
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Sam Reed", "a delegate")


def test_a_comparison_after_a_scare_quote_is_no_speaker() -> None:
    text = (
        "Tom Berg, who thinks the board overreached, called the new rules “much, much "
        "better” than Harbour Code Nine, since it returns more power to the towns. "
        "“We need to be modest about what we know,” he said."
    )
    assert speakers(text)[-1][1] == "Tom Berg"


# A clause that reports speech, opened by "in which", and what a body found.


def test_a_clause_opened_by_in_which_names_its_speaker() -> None:
    text = (
        "The remarks came in a radio interview on Tuesday, in which Lia Park expressed "
        "doubt that the ferry plan would be “anything more than a rumour by the spring.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_body_that_found_something_speaks_for_the_finding() -> None:
    text = (
        "In 2019, Verimark found that “roughly two residents in three favoured the new pier "
        "over the old ferry.”"
    )
    assert speakers(text)[0][1] == "Verimark"


def test_a_person_found_with_no_that_is_no_speaker() -> None:
    # (the guard: "found" reports only with "that"; finding a thing says nothing)
    text = "Lia Park found a box of letters marked “private and urgent” in the old harbour office."
    assert all(speaker is None for _, speaker in speakers(text))
