"""Speech cues around one quote, each read as a `Mention` of whoever spoke.

A cue finder reads the words after or before a quote ("X said", "said X, a spokesman for Y",
"According to X,", "X told the crowd that “...”", a transcript label) and returns the mention as
written: a name, a noun phrase or a pronoun. It does not decide whom a pronoun or a surname
stands for; that needs the whole article and is `quote_speakers`' job.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .lexicon import words
from .names import (
    ABBREVIATED_TITLE,
    NAME_PATTERN,
    PARTY_WORDS,
    TITLES,
    is_function_word,
    is_given_name,
    is_lead_in,
    is_organisation,
    is_place,
    plain_title,
    split_title,
    strip_possessive,
)
from .quote_marks import ANY_MARK_RE
from .quote_patterns import (
    ADVERBS,
    AGE,
    ASIDES,
    GESTURE_VERBS,
    IRREGULAR_PAST,
    MODS,
    NP,
    PARTY,
    PLURAL_NOUNS,
    PLURAL_VERBS,
    POSSESSIVE_NP,
    PRONOUN,
    ROLE_APPOSITION,
    TAIL_VERB_GROUP,
    TAIL_VERBS,
    TEAM,
    TOOK_TO,
    VERB_GROUP,
    VERBS,
    WEAK_VERBS,
    WHEN,
    WHO,
)

__all__ = [
    "AFTER_SUBJECT_RE",
    "INTRO_PHRASE_RE",
    "INTRO_RE",
    "LABEL_RE",
    "NOT_LABELS",
    "OPENING_NP_RE",
    "PRONOUN_START_RE",
    "SAID_NAME_RE",
    "Mention",
    "clause_cue",
    "clean_who",
    "from_match",
    "head_cue",
    "is_speaker_np",
    "issued_statement",
    "label_name",
    "last_cue",
    "last_match",
    "mention_of",
    "named_in_text",
    "nearest_subject",
    "opening_mention",
    "parenthetical_cue",
    "role_from_rest",
    "tail_cue",
    "trailing_cue",
    "who_cue",
    "with_cue",
    "words_of",
]

_POSSESSIVE_NP_RE = re.compile(POSSESSIVE_NP)

# Verbs whose next words are their object, never an inverted subject: "“...,” described the
# strain as ..." and "“...,” told reporters" name no speaker.
_OBJECT_VERBS = (
    r"(?:called|calls|described|describes|told|tells|tell|mocked|mocks|accused|accuses|"
    r"cited|cites|praised|praises|criticized|criticised|criticizes|blasted|slammed|touted|"
    r"branded|labeled|labelled|dubbed|exhorted|urged|thanked)\b"
)
_TAIL_INVERTED_RE = re.compile(
    rf"^\s*,?\s*(?:{ADVERBS}\s+)?(?!{_OBJECT_VERBS})(?P<verb>{TAIL_VERBS})\s+"
    # ("responded NASA administrator Lia Park": a body may come first)
    rf"(?:(?:[A-Z][A-Z&\-]+\s+)?{MODS}{WHO}|(?P<np>{NP}))"
    rf"(?P<rest>[^“\"]*)",
    re.DOTALL,
)
# "Lia Park of the Centre for Water Studies": the body a named speaker is with, as their role.
_BODY = rf"{NAME_PATTERN}(?:\s+(?:for|of|on|and|&)\s+(?:the\s+)?{NAME_PATTERN}){{0,2}}"
_AFFILIATION = rf"(?:\s+(?:of|at|from|with)\s+(?:the\s+)?(?P<aff>{_BODY}))?"
_TAIL_SUBJECT_RE = re.compile(
    rf"^\s*,?\s*(?:and\s+)?(?:{MODS}{WHO}{_AFFILIATION}{TEAM}|(?P<pron>{PRONOUN})|(?P<np>{NP}))"
    rf"{ROLE_APPOSITION}{AGE}\s+{TAIL_VERB_GROUP}"
)
# "“...,” Acme Capital fund manager Rita Lowe said": a name at the end of a
# longer description, or "said former state senator Dan Ruiz".
# (not past a conjunction: "“...,” while Sen. Tom Berg suggested ..." is another clause)
_TAIL_LOOSE_RE = re.compile(
    r"^\s*,?\s*(?:(?!(?:while|when|because|after|before|though|although|if|since|but|"
    r"whereas|until|so|or)\b)[^\s“”\"]+\s+){0,6}?"
    rf"{WHO}{_AFFILIATION}{ROLE_APPOSITION}{AGE}\s+{TAIL_VERB_GROUP}"
)
_TAIL_LOOSE_INVERTED_RE = re.compile(
    rf"^(?:[^“”\".]{{0,40}}?,)?\s*(?:{ADVERBS}\s+)?(?:said|says)\s+(?:[^\s“”\"]+\s+){{0,6}}?{WHO}"
    rf"(?=[,.;]|\s+(?:who|in|on|at|during|after)\b)"
)
_TAIL_ACCORDING_RE = re.compile(rf"^\s*,?\s*according to\s+(?:{MODS}{WHO}|(?P<np>{NP}))")
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
_HEAD_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-])(?:(?P<np>{NP})|(?!(?:[A-Z][\w.\-]*\s+){{0,3}}(?:{_TITLE_OF})\s+(?:of|for)\b){WHO}{_AFFILIATION}{TEAM}"
    rf"|(?P<pron>{PRONOUN})){ROLE_APPOSITION}{AGE}"
    rf"(?(who)(?:\s+(?:of|from)\s+{NAME_PATTERN})?)\s+{VERB_GROUP}"
)
_HEAD_REACH = 160  # characters from the end of a cue to the quote it introduces
SAID_NAME_RE = re.compile(
    rf"\b(?:said|says|wrote|writes|added|adds|asked|asks|explained|noted|continued|replied)"
    rf"\s+{MODS}{WHO}"
)
_HEAD_INVERTED_RE = re.compile(
    rf"\b(?P<verb>[Ss]aid|[Ss]ays|[Ww]rote|[Aa]dded|[Aa]sked|[Ee]xplained|[Nn]oted|[Aa]rgued|"
    r"[Rr]ecalled|[Rr]eplied|[Rr]esponded|[Dd]eclared|[Ii]nsisted|[Ww]arned|[Oo]bserved|"
    # ("explained Harbour Radio host Lia Park:": a body and a title may come first)
    rf"[Qq]uipped|[Jj]oked|[Tt]weeted|[Cc]ontinued|put it)\s+"
    rf"(?:(?:[A-Z][\w’'\-.]*\s+){{0,3}}?{MODS}{WHO}|(?P<np>{NP}))"
    rf"(?:,\s*(?P<role>[^,“”\"]{{2,120}}))?[,:]\s*$"
)
_APPOSITION_AFTER_RE = re.compile(
    # (a point inside an abbreviation does not end it: "the U.K.'s", "Washington University in
    # St. Louis")
    r"^,\s*(?P<role>(?:a|an|the)\s(?:[^,.;“”\"]|(?<=\b[A-Z])\.|(?<=\bSt)\.|(?<=\bMt)\.){2,120}?)"
    r"\s*(?:[,;]|(?<!\b[A-Z])(?<!\bSt)(?<!\bMt)\.|$)"
)
_SPEECH_VERB_IN_WHO_RE = re.compile(rf"\b(?:{VERBS})\b")


def last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of `pattern` in text[start:end], or None."""
    last: re.Match[str] | None = None
    for match in pattern.finditer(text, start, end):
        last = match
    return last


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    role: str | None
    kind: str  # "name", "pronoun" or "np"
    weak: bool = False  # cued by a characterising verb ("called"), not a speech verb
    rule: str = ""  # the attribution rule that found it, named in quote_rules.RULES


def clean_who(who: str) -> str:
    return who.strip().strip(",").strip()


_CAPITAL_DETERMINERS = frozenset({"The", "A", "An", "One", "Another", "This", "That"})
_QUESTION_OPENERS = words("Would Could Should Did Does Do Has Have Had Is Was Are Were Might Must")


