"""Speaker fixes from the eighth round, found on PolNeAR train and written out in our own
words: a quote standing after a sentence whose subject spoke through a participle, and
sentences set apart by a run of spaces."""

from __future__ import annotations

from tests.enrich.helpers import speakers


def test_a_quote_after_a_sentence_with_a_saying_participle() -> None:
    text = (
        "Lia Park backed the ferry plan on Monday, saying she would vote for it if asked. "
        "“I am going to support it, and support it with all my heart.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_participle_of_telling_names_the_subject_too() -> None:
    text = (
        "Tom Berg left the hearing early by telling reporters he had a ferry to catch. "
        "“The quay will still be there next winter, and so will I.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_run_of_spaces_between_sentences_keeps_the_cue() -> None:
    text = (
        "Lia Park said on Monday that she would vote for the plan.   "
        "“I am going to support it, and support it with all my heart.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_sentence_with_no_speech_does_not_name_the_next_quote() -> None:
    # (the guard: a subject that only acted, with no participle of speech, names no one)
    text = (
        "Lia Park walked the length of the pier on Monday, counting the broken planks. "
        "“The quay will still be there next winter, and so will the rust.”"
    )
    assert speakers(text)[0][1] is None
