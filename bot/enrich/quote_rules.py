"""The quote rules by name: which rule found a quote, which gave it a speaker, and how sure
that attribution is.

Every attribution the finder makes is traced to one named rule below. A rule is data: its
name (the name of the cue function, found in the module of its family: `quote_cues_after`,
`quote_cues_before`, `quote_cues_subject`, `quote_cues_label`; or of the branch in `quotes`
that applies it), the family it belongs to, the sentence it was written for
(tests/enrich/test_quote_rules.py runs each one and checks that this rule, and no other,
attributes its quote) and how far it can be trusted on its own. `newsbot preview --explain`
prints these names, so a reader who wants to know why a quote went to a person finds the rule
here and its code by its name.

Confidence (0..1) is the rule's own trust times what the mention is: a name written in the
cue is sure; a title or description ("the senator") a little less; a pronoun depends on how
far back, and past how many other people, the person it stands for was named. Each thing that
takes trust off is a named doubt (`DOUBTS`: a pronoun far back, a second source, speech within
speech...), and a quote lists the names it earned (`Quote.doubts`) for `--explain`. Key quotes
are chosen only at or above `SURE`, set on PolNeAR train (docs/enrich.md, issue 19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import (
    NAME_PATTERN,
    TITLE_RUN_WORDS,
    attributive_noun,
    is_bare_title,
    is_given_name,
    strip_possessive,
    without_generation,
)
from .quote_cues import CALENDAR_WORDS, OWN_THING_RE, Mention, mention_of
from .quote_marks import QUOTED_RE, Piece

__all__ = [
    "DOUBTS",
    "FAMILIES",
    "FOUND_BY",
    "RULES",
    "RUNS_ON",
    "SECOND_SOURCE",
    "SURE",
    "Doubt",
    "Rule",
    "carried",
    "doubt",
    "doubts",
    "found_by",
    "inner_speaker",
    "mention_confidence",
    "mention_sureness",
    "reported_cue",
    "second_source",
]

# An attribution at or above this is sure enough to post as a key quote (tuned on train).
SURE = 0.95


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    family: str
    example: str  # the sentence the rule was written for (invented text)
    confidence: float  # how far the rule can be trusted when its mention is a name


FAMILIES = (
    "cue after the quote",
    "cue before the quote",
    "subject of the quote's sentence",
    "label or sign-off",
    "carried from another quote",
)
_AFTER, _BEFORE, _SUBJECT, _LABEL, _CARRIED_FAMILY = FAMILIES

_RULE_LIST = (
    # --- a cue after the quote, in its own sentence ---
    Rule("tail_cue", _AFTER, "“We will rebuild the pier,” Lia Park said.", 1.0),
    Rule(
        "tail_apposition_cue",
        _AFTER,
        "“It is time,” Sam Reed, wearing a “Vote Lund” pin, said on Monday.",
        0.95,
    ),
    Rule(
        "trailing_cue",
        _AFTER,
        "It was “a long night” as donors waited for the final count, Lia Park said.",
        0.95,
    ),
    Rule(
        "came_reply",
        _AFTER,
        "Tom Berg asked Lia Park about the pier. “It will open in May,” came the reply.",
        0.8,
    ),
    Rule(
        "signed_line",
        _AFTER,
        "“The harbour is the heart of the town.” ― Lia Park, harbour master",
        0.95,
    ),
    # --- a cue before the quote ---
    Rule("head_cue", _BEFORE, "Lia Park said: “We will rebuild the pier.”", 1.0),
    Rule(
        "last_cue",
        _BEFORE,
        "“We start Monday,” Lia Park said, though she added, “the cost is still open.”",
        0.9,
    ),
    Rule(
        "asked_cue",
        _BEFORE,
        "Lia Park was asked by Tom Berg: “Will the pier open in May?”",
        0.9,
    ),
    Rule(
        "passive_cue",
        _BEFORE,
        "The plan was described by Lia Park as “a waste of money.”",
        0.95,
    ),
    Rule(
        "who_cue",
        _BEFORE,
        "Tom Berg agreed with Lia Park, who called the cuts “a disgrace to the town.”",
        0.9,
    ),
    Rule(
        "with_cue",
        _BEFORE,
        "The vote was close, with Lia Park telling reporters it was “a narrow escape.”",
        0.9,
    ),
    Rule(
        "parenthetical_cue",
        _BEFORE,
        "The vote, said Lia Park, the mayor, was “a fair deal for the town.”",
        0.85,
    ),
    Rule(
        "opening_clause",
        _BEFORE,
        "After Tom Berg said the plan was “dead on arrival,” Lia Park said it would pass.",
        0.9,
    ),
    Rule(
        "intro_subject",
        _BEFORE,
        "Lia Park hit back at the critics, telling reporters: “We did nothing wrong.”",
        0.9,
    ),
    Rule(
        "name_before_colon",
        _BEFORE,
        "Lia Park runs the port. The delay did not surprise engineer Lia Park: “We saw it coming.”",
        0.8,
    ),
    Rule(
        "colon_paragraph",
        _BEFORE,
        "Lia Park put it this way:\n\n“We will rebuild the pier before the summer.”",
        0.85,
    ),
    # --- the subject of the quote's own sentence ---
    Rule("words_of", _SUBJECT, "In Lia Park’s words, “the pier is the town’s front door.”", 0.9),
    Rule(
        "claim_cue",
        _SUBJECT,
        "Tom Berg denied Lia Park’s claim that he was “hiding the real cost.”",
        0.85,
    ),
    Rule(
        "used_words",
        _SUBJECT,
        "Tom Berg spoke on Monday. Tom Berg echoed the phrase “a town that keeps its promises.”",
        0.85,
    ),
    Rule(
        "clause_cue",
        _SUBJECT,
        "Lia Park was at the pier. Lia Park thanked the crew for “working through the storm.”",
        0.95,
    ),
    Rule(
        "embedded_cue",
        _SUBJECT,
        "The crowd was so large that Lia Park thanked the volunteers “for every hour they gave.”",
        0.85,
    ),
    Rule(
        "relative_cue",
        _SUBJECT,
        "Tom Berg leaves with a payout that Lia Park blasted as “a reward for failure.”",
        0.9,
    ),
    Rule(
        "known_subject",
        _SUBJECT,
        "Lia Park came to the pier on Monday. Lia Park loves “the smell of the sea at dawn.”",
        0.8,
    ),
    # --- a label or a sign-off naming the speaker ---
    Rule(
        "label",
        _LABEL,
        "Tom Berg asked Lia Park about the pier.\n\n“LIA PARK: We will rebuild the pier.”",
        0.9,
    ),
    Rule(
        "sign_off",
        _LABEL,
        "“The harbour is the heart of the town, and it always will be.”\n\n"
        "— Lia Park, harbour master.",
        0.9,
    ),
    # --- carried over from another quote whose cue names the speaker ---
    Rule(
        "same_sentence",
        _CARRIED_FAMILY,
        "Lia Park called the plan “a waste” and “a gift to the builders.”",
        0.93,
    ),
    Rule(
        "new_subject",
        _CARRIED_FAMILY,
        "While Tom Berg calls it “a waste,” Lia Park fixates on “the jobs it brings.”",
        0.9,
    ),
    Rule(
        "later_in_sentence",
        _CARRIED_FAMILY,
        "It was “a long night” as donors waited for “the final count,” Lia Park said.",
        0.9,
    ),
    Rule(
        "next_in_paragraph",
        _CARRIED_FAMILY,
        "“We will rebuild,” Lia Park said. “The town deserves nothing less.”",
        0.95,
    ),
    Rule(
        "cue_between",
        _CARRIED_FAMILY,
        "“We will rebuild,” Lia Park said. Then Tom Berg said no. “Not with my money.”",
        0.85,
    ),
    Rule(
        "handed_on",
        _CARRIED_FAMILY,
        "“We will rebuild,” Lia Park said, and Tom Berg cut in. “Not with my money.”",
        0.85,
    ),
    Rule(
        "continued_paragraph",
        _CARRIED_FAMILY,
        "“We will rebuild the pier,” Lia Park said.\n\n“The town deserves nothing less.”",
        0.9,
    ),
    Rule(
        "sentence_before",
        _CARRIED_FAMILY,
        "Lia Park said the plan had failed. “We tried and it did not work.”",
        0.9,
    ),
    Rule(
        "inner_speaker",
        _BEFORE,
        "Lia Park said that Tom Berg, the former governor, had told her: “You will never win.”",
        0.85,
    ),
    Rule(
        "paragraph_voice",
        _CARRIED_FAMILY,
        "The age has killed papers, said Lia Park in the Gazette. Here, “we see a murder.”",
        0.75,
    ),
    Rule(
        "carried_back",
        _CARRIED_FAMILY,
        "“We will rebuild the pier.\n\n“And we will do it before the summer,” Lia Park said.",
        0.9,
    ),
)
RULES: dict[str, Rule] = {rule.name: rule for rule in _RULE_LIST}

# How a quote was found: the shape of its marks.
FOUND_BY: dict[str, str] = {
    "curly_pair": "an opening “ and its closing ” in one paragraph",
    "straight_pair": 'a pair of straight " marks, told apart by what stands either side',
    "runs_on": "an opening mark with no close: the quote runs to the end of its paragraph",
}

# A pronoun is sure only when the person it stands for was named just before it, with no one
# else named in between; these are that trust by paragraphs crossed (0, 1, more), alone or
# past a rival name.
_PRONOUN_REACH = 2000  # past this the name is not searched for: not sure
_RIVAL_RE = re.compile(r"\b[A-Z][a-z’'\-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z’'\-]+")
_PARAGRAPH_BREAK_RE = re.compile(r"\n+")
# Someone a first-person writer describes and does not name, a rival for "he" or "she" as much
# as a name is: "my boss asked me how long I listened to Howard Stern. ... He said, “...”"
_DESCRIBED_RIVAL_RE = re.compile(
    r"\b(?:[Mm]y|[Oo]ur|[Aa]n?)\s+(?:[\w\-]+\s+){0,2}?(?:boss|friend|colleague|coworker|"
    r"co-worker|manager|wife|husband|partner|girlfriend|boyfriend|mother|father|mom|dad|mum|"
    r"brother|sister|son|daughter|uncle|aunt|grandfather|grandmother|teacher|professor|"
    r"neighbou?r|roommate|editor|doctor|guest|interviewer|host|client|student)s?(?![\w\-])"
)


@dataclass(frozen=True, slots=True)
class Doubt:
    """A named reason an attribution is less sure than its rule: the share of trust it keeps
    and the shape it was written for. A quote lists the doubts that lowered its confidence
    (`Quote.doubts`), and `newsbot preview --explain` prints them."""

    name: str
    factor: float
    example: str


_DOUBT_LIST = (
    # --- what the mention is ---
    Doubt("description", 0.95, "“...,” a spokesman said. (the speaker is only described)"),
    Doubt("description_for_name", 0.8, "“...,” the senator said. (read as the senator named)"),
    Doubt("characterising_verb", 0.85, "Park called it “a mess”. (not a speech verb)"),
    Doubt("pronoun_i", 0.9, "“...,” I said."),
    Doubt(
        "pronoun_plural",
        0.6,
        "“...,” they said. (a body, a pair or one person, read from before)",
    ),
    Doubt("pronoun_unnamed", 0.3, "“...,” she said. (no name for her nearby)"),
    Doubt("pronoun_same_paragraph", 0.95, "Lia Park spoke. “...,” she said."),
    Doubt("pronoun_paragraph_back", 0.85, "Lia Park spoke. ¶ “...,” she said."),
    Doubt("pronoun_paragraphs_back", 0.6, "Lia Park spoke. ¶ ... ¶ “...,” she said."),
    Doubt("pronoun_past_name", 0.75, "Lia Park met Tom Berg. “...,” she said."),
    Doubt("pronoun_past_name_paragraph_back", 0.55, "Lia Park met Tom Berg. ¶ “...,” she said."),
    Doubt("pronoun_past_name_far_back", 0.4, "Lia Park. ¶ Tom Berg. ¶ ... ¶ “...,” she said."),
    # --- what stands around the mention and the quote ---
    Doubt("second_source", 0.7, "“...,” Park said, according to the Harbour Times."),
    Doubt("quoted_report", 0.7, "“Park told reporters ... ¶ “...,” Park said. (a report quoted)"),
    Doubt("document_speaks", 0.6, "Park stood under a headline that said, “...”"),
    Doubt("dashed_aside", 0.6, "The plan — as columnist Lia Park noted — promises to “...”"),
    Doubt("poll_share", 0.7, "25 percent of likely voters say they would “...”"),
    Doubt("other_label", 0.5, "Lia Park said: “Tom Berg: ...” (a transcript line)"),
    Doubt("runs_on", 0.9, "Lia Park said: “... (no closing mark)"),
    # --- issue 19, round 3 ---
    Doubt(
        "opening_clause_subject",
        0.8,
        "After Lia Park compared the ferry to a “floating wreck,” Tom Berg wrote ...",
    ),
    Doubt(
        "new_subject_between",
        0.7,
        "Dana Cole led it, and within weeks the campaign had sent ads calling it a “...”",
    ),
    Doubt(
        "relayed_speech",
        0.7,
        "According to the Harbour Gazette, Tom Berg told the crew that “...”",
    ),
    Doubt(
        "name_in_phrase",
        0.7,
        "The authors of the study published in the journal Harbour Medicine argued that “...”",
    ),
    Doubt(
        "named_in_own_quote",
        0.7,
        "“It would have been easy for Lia Park to give up,” she said. (not Park)",
    ),
    Doubt("speech_within_speech", 0.7, "Harbour police sources have said he said “...”"),
    Doubt(
        "quote_in_opening_clause",
        0.7,
        "As the ferry left with “Sell it” painted on its side, Tom Berg said ...",
    ),
    # --- issue 19, rounds 4 and 5 ---
    Doubt("vague_speaker", 0.8, "Park met the buyers. “We expect that,” said one."),
    Doubt("unnamed_body", 0.9, "“We will appeal,” the statement said. (whose statement?)"),
    Doubt(
        "quote_after_dash",
        0.7,
        "Berg claimed the deal was open—never mind the fund, which was “a secret.”",
    ),
    # --- issue 19, round 10 ---
    Doubt("bare_title", 0.9, "“...,” the Harbour Minister said. (a title, no one named)"),
    Doubt("collective", 0.8, "“...,” according to Slovak media. (a group, no one named)"),
)
DOUBTS = {d.name: d for d in _DOUBT_LIST}


def doubts(*names: str) -> tuple[float, tuple[str, ...]]:
    """The trust kept by the doubts `names` (each a DOUBTS key), and the names."""
    factor = 1.0
    for name in names:
        factor *= DOUBTS[name].factor
    return factor, names


_PRONOUN_ALONE = ("pronoun_same_paragraph", "pronoun_paragraph_back", "pronoun_paragraphs_back")
_PRONOUN_RIVAL = (
    "pronoun_past_name",
    "pronoun_past_name_paragraph_back",
    "pronoun_past_name_far_back",
)


def found_by(text: str, piece: Piece) -> str:
    """The FOUND_BY name of how `piece`'s marks were paired."""
    if piece.close is None:
        return "runs_on"
    return "straight_pair" if text[piece.open] == '"' else "curly_pair"