# Days and months ("May" apart: it is also a name)
_CALENDAR_WORDS = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    "June|July|August|September|October|November|December"
)
_NOT_A_NAME_RE = re.compile(rf"(?:{_CALENDAR_WORDS})(?:[’']s)?")
_PARTY_DET_RE = re.compile(  # ("one senior Democrat")
    r"\b(one|a|an|another|One|A|An|Another)\s+"
    r"(?:(?!(?:to|of|in|on|at|for|with|by|from|that|the|and|or)\b)[a-z][\w\-]*\s+){0,3}$"
)


_OWNER_NAME_RE = re.compile(
    r"(?:(?:[Tt]he|After|Before|When|While|As|At|In|On|From|With|For|By)\s+)?"
    r"(?P<owner>[A-Z][^\s’']*(?:\s+[A-Z][^\s’']*){0,3})(?:[’']s|(?<=s)[’'])"
    rf"\s+(?P<name>{NAME_PATTERN})"
)


_AGE_LEAD_RE = re.compile(r"^\d{1,3}(?:,\s*|$)")  # "52, a former teacher": the age is not a role
# ", who was ...", "many of whom fish": a clause, not a role
_ROLE_CLAUSE_RE = re.compile(
    r"(?:^|,?\s+)(?:(?:many|some|most|all|each|both|one|none|several|few)\s+of\s+)?"
    r"(?:who|which|whose|whom)\b.*$",
    re.DOTALL,
)


def mention_of(who: str, start: int, role: str | None) -> Mention | None:
    who = clean_who(who)
    if role:
        role = _AGE_LEAD_RE.sub("", " ".join(role.split()))  # (a masked title leaves spaces)
        role = _ROLE_CLAUSE_RE.sub("", role).strip(" ,;:?!") or None
        if role in {"titled", "entitled", "called", "dubbed", "named"}:
            role = None  # "The ad, titled “Unifier?”, says": the title was masked out
    if not who or len(who) > 90:
        return None
    if _SPEECH_VERB_IN_WHO_RE.search(who):
        return None
    lower = strip_possessive(who).lower()  # "He’s said ...": a pronoun, not a name
    if lower in {"he", "she", "they", "we", "i", "it"}:
        return Mention(who[: len(lower)], start, start + len(lower), None, "pronoun")
    if who.isupper() and len(who.split()) > 2:
        return None  # an all-caps headline, not a name
    owned = _OWNER_NAME_RE.fullmatch(who)
    if owned is not None and len(split_title(owned.group("name"))[1].split()) >= 2:
        # "The Harbour Times’s Lia Park": the person, with the paper as her role
        at = owned.start("name")
        return mention_of(owned.group("name"), start + at, role or owned.group("owner"))
    if _POSSESSIVE_NP_RE.fullmatch(who) or _MID_POSSESSIVE_RE.search(who):
        # "Moreno’s office" and "the Governor’s Office of Emergency Services" speak for, but
        # are not, Moreno or the governor
        return Mention(who, start, start + len(who), role, "np")
    tokens = who.split()
    if tokens and tokens[0] in _QUESTION_OPENERS:
        return None  # "Would Lia Park have pleaded to keep the “...”?": a question, not a cue
    if (
        len(tokens) > 1
        and tokens[0] in _CAPITAL_DETERMINERS
        and (not tokens[1][0].isupper() or not tokens[-1][0].isupper())
    ):
        # "The harbour board", "An Israeli official", "The 56-year-old": a description
        return Mention(who, start, start + len(who), role, "np")
    if who[0].isupper() and split_title(who)[0] and is_organisation(split_title(who)[1]):
        # "Justice Department", "State Department": "Justice" is no title of a person here
        return Mention(who, start, start + len(who), role, "name")
    if who[0].isupper():
        title, name = split_title(who)
        name = name.lstrip("-–— ")  # "a former candidate -- Dan Ruiz"
        while " " in name and is_lead_in(name.split()[0]) and name.split()[1][:1].isupper():
            rest = name.split(" ", 1)[1]
            if is_organisation(rest):
                break  # ("Conservative Party" is one name)
            name = rest  # "Despite Ted Cruz’s", "ranking Democrat Lia Park"
        if not name or all(is_function_word(w) for w in name.split()):
            return None
        if _NOT_A_NAME_RE.fullmatch(name) or name in PARTY_WORDS:
            return None  # "Saturday", "Republican claims of “...”": nobody's name
        offset = who.find(name)
        role = role or plain_title(title)
        return Mention(name, start + offset, start + offset + len(name), role, "name")
    first = lower.split()[0]
    if first in {"it", "that", "there", "which", "what", "who"} or lower == "this":
        return None  # ("this source" is a speaker, "this" alone is not)
    described = _DESCRIBED_NAME_RE.fullmatch(who)
    if described is not None and (
        len(described.group("name").split()) >= 2 or not is_place(described.group("name"))
    ):
        # "the front-runner Lia Park": the person, described
        found = mention_of(described.group("name"), start + described.start("name"), role)
        if found is not None and found.kind == "name" and not is_organisation(found.text):
            return dataclasses.replace(found, role=found.role or described.group("desc").strip())
    return Mention(who, start, start + len(who), role, "np")


# "the front-runner Lia Park": a description in lower case, then a full name (not "a lawyer
# for Lia Park": after a preposition the name is someone else, and the phrase the speaker).
_DESCRIBED_NAME_RE = re.compile(
    r"(?P<desc>(?:the|a|an)\s+(?:(?!(?:for|of|to|with|at|from|by|about|on|in|behind|against|"
    rf"representing|and|or)\b)[a-z\d][\w\-]*\s+){{1,4}}?)(?P<name>{NAME_PATTERN})"
)


def role_from_rest(rest: str) -> str | None:
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
_QUANTITY_BEFORE_RE = re.compile(
    r"(?:(?:percent|%|majority|half|third|quarter)\s+of\s+(?:the\s+)?"
    r"|\b(?:\d+|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine)\s+in\s+"
    r"(?:\d+|ten)\s+)$"  # ("Six in 10 Republicans said")
)


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


def from_match(match: re.Match[str], start: int, role: str | None) -> Mention | None:
    who, group = _who(match)
    if not who:
        return None
    if group == "who":
        at = match.start(group)
        if who.strip() in PARTY_WORDS:
            # "one Republican involved in the planning said": a person, described; a bare
            # "Republican claims of “...”" names no one
            det = _PARTY_DET_RE.search(match.string, max(0, at - 50), at)
            if det is None:
                return None
            np = match.string[det.start(1) : at] + who.strip()
            return Mention(np, start + det.start(1), start + det.start(1) + len(np), role, "np")
        if who.rstrip().endswith(("’s", "'s")):
            return None  # "Portmere’s claims": a possessive, not a subject with a verb
        if _QUANTITY_BEFORE_RE.search(match.string, max(0, at - 16), at):
            return None  # "62 percent of voters said": a poll's respondents
        owner = _PERSON_OF_BODY_RE.search(match.string, max(0, at - 90), at)
        if owner is not None:
            # "Ana Cole, executive director of the Harbour Fund, a local group, said": the
            # body is where she works; she is the speaker
            role_of = owner.group("role") + who.strip()
            found = mention_of(owner.group("who"), start + owner.start("who"), role_of)
            if found is not None and found.kind == "name" and not is_place(found.text):
                return found
        found_role = match.groupdict().get("role")
        if found_role and _is_state(found_role):
            return None  # "Columbus, Ohio, said": a city, not a person
    relative = role is not None and _RELATIVE_RE.match(role) is not None
    if relative:
        role = None  # ", who lost the race in 2012,": a clause about them, not a role
    elif role is not None and _ASIDE_RE.fullmatch(role.strip()):
        role = None  # "Park’s office, for instance, said": an aside, not a role
    elif role is not None and (
        _CIRCUMSTANCE_RE.match(role.strip()) or _OCCASION_RE.match(role.strip())
    ):
        role = None  # "Park, speaking to reporters, said": what she was doing, not her role
    if group == "np" and (_CONTACT_CLAUSE_RE.match(who) or _ADJECTIVE_END_RE.search(who)):
        # "the letter Tom wrote was “...”" (Tom wrote the letter; it says nothing) and "two
        # highly critical reports that ..." (an adjective, with "reports" taken for its verb)
        return None
    if group == "np" and who[0].islower():
        # "Tom Berg, a contestant on the show, who went on to cook, said" and "Omar Ruiz, an
        # analyst at Acme, the shipping group, told": the description is an apposition to the
        # name before it, and the name is the speaker
        at = match.start(group)
        before = _NAME_BEFORE_APPOSITION_RE.search(match.string, max(0, at - 80), at)
        if before is not None and (
            relative
            or (
                match.groupdict().get("role")  # (set off by commas: not "Park, an aide said,")
                and not is_function_word(before.group("who").split()[0].lower())
                and _OPENS_CLAUSE_RE.search(match.string, 0, before.start())
            )
        ):
            found = mention_of(before.group("who"), start + before.start("who"), clean_who(who))
            if found is not None and found.kind == "name" and not is_place(found.text):
                return found
    named = _named_apposition(match) if group == "np" else None
    if named is not None:
        # "The mayor, Lia Park, said": the name is the speaker, the noun phrase her role
        at = match.start("role") + match.group("role").find(named)
        found = mention_of(named, start + at, clean_who(who))
        if found is not None and found.kind == "name":
            return found
    mention = mention_of(who, start + match.start(group), role)
    verb = match.groupdict().get("verb")
    if mention is not None and verb is not None and verb.lower() in WEAK_VERBS:
        mention = dataclasses.replace(mention, weak=True)
    return mention


