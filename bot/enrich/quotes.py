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

import bisect
import dataclasses
import re
from dataclasses import dataclass

from .lexicon import words
from .names import (
    NAME_PATTERN,
    TITLES,
    NameRegistry,
    gender,
    is_function_word,
    is_organisation,
    is_place,
    is_pronoun,
    split_title,
    strip_possessive,
)
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
    "urged|asserted|surmised|recounted|vented|opined|reads|agreed|pressed|answered|testified|conceded|"
    "boasted|lamented|vowed|promised|cautioned|charged|shouted|"
    "yelled|exclaimed|mused|offered|agreed|confirmed|confirms|cautions|"
    "according to|wondered|thundered|snapped|told reporters|"
    "called|calls|pledged|pledges|proclaimed|mocked|mocks|accused|accuses|demanded|demands|"
    "exhorted|cited|cites|praised|praises|criticized|criticised|criticizes|blasted|slammed|"
    "touted|branded|labeled|labelled|dubbed|"
    "retorted|retorts|jokes|quips|confessed|concludes|barked|chanted|fumed|scoffed|"
    "interjected|marveled|marvelled|bragged|boasts|laments|stresses|emphasizes|acknowledges|"
    "recounts|cautioned|tells reporters|explained to|insisted to|screamed|screams|assured|"
    "assures|reiterated|reiterates|repeated|recited|sang|sings|puts it|put it|described|describes|"
    "elaborated|remembered|remembers|riffed|retaliated|shot back|fired back|"
    "interrupted|responds|reiterated|observes|recalled|spoke|speaks"
)
# After a quote only: "“...,” the statement read" (before one, "read" is reading a title aloud).
# ("“...,” Ames began." and "“...?” reacted Ames", not "Ames began the hearing")
_TAIL_VERBS = (
    rf"{_VERBS}|read|write|state|Tweeted|(?:reacted|reacts)(?=\s*[,.;]|\s+[A-Z])"
    r"|(?:started|began)(?=\s*[,.;])"
    # how it was said, right after the quote only ("“...,” Lia Park laughed.")
    r"|laughed|laughs|chuckled|smiled|sighed|shrugged|nodded|beamed|gushed|enthused|"
    r"cheered|crowed|roared|bellowed|cried|hissed|growled|snarled|muttered|mumbled|"
    r"whispered|murmured|grumbled|griped|fretted|deadpanned|teased|pleaded|begged|"
    r"implored|protested|objected|reasoned|speculated|theorized|ventured|inquired|"
    r"queried|confided|texted|emailed|messaged|chimed in|piped up|sniffed|scolded|"
    r"advised|recommended|proposed|alleged|threatened|gasped|groaned|shot back|wrote back"
)
# "Dan Ruiz on Thursday ratcheted up ...": a day between a subject and its verb.
_WHEN = (
    r"(?:\s+(?:on|last|early|late|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|week|night|morning|evening|afternoon))"
)
# Past tenses without -ed, so that "Tom Berg shook his head" has a subject too.
_IRREGULAR_PAST = (
    "shook|took|gave|made|spoke|went|began|came|saw|knew|thought|felt|left|kept|held|"
    "brought|stood|sat|ran|won|lost|met|sent|spent|built|led|heard|paid|put|set|cut|hit|"
    "got|found|became|chose|drew|drove|fell|flew|forgot|grew|hung|hid|laid|lay|meant|"
    "rose|sang|sold|sought|struck|swore|taught|threw|understood|woke|wore|withdrew"
)
# Verbs that characterise rather than report speech: a one- or two-word quote they carry
# is a scare quote ("called the plan a “disaster”"), not a quote worth listing.
_WEAK_VERBS = words(
    "called calls pledged pledges proclaimed mocked mocks accused accuses demanded "
    "demands exhorted cited cites praised praises criticized criticised criticizes "
    "blasted slammed touted branded labeled labelled dubbed described describes"
)
_ADVERBS = (
    r"(?:reportedly|also|later|then|recently|previously|once|further|again|simply|"
    r"flatly|bluntly|repeatedly|publicly|privately|earlier|had|has|have|would|will|"
    r"once|famously|allegedly|apparently|reportedly|himself|herself|themselves|itself)"
)
_DET = (
    r"(?:[Tt]he|[Aa]n?|[Aa]nother|[Oo]ne of|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal|[Ss]ome|"
    r"[Mm]any|[Oo]ther|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hat)"
)
_PLURAL_NOUNS = (
    r"(?:officials|sources|critics|experts|analysts|aides|residents|observers|supporters|"
    r"opponents|protesters|protestors|advocates|lawmakers|investigators|authorities|police|"
    r"prosecutors|officers|researchers|voters|people|activists|scientists|economists|"
    r"doctors|witnesses|organizers|organisers|leaders|members|staffers|insiders|neighbors|"
    r"neighbours|parents|students|teachers|workers|employees|executives|diplomats|attorneys|"
    r"lawyers|lobbyists|strategists|donors|delegates)"
)
_NOT_IN_NP = (
    r"(?!(?:that|which|who|whom|when|where|while|and|but|or|he|she|they|it|we|i|said|says|"
    r"is|was|are|were|has|have|had|will|would|to|then|if|because|be|being|been|can|could|"
    r"should|may|might|must|without|not|do|does|did|also)\b)"
)
# A noun phrase after a preposition is a place or a time ("in a later interview"), not a speaker.
_NOT_AFTER_PREPOSITION = "".join(
    rf"(?<!\b{p} )"
    for p in (
        "in",
        "In",
        "of",
        "at",
        "At",
        "on",
        "On",
        "for",
        "with",
        "from",
        "by",
        "into",
        "across",
        "over",
        "about",
        "against",
        "around",
        "through",
        "under",
        "between",
        "among",
        "after",
        "After",
        "before",
        "Before",
        "during",
        "During",
    )
)
# "Moreno’s office", "Moreno’s campaign spokesman"
_POSSESSIVE_NP = (
    r"[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,3}[’']s"
    r"(?: (?!(?:and|or|but|that|which|who|to|of|in|on|at|for|with|by)\b)[a-z][\w\-]*){1,3}"
)
_POSSESSIVE_NP_RE = re.compile(_POSSESSIVE_NP)
_NOT_MODIFIER = (
    r"(?!(?:to|of|in|on|at|for|with|by|from|and|or|but|his|her|their|its|our|the|a|an|"
    r"that|said|says|told)\b)"
)
_NP = (
    rf"(?:{_POSSESSIVE_NP}|{_NOT_AFTER_PREPOSITION}{_DET}\s+(?:{_NOT_IN_NP}[\w’'.\-]+\s+){{0,6}}?"
    rf"{_NOT_IN_NP}[\w’'\-]+|(?:{_NOT_MODIFIER}[a-z][\w\-]+\s+){{0,2}}{_PLURAL_NOUNS})"
)
_PRONOUN = r"(?:he|she|they|we|it|I|He|She|They|We|It)"
# Lower-case modifiers before a name: "state Sen. Lia Park", "retired Army Lt. Gen. X".
_MODS = (
    r"(?:(?:(?!(?:of|in|on|at|to|for|with|about|that|the|a|an|and|but|as|by|from|into|"
    r"after|before|during|since|when|while|if)\b)[a-z][\w\-]*\.?\s+){0,3})"
)
_PARTY = r"(?:\s*\([^()]{1,15}\),?)?"  # "Sen. Lia Park (D-Ore.)"
_WHO = rf"(?P<who>{NAME_PATTERN}){_PARTY}"
_SUBJECT = rf"(?:(?P<np>{_NP})|{_WHO}|(?P<pron>{_PRONOUN}))"
_ROLE_APPOSITION = r"(?:,\s*(?P<role>[^,“”\"]{2,100}),)?"
_AGE = r"(?:,\s*\d{1,3},)?"  # "Omar Haddad, 66, said"
_VERB_GROUP = rf"(?:(?:{_ADVERBS}|[a-z]+ly)\s+){{0,2}}(?P<verb>{_VERBS})\b"
_TAIL_VERB_GROUP = rf"(?:(?:{_ADVERBS}|[a-z]+ly)\s+){{0,2}}(?P<verb>{_TAIL_VERBS})\b"

