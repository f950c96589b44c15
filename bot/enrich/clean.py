"""Clean extracted article text: keep the story's paragraphs, drop what is not the story.

Extractors hand back the article body with the page's furniture still attached: share and
follow prompts, bylines, datelines, photo credits, "Read more" links, newsletter pitches.
Each is recognised line by line with anchored patterns, so a sentence of the story that merely
mentions Facebook or a newsletter is never dropped (only short lines that *are* the prompt).
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_boilerplate", "is_furniture", "is_table_row"]

_SOCIAL = (
    r"(?:facebook|twitter|x|instagram|linkedin|youtube|telegram|tiktok|threads|flipboard|"
    r"whatsapp|reddit|pinterest|bluesky|mastodon|google news|apple news)"
)

# Whole-line patterns (matched case-insensitively against a stripped line).
_LINE_PATTERNS: tuple[str, ...] = (
    # "Like The Rundown News on Facebook:", "Follow us on Twitter", "Join us on Telegram"
    r"(?:like|follow|join|find|connect with|friend|subscribe to|watch)\b.{0,80}"
    rf"\b(?:on|via) {_SOCIAL}\b.{{0,40}}",
    r"(?:share|tweet|pin|email|print|post)(?: (?:this|the))?(?: (?:article|story|post|page))?"
    rf"(?: (?:on|via|to) {_SOCIAL})?\s*[:!.]?",
    rf"{_SOCIAL}(?:\s*[|/,·•]\s*{_SOCIAL})*\s*[:.]?",
    r"(?:read|see|click|tap|watch|listen)(?: here)?(?: for)? "
    r"(?:more|also|the full (?:story|article)|next)\b.{0,120}",
    r"(?:click|tap) here\b.{0,160}",
    r"this (?:shop|post|article|story|content) (?:has been|was|is) (?:compensated|sponsored)"
    r"\b.{0,160}",
    r"(?:related|recommended|more from|most read|trending|popular|also read|more on this story)"
    r"(?: (?:stories|articles|coverage|content|reading))?\b.{0,120}",
    r"(?:continue reading|story continues below|advertisement|ad|sponsored(?: content)?|"
    r"loading\.*|comments?|\d+ comments?|skip to (?:main )?content)\s*[.:]?",
    r"(?:get|receive) (?:the latest|our|breaking).{0,80}"
    r"\b(?:inbox|email|newsletter|alerts)\b.{0,60}",
    # bylines: "By Jane Doe", "By JANE DOE and John Roe, Associated Press", "Written by ..."
    r"(?:by|written by|reporting by|words by|story by)\s+[A-Z][\w.'’-]*"
    r"(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,8}(?:\s*[|,|-]\s*.{0,60})?",
    # photo/image credits
    r"(?:\(?(?:photo|image|picture|video|illustration|graphic|file photo|credit|photograph)s?"
    r"(?: credit)?\s*(?:by|:|/|courtesy of)).{0,160}",
    r".{0,160}\((?:AP|Reuters|AFP|Getty|EPA)[^)]{0,40}(?:Photo|Images?)[^)]{0,60}\)\s*",
    # legal furniture
    r"(?:©|\(c\)|copyright)\s*.{0,160}",
    r"(?:this (?:article|story) (?:was )?(?:originally )?"
    r"(?:appeared|published|first published)).{0,200}",
)
_LINE_RE = re.compile("|".join(f"(?:{p})" for p in _LINE_PATTERNS), re.IGNORECASE)

# Whole-line patterns whose telling words may come anywhere in the line. Each is tried only
# when one of its words is in the lower-cased line: these patterns scan the line from every
# position, and tried on every short line they were three quarters of the cleaning time.
_ANYWHERE_PATTERNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("affiliate link",), r".{0,120}\b(?:contains|may contain) affiliate links?\b.{0,120}"),
    (
        ("sign up", "subscribe", "register"),
        r".{0,120}\b(?:sign up|subscribe|register)\b.{0,80}"
        r"\b(?:newsletter|inbox|email|updates|alerts)\b.{0,80}",
    ),
    (
        ("newsletter",),
        r".{0,80}\bnewsletter\b.{0,80}\b(?:sign up|subscribe|inbox|delivered)\b.{0,80}",
    ),
    # photo credits inside a caption line
    (
        ("getty images", "ap photo", "shutterstock", "afp via getty", "reuters/"),
        r".{0,120}(?:getty images|ap photo|shutterstock|afp via getty|reuters/)[^.]{0,60}",
    ),
    (("all rights reserved",), r".{0,120}\ball rights reserved\b.{0,40}"),
)
_ANYWHERE = tuple((words, re.compile(p, re.IGNORECASE)) for words, p in _ANYWHERE_PATTERNS)

# Bylines must start with a capitalised "By"; the case-insensitive line pattern above would
# otherwise drop a story line such as "by then, the money was gone".
_BYLINE_CASE_RE = re.compile(r"^(?:By|BY|Written by|Reporting by|Words by|Story by)\s")
_BYLINE_HINT_RE = re.compile(r"^(?:by|written by|reporting by|words by|story by)\s", re.IGNORECASE)

# A dateline opens the first paragraphs: "WASHINGTON (AP) — ", "NEW YORK, Jan. 5 (Reuters) - ".
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s+[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+)?)?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z .&]{1,30}\))?\s*[—–-]{1,2}\s+"
)

# A cheap first test (plain substring checks): every furniture pattern holds one of these.
_TRIGGERS = (
    "facebook",
    "twitter",
    "x",
    "instagram",
    "linkedin",
    "youtube",
    "telegram",
    "tiktok",
    "threads",
    "flipboard",
    "whatsapp",
    "reddit",
    "pinterest",
    "bluesky",
    "mastodon",
    "news",
    "share",
    "tweet",
    "pin",
    "email",
    "print",
    "post",
    "read",
    "see",
    "click",
    "tap",
    "watch",
    "listen",
    "related",
    "recommended",
    "more",
    "trending",
    "popular",
    "continue",
    "ad",
    "sponsored",
    "loading",
    "comment",
    "skip",
    "sign up",
    "subscribe",
    "register",
    "newsletter",
    "get",
    "receive",
    "by",
    "written",
    "reporting",
    "words",
    "story",
    "photo",
    "image",
    "picture",
    "video",
    "illustration",
    "graphic",
    "credit",
    "getty",
    "shutterstock",
    "reuters",
    "©",
    "(c)",
    "copyright",
    "rights reserved",
    "this",
    "affiliate",
    "compensated",
    "afp",
    "epa",
)
_TRIGGER_RE = re.compile("|".join(re.escape(t) for t in _TRIGGERS))
_MAX_FURNITURE_LEN = 220
# Runs of spaces and odd spaces; a lone plain space is left alone (replacing it by itself
# for every word was a tenth of the cleaning time).
_SPACES_RE = re.compile(
    r"(?: [ \t\u00a0\u2009\u200a\u202f\u3000]|[\t\u00a0\u2009\u200a\u202f\u3000])"
    r"[ \t\u00a0\u2009\u200a\u202f\u3000]*"
)
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


_MAX_CELL_CHARS = 200


def is_table_row(line: str) -> bool:
    """True for a table row as extraction renders it ("Bridges | 2.4 million | 22%"): cells
    joined by " | ", none of them a paragraph (a long line that merely holds a " | ", such as
    "[Reuters | AP]" in a news digest, is prose)."""
    return " | " in line and all(len(cell) <= _MAX_CELL_CHARS for cell in line.split(" | "))


def is_boilerplate(line: str) -> bool:
    """True when a line is no sentence of the story to summarise: page furniture, or a table
    row (kept in the article's text by `clean_text`, for topics and names, but a summary made
    of "DL | Larry Ogunjobi | 63 | 85% | 1 tackle." reads as nothing)."""
    return is_table_row(line) or is_furniture(line)


def is_furniture(line: str) -> bool:
    """True when a whole line is page furniture rather than part of the story."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) > _MAX_FURNITURE_LEN:
        return False
    lowered = stripped.lower()
    if _TRIGGER_RE.search(lowered) is None:
        return False
    if _BYLINE_HINT_RE.match(stripped) and not _BYLINE_CASE_RE.match(stripped):
        return False
    if _LINE_RE.fullmatch(stripped) is not None:
        return True
    return any(
        any(word in lowered for word in words) and pattern.fullmatch(stripped) is not None
        for words, pattern in _ANYWHERE
    )