_OPENS_CLAUSE_RE = re.compile(r"(?:^|[.!?:]\s+|\n\s*|,\s+)$")  # (the name opens its clause)
_MID_POSSESSIVE_RE = re.compile(r"\w[’']s\s+[A-Z]")
_RELATIVE_RE = re.compile(r"\s*(?:who|which|whose|whom|that)\b")
_ASIDE_RE = re.compile(
    rf"(?:{ASIDES}|in a statement|in an interview|at the time|"
    r"in a (?:letter|tweet|post|note|speech)|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday))",
    re.IGNORECASE,
)


# When, where or how it was said, set off by commas: "when asked about the plan", "in a
# statement released on Friday", "in Vermont" (not "in charge of the port": a role).
_OCCASION_RE = re.compile(
    r"(?:when|while|after|before|if|as|because|since|although|though|once|until)\b"
    r"|(?:in|on|at|during)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:statement|interview|letter|tweet|post|note|speech|e-?mail|call|conference|briefing|"
    r"appearance|broadcast|show|rally|hearing|debate|video|release|op-ed|column|message)s?\b"
    r"|in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?$"
)
# A participle phrase set off by commas: "speaking to reporters", "asked about the plan",
# "reached by phone" (not "acting director" nor "managing editor of X": those are roles).
_CIRCUMSTANCE_RE = re.compile(
    r"(?:\w+ing|asked|reached|contacted|interviewed|pressed|questioned|told)\s+"
    r"(?:to|about|at|on|with|from|in|for|after|before|during|by|over|into|the|a|an|his|her|"
    r"their|its|reporters|journalists|whether|if|why|how|what|when)\b"
)


INTRO_RE = re.compile(
    r"(?::|[,”\"]?\s*(?:saying|adding|writing|noting|arguing|insisting|declaring|explaining|"
    r"warning|asking|chiding|quipping|joking|tweeting|posting|responding|replying|answering|"
    r"concluding|stating|proclaiming|urging|promising|vowing|boasting|complaining|lamenting|"
    r"recalling|conceding|acknowledging|admitting|continuing|remarking|observing|pleading|"
    r"predicting|announcing|"
    r"telling\s+[^,“”\"]{1,40}|according to\s+[^,“”\"]{1,40}"
    # "asking supporters to “...”"
    r"|(?:asking|urging|calling on|imploring|encouraging|advising|telling)\s+[^,“”\".]{1,40}?"
    r"\s+(?:not\s+)?to)"
    # "chiding him,"
    r"(?:\s+(?:him|her|them|us|reporters|supporters|voters|the crowd|the audience))?"
    # "writing in an email:"
    r"(?:\s+(?:in|on)\s+(?:a|an|the|his|her|their)\s+[\w\-]+(?:\s+[\w\-]+)?)?"
    r"(?:\s+that\b[^“”\"]{0,100}|[,:]?))\s*$"
)
PRONOUN_START_RE = re.compile(r"\s*(?P<pron>He|She)\b")


_AND_NAME_RE = re.compile(rf"\s+and\s+(?P<who>{NAME_PATTERN})")  # ("Lia Park and Tom Berg")
# (an age may come first: "76-year-old Tom Berg endorsed ...")
_OPENING_NAME_RE = re.compile(rf"\s*(?:\d{{1,3}}-year-old\s+)?(?P<who>{NAME_PATTERN})")
# "Corporate lobbyists describe ...", "Leaders of the group have said ...": a plural opening
# the sentence, with no determiner, perhaps with a capitalised first word and an "of"/"for".
_OPENING_PLURAL = (
    rf"(?:[A-Z][a-z\-]+\s+(?:[a-z][\w\-]+\s+)?)?(?i:{PLURAL_NOUNS})"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[\w’'\-]+(?:\s+[A-Z][\w’'\-]*){0,2})?"
)
OPENING_NP_RE = re.compile(
    # (an aside set off by commas may stand between: "The suit, which was filed Friday, alleged")
    rf"\s*(?P<np>{NP}|{_OPENING_PLURAL})(?P<aside>,[^,“”\"]{{1,120}},)?\s+(?:\w+ly\s+)?(?:then\s+)?"
    r"(?:have\s+|has\s+)?"
    # (a plural noun is no verb: "The two lawmakers argue", not "The two" + "lawmakers")
    rf"(?:(?!{PLURAL_NOUNS}\b)(?:{VERBS}|\w+ed|\w+[^s\W]s|{IRREGULAR_PAST}|{PLURAL_VERBS})\b"
    # ("The spokesman would not say ...": a modal, then any verb)
    r"|(?:would|will|could|can|did|does|do|should|might|must)(?:\s+not|n[’']t)?\s+[a-z]+\b)"
)


def _opening_subject(text: str, match: re.Match[str]) -> bool:
    """A name opening a sentence is its subject only when a verb follows it ("Lowe needled").

    Not a dateline ("DENVER, May 2 —"), a heading, or an opening word ("Speaking ...").
    """
    who = match.group("who")
    if who.isupper() or who.endswith("ing"):
        return False
    return AFTER_SUBJECT_RE.match(text, match.end()) is not None


_CLAUSE_VERB_RE = re.compile(
    rf"(?<![\w\-])(?:{VERBS}|saying|telling|declaring|adding|arguing|insisting|noting|asserting|"
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
    r"answering|countering|citing|quoting|recalling|likened|likening|compared|comparing|"
    r"denied|denies|termed|terms|deemed|alleged|alleges|reminded|pleaded|implored|begged|"
    r"trumpeted|portrayed|assailed|knocked|ripped|swore|dismisses|blames|rejects|concedes|"
    r"predicts|proposes|characterizes|labels|brands|dubs|apologized|congratulated|applauded|"
    r"believes|thinks|feels|hopes|fears|worries|expects|believed|thought|felt|hoped|feared|"
    # (what a study or a body reports: "In 2014, Pew found that “...”")
    r"(?:found|finds|concluded|concludes)(?=\s+that\b)|"
    # plural subjects ("Residents call the pier “...”"), not an infinitive ("voted to call")
    r"(?<!\bto )(?:call|describe|label|brand|dub|term|deem|praise|criticize|criticise|"
    r"dismiss|accuse|blame|hail|deride|mock|slam|blast|denounce|condemn))\b"
)


