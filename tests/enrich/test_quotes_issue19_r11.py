"""Issue 19, round 11: read on sets H and I (long-form and blog feed items: sure wrong speakers,
wrong key quotes and garbled speaker names); docs/enrich.md, "Issue 19, round 11". Each article
is written for its test and fails on the code before the round, but for the guards."""

from __future__ import annotations

from bot.enrich.keyquotes import pick_key_quotes
from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _quote(text: str, opening: str) -> Quote:
    [quote] = [q for q in find_quotes(text) if q.text.startswith(opening)]
    return quote


def test_a_word_opening_the_sentence_is_not_part_of_the_name() -> None:
    # "Whether Anutin can keep ..." read as a full name made every later "Anutin" that name
    text = (
        "The ferry vote\n\n"
        "Whether Anutin can keep the coalition together is the question of the week.\n\n"
        "“I love working regardless of my position,” Anutin said on Monday.\n"
    )
    quote = _quote(text, "I love working regardless")
    assert quote.speaker == "Anutin"


def test_a_first_person_contraction_is_no_speaker() -> None:
    # "I’ve answered questions from “...”": the writer is not named "I’ve"
    text = (
        "Live coding on Sundays\n\n"
        "People can call in and ask me anything. I’ve answered questions from “How do I get a "
        "job at a harbour software firm?” to how to draw a chart.\n"
    )
    quote = _quote(text, "How do I get a job")
    assert quote.speaker != "I’ve"
    assert quote.confidence < SURE


def test_a_surname_before_a_generation_suffix_is_the_persons() -> None:
    # "Stanley Milford Jr. ... Milford said": the same man, not a new one named Milford
    text = (
        "Rangers take the case\n\n"
        "Stanley Milford Jr., the chief of the harbour rangers, took the report in person.\n\n"
        "“From now on, reports like this are going to be investigated,” Milford said.\n"
    )
    quote = _quote(text, "From now on, reports")
    assert quote.speaker == "Stanley Milford Jr."


def test_someone_described_before_the_name_is_a_rival_for_he() -> None:
    # "my boss asked me ... Howard Stern. ... He said": maybe the boss; never a key quote
    text = (
        "What the radio did to me\n\n"
        "One day my boss asked me how many hours a week I listened to Tom Berg on the radio. "
        "I did the math and it came to twenty hours. He said “that has got to affect your "
        "mind, whatever you think of the show.”\n"
    )
    quote = _quote(text, "that has got to affect")
    assert quote.confidence < SURE
    assert quote not in pick_key_quotes(find_quotes(text), title="What the radio did to me")


def test_the_names_own_apposition_is_no_rival() -> None:
    # guard: "Nina Lutz, a PhD student at ..., ... She heard ... “...,” she said" stays sure
    text = (
        "Faith and the machines\n\n"
        "Nina Lutz, a PhD student at the harbour university, interviewed 40 faith leaders. She "
        "heard many concerns. “This notion that we will invest everything in machines worries "
        "them a great deal,” she said.\n"
    )
    quote = _quote(text, "This notion that we will")
    assert quote.speaker == "Nina Lutz"
    assert quote.confidence >= SURE


def test_a_capitalised_word_after_a_gerund_is_not_who_he_is() -> None:
    # "cooking Thai staples in a wok": "Thai" is no subject a "he" can stand for
    text = (
        "The harbour minister\n\n"
        "Lia Park's deputy, Tom Berg, has been in office since 1996. His feeds are filled with "
        "karaoke, cooking Pheu Thai staples in a wok, or sailing. Twice divorced, he once "
        "quipped that he was “president of the hen-pecked husbands association.”\n"
    )
    quote = _quote(text, "president of the hen-pecked")
    assert quote.speaker == "Tom Berg"


def test_a_work_after_the_is_not_who_he_is() -> None:
    # "the original History was ...": a book, not the "he" who says the quote
    text = (
        "A history of the harbour comics\n\n"
        "Tom Berg wrote the first history of the harbour comics in 1985, and Dana Wolf wrote "
        "the Dana Wolf-edited History a year later. His inspiration for the original History "
        "was a set of encyclopaedias. But, as he says, “those of us who draw "
        "comics are known to be masochists, and we live for the deep dive.”\n"
    )
    quote = _quote(text, "those of us who draw")
    assert quote.speaker == "Tom Berg"


