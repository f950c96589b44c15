"""One article in, one Enrichment out: clean, split, summarise, find quotes, pick, score."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .clean import clean_text
from .keyquotes import pick_key_quotes
from .lexicon import words
from .quotes import find_quotes
from .sentences import sentence_spans
from .summary import paragraph_numbers, strip_dateline, summarize
from .topics import score_topics
from .types import Enrichment, TopicRule

__all__ = ["enrich_article"]

_WORD_RE = re.compile(r"\w+")
_ENGLISH_HINTS = words("the and of to in is that for it was on with as said by")


def _language(words: list[str]) -> str:
    """ "en" for English text, "und" when a long text shows no sign of being English."""
    if len(words) < 40:
        return "en"
    sample = [w.strip('.,;:!?"“”()').lower() for w in words[:400]]
    hits = sum(1 for w in sample if w in _ENGLISH_HINTS)
    return "en" if hits / len(sample) >= 0.05 else "und"


def enrich_article(
    title: str,
    text: str,
    *,
    source: str | None = None,
    topics: Sequence[TopicRule] = (),
    summary_chars: int = 400,
    max_quotes: int = 3,
) -> Enrichment:
    """Enrich one article. Pure and picklable: safe to run in a process pool."""
    title = " ".join(title.split())
    cleaned = clean_text(text)
    spans = sentence_spans(cleaned)
    sentences = [cleaned[a:b] for a, b in spans]
    paragraphs = paragraph_numbers(cleaned, spans)
    chosen = summarize(sentences, title=title, budget=summary_chars, paragraphs=paragraphs)
    summary = tuple(strip_dateline(sentences[i]) for i in chosen)
    summary_text = " ".join(summary)
    quotes = tuple(find_quotes(cleaned, spans, title=title))
    key_quotes = pick_key_quotes(quotes, summary=summary_text, title=title, limit=max_quotes)
    scored = score_topics(topics, title=title, text=cleaned, summary=summary_text, source=source)
    words = cleaned.split()
    return Enrichment(
        title=title,
        summary=summary,
        quotes=quotes,
        key_quotes=key_quotes,
        topics=scored,
        language=_language(words),
        word_count=len(words),
        text=cleaned,
    )
