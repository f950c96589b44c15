"""From a cue's mention to a speaker: full names, pronouns, gender, roles, documents.

Resolution needs a memory of the article (who was named as a subject, who spoke last, the role
given at a first mention), so it lives in one `Resolver` per text, apart from the cue finders,
which each look at one quote and the words around it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable

from .lexicon import words
from .names import (
    NAME_PATTERN,
    TITLE_RUN_WORDS,
    TITLES,
    NameRegistry,
    attributive_noun,
    gender,
    is_bare_title,
    is_function_word,
    is_given_name,
    is_organisation,
    is_place,
    is_plural_of_people,
    is_pronoun,
    person_after_office,
    plain_title,
    split_title,
    strip_possessive,
)
from .quote_bodies import body_for
from .quote_cues import (
    AFTER_SUBJECT_RE,
    INTRO_PHRASE_RE,
    OPENING_NP_RE,
    PRONOUN_START_RE,
    Mention,
    clean_who,
    is_speaker_np,
    last_match,
    opening_mention,
    role_from_rest,
    words_of,
)
from .quote_marks import sentence_bounds
from .quote_patterns import PARTY, VERB_GROUP, VERBS
from .roles import clean_name, clean_role, cut_word, is_bare_honorific

__all__ = [
    "Resolver",
    "known_person",
    "nearer_pronoun",
    "sentence_subject",
]

_NAME_RE = re.compile(NAME_PATTERN)
_HEADLINE_CHARS = 300  # a first line longer than this is a paragraph, not a headline
_SUBJECT_PREFIX_RE = re.compile(r"(?:[a-z][\w\-]*\.?\s+|[A-Z][\w.]*\s+){0,4}$")  # (match from pos)
# A name after a preposition, or compared with ("more nervous than Rose-Lynn Harlan has ever
# been"), is not who the sentence is about.
_LOCATIVE_RE = re.compile(
    r"\b(?:in|at|from|to|across|near|of|into|for|with|and|than|like|unlike)\s+$"
)
# A gerund just before a name makes it an object: "cooking Thai staples", "interviewing Tom
# Berg" (checked over the 20 characters before the name)
_GERUND_BEFORE_RE = re.compile(
    r"\b(?!(?:some|no|any|every)?thing\s|morning\s|evening\s|king\s|spring\s)[a-z]{2,}ing\s+$"
)  # (not a noun: "something Anutin told TIME")
_GERUND_REACH = 20
# "Her son, filmmaker Charlie McDowell (“Salt”), remembers": a name set off by commas
_APPOSED_BEFORE_RE = re.compile(r"\w,\s+(?:[a-z][\w\-]*\s+){0,3}$")
_PARENTHETICAL = r"(?:\s*\([^()]{1,80}\))?"
_APPOSED_AFTER_RE = re.compile(
    rf"{_PARENTHETICAL},\s+(?:(?:also|later|then|still|now|\w+ly)\s+)?"
    rf"(?:{VERBS}|remembers|recalls|\w+ed)\b"
)
_APPOSED_SAID_RE = re.compile(rf"{_PARENTHETICAL},\s+{VERB_GROUP}")
_PRONOUN_REACH = 1500  # characters back to look for the person a pronoun stands for
_GENDER_LOOKBACK = 6  # subject mentions to pass over for a pronoun of the other gender
_GENDER_REACH = 800  # characters back to a named person of the pronoun's gender


_INDEFINITE_BEFORE_RE = re.compile(r"\b(?:a|an|A|An)\s$")
_DEFINITE_BEFORE_RE = re.compile(r"\b[Tt]he\s+(?:[a-z][\w\-]*\s+){0,2}$")
# A name and then, at once, the quote a pronoun after it introduces: the name is what the
# quoted words go on from ("Hale “could frame the sale ...,” she says"), not who says them
_NAME_THEN_RE = re.compile(rf"(?<![\w’'\-])(?P<name>{NAME_PATTERN})\s*$")
# "venture capital firm Seven Seven Six": a body's name after the word for its kind
_BODY_KIND_BEFORE_RE = re.compile(
    r"\b(?:firm|company|startup|agency|fund|group|organi[sz]ation|nonprofit|charity|outlet|"
    r"network|publisher|brand|label|band|studio|lab|institute|tank|website|platform|app|"
    r"magazine|newspaper|channel|bank|club|team)\s$"
)
# "Carney's own Davos speech, during which he said": the speech's owner is "he", whoever
# the sentence is about
_OWNED_EVENT_RE = re.compile(
    rf"(?P<owner>{NAME_PATTERN})[’']s?\s+(?:[\w\-]+\s+){{0,4}}?(?:speech|remarks|address|"
    r"interview|testimony|appearance|keynote|briefing|press conference|news conference|"
    r"statement|post|letter|op-ed|essay|video|call)(?:\s+[\w\-]+){0,5}?,?\s+"
    r"(?:during|in|at|with)\s+which\s+$"
)
_OWNED_EVENT_REACH = 160
# "a resident of Shiraz", "one man": one person, described, whom a later "he" can stand for
_ONE_PERSON_NP_RE = re.compile(r"(?:[Aa]n?|[Oo]ne)\s+(?!of\b)[a-z][\w\-]*(?:\s|$)")


def _in_parentheses(text: str, at: int) -> bool:
    """`at` is inside a parenthesis opened in its paragraph and not yet closed."""
    start = max(text.rfind("\n", 0, at), at - 400)
    return text.rfind("(", start, at) > text.rfind(")", start, at)


def _subject_mentions(
    text: str,
    spans: list[tuple[int, int]],
    registry: NameRegistry,
    names: Iterable[re.Match[str]],
) -> list[tuple[int, str]]:
    """(offset, full name) of people named as the subject of a sentence or of a speech verb;
    `names` are the NAME_PATTERN matches in `text`."""
    found: list[tuple[int, str]] = []
    quoted = _QuoteState(text)
    verb_subject_end = -1  # where the last name followed by its verb ended
    reported_from = -1  # where what that name said begins, when its verb is one of speech
    titled_singles: set[str] = set()  # one-word names first written with a title
    for match in names:
        if match.start() and text[match.start() - 1] in "“\"‘'":
            continue  # a title in quotes ("Tough Choices"), not a person
        if _INDEFINITE_BEFORE_RE.search(text, max(0, match.start() - 4), match.start()):
            continue  # "posing as a Go-Kart Track": a kind of thing, not a person
        if _DEFINITE_BEFORE_RE.search(text, max(0, match.start() - 40), match.start()) and not (
            is_given_name(match.group(0).split()[0])
            or split_title(match.group(0))[0]
            or (_SPEECH_AFTER_RE.match(text, match.end()) and not is_bare_title(match.group(0)))
        ):
            # "the original History was", "The collected New History includes": a work or a
            # thing, not who "he" is (but "the late John McCain", "the real Prince Andrew",
            # "the embattled Anutin said")
            continue
        if attributive_noun(text, match.end()):
            continue  # "five other Latin American countries": no one a "she" stands for
        if _BODY_KIND_BEFORE_RE.search(text, max(0, match.start() - 14), match.start()):
            continue  # "a partner at venture firm Seven Seven Six": a body, not who "he" is
        if _in_parentheses(text, match.start()):
            continue  # "(Dan Ruiz, for example, has predicted ...)": an aside, not the subject
        if quoted.inside(match.start()):
            continue  # "“... the court found that Harbour Action has ...”": said, not told
        title, written = split_title(match.group(0))
        name = strip_possessive(written)
        if name != written:
            continue  # "Park’s aide said": the aide is the subject, not Park
        if not name or is_organisation(name) or is_pronoun(name) or is_function_word(name):
            continue  # ("That said, she noted": "That" is nobody)
        if " " in name and is_function_word(name.split()[-1]):
            continue  # a headline in title case ("Berg Steps In")
        if name.isupper() and name.count(" ") >= 2:
            continue  # a headline in capitals ("VOTERS CARE MORE ABOUT ...")
        lead = title.split()
        titled = 0 < len(lead) <= 3 and lead[-1].strip(".").lower() in TITLES
        offset = match.start() + match.group(0).rfind(name)
        full = registry.resolve(name)
        # A subject: a verb follows, or the name opens its sentence. Else, and for a single
        # name without a title ("Governor Ames" is a person), only a speech verb after it will do;
        # a name in passing is not who "he" or "she" stands for. (Cheapest tests first.)
        subject_like = AFTER_SUBJECT_RE.match(text, match.end()) is not None
        if subject_like and reported_from >= 0 and match.start() >= reported_from:
            s_start, _ = sentence_bounds(spans, match.start())
            if s_start < reported_from:
                # "Tom Berg said Dan Ruiz had lied.": Ruiz is the subject of what Berg said,
                # and "he added" after it is still Berg
                continue
        if subject_like and _SUBORDINATE_BEFORE_RE.search(
            text, max(0, match.start() - 40), match.start()
        ):
            s_start, _ = sentence_bounds(spans, match.start())
            if s_start <= verb_subject_end or _OPEN_RELATIVE_RE.search(
                text, s_start, match.start()
            ):
                # "Tom Berg spoke after Dan Ruiz left.", "Tom Berg, whose father Dan Ruiz
                # founded the firm, spoke": a clause inside the sentence, not its subject
                continue
        apposed = (
            not subject_like
            and _APPOSED_AFTER_RE.match(text, match.end()) is not None
            and _APPOSED_BEFORE_RE.search(text, max(0, match.start() - 40), match.start())
            is not None
            and not is_place(full)
        )
        if apposed:
            # "Her son, filmmaker Charlie McDowell (“Salt”), remembers it": the name set off
            # by commas after the subject is the subject (what it says is not a new subject)
            subject_like = True
            verb_subject_end = match.end()
            said = _APPOSED_SAID_RE.match(text, match.end())
            reported_from = said.end() if said is not None else -1
        elif not subject_like:
            s_start, _ = sentence_bounds(spans, match.start())
            # ("Tom Berg criticized Dan Ruiz.": a name after a subject and its verb in the same
            # sentence is their object, however few words come before it)
            subject_like = (
                verb_subject_end < s_start
                and _SUBJECT_PREFIX_RE.match(text, s_start, match.start()) is not None
                # ("He then thanked Dan Ruiz": a pronoun subject and its verb come first)
                and _PRONOUN_SUBJECT_RE.match(text, s_start, match.start()) is None
            ) or (
                # "..., says policy researcher Lia Park." closing a sentence: she spoke, and
                # "he" or "she" next is her
                _INVERTED_SPEECH_BEFORE_RE.search(
                    text, max(s_start, match.start() - 60), match.start()
                )
                is not None
            )
        elif _ASKER_RE.match(text, match.end()) is None:
            # (not "Hannity asked Trump ...": the one asked answers next)
            verb_subject_end = match.end()
            said = _SPEECH_AFTER_RE.match(text, match.end())
            reported_from = said.end() if said is not None else -1
        if titled and " " not in full and lead[-1].strip(".").lower() in _GIVEN_NAME_TITLES:
            titled_singles.add(full)  # "Prince Andrew": "Andrew" alone is him later on
        single = len(full.split()) < 2 and not (
            titled
            or registry.is_known_surname(full)
            or full in titled_singles
            or (apposed and is_given_name(full))  # "his wife, Jane, offered"
        )
        if (single or not subject_like) and _SPEECH_AFTER_RE.match(text, match.end()) is None:
            continue
        if single and is_plural_of_people(full):
            continue  # "Friends offered to vote for me": a group, no "he" (not "Governor Ames")
        if text.startswith(",", match.end()) and _OPEN_RELATIVE_RE.search(
            text, max(sentence_bounds(spans, match.start())[0], match.start() - 80), match.start()
        ):
            # "Dan Ruiz, who represents Tom Berg, said": the relative clause's object; the
            # verb after its closing comma is Ruiz's
            continue
        if is_place(full) or _LOCATIVE_RE.search(text, max(0, match.start() - 8), match.start()):
            continue
        if _GERUND_BEFORE_RE.search(text, max(0, match.start() - _GERUND_REACH), match.start()):
            continue
        found.append((offset, full))
    return found


# Titles written before a given name alone ("Prince Andrew", "Pope Francis", "Sir Elton").
_GIVEN_NAME_TITLES = words(
    "prince princess king queen pope sir dame lord lady duke duchess emperor empress sheikh"
)
_ASKER_RE = re.compile(
    rf"{PARTY}\s+(?:\w+ly\s+)?(?:asked|asks|pressed|presses|questioned|challenged|interviewed|"
    r"quizzed|invited)\b"
)
_PRONOUN_SUBJECT_RE = re.compile(r"\s*(?:He|She|They|We|I)\s+(?:\w+ly\s+|then\s+)?[a-z]")
_SUBORDINATE_BEFORE_RE = re.compile(
    r"\b(?:after|before|when|while|because|since|until|although|though|whose|who|whom|which|"
    r"once|whereas|as|whether)\s+(?:[a-z][\w\-]*\s+){0,2}$"
    # ("Figgins would not say what happened on the night Epstein died": a clause, not a subject)
    r"|\bthe\s+(?:night|day|morning|evening|week|weekend|month|year|moment|hour|time)\s+$"
)
_OPEN_RELATIVE_RE = re.compile(r",\s+(?:who|whose|whom|which)\b[^,]*$")
_SPEECH_AFTER_RE = re.compile(rf"{PARTY}(?:,[^,“”\"]{{1,120}},)?\s+{VERB_GROUP}")


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


# "the senator" -> the title words that name one ("Sen. Lia Park", "Senator Lia Park").
_TITLE_WORDS: dict[str, frozenset[str]] = {
    "senator": frozenset({"sen", "senator"}),
    "governor": frozenset({"gov", "governor"}),
    "mayor": frozenset({"mayor"}),
    "congressman": frozenset({"rep", "representative", "congressman"}),
    "congresswoman": frozenset({"rep", "representative", "congresswoman"}),
    "judge": frozenset({"judge"}),
    "sheriff": frozenset({"sheriff"}),
    "ambassador": frozenset({"ambassador"}),
    "superintendent": frozenset({"superintendent"}),
    "commissioner": frozenset({"commissioner"}),
    "president": frozenset({"president", "pres"}),
    "secretary": frozenset({"secretary", "sec"}),
    "minister": frozenset({"minister", "pm"}),
    "chancellor": frozenset({"chancellor"}),
    "premier": frozenset({"premier", "pm"}),
    "chairman": frozenset({"chairman", "chair"}),
    "chairwoman": frozenset({"chairwoman", "chair"}),
    "prosecutor": frozenset({"prosecutor"}),
    "doctor": frozenset({"dr", "doctor"}),
}
_INVERTED_SPEECH_BEFORE_RE = re.compile(
    r",\s+(?:said|says|writes|wrote|added|adds|notes|noted|argues|argued|explains|explained)"
    r"\s+(?:[a-z][\w\-]*\s+){0,4}$"
)
# A title standing alone as a capitalised mention: "The Secretary of State", "President".
_BARE_TITLE_RE = re.compile(
    r"(?:[Tt]he\s+)?(?P<title>(?:(?:[A-Z][a-z]+|(?:[A-Z]\.){2,})\s+)?(?:"
    + "|".join(word.capitalize() for word in _TITLE_WORDS)
    + r")(?:\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?)"
)
_PAIR_REACH = 300  # characters back to two people who are "they"
_PAIR_SUBJECT_RE = re.compile(
    rf"(?<![\w’'\-])(?P<first>{NAME_PATTERN})\s+and\s+(?P<second>{NAME_PATTERN})"
    # (their verb next: "run the board", "met", not "in the room" nor "of the council")
    r"(?=\s+(?:\w+ly\s+)?(?!(?:in|on|at|of|for|to|with|from|by|and|or|as|who|which)\b)[a-z]+\b)"
)
_AFFILIATION_AFTER_RE = re.compile(
    rf"\s+(?:of|at|from|with)\s+(?:the\s+)?(?P<body>{NAME_PATTERN}(?:\s+(?:for|of|on|and|&)\s+"
    rf"(?:the\s+)?{NAME_PATTERN}){{0,2}})"
)
_JOINT_RE = re.compile(rf"(?<![\w’'\-])(?P<first>{NAME_PATTERN})\s+and\s+$")
# Words that say a "they" has more than one person to stand for
_PLURAL_HINT_RE = re.compile(
    r"\b(?:they|them|their|both|and|people|officials|members|groups?|teams?|researchers|"
    r"experts|authors|[a-z]+ers|[a-z]+ists|[a-z]+ans)\b"
)
_JOINT_AFTER_RE = re.compile(
    rf"\s+and\s+(?P<second>{NAME_PATTERN})(?=\s*[,.;]|\s+(?:of|at|from|who|in|on)\b)"
)
_INVERTED_VERB_BEFORE_RE = re.compile(
    r"\b(?:said|says|added|wrote|write|writes|noted|note|argued|argue)\s+(?:[a-z][\w\-]*\s+){0,3}$"
)
# A word before "X and Y" that makes them its object rather than the subject.
_JOINT_OBJECT_RE = re.compile(
    r"\b(?:with|to|for|of|from|by|between|about|against|told|asked|met|and|than|like)\s+$"
)


def _named_person(name: str) -> bool:
    """A person's name (one word or more), not a body, a place or a word like "Then"."""
    return not (
        is_organisation(name) or is_place(name) or is_pronoun(name) or is_function_word(name)
    )


