"""Quote patterns, each in a short article written for this test."""

from __future__ import annotations

from bot.enrich import Quote, find_quotes
from tests.enrich.helpers import speakers


def test_cue_after_with_name() -> None:
    text = "“The bridge will reopen in May,” Maria Lopez said."
    assert speakers(text) == [("The bridge will reopen in May", "Maria Lopez")]


def test_inverted_cue_with_role() -> None:
    text = (
        "“We are reviewing the plans,” said Tom Baker, a spokesman for the county highway "
        "department."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tom Baker"
    assert quote.role == "a spokesman for the county highway department"


def test_according_to() -> None:
    text = "“Repairs are overdue,” according to Dana Whitfield."
    assert speakers(text) == [("Repairs are overdue", "Dana Whitfield")]


def test_reportedly_said_and_told() -> None:
    text = (
        "“The contract was never signed,” Omar Haddad reportedly said.\n\n"
        "“We will appeal the ruling,” Grace Kim told reporters on Friday."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Omar Haddad", "Grace Kim"]


def test_wrote_and_cue_before() -> None:
    text = (
        "In a letter to the board, Priya Natarajan wrote: “The audit found no wrongdoing.”\n\n"
        "Later, Leon Brandt said, “I have nothing to add.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Priya Natarajan", "Leon Brandt"]


def test_organisation_speaker() -> None:
    text = "“Turnout was the highest in decades,” the Valley Courier reported."
    (quote,) = find_quotes(text)
    assert quote.speaker == "the Valley Courier"


def test_split_quote_around_cue() -> None:
    text = (
        "Council member Ruth Ostrowski spoke first.\n\n"
        "“We waited ten years for this,” she said. “Nobody should have to wait that long.”"
    )
    assert speakers(text) == [
        ("We waited ten years for this", "Ruth Ostrowski"),
        ("Nobody should have to wait that long.", "Ruth Ostrowski"),
    ]


def test_split_quote_same_sentence() -> None:
    text = "“The fund is empty,” Hal Porter said, “and the state will not help.”"
    assert [q.speaker for q in find_quotes(text)] == ["Hal Porter", "Hal Porter"]


def test_next_paragraph_continues_speaker() -> None:
    text = (
        "“We have asked for a full inquiry,” said Amara Osei, the union’s president.\n\n"
        "“Our members deserve answers, and they deserve them this year.”\n\n"
        "The company did not respond to a request for comment."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Amara Osei", "Amara Osei"]
    assert quotes[1].role == "the union’s president"


def test_pronoun_cue_resolves_to_last_named_person() -> None:
    text = (
        "Judge Carla Mendes ruled against the city on Monday.\n\n"
        "“The law is clear on this point,” she continued. “The permits must be issued.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Carla Mendes", "Carla Mendes"]


def test_surname_resolves_to_full_name() -> None:
    text = (
        "Former governor Anna van der Berg toured the flooded streets.\n\n"
        "“This is the worst I have seen,” Van der Berg said.\n\n"
        "Then Governor Ellis Park said the state would help. “We are sending crews,” Park said."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Anna van der Berg", "Ellis Park"]


def test_multi_paragraph_quote_without_closing_mark() -> None:
    text = (
        "Victor Ames described the night in detail.\n\n"
        "“We heard the alarm first, and then the shouting. Nobody knew where to go.\n\n"
        "“By the time the trucks came, the roof was gone,” Ames said.\n\n"
        "Fire officials said the cause was under investigation."
    )
    quotes = find_quotes(text)
    assert len(quotes) == 2
    assert quotes[0].text.startswith("We heard the alarm first")
    assert [q.speaker for q in quotes] == ["Victor Ames", "Victor Ames"]


def test_straight_quote_marks() -> None:
    text = '"Prices will keep rising," said Nadia Petrova, an economist at the bank.'
    (quote,) = find_quotes(text)
    assert (quote.text, quote.speaker) == ("Prices will keep rising", "Nadia Petrova")
    assert quote.role == "an economist at the bank"


def test_scare_quotes_are_not_quotes() -> None:
    text = (
        "The so-called “sanctuary” policy has divided the town, and critics call the plan an "
        "“escalation.” The show “Night Court” was filmed here.\n\n"
        "The council will vote on the “safe streets” measure next week."
    )
    assert find_quotes(text) == []


def test_characterising_verb_with_one_word_is_scare_quote() -> None:
    text = "Mayor Lena Ortiz called the decision a “disgrace” and left the room."
    assert find_quotes(text) == []


def test_unattributed_quote_kept_without_speaker() -> None:
    text = (
        "The flyer was taped to every door on the street.\n\n"
        "“We know what you did last summer and we will not forget it,” it began, in red ink."
    )
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].speaker is None


def test_pronoun_with_no_named_person_is_not_guessed() -> None:
    text = "“I will not resign over this and I never will,” he said."
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_offsets_index_the_quote_with_its_marks() -> None:
    text = "Intro line.\n\n“Short and true,” Ivy Chen said."
    (quote,) = find_quotes(text)
    assert isinstance(quote, Quote)
    assert text[quote.start : quote.end] == "“Short and true,”"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start : quote.speaker_end] == "Ivy Chen"


def test_possessive_speaker_is_not_the_person() -> None:
    text = "“We will not comment on the matter today,” Senator Ruiz’s office said in a statement."
    assert [q.speaker for q in find_quotes(text)] == ["Senator Ruiz’s office"]


def test_ambiguous_surname_kept_as_written() -> None:
    text = (
        "Paul Grant and his brother Simon Grant both ran for the board.\n\n"
        "“I was not consulted,” Grant said."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Grant"]