_TAIL_INVERTED_RE = re.compile(
    rf"^\s*,?\s*(?:{_ADVERBS}\s+)?(?P<verb>{_TAIL_VERBS})\s+(?:{_MODS}{_WHO}|(?P<np>{_NP}))"
    rf"(?P<rest>[^“\"]*)",
    re.DOTALL,
)
_TAIL_SUBJECT_RE = re.compile(
    rf"^\s*,?\s*(?:and\s+)?(?:{_MODS}{_WHO}|(?P<pron>{_PRONOUN})|(?P<np>{_NP}))"
    rf"{_ROLE_APPOSITION}{_AGE}\s+{_TAIL_VERB_GROUP}"
)
# "“...,” Acme Capital fund manager Rita Lowe said": a name at the end of a
# longer description, or "said former state senator Dan Ruiz".
_TAIL_LOOSE_RE = re.compile(
    rf"^\s*,?\s*(?:[^\s“”\"]+\s+){{0,6}}?{_WHO}{_ROLE_APPOSITION}{_AGE}\s+{_TAIL_VERB_GROUP}"
)
_TAIL_LOOSE_INVERTED_RE = re.compile(
    rf"^(?:[^“”\".]{{0,40}}?,)?\s*(?:{_ADVERBS}\s+)?(?:said|says)\s+(?:[^\s“”\"]+\s+){{0,6}}?{_WHO}"
    rf"(?=[,.;]|\s+(?:who|in|on|at|during|after)\b)"
)
_TAIL_ACCORDING_RE = re.compile(rf"^\s*,?\s*according to\s+(?:{_MODS}{_WHO}|(?P<np>{_NP}))")
# "According to Lia Park of the Harbour Trust, “...”"
_OF_BODY = rf"(?:\s+(?:of|at|from)\s+(?:the\s+)?{NAME_PATTERN})?"
_HEAD_ACCORDING_RE = re.compile(
    rf"\b[Aa]ccording to\s+(?:{_MODS}{_WHO}{_OF_BODY}|(?P<np>{_NP}))\s*,"
)
_HEAD_SUBJECT_RE = re.compile(rf"(?<![\w’'\-]){_SUBJECT}{_ROLE_APPOSITION}{_AGE}\s+{_VERB_GROUP}")
_BARE_CUE = 70  # longest sentence after “... .” read as that quote's cue ("Lowe said.")
_HEAD_REACH = 160  # characters from the end of a cue to the quote it introduces
_SAID_NAME_RE = re.compile(
    rf"\b(?:said|says|wrote|writes|added|adds|asked|asks|explained|noted|continued|replied)"
    rf"\s+{_MODS}{_WHO}"
)
_HEAD_INVERTED_RE = re.compile(
    rf"\b(?P<verb>[Ss]aid|[Ss]ays|[Ww]rote|[Aa]dded|[Aa]sked|[Ee]xplained|[Nn]oted|[Aa]rgued|"
    r"[Rr]ecalled|[Rr]eplied|[Rr]esponded|[Dd]eclared|[Ii]nsisted|[Ww]arned|[Oo]bserved|"
    rf"[Qq]uipped|[Jj]oked|[Tt]weeted|[Cc]ontinued|put it)\s+(?:{_MODS}{_WHO}|(?P<np>{_NP}))"
    rf"(?:,\s*(?P<role>[^,“”\"]{{2,120}}))?[,:]\s*$"
)
_APPOSITION_AFTER_RE = re.compile(r"^,\s*(?P<role>(?:a|an|the)\s[^,.;“”\"]{2,120}?)\s*(?:[,.;]|$)")
_TITLE_BEFORE_RE = re.compile(
    r"(?P<role>(?:[A-Z][\w.’'\-]*\s+){0,5}(?:Mayor|President|Senator|Sen\.|Rep\.|Gov\.|"
    r"Governor|Secretary|Minister|Chairman|Chairwoman|Director|Spokesman|Spokeswoman|"
    r"Attorney General|Chief|Judge|Commissioner|Sheriff|Speaker|Leader|Ambassador|CEO))\b"
)

_SCARE_MAX_WORDS = 4
_MARK_RE = re.compile(r"[“”\"]")
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
class _Found:
    piece: _Piece
    speaker: str | None
    role: str | None
    cued: bool
    where: tuple[int, int] | None  # the mention that named the speaker
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Mention:
    text: str
    start: int
    end: int
    role: str | None
    kind: str  # "name", "pronoun" or "np"
    weak: bool = False  # cued by a characterising verb ("called"), not a speech verb


_ANY_MARK_RE = re.compile(r"[“”\"]")


def _pair_marks(text: str, p_start: int, p_end: int, index: int) -> list[_Piece]:
    pieces: list[_Piece] = []
    open_at: int | None = None
    for found in _ANY_MARK_RE.finditer(text, p_start, p_end):
        i = found.start()
        ch = text[i]
        if ch == "“":
            open_at = i
        elif ch == "”":
            if open_at is not None:
                pieces.append(_Piece(open_at, i, i, index))
                open_at = None
        else:
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


_CAPITAL_DETERMINERS = frozenset({"The", "A", "An", "One", "Another", "This", "That"})


_NOT_A_NAME_RE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|June|July|August|September|October|November|December)(?:[’']s)?"
)


def _mention(who: str, start: int, role: str | None) -> _Mention | None:
    who = _clean_who(who)
    if not who or len(who) > 90:
        return None
    if _SPEECH_VERB_IN_WHO_RE.search(who):
        return None
    lower = strip_possessive(who).lower()  # "He’s said ...": a pronoun, not a name
    if lower in {"he", "she", "they", "we", "i", "it"}:
        return _Mention(who[: len(lower)], start, start + len(lower), None, "pronoun")
    if who.isupper() and len(who.split()) > 2:
        return None  # an all-caps headline, not a name
    if _POSSESSIVE_NP_RE.fullmatch(who):  # "Moreno’s office" speaks for, but is not, Moreno
        return _Mention(who, start, start + len(who), role, "np")
    tokens = who.split()
    if len(tokens) > 1 and tokens[0] in _CAPITAL_DETERMINERS and tokens[1][0].islower():
        return _Mention(who, start, start + len(who), role, "np")  # "The harbour board"
    if who[0].isupper():
        title, name = split_title(who)
        name = name.lstrip("-–— ")  # "a former candidate -- Dan Ruiz"
        if not name or all(is_function_word(w) for w in name.split()):
            return None
        if _NOT_A_NAME_RE.fullmatch(name):
            return None  # "Saturday": a day, nobody's name
        offset = who.find(name)
        role = role or (title or None)
        return _Mention(name, start + offset, start + offset + len(name), role, "name")
    first = lower.split()[0]
    if first in {"it", "that", "there", "which", "what", "who"} or lower == "this":
        return None  # ("this source" is a speaker, "this" alone is not)
    return _Mention(who, start, start + len(who), role, "np")


def _role_from_rest(rest: str) -> str | None:
    match = _APPOSITION_AFTER_RE.match(rest)
    if match:
        return match.group("role").strip()
    return None


def _who(match: re.Match[str]) -> tuple[str, str]:
    """The matched speaker text and the group it came from."""
    for group in ("who", "pron", "np"):
        if group in match.re.groupindex and match.group(group):
            return match.group(group), group
    return "", "who"


_STATE_ABBREVIATIONS = words(
    "ala. ariz. ark. calif. colo. conn. del. fla. ga. ill. ind. kan. kans. ky. la. md. "
    "mass. mich. minn. miss. mo. mont. neb. nev. n.h. n.j. n.m. n.y. n.c. n.d. okla. ore. "
    "pa. r.i. s.c. s.d. tenn. tex. vt. va. wash. w.va. wis. wyo. d.c."
)
_QUANTITY_BEFORE_RE = re.compile(r"(?:percent|%|majority|half|third|quarter)\s+of\s+(?:the\s+)?$")


def _is_state(role: str) -> bool:
    """ "Ohio", "Mich.", "New Mexico": the state after a city, not a role after a name."""
    role = role.strip()
    if not role or not role[0].isupper() or len(role.split()) > 2:
        return False
    return role.lower() in _STATE_ABBREVIATIONS or all(is_place(w) for w in role.split())


_FULL_NAME_RE = re.compile(rf"{NAME_PATTERN}")


def _named_apposition(match: re.Match[str]) -> str | None:
    """The person's name when a noun phrase's apposition is one ("His spokesman, Tom Berg,")."""
    role = (match.groupdict().get("role") or "").strip()
    if not role or _FULL_NAME_RE.fullmatch(role) is None or len(role.split()) < 2:
        return None
    _, name = split_title(role)
    if len(name.split()) < 2 or is_organisation(name) or is_place(name):
        return None
    return name


def _from_match(match: re.Match[str], start: int, role: str | None) -> _Mention | None:
    who, group = _who(match)
    if not who:
        return None
    if group == "who":
        at = match.start(group)
        if who.rstrip().endswith(("’s", "'s")):
            return None  # "Portmere’s claims": a possessive, not a subject with a verb
        if _QUANTITY_BEFORE_RE.search(match.string, max(0, at - 16), at):
            return None  # "62 percent of voters said": a poll's respondents
        found_role = match.groupdict().get("role")
        if found_role and _is_state(found_role):
            return None  # "Columbus, Ohio, said": a city, not a person
    named = _named_apposition(match) if group == "np" else None
    if named is not None:
        # "The mayor, Lia Park, said": the name is the speaker, the noun phrase her role
        at = match.start("role") + match.group("role").find(named)
        found = _mention(named, start + at, _clean_who(who))
        if found is not None and found.kind == "name":
            return found
    mention = _mention(who, start + match.start(group), role)
    verb = match.groupdict().get("verb")
    if mention is not None and verb is not None and verb.lower() in _WEAK_VERBS:
        mention = dataclasses.replace(mention, weak=True)
    return mention


_INTRO_RE = re.compile(
    r"(?::|[,”\"]?\s*(?:saying|adding|writing|noting|arguing|insisting|declaring|explaining|"
    r"warning|asking|chiding|quipping|joking|tweeting|posting|responding|replying|answering|"
    r"concluding|stating|proclaiming|urging|promising|vowing|boasting|complaining|lamenting|"
    r"recalling|conceding|acknowledging|admitting|continuing|remarking|observing|pleading|"
    r"predicting|announcing|"
    r"telling\s+[^,“”\"]{1,40}|according to\s+[^,“”\"]{1,40})"
    # "writing in an email:"
    r"(?:\s+(?:in|on)\s+(?:a|an|the|his|her|their)\s+[\w\-]+(?:\s+[\w\-]+)?)?"
    r"(?:\s+that\b[^“”\"]{0,100}|[,:]?))\s*$"
)
_PRONOUN_START_RE = re.compile(r"\s*(?P<pron>He|She)\b")


_OPENING_NAME_RE = re.compile(rf"\s*(?P<who>{NAME_PATTERN})")
# Present tenses after a plural subject ("Critics argue", "Officials describe")
_PLURAL_VERBS = (
    "argue|describe|warn|claim|insist|contend|believe|fear|worry|want|call|note|expect|"
    "point out|complain|predict|suggest|acknowledge|admit|concede|agree|disagree|question|"
    "doubt|accuse|blame|praise|criticize|criticise|dismiss|urge|demand|vow|promise|pledge"
)
# "Corporate lobbyists describe ...", "Leaders of the group have said ...": a plural opening
# the sentence, with no determiner, perhaps with a capitalised first word and an "of"/"for".
_OPENING_PLURAL = (
    rf"(?:[A-Z][a-z\-]+\s+(?:[a-z][\w\-]+\s+)?)?(?i:{_PLURAL_NOUNS})"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]*){0,2})?"
)
_OPENING_NP_RE = re.compile(
    rf"\s*(?P<np>{_NP}|{_OPENING_PLURAL})\s+(?:\w+ly\s+)?(?:then\s+)?(?:have\s+|has\s+)?"
    rf"(?:{_VERBS}|\w+ed|\w+[^s\W]s|{_IRREGULAR_PAST}|{_PLURAL_VERBS})\b"
)