def _plain_person(name: str) -> bool:
    """A full name that reads as a person's: two or three words, not a body or a place."""
    words_ = name.split()
    if not 2 <= len(words_) <= 3 or is_organisation(name) or is_place(name):
        return False
    return not any(is_function_word(w) or w.isupper() for w in words_)


_PARAGRAPH_BETWEEN_RE = re.compile(r"\n\s*\S[^\n]*\n")  # a whole paragraph between
# "the actor", "the Oscar-winning singer": what a story calls the one person it is about
_EPITHET_RE = re.compile(
    r"[Tt]he\s+(?:[\w\-]+\s+){0,2}?(?:actor|actress|singer|rapper|star|musician|comedian|"
    r"filmmaker|author|novelist|artist|player|striker|quarterback|athlete|champion|"
    r"billionaire|entrepreneur|businessman|businesswoman|designer|chef)"
)
# Someone the article describes and does not name, opening a sentence (checked against the
# sentence spans): "One man with a walker approached Prado", "A nurse at the clinic said"
_DESCRIBED_RE = re.compile(
    r"\b(?:One|A|An|Another)\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(?:man|woman|boy|girl|resident|worker|employee|nurse|doctor|teacher|student|voter|"
    r"mother|father|neighbou?r|customer|user|person|veteran|soldier|farmer|driver|parent|"
    r"patient|protester|shopper|passenger|tenant|migrant)\b"
)
_DESCRIBED_REACH = 600
_OWNER_PRONOUN_RE = re.compile(r"(his|her|His|Her)\s+(?=[a-z])")
_OWNER_PRONOUN = {"his": "he", "His": "he", "her": "she", "Her": "she"}