def carried(rule: str | None) -> float:
    """The trust a quote keeps when it borrows another quote's speaker by `rule`."""
    found = RULES.get(rule or "")
    return found.confidence if found is not None else 0.8


def mention_confidence(text: str, mention: Mention, speaker: str | None, at: int) -> float:
    """How sure it is that `speaker`, read from `mention`, said the quote opening at `at`."""
    return mention_sureness(text, mention, speaker, at)[0]


_VAGUE_SPEAKERS = frozenset(
    {"one", "another", "others", "some", "many", "several", "both", "a second", "a third"}
    | {"a fourth", "the other", "the first", "the second", "the third", "one person"}
    | {"another person", "someone", "somebody", "one user", "another user"}
)


# A body or document the speaker is only called by its kind: "the company", "the statement"
_UNNAMED_BODY_RE = re.compile(
    r"(?i:the|a|an|one of (?:the|these|those)|this|that)\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(?:company|firm|startup|outlet|network|platform|group|organi[sz]ation|statement|message|"
    r"post|letter|release|filing|email|e-mail|ruling|excerpts?|document|memo|notes?|tweet|"
    r"report|study|paper|announcement)"
)


def mention_sureness(
    text: str, mention: Mention, speaker: str | None, at: int
) -> tuple[float, tuple[str, ...]]:
    """`mention_confidence` with the names of the doubts (DOUBTS) that lowered it."""
    if speaker is None:
        return 0.0, ()
    rule = RULES.get(mention.rule)
    base = rule.confidence if rule is not None else 0.8
    names: list[str] = []
    if _named_at(text, mention, speaker):
        pass  # ("said The Gazette’s" + " harbour correspondent Tom Berg": his name is written)
    elif mention.kind == "np":
        # ("the senator" read as a name)
        names.append("description" if speaker == mention.text else "description_for_name")
    elif mention.kind != "name":
        names.append(_pronoun_doubt(text, mention, speaker))
    elif not set(speaker.split()) & set(mention.text.split()):
        # ("The Secretary of State said" read as the person who holds that title)
        names.append("description_for_name")
    if mention.kind == "name" and attributive_noun(text, mention.end):
        names.append("collective")  # "“...,” according to Slovak media.": no one in it named
    if is_bare_title(speaker):
        names.append("bare_title")  # "“...,” the Sports Minister said.": which minister?
    if speaker.lower() in _VAGUE_SPEAKERS:
        names.append("vague_speaker")  # "“...,” said one.": one of whom, a reader asks
    elif _UNNAMED_BODY_RE.fullmatch(speaker):
        names.append("unnamed_body")  # "“...,” the company said.": which company?
    if mention.weak:
        names.append("characterising_verb")  # "called it “...”", not a speech verb
    factor, named = doubts(*names)
    return base * factor, named


