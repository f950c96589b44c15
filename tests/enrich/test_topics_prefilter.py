"""The pre-checks in topic scoring (the keyword's first word as a substring, then as a whole
word of the folded text) never change a count, only skip work."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.enrich.topics import _count, compile_term

# Letters that re.IGNORECASE folds onto ASCII ones, plus ordinary letters, capitals, spaces
# and the punctuation the word-boundary rules look at.
ALPHABET = "iIsSkKaAeEcCpol \u0130\u0131\u017f\u212a\u00e9\u00c9-'._1\n"
TERMS = [
    "ice", "ICE", "ski", "sea ice", "kiss", "ices", "é", "Ice Age", "is", "police", "e-ski",
    "o'ski", "ice_1", "1ce",
]  # fmt: skip


def _plain_count(term: str, text: str) -> int:
    """What _count returns without its pre-check (same acronym rule)."""
    pattern = compile_term(term)
    if pattern.flags & re.IGNORECASE == 0:
        return sum(1 for _ in pattern.finditer(text))
    total = 0
    for m in pattern.finditer(text):
        letters = [c for c in m.group(0) if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            context = text[max(0, m.start() - 25) : m.end() + 25]
            if any(c.islower() for c in context):
                continue
        total += 1
    return total


@settings(max_examples=1500, deadline=None)
@given(term=st.sampled_from(TERMS), text=st.text(alphabet=ALPHABET, max_size=40))
def test_pre_check_never_changes_the_count(term: str, text: str) -> None:
    assert _count(term, text) == _plain_count(term, text)


def test_letters_that_ignorecase_takes_for_ascii_still_match() -> None:
    assert _count("ski", "a sk\u0130 trip") == 1  # dotted capital I
    assert _count("is", "\u0131s") == 1  # dotless i
    assert _count("kiss", "\u212aiss") == 1  # Kelvin sign
    assert _count("sea ice", "the \u017fea ice") == 1  # long s


def test_a_keyword_inside_a_longer_word_is_not_counted() -> None:
    assert _count("ice", "the police office") == 0
    assert _count("ice", "ice-cold police, and ice") == 1
    assert _count("ice", "ices and ICE and Ice") == 2  # (the acronym in running text is not ice)
    assert _count("ICE", "ICE agents, not ice") == 1
