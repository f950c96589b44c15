"""Direct quotes and who said them.

The finder works in three passes over the cleaned text:

1. **Marks.** Pair quotation marks paragraph by paragraph (curly marks by shape, straight
   marks by what stands either side). An opening mark with no closing one runs to the end of
   its paragraph: the news convention for a quote that goes on in the next paragraph.
2. **Cues.** Look for a speech cue in the rest of the quote's sentence: after the quote
   ("X said", "said X, a spokesman for Y", "according to X", "he continued", "X told Y") and
   then before it ("X said:", "According to X, ..."). A cue names a person or organisation, a
   noun phrase ("a spokesman", "officials") or a pronoun.
3. **Speakers.** Pronouns go to the last named person who spoke (or was the subject nearby);
   surnames go to the full name given earlier; a quote with no cue inherits the speaker of
   the quote just before it when it opens its sentence in the same paragraph, or opens the
   next paragraph (the quote continuing). Anything else is unattributed (speaker None):
   never guessed. A short quoted phrase with no speaker is a scare quote, not a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import NAME_PATTERN, NameRegistry, is_organisation, split_title
from .sentences import sentence_spans
from .types import Quote

__all__ = ["find_quotes"]

_VERBS = (
    "said|says|say|told|tells|tell|added|adds|continued|continues|went on|wrote|writes|"
    "tweeted|tweets|posted|stated|states|explained|explains|noted|notes|asked|asks|replied|"
    "replies|responded|argued|argues|insisted|insists|claimed|claims|declared|declares|"
    "warned|warns|announced|announces|reported|reports|recalled|recalls|acknowledged|"
    "admitted|admits|observed|suggested|suggests|remarked|concluded|complained|joked|quipped|"
    "predicted|pointed out|emphasized|emphasised|stressed|contended|maintained|countered|"
    "urged|testified|conceded|boasted|lamented|vowed|promised|cautioned|charged|shouted|"
    "yelled|exclaimed|mused|offered|agreed|confirmed|confirms|cautions|adding|saying|"
    "writing|telling|according to|wondered|thundered|snapped|told reporters"
)
_ADVERBS = (
    r"(?:reportedly|also|later|then|recently|previously|once|further|again|simply|"
    r"flatly|bluntly|repeatedly|publicly|privately|earlier|had|has|have|would|will|"
    r"once|famously|allegedly|apparently|reportedly)"
)
_DET = r"(?:the|a|an|another|one|two|three|four|several|some|many|other|his|her|their|its|one of)"
_PLURAL_NOUNS = (
    r"(?:officials|sources|critics|experts|analysts|aides|residents|observers|supporters|"
    r"opponents|protesters|protestors|advocates|lawmakers|investigators|authorities|police|"
    r"prosecutors|officers|researchers|voters|people|activists|scientists|economists|"
    r"doctors|witnesses|organizers|organisers|leaders|members|staffers|insiders|neighbors|"
    r"neighbours|parents|students|teachers|workers|employees|executives|diplomats)"
)
_NP = rf"(?:{_DET}\s+(?:[\w’'.\-]+\s+){{0,6}}?[\w’'\-]+|(?:[a-z][\w\-]+\s+){{0,2}}{_PLURAL_NOUNS})"
_PRONOUN = r"(?:he|she|they|we|I|He|She|They|We)"
_SUBJECT = rf"(?P<who>{NAME_PATTERN}|{_PRONOUN}|{_NP})"
_ROLE_APPOSITION = (
    r"(?:,\s*(?P<role>(?:a|an|the|who|[\w’'\-]+\s+(?:of|for|at))\b[^,“”\"]{2,120}),)?"
)
_VERB_GROUP = rf"(?:{_ADVERBS}\s+){{0,2}}(?P<verb>{_VERBS})\b"

_TAIL_INVERTED_RE = re.compile(
    rf"^\s*,?\s*(?:{_ADVERBS}\s+)?(?P<verb>{_VERBS})\s+(?P<who>{NAME_PATTERN}|{_NP})(?P<rest>[^“\"]*)",
    re.DOTALL,
)
_TAIL_SUBJECT_RE = re.compile(rf"^\s*,?\s*(?:and\s+)?{_SUBJECT}{_ROLE_APPOSITION}\s+{_VERB_GROUP}")
_TAIL_ACCORDING_RE = re.compile(rf"^\s*,?\s*according to\s+(?P<who>{NAME_PATTERN}|{_NP})")
_HEAD_ACCORDING_RE = re.compile(rf"\b[Aa]ccording to\s+(?P<who>{NAME_PATTERN}|{_NP})\s*,")
_HEAD_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-]){_SUBJECT}{_ROLE_APPOSITION}\s+{_VERB_GROUP}(?P<after>[^“”\"]{{0,120}})$"
)
_HEAD_INVERTED_RE = re.compile(
    rf"\b(?P<verb>said|says|wrote|added|asked)\s+(?P<who>{NAME_PATTERN}|{_NP})"
    rf"(?:,\s*(?P<role>[^,“”\"]{{2,120}}))?[,:]\s*$"
)
_APPOSITION_AFTER_RE = re.compile(r"^,\s*(?P<role>(?:a|an|the)\s[^,.;“”\"]{2,120}?)\s*(?:[,.;]|$)")
_TITLE_BEFORE_RE = re.compile(
    r"(?P<role>(?:[A-Z][\w.’'\-]*\s+){0,5}(?:Mayor|President|Senator|Sen\.|Rep\.|Gov\.|"
    r"Governor|Secretary|Minister|Chairman|Chairwoman|Director|Spokesman|Spokeswoman|"
    r"Attorney General|Chief|Judge|Commissioner|Sheriff|Speaker|Leader|Ambassador|CEO))\b"
)

_SCARE_MAX_WORDS = 4
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I’m|we|We|we're|we’re|my|My|our|Our|us|me)\b")
_WORDS_RE = re.compile(r"[\w’'\-]+")
_SPEECH_VERB_IN_WHO_RE = re.compile(rf"\b(?:{_VERBS})\b")


@dataclass(frozen=True, slots=True)
class _Piece:
    open: int  # index of the opening mark
    close: int | None  # index of the closing mark, None when open-ended
    end: int  # end of the quoted text (close, or end of paragraph)
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Mention:
    text: str
    start: int
    end: int
    role: str | None
    kind: str  # "name", "pronoun" or "np"


def _pair_marks(text: str, p_start: int, p_end: int, index: int) -> list[_Piece]:
    pieces: list[_Piece] = []
    open_at: int | None = None
    for i in range(p_start, p_end):
        ch = text[i]
        if ch == "“":
            open_at = i
        elif ch == "”":
            if open_at is not None:
                pieces.append(_Piece(open_at, i, i, index))
                open_at = None
        elif ch == '"':
            prev = text[i - 1] if i > p_start else " "
            nxt = text[i + 1] if i + 1 < p_end else " "
            if open_at is None:
                if not nxt.isspace():
                    open_at = i
            elif not prev.isspace() or nxt.isspace() or nxt in ",.;:!?)":
                pieces.append(_Piece(open_at, i, i, index))
                open_at = None
            else:
                open_at = i
    if open_at is not None and p_end - open_at > 1:
        pieces.append(_Piece(open_at, None, p_end, index))
    return pieces


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]


def _clean_who(who: str) -> str:
    return who.strip().strip(",").strip()


def _mention(who: str, start: int, role: str | None) -> _Mention | None:
    who = _clean_who(who)
    if not who or len(who) > 90:
        return None
    if _SPEECH_VERB_IN_WHO_RE.search(who):
        return None
    lower = who.lower()
    if lower in {"he", "she", "they", "we", "i"}:
        return _Mention(who, start, start + len(who), None, "pronoun")
    if who[0].isupper():
        title, name = split_title(who)
        if not name or name.lower() in {"it", "this", "that", "there", "you"}:
            return None
        offset = who.find(name)
        role = role or (title or None)
        return _Mention(name, start + offset, start + offset + len(name), role, "name")
    if lower.split()[0] in {"it", "this", "that", "there", "which", "what", "who"}:
        return None
    return _Mention(who, start, start + len(who), role, "np")


def _role_from_rest(rest: str) -> str | None:
    match = _APPOSITION_AFTER_RE.match(rest)
    if match:
        return match.group("role").strip()
    return None


def _tail_cue(text: str, start: int, end: int) -> _Mention | None:
    tail = text[start:end]
    match = _TAIL_SUBJECT_RE.match(tail)
    if match:
        mention = _mention(match.group("who"), start + match.start("who"), match.group("role"))
        if mention:
            return mention
    match = _TAIL_INVERTED_RE.match(tail)
    if match:
        role = _role_from_rest(match.group("rest"))
        mention = _mention(match.group("who"), start + match.start("who"), role)
        if mention:
            return mention
    match = _TAIL_ACCORDING_RE.match(tail)
    if match:
        return _mention(match.group("who"), start + match.start("who"), None)
    return None


def _head_cue(text: str, start: int, end: int) -> _Mention | None:
    head = text[start:end]
    match = _HEAD_ACCORDING_RE.search(head)
    if match:
        mention = _mention(match.group("who"), start + match.start("who"), None)
        if mention:
            return mention
    match = _HEAD_INVERTED_RE.search(head)
    if match:
        mention = _mention(match.group("who"), start + match.start("who"), match.group("role"))
        if mention:
            return mention
    match = _HEAD_SUBJECT_RE.search(head)
    if match:
        return _mention(match.group("who"), start + match.start("who"), match.group("role"))
    return None


class _Resolver:
    """Turns mentions into speakers, remembering who spoke last."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.registry = NameRegistry.from_text(text)
        self.last_person: str | None = None
        self.last_speaker: str | None = None
        self.last_was_person = False

    def resolve(self, mention: _Mention, before: int) -> tuple[str | None, str | None]:
        if mention.kind == "pronoun":
            word = mention.text.lower()
            if word in {"he", "she"}:
                return self.last_person, self._role(self.last_person)
            if word in {"they", "we"} and self.last_speaker and not self.last_was_person:
                return self.last_speaker, self._role(self.last_speaker)
            return None, None
        if mention.kind == "np":
            return mention.text, mention.role
        name = self.registry.resolve(mention.text)
        if mention.role:
            self.registry.set_role(name, mention.role)
        return name, mention.role or self._role(name)

    def _role(self, name: str | None) -> str | None:
        return self.registry.role(name) if name else None

    def spoke(self, speaker: str | None, kind: str) -> None:
        if speaker is None:
            return
        self.last_speaker = speaker
        person = kind in {"name", "pronoun"} and not is_organisation(speaker)
        self.last_was_person = person
        if person:
            self.last_person = speaker