def _opening_subject(text: str, match: re.Match[str]) -> bool:
    """A name opening a sentence is its subject only when a verb follows it ("Lowe needled").

    Not a dateline ("DENVER, May 2 —"), a heading, or an opening word ("Speaking ...").
    """
    who = match.group("who")
    if who.isupper() or who.endswith("ing"):
        return False
    return _AFTER_SUBJECT_RE.match(text, match.end()) is not None


def _sentence_subject(text: str, resolver: _Resolver, s_start: int, end: int) -> _Mention | None:
    """The person a sentence is about: an opening he/she, its first subject-like name, or an
    opening name or speaker noun phrase."""
    match = _PRONOUN_START_RE.match(text, s_start, end)
    if match:
        return _Mention(
            match.group("pron"), match.start("pron"), match.end("pron"), None, "pronoun"
        )
    i = bisect.bisect_left(resolver.subject_offsets, s_start)
    if i < len(resolver.subjects) and resolver.subjects[i][0] < end:
        offset, name = resolver.subjects[i]
        return _Mention(name, offset, offset + len(name.split()[-1]), None, "name")
    intro = _INTRO_PHRASE_RE.match(text, s_start, end)
    opening = _opening_mention(text, intro.end() if intro else s_start, end)
    if opening is not None:  # "Lowe needled the reporter, saying, “...”"
        return opening
    match = _OPENING_NP_RE.match(text, s_start, end)
    if match and _is_speaker_np(match.group("np")):
        # "A spokeswoman for the port emailed reporters, writing: “...”"
        np = _clean_who(match.group("np"))
        start = match.start("np")
        return _Mention(np, start, start + len(np), None, "np")
    return None


_CLAUSE_VERB_RE = re.compile(
    rf"(?<![\w\-])(?:{_VERBS}|saying|telling|declaring|adding|arguing|insisting|noting|asserting|"
    r"warning|urging|pledging|vowing|promising|claiming|asking|writing|tweeting|suggesting|"
    r"explaining|stating|predicting|thanked|thanking|calling|describing|labeling|labelling|"
    r"praising|questioning|disavowing|endorsing|accusing|blaming|blamed|criticizing|"
    r"criticising|condemning|condemned|dismissing|dismissed|denouncing|denounced|"
    r"mocking|attacking|defending|defended|vows|vowed|promises|urges|argue|say|says|"
    r"tweet|write|declare|insist|warn|claim|announcing|recalling|complaining|"
    r"joking|lamenting|boasting|bragging|conceding|acknowledging|admitting|expressed|"
    r"expressing|voiced|voicing|pronounced|proposed|proposing|implied|implying|questioned|"
    r"challenged|challenging|attacked|hailed|hailing|lauded|welcomed|welcoming|rejected|"
    r"rejecting|characterized|characterizing|referred|referring|signaled|signalled|"
    r"indicated|indicating|hinted|hinting|decried|decrying|derided|deriding|lambasted|"
    r"ridiculed|ridiculing|scolded|chided|chiding|reassured|reassuring|responding|replying|"
    r"answering|countering|citing|quoting|recalling)\b"
)


_NOT_OPENING_SUBJECT = words(
    "amid as given despite with without under over among two three four five six seven "
    "eight nine ten asked speaking writing even just only perhaps maybe indeed instead "
    "like unlike january february march april may june july "
    "august september october november december"
)
_CLAUSE_BLOCK_RE = re.compile(
    r"\b(?:who|which|whom|(?:was|were|is|are|been|being) asked)\b"
    r"|\bbut\s+(?:the|a|an|his|her|their)\s"  # "X proposed it, but the Y campaign called it"
    r"|\b(?:while|whereas)\b"  # "X said A, while Y and others called it B"
)


# "Republican presidential hopeful Dan Ruiz", "Former state senator Lia Park": a description
# in lower case (and a capitalised first word) before a full name opening the sentence.
_OPENING_DESCRIBED_NAME_RE = re.compile(
    r"\s*(?P<role>(?!(?:The|A|An|This|That|These|Those|One|Another|Some|Many)\b)[A-Z][\w\-]*"
    r"(?:\s+(?!(?:with|after|before|to|for|from|at|in|on|by|and|or|about|against|as|when|"
    r"while|if|because|since|that|who|which|whether|over|than|like|into|through|under|during|"
    r"without|between|is|was|are|were|has|had|have)\b)[a-z][\w\-]*){1,5}"
    r"(?:\s+of\s+[a-z][\w\-]*)?)"
    rf"\s+(?P<who>{NAME_PATTERN})"
)


def _opening_mention(text: str, s_start: int, end: int) -> _Mention | None:
    """He/She or a name opening the sentence as its subject (a verb follows), else None."""
    match = _PRONOUN_START_RE.match(text, s_start, end)
    if match:
        return _Mention(
            match.group("pron"), match.start("pron"), match.end("pron"), None, "pronoun"
        )
    match = _OPENING_NAME_RE.match(text, s_start, end)
    if match is None or not _opening_subject(text, match):
        described = _OPENING_DESCRIBED_NAME_RE.match(text, s_start, end)
        if described is None or len(described.group("who").split()) < 2:
            return None
        if not _opening_subject(text, described):
            return None
        return _mention(described.group("who"), described.start("who"), described.group("role"))
    first = match.group("who").split()[0].lower()
    if is_function_word(first) or first in _NOT_OPENING_SUBJECT:
        return None
    if first.endswith("ly") and text.startswith(",", match.end()):
        return None  # "Ironically, ..." opens a sentence but is nobody
    return _mention(match.group("who"), match.start("who"), None)


_SUBJECT_VERB_RE = re.compile(
    rf"(?<![\w’'\-])(?:(?P<pron>[Hh]e|[Ss]he)|(?P<who>{NAME_PATTERN}))\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|began|went|took|gave|made|sent|spoke|wrote|put)\b"
)


def _nearest_subject(text: str, start: int, end: int) -> _Mention | None:
    """The last "he/she/Name <past verb>" before a participle intro ("..., he sounded a
    note of caution, saying, “...”"), when the sentence opens with something else."""
    last: re.Match[str] | None = None
    for match in _SUBJECT_VERB_RE.finditer(text, start, end):
        last = match
    if last is None:
        return None
    if last.group("pron"):
        pron = last.group("pron")
        return _Mention(pron, last.start("pron"), last.end("pron"), None, "pronoun")
    who = last.group("who")
    if is_function_word(who.split()[0].lower()) or who.isupper():
        return None
    return _mention(who, last.start("who"), None)


# An opening phrase of time, place or occasion before a sentence's subject.
_INTRO_PHRASE_RE = re.compile(
    r"\s*(?:In|On|At|During|After|Before|Last|Earlier|Later|Since|Speaking|Asked|Meanwhile|"
    r"Still|But|And|Yet|So|Also|However|Then|Now|Today|Yesterday|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|This|That|Right|Just|Soon|Shortly|Immediately|When|"
    r"While|As|Once|Within|Following|Ahead|Back|Separately|Previously|Recently|Finally|"
    r"Weeks|Months|Years|Days|Hours|Minutes|Moments|One|Two|Three|Four|Five|Six|Seven|"
    r"Eight|Nine|Ten|Twenty|Thirty)\b[^,“”\"]{0,80},\s*(?=[A-Z]|s?he\b|the\s)"
    r"|\s*(?:And|But|So|Yet|Then)\s+(?=s?he\b)"  # "And she went on to insist ..."
)
_LOWER_PRONOUN_RE = re.compile(r"s?he\b")


