"""Same story, one post: a 64-bit SimHash of an article's title and lead.

Two sources rarely carry a story with identical text, but their titles and first sentences share
most words. SimHash maps a text to 64 bits so that texts sharing most of their shingles land a few
bits apart, and the "have we posted this story?" check becomes a Hamming distance between two
integers, storable in one column (`articles.story_hash`). MinHash would need a signature of
many integers per article for the same job.

Features are word shingles: the title's single words (weight 2) and adjacent pairs (weight 1), and
the single words of the lead's first 25 words (weight 1). Outlets reorder a lead's clauses freely
("X said on Tuesday" / "on Tuesday, X said"), so pairs there would count a reworded lead as a
different story; the title's pairs keep "rates hold" apart from "hold rates" a little. Case,
punctuation and a handful of function words are dropped first, so "Fed raises rates" and
"The Fed Raises Rates." hash alike.

The threshold (`SAME_STORY_MAX_DISTANCE`) was tuned on pairs in `tests/delivery/test_samestory.py`;
see docs/delivery.md for the figures and the reasoning.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections import Counter

__all__ = [
    "SAME_STORY_MAX_DISTANCE",
    "hamming",
    "is_same_story",
    "shingles",
    "story_hash",
]

#: Two stories are the same when their hashes differ in at most this many of 64 bits.
SAME_STORY_MAX_DISTANCE = 10

#: Lead words used: enough to cover a first sentence or two, not the body (bodies diverge).
_LEAD_WORDS = 25
_TITLE_WORD_WEIGHT = 2
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STOP = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is"}
    | {"it", "its", "of", "on", "or", "that", "the", "to", "was", "were", "will", "with"}
)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [w.replace("’", "'") for w in _WORD.findall(folded) if w not in _STOP]


def shingles(title: str, lead: str) -> Counter[str]:
    """The weighted features SimHash is computed over (exposed for tests)."""
    title_words = _words(title)
    lead_words = _words(lead)[:_LEAD_WORDS]
    features: Counter[str] = Counter()
    for w in title_words:
        features["w:" + w] += _TITLE_WORD_WEIGHT
    for a, b in itertools.pairwise(title_words):
        features[f"t:{a} {b}"] += 1
    for w in lead_words:
        features["w:" + w] += 1
    return features


def _h64(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")


# For each byte value, the sign (+1 set, -1 clear) of its bits, lowest bit first.
_BYTE_SIGNS = tuple(tuple(1 if (byte >> i) & 1 else -1 for i in range(8)) for byte in range(256))


@functools.lru_cache(maxsize=4096)  # common words recur from article to article (~2.3 MB full)
def _signs(feature: str) -> tuple[int, ...]:
    """The 64 signs of the feature's hash, bit 0 first (eight table lookups, not 64 shifts)."""
    signs: tuple[int, ...] = ()
    for byte in _h64(feature).to_bytes(8, "little"):
        signs += _BYTE_SIGNS[byte]
    return signs


def story_hash(title: str, lead: str) -> int:
    """The 64-bit SimHash (0 <= h < 2**64) of an article's title and lead (its first sentence or
    two; the summary's opening is fine). Deterministic across processes and versions of Python.

    Bit b is set when the weighted sum of the features' signs at b is positive; each feature's
    signs are listed `weight` times and the columns summed by `zip`/`sum` in C, which measured
    about five times faster than adding weights bit by bit in Python.
    """
    rows: list[tuple[int, ...]] = []
    for feature, weight in shingles(title, lead).items():
        rows.extend(itertools.repeat(_signs(feature), weight))
    out = 0
    for bit, column in enumerate(zip(*rows, strict=True)):
        if sum(column) > 0:
            out |= 1 << bit
    return out


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def is_same_story(a: int, b: int, max_distance: int = SAME_STORY_MAX_DISTANCE) -> bool:
    return hamming(a, b) <= max_distance