def test_a_title_after_the_is_still_a_person() -> None:
    # guard: "the real Prince Andrew was busy ...": a person, whom "he" can stand for
    text = (
        "The prince and the pizza\n\n"
        "While the series aired, the real Prince Andrew was busy distancing himself from the "
        "story. “Going to Pizza Express in Woking is an unusual thing for me,” he said.\n"
    )
    quote = _quote(text, "Going to Pizza Express")
    assert quote.speaker == "Andrew"


def test_what_the_writer_said_or_was_asked_is_no_speaker() -> None:
    # "One of the first lines I said to the audience was, “...”": the writer's line, not a
    # speaker named "One of the first lines I"
    text = (
        "Notes from the harbour conference\n\n"
        "Three weeks ago I was on a stage in Vancouver. One of the first lines I said to the "
        "audience was, “Our industry is in one of the most exciting times in its history.”\n"
    )
    quote = _quote(text, "Our industry is in one")
    assert quote.speaker is None or "I" not in quote.speaker.split()


def test_a_name_with_initials_and_a_generation_is_the_same_person() -> None:
    # "L. Tom Berg III ... Tom Berg ... Berg said": one man, shown by his name
    text = (
        "Harbour group backs a candidate\n\n"
        "L. Tom Berg III, who chairs the harbour group, spoke on Monday. Tom Berg has led the "
        "group since 1998.\n\n"
        "“The establishment is putting up the whole harbour for sale,” Berg said.\n"
    )
    quote = _quote(text, "The establishment is putting")
    assert quote.speaker in {"Tom Berg", "L. Tom Berg III"}


def test_a_capitalised_plural_opening_a_sentence_is_no_he() -> None:
    # "Friends offered to vote for me. ... he responded": not "Friends"
    text = (
        "An endorsement\n\n"
        "I told Tom Berg that his endorsement of me was in the paper. Friends offered to vote "
        "for me and even to knock on doors.\n\n"
        "“I've ruined your good reputation, huh?” he responded.\n"
    )
    quote = _quote(text, "I've ruined your good")
    assert quote.speaker == "Tom Berg"


def test_a_claim_owned_with_a_left_quote_mark_is_the_owners() -> None:
    # "Tom Berg‘s false claims that ... “...”" (a left mark for the apostrophe): Berg's words,
    # not those of the sentence's subject
    text = (
        "Park denounces Berg's remarks\n\n"
        "Harbour Minister Lia Park has condemned Mayor Tom Berg‘s false claims that the "
        "island ferries “stayed a little back” during the storm.\n"
    )
    quote = _quote(text, "stayed a little back")
    assert quote.speaker == "Tom Berg"


def test_what_someone_told_the_cue_speaker_is_not_sure_theirs() -> None:
    # "Ana Cole ... told the harbour chief that she was “...,” Berg said": Cole's words as Berg
    # gives them, never a sure attribution to Berg
    text = (
        "Chief wins the ferry licence\n\n"
        "Ana Cole charmed the harbour chief with talk of her fleet, and told the chief that she "
        "was “grateful for everything that we have done to help her win the licence,” Tom Berg "
        "said.\n"
    )
    quote = _quote(text, "grateful for everything")
    assert quote.confidence < SURE
    assert "speech_within_speech" in quote.doubts


def test_a_cue_speaker_who_told_it_himself_stays_sure() -> None:
    # guard: "he told the Journal that ...: “...”, Tom Berg said" keeps its trust
    text = (
        "Casino doubts\n\n"
        "Tom Berg drew the owner's ire after he told the Journal that the casino would not last: "
        "“Once the cold winds blow from October to February, it will not survive,” Tom Berg "
        "said.\n"
    )
    quote = _quote(text, "Once the cold winds")
    assert "speech_within_speech" not in quote.doubts