_WHO_CUE_RE = re.compile(
    rf"(?P<who>{NAME_PATTERN})(?:\s+(?:of|from)\s+{NAME_PATTERN})?{_PARTY}{_AGE},\s+"
    rf"(?P<rel>who)\s+{_VERB_GROUP}[^“”\"]*$"
)


def _who_cue(text: str, start: int, end: int) -> _Mention | None:
    """ "..., said Lia Park, who added that the plan was “...”": the relative pronoun cues
    the quote and stands for the name before it. The mention's span is "who" (the cue, as
    "he" is for a pronoun cue); its text is the name, to resolve."""
    start = max(start, end - _HEAD_REACH - 60)
    if text.find(" who ", start, end) < 0:
        return None
    match = _WHO_CUE_RE.search(text, start, end)
    if match is None or end - match.end("verb") > _HEAD_REACH:
        return None
    mention = _mention(match.group("who"), match.start("who"), None)
    if mention is None or mention.kind != "name" or is_organisation(mention.text):
        return None
    return dataclasses.replace(mention, start=match.start("rel"), end=match.end("rel"))


# Nouns for who or what speaks: a noun phrase opening a sentence is a speaker only with one.
_SPEAKER_NOUNS = words(
    "official officials spokesman spokeswoman spokesperson aide aides adviser advisers "
    "advisor advisors operative operatives strategist strategists judge candidate nominee "
    "senator governor mayor president chairman chairwoman chief leader leaders director "
    "lawyer lawyers attorney attorneys lawmaker lawmakers campaign committee council town "
    "city convention group office department agency ministry statement report opinion "
    "letter memo email ad lawsuit suit ruling court party administration government "
    "organization organisation source sources analyst analysts expert experts host writer "
    "author editor editorial newspaper paper magazine network website company firm union "
    "board panel commission police prosecutors investigators researchers insider "
    "piece column op-ed article post tweet video book release filing complaint petition "
    "resolution platform headline sign banner cable message note transcript document "
    "businessman businesswoman mogul billionaire congressman congresswoman activist "
    "protester resident voter veteran woman man movie film show speech "
    "friend friends colleague colleagues neighbor neighbour impostor lobbyist lobbyists "
    "supporter supporters critic critics opponent opponents rival rivals fan fans "
    "spokesmen spokeswomen representative representatives delegate delegates donor donors "
    "bill measure proposal plan platform pamphlet flyer poster photo slogan chant "
    "survey poll study research filing indictment affidavit testimony transcript"
)


_TRAILING_TIME_RE = re.compile(
    r"\s+(?:on|last|this|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|week|month|year|morning|evening|night)$"
)


def _is_speaker_np(np: str) -> bool:
    """ "One operative inside the tower", "A spokesman for the port": not "The rejection of
    the plan" (an "of" phrase names a thing) or "His face"."""
    words_ = np.split()
    if (
        len(words_) >= 2
        and words_[0] in {"The", "the"}
        and all(w[:1].isupper() for w in words_[1:])
    ):
        return True  # "The New York Times", "the Harbour Council": a named body
    tokens = [w.strip(".,’'").lower() for w in words_]
    if "of" in tokens or len(tokens) > 6:
        return False
    return any(strip_possessive(w) in _SPEAKER_NOUNS for w in tokens)


def _clause_cue(
    text: str, s_start: int, end: int, *, after_scare: bool = False, any_verb: bool = False
) -> _Mention | None:
    """The subject of a sentence that reports speech before a partial quote.

    "Lia Park told the crowd on Monday that the plan was “dead on arrival.”": the person
    opening the sentence, when a speech verb follows and nothing else (another quote, a
    relative clause, a passive "was asked") stands between. With `after_scare`, the quotes
    before it in the sentence found no speaker of their own ("calling it “odd” and asserting
    that it was “...”"), so their marks do not stand in the way.
    """
    if not after_scare and _ANY_MARK_RE.search(text, s_start, end):
        return None
    subject = None
    intro = _INTRO_PHRASE_RE.match(text, s_start, end)
    if intro is not None:  # "In an interview on Monday, Lia Park said ..."
        subject = _opening_mention(text, intro.end(), end)
        pron = _LOWER_PRONOUN_RE.match(text, intro.end(), end)
        if subject is None and pron is not None:
            subject = _Mention(pron.group(0), pron.start(), pron.end(), None, "pronoun")
    if subject is None:
        subject = _opening_mention(text, s_start, end)
    np_subject: _Mention | None = None
    np = _OPENING_NP_RE.match(text, s_start, end)
    if np is None and intro is not None:  # "On its website, the agency lists “...”"
        np = _OPENING_NP_RE.match(text, intro.end(), end)
    if np is not None and _is_speaker_np(np.group("np")):
        # "The council released a statement saying the plan was “...”"
        found = _TRAILING_TIME_RE.sub("", _clean_who(np.group("np")))
        np_subject = _Mention(found, np.start("np"), np.start("np") + len(found), None, "np")
    if subject is None:
        subject = np_subject
    elif subject.kind == "np":
        return None
    elif (
        np_subject is not None
        and subject.start == np_subject.start
        and subject.end < np_subject.end
        and " " not in subject.text
    ):
        subject = np_subject  # "Corporate lobbyists describe ...": not a person "Corporate"
    if subject is None:
        return None
    verb = _CLAUSE_VERB_RE.search(text, subject.end, end)
    if verb is None and any_verb and subject.kind == "np":
        # a document or body acts on its words ("The ad targets", "The report found"),
        # it does not arrive or happen
        verb = _NP_ACTION_RE.match(text, subject.end, end)
    elif any_verb:
        verb = verb or _ANY_RE.match(text, subject.end, end)
    if verb is None:
        return None
    block = _CLAUSE_BLOCK_RE.search(text, subject.end, end)
    if block is not None and not (any_verb and _closed_relative(text, block, end)):
        return None
    if any_verb and _NEW_CLAUSE_RE.search(text, subject.end, end):
        return None  # "Park said ..., and the council then voted to call it “...”"
    return subject


_NEW_CLAUSE_RE = re.compile(
    r"(?:,|\band|\bbut)\s+(?:the|a|an|his|her|their|its)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?"
    r"\s+(?:then\s+|[a-z]+ly\s+)?(?:[a-z]+ed|said|says|[a-z]+[^s\W]s)\b"
)


def _closed_relative(text: str, block: re.Match[str], end: int) -> bool:
    """ "Park is praising Berg, who retired on Friday, as “...”": a relative clause set off by
    commas and closed before the quote, with no other block after it."""
    if (
        block.group(0) not in {"who", "which"}
        or text[max(0, block.start() - 2) : block.start()] != ", "
    ):
        return False
    comma = text.find(",", block.end(), end)
    if comma < 0 or _CLAUSE_BLOCK_RE.search(text, block.end(), end):
        return False
    rest = text[comma + 1 : end]
    return _SPEECH_VERB_IN_WHO_RE.search(text, block.end(), comma) is None and bool(rest.strip())


_ANY_RE = re.compile("")
_NP_ACTION_RE = re.compile(
    r"\s+(?:\w+ly\s+)?(?!(?:arrived|appeared|emerged|happened|occurred|followed|remained|"
    r"ended|landed|passed|failed|seemed|looked|belongs|comes|goes|remains|seems|looks)\b)"
    rf"(?:[a-z]+[^s\W]s|[a-z]+ed|found|sent|began|started|{_PLURAL_VERBS})\b"
)


def _tail_cue(text: str, start: int, end: int) -> _Mention | None:
    tail = text[start:end]
    match = _TAIL_SUBJECT_RE.match(tail)
    if match:
        mention = _from_match(match, start, match.group("role"))
        if mention:
            return mention
    match = _TAIL_INVERTED_RE.match(tail)
    if match:
        role = _role_from_rest(match.group("rest"))
        mention = _from_match(match, start, role)
        if mention:
            return mention
    match = _TAIL_ACCORDING_RE.match(tail)
    if match:
        return _from_match(match, start, None)
    match = _TAIL_LOOSE_RE.match(tail)
    if match:
        return _from_match(match, start, match.group("role"))
    match = _TAIL_LOOSE_INVERTED_RE.match(tail)
    if match:
        return _from_match(match, start, None)
    match = _TAIL_LONG_APPOSITION_RE.match(tail)
    if match:
        return _from_match(match, start, match.group("role").strip(" ,"))
    match = _TAIL_ROLE_THEN_NAME_RE.match(tail)
    if match:
        return _from_match(match, start, match.group("role"))
    match = _TAIL_LONG_NP_RE.match(tail)
    if match:
        return _from_match(match, start, None)
    return None


