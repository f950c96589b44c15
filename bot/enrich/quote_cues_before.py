"""Family "cue before the quote": the speaker is named before the quote, in the words that
lead into it.

The rules (`quote_rules.RULES`) and the sentence each was written for:

- `head_cue`: Lia Park said: “We will rebuild the pier.” (also "According to Lia Park,",
  "From the audit report:", "A statement from Lia Park's office read:")
- `last_cue`: “We start Monday,” Lia Park said, though she added, “the cost is still open.”
- `asked_cue`: Lia Park was asked by Tom Berg: “Will the pier open in May?”
- `passive_cue`: The plan was described by Lia Park as “a waste of money.”
- `who_cue`: Tom Berg agreed with Lia Park, who called the cuts “a disgrace to the town.”
- `with_cue`: The vote was close, with Lia Park telling reporters it was “a narrow escape.”
- `parenthetical_cue`: The vote, said Lia Park, the mayor, was “a fair deal for the town.”
- `opening_clause` (`opening_mention` here, applied in `quotes`): After Tom Berg said the plan
  was “dead on arrival,” Lia Park said it would pass.

`intro_subject`, `name_before_colon`, `colon_paragraph` and `inner_speaker` are branches of
`quotes` built on these finders and on `quote_speakers.sentence_subject`.
"""

from __future__ import annotations

import dataclasses
import re

from .lexicon import words
from .names import (
    NAME_PATTERN,
    TITLES,
    is_function_word,
    is_organisation,
)
from .quote_mention import (
    AFFILIATION,
    AFTER_SUBJECT_RE,
    CALENDAR_WORDS,
    DOCUMENT_NOUNS,
    NAME_BEFORE_APPOSITION_RE,
    OWN_THING_RE,
    PRONOUN_START_RE,
    Mention,
    clean_who,
    from_match,
    is_speaker_np,
    last_match,
    mention_of,
)
from .quote_patterns import (
    ADVERBS,
    AGE,
    MODS,
    NP,
    PARTY,
    PRONOUN,
    ROLE_APPOSITION,
    TEAM,
    TOOK_TO,
    VERB_GROUP,
    WHEN,
    WHO,
)

__all__ = [
    "asked_cue",
    "head_cue",
    "last_cue",
    "opening_mention",
    "parenthetical_cue",
    "passive_cue",
    "reduced_passive",
    "who_cue",
    "with_cue",
]
# "According to Lia Park of the Harbour Trust, “...”"
_OF_BODY = rf"(?:\s+(?:of|at|from)\s+(?:the\s+)?{NAME_PATTERN})?"
# "According to his aunt, Jane Starner, “...”": the name in apposition speaks
_HEAD_ACCORDING_NAMED_RE = re.compile(rf"\b[Aa]ccording to\s+(?P<role>{NP}),\s+{MODS}{WHO}\s*,\s*$")
_HEAD_ACCORDING_RE = re.compile(
    rf"\b[Aa]ccording to\s+(?:{MODS}{WHO}{_OF_BODY}|(?P<pron>him|her)|(?P<np>{NP}))\s*,"
)
# (a name's body or town after it: "Tom Berg of the Harbour Trust said", "Tom Berg, 45, of
# Portmere said": Berg speaks, not the body)
# (not a title's own "of": "Secretary of State Lia Park said" is Park)
_TITLE_OF = "|".join(sorted(t.capitalize() for t in TITLES if t.isalpha()))
# ("Lia Park on Thursday told the Gazette:", "Lia Park later Thursday told ...")
_HEAD_WHEN = (
    rf"(?:{WHEN}|\s+(?:later|earlier)\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|today|that\s+day))"
    # (only before a plain speech verb: "on Friday described his plan as a “...”" stays a clause)
    r"(?=\s+(?:told|said|says|tells|wrote|writes|declared|announced|added)\b)"
)
_HEAD_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-])(?:(?P<np>{NP})|(?!(?:[A-Z][\w.\-]*\s+){{0,3}}(?:{_TITLE_OF})\s+(?:of|for)\b){WHO}{AFFILIATION}{TEAM}"
    rf"|(?P<pron>{PRONOUN})){ROLE_APPOSITION}{AGE}"
    rf"(?(who)(?:\s+(?:of|from)\s+{NAME_PATTERN})?)(?:{_HEAD_WHEN})?\s+{VERB_GROUP}"
)
_HEAD_REACH = 160  # characters from the end of a cue to the quote it introduces
_HEAD_INVERTED_RE = re.compile(
    rf"\b(?P<verb>[Ss]aid|[Ss]ays|[Ww]rote|[Aa]dded|[Aa]sked|[Ee]xplained|[Nn]oted|[Aa]rgued|"
    r"[Rr]ecalled|[Rr]eplied|[Rr]esponded|[Dd]eclared|[Ii]nsisted|[Ww]arned|[Oo]bserved|"
    # ("explained Harbour Radio host Lia Park:": a body and a title may come first)
    rf"[Qq]uipped|[Jj]oked|[Tt]weeted|[Cc]ontinued|put it)\s+"
    rf"(?:(?:[A-Z][\w’'\-.]*\s+){{0,3}}?{MODS}{WHO}|(?P<np>{NP}))"
    rf"(?:,\s*(?P<role>[^,“”\"]{{2,120}}))?[,:]\s*$"
)


