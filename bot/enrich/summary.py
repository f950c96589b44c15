"""An extractive, lead-biased summary that only uses the article's own sentences.

News puts the story first (the inverted pyramid), so the lead is the strongest signal; a
light centrality score (how much of a sentence's vocabulary recurs in the article and the
title) breaks ties and lets a later sentence in when an early one is furniture. Sentences are
*eligible* only when they can stand alone in a post:

- not boilerplate (share prompts, credits ...) and ending like a sentence;
- not quote-only (most of it inside quotation marks: that is what key quotes are for);
- not opening with a pronoun unless the sentence just before it is also in the summary
  (otherwise "He said the plan failed." names nobody);
- not a near-duplicate of a sentence already chosen (or of the title).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .clean import is_boilerplate
from .lexicon import words
from .names import NAME_PATTERN, is_function_word, is_organisation, split_title

__all__ = [
    "is_quote_only",
    "opens_with_pronoun",
    "summarize",
]

_PRONOUN_OPENERS = words(
    "he she they it his her their its him them we i our us this these those that there's "
    "it's he's she's they're they've"
)
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_PERSONAL = frozenset({"he", "she", "his", "her", "him", "he's", "she's"})
_OPENING_MARKS = '“"‘'
_NAME_RE = re.compile(NAME_PATTERN)
_DEMONSTRATIVE_VERBS = words(
    "is was are were has have had will would could can may might means meant comes came "
    "includes included appears appeared follows followed marks marked"
)
_FIRST_WORD_RE = re.compile(r"^[\"“‘'(\[]*([A-Za-z’']+)(?:\s+([A-Za-z’']+))?")
_WORD_RE = re.compile(r"[a-z0-9’'\-]+")
_QUOTED_RE = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
_STOPWORDS = words(
    "a an the and or but if of to in on at for with by from as is are was were be been "
    "being it its this that these those he she they we i you his her their our my your "
    "him them us me not no so than then there here what which who whom whose when where "
    "why how all any both each few more most other some such only own same too very can "
    "will just should would could may might must shall do does did done has have had "
    "having said says say about after before over under again further once up down out "
    "off into through during also new one two"
)
_MIN_CHARS = 30
_LEAD_WINDOW = 12
_DUPLICATE_JACCARD = 0.6


def _words(sentence: str) -> set[str]:
    return {w for w in _WORD_RE.findall(sentence.lower()) if w not in _STOPWORDS}


def opens_with_pronoun(sentence: str) -> bool:
    """True when the sentence opens with a pronoun that needs an antecedent."""
    match = _FIRST_WORD_RE.match(sentence)
    if match is None:
        return False
    first = match.group(1).lower()
    if first not in _PRONOUN_OPENERS:
        return False
    if first in _DEMONSTRATIVES:
        second = (match.group(2) or "").lower()
        return second in _DEMONSTRATIVE_VERBS or not second
    return True


def is_quote_only(sentence: str) -> bool:
    """True for a quote with its cue (“...,” she said.) or a sentence mostly in quotes."""
    if sentence.lstrip()[:1] in _OPENING_MARKS:
        return True
    quoted = sum(len(m.group(0)) for m in _QUOTED_RE.finditer(sentence))
    return quoted >= 0.5 * len(sentence)


def _names_a_person(sentence: str) -> bool:
    for match in _NAME_RE.finditer(sentence):
        _, name = split_title(match.group(0))
        if not name or is_function_word(name.split()[0]) or is_organisation(name):
            continue
        if match.start() == 0 and " " not in name:
            continue  # any sentence opens with a capital: "Officials said ..."
        return True
    return False


def _antecedent_ok(sentences: Sequence[str], i: int, chosen: Sequence[int]) -> bool:
    """A pronoun-opening sentence may follow only the sentence that names its antecedent."""
    if not opens_with_pronoun(sentences[i]):
        return True
    if i - 1 not in chosen:
        return False
    match = _FIRST_WORD_RE.match(sentences[i])
    first = match.group(1).lower() if match else ""
    if first in _PERSONAL:
        return _names_a_person(sentences[i - 1])
    return True


def _ends_like_sentence(sentence: str) -> bool:
    tail = sentence.rstrip("\"'”’)] ")
    return tail.endswith((".", "!", "。", "！"))


def _eligible(sentence: str, budget: int) -> bool:
    return (
        _MIN_CHARS <= len(sentence) <= budget
        and _ends_like_sentence(sentence)
        and not is_boilerplate(sentence)
        and not is_quote_only(sentence)
        and "\n" not in sentence
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def summarize(
    sentences: Sequence[str],
    *,
    title: str = "",
    budget: int = 400,
    max_sentences: int = 3,
) -> tuple[int, ...]:
    """Indexes (in reading order) of the sentences that make the summary.

    The summary joined with single spaces is at most `budget` characters.
    """
    window = min(len(sentences), _LEAD_WINDOW)
    doc_counts: Counter[str] = Counter(_WORD_RE.findall(" ".join(sentences).lower()))
    for stopword in _STOPWORDS:  # cheaper than testing every word of the article
        doc_counts.pop(stopword, None)
    word_sets = [_words(s) for s in sentences[:window]]
    title_words = _words(title)
    scores: list[tuple[float, int]] = []
    for i in range(window):
        sentence = sentences[i]
        if not _eligible(sentence, budget):
            continue
        ws = word_sets[i]
        if title_words and _jaccard(ws, title_words) >= 0.8:
            continue
        centrality = sum(min(doc_counts[w] - 1, 3) for w in ws) / (3 * max(len(ws), 1))
        in_title = len(ws & title_words) / max(len(title_words), 1)
        lead = 1.0 / (1.0 + 0.35 * i)
        scores.append((lead + 0.35 * centrality + 0.25 * in_title, i))
    scores.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[int] = []
    used = 0
    pending = [i for _, i in scores]
    for _ in range(2):  # a second pass lets in pronoun sentences whose antecedent got in
        deferred: list[int] = []
        for i in pending:
            if len(chosen) >= max_sentences:
                break
            cost = len(sentences[i]) + (1 if chosen else 0)
            if used + cost > budget:
                continue
            if any(_jaccard(word_sets[i], word_sets[j]) >= _DUPLICATE_JACCARD for j in chosen):
                continue
            if not _antecedent_ok(sentences, i, chosen):
                deferred.append(i)
                continue
            chosen.append(i)
            used += cost
        pending = deferred
    chosen.sort()
    # Drop a pronoun-opening sentence whose antecedent (the sentence before it) is not in.
    while True:
        bad = [i for i in chosen if not _antecedent_ok(sentences, i, chosen)]
        if not bad:
            break
        chosen = [i for i in chosen if i not in bad]
    return tuple(chosen)