_NAMED_AFTER_REACH = 80  # characters past a mention to the name its title run ends on
_BETWEEN_WORDS = TITLE_RUN_WORDS | {"and"}


def _named_at(text: str, mention: Mention, speaker: str) -> bool:
    """Whether `speaker` is a name written in `mention` or just after it, past titles only
    ("The Gazette’s" + " harbour correspondent Tom Berg", "CEO of Harbour Trust Ana Cole")."""
    if mention.kind not in {"name", "np"} or " " not in speaker:
        return False
    if not is_given_name(speaker.split()[0]):
        return False  # (a person's name, as `Resolver._person_after_title` finds it)
    at = text.find(speaker, mention.start, mention.end + _NAMED_AFTER_REACH)
    if at < 0:
        return False
    between = text[min(mention.end, at) : at]
    return not any(c in between for c in ',;:“”"\n.') and all(
        w in _BETWEEN_WORDS for w in between.split() if w[:1].islower()
    )


_OWN_APPOSITION_RE = re.compile(r"\s*,\s+(?:an?|the|[Mm]y|[Oo]ur)\s[^,.;“”\"\n]*")


def _pronoun_doubt(text: str, mention: Mention, speaker: str) -> str:
    word = mention.text.lower()
    if word == "i":
        return "pronoun_i"
    if word not in {"he", "she"}:
        # "they", "it": a body, a pair or one person, read from what came before
        return "pronoun_plural"
    bare = without_generation(speaker)  # ("Stanley Milford Jr.": Milford)
    last = strip_possessive(bare.split()[-1]) if bare.split() else bare
    lo = max(0, mention.start - _PRONOUN_REACH)
    named = text.rfind(last, lo, mention.start) if last else -1
    if named < 0:
        return "pronoun_unnamed"  # the person was resolved from a role or not named nearby
    gap = QUOTED_RE.sub(" ", text[named + len(last) : mention.start])  # (names quoted: no rivals)
    crossed = min(len(_PARAGRAPH_BREAK_RE.findall(gap)), 2)
    rival = any(last not in m.group(0) for m in _RIVAL_RE.finditer(gap))
    # (and someone described, not named, in the name's own sentence before it or since; not
    # the name's own apposition: "Nina Lutz, a PhD student at ...")
    opens = max(text.rfind("\n", 0, named), text.rfind(". ", 0, named))
    own = _OWN_APPOSITION_RE.match(gap)
    since = gap[own.end() :] if own is not None else gap
    full_at = named + len(last) - len(bare)  # where the full name starts, when written whole
    if full_at < 0 or text[full_at : named + len(last)] != bare:
        full_at = named
    before = text[opens + 1 : full_at].rstrip()
    rival = rival or any(
        m.end() < len(before)  # ("My friend Tom Berg": the description is his own)
        for m in _DESCRIBED_RIVAL_RE.finditer(before)
    )
    rival = rival or _DESCRIBED_RIVAL_RE.search(since) is not None
    return (_PRONOUN_RIVAL if rival else _PRONOUN_ALONE)[crossed]


