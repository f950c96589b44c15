"""Choose the 1-3 quotes worth posting.

A post has room for a few quotes, and a misattributed or empty one is worse than none, so
only attributed quotes of some substance are candidates. They are ranked by:

- substance: enough words to say something, a full clause rather than a fragment;
- novelty: few words already in the summary;
- speaker prominence: a named person over an organisation over "a source", and speakers
  quoted more than once in the article;
- length: within the platform budget (too long is cut by nobody: it is skipped).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .names import is_organisation
from .types import Quote

__all__ = ["pick_key_quotes"]

_WORD_RE = re.compile(r"[a-z0-9’'\-]+")
_MIN_WORDS = 6
_MAX_CHARS = 300
_SWEET_SPOT = (60, 220)


def _words(text: str) -> set[str]:
    return {w for w in _WORD_RE.findall(text.lower()) if len(w) > 3}


def _score(quote: Quote, summary_words: set[str], counts: Counter[str]) -> float:
    words = _words(quote.text)
    n = len(quote.text.split())
    substance = min(n, 30) / 30
    novelty = 1.0 - (len(words & summary_words) / len(words) if words else 1.0)
    speaker = quote.speaker or ""
    named = speaker[:1].isupper()
    if named and not is_organisation(speaker):
        base = 0.6  # a person speaking for themselves
    elif named:
        base = 0.4  # an organisation or outlet
    else:
        base = 0.2  # "a spokesman", "officials"
    prominence = base + 0.1 * min(counts[speaker] - 1, 4)
    lo, hi = _SWEET_SPOT
    length = 1.0 if lo <= len(quote.text) <= hi else 0.6
    return 1.0 * substance + 0.8 * novelty + 0.8 * prominence + 0.4 * length


def pick_key_quotes(
    quotes: Sequence[Quote], *, summary: str = "", limit: int = 3, max_chars: int = _MAX_CHARS
) -> tuple[Quote, ...]:
    """The best quotes, best first; at most one per speaker unless few speakers are quoted."""
    candidates = [
        q
        for q in quotes
        if q.speaker is not None and len(q.text.split()) >= _MIN_WORDS and len(q.text) <= max_chars
    ]
    if not candidates or limit <= 0:
        return ()
    counts = Counter(q.speaker or "" for q in quotes)
    summary_words = _words(summary)
    ranked = sorted(candidates, key=lambda q: (-_score(q, summary_words, counts), q.start))
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
