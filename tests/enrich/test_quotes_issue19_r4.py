"""Issue 19, round 4: shapes found on the first held-out feed set (bench/feed_quotes.py, set
A, read after its one blind run), each on an article written for it that fails on the code
before (docs/enrich.md, "Issue 19, round 4")."""

from __future__ import annotations

from bot.enrich.keyquotes import pick_key_quotes
from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find_quotes(text)}


def test_a_remark_on_a_quote_in_a_which_clause_does_not_attribute_it() -> None:
    text = (
        "Ferry review\n\n"
        "A harbour official told the Gazette that the review asks one thing: “Does the ferry "
        "still serve the outer islands at all?” which, as the Courier’s Dana Byers noted, "
        "sounds like the same question as last year.\n"
    )
    quote = _by_text(text)["Does the ferry still serve the outer islands at all?"]
    # Byers remarked on the question; she did not ask it
    assert quote.speaker != "Dana Byers"
    # "as X noted" right after a quote still attributes it
    plain = _by_text(
        "Ferry review\n\n"
        "“The ferry is the only road the islands have,” as Dana Byers noted on Monday.\n"
    )
    assert plain["The ferry is the only road the islands have"].speaker == "Dana Byers"


def test_a_new_sentence_ending_on_a_colon_introduces_the_next_quote_not_the_last() -> None:
    text = (
        "What the new ferry promises\n\n"
        'My first reaction was "How is this any different from the old ferry?" The '
        "council's website says:\n"
        '"The ferry that actually runs on time, every day, in every season of the year."\n'
    )
    quotes = _by_text(text)
    assert quotes["How is this any different from the old ferry?"].speaker is None
    site = quotes["The ferry that actually runs on time, every day, in every season of the year."]
    assert site.speaker == "The council's website"
    # a cue that goes on after a comma is still the quote's own: "“A,” she said, adding:"
    adding = _by_text(
        "Pier vote\n\n“We won the vote,” Lia Park said, adding:\n“And we build in May.”\n"
    )
    assert adding["We won the vote"].speaker == "Lia Park"


def test_a_verb_of_hearing_is_not_part_of_the_speakers_description() -> None:
    text = (
        "Ferry trips\n\n"
        "On the quay you often hear parents say “if you keep this up you will lose the ferry "
        "trip this summer.”\n"
    )
    quote = _by_text(text)["if you keep this up you will lose the ferry trip this summer."]
    assert quote.speaker == "parents"


def test_a_network_named_after_the_verb_keeps_its_capitals() -> None:
    text = (
        "Ferry timing\n\n"
        "Crews are “forever marked by a single late sailing”, said NBC News. Others agree.\n\n"
        "“The ferry is the only road,” responded NASA administrator Lia Park.\n"
    )
    quotes = _by_text(text)
    assert quotes["forever marked by a single late sailing"].speaker == "NBC News"
    # an acronym before a lower-case title is still the body the speaker works for
    assert quotes["The ferry is the only road"].speaker == "Lia Park"


def test_in_the_words_of_ending_the_paragraph_before_a_quote_names_its_speaker() -> None:
    text = (
        "What the ferry means\n\n"
        "The harbour board met on Tuesday to weigh the plan.\n\n"
        "In the words of the old ferry advert:\n\n"
        "“Is it a boat, or is it a home?”\n\n"
        "In Lia Park’s words:\n\n"
        "“The ferry is the only road we have.”\n"
    )
    quotes = _by_text(text)
    assert quotes["Is it a boat, or is it a home?"].speaker == "the old ferry advert"
    park = quotes["The ferry is the only road we have."]
    assert park.speaker == "Lia Park"
    assert park.attributed_by == "colon_paragraph"


def test_a_title_standing_for_its_holder_names_them_but_not_surely() -> None:
    text = (
        "Secretary of State Ana Cole spoke first on Monday. “We seek a new harbour,” she said. "
        "The Secretary of State later said the town needs a “renewal of its old harbour.”\n\n"
        "President Tom Berg spoke on Tuesday. The President said the ferry would “stay a "
        "little back from the pier for now.”\n"
    )
    quotes = _by_text(text)
    cole = quotes["renewal of its old harbour."]
    assert cole.speaker == "Ana Cole"
    assert "description_for_name" in cole.doubts
    assert cole.confidence < SURE  # a title read as a person is never a key quote's speaker
    assert quotes["stay a little back from the pier for now."].speaker == "Tom Berg"


def test_a_title_held_by_no_one_named_stays_a_description() -> None:
    text = (
        "The board met on Monday. The Secretary of State said the town needs a “renewal of "
        "its old harbour.”\n"
    )
    assert _by_text(text)["renewal of its old harbour."].speaker == "The Secretary of State"