# Speech within speech: a named person (or a pronoun) telling someone, between the cue found
# for a quote and the quote ("Lia Park said Tom Berg had told her: “...”").
_INNER_RE = re.compile(
    rf"(?:(?P<who>{NAME_PATTERN})(?:,[^,“”\"\n]{{1,80}},)?|(?P<pron>\b(?:he|she|they)))\s+"
    r"(?:had\s+|has\s+|once\s+|later\s+|then\s+)?"
    r"(?:told|tells|asked|asks|warned|assured|wrote\s+to|texted|emailed|said\s+to)\s+"
    r"(?:her|him|them|me|us|[A-Z][\w’'\-]+)\b[^“”\"\n.;]{0,60}?[,:]?\s*$"
)
_INNER_REACH = 200
_TIME_WHO_RE = re.compile(rf"(?:{CALENDAR_WORDS}|May|Today|Yesterday)")


def inner_speaker(text: str, start: int, end: int) -> tuple[bool, Mention | None]:
    """Whether text[start:end], between a cue and its quote, reports someone else telling
    the speaker something; and then the inner speaker when named (None for "he told her":
    the words go to no one rather than to the one who heard them)."""
    if end - start > _INNER_REACH:
        return False, None
    match = _INNER_RE.search(text, start, end)
    if match is None:
        return False, None
    if match.group("pron"):
        return True, None
    if _TIME_WHO_RE.fullmatch(match.group("who")):
        return False, None  # "Lia Park on Thursday told the Gazette:": a day, not a person
    found = mention_of(match.group("who"), match.start("who"), None)
    if found is None or found.kind != "name":
        return True, None
    return True, Mention(found.text, found.start, found.end, None, "name", rule="inner_speaker")


