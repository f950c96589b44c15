from __future__ import annotations

from bot.enrich import TopicRule, score_topics

IMMIGRATION = TopicRule(
    name="immigration",
    keywords=("ICE", "deportation", "immigrant"),
    phrases=("sanctuary city",),
    exclude=("ice hockey",),
)
WEATHER = TopicRule(name="weather", keywords=("ice", "snow"))


def names(title: str, text: str, **kwargs: object) -> list[str]:
    rules = kwargs.pop("rules", (IMMIGRATION, WEATHER))
    assert isinstance(rules, tuple)
    return [t.name for t in score_topics(rules, title=title, text=text, **kwargs)]  # type: ignore[arg-type]


def test_all_caps_keyword_matches_only_capitals() -> None:
    assert "immigration" in names("ICE detains workers", "Agents from ICE said ...")
    assert "immigration" not in names("Ice on the roads", "The ice melted by noon.")
    assert names("Ice on the roads", "The ice melted by noon.") == ["weather"]
    # and a lower-case keyword does not match the acronym, except in an all-caps headline
    assert "weather" not in names("ICE raids", "ICE agents came. ICE left. ICE returned.")
    assert "weather" in names("ICE STORM HITS TOWN", "Roads were closed all day.")


def test_lower_case_keyword_is_case_insensitive_and_plural() -> None:
    assert "weather" in names("Ice storm coming", "Ice and snow expected. More snow Friday.")
    assert "immigration" in names("Deportations rise", "The deportations began.")


def test_word_boundaries() -> None:
    assert names("Nice day in Iceland", "The price of ICEBERG lettuce rose.") == []


def test_passing_mention_does_not_match() -> None:
    text = "The council discussed parks, roads and budgets. One member mentioned deportation."
    assert names("Council approves park budget", text) == []


def test_repeated_body_mentions_match() -> None:
    text = "Deportation cases rose. Deportation hearings slowed. Each deportation takes months."
    assert names("Court backlog grows", text) == ["immigration"]


def test_exclusion_vetoes() -> None:
    assert "immigration" not in names("ICE hockey final", "The ice hockey final drew ICE fans.")


def test_source_implies_topic() -> None:
    rule = TopicRule(name="local", keywords=("zzz",), sources=("valley-courier",))
    assert names("Anything", "Anything at all.", rules=(rule,), source="valley-courier") == [
        "local"
    ]
    assert names("Anything", "Anything at all.", rules=(rule,), source="other") == []


def test_phrase_with_flexible_whitespace_and_summary_weight() -> None:
    result = score_topics(
        (IMMIGRATION,),
        title="Council vote",
        text="Denver is a sanctuary\ncity, officials said.",
        summary="Denver is a sanctuary city, officials said.",
    )
    assert [t.name for t in result] == ["immigration"]