def test_a_cue_set_off_mid_sentence_with_its_outlet_gives_the_quote_after_it() -> None:
    text = (
        "Mayor Tom Berg is caught up in a ferry scandal, said Lia Park in the Gazette, and "
        "“the town has hardly noticed.” The council met later.\n"
    )
    assert _by_text(text)["the town has hardly noticed."].speaker == "Lia Park"


def test_a_quote_in_a_dash_aside_after_the_cue_is_not_surely_the_speakers() -> None:
    text = (
        "Deputy Mayor Tom Berg claimed the board was open about the deal—never mind the "
        "fund’s stake, which was a secret “until the Gazette dug it out last week.”\n\n"
        "Tom Berg said — “We won the vote and we will build the pier.”\n"
    )
    quotes = _by_text(text)
    aside = quotes["until the Gazette dug it out last week."]
    assert "quote_after_dash" in aside.doubts
    assert aside.confidence < SURE
    # a dash that introduces the quote is no aside
    won = quotes["We won the vote and we will build the pier."]
    assert won.speaker == "Tom Berg" and won.confidence >= SURE


def test_one_of_a_group_is_never_a_key_quotes_speaker() -> None:
    text = (
        "The Courier talked to ferry buyers who were not worried about the delay. “We expect "
        "that and we planned for it months ago,” said one.\n"
    )
    quote = _by_text(text)["We expect that and we planned for it months ago"]
    assert quote.speaker == "one"
    assert "vague_speaker" in quote.doubts
    assert pick_key_quotes(find_quotes(text)) == ()


def test_a_platform_ending_a_phrase_is_not_the_speaker() -> None:
    text = (
        "A post by the Harbour Board on social media platform X said the crew played a role "
        "“in a calm and careful rescue at sea” on Monday.\n"
    )
    quote = _by_text(text)["in a calm and careful rescue at sea"]
    # X is where the post appeared; whoever is read as its speaker, not surely
    assert "name_in_phrase" in quote.doubts
    assert quote.confidence < SURE


def test_the_doctor_is_the_doctor_the_article_named() -> None:
    text = (
        "Dr. Ana Cole runs the clinic. The doctor said the ward is “full every night of the "
        "week.”\n"
    )
    quote = _by_text(text)["full every night of the week."]
    assert quote.speaker == "Ana Cole"
    assert quote.confidence < SURE


def test_an_ordinal_speaker_is_vague() -> None:
    text = "Staff wrote on the board. “We are the baddies now, it seems to me,” wrote a third.\n"
    quote = _by_text(text)["We are the baddies now, it seems to me"]
    assert "vague_speaker" in quote.doubts


def test_a_roundup_credit_carries_to_the_uncued_quotes_after_it() -> None:
    text = (
        "Ferry papers\n\n"
        "The digital age has killed a hundred harbour papers, said Lia Park in the Gazette. "
        "But at the Courier, “we are watching a murder in slow motion.” The owner cut the "
        "staff by half, and the rest “know exactly what comes next for them.”\n\n"
        "The Courier said nothing. Its owner “has other plans for the building,” Tom Berg "
        "said.\n"
    )
    quotes = _by_text(text)
    murder = quotes["we are watching a murder in slow motion."]
    assert murder.speaker == "Lia Park"
    assert murder.attributed_by == "paragraph_voice"
    assert murder.confidence < SURE  # never a key quote's speaker
    assert quotes["know exactly what comes next for them."].speaker == "Lia Park"
    # a quote with its own cue keeps it
    assert quotes["has other plans for the building"].speaker == "Tom Berg"


def test_the_team_is_the_team_the_article_said_someone_led() -> None:
    text = (
        "Storms in a tank\n\n"
        "Scientists led by Ana Cole of Harbour University have built storms in a tank.\n\n"
        "“We present a model in which three vortices are released into a tank,” the team "
        "said.\n\n"
        "Elsewhere, Tom Berg and his colleagues studied the tides.\n\n"
        "“The tides rise faster than we thought they would,” the researchers concluded.\n"
    )
    quotes = _by_text(text)
    tank = quotes["We present a model in which three vortices are released into a tank"]
    assert tank.speaker == "the team led by Ana Cole"
    assert quotes["The tides rise faster than we thought they would"].speaker == (
        "the team led by Tom Berg"
    )
    lone = _by_text("Tides\n\n“The tides rise faster than we thought,” the team said.\n")
    assert lone["The tides rise faster than we thought"].speaker == "the team"


# --- round 5: shapes read on feed set C after its blind run ---


