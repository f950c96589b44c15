"""Issue 19, round 3: shapes where a sure attribution went wrong on PolNeAR train (the part
tuned on), each on an article written for it, and the named doubts `--explain` prints
(docs/enrich.md, "Issue 19, round 3")."""

from __future__ import annotations

from bot.enrich.explain import explain_quotes
from bot.enrich.quote_rules import DOUBTS, SURE
from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find_quotes(text)}


OPENING_CLAUSE = (
    "Ferry row at the harbour meeting\n\n"
    "After Lia Park said that families who could not pay the fares might do better on "
    "“the old ferry,” Tom Berg said the council would never agree.\n\n"
    "When someone in the crowd shouted, “Sell it,” Berg joked about the price of scrap.\n\n"
    "Though the council cannot check every ticket it sells, “the fares are fair and they "
    "will stay,” Berg said.\n"
)


def test_a_quote_inside_an_opening_clause_is_not_the_main_clause_speakers() -> None:
    quotes = _by_text(OPENING_CLAUSE)
    # the clause's own subject said it: hers, though not sure enough for a key quote
    ferry = quotes["the old ferry"]
    assert ferry.speaker == "Lia Park"
    assert ferry.attributed_by == "opening_clause"
    assert "opening_clause_subject" in ferry.doubts
    assert ferry.confidence < SURE
    # someone unnamed shouted it: kept as a quote, given to no one rather than to Berg
    shout = quotes["Sell it"]
    assert shout.speaker is None
    # a quote right after the clause's closing comma is the main clause's: still Berg's, sure
    fares = quotes["the fares are fair and they will stay"]
    assert fares.speaker == "Tom Berg"
    assert fares.confidence >= SURE
    assert fares.doubts == ()


def test_every_doubt_a_quote_carries_is_named_and_explained() -> None:
    quotes = find_quotes(OPENING_CLAUSE)
    lines = explain_quotes(quotes)
    named = [d for q in quotes for d in q.doubts]
    assert named and set(named) <= set(DOUBTS)
    doubt = DOUBTS["opening_clause_subject"]
    assert f"    doubt: opening_clause_subject (x{doubt.factor:.2f}): {doubt.example}" in lines
    # the product of the doubts is what the confidence lost
    ferry = next(q for q in quotes if q.text == "the old ferry")
    assert ferry.confidence < 0.9 * doubt.factor + 1e-9


REPORTED = (
    "Ferry captain in court\n\n"
    "The ferry sank off the point in March. The captain, Tom Berg, is expected in court on "
    "Monday. Harbour police sources have said he said “no more cheap repairs, ever again” in "
    "an interview after the wreck.\n\n"
    "Lia Park said she told the harbour board: “We will not wait for the insurers.”\n\n"
    "But, said Park, “the board has to find the money itself this winter.”\n\n"
    "Mayor Lia Park said Tom Berg, the ferry's captain, had told her, “The engine will not "
    "last another winter.”\n"
)


QUOTING = (
    "Senator defends harbour bill\n\n"
    "Her rival, Rep. Owen Brask, said Lund was “selling the port to her donors.” Brask, "
    "quoting a union leader, told reporters the bill was “a slow death for the docks.”\n"
)


def test_a_speaker_quoting_someone_else_in_an_aside_is_not_sure() -> None:
    quotes = _by_text(QUOTING)
    assert quotes["selling the port to her donors."].confidence >= SURE
    quoted = quotes["a slow death for the docks."]
    assert "speech_within_speech" in quoted.doubts
    assert quoted.confidence < SURE


def test_a_cue_inside_another_sources_report_is_not_sure() -> None:
    quotes = _by_text(REPORTED)
    inner = quotes["no more cheap repairs, ever again"]
    assert "speech_within_speech" in inner.doubts
    assert inner.confidence < SURE
    # her own report of her own words, and an inverted "said Park": sure, no doubt
    own = quotes["We will not wait for the insurers."]
    assert own.speaker == "Lia Park" and own.confidence >= SURE
    assert "speech_within_speech" not in own.doubts
    inverted = quotes["the board has to find the money itself this winter."]
    assert inverted.speaker == "Lia Park" and inverted.confidence >= SURE
    # his words as she tells them: his, but not sure (a name then a comma is not an inverted
    # cue when the name's own verb follows)
    engine = quotes["The engine will not last another winter."]
    assert engine.speaker == "Tom Berg"
    assert "speech_within_speech" in engine.doubts and engine.confidence < SURE


