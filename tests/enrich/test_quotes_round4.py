"""Speaker cues added in the fourth tuning round on PolNeAR train; every example is our own."""

from __future__ import annotations

from bot.enrich import find_quotes
from tests.enrich.helpers import speakers

# A partial quote in a sentence whose subject is a known person, whatever the verb.


def test_partial_quote_takes_the_subject_of_any_verb() -> None:
    text = (
        "Nina Ruiz chairs the harbour board.\n\n"
        "Ruiz thanked the crews for “keeping the ferries running through the storm.”"
    )
    assert speakers(text)[-1][1] == "Nina Ruiz"


def test_partial_quote_after_an_unknown_capitalised_word_stays_unattributed() -> None:
    # "Earlier" opens the sentence but is no person; nobody else is named as its subject.
    text = "Earlier this week the ferry schedule listed “a reduced service on weekends only.”"
    assert speakers(text) == [("a reduced service on weekends only.", None)]


def test_single_word_subject_must_be_a_known_surname() -> None:
    text = "Boos rang out as the chant “Ferries for all, ferries for all!” spread along the quay."
    assert speakers(text)[0][1] is None


def test_any_verb_fallback_does_not_turn_scare_quotes_into_quotes() -> None:
    text = "Nina Ruiz chairs the board. Ruiz toured the so-called “night crew” shed on Friday."
    assert find_quotes(text) == []


def test_document_acting_on_its_words_speaks() -> None:
    text = (
        "The suit maintains the port authority “brushed aside each report about the "
        "sagging north pier.”"
    )
    assert speakers(text)[0][1] == "The suit"


def test_document_that_only_arrives_does_not_speak() -> None:
    text = (
        "The report arrived late, with a note to the fishermen that the quay "
        "was “never needed by anyone at all.”"
    )
    assert speakers(text)[0][1] is None


def test_described_name_opening_the_sentence() -> None:
    text = (
        "Independent mayoral hopeful Dan Ruiz is questioning whether the council would have "
        "met “if the vote had been held on a ferry.”"
    )
    quote = find_quotes(text)[0]
    assert quote.speaker == "Dan Ruiz"
    assert quote.role == "Independent mayoral hopeful"


def test_description_that_is_a_noun_phrase_is_not_a_name() -> None:
    text = "The long fight over whether Portmere Works is a “scheme to sell the harbour” went on."
    assert speakers(text)[0][1] is None


# Cues with the verb before the name, or after the quote.


def test_inverted_cue_with_explained() -> None:
    text = (
        "Ilse Marsh runs the count. Because of the calendar, explained Marsh, “we would be "
        "done by March at the latest.”"
    )
    assert speakers(text)[0][1] == "Ilse Marsh"


def test_inverted_cue_with_a_title_and_a_colon() -> None:
    text = "In other words, explained moderator Ann Cole: “What does that change for you?”"
    assert speakers(text)[0][1] == "Ann Cole"


def test_tail_cues_reacted_began_and_tweeted() -> None:
    text = (
        "“Why now, after all these years of waiting?” reacted Tom Berg.\n\n"
        "“The ferry is late again, and we checked it twice,” Lia Park began.\n\n"
        "“Not our doing, but we like it a lot!” Ana Holm, the head of the fund, Tweeted on "
        "Friday."
    )
    assert [s for _, s in speakers(text)] == ["Tom Berg", "Lia Park", "Ana Holm"]


def test_reacted_with_is_not_a_cue() -> None:
    text = (
        "After a host mocked the ferry as “the slowest boat in the world,” the network’s "
        "anchor Ana Holm reacted with a long letter."
    )
    assert speakers(text)[0][1] is None


def test_according_to_a_person_of_an_organisation() -> None:
    text = "According to Paul Serra of the Civic Trust, “the money moved twice in one week.”"
    assert speakers(text)[0][1] == "Paul Serra"


def test_participle_intro_with_a_medium() -> None:
    text = (
        "In early May, Tim Oros contacted the boatyard, writing in a memo: “Please finish "
        "the hull by June.”"
    )
    assert speakers(text)[0][1] == "Tim Oros"


def test_opening_phrases_of_time_before_the_subject() -> None:
    text = (
        "Al Sharp had a choice to make.\n\n"
        "Eight years ago, he backed the ferry levy and said, “The island has waited long "
        "enough.”\n\n"
        "Tom Reyes lost the vote.\n\n"
        "Right after the count, Reyes issued a statement, “Tonight the county chose well and "
        "I accept it.”"
    )
    assert [s for _, s in speakers(text)] == ["Al Sharp", "Tom Reyes"]


def test_tail_apposition_with_abbreviations_and_a_web_address() -> None:
    text = (
        "“That is enough for me,” Harry Lund, 30, of Salem, Ore., who took part in "
        "the poll, said in an interview.\n\n"
        "“The ferry vote will be close,” Nils Berg, the pollster who founded "
        "harbourpolls.org tweeted on Wednesday."
    )
    assert [s for _, s in speakers(text)] == ["Harry Lund", "Nils Berg"]


# A quote signed in the paragraph below it.