_AND_NAME_RE = re.compile(rf"\s+and\s+(?P<who>{NAME_PATTERN})")  # ("Lia Park and Tom Berg")
# (an age may come first: "76-year-old Tom Berg endorsed ...")
_OPENING_NAME_RE = re.compile(rf"\s*(?:\d{{1,3}}-year-old\s+)?(?P<who>{NAME_PATTERN})")


def _opening_subject(text: str, match: re.Match[str]) -> bool:
    """A name opening a sentence is its subject only when a verb follows it ("Lowe needled").

    Not a dateline ("DENVER, May 2 —"), a heading, or an opening word ("Speaking ...").
    """
    who = match.group("who")
    if who.isupper() or who.endswith("ing"):
        return False
    return AFTER_SUBJECT_RE.match(text, match.end()) is not None


_NOT_OPENING_SUBJECT = words(
    "amid as given despite with without under over among two three four five six seven "
    "eight nine ten asked speaking writing even just only perhaps maybe indeed instead "
    "like unlike january february march april may june july "
    "august september october november december"
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


def opening_mention(text: str, s_start: int, end: int) -> Mention | None:
    """He/She or a name opening the sentence as its subject (a verb follows), else None."""
    match = PRONOUN_START_RE.match(text, s_start, end)
    if match:
        return Mention(match.group("pron"), match.start("pron"), match.end("pron"), None, "pronoun")
    match = _OPENING_NAME_RE.match(text, s_start, end)
    joined = _AND_NAME_RE.match(text, match.end(), end) if match is not None else None
    if joined is not None and _opening_subject(text, joined):
        match = joined  # "Lia Park and Tom Berg issued ...": the resolver makes the pair
    if match is None or not _opening_subject(text, match):
        described = _OPENING_DESCRIBED_NAME_RE.match(text, s_start, end)
        if described is None or len(described.group("who").split()) < 2:
            return None
        if not _opening_subject(text, described):
            return None
        return mention_of(described.group("who"), described.start("who"), described.group("role"))
    first = match.group("who").split()[0].lower()
    if is_function_word(first) or first in _NOT_OPENING_SUBJECT:
        return None
    if first.endswith("ly") and text.startswith(",", match.end()):
        return None  # "Ironically, ..." opens a sentence but is nobody
    return mention_of(match.group("who"), match.start("who"), None)


_WHO_CUE_RE = re.compile(
    rf"(?P<who>{NAME_PATTERN})(?:\s+(?:of|from)\s+{NAME_PATTERN})?{PARTY}{AGE}"
    # ("Tom Berg, who said", "Tom Berg who tweeted", "Tom Berg - who said")
    r"(?:,\s+|\s+[-–—]\s+|\s+(?=who\s+(?:tweeted|wrote|posted|said|says)\b))"
    rf"(?P<rel>who)\s+{VERB_GROUP}[^“”\"]*$"
)


# "It was Tom Berg who called it “...”", "Tom Berg is among those who call it “...”"
_CLEFT_WHO_RE = re.compile(
    rf"\b[Ii]t\s+(?:was|is)\s+{MODS}(?P<who>{NAME_PATTERN})\s+(?P<rel>who)\s+{VERB_GROUP}"
    r"[^“”\"]*$"
)
_AMONG_WHO_RE = re.compile(
    rf"(?P<who>{NAME_PATTERN})\s+(?:is|was|are|were)\s+(?:among|one of)\s+"
    rf"(?:those|the\s+[a-z]+)\s+(?P<rel>who)\s+{VERB_GROUP}[^“”\"]*$"
)
_WHO_NP_CUE_RE = re.compile(
    # (any noun phrase, even after a preposition: "a lecture from the port director, who")
    r"(?<![\w’'\-])(?P<np>(?:[Tt]he|[Aa]n?|[A-Z][\w’'\-]*[’']s)\s+"
    r"(?:(?!(?:from|of|to|with|for|by|in|on|at|about)\b)[\w\-]+\s+){0,4}?[\w\-]+)"
    rf",\s+(?P<rel>who)\s+{VERB_GROUP}[^“”\"]*$"
)


def who_cue(text: str, start: int, end: int) -> Mention | None:
    """ "..., said Lia Park, who added that the plan was “...”": the relative pronoun cues
    the quote and stands for the name before it. The mention's span is "who" (the cue, as
    "he" is for a pronoun cue); its text is the name, to resolve."""
    start = max(start, end - _HEAD_REACH - 60)
    if text.find(" who ", start, end) < 0:
        return None
    match = (
        _WHO_CUE_RE.search(text, start, end)
        or _CLEFT_WHO_RE.search(text, start, end)
        or _AMONG_WHO_RE.search(text, start, end)
    )
    if match is None:
        np = _WHO_NP_CUE_RE.search(text, start, end)
        if np is None or end - np.end("verb") > _HEAD_REACH or not is_speaker_np(np.group("np")):
            return None
        # "the Mexican president, who said that NAFTA was good for “...”"
        who = clean_who(np.group("np"))
        return Mention(who, np.start("rel"), np.end("rel"), None, "np")
    if end - match.end("verb") > _HEAD_REACH:
        return None
    mention = mention_of(match.group("who"), match.start("who"), None)
    if mention is None or mention.kind != "name" or is_organisation(mention.text):
        return None
    return dataclasses.replace(mention, start=match.start("rel"), end=match.end("rel"))


# "Park was asked by Tom Berg: “...?”": the question is the asker's, not Park's.
_ASKED_RE = re.compile(
    r"\b(?:was|were|been|being|is|are|get|got|gets)\s+(?:\w+ly\s+)?asked"
    rf"(?:\s+by\s+(?:{MODS}{WHO}|(?P<np>{NP})))?[^“”\".!?]{{0,160}}$"
)
_QUESTION_END_RE = re.compile(r"\?[\s\"”’'.,]*$")


def asked_cue(text: str, start: int, end: int, quote: str) -> tuple[bool, Mention | None]:
    """Whether a quoted question follows "<someone> was asked", and who asked it when the
    text says ("by Tom Berg"); (False, None) when it does not apply."""
    if _QUESTION_END_RE.search(quote) is None or "asked" not in text[start:end]:
        return False, None
    match = last_match(_ASKED_RE, text, start, end)
    if match is None:
        return False, None
    if match.group("who") or match.group("np"):
        return True, from_match(match, 0, None)
    return True, None


# Participles of a passive that credits words to its agent: "Berg was described by Lia Park
# as “...”", "Berg has been called “...” by Lia Park".
_PASSIVE_PARTS = (
    r"(?:described|called|labeled|labelled|branded|dubbed|characterized|characterised|"
    r"derided|mocked|praised|hailed|criticized|criticised|accused|blasted|slammed|attacked|"
    r"denounced|dismissed|lauded|portrayed|depicted|painted|nicknamed|deemed|ridiculed|"
    r"described|referred\s+to|singled\s+out|written\s+off|told|warned|urged)"
)
_PASSIVE = (
    rf"(?:\b(?:was|were|is|are|been|being|be|get|got|gets)\s+|(?<=,)\s+)(?:\w+ly\s+)?"
    rf"{_PASSIVE_PARTS}"
)
_AGENT = rf"by\s+(?:{MODS}{WHO}|(?P<np>{NP}))"
_PASSIVE_HEAD_RE = re.compile(rf"{_PASSIVE}\s+{_AGENT}(?:,[^,“”\"]{{2,80}},)?[^“”\".;:!?]{{0,40}}$")
# ("the prison, dubbed the “Hanoi Hilton” by the men held there": a participle after a comma
# is a passive too)
_PASSIVE_OPEN_RE = re.compile(rf"{_PASSIVE}\s*(?:as\s*|the\s+|an?\s+)?$")
_AGENT_AFTER_RE = re.compile(rf"\s*,?\s*{_AGENT}")


def reduced_passive(text: str, start: int, end: int) -> bool:
    """A participle after a comma frames the quote ("the prison, dubbed the “...”"): whoever
    gave it the name, it was not the sentence's subject."""
    match = _PASSIVE_OPEN_RE.search(text, max(start, end - 60), end)
    return match is not None and text[match.start() - 1 : match.start()] == ","


def passive_cue(text: str, start: int, end: int, after: int) -> Mention | None:
    """The agent of a passive that frames the quote at text[end:after]: named before it
    ("was described by Lia Park as “...”") or right after it ("was called “...” by Lia Park").
    ("A quoted B as saying “...”" is left to A, as PolNeAR's annotators do: A is the source.)"""
    if "by" in text[start:end]:
        match = last_match(_PASSIVE_HEAD_RE, text, start, end)
        if match is not None:
            return from_match(match, 0, None)
    if _PASSIVE_OPEN_RE.search(text, max(start, end - 60), end) is not None:
        match = _AGENT_AFTER_RE.match(text, after)
        if match is not None and not (
            match.group("who") and _NOUN_AFTER_RE.match(text, match.end("who"))
        ):
            # (not "by American servicemen": a word in capitals before a noun is no name)
            return from_match(match, 0, None)
    return None


_NOUN_AFTER_RE = re.compile(
    r"\s+(?!(?:as|in|on|at|for|during|after|before|last|this|of|and|with|who|from|to|when|"
    r"while|said|says|about|over)\b)[a-z]"
)


# "..., with Lia Park telling reporters she saw the mayor as “...”": a name and a participle
# of speech after "with" are the clause that carries the quote.
_WITH_CUE_RE = re.compile(
    rf"\bwith\s+{MODS}{WHO}{AGE}\s+(?:(?:\w+ly|then|later|also|soon)\s+)?"
    # ("with Discord then publishing an update saying": what it published says it)
    r"(?:(?:publishing|posting|issuing|releasing|sharing|putting\s+out)\s+(?:a|an|the)\s+"
    r"(?:[\w\-]+\s+)?(?:update|statement|post|message|note|letter|tweet|notice|response)\s+)?"
    r"(?P<verb>(?:saying|telling|tweeting|"
    r"writing|noting|asking|adding|arguing|insisting|warning|declaring|describing|calling|"
    r"claiming|accusing|urging|predicting|vowing|promising|blaming|explaining|stating|"
    r"suggesting|complaining|charging|dismissing|labeling|labelling|branding|yelling|"
    rf"shouting|screaming|replying|responding|joking|quipping|recalling|conceding|{TOOK_TO}))\b"
)


def with_cue(text: str, start: int, end: int) -> Mention | None:
    """The last "with <name> <speech participle>" before a quote, within reach."""
    last = last_match(_WITH_CUE_RE, text, max(start, end - _HEAD_REACH - 60), end)
    if last is None or end - last.end("verb") > _HEAD_REACH:
        return None
    mention = mention_of(last.group("who"), last.start("who"), None)
    if mention is None or mention.kind != "name" or is_organisation(mention.text):
        return None
    return mention


# "The paradox, says Tom Berg, a historian, is that she was “...”": a cue set off by commas
# inside the sentence that carries the quote.
_PARENTHETICAL_CUE_RE = re.compile(
    rf",\s*(?:{ADVERBS}\s+)?(?P<verb>says|said|writes|wrote|argues|argued|notes|noted|"
    rf"explains|explained|adds|added)\s+{MODS}{WHO}{AGE}"
    # ("said Lia Park in the Gazette, and “...”": where the words appeared)
    rf"(?:\s+(?:in|on|at|for)\s+(?:the\s+)?{NAME_PATTERN})?"
    rf"(?:,\s*(?P<role>[^,“”\"]{{2,120}}?))?,\s"
)


def parenthetical_cue(text: str, start: int, end: int) -> Mention | None:
    """The last cue set off by commas in text[start:end]."""
    last = last_match(_PARENTHETICAL_CUE_RE, text, start, end)
    if last is None or end - last.end() > _HEAD_REACH:
        return None
    mention = from_match(last, 0, last.group("role"))
    return mention if mention is not None and mention.kind == "name" else None


_OBJECT_BEFORE_RE = re.compile(r"\b(?:to|with|by|from|for|about|at|on|in)\s+(?:[Tt]he\s+)?$")


_NAMING_VERBS = frozenset({"called", "dubbed", "labeled", "labelled", "branded"})
# (a name in quotes, closed or running on into the quote: "called “Glasgow (“No Place ...”)")
_NAMED_AFTER_RE = re.compile(
    r" ?(?:[“\"][^“”\"]{1,60}(?:[”\"“]|$)|\u2002{3})"
)  # (or a masked title)
_PLAIN_SPEECH_VERBS = frozenset({"said", "says", "told", "tells", "added", "adds", "wrote"})
_REPORTED_BEFORE_RE = re.compile(r"\b(?:said|says|told|tells|that)\s+$")
_COPULA_BEFORE_RE = re.compile(r"\b(?:is|was|are|were|being|been|be)\s+$")
_MOVING_ON_VERBS = frozenset({"went on", "continued", "continues"})
# Verbs that are as often plural nouns ("initial reports", "his notes", "the claims")
_NOUN_LIKE_VERBS = frozenset(
    {"reports", "notes", "claims", "states", "answers", "replies", "tweets", "posts", "reads"}
)


# "spoke" names no words: a quote past a new clause after it is not what was spoken
_SPOKE_VERBS = frozenset({"spoke", "speaks", "talked", "talks"})
_NEW_CLAUSE_RE = re.compile(
    r",\s+(?:the|a|an|[A-Z][\w’'\-]+)\b[^,“”\"]{0,40}?\b(?:was|were|is|are|had|has|have)\b"
    r"|\b(?:where|while|whereas)\s"
)


def last_cue(
    text: str, start: int, end: int, reach: int | None = None, *, first: bool = False
) -> Mention | None:
    """The speaker of the last (or first) "X said" in text[start:end], within `reach` of its end."""
    last: re.Match[str] | None = None
    for candidate in _HEAD_SUBJECT_RE.finditer(text, start, end):
        if candidate.group("who") and _OBJECT_BEFORE_RE.search(
            text, max(start, candidate.start() - 12), candidate.start()
        ):
            continue  # "a source speaking to Coast Radio said": the name is an object
        if (
            candidate.group("np")
            and candidate.group("verb") in _MOVING_ON_VERBS
            and not is_speaker_np(candidate.group("np"))
        ):
            continue  # "As the meeting went on, ...": a meeting that goes on says nothing
        if (
            candidate.group("pron")
            and candidate.group("verb") not in _PLAIN_SPEECH_VERBS
            and _REPORTED_BEFORE_RE.search(
                text, max(start, candidate.start() - 12), candidate.start()
            )
        ):
            # "The senator said he rarely asks ...": he is in what was said, not its cue
            # (but "Sources said he said “...”" relays his words)
            continue
        if candidate.group("np") and (
            _COPULA_BEFORE_RE.search(text, max(start, candidate.start() - 12), candidate.start())
            or _OBJECT_BEFORE_RE.search(text, max(start, candidate.start() - 12), candidate.start())
        ):
            # "Voss, who is a pastor at ..., slammed": the pastor is Voss; "an adviser to the
            # Port Board, blasted": the board is an object
            continue
        if (
            candidate.group("np")
            and candidate.group("verb") in _NOUN_LIKE_VERBS
            and not is_speaker_np(candidate.group("np"))
        ):
            continue  # "within an hour of initial reports of it": a noun, not a verb
        if candidate.group("verb") in _SPOKE_VERBS and _NEW_CLAUSE_RE.search(
            text, candidate.end(), end
        ):
            # "As Park spoke, the board was pushing for “...”", "Park spoke near the pier,
            # where protesters were chanting “...”": she spoke; the words are another's
            continue
        if text.startswith(" volumes", candidate.end()):
            continue  # "that fact speaks volumes about ...": an idiom, not a speaker
        if (
            candidate.group("np")
            and candidate.group("verb") in _NAMING_VERBS
            and not is_speaker_np(candidate.group("np"))
            and (
                not text[candidate.end() : end].strip()
                or _NAMED_AFTER_RE.match(text, candidate.end(), end)
            )
        ):
            continue  # "a class called “Perception” ..., writing “...”": a thing named
        last = candidate
        if first:
            break
    if last is None or (reach is not None and end - last.end() > reach):
        return None
    return from_match(last, 0, last.group("role") or last.group("aff"))


# "From the audit report: “...”", "More from Lena Holt: “...”", "— Lena Holt: “...”"
# ("from" opens the sentence: "the builder was from Denver:" names a place, not a source)
_HEAD_COLON_SOURCE_RE = re.compile(
    rf"(?:(?:^|\s)[-–—]\s+(?:[Mm]ore from\s+)?|\b(?:[Mm]ore from|[Aa]ccording to)\s+"
    rf"|(?:^|[.!?:]\s+|\n\s*)From\s+)"
    rf"(?:{MODS}{WHO}|(?P<np>{NP}))\s*:\s*$"
)


# "From Lia Park’s Facebook post: “...”": the owner of the text is its speaker.
_HEAD_FROM_OWNER_RE = re.compile(
    rf"(?:^|[.!?:]\s+|\n\s*)(?:More from|From)\s+{WHO}[’']s(?:\s+[\w\-]+){{1,3}}\s*:\s*$"
)


# "Another source speaking to Harbour Radio said,": the noun phrase before the participle
# speaks (the name after "to" is who heard it).
_HEAD_NP_PARTICIPLE_RE = re.compile(
    rf"(?<![\w’'\-])(?P<np>{NP})\s+(?:speaking|talking|writing)\s+(?:to|with|for|on)\s+"
    r"[^,“”\".;:]{1,40}?\s+(?P<verb>said|says|told|added|wrote)[,:]?\s*$"
)


# "A statement from Lia Park’s office read, in part: “...”"
_HEAD_DOCUMENT_READ_RE = re.compile(
    # (opening its sentence: "She retweeted a message from X that read:" is hers)
    r"(?:^|[.!?]\s+)\s*(?P<np>(?:An?|The|[A-Z][\w’'\-]*[’']s)\s+(?:[\w\-]+\s+){0,3}?"
    rf"{DOCUMENT_NOUNS}(?:\s+(?:from|by|of)\s+[^:“”\".;!?]{{1,60}}?)?)"
    r"\s+(?:read|reads|said|says|stated|states)(?:,?\s+in\s+part,?)?\s*:?\s*$"
)


def head_cue(text: str, start: int, end: int) -> Mention | None:
    head = text[start:end]
    document = _HEAD_DOCUMENT_READ_RE.search(head) if " read" in head or "part" in head else None
    if document is not None:
        return from_match(document, start, None)
    match = _HEAD_FROM_OWNER_RE.search(head) or _HEAD_COLON_SOURCE_RE.search(head)
    if match:
        mention = from_match(match, start, None)
        if mention:
            return mention
    match = _HEAD_ACCORDING_NAMED_RE.search(head) or _HEAD_ACCORDING_RE.search(head)
    if match and match.groupdict().get("pron"):  # "According to her, the plan is “...”"
        pron = match.group("pron")
        return Mention(
            "she" if pron == "her" else "he",
            start + match.start("pron"),
            start + match.end("pron"),
            None,
            "pronoun",
        )
    if match and OWN_THING_RE.match(match.groupdict().get("np") or ""):
        match = None  # "Venn said that according to its count, “...”": a thing, not a source
    if match:
        mention = from_match(match, start, None)
        if mention:
            return mention
    mention = last_cue(text, start, end, _HEAD_REACH)
    if mention is not None:
        return mention
    match = _HEAD_NP_PARTICIPLE_RE.search(head)
    if match and is_speaker_np(match.group("np")):
        mention = from_match(match, start, None)
        if mention is not None:
            return mention
    match = _HEAD_INVERTED_RE.search(head)
    if match and not _TIME_WORD_RE.match(match.group("who") or ""):  # not "said Monday,"
        mention = from_match(match, start, match.group("role"))
        if mention is not None:
            return mention
    match = _HEAD_WHO_SUBJECT_RE.search(head) if " who " in head else None
    if match and len(head) - match.end() <= _HEAD_REACH:
        if match.group("np"):  # "Dan Ruiz, a retired pilot who flew for 30 years, said"
            named = NAME_BEFORE_APPOSITION_RE.search(head, 0, match.start("np"))
            if named is not None:
                role = clean_who(match.group("np"))
                found = mention_of(named.group("who"), start + named.start("who"), role)
                if found is not None and found.kind == "name":
                    return found
        found = from_match(match, start, None)
        if found is not None and not (found.kind == "name" and is_organisation(found.text)):
            return found  # (not "Lia Park of the Harbour Council, who said": who is Park)
    return None


_TIME_WORD_RE = re.compile(rf"(?:{CALENDAR_WORDS}|May|Today|Yesterday)\b")


# "Lia Park, who runs the ferry, said: “...”", "an official who spoke on condition of
# anonymity said, “...”": a subject, a relative clause about it, then its speech verb.
_HEAD_WHO_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-])(?:{WHO}|(?P<np>{NP})),?\s+who\s+[^“”\".;:]{{1,140}}?,?\s+"
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )(?<!\bis )(?<!\bare )"  # not "was told"
    rf"(?P<verb>said|says|say|told|tells|added|adds|wrote|writes|declared|explained|argued)\b"
    rf"[^“”\".;]{{0,60}}$"
)
