"""Issue 19, round 7: key quotes only with a speaker a reader can place, and a roundup's
credit in any of its written forms (docs/enrich.md, "Issue 19, round 7"). Each article is
written for its test and fails on the code before the round."""

from __future__ import annotations

from bot.enrich.keyquotes import pick_key_quotes, placeable
from bot.enrich.names import is_only_a_place
from bot.enrich.quote_rules import SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find_quotes(text)}


def _keys(text: str) -> tuple[Quote, ...]:
    title, _, body = text.partition("\n")
    return pick_key_quotes(find_quotes(text), summary=body[:400], title=title)


def test_a_bare_description_is_never_a_key_quotes_speaker() -> None:
    text = (
        "Harbour premier backs new ferry deal\n\n"
        "The harbour premier on Monday backed the new ferry deal with the island council.\n\n"
        "“Here, the islands can be a great partner, giving the mainland a ferry that runs "
        "every day of the year,” the premier said.\n\n"
        "“They discussed the ferry timetable, the new pier and the price of a ticket for the "
        "winter,” a spokesperson said.\n"
    )
    quotes = _by_text(text)
    premier = quotes[
        "Here, the islands can be a great partner, giving the mainland a ferry that runs "
        "every day of the year"
    ]
    # the attribution itself is kept (a reader of the article sees who is meant) ...
    assert premier.speaker is not None and premier.confidence >= SURE
    # ... but a post cannot show "— the premier" or "— a spokesperson" as who said it
    assert not placeable(premier)
    assert _keys(text) == ()


def test_a_description_that_names_the_body_is_shown_but_is_no_key_quote() -> None:
    # (round 7 let such a description be a key quote; round 10 does not: on the feed sets
    # read, one description key quote in six had another speaker)
    text = (
        "Ferry firm to cut winter sailings\n\n"
        "The ferry firm will cut its winter sailings to the outer islands from January.\n\n"
        "“We will run two sailings a day instead of four, because the winter ferry loses "
        "money on every trip,” a spokesperson for Harbour Ferries said.\n"
    )
    [quote] = find_quotes(text)
    assert quote.speaker == "a spokesperson for Harbour Ferries"
    assert _keys(text) == ()


def test_a_country_alone_is_not_a_key_quotes_speaker() -> None:
    text = (
        "Iran says talks on the ferry treaty are more realistic\n\n"
        "Iran said on Monday that the talks on the ferry treaty “have moved towards a far "
        "more realistic position on both sides”, a day before the next round.\n\n"
        "“We came to Geneva with serious ideas and we will leave with an agreement,” said "
        "Lia Park, who leads the harbour delegation.\n"
    )
    quotes = _by_text(text)
    country = quotes["have moved towards a far more realistic position on both sides"]
    assert country.speaker == "Iran"
    keys = _keys(text)
    assert [q.speaker for q in keys] == ["Lia Park"]


def test_a_country_alone_is_only_a_place() -> None:
    assert is_only_a_place("Iran") and is_only_a_place("the Ukraine")
    assert not is_only_a_place("the Washington Post") and not is_only_a_place("Lia Park")


def test_a_roundup_credit_after_the_closing_mark_carries_on() -> None:
    text = (
        "Ferry papers\n\n"
        "“The first signs of the end might look a lot like the new ferry,” said Lia Park in "
        "the Gazette. Built in a hurry, the ferry is said to be “a genuinely fascinating "
        "experiment in cutting corners.” The crew meanwhile has “not had a single day off "
        "since the spring.”\n"
    )
    quotes = _by_text(text)
    assert quotes["The first signs of the end might look a lot like the new ferry"].speaker == (
        "Lia Park"
    )
    assert quotes["a genuinely fascinating experiment in cutting corners."].speaker == "Lia Park"
    tired = quotes["not had a single day off since the spring."]
    assert tired.speaker == "Lia Park"
    assert tired.attributed_by == "paragraph_voice" and tired.confidence < SURE


