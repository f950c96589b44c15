"""Speaker fixes from the eighth round, found on PolNeAR train and written out in our own
words: a quote standing after a sentence whose subject spoke through a participle, and
sentences set apart by a run of spaces."""

from __future__ import annotations

from bot.enrich import find_quotes
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
        "Lia Park paced along the pier on Monday, counting the broken planks. "
        "“The quay will still be there next winter, and so will the rust.”"
    )
    assert speakers(text)[0][1] is None


# A clause inside the sentence whose named subject speaks just before the quote.


def test_a_clause_after_so_that_names_its_own_speaker() -> None:
    text = (
        "The row over the ferry grew so loud that Mayor Lia Park said, “Somebody should "
        "translate the council into plain words.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_clause_after_when_names_its_own_speaker() -> None:
    text = (
        "The debate turned sharp, such as when Tom Berg knocked Lia Park on the budget and "
        "called her a “spendthrift.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_relative_clause_naming_a_judge_who_called_it_something() -> None:
    text = (
        "In footage that Judge Ana Cole called “distasteful,” Tom Berg voiced a wish to "
        "sink the pier himself."
    )
    assert speakers(text)[0] == ("distasteful", "Ana Cole")


def test_an_embedded_subject_who_asked_about_the_words_is_not_their_speaker() -> None:
    # (guard: "asked", "agrees to" and "posted" take the quote as their object)
    text = "The emails show that Tom Berg asked the “harbour reporter” to hold the story."
    assert speakers(text) == [] or speakers(text)[0][1] != "Tom Berg"
    text = "The charter says that the island agrees to “keep the pier open to every boat.”"
    # (not the island; since issue 19 round 5 the charter, whose wording it is, says it)
    assert speakers(text)[0][1] in (None, "The charter")


def test_a_time_phrase_with_during_between_subject_and_verb() -> None:
    text = "Lia Park during a Sunday rally thanked the volunteers “for every hour they gave.”"
    assert speakers(text)[0][1] == "Lia Park"


def test_an_object_relative_clause_names_its_subject() -> None:
    text = (
        "Most of the anger was aimed at Tom Berg, who Lia Park on Monday called “a menace to "
        "every boat in the bay.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_an_embedded_subject_with_an_apposition() -> None:
    text = (
        "Mayor Ana Cole signed an order to close the pier, while Tom Berg, the harbour master, "
        "proposed we “row out and count the pilings ourselves.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_text_sent_out_by_someone_speaks_for_them() -> None:
    text = (
        "Also, a donation email sent out by Lia Park late on Tuesday spoke of the fight "
        "ahead: “Four votes remain before spring, and we need every one of you.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_long_opening_clause_before_the_subject() -> None:
    text = (
        "When told Ana Cole sat on the harbour board and was in the running for a far bigger "
        "job in a future Park administration on the island, Tom Berg paused briefly and "
        "said that in today’s mood, “being unknown here is a kind of blessing.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_full_name_before_the_colon_when_no_subject_speaks() -> None:
    text = (
        "The length of the delay does not surprise harbour engineer Lia Park: “Every winter "
        "the old pier loses another piling to the storms.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_the_second_of_two_names_before_a_colon_is_not_the_speaker() -> None:
    text = (
        "More from Lia Park and Tom Berg: “Every winter the old pier loses another piling to "
        "the storms.”"
    )
    assert speakers(text)[0][1] != "Tom Berg"


def test_a_with_clause_nearer_the_quote_than_a_subject_and_verb() -> None:
    # "how the island responds": a clause inside a noun phrase, not a speaker; the "with"
    # clause next to the quote names the speaker
    text = (
        "The storm started a new argument over how the island replies to winter floods, with "
        "Mayor Lia Park telling reporters on Thursday she held the council “fully to blame” "
        "for the collapse of the pier."
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_possessive_slogan_with_phrases_before_its_verb() -> None:
    text = (
        "Park’s catch phrase in that race with Berg was that Berg “will promise the moon to "
        "land a ferry contract.”"
    )
    assert speakers(text)[0][1] == "Park"


def test_a_sentence_opening_with_adding_goes_on_from_the_one_before() -> None:
    text = (
        "Lia Park said the plan was not good. Adding,\xa0“Now, as with every ferry scheme, "
        "what they do is never the problem, it is how they explain it.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_fact_that_speaks_volumes_is_not_a_speaker() -> None:
    text = (
        "Lia Park said the tally speaks volumes about the candidate who is “fit to face down "
        "the harbour board.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_an_aside_then_a_relative_clause_before_the_speech_verb() -> None:
    text = (
        "Tom Berg has six endorsements. Lia Park, meanwhile, who has none, said the tally "
        "speaks volumes about which one of the pair is “fit to face down the harbour board.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


# Found by reading newsbot's speakers on the corpus pages.


def test_a_question_opening_with_would_names_no_speaker() -> None:
    text = "Would Lia Park have pleaded to keep the “harbour fund” if Tom Berg had asked?"
    assert all(speaker is None for _, speaker in speakers(text))


def test_will_is_still_a_first_name() -> None:
    text = "“It was an attempt to mislead voters,” Will Moyes, head of a fact-checking site, said."
    assert speakers(text)[0][1] == "Will Moyes"


def test_a_preposition_opening_the_sentence_is_not_part_of_the_name() -> None:
    text = (
        "Despite Tom Berg’s warning, the board voted on Monday.\n\n“This is a mistake,” Berg said."
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_an_office_named_with_of_before_a_name_is_not_part_of_it() -> None:
    text = (
        "Deputy Director of Public Prosecution Eva-Marie Lund took the decision on Tuesday.\n\n"
        "Ms Lund said: “Let me stress that the injured party gave a credible account.”"
    )
    assert speakers(text)[0][1] == "Eva-Marie Lund"


def test_an_apposition_between_dashes_before_the_verb() -> None:
    text = (
        "On Friday, Lia Park — tipped by the Island Times as the favourite for harbour "
        "master — told Tom Berg of the Harbour Trust that “any offer deserves a hard look, "
        "naturally.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_long_apposition_before_the_verb() -> None:
    text = (
        "Ian Hale, a lecturer in drug use and mental health at the Department of Health "
        "Sciences at the University of Portmere who did not work on the study, told the Times: "
        "“Although the study found more use, it did not find more harm.”"
    )
    assert speakers(text)[0][1] == "Ian Hale"


def test_comments_and_weighed_in_after_a_quote() -> None:
    text = (
        "“We are truly excited about the tour,” comments Ana Cole in a statement, “as it is a "
        "celebration of the whole band.”"
    )
    assert [s for _, s in speakers(text)] == ["Ana Cole", "Ana Cole"]
    text = "“We all miss Tom so much,” Lia Park weighed in at the dinner."
    assert speakers(text)[0][1] == "Lia Park"


def test_has_written_after_a_quote() -> None:
    text = (
        "“The importer pays the tax, say, a big store,” Ian Hale, a research fellow at the "
        "Harbour Policy Center, has written. “The foreign government pays nothing.”"
    )
    assert [s for _, s in speakers(text)] == ["Ian Hale", "Ian Hale"]


def test_in_the_words_of_a_described_person() -> None:
    text = (
        "Here is how bad things got, in the words of the patient: “Two months after the "
        "symptoms began, I could not climb the stairs.”"
    )
    assert speakers(text)[0][1] == "the patient"


def test_the_letter_someone_wrote_is_not_a_speaker() -> None:
    text = (
        "Lia Park added that shortly before their father’s death, he and Tom had written to "
        "each other, and the letter Tom wrote was “kind and loving.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_an_adjective_before_reports_is_not_a_subject() -> None:
    text = (
        "Deadlines mattered more last week as the Harbour Office of the Auditor "
        "released two highly critical reports that depicted “technical challenges, cost "
        "increases and delays.”"
    )
    assert speakers(text)[0][1] != "two highly critical"


def test_a_hyphenated_description_opening_the_sentence_is_not_a_name() -> None:
    text = (
        "Singer-guitarists Tom Johnston and Pat Simmons will lead the tour.\n\n"
        "“We are truly excited about our anniversary tour,” Johnston said in a statement."
    )
    assert speakers(text)[0][1] == "Tom Johnston"


def test_a_described_surname_resolves_to_the_full_name() -> None:
    text = (
        "Diego Lund beat Tom Berg in straight sets.\n\n"
        "“It is the end of the season but I played one of my best matches,” the 14th-ranked "
        "Lund said."
    )
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Diego Lund", "the 14th-ranked")


def test_he_inside_what_was_said_is_not_the_cue() -> None:
    # "he seldom asks" is part of what the senator said; the cue is "The veteran senator
    # said", who is Berg, the senator written about just before, though Park is one too
    text = (
        "Sen. Lia Park backed the bill. Sen. Tom Berg did not.\n\n"
        "“I wonder how the sailors in Portmere enjoy that,” Berg said. The veteran senator "
        "said he seldom asks friends to campaign for him, “only those I trust completely.”"
    )
    quote = find_quotes(text)[-1]
    assert quote.speaker == "Tom Berg"
    assert text[quote.speaker_start : quote.speaker_end] == "The veteran senator"


# A party word is part of a description, or a person with a determiner; never a name.


def test_a_party_before_a_description_and_a_name() -> None:
    text = "“It just became crowded,” said Republican political consultant Tom Berg."
    assert speakers(text)[0][1] == "Tom Berg"
    text = "“I do not know where he stands,” said undecided Democratic voter Ana Cole of Portmere."
    assert speakers(text)[0][1] == "Ana Cole"


def test_one_senior_democrat_is_a_described_person() -> None:
    text = "“The campaign has been slow to answer,” one senior Democrat said."
    assert speakers(text)[0][1] == "one senior Democrat"


def test_a_party_adjective_before_claims_names_no_one() -> None:
    text = (
        "Council members plan to release the minutes, hoping to refute Republican "
        "claims of “real progress” in the harbour inquiry."
    )
    assert all(speaker != "Republican" for _, speaker in speakers(text))


def test_a_place_or_a_body_among_the_words_describing_a_speaker() -> None:
    text = "“Rumours have gone round for months,” said former Portmere governor Tom Berg."
    assert speakers(text)[0][1] == "Tom Berg"
    # (a spokesman for Park is not Park)
    text = "“That is not a conflict,” said Park campaign spokesman Dan Ruiz."
    assert speakers(text)[0][1] == "Dan Ruiz"


def test_a_party_before_a_full_name_is_not_part_of_it() -> None:
    text = (
        "Republican Tom Berg won the harbour seat.\n\n“It is a new day for the island,” Berg said."
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_capitalised_words_of_a_description_before_the_name() -> None:
    text = "“Hypocrisy costs them little,” explained Portmere-based lawyer Ana Cole."
    assert speakers(text)[0][1] == "Ana Cole"
    text = "“It is a victory for the public,” said Harbour Watch president Tom Berg."
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_relative_clause_after_the_name_is_not_a_description() -> None:
    text = (
        "“A lot of shops are still hurting,” said Sen. Dan Ruiz who represents Portmere City "
        "and was once its mayor."
    )
    assert speakers(text)[0][1] == "Dan Ruiz"


def test_a_body_in_the_role_after_a_name_is_not_the_speaker() -> None:
    text = (
        "“The money is flowing in,” Ana Cole, executive director of the Harbour Majority "
        "Fund, a local group, said."
    )
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == (
        "Ana Cole",
        "executive director of the Harbour Majority Fund",
    )
    text = "“We will fight it,” Tom Berg, who is chair of Our Harbour Fund said in a statement."
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_place_after_inside_is_not_the_speaker() -> None:
    text = (
        "An Island Times reporter Tom Berg’s source inside the Portmere camp, a fisherman who "
        "asked not to be named, said that the council’s claim is “absolutely not true.”"
    )
    assert speakers(text)[0][1] != "the Portmere camp"


def test_a_role_runs_past_the_points_of_an_abbreviation() -> None:
    text = (
        "“It could be a problem,” said Ana Cole, a microbiologist at a college in "
        "St. Louis, who led the study."
    )
    (quote,) = find_quotes(text)
    assert quote.role == "a microbiologist at a college in St. Louis"
    text = "“Harm did not rise,” said Ian Hale, an expert at the U.K.’s University of Portmere."
    (quote,) = find_quotes(text)
    assert quote.role == "an expert at the U.K.’s University of Portmere"


def test_a_one_sentence_paragraph_with_an_opening_phrase_then_the_quote() -> None:
    text = (
        "In a video on Thursday, Lia Park guessed that the men could be smugglers.\n\n"
        "“They are coming in by night. We do not know who they are.”"
    )
    assert speakers(text)[0][1] == "Lia Park"


def test_a_name_in_an_as_clause_is_not_who_he_stands_for() -> None:
    text = (
        "Tom Berg raised the example of the mayor inviting her rivals in, just as Captain Dan "
        "Ruiz did when he built his first crew. “It worked then,” he said."
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_name_of_the_paper_he_writes_for_is_the_subject() -> None:
    text = (
        "But after the vote, conservative writer Tom Berg of the anti-Park Harbour Review "
        "imagined Ana Cole was thinking: “I cannot believe I backed that man.”"
    )
    assert speakers(text)[0][1] == "Tom Berg"


def test_a_hyphenated_description_or_party_before_a_subject_name() -> None:
    text = "“The ferry plan is sinking,” Portmere-based Tom Berg said."
    assert speakers(text)[0][1] == "Tom Berg"
    # (but a party's own name stays whole)
    text = "Portmere’s Conservative Party said the plan was “a waste of harbour money.”"
    assert speakers(text)[0][1] == "Conservative Party"