# "Police sources have said he said “...”": a cue that is itself reported by someone else
_REPORTED_BEFORE_RE = re.compile(
    r"\b(?:said|say|says|told\s+\w+|reported|claimed|claim|claims|alleged|allege|alleges|"
    r"believe|believes|believed|insisted|insist|insists|recalled|recalls|"
    r"(?:adding|added|noting|noted|recalling)\s+that)\s+(?:that\s+)?$"
)
_REPORTED_REACH = 60
_INVERTED_RE = re.compile(r"\s*[,:;“\"(]")
# ("said Tom Berg, the captain, had told her, “...”": not inverted, Berg's own verb follows)
_INNER_VERB_RE = re.compile(r"\b(?:told|tells|said|says|asked|warned|wrote|added)\b")
_QUOTE_MARK_RE = re.compile(r"[“”\"]")
_OUTER_NAME_RE = re.compile(r"[A-Z][\w’'\-]+")


def reported_cue(text: str, s_start: int, mention: Mention, speaker: str | None) -> bool:
    """Whether the cue at `mention` (before its quote) is inside another source's report
    ("Police sources have said he said “...”"), that source not being `speaker` ("Lia Park
    said she told them “...”" is Park's own)."""
    lo = max(s_start, mention.start - _REPORTED_REACH)
    outer = _REPORTED_BEFORE_RE.search(text, lo, mention.start)
    if outer is None:
        return False
    reach = min(len(text), mention.end + _REPORTED_REACH * 2)
    mark = _QUOTE_MARK_RE.search(text, mention.end, reach)
    own_verb = _INNER_VERB_RE.search(text, mention.end, mark.start() if mark else reach)
    if _INVERTED_RE.match(text, mention.end) and own_verb is None:
        return False  # (", said Solovey, “...”": the cue itself, inverted)
    reporter = re.split(r"[”\"]", text[s_start : outer.start()])[-1]  # (after a quote in it)
    if speaker and any(w in reporter for w in _OUTER_NAME_RE.findall(speaker)):
        return False  # the same person
    return bool(reporter.strip()) and not reporter.rstrip().endswith((".", ":"))