DATELINE_PARAGRAPHS = 3  # a dateline opens one of the first paragraphs only
_AGENCY_DATELINE_RE = re.compile(r"^\((?:Reuters|AP|AFP|CNN|Bloomberg|UPI)\)\s*[—–-]{1,2}\s*")


def dateline_end(paragraph: str) -> int:
    """Where the dateline opening `paragraph` ends ("WASHINGTON (AP) — "), or 0."""
    agency = _AGENCY_DATELINE_RE.match(paragraph)
    if agency is not None and len(paragraph) - agency.end() >= 20:
        return agency.end()
    match = _DATELINE_RE.match(paragraph)
    if match is None:
        return 0
    rest = paragraph[match.end() :]
    # Only a real dateline leaves a sentence behind it.
    if len(rest) < 20 or (not rest[:1].isupper() and rest[:1] not in "“\"'‘"):
        return 0
    head = match.group(0)
    letters = [c for c in head if c.isalpha()]
    if sum(c.isupper() for c in letters) < 0.8 * len(letters) and "(" not in head:
        return 0
    return match.end()


def clean_text(text: str) -> str:
    """Return the story's paragraphs, separated by blank lines, without page furniture.

    Whitespace inside a line is normalised (non-breaking and thin spaces become spaces,
    zero-width characters go); line breaks inside a paragraph are kept as paragraph breaks,
    since extractors emit one paragraph per line.
    """
    text = _ZERO_WIDTH_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES_RE.sub(" ", text)
    paragraphs: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or is_furniture(line):
            continue
        if len(paragraphs) < DATELINE_PARAGRAPHS:
            line = line[dateline_end(line) :]
        paragraphs.append(line)
    return "\n\n".join(paragraphs)