def test_a_closed_subordinate_clause_gives_no_subject_to_the_main_one() -> None:
    # "Although Berg denies it, a leaked cable branded him “...”": the cable's words, not Berg's
    text = (
        "The harbour contracts\n\n"
        "Although Tom Berg steadfastly denies any impropriety, a leaked 2008 U.S. diplomatic "
        "cable branded him “a symbol of crooked contracts and empty piers.”\n"
    )
    quote = _quote(text, "a symbol of crooked")
    assert quote.speaker != "Tom Berg"


def test_a_subordinate_subject_with_no_main_subject_still_speaks() -> None:
    # guard: "When Park called the ferry office, “we were told that ...”": Park's words
    text = (
        "A mother's fight\n\n"
        "When Lia Park called the ferry office to cancel her daughter's pass, “we were told "
        "that she could keep the pass at 13, and we had no say over it.”\n"
    )
    quote = _quote(text, "we were told that")
    assert quote.speaker == "Lia Park"


# Guards from the review of rounds 11 and 12: what the new rules must leave alone.


def test_review_a_korean_surname_oh_is_a_name() -> None:
    text = (
        "Harbour film night\n\n"
        "Sandra Oh opened the festival on Friday.\n\n"
        "“We will fill the pier with films every summer from now on,” Oh said.\n"
    )
    assert _quote(text, "We will fill the pier").speaker == "Sandra Oh"


def test_review_two_people_who_differ_by_initials_stay_two() -> None:
    # "George H. W. Bush" and "George W. Bush": "Bush" alone is neither, not the first named
    text = (
        "Two presidents at the harbour\n\n"
        "George H. W. Bush and George W. Bush opened the new quay together.\n\n"
        "“This quay will outlast all of us, and that is the point,” Bush said.\n"
    )
    assert _quote(text, "This quay will outlast").speaker == "Bush"


def test_review_a_surname_ending_in_s_is_no_plural() -> None:
    text = (
        "Crew news\n\n"
        "Jones offered to help the crew. “We will have the ferry running again by the "
        "weekend, whatever the weather,” he said.\n"
    )
    assert _quote(text, "We will have the ferry").speaker == "Jones"


def test_review_a_name_after_the_and_an_adjective_that_speaks_is_a_person() -> None:
    text = (
        "The vote\n\n"
        "Anutin Charnvirakul leads the party. The embattled Anutin spoke at length on Monday. "
        "“We will win the seat and then the country,” he said.\n"
    )
    assert _quote(text, "We will win the seat").speaker == "Anutin"


def test_review_the_cue_speaker_who_later_told_it_stays_sure() -> None:
    text = (
        "Casino doubts\n\n"
        "Tom Berg drew ire after he later told the Journal that the casino would fail: “Once "
        "the cold winds blow from October to February, it will not survive,” Tom Berg said.\n"
    )
    assert "speech_within_speech" not in _quote(text, "Once the cold winds").doubts


def test_review_a_description_that_is_the_named_person_is_no_rival() -> None:
    text = (
        "Dinner on the pier\n\n"
        "My friend Tom Berg, a chef, cooked for us on the pier. He said “the fish was caught "
        "this morning, right off the pier below us.”\n"
    )
    quote = _quote(text, "the fish was caught")
    assert quote.speaker == "Tom Berg"
    assert quote.confidence >= SURE


def test_review_a_noun_ending_in_ing_is_no_gerund() -> None:
    # "something Anutin told TIME": Anutin is the subject, whom "he" stands for
    text = (
        "The vote\n\n"
        "Anutin Charnvirakul leads the party. Tax reform was something Anutin told reporters "
        "he would not rush. “Structural reform is never painless, but waiting is worse,” he "
        "said.\n"
    )
    assert _quote(text, "Structural reform is never").speaker == "Anutin"


def test_what_a_body_published_after_with_says_is_the_bodys() -> None:
    # "Users responded with criticism, with Harbour Ferries then publishing an update saying,
    # “...”": the company's words, not the users'
    text = (
        "Ferry app asks for ID\n\n"
        "Users responded with widespread criticism, with Harbour Ferries then publishing an "
        "update saying, “You need to be an adult to book the late crossing or to change the "
        "safety settings.”\n"
    )
    assert _quote(text, "You need to be an adult").speaker == "Harbour Ferries"
