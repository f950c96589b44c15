from __future__ import annotations

from bot.enrich import enrich_article, split_sentences, summarize
from bot.enrich.summary import is_quote_only, opens_with_pronoun

ARTICLE = (
    "The state will close the Harlow Street bridge for six months starting in March, "
    "transportation officials said Tuesday.\n\n"
    "The closure will reroute about 20,000 cars a day onto two smaller bridges downtown.\n\n"
    "“We have no choice,” said Ada Brooks, the state’s chief engineer.\n\n"
    "She said inspections last fall found cracks in three of the bridge’s steel girders.\n\n"
    "The Harlow Street bridge will be closed for six months starting in March, officials said.\n\n"
    "Share this article\n\n"
    "Local businesses worry that the detour will keep customers away during the spring."
)


def test_lead_biased_and_skips_quote_only_and_duplicates() -> None:
    result = enrich_article("Harlow Street bridge to close", ARTICLE, summary_chars=400)
    assert result.summary[0].startswith("The state will close the Harlow Street bridge")
    assert all("We have no choice" not in s for s in result.summary)
    # the near-duplicate restatement of the lead is never added
    assert all(not s.startswith("The Harlow Street bridge will be closed") for s in result.summary)
    assert all("Share this" not in s for s in result.summary)
    assert 2 <= len(result.summary) <= 3
    assert len(result.summary_text) <= 400


def test_budget_respected() -> None:
    for budget in (80, 150, 250, 400):
        result = enrich_article("Bridge", ARTICLE, summary_chars=budget)
        assert len(result.summary_text) <= budget


def test_summary_sentences_are_the_articles_own_in_order() -> None:
    result = enrich_article("Bridge", ARTICLE)
    sentences = split_sentences(result.text)
    positions = [sentences.index(s) for s in result.summary]
    assert positions == sorted(positions)


def test_pronoun_opening_needs_its_antecedent() -> None:
    sentences = [
        "Ada Brooks has run the state's bridge program since 2019 and knows every span.",
        "Officials expect the repairs to cost about $40 million in federal money.",
        "She said the girders had been patched twice before without lasting success.",
    ]
    chosen = summarize(sentences, budget=400)
    assert 2 not in chosen or 1 in chosen
    chosen_small = summarize(sentences[1:], budget=400)
    assert 1 not in chosen_small  # "She ..." without Ada Brooks before it


def test_predicates() -> None:
    assert is_quote_only("“We have no choice and we never did,” she said.")
    assert not is_quote_only("Officials called the plan “a last resort” on Tuesday afternoon.")
    assert opens_with_pronoun("He said the plan failed.")
    assert opens_with_pronoun("This is the end of the road.")
    assert not opens_with_pronoun("This week the council met.")
    assert not opens_with_pronoun("Hector said the plan failed.")


def test_short_or_empty_article() -> None:
    assert enrich_article("", "").summary == ()
    assert enrich_article("Title", "Too short.").summary == ()