def test_he_or_she_never_stands_for_an_outlet() -> None:
    text = (
        "Papers\n\n"
        "Tom Berg of the Harbour Review looked at the Courier’s plans and said the flaws are "
        "clear. “The bet on better papers was always the key to success, not print,” he wrote.\n"
    )
    quote = _by_text(text)["The bet on better papers was always the key to success, not print"]
    assert quote.speaker == "Tom Berg"


def test_a_sentence_running_on_after_a_one_word_quote_is_no_cue() -> None:
    text = (
        "Ferry\n\nTom Berg spoke at the pier. He urged people not to “mourn” the way things "
        "used to be and advised that “nostalgia is not a plan for the harbour.”\n"
    )
    quote = _by_text(text)["nostalgia is not a plan for the harbour."]
    assert quote.speaker == "Tom Berg"


def test_maintained_contact_is_an_act_and_maintained_that_is_speech() -> None:
    act = _by_text(
        "Ferry\n\nTom Berg maintained daily contact with the mayor “when many of his friends "
        "were abandoning him,” offering advice.\n"
    )["when many of his friends were abandoning him"]
    assert act.attributed_by != "head_cue" and act.confidence < SURE
    said = _by_text(
        "Ferry\n\nTom Berg maintained that the ferry was “safe in every storm we had this year.”\n"
    )["safe in every storm we had this year."]
    assert said.speaker == "Tom Berg" and said.attributed_by == "head_cue"


def test_an_office_named_after_the_verb_is_the_speaker() -> None:
    text = (
        "Bridge\n\n“This project has been a fine example of cooperation across the whole "
        "harbour,” said Ana Cole’s office in a statement to the Gazette.\n"
    )
    quote = _by_text(text)[
        "This project has been a fine example of cooperation across the whole harbour"
    ]
    assert quote.speaker == "Ana Cole’s office"


def test_a_quote_opening_a_sentence_that_goes_on_takes_the_cue_at_its_end() -> None:
    text = (
        "Ruling\n\nThe ruling “does not set a deadline for the pier,” the Courier said, but it "
        "stops more work. “Unless stayed by a higher court,” the order will remain until the "
        "judge “enters her final ruling,” the Gazette said.\n"
    )
    assert _by_text(text)["Unless stayed by a higher court"].speaker == "the Gazette"


def test_quoting_someone_gives_the_quote_to_them_not_surely() -> None:
    text = (
        "Museum\n\nQuoting Tom Berg, Lia Park wrote: “To reassure you, we are not removing the "
        "ferry from the timetable at all.”\n"
    )
    quote = _by_text(text)[
        "To reassure you, we are not removing the ferry from the timetable at all."
    ]
    assert quote.speaker == "Tom Berg"
    assert "speech_within_speech" in quote.doubts


def test_the_premier_is_the_pm_named_before() -> None:
    text = (
        "Visit\n\nPM Tom Berg visited the harbour. The premier stressed that the towns "
        "shared “long-standing friendly relations” with the islands.\n"
    )
    assert _by_text(text)["long-standing friendly relations"].speaker == "Tom Berg"


def test_a_named_speaker_before_the_quote_outranks_the_document_that_carries_it() -> None:
    text = (
        "Court\n\nKing Tom Berg said the acts “undermine efforts to restore calm at the "
        "harbour,” according to a statement released by the royal court.\n"
    )
    quote = _by_text(text)["undermine efforts to restore calm at the harbour"]
    assert quote.speaker == "Tom Berg"
    assert "second_source" in quote.doubts


def test_speech_within_speech_told_by_a_pronoun_stays_no_ones() -> None:
    text = "Ferry\n\nLia Park said he had told her: “We will never sell the ferry to anyone.”\n"
    assert _by_text(text)["We will never sell the ferry to anyone."].speaker is None


def test_a_body_named_in_full_before_is_shown_in_full_and_not_surely() -> None:
    text = (
        "Harbour report\n\n"
        "The 2025 Harbour Safety Report was published in January.\n\n"
        "What the report says\n"
        "“Over the past year, the ferries have run later than at any time since 1990,” the "
        "report reads.\n\n"
        "Indonesia’s foreign ministry welcomed it. “We reject every plan to close the "
        "crossing,” the ministry said.\n"
    )
    quotes = _by_text(text)
    report = quotes["Over the past year, the ferries have run later than at any time since 1990"]
    assert report.speaker == "the Harbour Safety Report"
    assert report.confidence < SURE  # read from an earlier mention: not a key quote's speaker
    assert quotes["We reject every plan to close the crossing"].speaker == (
        "Indonesia’s foreign ministry"
    )
    # nothing named in full: the description stays as written, and stays sure
    lone = _by_text("Harbour\n\n“We will look again at the whole plan,” the ministry said.\n")
    assert lone["We will look again at the whole plan"].speaker == "the ministry"