class Resolver:
    """Turns mentions into speakers, remembering who was spoken of and who spoke last."""

    def __init__(self, text: str, spans: list[tuple[int, int]], title: str | None = None) -> None:
        self.text = text
        # the headline: the title when given, else the text's first line (as a feed item's
        # text is written: headline, blank line, body), where the body starts
        first = text.partition("\n")[0]
        if title is None and len(first) <= _HEADLINE_CHARS:
            self.headline, self.body_start = first, len(first)
        else:
            self.headline, self.body_start = title or "", 0
        self._names = list(_NAME_RE.finditer(text))  # one scan for the registry and subjects
        self.registry = NameRegistry.from_text(text, self._names)
        self.spans = spans
        self._subjects: list[tuple[int, str]] | None = None
        self._subject_offsets: list[int] = []
        self._roles_checked: set[str] = set()
        self._appositions: dict[str, tuple[int, str] | None] = {}  # speaker -> first one
        self.last_person: str | None = None
        self.last_person_at = -1
        self.last_speaker: str | None = None
        self.last_was_person = False

    @property
    def subjects(self) -> list[tuple[int, str]]:
        """Subject-like person mentions, found on first use (many articles need none)."""
        if self._subjects is None:
            self._subjects = _subject_mentions(self.text, self.spans, self.registry, self._names)
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
        if self.last_person is not None and not _in_parentheses(self.text, self.last_person_at):
            # ("(Dan Ruiz has predicted “...”.) “...,” he says": not the aside's speaker)
            candidates.append((self.last_person_at, self.last_person))
        candidates.extend(self.subjects[max(0, i - _GENDER_LOOKBACK) : i + 1])
        candidates.sort(reverse=True)
        described = self._described_opener(pos)
        spoken_of = self._name_before_quote(pos)
        for at, person in candidates:
            if described >= 0 and (
                described > at or sentence_bounds(self.spans, at)[0] == described
            ):
                # "One man with a walker approached Prado ... “...,” he told him": the man
                # the sentence opens on, whom the article does not name, not the one he met
                return None
            if pos - at > _PRONOUN_REACH:
                break
            if is_organisation(person) or is_place(person):
                continue  # ("Tom Berg of the Harbour Review ... “...,” he wrote": not the Review)
            if person == spoken_of:
                continue  # "Hale “could frame the sale ...,” she says": whom she speaks of
            if gender(person, self.registry.role(person)) != other:
                return person
        return self._named_before(pos, "f" if pronoun == "she" else "m")

    def _name_before_quote(self, pos: int) -> str | None:
        """The person named just before a quote opening at `pos`, in its sentence, when the
        quoted words go on from the name ("Hale “could frame the sale as ...”")."""
        if not self.text.startswith(("“", '"'), pos):
            return None
        named = _NAME_THEN_RE.search(self.text, max(0, pos - 60), pos)
        if named is None or named.start() < sentence_bounds(self.spans, pos)[0]:
            return None
        return self.registry.resolve(strip_possessive(split_title(named.group("name"))[1]))

    def _described_opener(self, pos: int) -> int:
        """Where the last sentence of `pos`'s paragraph (600 characters back at most) that
        opens on someone described and not named starts, or -1."""
        found = -1
        since = max(self.text.rfind("\n", 0, pos) + 1, pos - _DESCRIBED_REACH)
        for match in _DESCRIBED_RE.finditer(self.text, since, pos):
            if sentence_bounds(self.spans, match.start())[0] == match.start():
                found = match.start()
        return found

    def _event_owner(self, pos: int, pronoun: str) -> str | None:
        """The owner of the speech or interview a "he"/"she" at `pos` speaks in ("Lia Park's
        harbour speech, during which she said"), whoever the sentence is about."""
        event = _OWNED_EVENT_RE.search(self.text, max(0, pos - _OWNED_EVENT_REACH), pos)
        if event is None:
            return None
        owner = self.registry.resolve(strip_possessive(event.group("owner")))
        if is_organisation(owner) or is_place(owner):
            return None
        other = "m" if pronoun == "she" else "f"
        return owner if gender(owner, self.registry.role(owner)) != other else None

    def _named_before(self, pos: int, wanted: str) -> str | None:
        """The nearest person named before `pos` whose name says they are of `wanted` gender,
        when no subject-like mention fits the pronoun ("Carly Ames: ... She said, “...”")."""
        found: list[str] = []
        unknown: list[str] = []  # people whose name does not tell ("Barack Obama’s speech")
        for match in _NAME_RE.finditer(self.text, max(0, pos - _GENDER_REACH), pos):
            if _INDEFINITE_BEFORE_RE.search(self.text, max(0, match.start() - 4), match.start()):
                continue  # ("as a Go-Kart Track")
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

    def resolve(self, mention: Mention, before: int) -> tuple[str | None, str | None]:
        """(speaker, role) as a reader sees them: the speaker `mention` stands for, with no
        honorific or stray punctuation, and a role that is a title or an appositive of
        theirs (see `roles`), or None."""
        if mention.kind == "name" and (noun := attributive_noun(self.text, mention.end)):
            # "according to local Slovak media": the media, not "Slovak"
            return f"{mention.text} {noun.group('noun')}", None
        if mention.kind in {"name", "np"}:
            mention = self._person_after_title(mention)
        if mention.kind == "name":
            mention = self._office_holder(mention)
        speaker, role = self._resolve(mention, before)
        if speaker is None:
            return None, None
        aged = _AGED_NP_RE.fullmatch(speaker) if mention.kind == "np" else None
        if aged is not None:  # "the 56-year-old": the person the article gave that age
            named = self._aged_person(aged.group("age"), mention.start)
            if named is not None:
                return named, self._shown_role(named, self._role(named), before)
        described = _AGED_DESCRIPTION_RE.match(speaker) if mention.kind == "np" else None
        if described is not None and aged is None:
            # "the 85-year-old Nobel Peace Prize winner" just after "Muhammad Yunus stepped
            # down": the person last written about (an age and a description of them)
            last = self._last_subject(mention.start)
            if last is not None and _plain_person(last):
                return last, speaker[len("the ") :]
        return clean_name(speaker), self._shown_role(speaker, role, before)

    def _person_after_title(self, mention: Mention) -> Mention:
        """The person named after a title, in the same clause, when the mention is only the
        title or what comes before it: "said Harbour Minister and ferry board head Lia Park",
        "President and CEO of Harbour Trust Ana Cole said", "said The Telegraph’s Berlin" +
        " correspondent Tom Berg", or a description that ends on the name ("the Gazette’s
        harbour correspondent Tom Berg"). The words between are titles, bodies and "and" or
        "of"; the person's name opens on a given name. The title and those words are the
        role."""
        if mention.kind == "np":
            # "the Gazette’s harbour correspondent Tom Berg": a title, then the name, ends it
            tail = _TITLE_THEN_NAME_RE.search(mention.text)
            if tail is not None and is_given_name(tail.group("name").split()[0]):
                at = mention.start + tail.start("name")
                person = tail.group("name")
                role = mention.text[: tail.start("name")].strip()
                return Mention(person, at, at + len(person), role, "name", mention.weak)
        if not is_bare_title(mention.text) and not _TITLE_NEXT_RE.match(self.text, mention.end):
            return mention
        clause = _TITLE_CLAUSE_RE.match(self.text, mention.end)
        tokens = clause.group(0).split() if clause is not None else []
        joined = False  # past "and": a second title, its words in lower case ("ferry board head")
        titled = True  # a title word since the last "and" ("the Minister and Lia Park": a pair)
        for i, token in enumerate(tokens):
            if token[:1].islower():
                if token == "and":
                    joined, titled = True, False
                    continue
                if token in TITLE_RUN_WORDS or (joined and _TITLE_NOUN_RE.fullmatch(token)):
                    titled = True
                    continue
                return mention  # "the Minister told Lia Park": who heard it, not who spoke
            if not is_given_name(token) or i + 1 == len(tokens) or tokens[i + 1][:1].islower():
                titled = True  # a body's or a title's capitals ("of Harbour Trust")
                continue
            if not titled:
                return mention  # "said the Minister and Lia Park": two speakers
            run = list(itertools.takewhile(lambda t: t[:1].isupper(), tokens[i : i + 4]))
            person = " ".join(run).rstrip(".")
            at = self.text.find(person, mention.end)
            if at < 0:
                return mention  # (the name's words set apart by other spaces: left as found)
            lead = _CAPITALS_AND_BEFORE_RE.search(
                self.text, max(0, mention.start - 40), mention.start
            )
            role = (lead.group(0) if lead else "") + self.text[mention.start : at].strip()
            return Mention(person, at, at + len(person), role, "name", mention.weak)
        return mention

    def _office_holder(self, mention: Mention) -> Mention:
        """The person when a name pattern stopped at an office's "of": the mention is the
        office ("Assistant Secretary" + " of Commerce Lia Park") or the office's tail and the
        name ("White House Chief of " + "Staff Denis McDonough")."""
        words_ = mention.text.split()
        if words_[-1].strip(".").lower() in TITLES:
            return self._office_after(mention, words_)
        if len(words_) > 2 and not is_given_name(words_[0]):
            return self._office_before(mention, words_)
        return mention

    def _office_before(self, mention: Mention, words_: list[str]) -> Mention:
        office = _OFFICE_BEFORE_RE.search(self.text, max(0, mention.start - 60), mention.start)
        given = person_after_office(words_)
        if office is None or given is None:
            return mention
        person = " ".join(words_[given:])
        at = mention.start + mention.text.find(person)
        role = office.group(0) + " ".join(words_[:given])
        return Mention(person, at, at + len(person), role, "name", mention.weak)

    def _office_after(self, mention: Mention, words_: list[str]) -> Mention:
        after = _OFFICE_OF_RE.match(self.text, mention.end)
        if after is None or any(map(is_given_name, words_)):
            return mention
        tokens = after.group("run").split()
        given = person_after_office(tokens) if len(tokens) > 2 else None
        if given is None:
            return mention
        at = after.start("run") + after.group("run").find(tokens[given])
        person = " ".join(tokens[given:])
        of = self.text[mention.end : after.start("run")]
        role = f"{mention.text}{of}{' '.join(tokens[:given])}"
        lead = _CAPITALS_BEFORE_RE.search(self.text, max(0, mention.start - 40), mention.start)
        if lead is not None and not any(map(is_function_word, lead.group(0).split())):
            role = lead.group(0) + role  # "White House " + "Chief of Staff"
        return Mention(person, at, at + len(person), role, "name", mention.weak)

    def _shown_role(self, speaker: str, role: str | None, before: int) -> str | None:
        """The role to show: completed from the text when it was cut ("Secretary of"), an
        appositive given at another mention when it is a bare title ("Sen.", "Dr."), else
        written out ("Ohio Gov." -> "Ohio Governor")."""
        if role and cut_word(role):
            role = _complete_title(self.text, role, speaker, before) or role
        if not role or is_bare_honorific(role):
            apposed = self._apposition_elsewhere(speaker, before)
            if apposed is not None:
                return apposed
        return clean_role(role)

    def _apposition_elsewhere(self, speaker: str, before: int) -> str | None:
        """ "Lia Park, a professor at Harbour University," at any mention of the speaker
        (full name or surname) up to the end of the quote's sentence."""
        if speaker not in self._appositions:
            self._appositions[speaker] = self._first_apposition(speaker)
        found = self._appositions[speaker]
        if found is None:
            return None
        _, limit = sentence_bounds(self.spans, before)
        return found[1] if found[0] < max(limit, before) else None

    def _first_apposition(self, speaker: str) -> tuple[int, str] | None:
        """(offset, role) of the first apposition to a mention of `speaker` in the text."""
        if " " not in speaker or not _plain_person(speaker):
            return None
        surname = speaker.split()[-1]
        for match in re.finditer(rf"\b(?:{re.escape(speaker)}|{re.escape(surname)})\b", self.text):
            if not self.text.startswith(",", match.end()):
                continue
            if _OBJECT_BEFORE_RE.search(self.text, max(0, match.start() - 40), match.start()):
                continue  # "For Lia Park, the vote was ...": not an apposition to her
            if _inside_quote(self.text, match.start()):
                continue  # (“I have a judge who is a hater of Tom Berg, a hater”: not his role)
            found = clean_role(role_from_rest(self.text[match.end() : match.end() + 160]))
            if found is not None:
                return match.start(), found
        return None

    def _aged_person(self, age: str, at: int) -> str | None:
        """The last person named with `age` before `at` ("Lia Park, 56," or "56-year-old Lia
        Park"), as the registry knows them."""
        last: str | None = None
        pattern = rf"(?P<a>{NAME_PATTERN}),\s+{age}\b|\b{age}-year-old\s+(?P<b>{NAME_PATTERN})"
        for match in re.finditer(pattern, self.text[:at]):
            _, name = split_title(match.group("a") or match.group("b"))
            if " " in name and _plain_person(name):
                last = self.registry.resolve(name)
        return last

    def _resolve(self, mention: Mention, before: int) -> tuple[str | None, str | None]:
        if mention.kind == "pronoun":
            word = mention.text.lower()
            if word in {"he", "she"}:
                # (whoever the pronoun stands for is named before it, not between it and a
                # quote it introduces: "He said Thomas would “...”" is not Thomas)
                person = self._event_owner(mention.start, word) or self._person_before(
                    min(mention.start, before), word
                )
                return person, self._role(person)
            if word in {"they", "we", "it"} and self.last_speaker and not self.last_was_person:
                return self.last_speaker, self._role(self.last_speaker)
            if word == "it":
                return self._document_before(min(mention.start, before)), None
            if word == "they":
                pair = self._pair_before(min(mention.start, before))
                just = self._just_quoted(mention.start) if pair is None else None
                if just is not None and " and " in just:
                    # ("“...,” said authors Lia Park and Tom Berg. ¶ “...,” they added.")
                    pair = just
                if pair is None:
                    pair = self._singular_they(min(mention.start, before))
                return pair, None
            if word == "i" and (mention.start > before or before - mention.end <= _I_REACH):
                return _WRITER, None  # a first-person writer: "“...,” I said.", "I said, “"
            return None, None
        if mention.kind == "np":
            if (
                mention.role
                and _NAME_RE.fullmatch(mention.role)
                and _plain_person(mention.role)
                and not _OWNER_PRONOUN_RE.match(mention.text)
            ):
                # "Maya’s mother, Cia Edmonds, wrote": the person named, described
                return self.registry.resolve(mention.role), mention.text
            titled = self._titled_person(mention.text, mention.start)
            if titled is not None:  # "the senator" after "Sen. Lia Park": Lia Park
                return titled, mention.text
            epithet = self._headline_person(mention.text, mention.start)
            if epithet is not None:  # "the actor" in a story headlined on one actor
                return epithet, None
            body = body_for(
                self.text,
                self.registry,
                mention.text,
                mention.start,
                self.headline,
                self.body_start,
            )
            if body is not None:  # "the ministry", "the company", "the message", "the team"
                named, keeps_role = body
                return named, mention.role if keeps_role else None
            owner = _OWNER_PRONOUN_RE.match(mention.text)
            if owner is not None:  # "his campaign" after Lia Park: "Lia Park’s campaign"
                person = self._person_before(mention.start, _OWNER_PRONOUN[owner.group(1)])
                if person is not None:
                    owned = f"{person}’s {mention.text[owner.end() :]}"
                    if mention.role and _NAME_RE.fullmatch(mention.role):
                        return mention.role, owned  # "his wife, Ana,": Ana, Tom Berg’s wife
                    return owned, mention.role
            return mention.text, mention.role
        title = _BARE_TITLE_RE.fullmatch(mention.text)
        if title is not None:  # "The Secretary of State said", "President said": a title
            titled = self._titled_person(f"the {title.group('title')}", mention.start)
            if titled is not None:
                return titled, title.group("title")
        pair = self._joint_speakers(mention)
        if pair is not None:  # "Lia Park and Tom Berg said": both of them, no one role
            # ("Lia Park and Tom Berg of the Harbour Trust wrote": the body is both of theirs)
            return pair, mention.role if self._affiliation_after(mention) else None
        name = self.registry.resolve(mention.text)
        self._ensure_role(name)
        role = mention.role
        owner = _OWNER_PRONOUN_RE.match(role) if role else None
        if role and owner is not None:  # "His wife, Ana Berg,": Tom Berg’s wife
            person = self._person_before(mention.start, _OWNER_PRONOUN[owner.group(1)])
            if person is not None and person != name:
                role = f"{person}’s {role[owner.end() :]}"
        if role:
            self.registry.set_role(name, role)
        return name, role or self._role(name)

    def _last_subject(self, at: int) -> str | None:
        """The person last written about as a sentence's subject before `at`."""
        i = bisect.bisect_left(self.subject_offsets, at) - 1
        return self.subjects[i][1] if i >= 0 else None

    def _titled_person(self, np: str, at: int) -> str | None:
        """The person `np` ("the senator", "the Florida senator") stands for: the last person
        written about before `at`, when their title is the head of `np` and, if several
        people hold it, they were the last quoted; never a guess between two senators."""
        words_ = np.split()
        if len(words_) < 2 or words_[0].lower() != "the":
            return None
        # the head of the title: its last word, or the word before "of" ("the Secretary of
        # State" is a secretary)
        head = words_[words_.index("of") - 1] if "of" in words_[2:] else words_[-1]
        titles = _TITLE_WORDS.get(head.lower())
        if titles is None:
            return None
        found = {
            name
            for name in self.registry.names
            if (role := self.registry.role(name)) is not None
            and any(w.strip(".,").lower() in titles for w in role.split())
            and 0 <= self.text.find(name) < at
        }
        # The last person written about before it, when they hold that title: "Rubio
        # sought ..., the senator said" is Rubio (not the only other "Sen." named). Among
        # several senators, only the one just quoted: "“...,” McCain said. The longtime
        # senator said" is McCain.
        last = self._last_subject(at)
        if last is not None:
            last = self.registry.resolve(last)  # ("Trump has been reluctant": Donald Trump)
        if last not in found and len(found) == 1 and self.last_speaker in found:
            last = self.last_speaker  # the only holder, just quoted as "she said"
        if last not in found or (len(found) > 1 and last != self.last_speaker):
            return None
        return last

    def _headline_person(self, np: str, at: int) -> str | None:
        """The person an epithet ("the actor", "the Oscar-winning singer") stands for in a
        story about them: the one last quoted, when the headline names them and no one else
        was written about as a subject since. A title ("the senator") is `_titled_person`'s;
        an epithet of anyone else ("the host", "the manager") is no one's."""
        last = self._just_quoted(at)
        if last is None or _EPITHET_RE.fullmatch(np) is None:
            return None
        if " " not in last or not _named_person(last) or last.split()[-1] not in self.headline:
            return None
        since = self._last_subject(at)
        if since is not None and self.registry.resolve(since) != last:
            return None  # ("..., said the designer" after someone else came in)
        return last

    def _pair(self, first: str, second: str, at: int) -> str | None:
        """ "Lia Park and Tom Berg", two names as written, as one speaker: when both are
        people and the pair (starting at `at`) is not the object of the word before it
        ("talks with Park and Berg")."""
        one = self.registry.resolve(split_title(first)[1])
        two = self.registry.resolve(split_title(second)[1])
        if not one or strip_possessive(one) != one or not _named_person(one):
            return None
        if not _named_person(two):
            return None
        if _JOINT_OBJECT_RE.search(self.text, max(0, at - 16), at):
            return None
        return f"{one} and {two}"

    def _joint_speakers(self, mention: Mention) -> str | None:
        """The pair when a speaker's cue names someone just before them, joined by "and"
        ("Lia Park and Tom Berg said")."""
        joined = _JOINT_RE.search(self.text, max(0, mention.start - 60), mention.start)
        if joined is None:
            # "said authors Lia Park and Tom Berg": the second name after an inverted verb
            after = _JOINT_AFTER_RE.match(self.text, mention.end)
            if after is None or not _INVERTED_VERB_BEFORE_RE.search(
                self.text, max(0, mention.start - 40), mention.start
            ):
                return None
            return self._pair(mention.text, after.group("second"), mention.start)
        if mention.role and not self._affiliation_after(mention):
            return None
        return self._pair(joined.group("first"), mention.text, joined.start())

    def _affiliation_after(self, mention: Mention) -> bool:
        """Whether the mention's role is the body named right after it ("Tom Berg of the
        Harbour Trust"), rather than a description set off by commas."""
        after = _AFFILIATION_AFTER_RE.match(self.text, mention.end)
        return bool(mention.role) and after is not None and mention.role == after.group("body")

    def _pair_before(self, pos: int) -> str | None:
        """What "they said" stands for when two people were just the subject together ("Lia
        Park and Tom Berg run the board. “...,” they said."), else nothing."""
        last: re.Match[str] | None = None
        for match in _PAIR_SUBJECT_RE.finditer(self.text, max(0, pos - _PAIR_REACH), pos):
            last = match
        if last is None:
            return None
        return self._pair(last.group("first"), last.group("second"), last.start())

    def _just_quoted(self, pos: int) -> str | None:
        """The person (or two people named together) last quoted, when that was in this
        paragraph or the one before `pos` and no one else was quoted since; else None (a
        description or a pronoun read further back is a guess)."""
        last = self.last_speaker
        if last is None or not self.last_was_person or self.last_person != last:
            return None
        if _PARAGRAPH_BETWEEN_RE.search(self.text, self.last_person_at, pos):
            return None
        return last

    def _singular_they(self, pos: int) -> str | None:
        """The one person a "they" can stand for: the paragraph before `pos` is about one
        named person (the subject of its sentence) and names no one else, no group and no
        plural ("Chung brought a broader perspective. “...,” they said.")."""
        start = self.text.rfind("\n", 0, pos) + 1
        if pos - start > _PRONOUN_REACH or (
            self.last_speaker is not None and not self.last_was_person
        ):
            return None
        before = self.text[start:pos]
        if _PLURAL_HINT_RE.search(before):
            return None
        people: set[str] = set()
        for match in _NAME_RE.finditer(self.text, start, pos):
            if _inside_quote(self.text, match.start()):
                continue
            full = self.registry.resolve(strip_possessive(split_title(match.group(0))[1]))
            if is_organisation(full) or is_place(full):
                return None  # (a body: "they" may be its people)
            people.add(full)
        if len(people) != 1:
            return None
        person = people.pop()
        subject = self._last_subject(pos)
        if subject is None or self.registry.resolve(subject) != person or " " not in person:
            return None
        return person if _named_person(person) else None

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
        if person or (kind == "np" and _ONE_PERSON_NP_RE.match(speaker) and is_speaker_np(speaker)):
            # ("a resident of Shiraz ... told TIME. He added that he “...”": the resident)
            self.last_person = speaker
            self.last_person_at = at


