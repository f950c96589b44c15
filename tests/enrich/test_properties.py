from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.enrich import clean_text, enrich_article, find_quotes, sentence_spans

_ALPHABET = st.sampled_from(
    [*"abcdefghij ABCDEFG .,;:!?\n\"“”‘’'()—-$0123456789", "Mr.", "U.S.", " said ", " he "]
)
_TEXT = st.lists(_ALPHABET, max_size=300).map("".join)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(title=_TEXT, text=_TEXT, budget=st.integers(min_value=0, max_value=600))
def test_enrich_never_crashes_and_keeps_its_promises(title: str, text: str, budget: int) -> None:
    result = enrich_article(title, text, summary_chars=budget)
    assert len(result.summary_text) <= budget
    for sentence in result.summary:
        assert sentence in result.text
    for quote in result.quotes:
        assert 0 <= quote.start < quote.end <= len(result.text)
    assert set(result.key_quotes) <= set(result.quotes)
    assert len(result.key_quotes) <= 3
    assert pickle.loads(pickle.dumps(result)) == result


@settings(max_examples=100, deadline=None, derandomize=True)
@given(text=_TEXT)
def test_spans_are_ordered_and_inside(text: str) -> None:
    last = 0
    for a, b in sentence_spans(text):
        assert last <= a < b <= len(text)
        last = b
    clean_text(text)
    find_quotes(text)