def test_a_roundup_credit_with_no_outlet_carries_on() -> None:
    text = (
        "How to run a ferry\n\n"
        "A “lot of ferries do not make a second season,” and running one “can feel like a "
        "chore,” says Tom Berg. There is a “scriptedness to a timetable in a small harbour,” "
        "a “dance that nobody choreographed but everybody knows.”\n"
    )
    quotes = _by_text(text)
    dance = quotes["dance that nobody choreographed but everybody knows."]
    assert dance.speaker == "Tom Berg" and dance.attributed_by == "paragraph_voice"


def test_the_company_is_the_headline_company_named_last_before_it() -> None:
    text = (
        "Island riders sue Harbourline and Seaway over ferry seats\n\n"
        "Riders of Harbourline and Seaway ferries are suing both firms over reserved seats.\n\n"
        "The lawsuit accuses Harbourline and Seaway of breaking the island’s transport law.\n\n"
        "Seaway did not answer. Harbourline announced the reserved seats in July.\n\n"
        "“Across the islands, riders have told us they want a seat they can count on,” the "
        "company said in its announcement.\n"
    )
    quote = _by_text(text)[
        "Across the islands, riders have told us they want a seat they can count on"
    ]
    assert quote.speaker == "Harbourline"
    # read as the company named, never surely: a post does not show it as a key quote
    assert "description_for_name" in quote.doubts and quote.confidence < SURE


def test_the_company_stays_as_written_when_the_headline_names_no_company() -> None:
    text = (
        "Ferry seats to be reserved from July\n\n"
        "Ferry riders will be able to reserve a seat from July, the operator said.\n\n"
        "“Across the islands, riders have told us they want a seat they can count on,” the "
        "company said.\n"
    )
    quote = _by_text(text)[
        "Across the islands, riders have told us they want a seat they can count on"
    ]
    assert quote.speaker == "the company"


def test_he_in_someones_speech_is_the_speechs_owner() -> None:
    text = (
        "Ferry row\n\n"
        "Tom Berg lashed out at the islands after taking umbrage at Sam Reed’s own harbour "
        "speech, during which he boldly stated that the old ferry is “not coming back.”\n\n"
        "Berg was answering Dan Ruiz’s speech from the day before, during which he said the "
        "pier will always be “a child of the harbour.”\n"
    )
    quotes = _by_text(text)
    assert quotes["not coming back."].speaker == "Sam Reed"
    assert quotes["a child of the harbour."].speaker == "Dan Ruiz"
    # the speech of a woman is not what "he" speaks in: the sentence's subject still is
    other = _by_text(
        "Ferry row\n\n"
        "Tom Berg answered Ana Cole’s speech from the day before, during which he said the "
        "pier will always be “a child of the harbour.”\n"
    )
    assert other["a child of the harbour."].speaker == "Tom Berg"


def test_a_new_clause_after_a_quote_is_not_its_cue() -> None:
    text = (
        "Ferry study\n\n"
        "Many writers condemned the ferry study. The Gazette’s Ana Cole argued that it "
        "reminds us that “the ferry board trades in timetables, not people,” and both Tom "
        "Berg of the Courier and Dan Ruiz of the Herald warned that the study was unfair.\n"
    )
    quote = _by_text(text)["the ferry board trades in timetables, not people"]
    assert quote.speaker == "Ana Cole"
    # a cue after the quote still is one: "“...,” and Berg said so"
    plain = _by_text("Ferry study\n\n“The ferry is late again,” Tom Berg warned.\n")
    assert plain["The ferry is late again"].speaker == "Tom Berg"


def test_he_after_a_described_speaker_is_that_speaker_and_no_key_quote() -> None:
    text = (
        "Who will lead the harbour\n\n"
        "It is hard to tell how much support Sam Reed has on the islands.\n\n"
        "“My view is that Sam Reed is simply the man to lead the harbour board out of this "
        "mess,” a resident of the outer island, who heeded Reed’s calls to protest, told the "
        "Gazette. He added that he “would not mind if Reed becomes the next harbour master.”\n"
    )
    quote = _by_text(text)["would not mind if Reed becomes the next harbour master."]
    assert quote.speaker == "a resident of the outer island"
    assert not placeable(quote)
    assert all(q.speaker != "Sam Reed" for q in _keys(text))