class _QuoteState:
    """`_inside_quote` for positions asked in increasing order, in one pass over the text
    (asked of every name, the scan from each paragraph's start would grow as its square)."""

    __slots__ = ("_at", "_close", "_open", "_straight", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._at = 0
        self._open = self._close = self._straight = 0

    def inside(self, pos: int) -> bool:
        if pos < self._at:
            return _inside_quote(self._text, pos)  # (asked out of order: the plain test)
        for ch in self._text[self._at : pos]:
            if ch == "\n":
                self._open = self._close = self._straight = 0
            elif ch == "“":
                self._open += 1
            elif ch == "”":
                self._close += 1
            elif ch == '"':
                self._straight += 1
        self._at = pos
        return self._open > self._close or self._straight % 2 == 1


def _inside_quote(text: str, pos: int) -> bool:
    """Whether `pos` is inside quotation marks opened earlier in its paragraph."""
    before = text[text.rfind("\n", 0, pos) + 1 : pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


# A fronted phrase: "For Lia Park, the vote was ..." (what follows the comma is no apposition)
_OBJECT_BEFORE_RE = re.compile(
    r"(?:^|[.!?”\"]\s+|\n\s*)(?:For|To|With|Like|Unlike|At|From|By|Of|About|Against|In|On)"
    r"\s+(?:[A-Z][\w.’'\-]*\s+)?$"
)
_CAPITAL_TITLES = "|".join(sorted(t.capitalize() for t in TITLES if t.isalpha()))
_OFFICE_BEFORE_RE = re.compile(
    rf"(?:[A-Z][\w.’'\-]*\s+){{0,3}}(?:{_CAPITAL_TITLES})"
    r"\s+of\s+(?:the\s+)?$"
)
_CAPITALS_BEFORE_RE = re.compile(r"(?<![\w.’'\-])(?:[A-Z][\w.’'\-]*\s+){1,3}$")
# After a mention that is only a title: the rest of its clause, where the person may be named
# ("Harbour Minister" + " and ferry board head Lia Park in September")
_TITLE_CLAUSE_RE = re.compile(r"[^,;:“”\"()\n]{0,120}")
# Title words as written in lower case inside a description ("correspondent", "chief")
_LOWER_TITLES = "|".join(sorted(t for t in TITLES if t.isalpha() and len(t) > 3))
# A description that ends on a title and a name ("the Gazette’s harbour correspondent Tom Berg")
_TITLE_THEN_NAME_RE = re.compile(
    rf"\b(?:{_LOWER_TITLES})\s+(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){{1,2}})$"
)
# A title in lower case right after a name: "Nvidia" + " chief executive Jensen Huang"
_TITLE_NEXT_RE = re.compile(rf"\s+(?:{_LOWER_TITLES})\b")
# A lower-case word of a second title: a noun, not a verb ("board", not "told" or "said")
_TITLE_NOUN_RE = re.compile(
    r"(?!(?:said|says|told|tells|asked|would|will|was|is|has|had|who|which|that)$)[a-z\-]+"
    r"(?<!ed)"
)
# "President and " + "CEO": a title before the one the mention holds
_CAPITALS_AND_BEFORE_RE = re.compile(r"(?<![\w.’'\-])(?:[A-Z][\w.’'\-]*\s+(?:and\s+)?){1,3}$")
_OFFICE_OF_RE = re.compile(rf"\s+of\s+(?:the\s+)?(?P<run>{NAME_PATTERN})")
_NAME_WORDS_RE = re.compile(r"(?:\s+[A-Z][\w.’'\-]*){0,2}\s*")
_AGED_NP_RE = re.compile(r"[Tt]he (?P<age>\d{1,3})-year-old(?: [a-z]+)?")
_AGED_DESCRIPTION_RE = re.compile(r"[Tt]he \d{1,3}-year-old (?:[A-Za-z][\w\-]* ?){1,5}$")


def _complete_title(text: str, role: str, speaker: str, before: int) -> str | None:
    """ "Secretary of" + "State" when the text reads "Secretary of State Lia Park": the words
    between a cut title and the speaker's name, at the last such place before `before`."""
    surname = re.escape(speaker.split()[-1])
    pattern = (
        rf"{re.escape(role)}\s+(?P<tail>[\w’'\-]+(?:\s+[\w’'\-]+){{0,3}}?)\s+"
        rf"(?:{re.escape(speaker)}|{surname})\b"
    )
    last: re.Match[str] | None = None
    for match in re.finditer(pattern, text[: before + 1]):
        last = match
    if last is None:
        return None
    return f"{role} {last.group('tail')}"


_TITLE_BEFORE_RE = re.compile(
    r"(?P<role>(?:[A-Z][\w.’'\-]*\s+){0,5}(?:Mayor|President|Senator|Sen\.|Rep\.|Gov\.|"
    r"Governor|Secretary|Minister|Chairman|Chairwoman|Director|Spokesman|Spokeswoman|"
    r"Attorney General|Chief|Judge|Commissioner|Sheriff|Speaker|Leader|Ambassador|CEO))\b"
)


def _first_mention_role(text: str, name: str) -> str | None:
    """The role given where a person is first named ("Mayor Bill de Blasio", "X, a ...")."""
    at = text.find(name)
    if at < 0:
        return None
    role = role_from_rest(text[at + len(name) : at + len(name) + 160])
    if role is None:
        line_start = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at)) + 1
        before = text[line_start:at]
        titles = list(_TITLE_BEFORE_RE.finditer(before))
        # (only a title right before the name is theirs, or before its given names:
        # in "Former President Tom Berg and Lia Park", "President" is not hers)
        if titles and _NAME_WORDS_RE.fullmatch(before, titles[-1].end()):
            role = plain_title(titles[-1].group("role").strip())
    if role is None:
        role = _role_said_before(text, at)
    return role