_NOT_OPENING_SUBJECT = words(
    "amid as given despite with without under over among two three four five six seven "
    "eight nine ten asked speaking writing even just only perhaps maybe indeed instead "
    "like unlike january february march april may june july "
    "august september october november december"
)
_PARTICIPLE_ASIDE_RE = re.compile(r",\s+[a-z]+ing\b[^,“”\"]{1,120},")
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


_SUBJECT_VERB_RE = re.compile(
    rf"(?<![\w’'\-])(?:(?P<pron>[Hh]e|[Ss]he)|(?P<who>{NAME_PATTERN}))\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|began|went|took|gave|made|sent|spoke|wrote|put)\b"
)


# The words for a written text that speaks for whoever wrote or put it out.
_DOCUMENT_NOUNS = (
    r"(?:statement|letter|memo|memorandum|e-?mail|note|release|post|tweet|message|notice|sign|"
    r"banner|ad|report|filing|complaint)"
)
_CONTACT_CLAUSE_RE = re.compile(
    rf"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Tt]heir)\s+{_DOCUMENT_NOUNS}s?"
    r"\s+[A-Z][\w’'\-]+$"
)
_ADJECTIVE_END_RE = re.compile(r"(?:ical|ous|ful|less|able|ible)$")


# "The Harbour Council issued a statement on Monday.": whoever put out a statement, letter or
# post, opening the sentence, speaks in the quote that stands alone after it.
_ISSUED_RE = re.compile(
    rf"\s*(?:{MODS}{WHO}|(?P<np>{NP}))\s+(?:\w+ly\s+)?"
    r"(?:issued|released|put out|sent out|sent|posted|published|emailed|e-mailed)\s+"
    rf"(?:a|an|its|his|her|their)\s+(?:[\w\-]+\s+){{0,2}}?{_DOCUMENT_NOUNS}\b"
)


def issued_statement(text: str, s_start: int, end: int) -> Mention | None:
    intro = INTRO_PHRASE_RE.match(text, s_start, end)  # ("On Monday, the council issued")
    match = _ISSUED_RE.match(text, intro.end() if intro else s_start, end)
    if match is None or (match.group("np") and not is_speaker_np(match.group("np"))):
        return None
    return from_match(match, 0, None)


def nearest_subject(text: str, start: int, end: int) -> Mention | None:
    """The last "he/she/Name <past verb>" before a participle intro ("..., he sounded a
    note of caution, saying, “...”"), when the sentence opens with something else."""
    last = last_match(_SUBJECT_VERB_RE, text, start, end)
    if last is None:
        return None
    if last.group("pron"):
        pron = last.group("pron")
        return Mention(pron, last.start("pron"), last.end("pron"), None, "pronoun")
    who = last.group("who")
    if is_function_word(who.split()[0].lower()) or who.isupper():
        return None
    return mention_of(who, last.start("who"), None)


# An opening phrase of time, place or occasion before a sentence's subject.
INTRO_PHRASE_RE = re.compile(
    r"\s*(?:In|On|At|During|After|Before|Last|Earlier|Later|Since|Speaking|Asked|Meanwhile|"
    r"Still|But|And|Yet|So|Also|However|Then|Now|Today|Yesterday|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|This|That|Right|Just|Soon|Shortly|Immediately|When|"
    r"While|As|Once|Within|Following|Ahead|Back|Separately|Previously|Recently|Finally|"
    r"Weeks|Months|Years|Days|Hours|Minutes|Moments|One|Two|Three|Four|Five|Six|Seven|"
    r"Eight|Nine|Ten|Twenty|Thirty|Amid|Amidst|Despite|Given|Unlike|Under|Throughout|Because|"
    r"Although|Though|Unless|Until|Upon|Among|Without|Appearing|Responding|Addressing|"
    r"Talking|Campaigning|Pressed|Reacting|Testifying|Commenting|Referring|Like|Even)"
    r"\b[^,“”\"]{0,160},\s*"
    # (and a clause after it: "In June, after Tom Berg fell ill, Lia Park wrote ...")
    r"(?:(?:after|before|when|while|as|since|because|although|though|once|until)\b"
    r"[^,“”\"]{0,80},\s*)?(?=[A-Z]|s?he\b|the\s|(?:his|her|their|its)\s)"
    r"|\s*(?:And|But|So|Yet|Then)\s+(?=s?he\b)"  # "And she went on to insist ..."
)
_SUBORDINATOR_RE = re.compile(
    r"\s*(?:While|When|As|After|Although|Though|Because|Since|Before|Once|Whereas|If|Until)\s+"
)
_LOWER_PRONOUN_RE = re.compile(r"s?he\b")


def pronoun_subject(text: str, start: int, end: int) -> Mention | None:
    """A sentence's subject when it is "he" or "she": "He pointed to the deficit.", "Asked
    about it, she shrugged."."""
    match = PRONOUN_START_RE.match(text, start, end)
    if match is not None:
        return Mention(match.group("pron"), match.start("pron"), match.end("pron"), None, "pronoun")
    intro = INTRO_PHRASE_RE.match(text, start, end)
    if intro is None:
        return None
    pron = _LOWER_PRONOUN_RE.match(text, intro.end(), end)
    if pron is None:
        return None
    return Mention(pron.group(0), pron.start(), pron.end(), None, "pronoun")


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
    rf"\bwith\s+{MODS}{WHO}{AGE}\s+(?:\w+ly\s+)?(?P<verb>(?:saying|telling|tweeting|"
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
    rf"(?:,\s*(?P<role>[^,“”\"]{{2,120}}?))?,\s"
)


def parenthetical_cue(text: str, start: int, end: int) -> Mention | None:
    """The last cue set off by commas in text[start:end]."""
    last = last_match(_PARENTHETICAL_CUE_RE, text, start, end)
    if last is None or end - last.end() > _HEAD_REACH:
        return None
    mention = from_match(last, 0, last.group("role"))
    return mention if mention is not None and mention.kind == "name" else None


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
    "businessman businesswoman mogul billionaire congressman congresswoman activist narrator "
    "protester resident voter veteran woman man movie film show speech "
    "friend friends colleague colleagues neighbor neighbour impostor lobbyist lobbyists "
    "supporter supporters critic critics opponent opponents rival rivals fan fans "
    "spokesmen spokeswomen representative representatives delegate delegates donor donors "
    "bill measure proposal plan platform pamphlet flyer poster photo slogan chant "
    "survey poll study research filing indictment affidavit testimony transcript "
    "publication outlet blog site station broadcaster channel commentator columnist pundit "
    "pollster consultant economist economists scientist researcher professor historian "
    "diplomat prosecutor investigator witness doctor teacher executive organizer organiser "
    "deputy deputies secretary manager staffer staffers employee employees worker workers "
    "member members founder chairperson protesters demonstrators"
)


_TRAILING_TIME_RE = re.compile(
    r"\s+(?:on|last|this|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|week|month|year|morning|evening|night)$"
)


def is_speaker_np(np: str) -> bool:
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
    if len(tokens) > 6:
        return False
    if "of" in tokens:
        # "the chief of staff", "a member of the board": a speaker noun before "of" heads it
        at = tokens.index("of")
        return at > 0 and _speaker_noun(tokens[at - 1])
    return any(_speaker_noun(w) for w in tokens)


def _speaker_noun(word: str) -> bool:
    """A noun for someone who speaks, singular or plural ("resident", "residents")."""
    word = strip_possessive(word)
    return word in _SPEAKER_NOUNS or (word.endswith("s") and word[:-1] in _SPEAKER_NOUNS)


