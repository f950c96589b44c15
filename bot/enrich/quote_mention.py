"""A speech cue's speaker as written (`Mention`), read from a cue's match, and the patterns
every cue family shares.

Every rule in `quote_rules` ends here: a cue finder (`quote_cues_after`, `quote_cues_before`,
`quote_cues_subject`, `quote_cues_label`) matches the words around a quote and hands the match
to `from_match` or `mention_of`, which keep a name, a noun phrase or a pronoun and the role
written beside it ("Lia Park, the harbour master": Park, "the harbour master"), and refuse what
is not a speaker (a day, a place, a clause). Whom a pronoun or a surname stands for needs the
whole article and is `quote_speakers`' job. Also here, for `quotes` and `quote_speakers`:
`SAID_NAME_RE` ("said Lia Park"), `INTRO_RE` and `AFTER_SUBJECT_RE` (a subject, its asides,
then a verb of speech), `PRONOUN_START_RE` and `is_speaker_np` ("the agency", "a spokesman").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .lexicon import words
from .names import (
    NAME_PATTERN,
    PARTY_WORDS,
    is_function_word,
    is_lead_in,
    is_organisation,
    is_place,
    is_pronoun,
    plain_title,
    split_title,
    strip_possessive,
)
from .quote_patterns import (
    ASIDES,
    IRREGULAR_PAST,
    MODS,
    PARTY,
    POSSESSIVE_NP,
    VERBS,
    WEAK_VERBS,
    WHEN,
    WHO,
)

__all__ = [
    "AFFILIATION",
    "AFTER_SUBJECT_RE",
    "CALENDAR_WORDS",
    "DOCUMENT_NOUNS",
    "FULL_NAME_RE",
    "INTRO_RE",
    "NAME_BEFORE_APPOSITION_RE",
    "OWN_THING_RE",
    "PRONOUN_START_RE",
    "SAID_NAME_RE",
    "SPEECH_VERB_IN_WHO_RE",
    "Mention",
    "clean_who",
    "from_match",
    "is_speaker_np",
    "last_match",
    "mention_of",
    "pronoun_of",
    "role_from_rest",
]

_POSSESSIVE_NP_RE = re.compile(POSSESSIVE_NP)
# "Lia Park of the Centre for Water Studies": the body a named speaker is with, as their role.
_BODY = rf"{NAME_PATTERN}(?:\s+(?:for|of|on|and|&)\s+(?:the\s+)?{NAME_PATTERN}){{0,2}}"
AFFILIATION = rf"(?:\s+(?:of|at|from|with)\s+(?:the\s+)?(?P<aff>{_BODY}))?"
SAID_NAME_RE = re.compile(
    rf"\b(?:said|says|wrote|writes|added|adds|asked|asks|explained|noted|continued|replied)"
    rf"\s+{MODS}{WHO}"
)
_APPOSITION_AFTER_RE = re.compile(
    # (a point inside an abbreviation does not end it: "the U.K.'s", "Washington University in
    # St. Louis")
    r"^,\s*(?P<role>(?:a|an|the)\s(?:[^,.;“”\"]|(?<=\b[A-Z])\.|(?<=\bSt)\.|(?<=\bMt)\.){2,120}?)"
    r"\s*(?:[,;]|(?<!\b[A-Z])(?<!\bSt)(?<!\bMt)\.|$)"
)
SPEECH_VERB_IN_WHO_RE = re.compile(rf"\b(?:{VERBS})\b")


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
# "according to its count", "according to their figures": what the speaker goes by, not who
# speaks (a person of theirs still speaks: "according to his spokesman")
OWN_THING_RE = re.compile(
    r"(?:its|their|his|her|our|my)\s+(?:own\s+)?(?:count|counts|analysis|figures|numbers|"
    r"data|estimate|estimates|tally|calculations|records|reckoning|projections|research|"
    r"polling|survey|model|review|findings|math)\b"
)
CALENDAR_WORDS = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    "June|July|August|September|October|November|December"
)
_NOT_A_NAME_RE = re.compile(rf"(?:{CALENDAR_WORDS})(?:[’']s)?")
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
    if SPEECH_VERB_IN_WHO_RE.search(who):
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
    writer = any(t == "I" and tokens[i][:1].islower() for i, t in enumerate(tokens[1:]))
    if writer and (tokens[0] in _CAPITAL_DETERMINERS or tokens[0][:1].islower()):
        # "One of the first lines I said was “...”", "the question I am often asked": what
        # the writer said or was asked, not who said it (not "A World War I veteran")
        return None
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
        if is_pronoun(name.split()[0]):
            return None  # "I’ve answered questions from “...”": the writer, by no name
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


FULL_NAME_RE = re.compile(rf"{NAME_PATTERN}")


def _named_apposition(match: re.Match[str]) -> str | None:
    """The person's name when a noun phrase's apposition is one ("His spokesman, Tom Berg,")."""
    role = (match.groupdict().get("role") or "").strip()
    if not role or FULL_NAME_RE.fullmatch(role) is None or len(role.split()) < 2:
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
        before = NAME_BEFORE_APPOSITION_RE.search(match.string, max(0, at - 80), at)
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


# The words for a written text that speaks for whoever wrote or put it out.
DOCUMENT_NOUNS = (
    r"(?:statement|letter|memo|memorandum|e-?mail|note|release|post|tweet|message|notice|sign|"
    r"banner|ad|report|filing|complaint)"
)
_CONTACT_CLAUSE_RE = re.compile(
    rf"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Tt]heir)\s+{DOCUMENT_NOUNS}s?"
    r"\s+[A-Z][\w’'\-]+$"
)
_ADJECTIVE_END_RE = re.compile(r"(?:ical|ous|ful|less|able|ible)$")


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


NAME_BEFORE_APPOSITION_RE = re.compile(rf"(?P<who>{NAME_PATTERN}),\s+$")
# "Ana Cole, executive director of the ", "Tom Berg, who is chair of ": a person, then the
# role that the body after it completes.
_PERSON_OF_BODY_RE = re.compile(
    rf"(?P<who>{NAME_PATTERN}),\s+(?P<role>(?:who\s+is\s+)?(?:the\s+|an?\s+)?"
    r"[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,4}\s+(?:of|at|for)\s+(?:the\s+)?)$"
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


def pronoun_of(match: re.Match[str], group: str = "pron") -> Mention:
    """A "she" mention for "her"/"Her", a "he" for "his"/"him", at the word's offsets."""
    pron = "she" if match.group(group).lower() == "her" else "he"
    return Mention(pron, match.start(group), match.end(group), None, "pronoun")
