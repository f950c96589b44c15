"""Speaker fixes from the tenth round, found on PolNeAR train and in our own outputs, written
out in our own words: a role after "who is" that is no subject, speech by way of Twitter,
words that "can be heard", and a first name read as a description."""

from __future__ import annotations

from bot.enrich import find_quotes

# "X, who is a <role> ..., slammed": the role describes X and does not speak on its own.


def test_a_role_after_who_is_is_not_the_speaker() -> None:
    text = (
        "Harlan Voss, who is a pastor at the Grace Chapel of Millbrook, Oregon, slammed the "
        "club for teaching “ideas no child of ten should hear” on his Sunday broadcast."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Harlan Voss"


def test_a_role_after_who_was_is_not_the_speaker_either() -> None:
    text = (
        "Mira Castell, who was an adviser to the Port Board of Aldwick, Maine, blasted the "
        "plan as “a gift to the shipping firms and nobody else” at the hearing."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Mira Castell"


# Speech by way of a channel.


def test_took_to_twitter_to_call() -> None:
    text = (
        "Rafe Okonjo took to Twitter on Friday to call the ruling “a sad day for every tenant "
        "in this city.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Rafe Okonjo"


def test_with_a_name_taking_to_twitter() -> None:
    # (the clause after "with" has its own speaker: not the campaign that opens the sentence)
    text = (
        "The campaign has denied the story, with Rafe Okonjo taking to Twitter to call the "
        "reporter “plainly confused” about the night."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Rafe Okonjo"


def test_can_be_heard_asking_after_the_quote() -> None:
    text = (
        "“Will the fence go all the way to the river?” a reporter can be heard asking Lund "
        "after a stop in Dubuque."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "a reporter"


def test_can_be_heard_saying_before_the_quote() -> None:
    text = "In the clip, Tessa Marlow can be heard saying, “Move the trucks back right now.”"
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tessa Marlow"


# A given name is part of the name, not a description of it.


def test_a_first_name_after_a_comma_is_no_role() -> None:
    text = "“Saltwater Days” was the name of the first draft, Lia Pemberton said."
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Lia Pemberton", None)


def test_a_capitalised_description_before_the_name_stays_the_role() -> None:
    # (the guard: a body and a title before the name are still its role)
    text = (
        "“Saltwater Days” was the name of the first draft, Harbour Trust counsel Lia "
        "Pemberton wrote."
    )
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Lia Pemberton", "Harbour Trust counsel")


# Surnames resolved to the full name the article gives.


def test_a_participle_opening_the_sentence_is_not_a_given_name() -> None:
    # ("Hosting Vance" is no second Vance, so "Vance said" is still Orrin Vance)
    text = (
        "Harbour Tech chief Orrin Vance spoke first.\n\n"
        "Hosting Vance on stage, Dee Marsh asked about the new phones.\n\n"
        "“We built it for the people who carry one phone for everything,” Vance said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Orrin Vance"


def test_a_surname_that_opens_the_full_name() -> None:
    text = (
        "The envoy, Zhou Minghai, met reporters on Monday.\n\n"
        "Zhou said the garrison could be used, warning: “The soldiers are already there and "
        "they are ready.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Zhou Minghai"


def test_a_surname_first_shared_by_two_people_stays_bare() -> None:
    text = (
        "Zhou Minghai and Zhou Lan met reporters on Monday.\n\n"
        "“The soldiers are already there and they are ready,” Zhou said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Zhou"


def test_a_short_form_of_the_given_name_is_the_same_person() -> None:
    text = (
        "Kenneth Vale led the inquiry for two years.\n\n"
        "Ken Vale, now a law professor, spoke at the school on Tuesday.\n\n"
        "“I still think the report was fair to everyone in it,” Vale said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Kenneth Vale"


def test_a_longer_given_name_of_the_other_gender_is_another_person() -> None:
    text = (
        "Dan Moreno and his sister Daniela Moreno run the ferry.\n\n"
        "“We have never missed a crossing,” Moreno said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Moreno"  # (which Moreno, the text does not say)


# Cues read on the corpus pages.


def test_a_present_tense_shout_after_the_quote() -> None:
    text = "“Police! Open the door, we are coming in!” an officer shouts on the recording."
    (quote,) = find_quotes(text)
    assert quote.speaker == "an officer"


def test_an_age_before_the_name_after_the_verb() -> None:
    text = (
        "“For two months I could not climb the stairs without stopping twice,” wrote "
        "51-year-old Ewan Cairns of Perthshire, Scotland, in a case report."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ewan Cairns"


def test_a_lead_and_his_team_after_the_quote() -> None:
    text = (
        "Ines Halvorsen led the survey.\n\n"
        "“We find far less water vapour on the moon than earlier work suggested,” Halvorsen "
        "and her team wrote in the paper."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ines Halvorsen"


def test_a_lead_and_colleagues_before_the_quote() -> None:
    text = (
        "Ines Halvorsen and her colleagues wrote in the paper: “We find far less water vapour "
        "on the moon than earlier work suggested.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ines Halvorsen"


def test_capitals_that_end_a_description_are_no_name() -> None:
    text = (
        "The new banks say they care about their customers’ “long-run financial health,” as "
        "one app-only bank CEO told me last week."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "one app-only bank CEO"


def test_as_he_related() -> None:
    text = (
        "Ewan Cairns kept a diary of the treatment.\n\n"
        "As he related, “the steroids went on for a full year, with the dose cut a little "
        "every month.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ewan Cairns"


# Who "he" is, and what is no cue, on the corpus pages.


def test_a_person_after_an_owner_is_registered_whole() -> None:
    text = (
        "In the interview, BBC’s Norah Quillan pressed the minister for an hour.\n\n"
        "“We asked the same question four times and got four answers,” Quillan said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Norah Quillan"


def test_he_is_the_prince_not_the_interviewer() -> None:
    text = (
        "Prince Edmund spoke to the BBC about the affair.\n\n"
        "In the interview, BBC’s Helen Quillan did a fine job pressing Edmund. Quillan "
        "repeatedly asked how Edmund could be so sure of the night.\n\n"
        "Edmund does not remember the party, but he remembers the pizza. “Going out for "
        "pizza is an unusual thing for me to do,” he said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Edmund"


def test_a_group_laughing_after_a_full_stop_is_no_cue() -> None:
    text = (
        "“My people had $20 billion done,” Lund recounted at the meeting. “And I said, ‘I "
        "want more.’” The ministers gathered around Lund laughed."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lund", "Lund"]


def test_a_named_person_laughing_after_a_full_stop_still_speaks() -> None:
    # (the guard: only a group's laughter after a closed sentence is an act)
    text = "“We won the whole thing.” Tessa Marlow laughed."
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tessa Marlow"


def test_a_that_clause_about_a_thing_names_the_nearer_speaker() -> None:
    text = (
        "Harbour Capital will leave with a payout that pension trustee Odile Brandt blasted on "
        "a call with investors as “plainly indefensible.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Odile Brandt"


def test_said_that_does_not_open_a_new_cue() -> None:
    # (the guard: what follows "said that" is what was said)
    text = (
        "At the rally, Lund said that Odile Brandt begged him for help and “would have walked "
        "to Dover” to get it."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Lund"


def test_a_name_in_quotes_after_called_is_no_speaker() -> None:
    text = "At the last minute, a demo came in called “Harbour (“Far From the Quay”)."
    assert all(q.speaker is None for q in find_quotes(text))


def test_a_title_that_opens_a_paragraph_does_not_continue_a_speaker() -> None:
    text = (
        "“It turns out you do not have to shut those doors,” Tessa Marlow said.\n"
        "“Salt Roads” is now out on DVD and streaming."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Tessa Marlow"]


def test_a_name_in_a_comparison_is_not_who_she_is() -> None:
    text = (
        "Maren Tolliver moved to Nashville at 54. She was more nervous about it than "
        "Ada Finch has ever been about anything. “It was terrifying,” she said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Maren Tolliver"


def test_a_name_set_off_after_the_subject_is_who_he_is() -> None:
    text = (
        "Jesse Finch sang the lead.\n\n"
        "Her son, filmmaker Owen Tolliver (“Salt Roads,” “The Quay”), also remembers it as a "
        "hard time. “If your mother comes out of surgery hearing music, you worry,” he said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Owen Tolliver"


def test_a_given_name_set_off_after_the_subject_is_who_she_is() -> None:
    text = (
        "Senator Hale spoke first.\n\n"
        "On the radio, his wife, Jane, called for open primaries. “Shutting people out of the "
        "vote when they are excited about it is not smart,” she said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Jane"


def test_the_end_of_a_body_s_name_is_no_person() -> None:
    # ("Marine Research" ends "Institute for Marine Research": "Research" opening a sentence
    # is not a person the article named)
    text = (
        "Hana Voss of the Institute for Marine Research in Bergen led the survey.\n\n"
        "The reef, says Tomas Keller, an ecologist at the University of Tromsø, is recovering. "
        "Research on the reef could show how coral heals. He calls the results “promising” "
        "but cautions that “we are still in the very early days.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Tomas Keller"]


# What a cue after the quote names.


def test_the_one_told_is_not_the_speaker_before_according_to() -> None:
    text = (
        "Marcus Lund met the senators on Capitol Hill. “You have been very hard on me,” he "
        "told Sen. Ada Pryce (R-Ore.), according to two aides in the room."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Marcus Lund"


def test_a_headline_in_capitals_is_no_speaker() -> None:
    text = (
        "VOTERS CARE MORE ABOUT A LEADER’S ABILITY TO INSPIRE - Dana Holt and Ravi Mehta: "
        "“We found that the strengths voters rate highest matter least to their vote.” "
        "[Survey Desk]"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None or not quote.speaker.isupper()


# A name given with a participle after a comma.


def test_a_name_given_by_a_participle_is_not_the_subject_s() -> None:
    text = (
        "Secretary Ada Pryce visited the old prison, dubbed “the coldest place on earth” by "
        "the sailors held there during the war."
    )
    assert all(q.speaker != "Ada Pryce" for q in find_quotes(text))


def test_a_participle_with_a_named_agent_gives_the_agent() -> None:
    text = (
        "Secretary Ada Pryce visited the old prison, dubbed “the coldest place on earth and "
        "the saddest” by Tomas Keller in his memoir."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tomas Keller"


def test_a_single_s_title_is_no_quote() -> None:
    text = (
        "Ruiz came out during the encore for a surprise version of their single “Down by the "
        "Harbour Wall,” the title track of their 1976 album."
    )
    assert find_quotes(text) == []


def test_a_group_in_an_opening_clause_chants_its_own_words() -> None:
    text = (
        "While some striking teachers chanted, “Pay us fairly,” in the hallway, Speaker Ada "
        "Pryce spoke to the lawmakers about the budget."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "some striking teachers"


# Short quoted words that nobody said.


def test_according_to_a_preference_names_no_speaker() -> None:
    text = (
        "Not knowing who is who, they simply push the button for “R,” or “D,” according to "
        "their instinctive preference."
    )
    assert find_quotes(text) == []


def test_initial_reports_are_a_noun_not_a_verb() -> None:
    text = (
        "Within an hour of initial reports of the storm, the app had switched on its “safety "
        "check” feature for people in Dover."
    )
    assert find_quotes(text) == []


def test_examples_after_such_as_are_named_not_said() -> None:
    text = (
        "The officials searched the records for words such as “harbour,” “ferry,” “Dover” "
        "and “night crossing,” a spokesman said."
    )
    assert find_quotes(text) == []


def test_a_term_someone_used_is_named_not_said() -> None:
    # (issue 19 reversed round 10's guard: a term in marks is no one's quote, and here it
    # was not even Park's word but Berg's)
    text = (
        "Lia Park took the stage with a shot at Tom Berg, saying his use of the term "
        "“Harbourland” for the old docks was wrong."
    )
    assert find_quotes(text) == []


def test_a_show_after_interview_with_is_a_title() -> None:
    text = (
        "“The harbour has never been this busy, not in my lifetime,” Lia Park said in an "
        "interview with “Harbour Morning Live.”"
    )
    assert [q.text for q in find_quotes(text)] == [
        "The harbour has never been this busy, not in my lifetime"
    ]


def test_the_second_of_a_pair_of_titles_is_a_title() -> None:
    text = (
        "Lia Park is due to appear on “The Quay” and “Late Night With Tom Berg,” among other "
        "shows this week."
    )
    assert find_quotes(text) == []


def test_a_title_in_another_language_after_called_is_a_title() -> None:
    text = (
        "A group of harbour comedians is performing a popular play called “Los Hijos de "
        "Lund,” or “Sons of Lund,” at the Harbour Theatre."
    )
    assert find_quotes(text) == []


def test_titles_after_including_and_starred_in_are_titles() -> None:
    text = (
        "The sound system added harbour songs including “La Marea” and “Night Ferry.” Tessa "
        "Marlow, who starred in “Salt Roads” and “The Quay,” posted the clip online."
    )
    assert find_quotes(text) == []


def test_a_show_told_and_a_nickname_are_no_quotes() -> None:
    text = (
        "“We have to cut the fares,” Lia Park told “Harbour Morning Live” on Tuesday. Her "
        "campaign was represented by Gov. T.R. “Buddy” Hale, an early endorser."
    )
    assert [(q.text, q.speaker) for q in find_quotes(text)] == [
        ("We have to cut the fares", "Lia Park")
    ]


def test_markup_attribute_values_are_no_quotes() -> None:
    text = (
        '<tweet tweet-author="@harbourdesk" tweet-date="March 10, 2016">Aide Tom Berg told '
        "me the photo was fake.</tweet>"
    )
    assert find_quotes(text) == []


def test_a_title_after_author_of_leaves_the_cue_whole() -> None:
    text = (
        "“Rumours travel faster than the ferry,” said Ada Pryce, the co-author of “Going "
        "Under,” a history of the port."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ada Pryce"


def test_a_show_s_initials_are_a_title() -> None:
    # (a capitalised word with no vowel is initials, not a shout like “NO!”)
    text = (
        "“Hearing the heartbeat was something we never take for granted,” the actor said on “DWTS.”"
    )
    assert [q.text for q in find_quotes(text)] == [
        "Hearing the heartbeat was something we never take for granted"
    ]


def test_a_show_after_episode_of_is_a_title() -> None:
    text = "Tessa Marlow said she was expecting on a previous episode of “DWTS.”"
    assert find_quotes(text) == []
