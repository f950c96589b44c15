"""A sentence splitter tuned for news prose.

A rule-based scanner rather than pysbd or punkt: on news text the hard cases are a short,
known list (titles and abbreviations such as Mr., Sen., Jan., U.S., a.m.; initials; decimals
and money; ellipses; quotations holding several sentences), and a scanner that knows them is
as accurate as pysbd on them while being several hundred times faster (figures in
docs/enrich.md). Punkt needs model data we cannot download at run time.

Rules, in order:

- a paragraph break always ends a sentence;
- a candidate end is ``.``, ``!``, ``?`` or an ellipsis, followed by optional closing quotes
  or brackets, whitespace, then an optional opening quote/bracket and a capital or digit;
- a period after a known abbreviation, a single capital (an initial) or inside a dotted
  acronym ends nothing, unless the acronym (U.S., a.m.) is followed by a word that typically
  opens a sentence ("The", "He", "But" ...);
- no split inside a quotation that closes within the same paragraph, so
  “It works. It is cheap,” she said. stays one sentence with its cue;
- a table row as extraction renders it ("DL | Tom Berg | 63 | 1 tackle. 1 sack.") is one
  sentence: its cells are not prose, and a piece of one must not pass for a sentence.
"""

from __future__ import annotations

import bisect
import re

from .clean import is_table_row
from .lexicon import words

__all__ = ["sentence_spans", "split_sentences"]