# A second source named in the quote's sentence: the words were reported by someone else.
_SECOND_SOURCE_RE = re.compile(
    r"\b(?:[Aa]ccording\s+to|reported\b|reports\s+(?:the\s+)?[A-Z]|as\s+(?:quoted|reported)\s+by|"
    r"told\s+(?:the\s+)?(?:[A-Z][\w’'\-]+\s*){1,3}(?:newspaper|magazine|radio|television|"
    r"network)|in\s+(?:an?\s+)?(?:account|transcript|recording)|'s\s+account|’s\s+account)"
)
SECOND_SOURCE = DOUBTS["second_source"].factor  # the share of trust kept past a second source
RUNS_ON = DOUBTS["runs_on"].factor  # the share kept by a quote with no closing mark


_OWN_CUE_GAP = 2  # "according to Lia Park", "the Gazette reported": the speaker's own cue
_THE_RE = re.compile(r"\s*[Tt]he\s+")


def second_source(
    text: str,
    s_start: int,
    s_end: int,
    q_start: int,
    q_end: int,
    where: tuple[int, int] | None = None,
) -> bool:
    """Whether the sentence text[s_start:s_end], outside the quote text[q_start:q_end] and
    apart from the speaker's own cue around the mention `where`, names a second source
    ("..., Park said, according to CNN")."""
    for a, b in ((s_start, q_start), (q_end, s_end)):
        for match in _SECOND_SOURCE_RE.finditer(text, a, b):
            if OWN_THING_RE.match(text, match.end() + 1):
                continue  # "according to its count": what the speaker goes by
            if where is not None and (
                0 <= where[0] - match.end() <= _OWN_CUE_GAP  # "according to Lia Park"
                or _THE_RE.fullmatch(text, match.end(), where[0]) is not None  # "to The Times"
                or 0 <= match.start() - where[1] <= _OWN_CUE_GAP  # "the Gazette reported"
            ):
                continue
            return True
    return False