def test_is_description() -> None:
    from bot.enrich.names import is_description

    assert is_description("a resident of Shiraz") and is_description("Another employee")
    assert is_description("the premier") and is_description("officials")
    assert not is_description("Lia Park") and not is_description("Harbour Ferries")


def test_a_headline_run_of_capitals_is_no_second_person_of_that_surname() -> None:
    from bot.enrich.names import NameRegistry

    text = (
        "Islanders count on the harbour president\n\n"
        "Islanders are counting on President Tom Berg to step in.\n\n"
        "Read more: Inside the Islands, Protesters Urge Berg to Act\n\n"
        "Many protesters stayed home this week.\n\n"
        "Berg has been reluctant to back the islanders, however. “They seem very nice, but I "
        "don’t know how the pier would play in the town,” the president said.\n"
    )
    assert NameRegistry.from_text(text).resolve("Berg") == "Tom Berg"
    quote = _by_text(text)[
        "They seem very nice, but I don’t know how the pier would play in the town"
    ]
    assert quote.speaker == "Tom Berg"
    # a name that opens on a word the text writes in lower case elsewhere only when it is a
    # given name: "Will Reed" stays a person even where "will" is a word
    kept = NameRegistry.from_text("Will Reed said the ferry will run.\n")
    assert "Will Reed" in kept.names


def test_a_documents_words_go_to_its_author_when_the_article_says_who() -> None:
    text = (
        "Mayor shares note on the pier\n\n"
        "Tom Berg shared a message from Mayor Lia Park on Monday.\n\n"
        "“My friend, we are totally in line on the pier. We can do great things together,” "
        "the message read.\n\n"
        "“We are sorry for the delays on every crossing this winter,” said a statement from "
        "Harbour Ferries.\n\n"
        "“The pier will open in May,” a statement said.\n"
    )
    quotes = _by_text(text)
    note = quotes["My friend, we are totally in line on the pier. We can do great things together"]
    assert note.speaker == "Lia Park"
    assert note.confidence < SURE  # read from elsewhere: never a key quote's speaker
    sorry = quotes["We are sorry for the delays on every crossing this winter"]
    assert sorry.speaker == "Harbour Ferries"
    # whose statement, the article does not say
    assert quotes["The pier will open in May"].speaker == "a statement"


def test_a_name_inside_a_quote_is_not_who_the_next_pronoun_stands_for() -> None:
    text = (
        "Harbour ban ruled unlawful\n\n"
        "Harbour Secretary Ana Cole intends to fight the ruling.\n\n"
        "“Backing the islands is not the same as backing Harbour Action,” said Cole. “The "
        "court has found that Harbour Action has carried out acts of sabotage.”\n\n"
        "“I am disappointed by the court’s decision and disagree with it,” she argued.\n"
    )
    quote = _by_text(text)["I am disappointed by the court’s decision and disagree with it"]
    assert quote.speaker == "Ana Cole"


def test_a_rulings_words_are_the_court_the_article_named() -> None:
    text = (
        "Harbour ban ruled unlawful\n\n"
        "The council’s ban on Harbour Action has been deemed unlawful by the Island High "
        "Court.\n\n"
        "“At its core, Harbour Action is a group that promotes its cause through sabotage,” "
        "the ruling stated.\n"
    )
    quote = _by_text(text)[
        "At its core, Harbour Action is a group that promotes its cause through sabotage"
    ]
    assert quote.speaker == "the Island High Court" and quote.confidence < SURE
    # two courts named before it: whose ruling, no guess
    two = text.replace("Court.\n\n", "Court, overturning the Harbour District Court.\n\n")
    quote = _by_text(two)[
        "At its core, Harbour Action is a group that promotes its cause through sabotage"
    ]
    assert quote.speaker == "the ruling"


