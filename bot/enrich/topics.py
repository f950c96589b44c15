"""Topic scoring: keywords with case rules, word boundaries, exclusions, implied sources.

A topic's score weighs where a keyword appears: in the title (strongest), in the summary,
and in the body (each further mention counts less, and the body's share is capped), so an
article that mentions "ICE" once in passing does not land in the immigration channel while
one about ICE does. A keyword written in capitals ("ICE", "NATO") matches only in capitals;
any other keyword matches case-insensitively, with an optional plural "s"/"es".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .types import TopicRule, TopicScore

__all__ = ["compile_term", "score_topics"]

TITLE_WEIGHT = 1.5
SUMMARY_WEIGHT = 1.0
BODY_WEIGHT = 0.35
BODY_CAP = 1.05  # three body mentions of one keyword count as much as a summary mention
SOURCE_BONUS = 1.0


@lru_cache(maxsize=4096)
def compile_term(term: str) -> re.Pattern[str]:
    """The pattern for one keyword or phrase, honouring the case rule and word boundaries."""
    term = term.strip()
    parts = [re.escape(p) for p in term.split()]
    body = r"\s+".join(parts)
    letters = [c for c in term if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) >= 2:
        return re.compile(rf"(?<![\w-]){body}(?![\w-])")
    return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", re.IGNORECASE)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# The characters outside ASCII that `re.IGNORECASE` takes for an ASCII letter (dotted and
# dotless i, long s, the Kelvin sign); `fold` maps them to it, so that a case-insensitive match
# of an ASCII keyword is always a substring of the folded text.
_ASCII_ALIKE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_ASCII_ALIKE_CHARS = "\u0130\u0131\u017f\u212a"


def fold(text: str) -> str:
    if not any(c in text for c in _ASCII_ALIKE_CHARS):
        return text.lower()  # the common case: translate() would look up every character
    return text.translate(_ASCII_ALIKE).lower()


@lru_cache(maxsize=4096)
def _needle(term: str) -> str | None:
    """A substring every match of `term` contains (its first word, folded), or None for a
    keyword outside ASCII. When the folded text lacks it, the regular expression need not run:
    most keywords of most topics are absent from most articles."""
    words = term.split()
    return words[0].lower() if words and words[0].isascii() else None


@lru_cache(maxsize=4096)
def _word_in_fold(needle: str, whole: bool) -> re.Pattern[str]:
    """`needle` as a whole word of a folded text ("ice" in "ice" or "ICE", not in "police"),
    with the plural endings of a one-word keyword. The literal comes first, so the search
    skips ahead as a substring search does; the look-behind after it checks the word start."""
    body = re.escape(needle)
    plural = "(?:s|es)?" if whole else ""
    return re.compile(rf"{body}(?<![\w-]{body}){plural}(?![\w-])")


def _count(term: str, text: str, folded: str | None = None) -> int:
    """Matches of `term` in `text`; a lower-case keyword skips acronyms ("ice" is not "ICE").
    `folded` is `fold(text)`, if the caller has it."""
    if not term.strip() or not text:
        return 0
    needle = _needle(term)
    if needle is not None:
        # Cheap tests first: most keywords of most topics are absent from most articles,
        # and a substring ("ice" in "police") is not yet a word.
        folded = folded if folded is not None else fold(text)
        if needle not in folded:
            return 0
        if _word_in_fold(needle, " " not in term.strip()).search(folded) is None:
            return 0
    pattern = compile_term(term)
    if pattern.flags & re.IGNORECASE == 0:
        return sum(1 for _ in pattern.finditer(text))
    count = 0
    for match in pattern.finditer(text):
        found = match.group(0)
        if _is_acronym(found):
            # all capitals in running text is an acronym; in an all-caps headline it is not
            context = text[max(0, match.start() - 25) : match.end() + 25]
            if any(c.islower() for c in context):
                continue
        count += 1
    return count


def _score_rule(rule: TopicRule, texts: tuple[tuple[str, str], ...], source: str | None) -> float:
    """`texts`: title, summary and body, each with its `fold`."""
    title, summary, text = texts
    terms = (*rule.keywords, *rule.phrases)
    for term in rule.exclude:
        if _count(term, *title) or _count(term, *text):
            return 0.0
    score = 0.0
    for term in terms:
        if _count(term, *title):
            score += TITLE_WEIGHT
        if _count(term, *summary):
            score += SUMMARY_WEIGHT
        score += min(BODY_WEIGHT * _count(term, *text), BODY_CAP)
    if source is not None and source.lower() in {s.lower() for s in rule.sources}:
        score += max(rule.min_score, SOURCE_BONUS)
    return score


def score_topics(
    rules: Sequence[TopicRule],
    *,
    title: str,
    text: str,
    summary: str = "",
    source: str | None = None,
) -> tuple[TopicScore, ...]:
    """The topics whose score reaches their `min_score`, best first (ties by name)."""
    if not rules:
        return ()
    scored = []
    texts = tuple((t, fold(t)) for t in (title, summary, text))
    for rule in rules:
        score = round(_score_rule(rule, texts, source), 3)
        if score >= rule.min_score and score > 0:
            scored.append(TopicScore(rule.name, score))
    scored.sort(key=lambda t: (-t.score, t.name))
    return tuple(scored)