# "A city attorney’s office spokesman said ...": an unnamed speaker described by role alone.
_ROLE_SPEAKER_RE = re.compile(
    r"(?P<np>[Aa]n? (?:[\w’'\-]+ ){0,5}(?:spokesman|spokeswoman|spokesperson|representative|"
    r"official|aide|adviser|advisor|lawyer|attorney|prosecutor|officer|director|manager))"
    r",? (?:also )?(?:said|says|told|added|confirmed|explained|wrote)\b"
)


def _role_said_before(text: str, at: int) -> str | None:
    """The role of a person first named where a paragraph's cue names them, when the
    paragraph just before is a single sentence reporting what "a spokesman" said and names
    no one ("A city attorney’s office spokesman said ... ¶ “...,” Ryan Luby said."): the
    news convention of giving the role first and the name with the quote."""
    prev_end = text.rfind("\n", 0, at)  # the line break before this paragraph
    while prev_end > 0 and text[prev_end - 1] == "\n":
        prev_end -= 1  # past blank lines
    if prev_end <= 0:
        return None
    before = text[text.rfind("\n", 0, prev_end) + 1 : prev_end].strip()
    match = _ROLE_SPEAKER_RE.match(before)
    if match is None or ". " in before:
        return None
    if any(_plain_person(m.group(0)) for m in _NAME_RE.finditer(before, match.end())):
        return None  # another person is named: the role may be theirs
    np = match.group("np")
    return np[0].lower() + np[1:]


