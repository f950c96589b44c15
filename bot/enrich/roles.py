"""What a reader sees under a quote: a speaker's name and role, cleaned at the way out.

The cue finders and the resolver keep titles as written ("Sen.", "Mr."): those words tell a
pronoun's gender and who "the senator" is. A reader wants something else: a name without
"Mr." or a trailing comma, and a role that is a title or an appositive belonging to the person
("a Columbia professor", "Ohio Governor"), never a bare honorific, never the rest of a
clause, never a title cut at "of". `clean_role` and `clean_name` are the last step, string to
string; `quote_speakers.Resolver` adds what needs the article (completing a cut title, an
appositive given at another mention).

Each rule below is named and carries the phrase it was written for.
"""

from __future__ import annotations

import re

from .lexicon import words

__all__ = [
    "clean_name",
    "clean_role",
    "cut_word",
    "expand_title",
    "is_bare_honorific",
]

# Abbreviated titles, written out for a reader ("Ohio Gov." -> "Ohio Governor"); a plural
# abbreviation names one person's title when it is shown as one person's role.
_EXPANSIONS = {
    "sen": "Senator",
    "sens": "Senator",
    "rep": "Representative",
    "reps": "Representative",
    "representatives": "Representative",
    "senators": "Senator",
    "gov": "Governor",
    "gen": "General",
    "gens": "General",
    "lt": "Lieutenant",
    "col": "Colonel",
    "sgt": "Sergeant",
    "capt": "Captain",
    "maj": "Major",
    "adm": "Admiral",
    "cmdr": "Commander",
    "pres": "President",
    "atty": "Attorney",
    "supt": "Superintendent",
    "prof": "Professor",
}
# Courtesy words: part of how a name is addressed, never a role of their own.
_COURTESY = words("mr mrs ms miss mx dr sir dame madam rev messrs mmes")
_HONORIFICS = _COURTESY | (frozenset(_EXPANSIONS) - {"representatives", "senators"})
_LEADING = _COURTESY | frozenset(_EXPANSIONS)  # before a name ("Representatives Lia Park")
# A role that ends on one of these was cut ("Secretary of", "a professor at the").
_CUT_WORDS = words(
    "of the a an at in on for to from with by and or but as about into over under than "
    "between among via per such including like whose who which that"
)
# "clad in a red cape ...", "speaking to reporters": what the person wore or did, not a role
# (participles that are part of titles stay: "acting director", "managing editor").
_NOT_ROLE_OPENERS = words(
    "clad dressed wearing holding standing sitting seated flanked surrounded speaking "
    "talking walking pointing smiling laughing waving reached asked interviewed visibly"
)
# ", who has ...", " that ...": a clause about the person; the role is what comes before it.
_RELATIVE_RE = re.compile(r",?\s+(?:who|whom|whose|which|that)\b.*$", re.DOTALL)
# "the governor challenged by Sanders 30 years ago": a participle clause after the role.
_PARTICIPLE_TAIL_RE = re.compile(
    r"\s+\w+ed\s+by\b.*$|,?\s+(?:such as|including|considered|regarded as|seen as)\b.*$"
)
# "the frontrunner and current polling leader ...": a second description joined on.
_SECOND_DESCRIPTION_RE = re.compile(r"\s+and\s+(?:a|an|the|current|now|also)\s|\s+as well as\s")
# ("a longtime loyalist and dean of ...": past the first description, when it has 3 words)
_SECOND_NOUN_RE = re.compile(r"\s+and\s+(?=[a-z])")
# "PMBuddiesASSOCIATED PRESSOhio": words run together by a page's markup, not a role.
_RUN_TOGETHER_RE = re.compile(r"[A-Z]{3,}[a-z]|[a-z]{2}[A-Z]{2,}")
_CAPITAL_LEAD = words(
    "as then when while after before with and but for by since now is was has will would did does"
)
_LONGEST_ROLE = 12  # words; past it, a role is cut back at a preposition
_PREPOSITIONS = words("in at of for from with on near by")
_WORD_RE = re.compile(r"[\w’'\-]+")
_TRAILING_RE = re.compile(r"[\s,;:!?\-–—(]+$")


