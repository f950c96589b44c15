"""Quotation marks paired into quoted pieces, and where paragraphs and sentences lie.

Pairing reads only the marks and the characters beside them: it decides what is quoted, never
who said it, so it stands apart from cues and speakers. The scare-quote test lives here too, as
it reads only the quoted words, and so does the code test (`in_code`), which reads only the
line around the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ANY_MARK_RE",
    "QUOTED_RE",
    "WORDS_RE",
    "Piece",
    "in_code",
    "is_scare",
    "is_term",
    "is_title",
    "pair_marks",
    "paragraph_spans",
    "sentence_bounds",
]

ANY_MARK_RE = re.compile(r"[“”\"]")
QUOTED_RE = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")  # a passage in marks, within a paragraph


@dataclass(frozen=True, slots=True)
class Piece:
    open: int  # index of the opening mark
    close: int | None  # index of the closing mark, None when open-ended
    end: int  # end of the quoted text (close, or end of paragraph)
    paragraph: int


def pair_marks(text: str, p_start: int, p_end: int, index: int) -> list[Piece]:
    pieces: list[Piece] = []
    open_at: int | None = None
    for found in ANY_MARK_RE.finditer(text, p_start, p_end):
        i = found.start()
        ch = text[i]
        if ch == "“":
            open_at = i
        elif ch == "”":
            if open_at is not None:
                pieces.append(Piece(open_at, i, i, index))
                open_at = None
        else:
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            if open_at is None:
                if prev.isdigit() or (
                    prev == " " and text[i - 2 : i - 1].isdigit() and not nxt.isalnum()
                ):
                    continue  # an inch or second mark, not a quote: 65", 70" TVs; 9' 58"
                if not nxt.isspace():
                    open_at = i
            elif not prev.isspace() or nxt.isspace() or nxt in ",.;:!?)":
                pieces.append(Piece(open_at, i, i, index))
                open_at = None
            else:
                open_at = i
    if open_at is not None and p_end - open_at > 1:
        pieces.append(Piece(open_at, None, p_end, index))
    return pieces


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]


def sentence_bounds(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = spans[mid]
        if pos < a:
            hi = mid - 1
        elif pos >= b:
            lo = mid + 1
        else:
            return a, b
    return pos, pos


_SCARE_MAX_WORDS = 4
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I’m|we|We|we're|we’re|my|My|our|Our|us|me)\b")
WORDS_RE = re.compile(r"[\w’'\-]+")


def is_scare(inner: str) -> bool:
    words = WORDS_RE.findall(inner)
    if len(words) > _SCARE_MAX_WORDS:
        return False
    return not (_FIRST_PERSON_RE.search(inner) and len(words) >= 3)


# A title in quotation marks: a show, a book, a song ("on Harbour TV’s “Week in Review”", "her
# book, “Harbour Lights”"). Short, in title case, after a possessive or a word for a work.
_TITLE_MAX_WORDS = 6
_TITLE_BEFORE_RE = re.compile(
    r"(?:[’']s|\b(?:book|memoir|novel|show|program|programme|film|movie|documentary|album|"
    r"song|single|track|anthem|ballad|musical|poem|episode|series|podcast|column|newsletter|"
    r"titled|entitled|on|called|named|interview\s+with|appearance\s+on|including|"
    r"starred\s+in|stars\s+in|starring|in|told|host\s+of|author\s+of|founder\s+of|"
    r"pseudonym|leads|(?:episode|season|edition|issue)\s+of|"
    # a verb of making or performing a work: "sang “Wild Harbour Blues”", "wrote “The Pier”"
    r"sang|sings|singing|performed|performs|recorded|released|wrote|writes|published|"
    r"directed|produced|painted|hosted|hosts|read\s+(?:from|aloud)|watched|screened|"
    r"reviewed|adapted|cover\s+of|hit|bestseller|best-seller|play|opera|painting|exhibition|"
    r"game|app|brand|franchise|campaign\s+ad|ad\s+called|video))\s*,?\s*$"
)
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from"}
    | {"nor", "but", "as", "is", "vs"}
    # (particles in titles in other languages: "Los Hijos de Trump", "Madre Tierra")
    | {"de", "del", "la", "le", "les", "des", "du", "di", "da", "el", "von", "van", "der"}
)


_VOWEL_RE = re.compile(r"[AEIOUY]")


def title_case(inner: str) -> bool:
    """Short and in title case, as a title is ("Week in Review"), not somebody's words."""
    words = WORDS_RE.findall(inner)
    if not words or len(words) > _TITLE_MAX_WORDS or not words[0][:1].isupper():
        return False
    if any(w[:1].islower() and w.lower() not in _SMALL_WORDS for w in words):
        return False  # a phrase in sentence case ("dead on arrival") is somebody's words
    bare = inner.strip(" ,.!?")
    # “NO!”: a shout; but a word with no vowel is a show's initials (“DWTS”, “CNN”)
    return not (len(words) == 1 and bare.isupper() and _VOWEL_RE.search(bare) is not None)