def test_sign_off_line_under_a_quote() -> None:
    text = (
        "“Deckhands fear for the jobs their children will find.”\n\n"
        "- Lia Park.\n\n"
        "“The crossing has never been this slow.”\n\n"
        "—Tom Berg, a ferry captain in Portmere."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Lia Park", "Tom Berg"]
    assert quotes[1].role == "a ferry captain in Portmere"


def test_sign_off_needs_a_paragraph_made_of_the_quote() -> None:
    text = "At the canteen, on a board: “Deckhands fear for the jobs ahead.”\n\n- Lia Park."
    assert speakers(text)[0][1] is None


# "he" or "she" when the only person named nearby has a name that does not tell.


def test_pronoun_resolves_to_the_only_person_named_nearby() -> None:
    text = (
        "A central promise in Governor Kofi Mensah’s address fails a simple test.\n\n"
        "He assured the hall, over cheering:\n\n"
        "“Nobody has ever come to this office readier than the one standing here.”"
    )
    assert speakers(text)[0][1] == "Kofi Mensah"


# Subjects found in the right place.


def test_participle_subject_is_not_a_name_inside_its_own_clause() -> None:
    text = (
        "Judge Ana Holm has rarely spoken about the race.\n\n"
        "She sharpened her attack on Friday, telling the radio that Tom Berg is a "
        "“showman” and asking why he still “owes the harbour three years of mooring fees.”"
    )
    assert [s for _, s in speakers(text)] == ["Ana Holm", "Ana Holm"]


def test_speaker_span_is_the_mention_nearest_the_quote() -> None:
    text = (
        "Tom Berg runs the harbour union.\n\n"
        "Berg draws cheers as he returns to the “quiet pride of the night "
        "crews.”"
    )
    quote = find_quotes(text)[0]
    assert quote.speaker == "Tom Berg"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start : quote.speaker_end] == "he"