# Lower-cased, without the period.
_ABBREVIATIONS = words(
    "mr mrs ms messrs mmes dr prof sr jr st mt ft rev hon pres gov sen rep reps sens atty "
    "supt gen lt col maj capt cmdr adm sgt cpl pvt brig cdr insp det ofc msgr fr sr sra "
    "srta esq jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs "
    "fri sat sun inc corp co ltd llc bros dept univ assn est approx no nos vol vols fig "
    "figs p pp ch art sec vs v etc al ave blvd rd hwy ste apt div gov't ala ariz ark "
    "calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev "
    "okla ore pa penn tenn tex va vt wash wis wyo"
)
# Words that only stand before a number ("No. 5", "Vol. 3", "pp. 12").
_NUMERIC_ABBREVIATIONS = frozenset({"no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "art"})
# Abbreviations that usually end a sentence when they come last: "... and so on, etc. The".
_TERMINAL_ABBREVIATIONS = frozenset({"etc", "inc", "corp", "co", "ltd", "llc", "jr", "sr", "bros"})

# After a dotted acronym (U.S., a.m.) or a terminal abbreviation, a capitalised word is only
# a new sentence when it is one that typically opens one.
_SENTENCE_OPENERS = words(
    "the a an he she it they we i you his her its their our my this that these those "
    "there but and or so yet still however meanwhile in on at for as if when while after "
    "before since although though because what who why how where which some many most all "
    "no none one two three both each another mr mrs ms dr"
)

_MONTHS = words("jan feb mar apr jun jul aug sep sept oct nov dec")
_AFTER_TIME = words(
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight "
    "et est edt ct cst cdt mt mst pt pst pdt gmt utc bst cet eastern central pacific "
    "mountain local"
)
# (The leading look-ahead changes nothing matched: it lets the search skip to the stops.)
_CANDIDATE_RE = re.compile(
    r"(?=[.!?…。！？])(?:"
    # (a run of terminators is read once, from its first: "GET / ......" in a console listing
    # made the old "(?:\.\.\.|…|[.!?])+" try every way to split the run, exponential in it)
    r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+"
    r"(?=\s+[\"“‘'(\[]?\s?[A-Z0-9À-Þ\u0391-\u03a9\u0400-\u042f\u0590-\u08ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
    # a missing space: "on Monday.The vote" (not "U.S.Army" nor "Amazon.com")
    r"|\.(?<=[a-z]{3}\.)(?=[A-Z][a-z]+\s)"
    # CJK full stops need no space after them
    r"|[。！？]+[」』）”’]*"
    r")"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.'’]*)$")
_NEXT_WORD_RE = re.compile(r"\s+[\"“‘'(\[]?([A-Za-zÀ-ÿ0-9]+)")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"
_MAX_QUOTED_SENTENCE = 700


_MARK_RE = re.compile(r"[“”\"]")


def _quote_depth_map(paragraph: str) -> list[tuple[int, int]]:
    """Spans (start, end) of quotations that open and close within this paragraph."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for found in _MARK_RE.finditer(paragraph):
        i = found.start()
        ch = paragraph[i]
        if ch in _OPEN_QUOTES:
            open_at = i
        elif ch in _CLOSE_QUOTES:
            if open_at is not None:
                spans.append((open_at, i))
            open_at = None
        else:
            prev = paragraph[i - 1] if i else " "
            nxt = paragraph[i + 1] if i + 1 < len(paragraph) else " "
            if open_at is None and (prev.isspace() or prev in "([—–-") and not nxt.isspace():
                open_at = i
            elif open_at is not None:
                spans.append((open_at, i))
                open_at = None
    return [s for s in spans if s[1] - s[0] <= _MAX_QUOTED_SENTENCE]


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether `pos` falls inside one of `spans` (in order, not overlapping; `starts` their
    starts): a bisection, so a paragraph of thousands of quotes stays linear."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def _is_boundary(paragraph: str, dot: int, end: int) -> bool:
    """Decide whether the terminator starting at `dot` (match ending at `end`) ends a sentence."""
    if paragraph[dot] != ".":
        return True
    if end < len(paragraph) and not paragraph[end].isspace():
        return True  # the no-space case: the pattern already required a lower-case word
    if paragraph.startswith("...", dot):
        return True
    match = _WORD_BEFORE_RE.search(paragraph, max(0, dot - 30), dot)
    if match is None:
        return True
    word = match.group(1)
    nxt = _NEXT_WORD_RE.match(paragraph, end)
    next_word = nxt.group(1) if nxt else ""
    opener = next_word.lower() in _SENTENCE_OPENERS
    bare = word.rstrip(".").lower()
    if bare in {"a.m", "p.m"}:  # "at 9 a.m. Monday" goes on; "at 5 p.m. Nobody" does not
        return next_word.lower() not in _AFTER_TIME
    if "." in word.rstrip("."):  # U.S., Ph.D.
        return opener
    if bare in _MONTHS:  # "on Nov. 5" goes on; "in Nov. Economists" does not
        return not next_word[:1].isdigit()
    if len(word) == 1 and word.isupper():  # an initial: "John Q. Public"
        return False
    if bare in _NUMERIC_ABBREVIATIONS:
        return not next_word[:1].isdigit()
    if bare in _TERMINAL_ABBREVIATIONS:
        return opener
    return bare not in _ABBREVIATIONS


def _paragraph_spans(paragraph: str, offset: int) -> list[tuple[int, int]]:
    if is_table_row(paragraph):
        end = len(paragraph.rstrip())
        return [(offset, offset + end)] if end else []
    quoted = _quote_depth_map(paragraph)
    starts = [a for a, _ in quoted]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE_RE.finditer(paragraph):
        end = match.end()
        if _inside(match.end() - 1, quoted, starts):
            continue
        if not _is_boundary(paragraph, match.start(), end):
            continue
        spans.append((start, end))
        start = end
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    result: list[tuple[int, int]] = []
    for a, b in spans:
        while b > a and paragraph[b - 1].isspace():
            b -= 1
        if b > a:
            result.append((a + offset, b + offset))
    return result


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of `text`, in order."""
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        chunk = para.group(0)
        lead = len(chunk) - len(chunk.lstrip())
        spans.extend(_paragraph_spans(chunk[lead:], para.start() + lead))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each a substring of it."""
    return [text[a:b] for a, b in sentence_spans(text)]
