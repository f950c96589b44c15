"""Speaker fixes from the seventh round: forms found on PolNeAR train (a thing named in
quotes is no speaker, a possessive noun phrase stops before its verb, a gesture before the
speech verb, datelines, statements issued, joint and subordinate subjects) and on the corpus
pages (offices, appositions, titles in lists, words that are nobody). Every example is our
own."""

from __future__ import annotations

from bot.enrich import find_quotes
from tests.enrich.helpers import speakers

# "a class called “Tides”": the class is named, it says nothing.


def test_a_thing_called_by_a_title_does_not_speak_for_a_later_quote() -> None:
    text = (
        "On Sunday, Dan Ruiz posted a reading list for a 2004 history class called “Tides” on "
        "his blog, writing “Here is the list for the course you say never ran. I am still "
        "waiting for a correction.”"
    )
    assert speakers(text)[-1] == (
        "Here is the list for the course you say never ran. I am still waiting for a correction.",
        "Dan Ruiz",
    )


def test_a_person_who_called_something_a_name_still_speaks() -> None:
    # the naming verb only rules out things: a person who calls a plan something is quoted
    text = "Lia Park called “a waste of harbour money” the plan to widen the quay."
    assert speakers(text)[0][1] == "Lia Park"


# "Tom Berg, Park’s deputy was asked ...": the possessive phrase ends before "was".


def test_a_possessive_role_does_not_swallow_the_verb_after_it() -> None:
    text = (
        "When Tom Berg, Park’s deputy was asked at a lunch whether the ferry would run in "
        "winter, he grinned and said, “We’ll see.”"
    )
    assert speakers(text) == [("We’ll see.", "Tom Berg")]


# "she laughed and said": a gesture, then the speech verb.


def test_a_gesture_before_the_speech_verb_keeps_the_cue() -> None:
    # a short reply with no cue would be dropped as a scare quote: the cue must be found
    text = "Tom Berg spoke first. Then Lia Park laughed and said, “Not this time.”"
    assert speakers(text) == [("Not this time.", "Lia Park")]


# A dateline opening one of the first paragraphs is not the sentence's subject.


def test_a_dateline_does_not_hide_the_subject_of_the_first_sentence() -> None:
    text = (
        "Ferry to run all winter.\n\nPORTMERE, May 2 (Harbour Wire) — The harbour council "
        "released a statement on Monday, saying: “The ferry will run all winter.”"
    )
    assert speakers(text) == [("The ferry will run all winter.", "The harbour council")]


def test_quote_offsets_still_point_into_the_text_given_after_a_dateline() -> None:
    text = (
        "Ferry to run all winter.\n\nPORTMERE (AP) — Mayor Lia Park spoke on Monday, saying: "
        "“The ferry will run all winter.”"
    )
    quote = find_quotes(text)[0]
    assert text[quote.start : quote.end] == "“The ferry will run all winter.”"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start : quote.speaker_end] == "Lia Park"


# "The council issued a statement on Monday. ¶ “...”": the issuer speaks.


def test_a_body_that_issued_a_statement_speaks_in_the_quote_standing_after_it() -> None:
    text = (
        "At the mayor’s request, the Harbour Council issued a statement apologising to the "
        "crew.\n\n“Speaking for the whole council, we apologise to the crew of the Wren without "
        "reservation.”"
    )
    assert speakers(text)[0][1] == "the Harbour Council"


def test_a_body_that_only_met_does_not_speak_across_the_paragraph() -> None:
    text = (
        "The Harbour Council met on Monday to discuss the crew.\n\n“Speaking for the whole "
        "council, we apologise to the crew of the Wren without reservation.”"
    )
    assert speakers(text)[0][1] is None


# A long opening phrase before the subject: "In response to ..., Park’s deputy rallied ..."


def test_a_long_opening_phrase_does_not_hide_the_subject() -> None:
    text = (
        "In response to the board’s proposal to close the ferry terminal for the whole winter, "
        "Lia Park’s deputy rallied the volunteers, saying: “We must be prepared to block it.”"
    )
    assert speakers(text)[0][1] == "Lia Park’s deputy"


# "Even before Park took the stage, her campaign sent supporters a text saying: “...”"


def test_a_body_named_by_a_possessive_pronoun_is_the_speaker_with_its_owner() -> None:
    text = (
        "Even before Lia Park took the stage on Tuesday night, her campaign emailed its "
        "volunteers a note that read: “Thanks to you, the harbour seat is ours!”"
    )
    quote = find_quotes(text)[0]
    assert quote.speaker == "Lia Park’s campaign"
    assert quote.speaker_start is not None
    assert text[quote.speaker_start : quote.speaker_end] == "her campaign"


