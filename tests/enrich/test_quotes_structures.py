"""Speaker structures added while tuning on PolNeAR train; every example is our own."""

from __future__ import annotations

from bot.enrich import find_quotes
from tests.enrich.helpers import speakers


def test_more_cue_verbs() -> None:
    text = (
        "“Nobody reads the small print,” Hana Varga retorted.\n\n"
        "“The ferry is always late,” Piet Dorn jokes."
    )
    assert speakers(text) == [
        ("Nobody reads the small print", "Hana Varga"),
        ("The ferry is always late", "Piet Dorn"),
    ]


def test_sentence_subject_reports_a_partial_quote() -> None:
    text = (
        "Councillor Ines Baptiste told residents on Monday that the new depot was "
        "“far too big for a quiet street like this one.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ines Baptiste"


def test_pronoun_subject_reports_a_partial_quote() -> None:
    text = (
        "Rafael Osei chairs the harbour board.\n\n"
        "He is telling fishermen this week that the quay will be "
        "“rebuilt before the winter storms arrive.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Rafael Osei"


def test_dateline_or_opening_word_is_not_a_subject() -> None:
    text = (
        "BRIGHTWATER, June 3 — Residents, telling the council they were tired of delays, "
        "held up signs reading “fix the bridge now or resign today.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_passive_asked_is_not_the_speaker() -> None:
    text = (
        "Lena Voss was asked whether the bridge would open, and a reporter pressed "
        "her: “Will it open before the election, yes or no?”"
    )
    assert all(q.speaker != "Lena Voss" for q in find_quotes(text))


def test_reported_speech_paragraph_then_quote_paragraph() -> None:
    text = (
        "Mira Ekwueme said the orchard would stay open through the autumn.\n\n"
        "“We have never closed in October and we are not starting now.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Mira Ekwueme"


def test_quote_paragraph_with_its_own_tail_does_not_inherit() -> None:
    text = (
        "Mira Ekwueme said the orchard would stay open through the autumn.\n\n"
        "“Nobody asked the pickers what they wanted,” shouted one of them at the gate."
    )
    assert all(q.speaker != "Mira Ekwueme" for q in find_quotes(text))


def test_colon_after_a_source() -> None:
    text = (
        "The audit found gaps in the ledgers.\n\n"
        "More from Lena Holt: “The auditors were given boxes, not files.”\n\n"
        "From the audit report: “Receipts for 2019 could not be located.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lena Holt", "the audit report"]


def test_party_label_and_comma_before_said() -> None:
    text = "After the vote, Sen. Tomas Reyes (D-N.M.), said, “This bill is not finished.”"
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tomas Reyes"


def test_short_cue_sentence_after_a_full_stop() -> None:
    text = "“The depot will not be built here.” Ines Baptiste said.\n\nThe council meets in May."
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ines Baptiste"


def test_noun_phrase_subject_before_saying() -> None:
    text = (
        "A spokeswoman for the port authority emailed reporters on Friday, writing: "
        "“The cranes will be back in service by the end of the month.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "A spokeswoman for the port authority"


def test_assured_and_as_she_puts_it() -> None:
    text = (
        "“Nobody will lose their job,” Ilse Marten assured the staff.\n\n"
        "The merger, as Ilse Marten puts it, “is a marriage of two small shops.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Ilse Marten", "Ilse Marten"]


def test_described_as() -> None:
    text = "Oskar Lind described the new timetable as “a mess that nobody asked for.”"
    (quote,) = find_quotes(text)
    assert quote.speaker == "Oskar Lind"


def test_described_with_one_word_is_a_scare_quote() -> None:
    text = "Oskar Lind described the timetable as “bold.”"
    assert find_quotes(text) == []


def test_subject_inside_the_sentence_before_saying() -> None:
    text = (
        "Nadia Brook thanked the volunteers.\n\n"
        "At the end of the evening, she raised a glass, saying, "
        "“None of this would have happened without you.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Nadia Brook"


def test_short_cue_sentence_after_a_nested_quote() -> None:
    text = "“Her first words were, ‘What do you need from us?’” Anton Reiss said.\n\nLater news."
    (quote,) = find_quotes(text)
    assert quote.speaker == "Anton Reiss"


def test_one_sentence_paragraph_about_a_person_then_their_quote() -> None:
    text = (
        "Greta Moll is confident about the harvest.\n\n"
        "“The rain came at exactly the right time for the vines.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Greta Moll"


def test_longer_paragraph_about_a_person_does_not_give_a_speaker() -> None:
    text = (
        "Greta Moll is confident about the harvest. Her neighbours are not.\n\n"
        "“The rain came at exactly the wrong time for the vines.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None