def test_an_aged_description_is_the_person_just_written_about() -> None:
    text = (
        "Resignation\n\n"
        "The harbour’s interim leader Ana Cole stepped down on Monday in a farewell speech.\n"
        "“Today, the interim board is stepping down for good,” the 85-year-old former "
        "captain said.\n"
    )
    quote = _by_text(text)["Today, the interim board is stepping down for good"]
    assert quote.speaker == "Ana Cole"
    assert quote.role == "85-year-old former captain"
    assert quote.confidence < SURE


def test_a_name_after_an_inverted_verb_is_who_she_stands_for_next() -> None:
    text = (
        "Race\n\nWhether Tom Berg and the likes of Dan Ruiz will act is in doubt, said Ana "
        "Cole, co-director of the Harbour Institute.\n"
        "“Even the much-touted pledges have largely been narrow frameworks,” she said.\n"
    )
    quote = _by_text(text)["Even the much-touted pledges have largely been narrow frameworks"]
    assert quote.speaker == "Ana Cole"


def test_a_described_person_named_in_apposition_is_shown_by_name() -> None:
    text = (
        "Hospital\n\nThe girl was hurt.\n“This does not even feel real,” Maya’s mother, Cia "
        "Edmonds, wrote in a note on the page.\n"
    )
    quote = _by_text(text)["This does not even feel real"]
    assert quote.speaker == "Cia Edmonds"
    assert quote.role == "Maya’s mother"


def test_a_given_name_spelt_like_an_acronym_is_a_person() -> None:
    from bot.enrich.names import is_organisation

    assert not is_organisation("Cia Edmonds")
    assert not is_organisation("Ice Cube")
    assert is_organisation("the CIA") and is_organisation("ICE") and is_organisation("Reuters")


def test_a_noun_phrase_holding_a_verb_and_its_object_is_no_speaker() -> None:
    text = (
        "Apps\n\nStill, the harbour company celebrated the newly announced changes as the "
        "“most significant update to ferry tickets” since 2024.\n\n"
        "Cole is one state closer than Berg, who will not close the gap by merely “picking up "
        "votes in all” the rest of the towns.\n"
    )
    speakers = {q.speaker for q in find_quotes(text)}
    assert "the newly" not in speakers
    assert not any(s and s.endswith((" the", " of the")) for s in speakers)
    assert "the harbour company" in speakers


def test_a_company_or_a_statement_by_kind_alone_is_not_a_sure_speaker() -> None:
    text = (
        "Ferry\n\n“We will appeal this order to defend the crossing,” the statement concluded.\n\n"
        "“Women riders told us they want the option,” the company said in its announcement.\n"
    )
    for quote in find_quotes(text):
        assert "unnamed_body" in quote.doubts
        assert quote.confidence < SURE
    assert pick_key_quotes(find_quotes(text)) == ()


def test_a_name_in_a_parenthetical_aside_is_not_who_he_stands_for() -> None:
    text = (
        "Work\n\nFather Tom Berg is troubled by job losses. (Dan Ruiz, for example, has "
        "predicted that work will be rendered “optional” by machines.) “The church says labor "
        "matters not only for what it produces,” he says.\n"
    )
    quote = _by_text(text)["The church says labor matters not only for what it produces"]
    assert quote.speaker == "Tom Berg"


# --- round 6 ---


def test_words_owned_by_a_noun_between_cue_and_quote_are_the_owners() -> None:
    text = (
        "Ferry\n\nSeveral islanders told the Gazette they were emboldened by Tom Berg’s "
        "repeated warnings, dating back to Jan. 2, that if the board cut the ferry, “We are "
        "locked and loaded and ready to go.”\n\n"
        "Park’s aide Ana Cole said Thursday that Tom Berg’s claim that Park favours the plan is "
        "“simply not true.”\n"
    )
    quotes = _by_text(text)
    warned = quotes["We are locked and loaded and ready to go."]
    assert warned.speaker == "Tom Berg"
    assert "speech_within_speech" in warned.doubts
    # what she says of his claim is hers
    assert quotes["simply not true."].speaker != "Tom Berg"


def test_the_team_is_found_a_long_way_back() -> None:
    filler = "The core is made of iron and other elements, the models say. " * 45
    text = (
        "Core\n\n“Hydrogen has long been a candidate for the deficit,” said researchers led by "
        f"Dana Huang of Harbour University.\n\n{filler}\n\n"
        "“This is a somewhat less hydrogen-rich core than thought,” the team said in the study.\n"
    )
    quote = _by_text(text)["This is a somewhat less hydrogen-rich core than thought"]
    assert quote.speaker == "the team led by Dana Huang"