# "obtained by the Portmere Gazette warns": the paper is the object of "by", not a speaker.


def test_a_name_after_by_the_is_not_the_subject_of_the_verb_after_it() -> None:
    text = (
        "A March 3 letter from the Harbour Trust obtained by the Portmere Gazette warns that "
        "“any further use of the emblem will be handled by our lawyers.”"
    )
    # (not the paper that obtained it: the letter speaks for the body it is from, a rule of
    # the eighth round)
    assert speakers(text)[0][1] == "Harbour Trust"


# A relative clause closed by commas does not hide the speech verb after it.


def test_a_closed_who_clause_between_subject_and_speech_verb() -> None:
    text = (
        "Lia Park, meanwhile, who sits on no committee, said the vote showed which of the two "
        "candidates is “fit to face down the board.”"
    )
    assert speakers(text) == [("fit to face down the board.", "Lia Park")]


def test_an_age_before_the_opening_name() -> None:
    text = (
        "76-year-old Tom Berg endorsed Park last week, saying she “has shown her deep "
        "commitment to the harbour.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


# "Lia Park and Tom Berg issued a statement describing ... as “...”": the pair.


def test_two_names_opening_the_sentence_speak_together() -> None:
    text = (
        "Lia Park and Tom Berg released a joint note calling their talks “a useful first move on "
        "the harbour deal.”"
    )
    assert speakers(text)[0][1] == "Lia Park and Tom Berg"


# "While Tom Berg calls it “A,” Lia Park fixates on “B”": each clause has its subject.


def test_a_quote_in_an_opening_while_clause_and_one_after_it() -> None:
    text = (
        "While Tom Berg hails the report as “a fine read that repays the effort,” Lia Park "
        "dwells on its “harbour first” line."
    )
    assert [s for _, s in speakers(text)] == ["Tom Berg", "Lia Park"]


# "But even as Berg claimed that “...,” a lawyer said ...": the quote is in the opening
# clause, which has its own speaker; the cue after it reports something else.


def test_a_quote_inside_an_opening_clause_with_its_own_speech_verb() -> None:
    text = (
        "But even as Tom Berg insisted on Friday that “the port was fined for much smaller "
        "slips,” Lia Park said the cases were unlike each other."
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_an_opening_clause_closed_before_the_quote_leaves_the_main_subject() -> None:
    text = (
        "When Tom Berg said at a rally that he would not want the council’s backing, Lia Park "
        "told reporters he had “grabbed hold of the way the crews are feeling,” she said."
    )
    assert speakers(text)[0][1] == "Lia Park"


# Two appositions after a name: "Omar Ruiz, an analyst at X, the Y group, told ..."


def test_a_name_with_two_appositions_is_the_speaker_with_the_first_as_role() -> None:
    text = (
        "Omar Ruiz, a senior analyst at Harbourfor, the Maine-based shipping research group, "
        "told the Gazette in October that the fleet was “fairly modern by regional standards.”"
    )
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Omar Ruiz", "a senior analyst at Harbourfor")


def test_an_aside_cue_after_a_name_is_not_an_apposition() -> None:
    # "Park, an aide said, “...”": the aide speaks about Park
    text = "Lia Park, one adviser said, “feels sure of the comparison.”"
    assert speakers(text)[0][1] == "one adviser"


# "as" joins clauses: "the software as the company continued" is no speaker.


def test_as_ends_a_noun_phrase() -> None:
    text = (
        "Tom Berg said the crew found the fault, and “patched” the software as the company "
        "continued to sign up new customers."
    )
    assert speakers(text)[0][1] == "Tom Berg"


# Found on the corpus pages: words that are nobody, and a contraction that is no possessive.


def test_according_to_a_relative_named_in_apposition() -> None:
    text = (
        "Tom Berg was born in 1957. Everyone called him Tommy. According to his aunt, Jane "
        "Starner, “He was reading at an adult level in kindergarten.”"
    )
    assert speakers(text)[0][1] == "Jane Starner"


def test_everyone_is_nobody_a_pronoun_can_stand_for() -> None:
    text = (
        "Everyone called him Tommy. Maybe Harbour Radio was the problem. “I am so far ahead of "
        "every other parent I know when it comes to boats,” she said."
    )
    assert speakers(text)[0][1] is None


def test_a_contraction_is_not_a_possessive_speaker() -> None:
    text = (
        "Remember what we said about snacks? That’s why we always tell our readers: “a full "
        "plate is a happy plate!”"
    )
    assert speakers(text)[0][1] is None


def test_an_office_named_with_for_is_one_speaker() -> None:
    text = (
        "The Harbour Commissioner for Fishing Rights said the ruling did “not change the "
        "quota for the winter season.”"
    )
    assert speakers(text)[0][1] == "The Harbour Commissioner for Fishing Rights"


def test_a_possessive_office_name_is_the_whole_body() -> None:
    text = (
        "The Portmere Mayor’s Office of Emergency Services said in a letter that the effort "
        "was “not enough” at a time of need."
    )
    assert speakers(text)[0][1] == "The Portmere Mayor’s Office of Emergency Services"


def test_a_relative_clause_is_not_part_of_the_role() -> None:
    text = (
        "Omar Ruiz, an expert in shipping at the Harbour Institute who did not work on the "
        "study, told the Gazette: “The fleet is older than the report says, and it matters.”"
    )
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == (
        "Omar Ruiz",
        "an expert in shipping at the Harbour Institute",
    )


def test_an_inverted_cue_with_a_body_before_the_title() -> None:
    text = (
        "“It depends on what the yard is willing to invest, quite frankly,” responded NOAA "
        "administrator Lia Park, noting that there was no money for it."
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_title_after_called_is_no_quote() -> None:
    text = "Tom Berg performed a late-night show called “Ask Dr. Tom” at harbour festivals."
    assert find_quotes(text) == []


def test_a_run_of_title_case_quotes_is_a_list_of_titles() -> None:
    text = (
        "According to the Gazette, expect the band’s hits on the tour, including “Harbour "
        "Lights,” “Tides of March,” “Black Water” and others."
    )
    assert find_quotes(text) == []


def test_a_list_of_phrases_in_sentence_case_is_still_quoted() -> None:
    text = (
        "Teachers chanted “fund our schools,” “put kids first” and “pay us fairly” outside the "
        "Statehouse."
    )
    assert [s for _, s in speakers(text)] == ["Teachers", "Teachers", "Teachers"]


# "he" after "Sen. Dan Ruiz of Vermont was" or "His rival, Sen. Dan Ruiz, was": Ruiz.


def test_a_name_with_its_state_is_still_the_subject_he_stands_for() -> None:
    text = (
        "Tom Berg spoke first at the meeting. His main opponent, Sen. Dan Ruiz of Maine, was the "
        "one hopeful who skipped it. Instead he gave a talk in Bangor in which he vowed to act "
        "as “a loyal ally of the harbour and the town.”"
    )
    assert speakers(text)[0][1] == "Dan Ruiz"


def test_a_name_in_apposition_before_its_verb_is_the_subject_he_stands_for() -> None:
    text = (
        "Tom Berg spoke first at the meeting. His main opponent, Sen. Dan Ruiz, was the one "
        "hopeful who skipped it. Instead he gave a talk in Bangor in which he vowed to act as "
        "“a loyal ally of the harbour and the town.”"
    )
    assert speakers(text)[0][1] == "Dan Ruiz"


def test_agreed_to_is_an_action_not_a_speech_verb() -> None:
    text = (
        "Tom Berg wrote an essay on his plan, which holds money back until the Harbour Board "
        "agreed to hand the town a single sum of “$5-10 million.”"
    )
    assert all(s != "the Harbour Board" for _, s in speakers(text))


def test_a_place_closing_a_long_apposition_is_not_the_speaker() -> None:
    text = (
        "“Water is found all over the solar system, but liquid water is rare,” lead author "
        "Lia Park, a planet scientist at the Harbour Space Centre in Portmere, Maine, and Bay "
        "University in Washington, D.C., said in a statement."
    )
    assert speakers(text)[0][1] != "D.C."


def test_a_name_after_a_or_an_is_a_kind_of_thing_not_a_person() -> None:
    text = (
        "One mother learned that her son was posing as a Go-Kart Track on the app. “I thought I "
        "was ahead of every other parent on this,” she said."
    )
    assert speakers(text)[0][1] is None


# "When Tom Berg later referred to ... and said he would “...”": an adverb of time between a
# subject and its verb.


def test_an_adverb_of_time_between_subject_and_verb() -> None:
    text = (
        "Hundreds of delegates stood and cheered. When Tom Berg later turned to the storm at "
        "the harbour and said he would “keep our fishing crews safe,” the hall clapped."
    )
    assert speakers(text)[0][1] == "Tom Berg"


# "Tom Berg of the Harbour Trust said": Berg speaks, the trust is his role.


def test_a_name_with_its_body_before_the_verb() -> None:
    text = "Tom Berg of the Harbour Trust said the plan was “a poor deal for the town.”"
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Tom Berg", "Harbour Trust")


def test_a_name_with_age_and_town_before_the_verb() -> None:
    text = "Tom Berg, 45, of Portmere said: “It is a poor deal for the town.”"
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_noun_phrase_keeps_its_of_phrase() -> None:
    # (issue 19: a label named, “Made in Maine”, is no quote; the speaker's words keep the test)
    text = "The vast majority of residents say they want the pier “rebuilt as it was,” even so."
    assert speakers(text)[0][1] == "The vast majority of residents"


# "According to him," "In his view," "in her words,": a pronoun owner of the words.


def test_according_to_a_pronoun() -> None:
    text = "Tom Berg runs the ferry. According to him, the new pier is “a poor deal for the town.”"
    assert speakers(text)[0][1] == "Tom Berg"


def test_in_his_view_names_the_person_he_stands_for() -> None:
    text = "Tom Berg runs the ferry. In his view, the new pier is “a poor deal for the town.”"
    assert speakers(text)[0][1] == "Tom Berg"


def test_in_her_words_inside_the_sentence() -> None:
    text = "Lia Park runs the port. The new pier is, in her words, “a poor deal for the town.”"
    assert speakers(text)[0][1] == "Lia Park"


def test_a_partitive_relative_clause_is_not_a_role() -> None:
    text = (
        "Residents, many of whom fish for a living, say the pier is “a hazard for the children "
        "who swim there.”"
    )
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Residents", None)


def test_a_named_relative_is_the_speaker_with_the_owner_in_the_role() -> None:
    text = "Tom Berg and his wife, Ana, say the pier is “a hazard for the children who swim there.”"
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Ana", "Tom Berg’s wife")


def test_words_from_a_person_to_someone() -> None:
    text = "The message from Tom Berg to the board was clear: “Mend the pier.”"
    assert speakers(text) == [("Mend the pier.", "Tom Berg")]


def test_likened_and_compared_report_words() -> None:
    assert speakers("Tom Berg likened the pier to “a trap for swimmers.”")[0][1] == "Tom Berg"
    text = "Lia Park compared the hearing to “a long visit to the dentist.”"
    assert speakers(text)[0][1] == "Lia Park"


def test_more_verbs_that_report_words_before_a_partial_quote() -> None:
    for verb in ("denied", "termed", "alleged", "swore", "concedes", "believes", "fears"):
        # (a short quote with no cue would be dropped as a scare quote)
        text = f"Lia Park spoke first. Tom Berg {verb} that the pier was “a trap.”"
        assert speakers(text) == [("a trap.", "Tom Berg")], verb


def test_present_tense_and_manner_verbs_before_a_quote() -> None:
    for verb in ("maintains", "contends", "testifies", "whispered", "muttered"):
        text = f"Lia Park spoke first. Tom Berg {verb}: “Not a chance.”"
        assert speakers(text) == [("Not a chance.", "Tom Berg")], verb


def test_a_noun_like_remarks_is_not_read_as_a_verb() -> None:
    text = "Lia Park’s anti-harbour remarks drew “a storm of anger” from the crews."
    assert all(s != "Lia Park’s anti-harbour" for _, s in speakers(text))


def test_a_title_with_of_before_a_name_is_not_a_name_and_its_body() -> None:
    text = "Secretary of State Lia Park said the talks were “going nowhere fast.”"
    quote = find_quotes(text)[0]
    assert quote.speaker == "Lia Park"
    text = (
        "Tom Berg, Senior Vice President of Sales for Harbourline, Inc., says: “The new pier "
        "will pay for itself within five years.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_this_after_a_name_is_not_a_verb() -> None:
    text = (
        "Her albums came out through a label bought by a firm owned by Tom Berg earlier this "
        "year. Lia Park wrote that she saw it as the “worst case” for her music."
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_asked_whether_is_a_circumstance_not_a_role() -> None:
    quote = find_quotes("Tom Berg, asked whether he would run again, said: “Not this time.”")[0]
    assert (quote.speaker, quote.role) == ("Tom Berg", None)


def test_a_role_with_a_possessive_pronoun_names_its_owner() -> None:
    text = "Tom Berg is a pilot. His wife, Ana Berg, says he is “never home before dark.”"
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Ana Berg", "Tom Berg’s wife")


def test_a_cleft_names_the_speaker() -> None:
    text = "It was Lia Park who called the plan “a disaster for the whole town.”"
    assert speakers(text)[0][1] == "Lia Park"


def test_among_those_who_names_the_speaker() -> None:
    text = "Lia Park is among those who have called the plan “a disaster for the whole town.”"
    assert speakers(text)[0][1] == "Lia Park"


def test_a_plural_subject_with_a_base_form_verb() -> None:
    assert speakers("Residents call the pier “a hazard for swimmers.”")[0][1] == "Residents"
    text = "Some residents describe the pier as “a hazard for swimmers.”"
    assert speakers(text)[0][1] == "Some residents"
