"""Speaker cues added in the third tuning round on PolNeAR train; every example is our own."""

from __future__ import annotations

from bot.enrich import find_quotes
from bot.enrich.names import gender, is_organisation


def test_cue_closing_the_sentence_after_the_quote_runs_on() -> None:
    text = (
        "Mirela Dobos runs the ferry company.\n\n"
        "“We never planned to cut the night crossing” before the new boats arrive, "
        "Dobos said on Monday.\n\n"
        "The timetable had been “stable for a decade” until the strike, said Tarik Olsen, "
        "a harbour pilot."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Mirela Dobos", "Tarik Olsen"]
    assert quotes[1].role == "a harbour pilot"
    first = quotes[0]
    assert first.speaker_start is not None and first.speaker_end is not None
    assert text[first.speaker_start : first.speaker_end] == "Dobos"


def test_pronoun_cue_closing_the_sentence() -> None:
    text = (
        "Ilse Brandt opened the bakery in 1998.\n\n“Bread is the easy part” of the job, she said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ilse Brandt"


def test_reported_clause_after_the_quote_is_not_a_cue() -> None:
    # "Tomas Berg said it would ..." reports a clause of his own: it does not name the
    # speaker of the quote before it (the plural subject before the quote does).
    text = (
        "Residents call the bridge “the long wait for nothing at all” when the ferry is late "
        "again in winter, and Tomas Berg said it would stay that way."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Residents"


def test_cue_in_the_next_sentence_is_not_a_trailing_cue() -> None:
    text = (
        "Paulo Reis wants the market moved.\n\n"
        "The stalls will “have to go somewhere quieter.” Stall owners at the far north end, "
        "Reis added, disagree."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker_start is None or text[quote.speaker_start : quote.speaker_end] != "Reis"


def test_more_cue_verbs_and_documents_that_read() -> None:
    text = (
        "“The pier stays open all winter,” the council statement read.\n\n"
        "“We measured twice before we built,” Ada Kovac elaborated.\n\n"
        "“Ask the gulls, not me,” Bruno Sallé riffed."
    )
    assert [q.speaker for q in find_quotes(text)] == [
        "the council statement",
        "Ada Kovac",
        "Bruno Sallé",
    ]


def test_read_before_a_title_is_not_a_cue() -> None:
    text = "Councillor Ana Ruiz read “The Lighthouse Keeper” to the children on Friday."
    assert find_quotes(text) == []


def test_it_stands_for_the_document_or_body_named_before() -> None:
    text = (
        "The harbour trust sent a letter to every boat owner on Monday.\n\n"
        "“Moorings will cost twice as much from April,” it read.\n\n"
        "“Owners who pay early will keep their berths,” it added."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["a letter", "a letter"]
    assert text[quotes[0].speaker_start : quotes[0].speaker_end] == "it"


def test_it_with_nothing_to_stand_for_is_unattributed() -> None:
    text = (
        "Vera Lund walked the length of the old pier at dawn.\n\n"
        "“Nobody has fished here for years and years,” it said on a painted board."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_connective_opening_carries_the_speaker_on() -> None:
    text = (
        "“The vote was fair,” Noor Haddad said on Sunday. Then, “the recount will show it "
        "to anyone who doubts it.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Noor Haddad", "Noor Haddad"]


def test_other_opening_words_do_not_carry_the_speaker_on() -> None:
    text = (
        "“The vote was fair,” Noor Haddad said on Sunday. Outside, “the count is far from "
        "over for anyone here tonight.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Noor Haddad", None]


def test_subject_after_an_opening_phrase_reports_a_partial_quote() -> None:
    text = (
        "On the eve of the vote, Ines Baptiste stirred her volunteers by warning gloomily that "
        "“the old harbour is in danger.”\n\n"
        "Rafael Osei chairs the harbour board.\n\n"
        "On Monday, he rallied fishermen by warning that “the quay will not survive another "
        "winter.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Ines Baptiste", "Rafael Osei"]


def test_opening_phrase_outside_the_list_gives_no_subject() -> None:
    # Only listed opening phrases ("In ...", "On Monday, ...", "Despite ...") are skipped.
    text = (
        "Soaked by the rain, Ines Baptiste stirred her volunteers by warning gloomily that "
        "“the old harbour is in danger.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_opening_phrase_of_concession_is_skipped() -> None:
    text = (
        "Despite the rain, Ines Baptiste stirred her volunteers by warning gloomily that "
        "“the old harbour is in danger.”"
    )
    assert find_quotes(text)[0].speaker == "Ines Baptiste"


def test_opening_phrase_then_a_relative_clause_gives_no_subject() -> None:
    text = (
        "On Monday, Ines Baptiste, who heard the fishermen warn that “the quay will not "
        "survive another winter,” stayed silent."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Ines Baptiste"


def test_pronoun_with_a_contraction_is_a_pronoun_not_a_name() -> None:
    text = (
        "Tomas Quist runs the port. He’s said: “The ferry will never pay for itself, not in "
        "a hundred years.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tomas Quist"
    assert text[quote.speaker_start : quote.speaker_end] == "He"


def test_plural_title_is_split_off_the_name() -> None:
    text = "“We will see,” said Sens. Ada Lind and Tor Berg."
    (quote,) = find_quotes(text)
    assert (quote.speaker, quote.role) == ("Ada Lind", "Senator")  # one of the senators


def test_who_clause_cues_the_quote_for_the_name_before_it() -> None:
    text = (
        "“The ferry is safe,” said Lia Park, who added that the new hull was “tested in "
        "every kind of storm.”\n\n"
        "Critics included Sen. Ada Lind of Ohio, who mused on Friday that the ferry was "
        "“a floating museum piece.”"
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Lia Park", "Lia Park", "Ada Lind"]
    second = quotes[1]
    assert text[second.speaker_start : second.speaker_end] == "who"


def test_who_clause_in_the_passive_or_for_an_organisation_is_not_a_cue() -> None:
    text = (
        "Critics included Ada Lind, who was told by engineers that the hull was “unsafe for "
        "anyone on board.”\n\n"
        "The plan was drafted by the Harbour Council, who said the quay was “never meant for "
        "ships this size.”"
    )
    assert [q.speaker for q in find_quotes(text)] == [None, None]


def test_more_reporting_verbs_before_a_partial_quote() -> None:
    text = (
        "Mayor Lia Park blamed the delays on “a decade of neglect and broken promises.”\n\n"
        "Councillor Tomas Berg is labeling the plan “a blatant waste of public money.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lia Park", "Tomas Berg"]


def test_opening_word_even_is_not_a_subject() -> None:
    text = (
        "Even as Lia Park was criticizing the plan, engineers defended the design of the "
        "harbour wall as “sound for a hundred years.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Even"
    assert quote.speaker != "Lia Park"


def test_buildings_are_organisations_not_people() -> None:
    # so that "she" never resolves to "Midvale Baptist Church" named as a sentence subject
    assert is_organisation("Midvale Baptist Church")
    assert is_organisation("Grand Harbour Hotel")
    assert not is_organisation("Nora Quist")


def test_speaker_noun_phrase_opening_the_sentence_reports_a_partial_quote() -> None:
    text = (
        "The harbour council released a statement on Friday saying the new quay was "
        "“ready for ships of any size.”\n\n"
        "A spokesman for the ferry company declined to comment but said the timetable was "
        "“under review until the spring.”"
    )
    assert [q.speaker for q in find_quotes(text)] == [
        "The harbour council",
        "A spokesman for the ferry company",
    ]


def test_noun_phrase_that_names_a_thing_is_not_a_speaker() -> None:
    text = (
        "The statement arrived as a long reply to the fishermen and an assertion that the "
        "quay was “never needed by anyone at all.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_possessive_before_a_noun_that_looks_like_a_verb_is_not_a_speaker() -> None:
    text = (
        "Few engineers trust Portmere’s claims about the harbour wall, which may "
        "“hold for another decade or two.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Portmere"


def test_city_and_state_before_said_is_not_a_speaker() -> None:
    text = (
        "Lena Ortiz, speaking at a meeting in Salem, Ore., said the ferry was “the only way "
        "to reach the island in winter.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Salem"


def test_poll_respondents_are_not_a_speaker() -> None:
    text = (
        "The question was whether the mayor “has done enough for the ferry,” and 60 percent "
        "of Islanders said yes."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_like_opening_a_sentence_is_not_part_of_a_name() -> None:
    text = (
        "Like Berg, Lena Ortiz opposes the new quay, arguing that the town has “no money "
        "left for a second ferry.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Lena Ortiz"


def test_name_with_a_long_description_after_the_quote() -> None:
    text = (
        "“The ferry will run all winter,” Lia Park, deputy director of roads, bridges and "
        "ferries, said on Monday."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Lia Park"
    assert quote.role == "deputy director of roads, bridges and ferries"


def test_longer_noun_phrase_after_the_quote() -> None:
    text = (
        "“We have never lost a boat in a storm,” the soft-spoken, 70-year-old harbour "
        "master and former fisherman said.\n\n"
        "“Nobody expected the vote to pass,” one Portmere council clerk told reporters."
    )
    assert [q.speaker for q in find_quotes(text)] == [
        "the soft-spoken, 70-year-old harbour master and former fisherman",
        "one Portmere council clerk",
    ]


def test_description_starting_with_a_clause_is_not_an_apposition() -> None:
    text = (
        "The mayor says the ferry is “cheaper than a bridge,” Tomas Berg, and the clerk, "
        "who keeps the accounts, said so too."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Tomas Berg"


def test_noun_phrase_holding_a_clause_is_not_a_speaker() -> None:
    text = (
        "“Nobody expected the vote to pass,” a clerk who keeps the accounts at the harbour "
        "office said later."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None or not quote.speaker.startswith("a clerk who")


def test_titled_single_name_is_who_he_stands_for() -> None:
    text = (
        "On Tuesday, Governor Ames rebuked critics of the plan.\n\n"
        "“Why would a second quay help anyone on the island?” he said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Ames"


def test_headline_ending_in_a_title_word_does_not_make_a_person() -> None:
    text = (
        "Portmere Picks Youngest Harbour Chief Ever\n\n“We cannot pay for a second quay,” he said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_name_in_apposition_to_a_noun_phrase_is_the_speaker() -> None:
    text = (
        "The mayor, Lia Park, said the ferry “will run all winter, whatever the weather.”\n\n"
        "“Nobody will be stranded,” her spokesman, Tom Berg, said."
    )
    quotes = find_quotes(text)
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Lia Park", "The mayor"),
        ("Tom Berg", "Lia Park’s spokesman"),  # ("her" is named since the seventh round)
    ]


def test_place_in_apposition_to_a_noun_phrase_is_not_a_speaker() -> None:
    text = "“Nobody will be stranded,” the harbour board, New Jersey, said."
    (quote,) = find_quotes(text)
    assert quote.speaker != "New Jersey"


def test_she_passes_over_the_last_named_man() -> None:
    text = (
        "Lia Park met Tom Berg at the harbour office on Monday.\n\n"
        "“The ferry will run all winter,” she said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Lia Park"


def test_she_with_only_men_named_is_unattributed() -> None:
    text = (
        "Tom Berg met Omar Haddad at the harbour office on Monday.\n\n"
        "“The ferry will run all winter,” she said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_she_finds_a_woman_named_outside_a_subject() -> None:
    text = (
        "The first caller was a retired teacher from the island named Greta.\n\n"
        "“The ferry is our only road,” she said."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Greta"


def test_gender_from_given_name_or_title() -> None:
    assert gender("Lia Park") == "f"
    assert gender("Tom Berg") == "m"
    assert gender("Park", "Mrs.") == "f"
    assert gender("Park") is None  # a surname alone says nothing
    assert gender("Quist Varga") is None


def test_he_after_and_opening_the_sentence_reports_a_partial_quote() -> None:
    text = (
        "Tomas Berg spoke at the harbour on Friday about the storms that damaged the quay.\n\n"
        "And he kept saying that the quay where the boats were lost “was built by our "
        "grandparents.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tomas Berg"


def test_title_case_headline_is_not_a_person() -> None:
    text = "Berg Steps In\n\n“We will keep the old quay for ever,” he said."
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_cue_between_two_quotes_of_a_sentence_belongs_to_the_second() -> None:
    text = (
        '"The plan is not ready to go to a vote," Lia Park said last week on the radio, '
        'though she said, "It will be by spring."'
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Lia Park", "Lia Park"]
    second = quotes[1]
    assert text[second.speaker_start : second.speaker_end] == "she"


def test_cue_between_two_quotes_naming_someone_else_is_not_the_first_speaker() -> None:
    text = (
        '"I am just not ready to back the plan," Tom Berg said last week on the radio, '
        'though she said, "I hope he will be."'
    )
    assert [q.speaker for q in find_quotes(text)] == ["Tom Berg", None]


def test_subject_with_a_relative_clause_before_said() -> None:
    text = (
        "Dan Ruiz, who has flown the island route for 30 years, said: “The new plane is "
        "the best we have had.”\n\n"
        "An official who spoke on condition of anonymity said, “The route will stay.”\n\n"
        "Ana Lind, a retired pilot who flew the route before him, said, “He is right.”"
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Dan Ruiz", "An official", "Ana Lind"]
    assert (quotes[2].role or "").startswith("a retired pilot")


def test_relative_clause_subject_far_from_the_quote_is_not_its_cue() -> None:
    text = (
        "Dan Ruiz, who has flown the island route for 30 years, said the plane was old and "
        "the crew was tired and the winter would be long and dark and the fuel bills would "
        "keep on rising all year, and the council then voted to declare the route “closed "
        "for good after the end of March.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Dan Ruiz"


def test_write_and_state_after_a_quote_and_this_source() -> None:
    text = (
        "“The quay must be rebuilt this year,” the two engineers write.\n\n"
        "“The harbour is safe for ferries,” the islanders state in their petition.\n\n"
        "“Nobody on the board wants the new quay,” this source told the Gazette."
    )
    assert [q.speaker for q in find_quotes(text)] == [
        "the two engineers",
        "the islanders",
        "this source",
    ]


def test_that_opening_a_clause_is_not_a_speaker() -> None:
    text = "“The quay must be rebuilt,” that Ana Lind said in March is now forgotten."
    (quote,) = find_quotes(text)
    assert quote.speaker is None or not quote.speaker.startswith("that")


def test_cue_after_the_last_quote_of_a_sentence_covers_the_earlier_ones() -> None:
    text = (
        "Dan Ruiz runs the ferry company.\n\n"
        "Bookings stayed “flat for most of the spring” while travellers watched the “very "
        "wet season” drag on into June, he said."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Dan Ruiz", "Dan Ruiz"]


def test_cue_before_a_later_quote_does_not_cover_the_earlier_one() -> None:
    text = (
        "The harbour stayed “quiet for most of the spring” before the storms came back in "
        "force, and Lia Park said “the ferries are back for good.”"
    )
    assert [q.speaker for q in find_quotes(text)] == [None, "Lia Park"]


def test_cue_sentence_after_a_quote_ending_in_an_ellipsis() -> None:
    text = (
        'Tom Berg asked, "Will you pick a deputy from the islands?"\n\n'
        '"Perhaps. We will weigh every candidate on the shortlist…" Lia Park said. '
        '"Islanders too?" Berg repeated.'
    )
    assert [q.speaker for q in find_quotes(text)] == ["Tom Berg", "Lia Park", "Tom Berg"]


def test_first_person_cue_is_the_writer() -> None:
    text = (
        "The ferry was late again, so I went to find the captain.\n\n"
        "“Nobody told us the timetable had changed,” I said. He shrugged."
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "the writer"
    assert text[quote.speaker_start : quote.speaker_end] == "I"


def test_first_person_far_from_the_quote_is_not_its_cue() -> None:
    text = (
        "In May, once I had put it to Tom Berg whether the ferry would survive the winter, he "
        "looked out over the harbour for a long while and finally answered, “Ask the sea, not "
        "me, about that.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "the writer"


def test_sentence_naming_a_new_speaker_between_two_quotes() -> None:
    text = (
        "“We will keep the ferry running,” Lia Park said. Tom Berg shrugged and said "
        "the boats were too old. “Nobody can keep them running for another winter.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lia Park", "Tom Berg"]


def test_sentence_without_a_speaker_between_two_quotes_keeps_the_first() -> None:
    text = (
        "“We will keep the ferry running,” Lia Park said. The boats are old. “Nobody should "
        "doubt that they can run for another winter.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lia Park", "Lia Park"]


def test_irregular_past_tense_makes_a_sentence_subject() -> None:
    text = (
        "Tom Berg stood up and told the council the old boats were “beyond any repair we "
        "can afford.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tom Berg"


def test_name_after_a_preposition_is_still_not_a_subject() -> None:
    text = (
        "Against Tom Berg stood the whole council, which called the old boats “beyond any "
        "repair we can afford.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Tom Berg"


def test_more_reporting_verbs_for_a_sentence_subject() -> None:
    text = (
        "Lia Park hailed the new timetable as “the best the island has had in years.”\n\n"
        "Tom Berg questioned whether the ferry could be “kept afloat for another winter.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lia Park", "Tom Berg"]


def test_but_with_a_new_subject_stops_the_sentence_subject() -> None:
    text = (
        "Lia Park wanted a vote on the quay this month, but the harbour board dismissed the "
        "plan as “far too late in the season.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker != "Lia Park"


def test_pronoun_speaker_closing_the_paragraph_before_a_quote_paragraph() -> None:
    text = (
        "Eva Lind has run the island school for twenty years.\n\n"
        "The roof leaks and the boiler is older than the teachers, she said.\n\n"
        "“We cannot wait for another winter to fix it.”"
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Eva Lind"]


def test_it_closing_the_paragraph_before_a_quote_paragraph_does_not_carry_on() -> None:
    text = (
        "Eva Lind has run the island school for twenty years.\n\n"
        "The roof leaks and the boiler is old, it said.\n\n"
        "“We cannot wait for another winter to fix it.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_subject_reports_a_partial_quote_after_a_scare_quote() -> None:
    text = (
        "Lia Park turned on the plan, branding it “odd” and insisting that the ferry was "
        "“the island’s only road to the mainland.”"
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes][-1] == "Lia Park"


def test_while_with_another_subject_stops_the_sentence_subject() -> None:
    text = (
        "Lia Park called the plan “odd” and “rushed,” while the harbour board and its "
        "engineers called it “the best plan in years for the island.”"
    )
    quotes = find_quotes(text)
    assert quotes[-1].speaker != "Lia Park"


def test_documents_opening_the_sentence_report_a_partial_quote() -> None:
    text = (
        "The council’s new ad accuses the mayor of a “harbour plan that nobody on the "
        "island asked for.”"
        "\n\nThe piece then mocks the mayor for promising “a ferry every hour, all year "
        "round.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["The council’s new ad", "The piece"]


def test_noun_phrase_without_a_speaker_noun_before_a_colon_is_not_a_speaker() -> None:
    text = (
        "The timing of the vote surprised nobody on the island: “We knew it would come "
        "before the winter storms.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker is None


def test_responding_and_citing_report_a_partial_quote() -> None:
    text = (
        "Sen. Lia Park (D-Ore.) would not discuss the ferry, responding that she was "
        "“too busy with the harbour to talk budgets.”\n\n"
        "On Tuesday, Gov. Tom Berg backed her, citing her “steady hand on the harbour "
        "accounts.”"
    )
    assert [q.speaker for q in find_quotes(text)] == ["Lia Park", "Tom Berg"]


def test_a_day_between_the_subject_and_its_verb() -> None:
    text = (
        "Tom Berg on Thursday sharpened his criticism of the plan, saying it was “a muddle "
        "from start to finish.”"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Tom Berg"