CROWD = (
    "Mayor's last rally\n\n"
    "Walking into the hall to chants of “Lia! Lia!,” Mayor Lia Park said her campaign was "
    "closing strong.\n\n"
    "To a question on the “sale of the ferry service,” Park said private firms can cost more "
    "than the town's own crews.\n\n"
    "Park spoke just down the road from the ferry office — now owned by Sam Reed — where "
    "about 50 protesters had gathered on Monday morning, chanting “no ferry, no vote” as she "
    "arrived.\n\n"
    "Her supporters responded with chants of “four more years” as she left.\n"
)


def test_words_chanted_or_asked_by_others_are_not_the_speakers() -> None:
    quotes = _by_text(CROWD)
    # the crowd's and the asker's words: kept as quotes, given to no one
    assert quotes["Lia! Lia!"].speaker is None
    assert quotes["sale of the ferry service"].speaker is None
    assert quotes["no ferry, no vote"].speaker is None
    # the subject's own chants are still theirs
    assert quotes["four more years"].speaker is not None


NEW_SUBJECT = (
    "Ferry sale fight\n\n"
    "Dana Cole led the fight against the sale, and within weeks the campaign had sent "
    "letters to voters, hired lawyers and placed newspaper ads calling the plan a "
    "“$25 million mistake for the island.”\n\n"
    "Tom Berg sent letters to voters calling the plan “the best deal the island has had.”\n"
)


def test_a_new_subject_between_the_speaker_and_the_quote_makes_it_unsure() -> None:
    quotes = _by_text(NEW_SUBJECT)
    ads = quotes["$25 million mistake for the island."]
    assert "new_subject_between" in ads.doubts
    assert ads.confidence < SURE
    assert quotes["the best deal the island has had."].confidence >= SURE


ACCORDING = (
    "Island party claims the vote\n\n"
    "Ida Venn, a member of the party's board, said on Tuesday that according to its count, "
    "the party has won most of the seats, but “we are still counting the votes.”\n\n"
    "According to harbour pool reports, Lia Park said “there is hope for the ferry” after "
    "the vote.\n\n"
    "According to The Harbour Gazette, the boats were flying flags that read “Keep the ferry "
    "running.”\n\n"
    "According to the Portmere Gazette, Tom Berg told the crew on Tuesday that “nobody's job "
    "is safe.”\n"
)


def test_according_to_chains() -> None:
    quotes = _by_text(ACCORDING)
    # "according to its count" is what she goes by: the quote is hers, sure
    counting = quotes["we are still counting the votes."]
    assert counting.speaker == "Ida Venn"
    assert counting.confidence >= SURE
    # a report relaying her words opens the sentence: a second source, not sure
    relayed = quotes["there is hope for the ferry"]
    assert relayed.speaker == "Lia Park"
    assert "second_source" in relayed.doubts and relayed.confidence < SURE
    # the Gazette as the cue itself is not a second source
    gazette = quotes["Keep the ferry running."]
    assert "second_source" not in gazette.doubts
    # Berg speaks inside what the Gazette reports: relayed, so never sure
    relayed_words = quotes["nobody's job is safe."]
    assert "relayed_speech" in relayed_words.doubts
    assert relayed_words.confidence < SURE


NEARER_SUBJECT = (
    "Pier sketch\n\n"
    "“Who can remember how many ferries we lost?” Park asks as a harbour clerk walks in "
    "front of her, saying he is “here to fix the seven holes in the pier.”\n\n"
    "Berg said Park “would have no chance to win,” the source recalled, adding that Berg "
    "said of his plan: “I am going to build it. And it is going to work.”\n"
)


def test_a_nearer_subject_or_a_reporter_between_cue_and_quote_makes_it_unsure() -> None:
    quotes = _by_text(NEARER_SUBJECT)
    # the clerk is saying it, not Park: whoever it goes to, it is not sure
    clerk = quotes["here to fix the seven holes in the pier."]
    assert "new_subject_between" in clerk.doubts and clerk.confidence < SURE
    assert quotes["Who can remember how many ferries we lost?"].confidence >= SURE
    # the source's account of what Berg said
    plan = quotes["I am going to build it. And it is going to work."]
    assert plan.speaker == "Berg"
    assert "speech_within_speech" in plan.doubts and plan.confidence < SURE


ASIDE = (
    "Ferry rally\n\n"
    "Tom Berg took the stage last. He said, “Lia Park will fix the pier” - at which point the "
    "crowd chanted “Fix the pier!” - “and bring the ferry back to the island.”\n"
)