def test_echoes_and_reflected_are_cues_after_a_quote() -> None:
    text = (
        "Harbour housing\n\n"
        "Tom Berg says the waiting list has doubled.\n\n"
        "“What used to take me 45 days to house somebody is taking me 90,” echoes Lia Park. "
        "“Even if I had the money, where would I put them?”\n\n"
        "“I feel like in life sometimes,” Dan Ruiz reflected, “you do everything right and it "
        "doesn’t go your way.”\n\n"
        "The new pier reflects an improvement on the old one, the “best in a generation.”\n"
    )
    quotes = _by_text(text)
    assert quotes["What used to take me 45 days to house somebody is taking me 90"].speaker == (
        "Lia Park"
    )
    assert quotes["Even if I had the money, where would I put them?"].speaker == "Lia Park"
    assert quotes["I feel like in life sometimes"].speaker == "Dan Ruiz"
    assert quotes["you do everything right and it doesn’t go your way."].speaker == "Dan Ruiz"
    # "reflects" with an object is no speech verb
    assert all(q.speaker != "The new pier" for q in quotes.values())


def test_according_to_closing_the_sentence_names_who_said_a_partial_quote() -> None:
    text = (
        "Ferry fares\n\n"
        "The fare cut did “not go anywhere near enough” to help the islanders, according to "
        "Harbour Secretary Lia Park.\n\n"
        "The Island Party, which said the plan was meant to make sure that “no one "
        "complains” about the council, opposed it, according to the Gazette.\n"
    )
    quotes = _by_text(text)
    assert quotes["not go anywhere near enough"].speaker == "Lia Park"
    # a speech verb of the sentence's own comes first: the Gazette relays the party's words
    complains = quotes.get("no one complains")
    assert complains is None or complains.speaker != "the Gazette"


def test_the_outlet_is_the_outlet_the_article_credited_last() -> None:
    text = (
        "Ferry fares\n\n"
        "Forty thousand islanders use the ferry app, according to a report first shared "
        "with the Harbour Courier.\n\n"
        "“Riders use the app to check fares, spot delays and plan the trip home,” the outlet "
        "reported.\n\n"
        "“The app is a lifeline for the outer islands,” Tom Berg said to Lia Park.\n\n"
        "“It will need a new server by spring,” the paper said.\n"
    )
    quotes = _by_text(text)
    first = quotes["Riders use the app to check fares, spot delays and plan the trip home"]
    assert first.speaker == "Harbour Courier" and first.confidence < SURE
    # a person the quote was said to is no outlet: the Courier is still the last one
    assert quotes["It will need a new server by spring"].speaker == "Harbour Courier"


def test_a_roundup_credit_to_an_editorial_board_carries_on() -> None:
    text = (
        "Ferry talks\n\n"
        "The council is “dragging out the ferry talks, making every crossing dearer,” says "
        "the Harbour Gazette editorial board. More “pressure on the owners would have an "
        "impact,” and the town should “stop paying for empty sailings.”\n"
    )
    quotes = _by_text(text)
    pressure = quotes["pressure on the owners would have an impact"]
    assert pressure.speaker == "the Harbour Gazette editorial board"
    assert pressure.confidence < SURE


def test_the_company_reads_the_title_when_the_text_is_the_body_alone() -> None:
    from bot.enrich import enrich_article

    body = (
        "Riders of Harbourline and Seaway ferries are suing both firms over reserved seats.\n\n"
        "Seaway did not answer. Harbourline announced the reserved seats in July.\n\n"
        "“Across the islands, riders have told us they want a seat they can count on,” the "
        "company said in its announcement.\n"
    )
    done = enrich_article("Island riders sue Harbourline and Seaway over seats", body)
    speakers = {q.text: q.speaker for q in done.quotes}
    said = "Across the islands, riders have told us they want a seat they can count on"
    assert speakers[said] == "Harbourline"