def clause_cue(
    text: str, s_start: int, end: int, *, after_scare: bool = False, any_verb: bool = False
) -> Mention | None:
    """The subject of a sentence that reports speech before a partial quote.

    "Lia Park told the crowd on Monday that the plan was “dead on arrival.”": the person
    opening the sentence, when a speech verb follows and nothing else (another quote, a
    relative clause, a passive "was asked") stands between. With `after_scare`, the quotes
    before it in the sentence found no speaker of their own ("calling it “odd” and asserting
    that it was “...”"), so their marks do not stand in the way.
    """
    if not after_scare and ANY_MARK_RE.search(text, s_start, end):
        return None
    subject = None
    intro = INTRO_PHRASE_RE.match(text, s_start, end)
    if intro is not None:  # "In an interview on Monday, Lia Park said ..."
        subject = opening_mention(text, intro.end(), end)
        pron = _LOWER_PRONOUN_RE.match(text, intro.end(), end)
        if subject is None and pron is not None:
            subject = Mention(pron.group(0), pron.start(), pron.end(), None, "pronoun")
    if subject is None:
        subject = opening_mention(text, s_start, end)
    if subject is None and intro is None:
        # "While Tom Berg calls the plan “...,” Lia Park ...": the quote is in the clause
        opener = _SUBORDINATOR_RE.match(text, s_start, end)
        if opener is not None:
            subject = opening_mention(text, opener.end(), end)
    np_subject: Mention | None = None
    np = OPENING_NP_RE.match(text, s_start, end)
    if np is None and intro is not None:  # "On its website, the agency lists “...”"
        np = OPENING_NP_RE.match(text, intro.end(), end)
    if np is not None and is_speaker_np(np.group("np")):
        # "The council released a statement saying the plan was “...”"
        found = _TRAILING_TIME_RE.sub("", clean_who(np.group("np")))
        np_subject = Mention(found, np.start("np"), np.start("np") + len(found), None, "np")
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
    verb_at = subject.end
    aside = _PARTICIPLE_ASIDE_RE.match(text, subject.end, end)
    if aside is not None:
        verb_at = aside.end()  # "Residents, telling the council ..., held up signs": held
    reports = _CLAUSE_VERB_RE.search(text, verb_at, end) is not None
    if not reports and any_verb:
        # a person with any verb; a document or body only acting on its words ("The ad
        # targets", "The report found"), not arriving or happening
        verb_at = subject.end
        if np is not None and np.group("aside") and subject.start == np.start("np"):
            verb_at = np.end("aside")  # ("The suit, which was filed Friday, alleged")
        reports = subject.kind != "np" or _NP_ACTION_RE.match(text, verb_at, end) is not None
    if not reports:
        return None
    block = _CLAUSE_BLOCK_RE.search(text, subject.end, end)
    if block is not None and not _closed_relative(text, block, end):
        return None
    if (any_verb or block is not None) and _NEW_CLAUSE_RE.search(text, subject.end, end):
        return None  # "Park said ..., and the council then voted to call it “...”"
    return subject


_NEW_CLAUSE_RE = re.compile(
    r"(?:,|\band|\bbut)\s+(?:the|a|an|his|her|their|its)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?"
    r"\s+(?:then\s+|[a-z]+ly\s+)?(?:[a-z]+ed|said|says|[a-z]+[^s\W]s)\b"
)


_PREPOSITION_BEFORE_RE = re.compile(r"\b(?:about|of|in|on|for|by|to)\s+$")


def _closed_relative(text: str, block: re.Match[str], end: int) -> bool:
    """ "Park is praising Berg, who retired on Friday, as “...”": a relative clause set off by
    commas and closed before the quote, with no other block after it."""
    before = text[max(0, block.start() - 2) : block.start()]
    # (", who" or an aside masked out before it: "Lia Park, meanwhile, who has none, said")
    if block.group(0) not in {"who", "which"} or before not in {", ", "\u2002 "}:
        return False
    comma = text.find(",", block.end(), end)
    if comma < 0 or any(
        # ("said that fact speaks volumes about which of the two is “...”": a "which" after
        # a preposition asks a question inside what was said; it names no new speaker)
        not _PREPOSITION_BEFORE_RE.search(text, max(0, later.start() - 7), later.start())
        for later in _CLAUSE_BLOCK_RE.finditer(text, block.end(), end)
    ):
        return False
    rest = text[comma + 1 : end]
    return _SPEECH_VERB_IN_WHO_RE.search(text, block.end(), comma) is None and bool(rest.strip())


_NP_ACTION_RE = re.compile(
    r"\s+(?:\w+ly\s+)?(?!(?:arrived|appeared|emerged|happened|occurred|followed|remained|"
    r"ended|landed|passed|failed|seemed|looked|belongs|comes|goes|remains|seems|looks)\b)"
    rf"(?:[a-z]+[^s\W]s|[a-z]+ed|found|sent|began|started|{PLURAL_VERBS})\b"
)


# "“...,” said one. “...,” said another.": one of those just described
_TAIL_SAID_ONE_RE = re.compile(
    r"^\s*,?\s*(?:said|says|added|wrote|asked|replied|answered|shouted)\s+"
    r"(?P<np>one|another|others|some|many|several|both)\s*(?:[.,;!?]|$)"
)
# "“...” That’s what Lia Park told reporters.", "“...” This is how Park put it."
_TAIL_THATS_WHAT_RE = re.compile(
    rf"^\s*,?\s*(?:That|This|Which)(?:[’']s|\s+is|\s+was)\s+(?:what|how)\s+{MODS}(?:{WHO}"
    rf"|(?P<pron>{PRONOUN})|(?P<np>{NP}))\s+{TAIL_VERB_GROUP}"
)


_GESTURE_RE = re.compile(rf"(?:{GESTURE_VERBS})")


def _gesture_after_full_stop(text: str, start: int, match: re.Match[str]) -> bool:
    """A group's gesture after a quote that closed its sentence with a full stop ("“We won.”
    Lia Park laughed." is still hers)."""
    if not match.group("np") or _GESTURE_RE.fullmatch(match.group("verb")) is None:
        return False
    inner = text[max(0, start - 6) : start - 1].rstrip("’'”\"")
    return inner.endswith(".")


def _owned_thing(mention: Mention) -> bool:
    """ "their instinctive preference", "its analysis": something of someone's, named after
    "according to", that is no speaker (not "his spokesman")."""
    return (
        mention.kind == "np"
        and mention.text.split()[0].lower() in {"their", "its", "his", "her", "our", "my"}
        and not is_speaker_np(mention.text)
    )


_ACRONYM_HEAD_RE = re.compile(
    r"\b(?:[Oo]ne|[Aa]n?|[Tt]he|[Aa]nother|[Tt]his)(?:\s+[a-z][\w\-]*){0,3}\s+$"
)


def tail_cue(text: str, start: int, end: int) -> Mention | None:
    tail = text[start:end]
    match = _TAIL_THATS_WHAT_RE.match(tail) or _TAIL_SAID_ONE_RE.match(tail)
    if match:
        return from_match(match, start, None)
    match = _TAIL_SUBJECT_RE.match(tail)
    if match and _gesture_after_full_stop(text, start, match):
        return None  # "“... I want more.” The cabinet members laughed.": an act, not a cue
    if match:
        mention = from_match(match, start, match.group("role") or match.group("aff"))
        if mention:
            return mention
    match = _TAIL_INVERTED_RE.match(tail)
    if match:
        role = role_from_rest(match.group("rest"))
        mention = from_match(match, start, role)
        if mention and match.group("np") and mention.kind == "np":
            mention = _whole_np(text, mention)
            if match.group("verb") == "according to" and _owned_thing(mention):
                return None  # "..., according to their instinctive preference": no one's words
        if mention:
            return mention
    match = _TAIL_ACCORDING_RE.match(tail)
    if match:
        mention = from_match(match, start, None)
        return None if mention is not None and _owned_thing(mention) else mention
    match = _TAIL_LOOSE_RE.match(tail)
    if match:
        who = match.group("who")
        head = _ACRONYM_HEAD_RE.search(tail, 0, match.start("who")) if who.isupper() else None
        if head is not None:
            # "as one neo-bank CEO told me": the capitals end a description, not a name
            np = tail[head.start() : match.end("who")]
            return Mention(np, start + head.start(), start + match.end("who"), None, "np")
        return from_match(match, start, match.group("role") or match.group("aff"))
    match = _TAIL_LOOSE_INVERTED_RE.match(tail)
    if match:
        return from_match(match, start, None)
    match = _TAIL_LONG_APPOSITION_RE.match(tail)
    if match:
        return from_match(match, start, match.group("role").strip(" ,"))
    match = _TAIL_ROLE_THEN_NAME_RE.match(tail)
    if match:
        return from_match(match, start, match.group("role"))
    match = _TAIL_LONG_NP_RE.match(tail)
    if match:
        return from_match(match, start, None)
    return None


