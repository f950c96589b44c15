from __future__ import annotations

from bot.enrich import Quote, pick_key_quotes


def q(text: str, speaker: str | None, start: int) -> Quote:
    return Quote(
        text=text,
        speaker=speaker,
        start=start,
        end=start + len(text) + 2,
        confidence=1.0 if speaker else 0.0,
    )


QUOTES = [
    q("We will rebuild the bridge before the winter comes, whatever it costs us", "Ada Brooks", 0),
    q("We will rebuild the bridge and it will be stronger than before", "Ada Brooks", 100),
    q("Nobody told the shop owners on Harlow Street anything about the detour", "Sam Ortiz", 200),
    q("The agency has no further comment on the closure at this time", "the agency", 300),
    q("Short one", "Lee Park", 400),
    q("An unattributed remark that is long enough to be a real quote here", None, 500),
]


def test_only_attributed_quotes_of_substance() -> None:
    picked = pick_key_quotes(QUOTES, limit=3)
    assert all(p.speaker is not None for p in picked)
    assert all(len(p.text.split()) >= 6 for p in picked)
    assert len(picked) == 3


def test_one_per_speaker_first_and_named_people_first() -> None:
    picked = pick_key_quotes(QUOTES, limit=2)
    assert {p.speaker for p in picked} == {"Ada Brooks", "Sam Ortiz"}


def test_novelty_against_summary() -> None:
    summary = "Shop owners on Harlow Street said nobody told them about the detour."
    picked = pick_key_quotes(QUOTES, summary=summary, limit=1)
    assert picked[0].speaker == "Ada Brooks"


def test_limits() -> None:
    assert pick_key_quotes(QUOTES, limit=0) == ()
    assert pick_key_quotes([], limit=3) == ()
    assert all(len(p.text) <= 40 for p in pick_key_quotes(QUOTES, max_chars=40))