# "“...,” the soft-spoken, 58-year-old harbour master said", "this source told the paper": a
# longer noun phrase right after the quote, up to its verb, with no clause inside it.
_TAIL_NP_WORD = (
    r"(?!(?:as|when|while|after|before|because|who|whom|which|that|where|if|but|or|he|she|"
    r"they|it|we|I|is|was|were|are|has|have|had|said|says|a|an|the)\b)[\w’'&\-]+,?"
)
_TAIL_LONG_NP_RE = re.compile(
    rf"^\s*,?\s*(?P<np>(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]his|[Aa]nother)(?:\s+{_TAIL_NP_WORD}){{1,8}}?)"
    rf"\s+{_TAIL_VERB_GROUP}"
)


# "“...,” Lia Park, assistant director of roads, bridges and ferries, said": a name right
# after the quote, then a description with commas of its own, then the verb.
_TAIL_LONG_APPOSITION_RE = re.compile(
    rf"^\s*,?\s*{_WHO}{_AGE},\s+(?!(?:he|she|they|it|I|we|and|or|but|then)\b)"
    rf"(?P<role>(?:[^“”\".;:!?]|(?<=[A-Z])\.|\.(?=[a-z,])|“[^“”\"]{{1,30}}”){{2,220}}?),?\s+{_TAIL_VERB_GROUP}"
)


# "“...,” the mayor’s chief of staff, Omar Vidal, told reporters": a role, then the name set
# off by commas, then the verb.
_TAIL_ROLE_THEN_NAME_RE = re.compile(
    rf"^\s*,?\s*(?P<role>(?:[^“”\".;:!?,]|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.)"
    rf"{{3,80}}?),\s+{_WHO},\s+{_TAIL_VERB_GROUP}"
)


_TRAILING_REACH = 200  # characters of a quote's sentence before a cue that closes it
_TRAILING_SUBJECT_RE = re.compile(
    rf"^,\s*(?:and\s+)?(?:{_MODS}{_WHO}|(?P<pron>{_PRONOUN})|(?P<np>{_NP}))"
    rf"{_ROLE_APPOSITION}{_AGE},?\s+{_VERB_GROUP}(?P<after>[^“”\"]*)$"
)
_TRAILING_INVERTED_RE = re.compile(
    rf"^,\s*(?:{_ADVERBS}\s+)?(?P<verb>said|says|added|adds|wrote|writes|asked|asks|noted|notes|"
    rf"explained|explains|argued|argues|recalled|recalls)\s+(?:{_MODS}{_WHO}|(?P<np>{_NP}))"
    rf"(?P<after>[^“”\"]*)$"
)
# What may follow a cue that closes a sentence: its end, or a phrase of time or place.
_CUE_END_RE = re.compile(r"\s*(?:[,.;!?]|$)")
_CUE_ADVERBIAL_RE = re.compile(
    r"\s*(?:[,.;!?]|$|(?:in|on|at|during|after|before|from|to|last|this|earlier|later|"
    r"yesterday|today|tonight|recently|afterward|afterwards)\b)"
)
_COMMA_RE = re.compile(r",")


def _trailing_cue(text: str, start: int, end: int) -> _Mention | None:
    """A cue closing the quote's sentence after the quote runs on in plain words.

    "“We never planned” for a second term, Lia Park said." and "..., said Lia Park.": the
    quote opens the sentence the cue reports, so the cue names its speaker. Only a cue that
    ends the sentence counts ("..., said the days when ..." is reported speech, not a cue).
    """
    tail = text[start:end]
    for comma in _COMMA_RE.finditer(tail, 1, min(len(tail), _TRAILING_REACH)):
        rest = tail[comma.start() :]
        match = _TRAILING_SUBJECT_RE.match(rest) or _TRAILING_INVERTED_RE.match(rest)
        if match is None:
            continue
        after = match.group("after")
        named = match.group("np") is None
        if not (_CUE_ADVERBIAL_RE if named else _CUE_END_RE).match(after):
            continue
        role = match.groupdict().get("role") or _role_from_rest(after)
        return _from_match(match, start + comma.start(), role)
    return None


def _last_cue(
    text: str, start: int, end: int, reach: int | None = None, *, first: bool = False
) -> _Mention | None:
    """The speaker of the last (or first) "X said" in text[start:end], within `reach` of its end."""
    last: re.Match[str] | None = None
    for candidate in _HEAD_SUBJECT_RE.finditer(text, start, end):
        last = candidate
        if first:
            break
    if last is None or (reach is not None and end - last.end() > reach):
        return None
    return _from_match(last, 0, last.group("role"))


# "From the audit report: “...”", "More from Lena Holt: “...”", "— Lena Holt: “...”"
_HEAD_COLON_SOURCE_RE = re.compile(
    rf"(?:(?:^|\s)[-–—]\s+(?:[Mm]ore from\s+)?|\b(?:[Mm]ore from|[Ff]rom|[Aa]ccording to)\s+)"
    rf"(?:{_MODS}{_WHO}|(?P<np>{_NP}))\s*:\s*$"
)


def _head_cue(text: str, start: int, end: int) -> _Mention | None:
    head = text[start:end]
    match = _HEAD_COLON_SOURCE_RE.search(head)
    if match:
        mention = _from_match(match, start, None)
        if mention:
            return mention
    match = _HEAD_ACCORDING_RE.search(head)
    if match:
        mention = _from_match(match, start, None)
        if mention:
            return mention
    mention = _last_cue(text, start, end, _HEAD_REACH)
    if mention is not None:
        return mention
    match = _HEAD_INVERTED_RE.search(head)
    if match and not _TIME_WORD_RE.match(match.group("who") or ""):  # not "said Monday,"
        mention = _from_match(match, start, match.group("role"))
        if mention is not None:
            return mention
    match = _HEAD_WHO_SUBJECT_RE.search(head) if " who " in head else None
    if match and len(head) - match.end() <= _HEAD_REACH:
        if match.group("np"):  # "Dan Ruiz, a retired pilot who flew for 30 years, said"
            named = _NAME_BEFORE_APPOSITION_RE.search(head, 0, match.start("np"))
            if named is not None:
                role = _clean_who(match.group("np"))
                found = _mention(named.group("who"), start + named.start("who"), role)
                if found is not None and found.kind == "name":
                    return found
        found = _from_match(match, start, None)
        if found is not None and not (found.kind == "name" and is_organisation(found.text)):
            return found  # (not "Lia Park of the Harbour Council, who said": who is Park)
    return None


_TIME_WORD_RE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Today|Yesterday)\b"
)
_NAME_BEFORE_APPOSITION_RE = re.compile(rf"(?P<who>{NAME_PATTERN}),\s+$")


# "Lia Park, who runs the ferry, said: “...”", "an official who spoke on condition of
# anonymity said, “...”": a subject, a relative clause about it, then its speech verb.
_HEAD_WHO_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-])(?:{_WHO}|(?P<np>{_NP})),?\s+who\s+[^“”\".;:]{{1,140}}?,?\s+"
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )(?<!\bis )(?<!\bare )"  # not "was told"
    rf"(?P<verb>said|says|told|tells|added|adds|wrote|writes|declared|explained|argued)\b"
    rf"[^“”\".;]{{0,60}}$"
)


_NAME_RE = re.compile(NAME_PATTERN)
_AFTER_SUBJECT_RE = re.compile(
    rf"{_PARTY}(?:(?:,[^,“”\"]{{1,120}}){{1,3}},)?{_WHEN}?\s+(?:(?:\w+ly|himself|herself)\s+)?"
    rf"(?:{_VERBS}|has|had|is|was|will|would|could|did|does|\w+ed|\w+s|{_IRREGULAR_PAST})\b"
)
_SUBJECT_PREFIX_RE = re.compile(r"^(?:[a-z][\w\-]*\.?\s+|[A-Z][\w.]*\s+){0,4}$")
_LOCATIVE_RE = re.compile(r"\b(?:in|at|from|to|across|near|of|into|for|with|and)\s+$")
_PRONOUN_REACH = 1500  # characters back to look for the person a pronoun stands for
_GENDER_LOOKBACK = 6  # subject mentions to pass over for a pronoun of the other gender
_GENDER_REACH = 800  # characters back to a named person of the pronoun's gender


def _subject_mentions(
    text: str, spans: list[tuple[int, int]], registry: NameRegistry
) -> list[tuple[int, str]]:
    """(offset, full name) of people named as the subject of a sentence or of a speech verb."""
    found: list[tuple[int, str]] = []
    for match in _NAME_RE.finditer(text):
        title, name = split_title(match.group(0))
        name = strip_possessive(name)
        if not name or is_organisation(name) or is_pronoun(name):
            continue
        if " " in name and is_function_word(name.split()[-1]):
            continue  # a headline in title case ("Berg Steps In")
        lead = title.split()
        titled = 0 < len(lead) <= 3 and lead[-1].strip(".").lower() in TITLES
        offset = match.start() + match.group(0).rfind(name)
        full = registry.resolve(name)
        after = _AFTER_SUBJECT_RE.match(text, match.end())
        s_start, _ = _sentence_bounds(spans, match.start())
        prefix = text[s_start : match.start()]
        sentence_initial = _SUBJECT_PREFIX_RE.match(prefix) is not None
        speaks = _SPEECH_AFTER_RE.match(text, match.end()) is not None
        # "Governor Ames": a title makes a single name a person
        if len(full.split()) < 2 and not (speaks or titled or registry.is_known_surname(full)):
            continue
        if match.start() and text[match.start() - 1] in "“\"‘'":
            continue  # a title in quotes ("Tough Choices"), not a person
        if not (after is not None or sentence_initial or speaks):
            continue  # a name in passing is not who "he" or "she" stands for
        if is_place(full) or _LOCATIVE_RE.search(text, max(0, match.start() - 8), match.start()):
            continue
        found.append((offset, full))
    return found