def tail_apposition_cue(text: str, start: int, end: int) -> Mention | None:
    """ "“...,” Sam Reed, wearing a “Vote Lund” pin, said": a name right after the quote and a
    description holding a short quote of its own, read past that quote to the verb."""
    match = _TAIL_LONG_APPOSITION_RE.match(text[start:end])
    return from_match(match, start, match.group("role").strip(" ,")) if match else None


# The rest of a noun phrase after an inverted verb, which the lazy NP pattern cuts short
# ("said a veteran aide to the mayor, who ...", "said the Harbour senator"): its words
# up to punctuation, a clause or a phrase of time or place.
_NP_TOKEN = rf"{ABBREVIATED_TITLE}|(?:[A-Z]\.)+|[\w’'\-]+"  # ("Gov.", "A.J.", "adviser")
_NP_RUN_RE = re.compile(
    rf"(?:{_NP_TOKEN})(?:\s+(?!(?:who|whom|whose|which|that|in|on|at|during|after|before|"
    r"when|while|as|because|since|but|and|or|told|said|says|added|according|last|this|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b)"
    rf"(?:{_NP_TOKEN})){{0,11}}"
)


_DANGLING_RE = re.compile(r"(?:\s+(?:of|to|for|from|with|the|a|an|by|his|her|their|its))+$")


def _whole_np(text: str, mention: Mention) -> Mention:
    run = _NP_RUN_RE.match(text, mention.start)
    if run is None or run.end() <= mention.end:
        return mention
    whole = _DANGLING_RE.sub("", run.group(0))  # ("the authors of the": not "of the")
    if len(whole) <= len(mention.text):
        return mention
    return dataclasses.replace(mention, text=whole, end=mention.start + len(whole))


# "“...,” the soft-spoken, 58-year-old harbour master said", "this source told the paper": a
# longer noun phrase right after the quote, up to its verb, with no clause inside it.
_TAIL_NP_WORD = (
    r"(?!(?:as|when|while|after|before|because|who|whom|which|that|where|if|but|or|he|she|"
    r"they|it|we|I|is|was|were|are|has|have|had|said|says|a|an|the)\b)[\w’'&\-]+,?"
)
_TAIL_LONG_NP_RE = re.compile(
    rf"^\s*,?\s*(?P<np>(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]his|[Aa]nother)(?:\s+{_TAIL_NP_WORD}){{1,8}}?)"
    rf"\s+{TAIL_VERB_GROUP}"
)


# "“...,” Lia Park, assistant director of roads, bridges and ferries, said": a name right
# after the quote, then a description with commas of its own, then the verb.
_TAIL_LONG_APPOSITION_RE = re.compile(
    rf"^\s*,?\s*{MODS}{WHO}{AGE},\s+(?!(?:he|she|they|it|I|we|and|or|but|then)\b)"
    rf"(?P<role>(?:[^“”\".;:!?]|(?<=[A-Z])\.|\.(?=[a-z,])|“[^“”\"]{{1,30}}”){{2,220}}?),?\s+{TAIL_VERB_GROUP}"
)


# "“...,” the mayor’s chief of staff, Omar Vidal, told reporters": a role, then the name set
# off by commas, then the verb.
_TAIL_ROLE_THEN_NAME_RE = re.compile(
    rf"^\s*,?\s*(?P<role>(?:[^“”\".;:!?,]|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.)"
    rf"{{3,80}}?),\s+{WHO},\s+{TAIL_VERB_GROUP}"
)


_TRAILING_REACH = 200  # characters of a quote's sentence before a cue that closes it
_TRAILING_SUBJECT_RE = re.compile(
    # ("..., Justice Department trial counsel Lia Park wrote.": a body and a title first)
    rf"^,\s*(?:and\s+)?(?:(?P<desc>(?:[A-Z][\w’'\-.]*\s+){{1,3}})?{MODS}{WHO}"
    rf"|(?P<pron>{PRONOUN})|(?P<np>{NP}))"
    rf"{ROLE_APPOSITION}{AGE},?\s+{VERB_GROUP}(?P<after>[^“”\"]*)$"
)
_TRAILING_INVERTED_RE = re.compile(
    rf"^,\s*(?:{ADVERBS}\s+)?(?P<verb>said|says|added|adds|wrote|writes|asked|asks|noted|notes|"
    rf"explained|explains|argued|argues|recalled|recalls)\s+(?:{MODS}{WHO}|(?P<np>{NP}))"
    rf"(?P<after>[^“”\"]*)$"
)
# What may follow a cue that closes a sentence: its end, or a phrase of time or place.
_CUE_END_RE = re.compile(r"\s*(?:[,.;!?]|$)")
_CUE_ADVERBIAL_RE = re.compile(
    r"\s*(?:[,.;!?]|$|(?:in|on|at|during|after|before|from|to|last|this|earlier|later|"
    r"yesterday|today|tonight|recently|afterward|afterwards)\b)"
)
_COMMA_RE = re.compile(r",")


def trailing_cue(text: str, start: int, end: int) -> Mention | None:
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
        role = match.groupdict().get("role") or role_from_rest(after)
        desc = match.groupdict().get("desc")
        if desc and match.end("desc") == match.start("who") and is_given_name(desc.strip()):
            # ", Lia Park said": the regex split a whole name ("Lia" is no description)
            at = start + comma.start() + match.start("desc")
            mention = mention_of(desc + match.group("who"), at, role)
            if mention is not None:
                return mention
        if role is None and desc:
            role = match.string[match.start("desc") : match.start("who")].strip()
        mention = from_match(match, start + comma.start(), role)
        if mention is not None and mention.kind == "name" and is_place(mention.text):
            continue  # "..., and American University in Washington, D.C., said": a place
        return mention
    return None


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
    rf"{_DOCUMENT_NOUNS}(?:\s+(?:from|by|of)\s+[^:“”\".;!?]{{1,60}}?)?)"
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
            named = _NAME_BEFORE_APPOSITION_RE.search(head, 0, match.start("np"))
            if named is not None:
                role = clean_who(match.group("np"))
                found = mention_of(named.group("who"), start + named.start("who"), role)
                if found is not None and found.kind == "name":
                    return found
        found = from_match(match, start, None)
        if found is not None and not (found.kind == "name" and is_organisation(found.text)):
            return found  # (not "Lia Park of the Harbour Council, who said": who is Park)
    return None


_TIME_WORD_RE = re.compile(rf"(?:{_CALENDAR_WORDS}|May|Today|Yesterday)\b")
_NAME_BEFORE_APPOSITION_RE = re.compile(rf"(?P<who>{NAME_PATTERN}),\s+$")
# "Ana Cole, executive director of the ", "Tom Berg, who is chair of ": a person, then the
# role that the body after it completes.
_PERSON_OF_BODY_RE = re.compile(
    rf"(?P<who>{NAME_PATTERN}),\s+(?P<role>(?:who\s+is\s+)?(?:the\s+|an?\s+)?"
    r"[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,4}\s+(?:of|at|for)\s+(?:the\s+)?)$"
)


