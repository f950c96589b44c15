"""An extractive summary a chat reader can trust: the article's own sentences, never worse than
its lead.

News puts the story first (the inverted pyramid), so the lead is the strongest signal. The
summary is a *budget of sentences* (at most `max_sentences`) under a *character ceiling*
(`budget`), not a character budget filled greedily: when the next good sentence does not fit,
the summary stays shorter rather than slot in a short sentence from far down the article (a
"declined to comment" line, a holiday notice, an aside). Steps:

1. **Eligible** sentences, among the first `_WINDOW` and in the first two thirds of the
   article. Each exclusion is a named rule (`_SKIP_RULES`, `_WEAK_RULES`, `ineligible_reason`),
   with the sentence it was written for:
   - furniture: boilerplate, marker lines ("ABSTRACT.", "FULL TEXT."), date lines, bylines,
     reprint notices, related-link headlines in Title Case, transcript labels ("SMITH: ..."),
     fragments, and questions and exclamations (news is told in full stops);
   - someone else's words: a quote with its cue (“...,” she said.) or a sentence mostly in
     quotes, and a sentence that starts *inside* a quotation opened earlier (a long quote split
     into sentences, a multi-paragraph quote, a roundup's `Name, Outlet: “...”`, a paragraph
     introduced by a line ending in a colon);
   - weak news: "declined to comment", "did not respond", cliffhangers ("It remains to be
     seen", "Here's what we know"), corrections and notes to the reader.
2. **Value** of each: mostly position (earlier candidates count 1, other prose such as quotes
   1/2), plus a light centrality (how much of its vocabulary recurs in the article) and
   overlap with the title.
3. **Choice**: every combination of up to `max_sentences` candidates that fits the ceiling is
   scored by the sum of (value - `_WORTH`): a sentence must be worth its place, so a later,
   weaker one lowers the score and is left out. A combination is admissible only if:
   - no sentence repeats one chosen before it (content words overlap; a dek and the lead);
   - every sentence that leans on what comes before it has it: a pronoun subject ("He said",
     "It is", "This is") or a connective ("But", "However") needs the sentence just before it
     in the summary (and "he"/"she" a person named in the run leading to it); a definite
     description ("The company", "The 56-year-old") needs the sentence before it, or one of
     its words in the title or an earlier chosen sentence (the article's first prose sentence
     excepted: it refers to nothing before it).
   We avoid such sentences rather than rewrite them: a summary quotes the article verbatim.

A dateline or list bullet opening a chosen sentence ("WASHINGTON — ", "- ") is cut off
(`strip_dateline`): the cleaner only cuts datelines in the first paragraphs, and a dek or an
"ABSTRACT." block pushes the lead further down.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from .clean import is_boilerplate
from .lexicon import words
from .names import NAME_PATTERN, is_function_word, is_organisation, split_title

__all__ = [
    "ineligible_reason",
    "is_quote_only",
    "opens_with_pronoun",
    "paragraph_numbers",
    "strip_dateline",
    "summarize",
]

_PRONOUN_OPENERS = words(
    "he she they it his her their its him them we i our us this these those that there's "
    "it's he's she's they're they've they'd he'd she'd"
)
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_PERSONAL = words("he she his her him he's she's he'd she'd")
_DEMONSTRATIVE_VERBS = words(
    "is was are were has have had will would could can may might means meant comes came "
    "includes included appears appeared follows followed marks marked"
)
# Openers that lean on the sentence before them: "But the plan failed." alone is a riddle.
_EXPLETIVE_IT_RE = re.compile(
    r"it(?:'s| is| was| has been|'s been| had been| will be| would be| seems| seemed| remains)"
    r"(?: not)?(?: \w+ly)? \w+ (?:that|to|for|whether|if|how|why)\b"
)
# Words that open an introductory phrase: "On Tuesday, he ...", "Even with his win, ...".
_INTRODUCERS = words(
    "on in at after before during with without despite even since for from toward towards "
    "by as when while although though under over earlier later last amid among until like "
    "unlike upon within according"
)
_PERSONAL_FORMS = words("he she they his her their him them it its he's she's they're")
_CONNECTIVES = words(
    "but however yet still instead nonetheless nevertheless and so otherwise meanwhile "
    "moreover furthermore besides additionally similarly likewise also then thus therefore "
    "nor indeed rather regardless anyway"
)
# "This week", "That day": time phrases, not references.
_TIME_NOUNS = words(
    "week weekend month year day morning afternoon evening night time season summer winter "
    "spring fall autumn quarter decade century moment hour weeks months years days"
)
_TIME_MODIFIERS = words("next following past same previous last first coming final early")
_DETERMINERS = words("the this that these those")
# Words that end the noun phrase after "The": verbs, prepositions, conjunctions ("of" and
# "by" do not: "The idea of an overhaul" is anchored by "overhaul").
_PHRASE_END = words(
    "is are was were has have had will would could can may might must should said says "
    "in on at for with from to as that which who whose and or but after before since "
    "while when because if than did does do also not no now"
)
_OPENING_MARKS = '“"‘'
_NAME_RE = re.compile(NAME_PATTERN)
_OPENING_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'\-]*|[,;:—–]")
_WORD_RE = re.compile(r"[a-z0-9’'\-]+")
_QUOTED_RE = re.compile(r"“[^”]*”?|\"[^\"]*\"?|''.*?(?:''|$)")
_MARK_RE = re.compile(r"“|”|\"|''")
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
_WINDOW = 12  # only the lead can carry the story: the first dozen sentences
_MAX_CANDIDATES = 8  # eligible sentences considered (at most 92 combinations of three)
_DEPTH = 2 / 3  # nothing from the last third of the article
_TITLE_JACCARD = 0.8  # a sentence that merely restates the title
_DUPLICATE_SHARE = 0.5  # of the smaller sentence's content words ...
_DUPLICATE_MIN = 3  # ... and at least this many of them
_WORTH = 0.4  # what a sentence must be worth to earn its place (values run ~0.3-1.6)


# Reasons that mark page furniture rather than prose (the article's first prose sentence may
# open with a description: it refers to nothing before it).
_FURNITURE = frozenset(
    {"not a sentence", "marker", "date line", "byline", "boilerplate", "headline", "reprint"}
)

# -- Sentences that never make a summary: (name, pattern, the sentence it was written for). --

_SKIP_RULES: tuple[tuple[str, str, str], ...] = (
    ("marker", r"[A-Z0-9][A-Z0-9 .,'’&/:;()-]{0,60}[.:]?", "FULL TEXT."),
    (
        "date line",
        r"(?:(?:updated|published|posted|last updated|first published)\b.{0,80}"
        r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}"
        r"(?:,? (?:at )?\d{1,2}:\d{2}.{0,20})?\.?|\d{1,2}:\d{2} ?[ap]\.m\.(?: [a-z]{2,4})?\.?)",
        "Updated 6:05 p.m. ET, March 3, 2031.",
    ),
    (
        "byline",
        r"(?:By|BY|Written by|Reporting by)\s+[A-Z][\w.'’-]*"
        r"(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6}\.?"
        r"|[^.]{0,80}\bcontributed (?:to )?(?:this )?report(?:ing)?\b.{0,40}",
        "Lena Ortiz in Quito contributed reporting.",
    ),
    (
        "reprint",
        r"(?:this copy is for your personal,? non-?commercial use only|to order "
        r"presentation-ready copies|visit .{0,60}homepage for more)\b.{0,160}",
        "This copy is for your personal, non-commercial use only.",
    ),
)
# (markers and bylines are told by their capitals: they are matched with case)
_SKIP = tuple(
    (name, re.compile(p, 0 if name in ("marker", "byline") else re.IGNORECASE), example)
    for name, p, example in _SKIP_RULES
)

# Weak news: true sentences, but not what a reader needs in a three-sentence summary, and a
# summary never ends on them. Each rule: (name, a substring the sentence must hold for the
# pattern to be tried, the pattern, matched on the lower-cased sentence, its example).
_WEAK_RULES: tuple[tuple[str, str, str, str], ...] = (
    (
        "no comment",
        "comment",
        r"(?:declined|refused|declining) (?:to|further) comment|\bno (?:immediate )?comment\b"
        r"|\brequests? for comment|available for comment",
        "The ferry company's owner declined to comment.",
    ),
    (
        "no comment",
        "did",
        r"\bdid(?: not|n[’']t) (?:immediately )?(?:respond|reply|return)\b",
        "A spokeswoman for the port authority did not respond to a request for comment.",
    ),
    (
        "no comment",
        "reached",
        r"\b(?:could not|couldn[’']t) (?:immediately )?be reached",
        "The captain could not be reached on Friday.",
    ),
    ("cliffhanger", "be seen", r"remains? to be seen", "Whether it reopens remains to be seen."),
    ("cliffhanger", "will tell", r"\b(?:only )?time will tell", "Only time will tell."),
    ("cliffhanger", "stay tuned", r"stay tuned", "Stay tuned for the board's answer next week."),
    ("cliffhanger", "here", r"^here(?:[’']s| is| are)\b", "Here's what we know about the fire."),
    ("cliffhanger", "read on", r"\bread on\b", "Read on for the details of the new timetable."),
    ("cliffhanger", "find out", r"\bfind out\b", "Find out which crossings are cut below."),
    ("cliffhanger", "more on", r"more on (?:that|this) (?:below|later)", "More on that below."),
    ("cliffhanger", "not all", r"\bthat[’']s not all\b", "But that's not all the board decided."),
    ("cliffhanger", "catch", r"there[’']s a catch\b", "But there's a catch for island residents."),
    ("cliffhanger", "next", r"what happens next\b", "What happens next is up to the state."),
    (
        "cliffhanger",
        "clear",
        r"^it (?:is|was|remains) (?:not |still )?(?:immediately |yet )?(?:clear|unclear)\b",
        "It was not immediately clear when the terminal would reopen.",
    ),
    (
        "note to the reader",
        "",
        r"^(?:editor[’']s note|correction|clarification|update)\b|^read the (?:rest|full)\b",
        "Correction: An earlier version of this story misstated the fare.",
    ),
    (
        "note to the reader",
        "this ",
        r"\bthis (?:story|article|post|report) (?:has been|was|will be) (?:updated|corrected)\b",
        "This story has been updated with the mayor's response.",
    ),
    (
        "note to the reader",
        "information",
        r"for more information",
        "For more information on the new timetable, call the ferry office.",
    ),
    (
        "note to the reader",
        "closed",
        r"\b(?:markets?|offices?|the terminal) (?:are|is|will be) closed\b",
        "The terminal is closed on Monday for the holiday.",
    ),
)
_WEAK = tuple((name, hint, re.compile(p), example) for name, hint, p, example in _WEAK_RULES)
_FRAGMENT_OPENERS = "-–—•*·,;:)]}…/|>"
_LETTERS_RE = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_LABEL_RE = re.compile(r"[A-Z][A-Z.'’ -]{1,40}:\s")

_BULLET_RE = re.compile(r"^[-–—•*·]\s+(?=[A-Z0-9“\"])")
# A dateline at the start of a sentence: "WASHINGTON — ", "OSCEOLA, Iowa — ", "(Reuters) - ".
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3}(?:,(?: [A-Z][A-Za-z.]+){1,3})?"
    r"(?: \((?:AP|AFP|Reuters|CNN|UPI|Bloomberg|dpa)\))?|\((?:AP|AFP|Reuters|CNN|UPI|Bloomberg)\)"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)? \((?:AP|AFP|Reuters|UPI)\))\s*(?:—|–|--|-)\s+(?=[A-Z“\"‘'])"
)


def strip_dateline(sentence: str) -> str:
    """`sentence` without a dateline ("WASHINGTON — ") or a list bullet ("- ") opening it."""
    match = _DATELINE_RE.match(sentence) or _BULLET_RE.match(sentence)
    if match is None or len(sentence) - match.end() < 20:
        return sentence
    return sentence[match.end() :]


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    """A crude stem, enough to match "endorsed", "endorses" and "endorsement"."""
    word = word.replace("’", "'").removesuffix("'s")
    for suffix in ("ments", "ment", "ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _words(sentence: str) -> set[str]:
    return {w for w in _WORD_RE.findall(sentence.lower()) if w not in _STOPWORDS}


def _content_stems(sentence: str) -> set[str]:
    """Stemmed content words without the capitalised ones (names recur without repeating)."""
    out: set[str] = set()
    for token in re.findall(r"[A-Za-z0-9][A-Za-z0-9’'\-]*", sentence):
        if token[0].isupper():
            continue
        low = token.lower()
        if low not in _STOPWORDS and len(low) > 2:
            out.add(_stem(low))
    return out


def _opening(sentence: str) -> list[str]:
    return _OPENING_RE.findall(sentence.lstrip("\"“‘'([ ")[:160])


def _lowered(tokens: Sequence[str]) -> list[str]:
    return [t.lower().replace("’", "'") for t in tokens]


def _skip_connectives(tokens: list[str]) -> list[str]:
    while tokens and (tokens[0] in _CONNECTIVES or tokens[0] == ","):
        tokens = tokens[1:]
    return tokens


def opens_with_pronoun(sentence: str) -> bool:
    """True when the sentence opens with a pronoun that needs an antecedent.

    A connective before it ("But it was ...") does not hide it, nor does an introductory
    phrase ("On Tuesday, he said ...", "Even with his win, ..."); an "it" that stands for
    nothing ("It is common for ...", "It's time to ...") needs none.
    """
    return _pronoun_opener(_lowered(_opening(sentence)))


def _pronoun_opener(lowered: list[str]) -> bool:
    tokens = _skip_connectives(lowered)
    if not tokens:
        return False
    if tokens[0] in _INTRODUCERS or tokens[0].endswith(("ed", "ing")):
        comma = tokens.index(",") if "," in tokens[:10] else -1
        if comma > 0:
            if any(t in _PERSONAL_FORMS for t in tokens[:comma]):
                return True
            tokens = tokens[comma + 1 :]
            if not tokens:
                return False
    if tokens[0] not in _PRONOUN_OPENERS:
        return False
    if tokens[0] in {"it", "it's"} and _EXPLETIVE_IT_RE.match(" ".join(tokens[:7])):
        return False
    if tokens[0] in _DEMONSTRATIVES:
        second = tokens[1].removesuffix("'s") if len(tokens) > 1 else ""
        if second in _TIME_NOUNS:
            return False
        return not second.isalpha() or second in _DEMONSTRATIVE_VERBS or second in _PHRASE_END
    return True


def _description_of(tokens: list[str]) -> set[str] | None:
    """The words of a definite description opening a sentence ("The 56-year-old", "The
    company's chief", "The idea of an overhaul"), or None when it opens with something else
    (a name such as "The White House", a time phrase such as "This week")."""
    if len(tokens) < 2 or tokens[0].lower() not in _DETERMINERS:
        return None
    phrase: list[str] = []
    for token in tokens[1:7]:
        if token.lower() in _PHRASE_END or not token[0].isalnum():
            break
        phrase.append(token)
    if not phrase or all(t[0].isupper() for t in phrase):
        return None
    head = phrase[1:2] if phrase[0].lower() in _TIME_MODIFIERS else phrase[:1]
    if head and head[0].lower() in _TIME_NOUNS:
        return None
    return {_stem(t.lower()) for t in phrase if t.lower() not in _STOPWORDS}


def is_quote_only(sentence: str) -> bool:
    """True for a quote with its cue (“...,” she said.) or a sentence mostly in quotes."""
    stripped = sentence.lstrip()
    if stripped[:1] in _OPENING_MARKS or stripped.startswith("''"):
        return True
    quoted = sum(len(m.group(0)) for m in _QUOTED_RE.finditer(sentence))
    return quoted >= 0.5 * len(sentence)


def _is_headline(sentence: str) -> bool:
    """A related-link headline in Title Case ("Senate Passes Harbor Bill In Late Vote.")."""
    tokens = sentence.split()
    if len(tokens) < 4 or sum(t[0].isupper() for t in tokens) < 0.6 * len(tokens):
        return False  # (the cheap test first: most sentences stop here)
    letters: list[str] = _LETTERS_RE.findall(sentence)
    long_words = [t for t in letters if len(t) >= 4]
    if len(long_words) < 3:
        return False
    lower_case = sum(not t[0].isupper() for t in long_words)
    return lower_case <= len(long_words) // 10  # Title Case: every long word capitalised


def _ends_like_sentence(sentence: str) -> bool:
    tail = sentence.rstrip("\"'”’)] ")
    return tail.endswith((".", "。"))


def ineligible_reason(sentence: str) -> str | None:
    """The name of the rule that keeps `sentence` out of any summary, or None."""
    s = sentence.strip()
    if "\n" in s:
        return "several lines"
    if not _ends_like_sentence(s) or s[0].islower() or s[0] in _FRAGMENT_OPENERS:
        return "not a sentence"  # headings, "Transcript as follows:", questions, fragments
    for name, pattern, _ in _SKIP:
        if pattern.fullmatch(s) is not None:
            return name
    if len(s) < _MIN_CHARS:
        return "too short"  # (prose: "Hong Kong is burning." opens an editorial)
    if _LABEL_RE.match(s):
        return "speaker label"  # a transcript's "SMITH: ..." is someone's words
    if is_quote_only(s):
        return "quote"
    if _is_headline(s):
        return "headline"
    if is_boilerplate(s):
        return "boilerplate"
    lowered = s.lower()
    for name, hint, pattern, _ in _WEAK:
        if hint in lowered and pattern.search(lowered) is not None:
            return name
    return None


def paragraph_numbers(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The paragraph (counted by line breaks) of each sentence span of `text`."""
    out: list[int] = []
    paragraph = 0
    previous_end = 0
    for start, end in spans:
        if "\n" in text[previous_end:start]:
            paragraph += 1
        out.append(paragraph)
        previous_end = end
    return out


def _quote_interior(sentences: Sequence[str], paragraphs: Sequence[int] | None) -> list[bool]:
    """For each sentence, whether it starts inside someone's words opened before it.

    Curly marks open and close, a straight mark (" or '') toggles. A quotation left open at
    the end of a paragraph carries on only if the next paragraph opens with a mark (the
    convention for multi-paragraph quotes). A paragraph that follows one ending in a colon
    ("Caddell continued:", "Jane Roe, Harbor Gazette:") is quoted matter too. Without
    paragraph numbers every sentence is taken to share one paragraph: the cautious reading.
    """
    inside: list[bool] = []
    open_ = False
    block = False
    for i, sentence in enumerate(sentences):
        new_paragraph = paragraphs is not None and i > 0 and paragraphs[i] != paragraphs[i - 1]
        if new_paragraph:
            previous = sentences[i - 1].rstrip()
            block = previous.endswith(":")
            if open_ and not sentence.lstrip().startswith(("“", '"', "''")):
                open_ = False
        inside.append(open_ or block)
        for mark in _MARK_RE.findall(sentence):
            if mark == "“":
                open_ = True
            elif mark == "”":
                open_ = False
            else:
                open_ = not open_
    return inside


def _names_a_person(sentence: str) -> bool:
    for match in _NAME_RE.finditer(sentence):
        _, name = split_title(match.group(0))
        if not name or is_function_word(name.split()[0]) or is_organisation(name):
            continue
        if match.start() == 0 and " " not in name:
            continue  # any sentence opens with a capital: "Officials said ..."
        return True
    return False


class _Needs:
    """What a sentence needs before it in the summary to be understood."""

    __slots__ = ("person", "previous", "words")

    def __init__(self, sentence: str, *, opens_article: bool) -> None:
        self.previous = False  # the article's sentence just before it
        self.person = False  # ... and a person named in the run of chosen sentences ending there
        self.words: set[str] | None = None  # ... or one of these words earlier in the summary
        opening = _opening(sentence)
        tokens = _lowered(opening)
        if tokens and tokens[0] in _CONNECTIVES:
            self.previous = True
        if _pronoun_opener(tokens):
            self.previous = True
            rest = _skip_connectives(tokens)
            self.person = bool(rest) and rest[0] in _PERSONAL
        elif not self.previous and not opens_article:
            # (a description in the article's first sentence refers to nothing before it)
            self.words = _description_of(opening)

    def met(
        self, i: int, chosen: Sequence[int], context: set[str], persons: Sequence[bool]
    ) -> bool:
        if self.words is not None:
            return i - 1 in chosen or bool(self.words & context)
        if not self.previous:
            return True
        if i - 1 not in chosen:
            return False
        if not self.person:
            return True
        j = i - 1
        while j in chosen:
            if persons[j]:
                return True
            j -= 1
        return False


def summarize(
    sentences: Sequence[str],
    *,
    title: str = "",
    budget: int = 400,
    max_sentences: int = 3,
    paragraphs: Sequence[int] | None = None,
) -> tuple[int, ...]:
    """Indexes (in reading order) of the sentences that make the summary.

    `budget` is the character ceiling: the summary joined with single spaces (datelines cut,
    see `strip_dateline`) is at most that long. `paragraphs` gives the paragraph number of
    each sentence (`paragraph_numbers`); without it the quotation check is more cautious.
    """
    if not sentences or max_sentences < 1:
        return ()
    limit = _DEPTH * sum(len(s) + 1 for s in sentences)
    head = [strip_dateline(s) for s in sentences[:_WINDOW]]
    interior = _quote_interior(head, paragraphs)
    title_words = _words(title)
    candidates: list[int] = []
    first_prose: int | None = None  # the first sentence that is not furniture
    sentence_words: dict[int, set[str]] = {}
    position: dict[int, float] = {}  # how far into the story: earlier candidates count 1,
    passed = 0.0  # other prose (quotes, weak sentences) 1/2, furniture nothing
    offset = 0
    for i, sentence in enumerate(head):
        start, offset = offset, offset + len(sentences[i]) + 1
        if start > limit or len(candidates) >= _MAX_CANDIDATES:
            break
        reason = ineligible_reason(sentence)
        if reason not in _FURNITURE:
            first_prose = i if first_prose is None else first_prose
            passed += 0.5
        if reason is not None or interior[i] or len(sentence) > budget:
            continue
        sentence_words[i] = _words(sentence)
        if title_words and _jaccard(sentence_words[i], title_words) >= _TITLE_JACCARD:
            continue
        position[i] = passed - 0.5 + 0.5 * len(candidates)
        candidates.append(i)
    if not candidates:
        return ()
    doc_counts: Counter[str] = Counter(_WORD_RE.findall(" ".join(sentences).lower()))
    for stopword in _STOPWORDS:  # cheaper than testing every word of the article
        doc_counts.pop(stopword, None)
    value: dict[int, float] = {}
    stems: dict[int, set[str]] = {}
    words_of: dict[int, set[str]] = {}
    needs: dict[int, _Needs] = {}
    for i in candidates:
        ws = sentence_words[i]
        centrality = sum(min(doc_counts[w] - 1, 3) for w in ws) / (3 * max(len(ws), 1))
        in_title = len(ws & title_words) / max(len(title_words), 1)
        value[i] = 1.0 / (1.0 + position[i]) + 0.35 * centrality + 0.25 * in_title
        stems[i] = _content_stems(head[i])
        words_of[i] = {_stem(w) for w in ws} | stems[i]
        needs[i] = _Needs(head[i], opens_article=i == first_prose)
    persons = [_names_a_person(s) for s in head[: candidates[-1] + 1]]
    gain = {i: value[i] - _WORTH for i in candidates}
    best: list[tuple[float, tuple[int, ...]]] = [(float("-inf"), ())]

    # Depth first, in article order: whether a sentence may join depends only on those chosen
    # before it, so a combination that fails is never extended (at most 92 nodes for 8 and 3).
    def extend(
        start: int, chosen: tuple[int, ...], used: int, context: set[str], score: float
    ) -> None:
        if chosen and score > best[0][0] + 1e-9:
            best[0] = (score, chosen)
        if len(chosen) >= max_sentences:
            return
        for k in range(start, len(candidates)):
            i = candidates[k]
            cost = len(head[i]) + (1 if chosen else 0)
            if used + cost > budget:
                continue
            if any(_duplicate(stems[i], stems[j]) for j in chosen):
                continue
            if not needs[i].met(i, chosen, context, persons):
                continue
            extend(k + 1, (*chosen, i), used + cost, context | words_of[i], score + gain[i])

    extend(0, (), 0, {_stem(w) for w in title_words}, 0.0)
    return best[0][1]


def _duplicate(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return shared >= _DUPLICATE_MIN and shared >= _DUPLICATE_SHARE * min(len(a), len(b))


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