def _length(role: str) -> int:
    """Words as a reader counts them ("U.S." is two, "D.C.-based" three)."""
    return len(_WORD_RE.findall(role))


def _key(token: str) -> str:
    return token.strip(".,").lower()


def is_bare_honorific(role: str) -> bool:
    """ "Mr.", "Sen.", "Dr." alone: how a name is addressed, not what the person does."""
    tokens = role.split()
    return len(tokens) == 1 and _key(tokens[0]) in _HONORIFICS


def cut_word(role: str) -> bool:
    """Whether a role ends on a word that needs more after it ("Secretary of")."""
    tokens = role.split()
    return bool(tokens) and _key(tokens[-1]) in _CUT_WORDS


def expand_title(title: str) -> str:
    """ "Ohio Gov." -> "Ohio Governor", "Sens." -> "Senator": the abbreviations that end a
    title written out, courtesy words there dropped ("Dr." -> ""); an abbreviation before a
    name inside the title stays as written ("Ohio Rep. Dana Hill’s chief of staff")."""
    tokens = title.split()
    cut = len(tokens)
    while cut and _key(tokens[cut - 1]) in _LEADING and tokens[cut - 1][:1].isupper():
        cut -= 1
    tail = [_EXPANSIONS.get(_key(t), t) for t in tokens[cut:] if _key(t) not in _COURTESY]
    return " ".join(tokens[:cut] + tail)


def clean_role(role: str | None) -> str | None:
    """The role as shown, or None when what was found is no role (rules named inline)."""
    if not role:
        return None
    role = " ".join(role.split()).strip(" ,;:")
    if not role or _RUN_TOGETHER_RE.search(role):
        return None  # run-together: "PMBuddiesASSOCIATED PRESSOhio Gov."
    tokens = role.split()
    while len(tokens) > 1 and tokens[0][:1].isupper() and tokens[0].lower() in _CAPITAL_LEAD:
        tokens = tokens[1:]  # leading word: "As President" -> "President"
    if _key(tokens[0]) in _NOT_ROLE_OPENERS or (
        (tokens[0].endswith("ing") and tokens[0].islower()) and tokens[0] not in _TITLE_PARTICIPLES
    ):
        return None  # circumstance: "clad in a red cape", "speaking to reporters"
    role = " ".join(tokens)
    role = _RELATIVE_RE.sub("", role)  # relative clause: "an expert who has written ..."
    if any(_key(t) in _FINITE_VERBS for t in role.split()) or _SUBJECT_VERB_RE.match(role):
        return None  # a clause: "the delegate math is daunting", "the Post reported"
    role = _PARTICIPLE_TAIL_RE.sub("", role)  # "the governor challenged by Sanders"
    if _length(role) > _LONGEST_ROLE:
        second = _SECOND_DESCRIPTION_RE.search(role)
        if second is None or len(role[: second.start()].split()) < 2:
            second = _SECOND_NOUN_RE.search(role)
            if second is not None and len(role[: second.start()].split()) < 3:
                second = None
        if second is not None:
            role = role[: second.start()]  # "a professor at X and the director of Y"
    role = expand_title(role)
    tokens = role.split()
    while _length(" ".join(tokens)) > _LONGEST_ROLE:
        cuts = [
            i
            for i, t in enumerate(tokens)
            if i >= 3
            and t.lower() in _PREPOSITIONS
            # (never inside a proper name: "University of Arkansas")
            and not (t == "of" and tokens[i - 1][:1].isupper())
        ]
        if not cuts:
            return None
        tokens = tokens[: cuts[-1]]  # too long: drop the last phrase ("... in Lawrenceville")
    while tokens and (_key(tokens[-1]) in _CUT_WORDS or _is_honorific(tokens[-1])):
        # cut: "a staff member for Republicans such as former Gov" / "Secretary of"
        if len(tokens) == 1:
            break
        tokens = tokens[:-1]
    if len(tokens) > 2 and tokens[-1] in _EXPANSIONS.values() and tokens[-2] in _PREPOSITIONS:
        tokens = tokens[:-2]  # the name cut off: "a staffer for Senator" -> "a staffer"
    role = _TRAILING_RE.sub("", " ".join(tokens))
    if _ADJECTIVE_ONLY_RE.fullmatch(role):
        return None  # an adjective with no noun: "the brusque", "exasperated"
    if not role or is_bare_honorific(role) or cut_word(role) or role.lower() in _NOT_ALONE:
        return None
    return role