# "Lia Park, who runs the ferry, said: “...”", "an official who spoke on condition of
# anonymity said, “...”": a subject, a relative clause about it, then its speech verb.
_HEAD_WHO_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-])(?:{WHO}|(?P<np>{NP})),?\s+who\s+[^“”\".;:]{{1,140}}?,?\s+"
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )(?<!\bis )(?<!\bare )"  # not "was told"
    rf"(?P<verb>said|says|say|told|tells|added|adds|wrote|writes|declared|explained|argued)\b"
    rf"[^“”\".;]{{0,60}}$"
)
AFTER_SUBJECT_RE = re.compile(
    # ("Sen. Dan Ruiz of Vermont was": the state or body a name is from may follow it)
    # (and "of the anti-Trump National Review")
    rf"{PARTY}(?:\s+(?:of|from)\s+(?:the\s+(?:[a-z]+-)?[A-Z][\w.\-]+(?:\s+[A-Z][\w.\-]+){{0,2}}"
    r"|[A-Z][\w.\-]+(?:\s+[A-Z][\w.\-]+)?))?"
    # ("His rival, Sen. Dan Ruiz, was": the comma closing an apposition the name is)
    # (an aside masked out may stand for the first comma: "Lia Park, meanwhile, who ...,")
    rf"(?:(?:(?:,|\u2002+\s)[^,“”\"]{{1,120}}){{1,3}},|,(?=\s+(?:was|is|has|had)\b)"
    # ("Lia Park — named by the Times as the leading choice — told ...")
    r"|\s+[—–]\s+[^—–“”\"]{1,160}?\s+[—–](?=\s))?"
    rf"{WHEN}?"
    rf"\s+(?:(?:\w+ly|himself|herself|later|then|also|again|first|finally|still|never|often|"
    rf"soon|earlier|once)\s+)?"
    # (not "this" or "his", which end in s: "Scooter Braun earlier this year")
    rf"(?:{VERBS}|has|had|is|was|will|would|could|did|does|\w+ed|(?!(?:this|his|its|us)\b)\w+s|"
    rf"{IRREGULAR_PAST})\b"
)


# A transcript's speaker label, in capitals, opening a quote: “RUIZ: ...”, “LIA PARK: ...”.
LABEL_RE = re.compile(r"\s*(?P<label>[A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+){0,2}):\s+")
NOT_LABELS = words(
    "VIDEO AUDIO UPDATE UPDATED NOTE CORRECTION BREAKING WATCH READ PHOTO Q A QUESTION ANSWER "
    "EDITOR'S EDITOR’S WARNING ALERT NEWS BULLETIN TRANSCRIPT SOURCE SOURCES PS P.S."
)


def named_in_text(text: str, name: str) -> bool:
    """ "Park" also written as a name inside a sentence ("Commissioner Park", "asked Park")."""
    if " " in name:
        return True  # "JANE DOE": a full name is a person's
    pattern = rf"(?:[a-z,]|\b[A-Z][a-z]+\.?) {re.escape(name)}\b"
    return re.search(pattern, text) is not None


def label_name(label: str) -> str:
    """ "JANE DOE" -> "Jane Doe"."""
    return " ".join(w[:1] + w[1:].lower() for w in label.split())


_WORDS_NOUN = (
    r"(?:slogan|catch\s?phrase|catchphrase|remark|comment|words|statement|answer|response|"
    r"reply|line|promise|pledge|claim|message|tweet|motto|mantra|refrain|argument|"
    r"assumption|dictum|verdict|advice|warning|boast|retort|take|reaction|explanation|"
    r"rejoinder|assessment|prediction|pitch|plea|view|opinion|position|stance|account|"
    r"conclusion|contention)s?"
)
# "Lia Park’s slogan is", "Park’s answer was that", "Park’s reply: “...”": a person's words,
# opening the sentence.
_WORDS_END = (
    # "Park’s message to the council was", "Park’s slogan in that race against Berg was"
    r"(?:\s+(?:to|for|on|about|in|during|at|against)\s+[^:“”\"]{1,60}?){0,2}"
    r"(?:\s+(?:is|was|has been|had been|reads|read|became|remains|went)\b[^“”\"]*"
    r"|\s*:\s*)$"
)
_WORDS_OF_RE = re.compile(
    rf"\s*(?:(?P<who>{NAME_PATTERN})[’']s|(?P<pron>His|Her))\s+(?:[a-z][\w\-]*\s+){{0,2}}?"
    rf"{_WORDS_NOUN}{_WORDS_END}"
)
# "The answer from Lia Park was blunt:", "Berg got a blunt reply from Park: “...”"
_WORDS_REACH = 300
_WORDS_FROM_RE = re.compile(
    rf"\b{_WORDS_NOUN}\s+from\s+{MODS}{WHO}(?:\s+to\s+[^:“”\".;!?]{{1,40}}?)?"
    r"(?:\s+(?:is|was|came)\b[^“”\".;!?]*|\s*:\s*)$"
)
# "Here’s Park in June 2019: “...”"
_HERES_RE = re.compile(
    rf"\s*Here(?:[’']s|\s+is|\s+are)\s+{MODS}{WHO}"
    r"(?:\s+(?:in|on|at|during|from|last|this|speaking|writing|talking)\b[^:“”\".!?]{0,60})?\s*:\s*$"
)
# "Those were Park’s words: “...”"
_THOSE_WERE_RE = re.compile(
    rf"\s*(?:Those|These|Such|That|This)\s+(?:were|are|was|is)\s+(?:(?P<who>{NAME_PATTERN})[’']s"
    rf"|(?P<pron>his|her))\s+(?:own\s+)?{_WORDS_NOUN}\s*[:,]?\s*$"
)
# "A fundraising email sent out by Lia Park warned: “...”", "A letter from the Harbour Trust
# obtained by the Times warns that “...”": a text speaks for who sent it
_SENT_BY_RE = re.compile(
    r"\s*(?:[A-Z][^,“”\"]{0,40},\s*)?(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[\w\-’'.]+\s+){0,3}?"
    rf"{_DOCUMENT_NOUNS}s?\s+(?:(?:sent|mailed|e-?mailed|posted|written|signed|issued|released|"
    rf"circulated|put)\s+(?:out\s+)?by|from)\s+(?:the\s+)?(?P<who>{NAME_PATTERN})"
)
# "In Park’s words, “...”", "In the words of Lia Park, the mayor, “...”"
_IN_WORDS_OF_RE = re.compile(
    rf"\b[Ii]n\s+(?:(?:(?:the\s+)?(?P<owner>{NAME_PATTERN})(?:[’']s|(?<=s)[’'])|(?P<pron>his|her))"
    r"\s+(?:own\s+)?"
    r"(?:words|view|opinion|estimation|telling|account)"
    rf"|the\s+(?:own\s+)?words\s+of\s+{MODS}{WHO}(?:,\s*(?P<role>[^,“”\"]{{2,80}}))?"
    # ("in the words of the patient:")
    r"|the\s+(?:own\s+)?words\s+of\s+(?P<np>(?:the|a|an|one)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}))"
    # (the words may follow at once, or end the clause: "In Park’s view, the plan is “...”")
    r"(?:\s*[,:]\s*|,\s+[^“”\".;:!?]{1,120})$"
)


# "Berg denied Lia Park’s claim that he was “...”", "accusations from Lia Park that he had
# been “...”": the words are the claimant's, whoever the sentence is about.
_CLAIM_NOUN = (
    r"(?:claim|charge|accusation|allegation|assertion|suggestion|warning|complaint|insistence|"
    r"argument|contention|prediction|promise|pledge|boast|remark|statement|view|belief|"
    r"comment|quip|vow|admission|declaration)s?"
)
_CLAIM_THAT_RE = re.compile(
    rf"(?:(?<![\w’'\-])(?:(?P<owner>{NAME_PATTERN})[’']s|(?P<pron>[Hh]is|[Hh]er))\s+"
    rf"(?:[\w\-]+\s+){{0,2}}?{_CLAIM_NOUN}"
    rf"|\b{_CLAIM_NOUN}\s+(?:from|by)\s+{MODS}{WHO})"
    # ("his comment Monday that", "her remark last week that")
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"(?:last|this)\s+(?:week|month|year)|yesterday|today))?"
    r",?\s+that\b[^“”\".;:!?]{0,160}$"
)
# "When Park used the words, “...”", "Park repeated the phrase “...”": the user's words.
_USED_WORDS_REACH = 200
_USED_WORDS_RE = re.compile(
    rf"(?<![\w’'\-])(?:{MODS}{WHO}|(?P<pron>[Hh]e|[Ss]he))\s+(?:\w+ly\s+)?"
    r"(?:used|uses|repeated|repeats|invoked|invokes|coined|coins|echoed|echoes)\s+"
    r"(?:the|those|these|that|this|his|her|a)\s+(?:same\s+|exact\s+|now-famous\s+)?"
    r"(?:words?|phrase|term|line|expression|slogan|refrain)\s*,?\s*$"
)


