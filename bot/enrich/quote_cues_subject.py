"""Family "subject of the quote's sentence": no verb of speech next to the quote; the person
whose words they are is the subject (or the owner) of the sentence that holds it.

The rules (`quote_rules.RULES`) and the sentence each was written for:

- `words_of`: In Lia Park’s words, “the pier is the town’s front door.” (also "Park's reply:",
  "Here's Park in June 2019:", "A letter sent by Lia Park warned:")
- `claim_cue`: Tom Berg denied Lia Park’s claim that he was “hiding the real cost.”
- `used_words`: Tom Berg echoed the phrase “a town that keeps its promises.”
- `clause_cue`: Lia Park thanked the crew for “working through the storm.”
- `embedded_cue`: The crowd was so large that Lia Park thanked the volunteers “for every hour
  they gave.”
- `relative_cue`: Tom Berg leaves with a payout that Lia Park blasted as “a reward for failure.”
- `known_subject` (`nearest_subject` and `pronoun_subject` here, applied in `quotes`): Lia Park
  loves “the smell of the sea at dawn.”

`issued_statement` ("The Harbour Council issued a statement on Monday.") gives a quote that
stands alone after it to whoever put the statement out.
"""

from __future__ import annotations

import re

from .names import (
    NAME_PATTERN,
    is_function_word,
    is_organisation,
    is_place,
)
from .quote_cues_before import (
    opening_mention,
)
from .quote_marks import ANY_MARK_RE
from .quote_mention import (
    AFTER_SUBJECT_RE,
    DOCUMENT_NOUNS,
    FULL_NAME_RE,
    PRONOUN_START_RE,
    SPEECH_VERB_IN_WHO_RE,
    Mention,
    clean_who,
    from_match,
    is_speaker_np,
    last_match,
    mention_of,
    pronoun_of,
)
from .quote_patterns import (
    IRREGULAR_PAST,
    MODS,
    NP,
    PLURAL_NOUNS,
    PLURAL_VERBS,
    VERBS,
    WHEN,
    WHO,
)

__all__ = [
    "INTRO_PHRASE_RE",
    "OPENING_NP_RE",
    "claim_cue",
    "clause_cue",
    "embedded_cue",
    "issued_statement",
    "nearest_subject",
    "pronoun_subject",
    "relative_cue",
    "used_words",
    "words_of",
]
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
_PARTICIPLE_ASIDE_RE = re.compile(r",\s+[a-z]+ing\b[^,“”\"]{1,120},")
_CLAUSE_BLOCK_RE = re.compile(
    r"\b(?:who|which|whom|(?:was|were|is|are|been|being) asked)\b"
    r"|\bbut\s+(?:the|a|an|his|her|their)\s"  # "X proposed it, but the Y campaign called it"
    r"|\b(?:while|whereas)\b"  # "X said A, while Y and others called it B"
)


_SUBJECT_VERB_RE = re.compile(
    rf"(?<![\w’'\-])(?:(?P<pron>[Hh]e|[Ss]he)|(?P<who>{NAME_PATTERN}))\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|began|went|took|gave|made|sent|spoke|wrote|put)\b"
)


# "The Harbour Council issued a statement on Monday.": whoever put out a statement, letter or
# post, opening the sentence, speaks in the quote that stands alone after it.
_ISSUED_RE = re.compile(
    rf"\s*(?:{MODS}{WHO}|(?P<np>{NP}))\s+(?:\w+ly\s+)?"
    r"(?:issued|released|put out|sent out|sent|posted|published|emailed|e-mailed)\s+"
    rf"(?:a|an|its|his|her|their)\s+(?:[\w\-]+\s+){{0,2}}?{DOCUMENT_NOUNS}\b"
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


_TRAILING_TIME_RE = re.compile(
    r"\s+(?:on|last|this|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|week|month|year|morning|evening|night)$"
)


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
            closed = text.rfind(",", subject.end, end) if subject is not None else -1
            if closed >= 0 and any(c.isalpha() for c in text[closed:end]):
                # "Although Rahman denies any impropriety, a leaked cable branded him “...”":
                # the clause closed before the quote, and the main clause has its own subject
                # (not "When Houchin called the platform, “we were told ...”")
                subject = None
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
    return SPEECH_VERB_IN_WHO_RE.search(text, block.end(), comma) is None and bool(rest.strip())


_NP_ACTION_RE = re.compile(
    r"\s+(?:\w+ly\s+)?(?!(?:arrived|appeared|emerged|happened|occurred|followed|remained|"
    r"ended|landed|passed|failed|seemed|looked|belongs|comes|goes|remains|seems|looks)\b)"
    rf"(?:[a-z]+[^s\W]s|[a-z]+ed|found|sent|began|started|{PLURAL_VERBS})\b"
)


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
    rf"{DOCUMENT_NOUNS}s?\s+(?:(?:sent|mailed|e-?mailed|posted|written|signed|issued|released|"
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
    rf"(?:(?<![\w’'\-])(?:(?P<owner>{NAME_PATTERN})[’'‘]s|(?P<pron>[Hh]is|[Hh]er))\s+"
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


def _named_subject_before(text: str, start: int, end: int) -> Mention | None:
    """The last name in text[start:end] followed by a verb, in the clause just before `end`
    (no comma between): whom a "his" or "her" right after stands for."""
    clause = max(start, text.rfind(",", start, end) + 1)
    last: Mention | None = None
    for match in FULL_NAME_RE.finditer(text, clause, end):
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
        return pronoun_of(match)
    group = "owner" if match.group("owner") else "who"
    mention = mention_of(match.group(group), match.start(group), None)
    return mention if mention is not None and mention.kind == "name" else None


def words_of(text: str, s_start: int, end: int) -> Mention | None:
    match = _WORDS_OF_RE.match(text, s_start, end)
    if match is not None:
        if match.group("pron"):  # "Her verdict: “...”": she, whoever she is
            return pronoun_of(match)
        return mention_of(match.group("who"), match.start("who"), None)
    match = _THOSE_WERE_RE.match(text, s_start, end)
    if match is not None:
        if match.group("pron"):
            return pronoun_of(match)
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
            return pronoun_of(match)
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
    if noun.endswith("ed") or SPEECH_VERB_IN_WHO_RE.fullmatch(noun):
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
