"""Family "cue after the quote": the speaker is named after the quote, in its own sentence.

The rules (`quote_rules.RULES`) and the sentence each was written for:

- `tail_cue`: “We will rebuild the pier,” Lia Park said. (also "said Lia Park, a spokesman for
  the port", "according to Lia Park", "Park told reporters", "said one", "That's what Park
  told reporters")
- `tail_apposition_cue`: “It is time,” Sam Reed, wearing a “Vote Lund” pin, said on Monday.
- `trailing_cue`: It was “a long night” as donors waited for the final count, Lia Park said.
- `came_reply`: Tom Berg asked Lia Park about the pier. “It will open in May,” came the reply.

(`signed_line`, "“...” ― Lia Park, harbour master", is matched in `quotes`.)
"""

from __future__ import annotations

import dataclasses
import re

from .names import (
    ABBREVIATED_TITLE,
    NAME_PATTERN,
    is_given_name,
    is_place,
)
from .quote_marks import QUOTED_RE
from .quote_mention import (
    AFFILIATION,
    Mention,
    from_match,
    is_speaker_np,
    last_match,
    mention_of,
    pronoun_of,
    role_from_rest,
)
from .quote_patterns import (
    ADVERBS,
    AGE,
    GESTURE_VERBS,
    MODS,
    NP,
    PRONOUN,
    ROLE_APPOSITION,
    TAIL_VERB_GROUP,
    TAIL_VERBS,
    TEAM,
    VERB_GROUP,
    WHO,
)

__all__ = [
    "came_reply",
    "tail_apposition_cue",
    "tail_cue",
    "trailing_cue",
]

# Verbs whose next words are their object, never an inverted subject: "“...,” described the
# strain as ..." and "“...,” told reporters" name no speaker.
_OBJECT_VERBS = (
    r"(?:called|calls|described|describes|told|tells|tell|mocked|mocks|accused|accuses|"
    r"cited|cites|praised|praises|criticized|criticised|criticizes|blasted|slammed|touted|"
    r"branded|labeled|labelled|dubbed|exhorted|urged|thanked)\b"
)
_TAIL_INVERTED_RE = re.compile(
    rf"^\s*,?\s*(?:{ADVERBS}\s+)?(?!{_OBJECT_VERBS})(?P<verb>{TAIL_VERBS})\s+"
    # ("responded NASA administrator Lia Park": a body may come first, before a lower-case
    # title; "said NBC News" is one name)
    rf"(?:(?:[A-Z][A-Z&\-]+\s+(?=[a-z]))?{MODS}{WHO}|(?P<np>{NP}))"
    rf"(?P<rest>[^“\"]*)",
    re.DOTALL,
)
_TAIL_INVERTED_OWNED_RE = re.compile(
    rf"^\s*,?\s*(?:{ADVERBS}\s+)?(?:said|says|added|wrote|stated|noted)\s+"
    rf"(?P<np>{NAME_PATTERN}[’']s\s+(?:office|campaign|spokesman|spokeswoman|spokesperson|"
    r"team|lawyers?|attorneys?|family|representatives?|staff|aides?|company|firm|ministry|"
    r"government|administration|department|agency|party))\b"
)
_TAIL_SUBJECT_RE = re.compile(
    rf"^\s*,?\s*(?:and\s+)?(?:{MODS}{WHO}{AFFILIATION}{TEAM}|(?P<pron>{PRONOUN})|(?P<np>{NP}))"
    rf"{ROLE_APPOSITION}{AGE}\s+{TAIL_VERB_GROUP}"
)
# "“...,” Acme Capital fund manager Rita Lowe said": a name at the end of a
# longer description, or "said former state senator Dan Ruiz".
# (not past a conjunction: "“...,” while Sen. Tom Berg suggested ..." is another clause)
_TAIL_LOOSE_RE = re.compile(
    # (nor past "which": "“...?” which, as Dana Byers noted, sounds like ..." is a remark on
    # the quote, not its cue; nor into a clause the quote's own speaker goes on with: "“...”
    # at the release, adding that Weeks had asked ...")
    r"^\s*,?\s*(?:(?!(?:while|when|because|after|before|though|although|if|since|but|"
    r"whereas|until|so|or|which|that|adding|saying|noting)\b)[^\s“”\"]+\s+){0,6}?"
    rf"{WHO}{AFFILIATION}{ROLE_APPOSITION}{AGE}\s+{TAIL_VERB_GROUP}"
)
_TAIL_LOOSE_INVERTED_RE = re.compile(
    rf"^(?:[^“”\".]{{0,40}}?,)?\s*(?:{ADVERBS}\s+)?(?:said|says)\s+(?:[^\s“”\"]+\s+){{0,6}}?{WHO}"
    rf"(?=[,.;]|\s+(?:who|in|on|at|during|after)\b)"
)
_TAIL_ACCORDING_RE = re.compile(rf"^\s*,?\s*according to\s+(?:{MODS}{WHO}|(?P<np>{NP}))")


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
# "“...,” and both Tom Berg and Ana Cole warned that ...": a clause of its own, with its own
# words to report; the quote is the sentence's first speaker's
_TAIL_NEW_CLAUSE_RE = re.compile(rf"^\s*,?\s*and\s+[^“”\".;]{{0,120}}?\b{TAIL_VERB_GROUP}\s+that\b")