def used_words(text: str, start: int, end: int) -> Mention | None:
    """The one who "used the words" or "repeated the phrase" just before a quote."""
    # (the cue ends where the quote opens and is short: looking further back only costs time,
    # quadratic on a long paragraph of capitalised words)
    match = last_match(_USED_WORDS_RE, text, max(start, end - _USED_WORDS_REACH), end)
    if match is None:
        return None
    if match.group("pron"):
        pron = match.group("pron").lower()
        return Mention(pron, match.start("pron"), match.end("pron"), None, "pronoun")
    return from_match(match, 0, None)


def _pronoun_of(match: re.Match[str], group: str = "pron") -> Mention:
    """A "she" mention for "her"/"Her", a "he" for "his"/"him", at the word's offsets."""
    pron = "she" if match.group(group).lower() == "her" else "he"
    return Mention(pron, match.start(group), match.end(group), None, "pronoun")


# "“...,” came the reply.": the one who was asked answers; "Berg asked Park ..." before it
# names her.
_CAME_REPLY_RE = re.compile(
    r"\s*,?\s*came\s+(?:the|a|an|his|her|their)\s+(?:[a-z]+\s+)?"
    r"(?:reply|response|answer|retort|rejoinder)\b"
)
_ASKED_OBJECT_RE = re.compile(rf"\basked\s+(?:(?P<pron>him|her)\b|{MODS}{WHO})")


def came_reply(
    text: str, tail_start: int, tail_end: int, before: tuple[int, int]
) -> tuple[bool, Mention | None]:
    """Whether the quote is "came the reply", and the person asked in the sentence `before`
    (start, end) when it names one."""
    if _CAME_REPLY_RE.match(text, tail_start, tail_end) is None:
        return False, None
    asked = last_match(_ASKED_OBJECT_RE, text, *before)
    if asked is None:
        return True, None
    if asked.group("pron"):
        return True, _pronoun_of(asked)
    return True, mention_of(asked.group("who"), asked.start("who"), None)


def _named_subject_before(text: str, start: int, end: int) -> Mention | None:
    """The last name in text[start:end] followed by a verb, in the clause just before `end`
    (no comma between): whom a "his" or "her" right after stands for."""
    clause = max(start, text.rfind(",", start, end) + 1)
    last: Mention | None = None
    for match in _FULL_NAME_RE.finditer(text, clause, end):
        if AFTER_SUBJECT_RE.match(text, match.end()) is not None:
            found = mention_of(match.group(0), match.start(), None)
            if found is not None and found.kind == "name" and not is_place(found.text):
                last = None if is_organisation(found.text) else found
    return last


def claim_cue(text: str, start: int, end: int) -> Mention | None:
    """The claimant of "X’s claim that ..." or "charges from X that ..." just before a quote."""
    if "that" not in text[max(start, end - 200) : end]:
        return None
    match = last_match(_CLAIM_THAT_RE, text, start, end)
    if match is None:
        return None
    if match.group("pron"):  # "over her remark that “...”": she
        named = _named_subject_before(text, start, match.start("pron"))
        if named is not None:  # "Trump stood by his comment that": Trump
            return named
        return _pronoun_of(match)
    group = "owner" if match.group("owner") else "who"
    mention = mention_of(match.group(group), match.start(group), None)
    return mention if mention is not None and mention.kind == "name" else None


def words_of(text: str, s_start: int, end: int) -> Mention | None:
    match = _WORDS_OF_RE.match(text, s_start, end)
    if match is not None:
        if match.group("pron"):  # "Her verdict: “...”": she, whoever she is
            return _pronoun_of(match)
        return mention_of(match.group("who"), match.start("who"), None)
    match = _THOSE_WERE_RE.match(text, s_start, end)
    if match is not None:
        if match.group("pron"):
            return _pronoun_of(match)
        return mention_of(match.group("who"), match.start("who"), None)
    match = _SENT_BY_RE.match(text, s_start, end)
    if match is not None:
        return mention_of(match.group("who"), match.start("who"), None)
    near = max(s_start, end - _WORDS_REACH)  # (these cues end where the quote opens)
    if text.find(" from ", near, end) >= 0:
        match = last_match(_WORDS_FROM_RE, text, near, end)
        if match is not None:
            return from_match(match, 0, None)
    match = _HERES_RE.match(text, s_start, end)
    if match is not None:
        return from_match(match, 0, None)
    match = (
        last_match(_IN_WORDS_OF_RE, text, near, end)
        if text.find("In ", near, end) >= 0 or text.find("in ", near, end) >= 0
        else None
    )
    if match is not None:
        if match.group("pron"):  # "In his view, the plan is “...”"
            return _pronoun_of(match)
        if match.group("np"):
            np = match.group("np")
            return Mention(np, match.start("np"), match.end("np"), None, "np")
        group = "owner" if match.group("owner") else "who"
        return mention_of(match.group(group), match.start(group), match.group("role"))
    return None


_EMBEDDED_OPENER = (
    r"\b(?:that|because|after|before|when|while|as|until|since|so|who|whom|in which|"
    r"during which|where)\s+"
)
# (an apposition may follow the name: "while Tom Berg, the harbour master, proposed")
_EMBEDDED_SUBJECT = (
    rf"(?P<who>{NAME_PATTERN})(?:,\s+(?:a|an|the)\s[^,“”\"]{{1,60}},)?{WHEN}?\s+(?:\w+ly\s+)?"
)
_EMBEDDED_RE = re.compile(_EMBEDDED_OPENER + _EMBEDDED_SUBJECT)
# (a description first: "that New Media investor Leon Cooperman blasted")
_EMBEDDED_DESCRIBED_RE = re.compile(_EMBEDDED_OPENER + MODS + _EMBEDDED_SUBJECT)


# (the quote is what was asked about, agreed to or posted, not the subject's words)
_NOT_EMBEDDED_VERB_RE = re.compile(r"ask|agree|post")


# "a payout that Leon Cooperman blasted": "that" after a noun, not after a verb of saying
_NOUN_THAT_RE = re.compile(rf"\b(?P<noun>[a-z][a-z\-]+)\s+that\s+(?P<desc>{MODS})$")


def relative_cue(text: str, start: int, end: int) -> Mention | None:
    """The named subject of a "that" clause about a thing, between a sentence's own cue
    and the quote ("a payout that New Media investor Leon Cooperman blasted as “...”")."""
    mention = embedded_cue(text, start, end, described=True)
    if mention is None:
        return None
    opener = _NOUN_THAT_RE.search(text, max(start, mention.start - 80), mention.start)
    if opener is None:
        return None
    noun = opener.group("noun")
    if noun.endswith("ed") or _SPEECH_VERB_IN_WHO_RE.fullmatch(noun):
        return None  # "Trump said that Romney begged ...": what was said, not a new cue
    return mention


def embedded_cue(text: str, start: int, end: int, *, described: bool = False) -> Mention | None:
    """ "The crowd was so large that Lia Park thanked the volunteers “...”": a clause inside
    the sentence, opened by a conjunction, whose named subject reports speech just before
    the quote, with no other clause or quote between (`described`: the name may come after
    a description, "that New Media investor Leon Cooperman blasted")."""
    last = last_match(_EMBEDDED_DESCRIBED_RE if described else _EMBEDDED_RE, text, start, end)
    if last is None:
        return None
    verb = _CLAUSE_VERB_RE.match(text, last.end(), end)
    if (
        verb is None
        or _NOT_EMBEDDED_VERB_RE.match(verb.group(0))
        or ANY_MARK_RE.search(text, last.end(), end)
    ):
        return None
    if _CLAUSE_BLOCK_RE.search(text, verb.end(), end) or _NEW_CLAUSE_RE.search(
        text, verb.end(), end
    ):
        return None
    who = last.group("who")
    if is_function_word(who.split()[0].lower()) or who.isupper():
        return None
    return mention_of(who, last.start("who"), None)