_SPEECH_AFTER_RE = re.compile(rf"{_PARTY}(?:,[^,“”\"]{{1,120}},)?\s+{_VERB_GROUP}")


_DOCUMENT_RE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[A-Z][\w\-]*[’']s) (?:[\w\-]+ ){0,2}?"
    r"(?:e-?mail|memo|memorandum|statement|letter|report|affidavit|filing|complaint|lawsuit|"
    r"editorial|sign|ad|advertisement|video|tweet|message|note|release|document|ruling|"
    r"resolution|petition|banner|poster|website|survey|study|company|group|campaign|agency|"
    r"department|committee|organization|organisation|firm|council|board|newspaper|paper)\b"
)
_WRITER = "the writer"  # the speaker of "I said": the article's own author
_I_REACH = 25  # "I" cues a quote only right before it (or after it), never from afar
_IT_REACH = 400  # characters back to the document or body "it" stands for


def _plain_person(name: str) -> bool:
    """A full name that reads as a person's: two or three words, not a body or a place."""
    words_ = name.split()
    if not 2 <= len(words_) <= 3 or is_organisation(name) or is_place(name):
        return False
    return not any(is_function_word(w) or w.isupper() for w in words_)


class _Resolver:
    """Turns mentions into speakers, remembering who was spoken of and who spoke last."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.registry = NameRegistry.from_text(text)
        self.spans = spans
        self._subjects: list[tuple[int, str]] | None = None
        self._subject_offsets: list[int] = []
        self._roles_checked: set[str] = set()
        self.last_person: str | None = None
        self.last_person_at = -1
        self.last_speaker: str | None = None
        self.last_was_person = False

    @property
    def subjects(self) -> list[tuple[int, str]]:
        """Subject-like person mentions, found on first use (many articles need none)."""
        if self._subjects is None:
            self._subjects = _subject_mentions(self.text, self.spans, self.registry)
            self._subject_offsets = [o for o, _ in self._subjects]
        return self._subjects

    @property
    def subject_offsets(self) -> list[int]:
        _ = self.subjects
        return self._subject_offsets

    def _person_before(self, pos: int, pronoun: str) -> str | None:
        """The nearest person before `pos` a "he" or "she" can stand for: the nearest
        subject-like mention or last speaker, passing over anyone whose name or title says
        they are of the other gender ("she" after "Lia Park met Tom Berg" is Lia Park)."""
        other = "m" if pronoun == "she" else "f"
        i = bisect.bisect_left(self.subject_offsets, pos) - 1
        candidates: list[tuple[int, str]] = []
        if self.last_person is not None:
            candidates.append((self.last_person_at, self.last_person))
        candidates.extend(self.subjects[max(0, i - _GENDER_LOOKBACK) : i + 1])
        candidates.sort(reverse=True)
        for at, person in candidates:
            if pos - at > _PRONOUN_REACH:
                break
            if gender(person, self.registry.role(person)) != other:
                return person
        return self._named_before(pos, "f" if pronoun == "she" else "m")

    def _named_before(self, pos: int, wanted: str) -> str | None:
        """The nearest person named before `pos` whose name says they are of `wanted` gender,
        when no subject-like mention fits the pronoun ("Carly Ames: ... She said, “...”")."""
        found: list[str] = []
        unknown: list[str] = []  # people whose name does not tell ("Barack Obama’s speech")
        for match in _NAME_RE.finditer(self.text, max(0, pos - _GENDER_REACH), pos):
            title, name = split_title(match.group(0))
            full = self.registry.resolve(strip_possessive(name))
            given = not self.registry.is_known_surname(full)  # "a resident named Ana"
            said = gender(full, title or self.registry.role(full), given=given)
            if said == wanted:
                found.append(full)
            elif said is None and _plain_person(full):
                unknown.append(full)
        if found:
            return found[-1]
        return unknown[-1] if unknown else None

    def resolve(self, mention: _Mention, before: int) -> tuple[str | None, str | None]:
        if mention.kind == "pronoun":
            word = mention.text.lower()
            if word in {"he", "she"}:
                person = self._person_before(before, word)
                return person, self._role(person)
            if word in {"they", "we", "it"} and self.last_speaker and not self.last_was_person:
                return self.last_speaker, self._role(self.last_speaker)
            if word == "it":
                return self._document_before(min(mention.start, before)), None
            if word == "i" and (mention.start > before or before - mention.end <= _I_REACH):
                return _WRITER, None  # a first-person writer: "“...,” I said.", "I said, “"
            return None, None
        if mention.kind == "np":
            return mention.text, mention.role
        name = self.registry.resolve(mention.text)
        self._ensure_role(name)
        if mention.role:
            self.registry.set_role(name, mention.role)
        return name, mention.role or self._role(name)

    def _document_before(self, pos: int) -> str | None:
        """What "it said" / "it reads" stands for: the last document or body named shortly
        before ("The letter ... “...,” it read"), else nothing."""
        found = list(_DOCUMENT_RE.finditer(self.text, max(0, pos - _IT_REACH), pos))
        return found[-1].group(0) if found else None

    def _ensure_role(self, name: str) -> None:
        """Look a person's first mention up for a role, once, when they are first quoted."""
        if name in self._roles_checked:
            return
        self._roles_checked.add(name)
        if self.registry.role(name) is None:
            role = _first_mention_role(self.text, name)
            if role:
                self.registry.set_role(name, role)

    def _role(self, name: str | None) -> str | None:
        if not name:
            return None
        self._ensure_role(name)
        return self.registry.role(name)

    def spoke(self, speaker: str | None, kind: str, at: int) -> None:
        if speaker is None:
            return
        self.last_speaker = speaker
        person = kind in {"name", "pronoun"} and not is_organisation(speaker)
        self.last_was_person = person
        if person:
            self.last_person = speaker
            self.last_person_at = at


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


# A transcript's speaker label, in capitals, opening a quote: “RUIZ: ...”, “LIA PARK: ...”.
_LABEL_RE = re.compile(r"\s*(?P<label>[A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+){0,2}):\s+")
_NOT_LABELS = words(
    "VIDEO AUDIO UPDATE UPDATED NOTE CORRECTION BREAKING WATCH READ PHOTO Q A QUESTION ANSWER "
    "EDITOR'S EDITOR’S WARNING ALERT NEWS BULLETIN TRANSCRIPT SOURCE SOURCES PS P.S."
)


def _named_in_text(text: str, name: str) -> bool:
    """ "Park" also written as a name inside a sentence ("Commissioner Park", "asked Park")."""
    if " " in name:
        return True  # "JANE DOE": a full name is a person's
    pattern = rf"(?:[a-z,]|\b[A-Z][a-z]+\.?) {re.escape(name)}\b"
    return re.search(pattern, text) is not None


def _label_name(label: str) -> str:
    """ "JANE DOE" -> "Jane Doe"."""
    return " ".join(w[:1] + w[1:].lower() for w in label.split())


def _quote_text(inner: str) -> str:
    inner = inner.strip()
    return inner.rstrip(",").rstrip()


def _first_mention_role(text: str, name: str) -> str | None:
    """The role given where a person is first named ("Mayor Bill de Blasio", "X, a ...")."""
    at = text.find(name)
    if at < 0:
        return None
    role = _role_from_rest(text[at + len(name) : at + len(name) + 160])
    if role is None:
        line_start = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at)) + 1
        titles = list(_TITLE_BEFORE_RE.finditer(text[line_start:at]))
        if titles:
            role = titles[-1].group("role").strip()
    return role