# Finite verbs that never sit in a title: with one, what was found is a clause.
_FINITE_VERBS = words(
    "is was are were am has have had does did will would can could should shall must "
    "said says told tells reported reports wrote writes added argued insisted claimed "
    "declared warned announced noted explained stated asked"
)
# "the event presented an opportunity": a subject, a past-tense verb and its object.
_SUBJECT_VERB_RE = re.compile(
    r"(?:the|a|an|his|her|their|its)\s+[a-z][\w\-]*\s+[a-z]\w+ed\s+"
    r"(?:a|an|the|to|that|his|her|their|its|on|in|for|with)\b"
)
_TITLE_PARTICIPLES = words(
    "acting managing ranking leading founding outgoing incoming presiding governing consulting "
    "visiting supervising reigning sitting serving retiring standing"
)
# Words that are no role alone ("the", "former", "State").
_NOT_ALONE = words("the a an former then state house senate federal u.s. us first vice acting")

_ADJECTIVE_ONLY_RE = re.compile(r"(?:(?:the|a|an)\s+)?[a-z][\w\-]*(?:ed|ous|ful|ish|ble|que|gry)")
_NAME_TRAIL_RE = re.compile(r"[\s,;:!?’'\"”)(\-–—]+$")
_INITIAL_RE = re.compile(r"(?:\b[A-Z]|\bJr|\bSr|\bInc|\bCo|\bCorp|\bLtd|\bSt|[A-Z]\.[A-Z])\.$")


def clean_name(name: str | None) -> str | None:
    """A speaker as shown: no honorific ("Mr. Park", "Park, Mr." -> "Park") and no trailing
    punctuation ("Park," -> "Park"); a title alone is written out ("Pennsylvania Gov." ->
    "Pennsylvania Governor"). An abbreviation counts only with its point or as a courtesy
    word ("Mr Park"): "Gen Nakatani" keeps his given name."""
    if not name:
        return name
    tokens = _NAME_TRAIL_RE.sub("", " ".join(name.split())).split()
    if len(tokens) > 1 and _is_title_abbreviation(tokens[-1]) and not tokens[-2].endswith(","):
        return expand_title(" ".join(tokens))  # "Pennsylvania Gov.": a title, no name
    while len(tokens) > 1 and _is_honorific(tokens[-1]) and tokens[-2].endswith(","):
        tokens = tokens[:-1]  # "Lia Park, Mr." -> "Lia Park,"
    if len(tokens) > 2 and tokens[0].lower() == "the" and _is_honorific(tokens[1]):
        tokens = tokens[1:]  # "the Rev. Ana Lind" -> "Rev. Ana Lind"
    while len(tokens) > 1 and _is_honorific(tokens[0]) and tokens[1][:1].isupper():
        tokens = tokens[1:]  # "Mr. Park", "Representatives Lia Park" -> the name
    if len(tokens) == 1 and _is_honorific(tokens[0]):
        return expand_title(tokens[0]) or tokens[0]
    name = _NAME_TRAIL_RE.sub("", " ".join(tokens))
    while name.endswith(".") and not _INITIAL_RE.search(name):
        name = _NAME_TRAIL_RE.sub("", name[:-1])
    return name


def _is_title_abbreviation(token: str) -> bool:
    """ "Gov.", "Sen." with their point (not "Gen" in "Gen Nakatani")."""
    return token.endswith(".") and _key(token) in _EXPANSIONS


def _is_honorific(token: str) -> bool:
    """ "Mr.", "Mr", "Dr.", "Sen.", "Representatives": a word a name is addressed with."""
    key = _key(token)
    if not token[:1].isupper():
        return False
    return (
        key in _COURTESY
        or key in {"representatives", "senators"}
        or (token.rstrip(",").endswith(".") and key in _EXPANSIONS)
    )