def sentence_subject(text: str, resolver: Resolver, s_start: int, end: int) -> Mention | None:
    """The person a sentence is about: an opening he/she, its first subject-like name, or an
    opening name or speaker noun phrase."""
    match = PRONOUN_START_RE.match(text, s_start, end)
    if match:
        return Mention(match.group("pron"), match.start("pron"), match.end("pron"), None, "pronoun")
    owner = words_of(text, s_start, end)
    if owner is not None:  # "Park’s message was simple:": Park, not her message
        return owner
    intro = INTRO_PHRASE_RE.match(text, s_start, end)
    opening_np = OPENING_NP_RE.match(text, intro.end() if intro else s_start, end)
    # (past an opening clause: "When Berg died, Mayor Lia Park released a statement:")
    i = bisect.bisect_left(resolver.subject_offsets, intro.end() if intro else s_start)
    if (
        opening_np is not None
        and is_speaker_np(opening_np.group("np"))
        and (i >= len(resolver.subjects) or resolver.subjects[i][0] > opening_np.end("np"))
    ):
        # "The spokesman declined to say who Park would back, adding: “...”": the noun
        # phrase opening the sentence is its subject, not a name further on
        np = clean_who(opening_np.group("np"))
        start = opening_np.start("np")
        return Mention(np, start, start + len(np), None, "np")
    if i < len(resolver.subjects) and resolver.subjects[i][0] < end:
        offset, name = resolver.subjects[i]
        written = _NAME_RE.match(text, offset)  # the name as written there ("Park", "Lia Park")
        end_at = written.end() if written is not None else offset + len(name.split()[-1])
        return Mention(name, offset, end_at, None, "name")
    opening = opening_mention(text, intro.end() if intro else s_start, end)
    if opening is not None:  # "Lowe needled the reporter, saying, “...”"
        return opening
    match = OPENING_NP_RE.match(text, s_start, end)
    if match and is_speaker_np(match.group("np")):
        # "A spokeswoman for the port emailed reporters, writing: “...”"
        np = clean_who(match.group("np"))
        start = match.start("np")
        return Mention(np, start, start + len(np), None, "np")
    return None


