"""Enrichment: from an article's text to a post's substance, with no I/O.

Pure, CPU-bound functions on plain data; the core runs `enrich_article` in a process pool.
Nothing here imports from the rest of `bot/`.
"""

from __future__ import annotations

from .clean import clean_text
from .extract import extract_article
from .keyquotes import pick_key_quotes
from .pipeline import enrich_article
from .quotes import find_quotes
from .sentences import sentence_spans, split_sentences
from .summary import summarize
from .topics import score_topics
from .types import Enrichment, Quote, TopicRule, TopicScore

__all__ = [
    "Enrichment",
    "Quote",
    "TopicRule",
    "TopicScore",
    "clean_text",
    "enrich_article",
    "extract_article",
    "find_quotes",
    "pick_key_quotes",
    "score_topics",
    "sentence_spans",
    "split_sentences",
    "summarize",
]