# Signs that the mention found is not who spoke the quote, each with the trust it leaves.
_DOCUMENT_SAID_RE = re.compile(  # "under a headline that said, “...”": the headline speaks
    r"\b(?:headline|sign|banner|caption|placard|poster|slogan|tweet|post|message|letter|ad|"
    r"advertisement|statement|release|memo|note|email|report|study|survey|poll)\s+"
    r"(?:that|which)\s+(?:said|says|read|reads|stated|states|declared|declares)\b"
)
_LABEL_OPEN_RE = re.compile(r"\s*(?P<label>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){0,2}):\s")
_DASHES_RE = re.compile(r"—|--| – ")
# "25 percent of likely voters say they would “...”": a share of a poll's respondents, whose
# words the poll reports (PolNeAR train: the poll is the source, not the group)
_SHARE_OF_RE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)\s+of\s+[^.;:“”\"]{0,60}$"
)


def _opens_dash_aside(between: str) -> bool:
    """ "Blanche claimed the deal was open—never mind the fund, “...,” was a secret": a dash
    after the cue opens an aside of the writer's (or someone else's) that the quote sits in;
    not a dash that introduces the quote ("Park said — “...”") nor a closed aside."""
    if "\n" in between or _SENTENCE_END_RE.search(between):
        return False  # (a quote carried from an earlier sentence: not this aside's)
    dashes = list(_DASHES_RE.finditer(between))
    if len(dashes) % 2 == 0:
        return False
    after = between[dashes[-1].end() :]
    # (not the close of an aside around the speaker: "X -- who lost in 2008 -- said “...”")
    return len(after.split()) >= 2 and _SPEECH_AFTER_DASH_RE.search(after) is None


_SENTENCE_END_RE = re.compile(r"[.!?][’'”\"]?\s+(?:[A-Z“\"‘]|$)")
_SPEECH_AFTER_DASH_RE = re.compile(r"\b(?:said|says|told|tells|added|wrote|writes|asked)\b")


_BETWEEN_REACH = 1500  # characters between a cue and its quote read for doubts, at most


def doubt(
    text: str, s_start: int, where: tuple[int, int], q_open: int, inner: str
) -> tuple[float, tuple[str, ...]]:
    """The share of trust left by what stands around the mention `where` and the quote
    opening at `q_open` (1.0: nothing doubtful), with the names of the doubts (DOUBTS)."""
    m_start, m_end = where
    names: list[str] = []
    if m_end <= q_open:
        # (a quote carried on from a cue paragraphs back reads only the last stretch: each
        # one reading the whole run again took time as the square of the run)
        between = text[max(m_end, q_open - _BETWEEN_REACH) : q_open]
        if _DOCUMENT_SAID_RE.search(between):
            names.append("document_speaks")
        # "which — as columnist Lia Park noted — promises to “...”": a name in an aside
        if len(_DASHES_RE.findall(text, s_start, m_start)) % 2 == 1 and _DASHES_RE.search(between):
            names.append("dashed_aside")
        elif _opens_dash_aside(between):
            names.append("quote_after_dash")
    if _SHARE_OF_RE.search(text, max(s_start, m_start - 80), m_start):
        names.append("poll_share")
    label = _LABEL_OPEN_RE.match(inner)
    if label is not None and label.group("label") not in text[m_start:m_end]:
        names.append("other_label")  # “Tom Berg: ...”, a transcript line given to someone else
    return doubts(*names)