def find_quotes(text: str, spans: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Every direct quote in `text`, in order, with its speaker where the text gives one.

    `spans` are the text's sentence spans when the caller already has them.
    """
    if _ANY_MARK_RE.search(text) is None:
        return []
    paragraphs = _paragraph_spans(text)
    if not paragraphs:
        return []
    if spans is None:
        spans = sentence_spans(text)
    resolver = _Resolver(text, spans)
    quotes: list[Quote] = []
    pieces_of: list[_Piece] = []  # the piece each quote came from, for the last pass
    prev_para_found: _Found | None = None
    prev_para_colon: tuple[int, int] | None = None
    prev_para_quoted = False  # the paragraph before held a quote (not just scare quotes)
    for index, (p_start, p_end) in enumerate(paragraphs):
        pieces = _pair_marks(text, p_start, p_end, index)
        para_quotes: list[_Found] = []
        prev_end = p_start
        for k, piece in enumerate(pieces):
            s_start, _ = _sentence_bounds(spans, piece.open)
            head_start = max(s_start, prev_end, p_start)
            next_open = pieces[k + 1].open if k + 1 < len(pieces) else p_end
            tail_start = (piece.close + 1) if piece.close is not None else p_end
            _, c_end = _sentence_bounds(spans, max(tail_start - 1, piece.open))
            own_end = min(max(c_end, tail_start), next_open, p_end)  # the quote's own sentence
            ends = text[piece.end - 1] if piece.close is not None else ""
            if c_end <= tail_start < p_end and ends and ends in "?!,—-.’'…":
                # “Ready?” Lowe asked. : the splitter ended a sentence at the mark.
                # (Not when that sentence holds the next quote: “Why?” He answered, “...”)
                # After a full stop only a short cue sentence counts: “... now.” Lowe said.
                _, next_end = _sentence_bounds(spans, tail_start + 1)
                short = next_end - tail_start <= _BARE_CUE
                new_sentence = not short and _NEW_SENTENCE_RE.match(text, tail_start) is not None
                if next_end <= next_open and (ends not in ".’'…" or short) and not new_sentence:
                    # (not “...?” The rivals used the line for years to ...: its own sentence)
                    c_end = next_end
                elif (
                    next_end > next_open
                    and ends in "?!,"
                    and _LEADS_IN_RE.search(text, tail_start, next_open) is None
                    and _NEW_SENTENCE_PRONOUN_RE.match(text, tail_start) is None
                ):
                    # “Why?” Park asks as a clerk walks in, saying “...”: the words before the
                    # next quote do not introduce it, so they are this quote's cue
                    c_end = next_open
            tail_end = min(max(c_end, tail_start), next_open, p_end)
            mention: _Mention | None = None
            inner = text[piece.open + 1 : piece.end]
            label = _LABEL_RE.match(text, piece.open + 1, piece.end)
            unlabelled = label is not None and label.group("label") in _NOT_LABELS
            if label is not None and not unlabelled:
                # a transcript line, “JANE DOE: ...”: the label is the speaker, when it
                # names a person of the article (not “CLIP: ...”)
                mention = _mention(_label_name(label.group("label")), label.start("label"), None)
                if mention is None or not (
                    _known_person(resolver, mention) or _named_in_text(text, mention.text)
                ):
                    mention, unlabelled = None, True
            if mention is None and not unlabelled and piece.close is not None:
                mention = _tail_cue(text, tail_start, tail_end)
                if (
                    mention is not None
                    and tail_end == next_open < p_end
                    and _AND_RE.match(text, tail_start) is not None
                    and _CLOSED_RE.search(text, tail_start, next_open) is None
                ):
                    # "“A” and Dan Ruiz says he is “B”": the cue runs on into the next quote
                    mention = None
                if mention is None and not (own_end == next_open < p_end):
                    # (a cue just before the next quote of the sentence introduces that one)
                    mention = _trailing_cue(text, tail_start, own_end)
            if mention is None:
                mention = _head_cue(text, head_start, piece.open)
            prev_close = pieces[k - 1].end + 1 if k else p_start
            if mention is None and head_start > max(s_start, prev_close, p_start):
                # "“A,” Park said on Monday, though she said, “B.”": the quote before took
                # these words as its tail; the last cue among them is this quote's own.
                mention = _last_cue(text, max(s_start, prev_close, p_start), piece.open, 60)
            if mention is None:
                mention = _who_cue(text, max(s_start, prev_close, p_start), piece.open)
            intro = _INTRO_RE.search(text, head_start, piece.open) if mention is None else None
            if intro is not None:
                # (a name inside the participle's own clause is not its subject: "She
                # hit back, telling reporters that Tom Berg was “...”")
                mention = _sentence_subject(text, resolver, s_start, intro.start() + 1)
                if mention is None:
                    mention = _nearest_subject(text, max(s_start, p_start), piece.open)
            if mention is None and s_start >= p_start:
                in_sentence = [f for f in para_quotes if f.piece.open >= s_start]
                after_scare = bool(in_sentence) and not any(f.cued for f in in_sentence)
                mention = _clause_cue(text, s_start, piece.open, after_scare=after_scare)
                if mention is None and piece.close is not None and not _is_scare(inner):
                    # "Lia Park thanked the crew for “...”": any verb, from a known person
                    mention = _clause_cue(
                        text, s_start, piece.open, after_scare=after_scare, any_verb=True
                    )
                    if mention is not None and not _known_person(resolver, mention):
                        mention = None
                    if mention is None:
                        # "Park’s slogan is “...”": her words, named as such
                        mention = _words_of(text, s_start, piece.open)
                        if mention is not None and not _known_person(resolver, mention):
                            mention = None
            head_blank = not text[head_start : piece.open].strip(" —–-:")
            if mention is None and head_blank and piece.close is not None and k == 0:
                # a quote standing alone, signed after it: "“...” ― Lia Park, harbour master"
                signed = _SIGN_OFF_RE.match(text, tail_start, p_end)
                if signed is not None:
                    mention = _from_match(signed, 0, signed.group("role"))
            if mention is None and head_blank and k == 0 and prev_para_colon is not None:
                mention = _head_cue(text, prev_para_colon[0], prev_para_colon[1])
                if mention is None:
                    mention = _sentence_subject(text, resolver, *prev_para_colon)
            speaker: str | None = None
            role: str | None = None
            if unlabelled:
                mention = None  # “VIDEO: ...”: a transcript line from no one we can name
            cued = mention is not None or unlabelled
            if mention is not None:
                speaker, role = resolver.resolve(mention, piece.open)
                resolver.spoke(speaker, mention.kind, mention.start)
            prev_end = tail_end
            where = (mention.start, mention.end) if mention is not None else None
            if where is not None and speaker is not None and where[1] < piece.open:
                where = _nearer_pronoun(text, resolver, speaker, where, piece.open)
            weak = mention is not None and mention.weak
            para_quotes.append(_Found(piece, speaker, role, cued, where, weak))
        # Second pass: quotes with no cue of their own.
        for k, found in enumerate(para_quotes):
            if found.cued:
                continue
            piece = found.piece
            s_start, _ = _sentence_bounds(spans, piece.open)
            lead = text[max(s_start, p_start) : piece.open].strip(" —–-")
            starts_sentence = not lead or _CONNECTIVE_RE.fullmatch(lead) is not None
            donor: _Found | None = None
            earlier = [f for f in para_quotes[:k] if f.speaker is not None]
            same_sentence = [
                f for f in earlier if _sentence_bounds(spans, f.piece.open)[0] == s_start
            ]
            later = _trailing_donor(para_quotes, k, spans, s_start)
            if same_sentence:
                # "“A,” he said, “B.”" and "he called it “A” and “B”": one speaker.
                donor = same_sentence[-1]
            elif later is not None and not starts_sentence:
                # "It was “A” as donors waited for “B,” he said.": the cue after the last
                # quote of the sentence reports the whole sentence.
                donor = later
            elif starts_sentence and earlier:
                donor = earlier[-1]
                cue = _cue_between(text, spans, donor.piece, s_start)
                if cue is not None:
                    # "“A,” X said. Then Y cut in. “B.”": the sentence between names Y
                    speaker, role = resolver.resolve(cue, piece.open)
                    if speaker is not None:
                        para_quotes[k] = _Found(piece, speaker, role, True, (cue.start, cue.end))
                        continue
            elif starts_sentence and k == 0:
                # A later quote in the same sentence may carry the cue: "“A,” “B,” X said."
                if k + 1 < len(para_quotes) and para_quotes[k + 1].cued:
                    nxt = para_quotes[k + 1]
                    if _sentence_bounds(spans, nxt.piece.open)[0] == s_start:
                        donor = nxt
                if (
                    donor is None
                    and prev_para_found is not None
                    and (prev_para_found.piece.close is None or piece.open == p_start)
                ):
                    donor = prev_para_found
            prev_para_plain = (
                k == 0
                and index > 0
                and s_start <= p_start
                and not prev_para_quoted
                and _no_tail(text, para_quotes, k, p_end)
            )
            if donor is None and starts_sentence and (s_start > p_start or prev_para_plain):
                # "X said the plan failed. “Quote.”": the sentence before names the speaker,
                # in the same paragraph or closing a paragraph with no quote of its own.
                before = s_start - 2 if s_start > p_start else paragraphs[index - 1][1] - 1
                prev_start, _ = _sentence_bounds(spans, before)
                before_para = paragraphs[index - 1][0] if index > 0 else -1
                if prev_start >= p_start or prev_para_plain:
                    mention = _last_cue(text, prev_start, s_start, first=True)
                    if mention is None:
                        inverted = _SAID_NAME_RE.search(text, prev_start, s_start)
                        if inverted is not None:
                            mention = _from_match(inverted, 0, None)
                    if mention is None and s_start <= p_start and prev_start == before_para:
                        # A one-sentence paragraph about a named person, then their quote.
                        mention = _opening_mention(text, prev_start, s_start)
                    if (
                        mention is not None
                        and s_start <= p_start
                        and mention.kind != "name"
                        and mention.text.lower() not in {"he", "she"}
                    ):
                        mention = None  # across paragraphs only a person carries on
                    if mention is not None:
                        speaker, role = resolver.resolve(mention, piece.open)
                        if speaker is not None:
                            where = (mention.start, mention.end)
                            para_quotes[k] = _Found(piece, speaker, role, True, where)
                            continue
            if donor is not None and donor.speaker is not None:
                para_quotes[k] = _Found(piece, donor.speaker, donor.role, True, donor.where)
        if para_quotes and index + 1 < len(paragraphs):
            _sign_off(text, resolver, para_quotes, paragraphs[index + 1], p_start, p_end)
        for found in para_quotes:
            piece = found.piece
            inner = text[piece.open + 1 : piece.end]
            if _is_scare(inner) and (not found.cued or found.speaker is None):
                continue
            if found.weak and len(_WORDS_RE.findall(inner)) <= 2:
                continue
            body = _quote_text(inner)
            label = _LABEL_RE.match(body)
            if label is not None and found.speaker is not None and label.end() < len(body):
                body = body[label.end() :]  # the label is the speaker, not part of the words
            if not body:
                continue
            end = piece.close + 1 if piece.close is not None else piece.end
            where = found.where
            quotes.append(
                Quote(
                    text=body,
                    speaker=found.speaker,
                    role=found.role,
                    start=piece.open,
                    end=end,
                    speaker_start=where[0] if where and found.speaker else None,
                    speaker_end=where[1] if where and found.speaker else None,
                )
            )
            pieces_of.append(piece)
        prev_para_quoted = bool(quotes) and quotes[-1].start >= p_start
        last = para_quotes[-1] if para_quotes else None
        prev_para_found = last if last is not None and last.cued and last.speaker else None
        stripped = text[p_start:p_end].rstrip()
        if stripped.endswith(":"):
            colon_sent = _sentence_bounds(spans, p_start + len(stripped) - 1)
            prev_para_colon = (colon_sent[0], p_start + len(stripped) - 1)
        else:
            prev_para_colon = None
    _carry_back(text, quotes, pieces_of, paragraphs)
    return quotes


_CLOSED_RE = re.compile(r"[,.;:!?—–]\s*$")  # a cue that ends before the next quote
_AND_RE = re.compile(r"\s*,?\s*and\b")


# Words that lead in to a quote right after them: "He answered, “", "...: “"
_LEADS_IN_RE = re.compile(r"[,:]\s*$|\b(?:that|as|of)\s*$")
_NEW_SENTENCE_PRONOUN_RE = re.compile(r"\s*(?:He|She|They|We|I|It)\b")  # “No!” She left.
_NEW_SENTENCE_RE = re.compile(r"\s*(?:Her|His|Their|Its|Our|The|A|An|This|That|These|Those)\b")


# A sentence-opening word that carries on what was said: "Then, “...”", "But “...”".
_CONNECTIVE_RE = re.compile(
    r"(?:But|And|Then|Instead|Indeed|Still|Yet|So|Also|Moreover|However|Rather|Again|Plus)"
    r"(?: then)?,?"
)


# A line under a quote that names who said it: "— Lia Park, harbour master."
_SIGN_OFF_RE = re.compile(rf"\s*[-–—―]+\s*{_MODS}{_WHO}(?:,\s*(?P<role>[^“”\"]{{2,120}}?))?\.?\s*$")
_SIGN_OFF_REACH = 160  # longest sign-off line


def _sign_off(
    text: str,
    resolver: _Resolver,
    found: list[_Found],
    following: tuple[int, int],
    p_start: int,
    p_end: int,
) -> None:
    """Quotes making up a whole paragraph, signed in the next one ("- Lia Park.")."""
    f_start, f_end = following
    if f_end - f_start > _SIGN_OFF_REACH or any(f.speaker is not None for f in found):
        return
    if text[p_start : found[0].piece.open].strip():
        return
    if not _no_tail(text, found, len(found) - 1, p_end):
        return
    match = _SIGN_OFF_RE.match(text, f_start, f_end)
    if match is None:
        return
    mention = _mention(match.group("who"), match.start("who"), match.group("role"))
    if mention is None or mention.kind != "name":
        return
    speaker, role = resolver.resolve(mention, f_start)
    for k, f in enumerate(found):
        found[k] = _Found(f.piece, speaker, role, True, (mention.start, mention.end))


# "he" or "she" as the subject of a later clause: "Park is winning applause as she keeps
# saying ...", not the object of a speech verb ("Park said he ...").
_CLAUSE_PRONOUN_RE = re.compile(
    r"(?:\b(?:as|when|while|and|but|after|before|because|since|though|although|then),?"
    r"|,)\s+(?P<pron>he|she)\s+(?!(?:said|says|told|was|is|had|has)\b)[a-z]"
)


def _nearer_pronoun(
    text: str, resolver: _Resolver, speaker: str, where: tuple[int, int], open_: int
) -> tuple[int, int]:
    """The mention of the speaker nearest the quote: a "he"/"she" that stands for the same
    person as subject of the clause carrying the quote, else `where`."""
    last: re.Match[str] | None = None
    for match in _CLAUSE_PRONOUN_RE.finditer(text, where[1], open_):
        last = match
    if last is None:
        return where
    pron = last.group("pron")
    if (
        resolver.resolve(
            _Mention(pron, last.start("pron"), last.end("pron"), None, "pronoun"),
            last.start("pron"),
        )[0]
        != speaker
    ):
        return where
    return (last.start("pron"), last.end("pron"))


# "Lia Park’s slogan is", "Park’s answer was that": a person's words, opening the sentence.
_WORDS_OF_RE = re.compile(
    rf"\s*(?P<who>{NAME_PATTERN})[’']s\s+(?:[a-z][\w\-]*\s+){{0,2}}?"
    r"(?:slogan|catch\s?phrase|catchphrase|remark|comment|words|statement|answer|response|"
    r"reply|line|promise|pledge|claim|message|tweet|motto|mantra|refrain|argument|"
    r"assumption|dictum|verdict|advice|warning|boast|retort)s?"
    r"\s+(?:is|was|has been|had been|reads|read|became|remains|went)\b[^“”\"]*$"
)


def _words_of(text: str, s_start: int, end: int) -> _Mention | None:
    match = _WORDS_OF_RE.match(text, s_start, end)
    if match is None:
        return None
    return _mention(match.group("who"), match.start("who"), None)


def _known_person(resolver: _Resolver, mention: _Mention) -> bool:
    if mention.kind == "pronoun":
        return mention.text.lower() in {"he", "she"}
    if mention.kind == "np":
        return _is_speaker_np(mention.text)
    if mention.kind != "name":
        return False
    full = resolver.registry.resolve(mention.text)
    if is_organisation(full) or is_place(full):
        return False
    return len(full.split()) >= 2 or resolver.registry.is_known_surname(full)


def _cue_between(
    text: str, spans: list[tuple[int, int]], before: _Piece, s_start: int
) -> _Mention | None:
    """The cue of the sentence just before `s_start`, when it has no quote of its own and
    comes after the quote `before` ("... the judge interrupted me. “...”")."""
    prev_start, _ = _sentence_bounds(spans, s_start - 2)
    end_before = before.end + 1
    if prev_start < end_before or _ANY_MARK_RE.search(text, prev_start, s_start):
        return None
    mention = _last_cue(text, prev_start, s_start, first=True)
    if mention is None:
        mention = _opening_mention(text, prev_start, s_start)
    return mention


def _trailing_donor(
    found: list[_Found], k: int, spans: list[tuple[int, int]], s_start: int
) -> _Found | None:
    """The first later quote of the same sentence, when its cue follows it."""
    for later in found[k + 1 :]:
        if _sentence_bounds(spans, later.piece.open)[0] != s_start:
            return None
        if later.cued:
            close = later.piece.close
            after = later.where is not None and close is not None and later.where[0] > close
            return later if after and later.speaker is not None else None
    return None


def _no_tail(text: str, found: list[_Found], k: int, p_end: int) -> bool:
    """Nothing but punctuation follows quote k before the next quote or the paragraph's end."""
    piece = found[k].piece
    if piece.close is None:
        return True
    stop = found[k + 1].piece.open if k + 1 < len(found) else p_end
    return re.search(r"\w", text[piece.close + 1 : stop]) is None


def _carry_back(
    text: str, quotes: list[Quote], pieces: list[_Piece], paragraphs: list[tuple[int, int]]
) -> None:
    """A quote running on over paragraphs is often attributed only in its last paragraph
    (not a transcript, whose paragraphs each open with their own label)."""
    for i in range(len(quotes) - 2, -1, -1):
        here, nxt = pieces[i], pieces[i + 1]
        if quotes[i].speaker is not None or here.close is not None:
            continue
        if _LABEL_RE.match(text, here.open + 1, here.end) or _LABEL_RE.match(
            text, nxt.open + 1, nxt.end
        ):
            continue
        if nxt.paragraph != here.paragraph + 1 or nxt.open != paragraphs[nxt.paragraph][0]:
            continue
        if quotes[i + 1].speaker is None:
            continue
        donor = quotes[i + 1]
        quotes[i] = dataclasses.replace(
            quotes[i],
            speaker=donor.speaker,
            role=donor.role,
            speaker_start=donor.speaker_start,
            speaker_end=donor.speaker_end,
        )