def _sentence_bounds(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
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


def _is_scare(inner: str) -> bool:
    words = _WORDS_RE.findall(inner)
    if len(words) > _SCARE_MAX_WORDS:
        return False
    return not (_FIRST_PERSON_RE.search(inner) and len(words) >= 3)


def _quote_text(inner: str) -> str:
    inner = inner.strip()
    return inner.rstrip(",").rstrip()


def _role_of_first_mention(text: str, registry: NameRegistry) -> None:
    """Record roles given where a person is first named ("Mayor Bill de Blasio", "X, a ...")."""
    for name in list(registry._names):
        at = text.find(name)
        if at < 0 or registry.role(name):
            continue
        after = text[at + len(name) : at + len(name) + 160]
        role = _role_from_rest(after)
        if role is None:
            line_start = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at)) + 1
            before = text[line_start:at]
            match = None
            for match in _TITLE_BEFORE_RE.finditer(before):
                pass
            if match is not None:
                role = match.group("role").strip()
        if role:
            registry.set_role(name, role)


def find_quotes(text: str) -> list[Quote]:
    """Every direct quote in `text`, in order, with its speaker where the text gives one."""
    paragraphs = _paragraph_spans(text)
    if not paragraphs:
        return []
    spans = sentence_spans(text)
    resolver = _Resolver(text)
    _role_of_first_mention(text, resolver.registry)
    quotes: list[Quote] = []
    prev_para_speaker: tuple[str | None, str | None] | None = None
    prev_para_open_ended = False
    prev_para_colon: tuple[int, int] | None = None
    for index, (p_start, p_end) in enumerate(paragraphs):
        pieces = _pair_marks(text, p_start, p_end, index)
        para_quotes: list[tuple[_Piece, str | None, str | None, bool]] = []
        prev_end = p_start
        for k, piece in enumerate(pieces):
            s_start, s_end = _sentence_bounds(spans, piece.open)
            head_start = max(s_start, prev_end, p_start)
            next_open = pieces[k + 1].open if k + 1 < len(pieces) else p_end
            tail_start = (piece.close + 1) if piece.close is not None else p_end
            c_start, c_end = _sentence_bounds(spans, max(tail_start - 1, piece.open))
            tail_end = min(max(c_end, tail_start), next_open, p_end)
            mention: _Mention | None = None
            if piece.close is not None:
                mention = _tail_cue(text, tail_start, tail_end)
            if mention is None:
                mention = _head_cue(text, head_start, piece.open)
            head_blank = not text[head_start : piece.open].strip(" —–-:")
            if mention is None and head_blank and k == 0 and prev_para_colon is not None:
                mention = _head_cue(text, prev_para_colon[0], prev_para_colon[1])
            speaker: str | None = None
            role: str | None = None
            cued = mention is not None
            if mention is not None:
                speaker, role = resolver.resolve(mention, piece.open)
                resolver.spoke(speaker, mention.kind)
            prev_end = tail_end
            para_quotes.append((piece, speaker, role, cued))
        # Second pass: quotes with no cue of their own.
        for k, (piece, speaker, role, cued) in enumerate(para_quotes):
            if cued:
                continue
            s_start, _ = _sentence_bounds(spans, piece.open)
            starts_sentence = not text[max(s_start, p_start) : piece.open].strip(" —–-")
            inherited: tuple[str | None, str | None] | None = None
            if starts_sentence and k > 0 and para_quotes[k - 1][1] is not None:
                inherited = (para_quotes[k - 1][1], para_quotes[k - 1][2])
            elif starts_sentence and k == 0:
                # A later quote in the same sentence may carry the cue: "“A,” “B,” X said."
                if k + 1 < len(para_quotes) and para_quotes[k + 1][3]:
                    nxt = para_quotes[k + 1]
                    if _sentence_bounds(spans, nxt[0].open)[0] == s_start:
                        inherited = (nxt[1], nxt[2])
                if inherited is None and prev_para_speaker is not None:
                    if prev_para_open_ended or piece.open == p_start:
                        inherited = prev_para_speaker
            if inherited is not None and inherited[0] is not None:
                para_quotes[k] = (piece, inherited[0], inherited[1], True)
        for piece, speaker, role, cued in para_quotes:
            inner = text[piece.open + 1 : piece.end]
            if not cued and _is_scare(inner):
                continue
            if cued and speaker is None and _is_scare(inner):
                continue
            body = _quote_text(inner)
            if not body:
                continue
            end = piece.close + 1 if piece.close is not None else piece.end
            quotes.append(Quote(text=body, speaker=speaker, role=role, start=piece.open, end=end))
        last = para_quotes[-1] if para_quotes else None
        if last is not None and last[3]:
            prev_para_speaker = (last[1], last[2])
            prev_para_open_ended = last[0].close is None
        elif para_quotes:
            prev_para_speaker = None
            prev_para_open_ended = False
        else:
            # A paragraph with no quote breaks the chain of continuation.
            prev_para_speaker = None
            prev_para_open_ended = False
        stripped = text[p_start:p_end].rstrip()
        if stripped.endswith(":"):
            colon_sent = _sentence_bounds(spans, p_start + len(stripped) - 1)
            prev_para_colon = (colon_sent[0], p_start + len(stripped) - 1)
        else:
            prev_para_colon = None
    return quotes