def test_a_quote_going_on_past_an_aside_keeps_the_first_speaker() -> None:
    quotes = _by_text(ASIDE)
    assert quotes["Lia Park will fix the pier"].speaker == "Tom Berg"
    assert quotes["Fix the pier!"].speaker == "the crowd"
    # the words after the aside go on from his, not from the crowd's chant
    assert quotes["and bring the ferry back to the island."].speaker == "Tom Berg"


REPORTS_ON = (
    "Island school to close\n\n"
    "Principal Ana Ruiz met parents on Monday. Ruiz, who has run the school since 2009, said "
    "a parent had asked her, “Where will my children go?” She said she had no answer.\n\n"
    "Tom Berg spoke at the pier on Monday: “A ferry is a promise.” He said the promise had "
    "been broken by the council.\n\n"
    "“Ready?” She asked.\n"
)


def test_a_sentence_reporting_more_speech_is_not_the_tag_of_the_quote_before() -> None:
    quotes = _by_text(REPORTS_ON)
    # the parent's words, as Ruiz tells them: not Ruiz's, and not sure
    parent = quotes["Where will my children go?"]
    assert parent.speaker != "Ana Ruiz"
    assert parent.confidence < SURE
    # "He said the promise ..." is a sentence of its own: the cue is "Tom Berg spoke ...:"
    promise = quotes["A ferry is a promise."]
    assert promise.speaker == "Tom Berg"
    assert promise.attributed_by == "head_cue"
    # a bare tag after a question mark is still the quote's cue
    assert quotes["Ready?"].attributed_by == "tail_cue"


CLAUSE_NAME = (
    "Guards charged\n\n"
    "Tom Berg, who represents the guard, said his client would fight the charges.\n\n"
    "Berg declined to address whether Ruiz slept on the job on the night Dan Ruiz died. "
    "“When all the evidence is presented, you will see what happened,” he said.\n"
)


def test_a_name_inside_a_clause_is_not_who_he_stands_for() -> None:
    # "whether Ruiz slept", "on the night Dan Ruiz died": clauses, not the sentence's subject;
    # "he" is Berg, who spoke (and, past another name, not sure)
    quote = _by_text(CLAUSE_NAME)["When all the evidence is presented, you will see what happened"]
    assert quote.speaker == "Tom Berg"
    assert quote.confidence < SURE


PHRASE = (
    "Study finds ferry fumes harm children\n\n"
    "The authors of the research published in the journal Harbour Medicine argued that the "
    "fumes are “a public health concern for every child on the island.”\n\n"
    "According to the Gazette, one passenger on the morning boat, which is the busiest of the "
    "day, posted: “I just want to know why nobody fixed the engine.”\n\n"
    "Researchers at Portmere University said the results were “alarming for the island.”\n"
)


def test_a_journal_or_an_outlet_is_not_sure_for_its_authors_or_posters_words() -> None:
    quotes = _by_text(PHRASE)
    # the authors argued it; the journal only closes the phrase before the verb
    fumes = quotes["a public health concern for every child on the island."]
    assert "name_in_phrase" in fumes.doubts and fumes.confidence < SURE
    # a passenger's post, as the Gazette relays it
    post = quotes["I just want to know why nobody fixed the engine."]
    assert "relayed_speech" in post.doubts and post.confidence < SURE
    assert quotes["alarming for the island."].confidence >= SURE


NAMED_INSIDE = (
    "Delegates weigh the ferry vote\n\n"
    "Portmere’s Ada Venn, one of the island's delegates, said Lia Park will win over the "
    "harbour towns too. “I think Lia Park will do quite fine. I think she will do great "
    "things,” she said.\n\n"
    "The plan was backed on Friday by Ida Moss, the harbour master, who said none of the "
    "money came from Lia Park.\n\n"
    "“It has never made sense to me that Mayor Lia Park can be held responsible for it,” "
    "she said.\n\n"
    "Lia Park spoke last. “We will keep the ferry running,” she said.\n"
)


def test_a_pronoun_is_not_sure_for_someone_the_quote_names_in_the_third_person() -> None:
    quotes = _by_text(NAMED_INSIDE)
    # Venn and Moss speak of Park: "she" read as Park is not sure
    for text in (
        "I think Lia Park will do quite fine. I think she will do great things",
        "It has never made sense to me that Mayor Lia Park can be held responsible for it",
    ):
        quote = quotes[text]
        assert quote.speaker != "Lia Park" or "named_in_own_quote" in quote.doubts
        assert quote.speaker != "Lia Park" or quote.confidence < SURE
    # Park's own words, which do not name her: sure
    assert quotes["We will keep the ferry running"].speaker == "Lia Park"
    assert quotes["We will keep the ferry running"].confidence >= SURE
