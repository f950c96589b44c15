"""Choose the 1-3 quotes worth posting.

A key quote is the most visible thing a post carries, and a misattributed one is worse than
none, so only quotes whose attribution is sure (`Quote.confidence` at or above
`quote_rules.SURE`) and of some substance are candidates, and only when the speaker shown is
named: not a description, even one that carries a name ("a spokesperson for TikTok", "the
Telegraph", "an Iraqi source": on the feed sets read, one such key quote in six had another
speaker), and not a country alone ("Iran said" does not stand for whoever spoke for it).
They are ranked by:

- relevance: the names and terms the quote shares with the headline and the lead, and
  whether its speaker is someone the headline or lead is about;
- speaker: a named person over an organisation over "a source";
- novelty: words not already in the summary (a quote the summary already says is
  penalised);
- boilerplate is penalised ("declined to comment", "we are looking into it", mission
  statements, a new signing's "excited to join this great club").

Length is not merit: past a full clause, a longer quote scores no higher, and one too long for
the post is skipped rather than cut.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .lexicon import words
from .names import (
    is_description,
    is_only_a_place,
    is_organisation,
)
from .quote_rules import SURE
from .types import Quote

__all__ = ["BOILERPLATE_RE", "pick_key_quotes"]

_WORD_RE = re.compile(r"[a-z0-9’'\-]+")
_NAME_WORD_RE = re.compile(r"[A-Z][\w’'\-]+")
_MIN_WORDS = 6
_FULL_CLAUSE = 12  # words: past this, no more substance credit
_MAX_CHARS = 300
_REPEAT = 0.4  # novelty below this: the quote repeats the summary
_STOP = words(
    "that this with have from they their there were what when will would said says about "
    "which been into also more than them then some only very just like your does could "
    "should because while where after before being other these those over"
)

# Words that say nothing a reader needs from a quote: no comment, holding lines, mission
# statements and the lines every new signing says about their club.
BOILERPLATE_RE = re.compile(
    r"\b(?:declin\w+ to comment|no comment|(?:did|could) not (?:immediately )?"
    r"(?:respond|comment|be reached)|(?:are|is|were) (?:looking into|aware of|reviewing|"
    r"investigating)|looking into (?:it|this|the matter)|take\w* (?:this|these|it|such \w+) "
    r"(?:very )?seriously|(?:we|i) (?:are|am) (?:committed|dedicated) to|our mission|"
    r"(?:proud|pleased|delighted|thrilled|excited|happy|honou?red) to (?:be|join|have|welcome|"
    r"announce|sign|partner|continue|support)|look(?:ing)? forward to|"
    r"thoughts and prayers|world[- ]class|best[- ]in[- ]class|industry[- ]leading|"
    r"(?:great|fantastic|big|special) (?:club|group of (?:guys|players|people)|opportunity)|"
    r"cooperat\w+ (?:fully )?with (?:the )?(?:authorities|investigat\w+|police)|"
    r"ongoing (?:investigation|matter|litigation)|(?:our|the) (?:customers|community|fans)"
    r" (?:come|comes|is|are) first)\b",
    re.IGNORECASE,
)


def _terms(text: str) -> set[str]:
    return {w for w in _WORD_RE.findall(text.lower()) if len(w) > 3 and w not in _STOP}


def _names(text: str) -> set[str]:
    return {w.rstrip("’'s") for w in _NAME_WORD_RE.findall(text) if len(w) > 2}


def _score(
    quote: Quote,
    story_terms: set[str],
    story_names: set[str],
    summary_terms: set[str],
    counts: Counter[str],
) -> float:
    terms = _terms(quote.text)
    n = len(quote.text.split())
    substance = min(n, _FULL_CLAUSE) / _FULL_CLAUSE
    shared = len(terms & story_terms)
    relevance = min(shared, 4) / 4
    speaker = quote.speaker or ""
    about = bool(_names(speaker) & story_names)  # the story is about the speaker
    novelty = 1.0 - (len(terms & summary_terms) / len(terms) if terms else 1.0)
    repeat = 1.0 if novelty < _REPEAT else 0.0  # the summary already says it
    named = speaker[:1].isupper()
    if named and not is_organisation(speaker):
        base = 0.6  # a person speaking for themselves
    elif named:
        base = 0.4  # an organisation or outlet
    else:
        base = 0.2  # "a spokesman", "officials"
    prominence = base + 0.1 * min(counts[speaker] - 1, 3)
    boiler = 1.5 if BOILERPLATE_RE.search(quote.text) else 0.0
    return (
        0.6 * substance
        + 1.2 * relevance
        + 0.6 * about
        + 0.5 * novelty
        + 0.6 * prominence
        + 0.3 * quote.confidence
        - boiler
        - 1.0 * repeat
    )


def placeable(quote: Quote) -> bool:
    """Whether a reader can tell who the shown speaker is (see the module's docstring)."""
    speaker = quote.speaker
    if speaker is None or is_only_a_place(speaker):
        return False
    # (a description as written, "a spokesperson for TikTok", or one a "he" was read as:
    # "He added that he “...”")
    return "description" not in quote.doubts and not is_description(speaker)


def pick_key_quotes(
    quotes: Sequence[Quote],
    *,
    summary: str = "",
    title: str = "",
    limit: int = 3,
    max_chars: int = _MAX_CHARS,
    min_confidence: float = SURE,
) -> tuple[Quote, ...]:
    """The best quotes, best first; at most one per speaker unless few speakers are quoted.

    `title` and `summary` (the lead) say what the story is about; only quotes attributed
    with at least `min_confidence` are considered.
    """
    candidates = [
        q
        for q in quotes
        if placeable(q)
        and q.confidence >= min_confidence
        and len(q.text.split()) >= _MIN_WORDS
        and len(q.text) <= max_chars
    ]
    if not candidates or limit <= 0:
        return ()
    counts = Counter(q.speaker or "" for q in quotes)
    story = f"{title} {summary}"
    story_terms = _terms(story)
    story_names = _names(story)
    summary_terms = _terms(summary)
    scores = {id(q): _score(q, story_terms, story_names, summary_terms, counts) for q in candidates}
    ranked = sorted(candidates, key=lambda q: (-scores[id(q)], q.start))
    chosen: list[Quote] = []
    seen: set[str] = set()
    for q in ranked:
        if (q.speaker or "") in seen:
            continue
        chosen.append(q)
        seen.add(q.speaker or "")
        if len(chosen) == limit:
            break
    for q in ranked:  # room left and only a few speakers: allow a second quote from one
        if len(chosen) >= limit:
            break
        if q not in chosen:
            chosen.append(q)
    return tuple(chosen)