def _gesture_after_full_stop(text: str, start: int, match: re.Match[str]) -> bool:
    """A group's gesture after a quote that closed its sentence with a full stop ("“We won.”
    Lia Park laughed." is still hers)."""
    if not match.group("np") or _GESTURE_RE.fullmatch(match.group("verb")) is None:
        return False
    inner = text[max(0, start - 6) : start - 1].rstrip("’'”\"")
    return inner.endswith(".")


# After a speech verb, what makes it a clause of its own: a word that opens what is said
# ("says this is typical"), not a phrase of time, place or manner ("said on Monday")
_CLAUSE_AFTER_VERB_RE = re.compile(
    r"\s+(?!(?:on|in|at|to|during|after|before|about|of|with|from|last|yesterday|today|"
    r"tonight|recently|earlier|later|again|too|also|afterwards?|then|now|once|simply|only|"
    r"quietly|softly|flatly|firmly|bluntly|plainly|calmly|finally|instead)\b)"
    r"(?:this|that|these|those|it|he|she|they|we|there|the|a|an|his|her|their|its|"
    r"[a-z]+(?:ing|ed)?)\s+[a-z]"
)


def _says_after_full_stop(text: str, start: int, match: re.Match[str]) -> bool:
    """A name and a speech verb opening a new sentence after a quote that closed its own
    with a full stop, and going on to say something ("“... accountable.” Berg says this is
    typical of his clients"): the start of Berg's sentence, not the quote's cue."""
    inner = text[max(0, start - 6) : start].rstrip("’'”\" ")
    if not inner.endswith("."):
        return False
    return _CLAUSE_AFTER_VERB_RE.match(text, start + match.end()) is not None


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
    if _TAIL_NEW_CLAUSE_RE.match(tail):
        return None
    match = _TAIL_THATS_WHAT_RE.match(tail) or _TAIL_SAID_ONE_RE.match(tail)
    if match:
        return from_match(match, start, None)
    match = _TAIL_SUBJECT_RE.match(tail)
    if match and _gesture_after_full_stop(text, start, match):
        return None  # "“... I want more.” The cabinet members laughed.": an act, not a cue
    if match and _says_after_full_stop(text, start, match):
        return None  # "“... accountable.” Berg says this is typical": his own sentence
    if match:
        mention = from_match(match, start, match.group("role") or match.group("aff"))
        if mention:
            return mention
    match = _TAIL_INVERTED_OWNED_RE.match(tail)
    if match:  # "“...,” said Lia Park’s office in a statement": her office, not Park
        at = start + match.start("np")
        return Mention(match.group("np"), at, start + match.end("np"), None, "np")
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
    if match and _quote_hands_on(text, start, tail):
        return from_match(match, start, None)
    return None


def _quote_hands_on(text: str, start: int, tail: str) -> bool:
    """The quote before `start` ends as a quote followed by its cue does: on a comma, a
    question or an exclamation inside its marks ("“...,” the director of roads said"), or a
    comma after them; not a word the sentence runs on from ("not to “mourn” the way things
    used to be and advised")."""
    if tail.lstrip().startswith(","):
        return True
    inner = text[max(0, start - 3) : start].rstrip("”\"’' ")
    return inner.endswith((",", "?", "!"))


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
    rf"explained|explains|argued|argues|recalled|recalls|according to)\s+"
    rf"(?:{MODS}{WHO}|(?P<np>{NP}))"
    rf"(?P<after>[^“”\"]*)$"
)
# What may follow a cue that closes a sentence: its end, or a phrase of time or place.
_CUE_END_RE = re.compile(r"\s*(?:[,.;!?]|$)")
_CUE_ADVERBIAL_RE = re.compile(
    r"\s*(?:[,.;!?]|$|(?:in|on|at|during|after|before|from|to|last|this|earlier|later|"
    r"yesterday|today|tonight|recently|afterward|afterwards)\b)"
)
_COMMA_RE = re.compile(r",")


_SPOKEN_RE = re.compile(
    r"\b(?:said|says|told|tells|stated|states|wrote|writes|argued|argues|claimed|claims)\b"
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+(?=[A-Z“\"])|\n")


def _spoken_before(text: str, end: int) -> bool:
    """Whether the sentence before `end` (a quote's close) already has a speech verb of its
    own, outside quotation marks."""
    start = max(0, end - _TRAILING_REACH * 2)
    breaks = list(_SENTENCE_BREAK_RE.finditer(text, start, end))
    if breaks:
        start = breaks[-1].end()
    return _SPOKEN_RE.search(QUOTED_RE.sub(" ", text[start:end])) is not None


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
        if match.groupdict().get("verb") == "according to" and _spoken_before(text, start):
            # "Vox, which said the ban means “no one criticizes” the government, according
            # to the AP": the AP relays Vox's words
            return None
        mention = from_match(match, start + comma.start(), role)
        if mention is not None and mention.kind == "name" and is_place(mention.text):
            continue  # "..., and American University in Washington, D.C., said": a place
        return mention
    return None


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
        return True, pronoun_of(asked)
    return True, mention_of(asked.group("who"), asked.start("who"), None)