def test_subject_with_an_apposition_holding_commas() -> None:
    text = (
        "Lia Park, at a school gym in Salem, Oregon, said she meant “to let the island "
        "decide the ferry levy.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_sentence_adverb_is_not_a_subject() -> None:
    text = (
        "Ironically, the new harbour master, Tom Berg, has been called the “admiral of the "
        "whole cold east” for his temper."
    )
    assert speakers(text)[0][1] is None


def test_spoke_before_a_quote_paragraph() -> None:
    text = (
        "The mayor took questions for an hour, and Lia Park spoke last.\n\n"
        "“Sandbags alone will not hold the river back past March.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_question_with_its_cue_before_another_quote_in_the_sentence() -> None:
    text = (
        "The sketch aired on Saturday.\n\n"
        "“Did I lose four ballots or five? Six?” Lia Park asks as a "
        "plumber wanders on stage, saying he has come “for the leak under the podium.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_pronoun_opening_a_sentence_after_an_exclamation_is_not_its_cue() -> None:
    text = (
        "Tom Berg wrote to Lia Park after the storm.\n\n"
        "“You are the best harbour master we ever had!” She replied that it was an “honour "
        "to serve the island for so long.”"
    )
    assert speakers(text)[0][1] != "Lia Park"


def test_tail_verbs_of_manner() -> None:
    text = (
        "“You will never see that ferry again,” Tom Berg laughed.\n\n"
        "“Then we row,” Lia Park deadpanned."
    )
    assert [s for _, s in speakers(text)] == ["Tom Berg", "Lia Park"]


def test_quote_signed_after_it_in_the_same_paragraph() -> None:
    text = (
        "The ferry strike ended on Friday.\n\n"
        "“We will keep the crossing open all winter.” ― Lia Park, harbour master\n\n"
        "“Nobody wants another strike.” — Tom Berg"
    )
    quotes = find_quotes(text)
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Lia Park", "harbour master"),
        ("Tom Berg", None),
    ]


def test_byline_after_a_cued_quote_is_not_its_speaker() -> None:
    text = "Tom Berg said the plan was “still the best one for the whole island.”--Kim Holm."
    assert speakers(text)[0][1] == "Tom Berg"


def test_dash_aside_after_a_quote_is_not_a_sign_off() -> None:
    text = "“We will keep the crossing open,” — and then Lia Park left the room."
    assert speakers(text)[0][1] is None


def test_reflexive_between_subject_and_verb() -> None:
    text = "Tom Berg himself argued on Friday that “rowing is how the island gets won back.”"
    assert speakers(text)[0][1] == "Tom Berg"


def test_inverted_cue_closing_the_sentence_before_a_quote() -> None:
    text = (
        "“The ferry has already left the quay,” wrote harbour columnist Ana Holm. “Nobody "
        "will catch it now.”"
    )
    assert [s for _, s in speakers(text)] == ["Ana Holm", "Ana Holm"]


def test_cue_running_on_into_the_next_quote_belongs_to_it() -> None:
    text = (
        "Lia Park accuses the council of “rowing from behind” and Tom Berg says it is "
        "“losing the race for the ferry,” part of a wider row."
    )
    assert [s for _, s in speakers(text)] == ["Lia Park", "Tom Berg"]


def test_long_sentence_after_a_question_is_not_its_cue() -> None:
    text = (
        "Lia Park, weary, snapped back: “Why would that matter to anyone now?” Her opponents "
        "quoted the reply for years as a sign that she shrugged off the ferry."
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_day_after_said_is_not_a_name_and_a_who_clause_subject_speaks() -> None:
    text = (
        "Though the union keeps no such list, a port official who asked not to be named "
        "said Wednesday, “The two sides meet in private most weeks.”"
    )
    assert speakers(text)[0][1] == "a port official"


def test_day_name_is_never_a_speaker() -> None:
    text = (
        "The hearing ran late on Saturday, and the chair kept asking why the port had tied "
        "the delays to “spontaneous” strikes rather than to the “new and untested rota.”"
    )
    assert all(s != "Saturday" for _, s in speakers(text))


def test_person_and_document_nouns_open_a_partial_quote() -> None:
    text = (
        "A cousin spoke of him as “the calmest skipper on any coast I know.”\n\n"
        "Corporate lobbyists call this sort of contract “another trade entirely, with its "
        "own rules.”"
    )
    assert [s for _, s in speakers(text)] == ["A cousin", "Corporate lobbyists"]


def test_relative_clause_about_the_object_closed_before_the_quote() -> None:
    text = (
        "Lia Park chairs the board.\n\n"
        "Park is praising Tom Berg, who retired from the ferry on Friday, as “a captain who "
        "never once cut a corner.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_new_clause_with_its_own_subject_stops_the_any_verb_subject() -> None:
    text = (
        "Lia Park chairs the board.\n\n"
        "Park toured the quay on Monday, and the council later voted to call the pier "
        "“unsafe for any boat heavier than a dinghy.”"
    )
    assert speakers(text)[0][1] is None


def test_a_persons_words_named_as_such_opening_the_sentence() -> None:
    text = (
        "Lia Park runs for mayor again.\n\n"
        "Park’s campaign motto is “a ferry every hour, for every island.”\n\n"
        "The harbour’s motto was “safe crossings for all our children.”"
    )
    assert [s for _, s in speakers(text)] == ["Lia Park", None]


def test_tail_role_then_name_set_off_by_commas() -> None:
    text = (
        "Allies tried to calm things.\n\n"
        "“Minds will change on the levy, this month or next,” Ohio Rep. Dana Hill’s chief of "
        "staff, Omar Vidal, told reporters before the vote."
    )
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Omar Vidal", "Ohio Rep. Dana Hill’s chief of staff")


def test_transcript_labels_name_the_speaker() -> None:
    text = (
        "Jorge Ruiz put the question at the harbour debate.\n\n"
        "Part of the exchange:\n\n"
        '"RUIZ: Commissioner Park, did you tell the crews the truth?\n\n'
        '"CLIP: The engines failed twice before the storm ever reached the strait.\n\n'
        '"PARK: I regret what the relatives of those sailors have gone through."'
    )
    quotes = find_quotes(text)
    assert [(q.speaker, q.text[:12]) for q in quotes] == [
        ("Jorge Ruiz", "Commissioner"),
        (None, "CLIP: The en"),
        ("Park", "I regret wha"),
    ]


def test_a_name_and_colon_in_mixed_case_is_a_slogan_not_a_label() -> None:
    text = (
        "Outside the hall the protesters chanted “Tom Berg: wrong for the island, wrong for you.”"
    )
    assert speakers(text)[0][1] != "Tom Berg"


def test_named_body_after_an_opening_phrase() -> None:
    text = (
        "On its own website, the Harbour Trust lists “every crossing that ran late this "
        "year, with the reason.”\n\n"
        "The Portmere Gazette described the vote as “a long night for a short answer.”"
    )
    assert [s for _, s in speakers(text)] == ["the Harbour Trust", "Portmere Gazette"]


# A role given in the paragraph before the quote that names the speaker.


def test_role_given_first_and_the_name_with_the_quote() -> None:
    text = (
        "The port will not hand over the logs.\n\n"
        "A harbour board spokeswoman said Portmere would not release the records.\n\n"
        "“No court has asked for them, and no judge has signed anything,” Ines Vale said."
    )
    quote = find_quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Ines Vale", "a harbour board spokeswoman")


def test_role_sentence_naming_someone_else_gives_no_role() -> None:
    text = (
        "A harbour board spokeswoman said Tom Berg would not release the records.\n\n"
        "“No court has asked for them, and no judge has signed anything,” Ines Vale said."
    )
    assert find_quotes(text)[0].role is None


def test_name_after_a_preposition_is_not_the_head_cue_subject() -> None:
    text = (
        "A second harbour source speaking to Portmere Radio said, “The pilots are looking at "
        "the night logs as well.”"
    )
    assert speakers(text)[0][1] != "Portmere Radio"


def test_cue_after_and_leading_into_the_next_quote_is_not_the_first_ones() -> None:
    text = (
        "Lia Park said she would make the quay “shine like new,” for instance, and Tom Berg "
        "promised to “dredge the whole harbour by May.”"
    )
    assert [s for _, s in speakers(text)] == ["Lia Park", "Tom Berg"]
