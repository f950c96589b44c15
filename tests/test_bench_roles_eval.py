"""bench/roles_eval.py's verb lexicon is read from the speech-verb pattern: a look-ahead in the
pattern ("maintained" not followed by "a", "the", ...) must not make "a" and "the" verbs, or
every role with an article is counted as holding a verb."""

from __future__ import annotations

from bench import roles_eval


def test_lookaheads_are_cut_before_the_verbs_are_listed() -> None:
    pattern = r"said|agreed(?! to )|maintained(?!\s+(?:a|an|the|his)\b)|told"
    assert roles_eval._without_lookarounds(pattern) == "said|agreed|maintained|told"
    assert "maintained" in roles_eval._FINITE
    assert not {"a", "an", "the", "his", "her"} & roles_eval._FINITE