def known_person(resolver: Resolver, mention: Mention) -> bool:
    """Whether a mention found without a speech verb can still be trusted as a speaker: a
    he/she, a speaker noun phrase, or a person the article names in full (not a body or a
    place), since a looser cue would credit words to whoever opens the sentence."""
    if mention.kind == "pronoun":
        return mention.text.lower() in {"he", "she"}
    if mention.kind == "np":
        return is_speaker_np(mention.text)
    if mention.kind != "name":
        return False
    full = resolver.registry.resolve(mention.text)
    if is_organisation(full) or is_place(full):
        return False
    return len(full.split()) >= 2 or resolver.registry.is_known_surname(full)


# "he" or "she" as the subject of a later clause: "Park is winning applause as she keeps
# saying ...", not the object of a speech verb ("Park said he ...").
_CLAUSE_PRONOUN_RE = re.compile(
    r"(?:\b(?:as|when|while|and|but|after|before|because|since|though|although|then),?"
    r"|,)\s+(?P<pron>he|she)\s+(?!(?:said|says|told|was|is|had|has)\b)[a-z]"
)


def nearer_pronoun(
    text: str, resolver: Resolver, speaker: str, where: tuple[int, int], open_: int
) -> tuple[int, int]:
    """The mention of the speaker nearest the quote: a "he"/"she" that stands for the same
    person as subject of the clause carrying the quote, else `where`."""
    last = last_match(_CLAUSE_PRONOUN_RE, text, where[1], open_)
    if last is None:
        return where
    pron = last.group("pron")
    if (
        resolver.resolve(
            Mention(pron, last.start("pron"), last.end("pron"), None, "pronoun"),
            last.start("pron"),
        )[0]
        != speaker
    ):
        return where
    return (last.start("pron"), last.end("pron"))