# A term or a name put in marks, not words said: "never used the term “...”", "the
# so-called “...”", "known as “...”", "calls himself “...”". Only short ones: a sentence
# after "the phrase" is a quote.
_TERM_BEFORE_RE = re.compile(
    r"(?:\b(?:term|terms|nickname|nicknamed|moniker|label|labels|hashtag|dubbed|"
    r"known\s+as|so-called|so\s+called|(?:calls?|called|calling)\s+(?:himself|herself|itself|"
    r"themselves))|\bthe\s+(?:word|name))\s*,?\s*$",
    re.IGNORECASE,
)
_TERM_MAX_WORDS = 5


def is_term(text: str, open_at: int, inner: str) -> bool:
    """Whether the quote opening at `open_at` is a term or a nickname named, not words said."""
    return (
        len(WORDS_RE.findall(inner)) <= _TERM_MAX_WORDS
        and _TERM_BEFORE_RE.search(text, max(0, open_at - 40), open_at) is not None
    )


# A line of code, a config file or a shell session: marks there delimit strings, not speech.
# Read on the line around a quote (set J: blog and technical posts).
_PROSE_WORD = (
    r"(?:said|says|told|tells|asked|wrote|writes|added|replied|called|read|reads|and|or|but|as|"
    r"the|a|an|of|to|in|on|at|for|with|by|from|that|this|is|was|be|are|were|his|her|their|its|"
    r"our|my|your|we|i|you|he|she|they|not|so|if|like|than|then|some|any|no|all|what|who)"
)
_CODE_BEFORE_RE = re.compile(
    # a key opening the line, or an assignment: `description: "...`, `- name: "...`,
    # `name = "...`, `x == "...`
    r"^\s*(?:-\s+)?[a-z_\"'][\w.\-\[\]\"']*\s*:\s*$"
    r"|[\w\]\)]\s*(?:=|==|!=|:=|=>|\+=)\s*[fbr]?$"
    # a call or a list: `print("...`, `it("...`, `["a", "...`, `{"...`, `f"...`
    r"|[\w$\]\)]\(\s*[fbr]?$|[\[{]\s*[fbr]?$|\",\s*$|[(,]\s*[fbr]$"
    # an option: `-m "...`, `--title "...`
    r"|(?:^|\s)-{1,2}[a-z][\w\-]*\s+$",
    re.MULTILINE,
)
# after the closing mark: a call or a statement closing, or a JSON key's value
_CODE_AFTER_RE = re.compile(r"[ \t]*(?:\)[ \t]*[;{]|[\]};]|,[ \t]*(?:\n[ \t]*)?[\[{])")
_JSON_KEY_AFTER_RE = re.compile(r"[ \t]*:[ \t]*[\[{\"\d]")  # `"name": "...`, a key with no spaces
# A line that opens as code does: a prompt, or a keyword and what follows it in code
_CODE_LINE_RE = re.compile(
    r"[ \t]*(?:[$#%]\s|>>>\s|(?:def|function)\s+\w+\s*\(|class\s+\w+\s*[:({]|import\s+[\w{*]|"
    r"from\s+\S+\s+import\b|(?:print|echo|puts|printf|console\.\w+|logger\.\w+|assert|"
    r"describe|it|test|expect)\s*\(|(?:const|let|var)\s+\w+\s*=|(?:echo|curl|docker|git|npm|pip|"
    r"sudo|export|set|brew|apt|cargo|go|kubectl)\s+[\w\-]+\s"
    # a lower-case keyword and a name, then a string: `let message "...`, `it "...`,
    # `test "...` (not a wrapped sentence's "said "..." nor "and the "...")
    rf"|(?!{_PROSE_WORD}[ \t])[a-z_][\w.]*(?:[ \t]+(?!{_PROSE_WORD}[ \t])[a-z_][\w.]*)?[ \t]+\")"
)


_CODE_BEFORE_REACH = 80
_CODE_LINE_REACH = 2000  # a line longer than this before the mark is read from there


def in_code(text: str, open_at: int, close_at: int | None) -> bool:
    """Whether the quote whose marks sit at `open_at` and `close_at` is a string in a line of
    code, a config file or a shell session ("description: "He repeated the point"",
    `it("returns the full name")`, "$ echo "hello""), not words anyone said."""
    if text[open_at] != '"':
        return False  # (code keeps straight marks; curly ones are typeset prose)
    reach = max(0, open_at - _CODE_LINE_REACH)
    newline = text.rfind("\n", reach, open_at)
    line_start = newline + 1 if newline >= 0 or reach == 0 else None  # (None: too far back)
    # (what stands before the mark is read 80 characters back at most: a line of a
    # thousand strings is read once per string, not once per string and line)
    if _CODE_BEFORE_RE.search(text, max(line_start or 0, open_at - _CODE_BEFORE_REACH), open_at):
        return True
    if line_start is not None and _CODE_LINE_RE.match(text, line_start):
        return True
    if close_at is None:
        return False
    if _CODE_AFTER_RE.match(text, close_at + 1):
        return True
    key = text[open_at + 1 : close_at]
    return (
        bool(key)
        and not any(c.isspace() for c in key)
        and bool(_JSON_KEY_AFTER_RE.match(text, close_at + 1))
    )


def is_title(text: str, open_at: int, inner: str) -> bool:
    return (
        title_case(inner)
        and _TITLE_BEFORE_RE.search(text, max(0, open_at - 40), open_at) is not None
    )
