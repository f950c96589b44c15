"""Issue 19, round 9: read on set P1 (corpus pages annotated this round; docs/enrich.md, "Issue
19, round 9"). Each article is written for its test and fails on the code before the round."""

from __future__ import annotations

from bot.enrich.quotes import find_quotes
from bot.enrich.types import Quote


def _by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find_quotes(text)}


def test_a_pronoun_stands_for_someone_named_before_it_not_after_it() -> None:
    # "He said Berg would ...": the "he" is the lawyer the paragraph is about; Berg, named
    # after the pronoun, is who he talks about
    text = (
        "Ferry crew charged over sinking\n\n"
        "“We hope to reach a fair agreement in this case,” said Ana Cole, who represents the "
        "first mate.\n\n"
        "Dan Ruiz, who represents Tom Berg, said his client would not take a plea deal. He "
        "said Berg is a single father of three, and a guilty plea would “ruin his life and "
        "the lives of his children.”\n"
    )
    quote = _by_text(text)["ruin his life and the lives of his children."]
    assert quote.speaker == "Dan Ruiz"


def test_a_clause_the_speaker_goes_on_with_is_no_cue_for_the_quote() -> None:
    # "..., adding that Park's family had asked ...": Morrison's own clause; "Park had asked"
    # is what he reports, not who said the quote
    text = (
        "Ferry hostages freed\n\n"
        "Lia Park and Tom Berg were freed on Monday after three years.\n\n"
        "Prime Minister Scott Morrison said in a statement, “We are profoundly pleased and "
        "relieved” at the release, adding that Park had asked for privacy.\n"
    )
    quote = _by_text(text)["We are profoundly pleased and relieved"]
    assert quote.speaker == "Scott Morrison"


def test_the_statement_is_the_words_of_whoever_issued_it() -> None:
    text = (
        "Harbour Records answers singer\n\n"
        "On Monday, Harbour Records issued a statement about the singer's concert.\n\n"
        "“It should be noted that singers do not need our approval to perform,” the statement "
        "continued.\n\n"
        "“We were shocked to read her posts,” the statement read.\n"
    )
    quotes = _by_text(text)
    continued = quotes["It should be noted that singers do not need our approval to perform"]
    assert continued.speaker == "Harbour Records"
    assert quotes["We were shocked to read her posts"].speaker == "Harbour Records"


def test_a_persons_first_name_in_the_headline_is_no_company() -> None:
    # "the production company" in a story headlined on Taylor Swift is not "Taylor"
    text = (
        "Harbour Records in feud with Taylor Swift over concert\n\n"
        "Taylor Swift said on Thursday that her old label had blocked her concert. Fans of "
        "Taylor Swift filled the harbour square on Friday.\n\n"
        "“At no time did we agree to a statement about the concert,” the production company "
        "said in a separate statement.\n"
    )
    quote = _by_text(text)["At no time did we agree to a statement about the concert"]
    assert quote.speaker != "Taylor"


def test_an_epithet_is_the_person_the_story_is_about_when_just_quoted() -> None:
    text = (
        "Lia Park leaves the harbour talent show\n\n"
        "“We lost the final, and it hurt more than I can say,” Lia Park said.\n\n"
        "“You never know why these things happen,” said the singer. “It makes you more "
        "human.”\n"
    )
    quotes = _by_text(text)
    said = quotes["You never know why these things happen"]
    assert said.speaker == "Lia Park"
    # read from elsewhere: never sure, so never a key quote's speaker
    assert "description_for_name" in said.doubts
    assert quotes["It makes you more human."].speaker == "Lia Park"


def test_an_epithet_is_no_one_named_when_someone_else_came_in_between() -> None:
    # "said the designer" after another designer was brought in is that other person,
    # whom the article does not name, not the star of the headline
    text = (
        "Lia Park champions working mothers\n\n"
        "“Every mother deserves paid leave,” Lia Park said at the launch.\n\n"
        "Not everyone at her label agrees that it has done enough.\n\n"
        "A designer at the label said she had to burn her holidays after her son was born.\n\n"
        "“It's hard enough to come back to work after having a baby,” said the designer.\n"
    )
    quote = _by_text(text)["It's hard enough to come back to work after having a baby"]
    assert quote.speaker == "the designer"


def test_two_authors_after_an_inverted_verb_are_both_the_speaker_and_they() -> None:
    text = (
        "Harbour study says islands must share ferries\n\n"
        "“We proceed from the assumption that every island will look after itself first,” "
        "said authors Lia Park and Tom Berg of the Harbour Institute.\n\n"
        "“However, we argue that the sea itself forces the islands to cooperate,” they added.\n"
    )
    quotes = _by_text(text)
    first = quotes["We proceed from the assumption that every island will look after itself first"]
    assert first.speaker == "Lia Park and Tom Berg"
    added = quotes["However, we argue that the sea itself forces the islands to cooperate"]
    assert added.speaker == "Lia Park and Tom Berg"
    assert "pronoun_plural" in added.doubts  # read from before: never sure


def test_they_for_the_one_person_a_paragraph_is_about() -> None:
    text = (
        "Harbour fashion show uses robots\n\n"
        "Lia Park, an artist who builds robots, also spoke at the launch.\n\n"
        "Park brought a broader perspective. “These machines are creative partners,” they "
        "said.\n"
    )
    quote = _by_text(text)["These machines are creative partners"]
    assert quote.speaker == "Lia Park"
    assert quote.confidence < 0.95  # a guess between one person and a group: never sure


def test_they_is_no_one_person_when_the_paragraph_speaks_of_a_group() -> None:
    text = (
        "Harbour fashion show uses robots\n\n"
        "Lia Park, an artist who builds robots, also spoke at the launch.\n\n"
        "Park and the designers brought a broader perspective. “These machines are creative "
        "partners,” they said.\n"
    )
    quote = _by_text(text)["These machines are creative partners"]
    assert quote.speaker != "Lia Park"


def test_a_possessive_description_with_its_post_is_the_speaker() -> None:
    text = (
        "Harbour row deepens\n\n"
        "Portmere’s ambassador to Britain warned that his government “will not sit on its "
        "hands” if the row over the ferry deepens.\n"
    )
    quote = _by_text(text)["will not sit on its hands"]
    assert quote.speaker == "Portmere’s ambassador to Britain"


def test_he_after_a_sentence_about_an_unnamed_man_is_not_the_man_he_met() -> None:
    text = (
        "Harbour town runs out of homes\n\n"
        "Dan Ruiz said the housing shortage was the worst he had ever seen.\n\n"
        "One man with a walker approached Ruiz outside the shelter, where Ruiz works, and "
        "took a coat from him. “The new plant took all the housing, man, I can’t find "
        "anything,” he told him.\n\n"
        "Later that week Dan Ruiz spoke to the council. “We have no room left,” he said.\n"
    )
    quotes = _by_text(text)
    # the man is not named: no speaker rather than Ruiz, the man he spoke to
    told = quotes["The new plant took all the housing, man, I can’t find anything"]
    assert told.speaker is None
    # a sentence about Ruiz himself still gives him his "he"
    assert quotes["We have no room left"].speaker == "Dan Ruiz"


def test_a_speech_cue_in_an_after_clause_is_nearer_than_the_sentences_subject() -> None:
    # "..., even after the mayor said that the ferry “...”": the mayor's words, not Park's
    text = (
        "Ferry row\n\n"
        "Lia Park says the town is counting on the mayor to act, even after the mayor said "
        "on Wednesday that the ferry “will never sail again from this harbour.”\n"
    )
    quote = _by_text(text)["will never sail again from this harbour."]
    assert quote.speaker == "the mayor"
