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

Each pass has its own module: `quote_marks` (1), `quote_cues` (2) and `quote_speakers` (3),
with the cue grammar they share in `quote_patterns`. Every attribution is made by a named rule
of `quote_rules.RULES` (grouped by family, each with the sentence it was written for): the
code below tags each cue with that name (`_by("tail_cue", ...)`), and the quote carries it,
with the confidence it earns, as `Quote.attributed_by` and `Quote.confidence`. To learn why a
quote went to a person, run `newsbot preview --explain` and look the rule up by its name.
This module ties them together paragraph by paragraph, and holds what needs all of them: the
second pass for quotes with no cue of their own, sign-off lines, and a speaker carried back
over a quote that runs on across paragraphs.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from .clean import DATELINE_PARAGRAPHS, dateline_end
from .names import NAME_PATTERN, is_organisation, is_place
from .quote_cues import (
    INTRO_PHRASE_RE,
    INTRO_RE,
    LABEL_RE,
    NOT_LABELS,
    SAID_NAME_RE,
    Mention,
    asked_cue,
    came_reply,
    claim_cue,
    clause_cue,
    embedded_cue,
    from_match,
    head_cue,
    issued_statement,
    label_name,
    last_cue,
    mention_of,
    named_in_text,
    nearest_subject,
    opening_mention,
    parenthetical_cue,
    passive_cue,
    pronoun_subject,
    reduced_passive,
    relative_cue,
    tail_apposition_cue,
    tail_cue,
    trailing_cue,
    used_words,
    who_cue,
    with_cue,
    words_of,
)
from .quote_marks import (
    ANY_MARK_RE,
    WORDS_RE,
    Piece,
    in_code,
    is_scare,
    is_term,
    is_title,
    pair_marks,
    paragraph_spans,
    sentence_bounds,
    title_case,
)
from .quote_patterns import ASIDES, MODS, WHO
from .quote_rules import (
    RULES,
    carried,
    doubt,
    doubts,
    found_by,
    inner_speaker,
    mention_sureness,
    reported_cue,
    second_source,
)
from .quote_speakers import Resolver, known_person, nearer_pronoun, sentence_subject
from .sentences import sentence_spans
from .types import Quote

__all__ = ["find_quotes"]

_PAST_QUOTE_WORDS = 4  # longest quote inside a description a cue reads past
_BARE_CUE = 70  # longest sentence after “... .” read as that quote's cue ("Lowe said.")


@dataclass(frozen=True, slots=True)
class _Found:
    piece: Piece
    speaker: str | None
    role: str | None
    cued: bool
    where: tuple[int, int] | None  # the mention that named the speaker
    weak: bool = False
    rule: str | None = None  # the name of the rule that attributed it (see quote_rules)
    confidence: float = 0.0  # how sure that attribution is, 0..1 (see quote_rules)
    doubts: tuple[str, ...] = ()  # the names of the doubts that lowered it (quote_rules.DOUBTS)


def _by(rule: str, mention: Mention | None) -> Mention | None:
    """`mention` marked as found by the rule named `rule` (quote_rules.RULES)."""
    return None if mention is None else dataclasses.replace(mention, rule=rule)


_CARRIED = RULES["cue_between"].confidence
_CONTINUED = frozenset({"continued_paragraph", "carried_back"})


def _outer(quotes: list[Quote], pieces: list[Piece], piece: Piece) -> str:
    """The text of a quotation running on from the paragraph before into this one, with no
    closing mark ("" if none): a report quoted whole, whose own quotes it reports."""
    if not pieces or pieces[-1].close is not None or pieces[-1].paragraph != piece.paragraph - 1:
        return ""
    return quotes[-1].text


_SECOND_SOURCE_REACH = 1500  # characters before a quote searched for "according to CNN"


def _sureness(
    text: str, spans: list[tuple[int, int]], found: _Found, end: int, outer: str = ""
) -> tuple[float, tuple[str, ...]]:
    """The found attribution's confidence, lowered when its sentence names a second source
    ("..., Park said, according to the Harbour Times") or the quote sits in a quoted report
    that names its speaker ("“Park told reporters ... ¶ “...,” Park said."): whose words
    they are is then a matter of who reported whom. With it, the names of all the doubts
    (quote_rules.DOUBTS) that lowered it."""
    if found.speaker is None:
        return 0.0, ()
    names = list(found.doubts)
    surname = found.speaker.split()[-1] if found.speaker.split() else ""
    if outer and surname and surname in outer and found.rule not in _CONTINUED:
        names.append("quoted_report")
    start = found.piece.open
    if found.where is not None:
        # (from the cue, but not paragraphs of carried quotes back: each quote would read
        # the whole run again)
        start = max(min(start, found.where[0]), start - _SECOND_SOURCE_REACH)
        end = max(end, found.where[1])
    s_start, _ = sentence_bounds(spans, start)
    _, s_end = sentence_bounds(spans, max(end - 1, start))
    if second_source(text, s_start, s_end, found.piece.open, end, found.where):
        names.append("second_source")
    if found.where is not None:
        inner = text[found.piece.open + 1 : found.piece.end]
        names.extend(doubt(text, s_start, found.where, found.piece.open, inner)[1])
    if found.piece.close is None:
        names.append("runs_on")  # no closing mark: where the quote ends is a guess
    if _named_inside(text, found, surname):
        names.append("named_in_own_quote")
    fresh = names[len(found.doubts) :]
    sure = found.confidence * doubts(*fresh)[0]
    return round(sure, 3), tuple(dict.fromkeys(names))


def _named_inside(text: str, found: _Found, surname: str) -> bool:
    """Whether a pronoun gave the quote to someone the quote itself names in the third person
    ("“It would have been easy for Mary Steenburgen to coast,” she said": not Steenburgen)."""
    if found.where is None or len(surname) < 3 or not surname[:1].isupper():
        return False
    cue = text[found.where[0] : found.where[1]].lower()
    if cue not in {"he", "she"}:
        return False
    inner = text[found.piece.open + 1 : found.piece.end]
    return re.search(rf"\b{re.escape(surname)}\b(?!’s|'s)", inner) is not None


def _quote_text(inner: str) -> str:
    inner = inner.strip()
    return inner.rstrip(",").rstrip()


def find_quotes(
    text: str, spans: list[tuple[int, int]] | None = None, *, title: str | None = None
) -> list[Quote]:
    """Every direct quote in `text`, in order, with its speaker where the text gives one.

    `spans` are the text's sentence spans when the caller already has them; `title` is the
    article's headline when `text` is the body alone (without it, a short first line of
    `text` is read as the headline).
    """
    if ANY_MARK_RE.search(text) is None:
        return []
    paragraphs = paragraph_spans(text)
    if not paragraphs:
        return []
    text = _mask_titles(_mask_asides(_mask_datelines(text, paragraphs), paragraphs), paragraphs)
    if spans is None:
        spans = sentence_spans(text)
    resolver = Resolver(text, spans, title)
    quotes: list[Quote] = []
    pieces_of: list[Piece] = []  # the piece each quote came from, for the last pass
    prev_para_found: _Found | None = None
    prev_para_colon: tuple[int, int] | None = None
    prev_para_quoted = False  # the paragraph before held a quote (not just scare quotes)
    for index, (p_start, p_end) in enumerate(paragraphs):
        pieces = pair_marks(text, p_start, p_end, index)
        para_quotes: list[_Found] = []
        described: set[int] = set()  # quotes inside a speaker's description
        voiced: set[int] = set()  # quotes someone unnamed said aloud: kept, with no speaker
        prev_end = p_start
        for k, piece in enumerate(pieces):
            s_start, _ = sentence_bounds(spans, piece.open)
            head_start = max(s_start, prev_end, p_start)
            next_open = pieces[k + 1].open if k + 1 < len(pieces) else p_end
            tail_start = (piece.close + 1) if piece.close is not None else p_end
            _, c_end = sentence_bounds(spans, max(tail_start - 1, piece.open))
            own_end = min(max(c_end, tail_start), next_open, p_end)  # the quote's own sentence
            ends = text[piece.end - 1] if piece.close is not None else ""
            if c_end <= tail_start < p_end and ends and ends in "?!,—-.’'…":
                # “Ready?” Lowe asked. : the splitter ended a sentence at the mark.
                # (Not when that sentence holds the next quote: “Why?” He answered, “...”)
                # After a full stop only a short cue sentence counts: “... now.” Lowe said.
                _, next_end = sentence_bounds(spans, tail_start + 1)
                short = next_end - tail_start <= _BARE_CUE
                new_sentence = (
                    not short and _NEW_SENTENCE_RE.match(text, tail_start) is not None
                ) or _REPORTS_ON_RE.match(text, tail_start) is not None
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
            mention: Mention | None = None
            inner = text[piece.open + 1 : piece.end]
            label = LABEL_RE.match(text, piece.open + 1, piece.end)
            # `nobody`: the quote has a cue, but one that names no one we can use
            nobody = (
                k in described
                or (label is not None and label.group("label") in NOT_LABELS)
                or (
                    is_scare(inner)
                    and _WORD_LIST_RE.search(
                        text, max(s_start, p_start, piece.open - _WORD_LIST_REACH), piece.open
                    )
                    is not None
                )
            )
            if label is not None and not nobody:
                # a transcript line, “JANE DOE: ...”: the label is the speaker, when it
                # names a person of the article (not “CLIP: ...”)
                mention = _by(
                    "label",
                    mention_of(label_name(label.group("label")), label.start("label"), None),
                )
                if mention is None or not (
                    known_person(resolver, mention) or named_in_text(text, mention.text)
                ):
                    mention, nobody = None, True
            if mention is None and not nobody and piece.close is not None:
                mention = _by("tail_cue", tail_cue(text, tail_start, tail_end))
                if (
                    mention is not None
                    and mention.kind == "np"
                    and _ACCORDING_DOCUMENT_RE.search(text, tail_start, mention.end)
                ):
                    # "King Tom Berg said the acts “...,” according to a statement released
                    # by the court": the king's words, which the statement carries
                    named = head_cue(text, head_start, piece.open)
                    if named is not None and named.kind == "name":
                        mention = _by("head_cue", named)
                if (
                    mention is not None
                    and tail_end == next_open < p_end
                    and _AND_RE.search(text, tail_start, mention.start) is not None
                    and _CLOSED_RE.search(text, tail_start, next_open) is None
                ):
                    # "“A” and Dan Ruiz says he is “B”": the cue runs on into the next quote
                    mention = None
                if mention is not None and _introduces_next(text, piece, tail_start, tail_end):
                    # "My first thought was “Why?” The council’s website says: ¶ “...”": a
                    # new sentence ending on a colon introduces what follows it
                    mention = None
                if mention is None and tail_end == next_open < min(c_end, p_end):
                    inside = pieces[k + 1]
                    if (
                        inside.close is not None
                        and inside.close < min(c_end, p_end)
                        and len(text[inside.open + 1 : inside.end].split()) <= _PAST_QUOTE_WORDS
                    ):
                        # “...,” Sam Reed, wearing a “Vote Lund” pin, said.
                        mention = _by(
                            "tail_apposition_cue",
                            tail_apposition_cue(text, tail_start, min(c_end, p_end)),
                        )
                        if mention is not None:
                            described.add(k + 1)  # (the pin's words are no one's quote)
                if mention is None and not (own_end == next_open < p_end):
                    # (a cue just before the next quote of the sentence introduces that one)
                    mention = _by("trailing_cue", trailing_cue(text, tail_start, own_end))
                if mention is None:
                    # "Berg asked her about it. “...,” came the reply.": hers, or no one's
                    prev_s = (
                        sentence_bounds(spans, _last_char(text, s_start))
                        if s_start > p_start
                        else None
                    )
                    asked_in = (prev_s[0], s_start) if prev_s else (s_start, s_start)
                    replied, mention = came_reply(text, tail_start, tail_end, asked_in)
                    mention = _by("came_reply", mention)
                    nobody = replied and mention is None
            extra: list[str] = []  # doubts found here, beyond what the mention is
            if mention is not None and mention.start > piece.open and s_start >= p_start:
                # "After Berg said the plan was “dead,” Lia Park said: ...": the quote sits in
                # an opening clause that has its own speaker; the cue after it is the next's
                opener = _SUBORDINATE_OPENER_RE.match(text, s_start, piece.open)
                if opener is not None and "," not in text[opener.end() : piece.open].rstrip(", "):
                    own = clause_cue(text, opener.end(), piece.open)
                    if own is not None and (
                        own.kind in {"name", "pronoun"} or known_person(resolver, own)
                    ):
                        # ("While some protesters chanted, “...,” the speaker spoke")
                        mention = _by("opening_clause", own)
                    elif _inside_opening_clause(text, s_start, piece) and _closes_opening_clause(
                        text, piece, mention
                    ):
                        # "When someone in the crowd shouted, “Sell it,” Berg joked": the
                        # clause around the quote has a subject of its own; the cue after it
                        # is the main clause's, not this quote's
                        subject = opening_mention(text, opener.end(), piece.open)
                        if subject is not None and subject.kind == "name":
                            mention = _by("opening_clause", subject)
                            extra.append("opening_clause_subject")
                        elif _SHOUTED_RE.search(text, opener.end(), piece.open):
                            mention, nobody = None, True
                            voiced.add(piece.open)
                        else:
                            extra.append("quote_in_opening_clause")
            prev_close = pieces[k - 1].end + 1 if k else p_start
            if mention is None and not nobody:
                asked, mention = asked_cue(text, max(s_start, p_start), piece.open, inner)
                mention = _by("asked_cue", mention)
                nobody = asked and mention is None  # "Park was asked: “...?”": by whom?
            if mention is None and piece.close is not None:
                # "Berg was described by Lia Park as “...”", "... called “...” by Park"
                mention = _by(
                    "passive_cue",
                    passive_cue(text, max(s_start, p_start), piece.open, piece.close + 1),
                )
                if mention is None:
                    nobody = nobody or reduced_passive(text, max(s_start, p_start), piece.open)
            if mention is None:
                mention = _by("head_cue", head_cue(text, head_start, piece.open))
            if mention is None and head_start > max(s_start, prev_close, p_start):
                # "“A,” Park said on Monday, though she said, “B.”": the quote before took
                # these words as its tail; the last cue among them is this quote's own.
                mention = _by(
                    "last_cue", last_cue(text, max(s_start, prev_close, p_start), piece.open, 60)
                )
            if mention is not None and mention.end <= piece.open:
                # "Park said she agreed with Tom Berg, who called the cuts “...”", "“A,” Park
                # told Tom Berg, who replied: “B.”": a relative clause nearer the quote than
                # the cue before it is the quote's own cue
                who = _by("who_cue", who_cue(text, max(s_start, prev_close, p_start), piece.open))
                if who is None:
                    # "... how the state responds to it, with Sen. Lia Park telling reporters
                    # he was “...”": a "with" clause nearer the quote is its cue
                    who = _by(
                        "with_cue", with_cue(text, max(s_start, prev_close, p_start), piece.open)
                    )
                if who is not None and who.start > mention.end:
                    mention = who
            if mention is None:
                mention = _by(
                    "who_cue", who_cue(text, max(s_start, prev_close, p_start), piece.open)
                )
            if mention is None:
                mention = _by(
                    "with_cue", with_cue(text, max(s_start, prev_close, p_start), piece.open)
                )
            if mention is None:
                mention = _by(
                    "parenthetical_cue",
                    parenthetical_cue(text, max(s_start, prev_close, p_start), piece.open),
                )
            intro = INTRO_RE.search(text, head_start, piece.open) if mention is None else None
            if intro is not None:
                # (a name inside the participle's own clause is not its subject: "She
                # hit back, telling reporters that Tom Berg was “...”")
                mention = _by(
                    "intro_subject", sentence_subject(text, resolver, s_start, intro.start() + 1)
                )
                if mention is None:
                    mention = _by(
                        "intro_subject", nearest_subject(text, max(s_start, p_start), piece.open)
                    )
                if mention is None and intro.group(0).startswith(":"):
                    # "The delay did not surprise engineer Lia Park: “...”": no subject
                    # speaks, and a person's full name leads straight into the quote
                    mention = _by(
                        "name_before_colon",
                        _name_before_colon(text, resolver, s_start, intro.start()),
                    )
            if mention is None and s_start >= p_start:
                # "Park’s reply: “...”", "In Park’s words, “...”" (before the clause cue,
                # which would take "Park’s reply" for a speaking body), and "Berg denied
                # Park’s claim that he was “...”" (before the subject, Berg)
                mention = (
                    _by("words_of", words_of(text, s_start, piece.open))
                    or _by("claim_cue", claim_cue(text, max(s_start, prev_close), piece.open))
                    or _by("used_words", used_words(text, max(s_start, prev_close), piece.open))
                )
            if mention is None and s_start >= p_start:
                in_sentence = [f for f in para_quotes[-_SENTENCE_REACH:] if f.piece.open >= s_start]
                after_scare = bool(in_sentence) and not any(f.cued for f in in_sentence)
                mention = _by(
                    "clause_cue", clause_cue(text, s_start, piece.open, after_scare=after_scare)
                )
                if mention is None:
                    mention = _by(
                        "embedded_cue", embedded_cue(text, max(s_start, prev_close), piece.open)
                    )
                elif piece.close is not None:
                    # "Fortress leaves with a payout that Leon Cooperman blasted as “...”": a
                    # clause about a thing, nearer the quote, reports it
                    relative = relative_cue(text, mention.end, piece.open)
                    if relative is not None:
                        mention = _by("relative_cue", relative)
                if mention is None and piece.close is not None and not is_scare(inner):
                    mention = _by(
                        "known_subject",
                        _known_subject(text, resolver, s_start, piece.open, after_scare),
                    )
            head_blank = not text[head_start : piece.open].strip(" \xa0\t—–-:")
            if mention is None and head_blank and piece.close is not None and k == 0:
                # a quote standing alone, signed after it: "“...” ― Lia Park, harbour master"
                signed = _SIGN_OFF_RE.match(text, tail_start, p_end)
                if signed is not None:
                    mention = _by("signed_line", from_match(signed, 0, signed.group("role")))
            if mention is None and head_blank and k == 0 and prev_para_colon is not None:
                mention = _by(
                    "colon_paragraph", head_cue(text, prev_para_colon[0], prev_para_colon[1])
                )
                if mention is None:
                    # "In the words of the old ferry advert: ¶ “...”"
                    mention = _by(
                        "colon_paragraph",
                        words_of(text, prev_para_colon[0], prev_para_colon[1] + 1),
                    )
                if mention is None:
                    mention = _by(
                        "colon_paragraph", sentence_subject(text, resolver, *prev_para_colon)
                    )
            speaker: str | None = None
            role: str | None = None
            if nobody:
                # a cue that names no one we can use: “VIDEO: ...”, "Park was asked: “...?”",
                # "“...,” came the reply." with no one asked
                mention = None
            cued = mention is not None or nobody
            if (
                mention is not None
                and mention.end <= piece.open
                and _CROWD_WHERE_RE.search(text, mention.end, piece.open)
            ):
                # "Park spoke near the office, where about 50 protesters had gathered,
                # chanting “...”": the crowd's words, whoever spoke nearby
                mention, nobody = None, True
                voiced.add(piece.open)
            if (
                mention is not None
                and mention.end <= piece.open
                and (
                    (
                        mention.rule in _SUBJECT_RULES
                        and _NEW_SUBJECT_RE.search(text, mention.end, piece.open)
                    )
                    or _AS_SUBJECT_RE.search(text, mention.end, piece.open)
                )
            ):
                # "Dana Cole led the campaign, and within weeks the campaign had sent letters
                # ... calling the plan a “...”": a new subject between her and the quote
                extra.append("new_subject_between")
            if mention is not None and _OTHERS_WORDS_RE.search(
                text, max(s_start, p_start, piece.open - 60), piece.open
            ):
                # "Walking in to chants of “Lia! Lia!,” the mayor said", "To a question on
                # the “sale of the ferry,” Park said": the crowd's or the asker's words
                mention, nobody = None, True
                voiced.add(piece.open)
            if mention is not None and mention.end <= piece.open:
                # "Lia Park said Tom Berg, her rival, had told her: “...”": speech within
                # speech is the inner speaker's, or no one's when only a pronoun names them
                told, inner_mention = inner_speaker(text, mention.end, piece.open)
                if told:
                    mention = inner_mention
                relayed = (
                    _relayed_from(text, max(s_start, p_start), mention, piece.open)
                    if mention is not None and mention.rule != "inner_speaker"
                    else None
                )
                if relayed is not None:
                    # "Quoting Tom Berg, Lia Park wrote: “...”", "Islanders said they were
                    # emboldened by Tom Berg’s warnings that if ..., “...”": Berg's words, as
                    # someone else gives them
                    mention = _by("inner_speaker", relayed)
                    extra.append("speech_within_speech")
            confidence: float = 0.0
            why: tuple[str, ...] = ()
            if mention is not None:
                speaker, role = resolver.resolve(mention, piece.open)
                resolver.spoke(speaker, mention.kind, mention.start)
                if (
                    mention.end <= piece.open
                    and mention.rule != "inner_speaker"
                    and reported_cue(text, max(s_start, p_start), mention, speaker)
                ):
                    # "Police sources have said he said “...”": a cue inside someone
                    # else's report of it
                    extra.append("speech_within_speech")
                if (
                    mention.kind == "name"
                    and mention.end <= piece.open
                    and _IN_PHRASE_RE.search(text, max(s_start, mention.start - 40), mention.start)
                ):
                    # "The authors of the study published in the journal Harbour Medicine
                    # argued that “...”": the name ends a phrase; the subject is before it
                    extra.append("name_in_phrase")
                if mention.end <= piece.open and _QUOTING_ASIDE_RE.match(text, mention.end):
                    # "Brask, quoting a union leader, told reporters the bill was “...”"
                    extra.append("speech_within_speech")
                if mention.start >= tail_start and _told_by_another(
                    text, max(s_start, p_start, piece.open - _TOLD_REACH), piece.open, speaker
                ):
                    # "Bin Salman told the Nvidia CEO that he was “...,” Huang said": the
                    # words are what Huang says someone else told him
                    extra.append("speech_within_speech")
                if (
                    mention.end <= piece.open
                    and _ACCORDING_BEFORE_RE.search(
                        text, max(s_start, mention.start - 20), mention.start
                    )
                    and _RELAYED_RE.match(text, mention.end, piece.open)
                ):
                    # "According to the Gazette, Berg told the crew that “...”": the words
                    # are Berg's, as the Gazette relays them; whoever gets them, not sure
                    extra.append("relayed_speech")
                confidence, why = mention_sureness(text, mention, speaker, piece.open)
                if extra:
                    kept, more = doubts(*extra)
                    confidence, why = confidence * kept, why + more
            prev_end = tail_end
            where = (mention.start, mention.end) if mention is not None else None
            if where is not None and speaker is not None and where[1] < piece.open:
                where = nearer_pronoun(text, resolver, speaker, where, piece.open)
            weak = mention is not None and mention.weak
            rule = mention.rule if mention is not None else None
            para_quotes.append(
                _Found(piece, speaker, role, cued, where, weak, rule, confidence, why)
            )
        # Second pass: quotes with no cue of their own.
        for k, found in enumerate(para_quotes):
            if found.cued:
                continue
            piece = found.piece
            s_start, _ = sentence_bounds(spans, piece.open)
            lead = text[max(s_start, p_start) : piece.open].strip(" \xa0\t—–-")
            starts_sentence = not lead or _CONNECTIVE_RE.fullmatch(lead) is not None
            donor: _Found | None = None
            rule = ""
            earlier = [
                f for f in para_quotes[max(0, k - _SENTENCE_REACH) : k] if f.speaker is not None
            ]
            same_sentence = [
                f for f in earlier if sentence_bounds(spans, f.piece.open)[0] == s_start
            ]
            later = _trailing_donor(para_quotes, k, spans, s_start)
            if same_sentence:
                # "“A,” he said, “B.”" and "he called it “A” and “B”": one speaker.
                donor = same_sentence[-1]
                if len(same_sentence) > 1 and _in_aside(text, same_sentence[-2], donor, piece):
                    # "He said, “A” - at which point the crowd chanted “B” - “and C”": C goes
                    # on from A, past the aside
                    donor = same_sentence[-2]
                after = _AFTER_CLAUSE_RE.match(text, donor.piece.end, piece.open)
                if after is not None and "," not in text[donor.piece.end - 1 : after.end()]:
                    after = None  # (only a clause closed by a comma: “A,” or “A”,)
                named = opening_mention(text, after.end(), piece.open) if after else None
                if named is not None and named.kind == "name":
                    # "While Berg calls it “A,” Lia Park fixates on “B”": a new subject
                    speaker, role = resolver.resolve(named, piece.open)
                    if speaker is not None and speaker != donor.speaker:
                        where = (named.start, named.end)
                        sure, why = mention_sureness(text, named, speaker, piece.open)
                        para_quotes[k] = _Found(
                            piece, speaker, role, True, where, False, "new_subject", sure, why
                        )
                        continue
                rule = "same_sentence"
            elif later is not None and (
                not starts_sentence or _SENTENCE_GOES_ON_RE.match(text, piece.end)
            ):
                # "It was “A” as donors waited for “B,” he said.": the cue after the last
                # quote of the sentence reports the whole sentence; so does it for a quote
                # opening a sentence that goes on ("“Unless stayed,” the order stands until
                # the judge “rules,” the Gazette said.")
                donor, rule = later, "later_in_sentence"
            elif starts_sentence and earlier:
                donor, rule = earlier[-1], "next_in_paragraph"
                cue = _cue_between(text, spans, donor.piece, s_start)
                if cue is not None:
                    # "“A,” X said. Then Y cut in. “B.”": the sentence between names Y
                    speaker, role = resolver.resolve(cue, piece.open)
                    if speaker is not None:
                        sure, why = mention_sureness(text, cue, speaker, piece.open)
                        para_quotes[k] = _Found(
                            piece,
                            speaker,
                            role,
                            True,
                            (cue.start, cue.end),
                            False,
                            "cue_between",
                            sure * _CARRIED,
                            why,
                        )
                        continue
                handed = _handed_on(text, donor.piece, s_start)
                if handed is not None:
                    # "“A,” X said, and her husband cut in. “B.”": B is the newcomer's, or
                    # no one's when the newcomer cannot be named
                    speaker, role = (
                        resolver.resolve(handed, piece.open)
                        if handed.kind != "pronoun"
                        else (None, None)
                    )
                    sure, why = 0.0, ()
                    if speaker is not None:
                        sure, why = mention_sureness(text, handed, speaker, piece.open)
                    where = (handed.start, handed.end) if speaker is not None else None
                    para_quotes[k] = _Found(
                        piece, speaker, role, True, where, False, "handed_on", sure, why
                    )
                    continue
            elif starts_sentence and k == 0:
                # A later quote in the same sentence may carry the cue: "“A,” “B,” X said."
                if k + 1 < len(para_quotes) and para_quotes[k + 1].cued:
                    nxt = para_quotes[k + 1]
                    if sentence_bounds(spans, nxt.piece.open)[0] == s_start:
                        donor, rule = nxt, "later_in_sentence"
                if (
                    donor is None
                    and prev_para_found is not None
                    and (prev_para_found.piece.close is None or piece.open == p_start)
                    and not (
                        is_scare(text[piece.open + 1 : piece.end])
                        and not _no_tail(text, para_quotes, k, p_end)
                    )
                ):
                    # (not a few words the sentence goes on from: "“Wild Rose” is out on DVD")
                    donor, rule = prev_para_found, "continued_paragraph"
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
                before = (
                    _last_char(text, s_start) if s_start > p_start else paragraphs[index - 1][1] - 1
                )
                prev_start, _ = sentence_bounds(spans, before)
                before_para = paragraphs[index - 1][0] if index > 0 else -1
                if prev_start >= p_start or prev_para_plain:
                    mention = last_cue(text, prev_start, s_start, first=True)
                    if mention is None:
                        inverted = SAID_NAME_RE.search(text, prev_start, s_start)
                        if inverted is not None:
                            mention = from_match(inverted, 0, None)
                    if mention is None:
                        # "Park backed the plan, saying she would vote for it. “...”"
                        saying = _SAYING_RE.search(text, prev_start, s_start)
                        if saying is not None:
                            mention = sentence_subject(text, resolver, prev_start, saying.start())
                    if mention is None and s_start <= p_start and prev_start == before_para:
                        # A one-sentence paragraph about a named person, then their quote
                        # (past an opening phrase: "In a video on Thursday, Park speculated")
                        intro = INTRO_PHRASE_RE.match(text, prev_start, s_start)
                        mention = opening_mention(
                            text, intro.end() if intro else prev_start, s_start
                        )
                    if mention is None and s_start <= p_start:
                        # A paragraph closing on what "he" or "she" did, then a quote
                        # standing alone: "He pointed to the deficit. ¶ “...”"
                        mention = pronoun_subject(text, prev_start, s_start)
                    if (
                        mention is not None
                        and s_start <= p_start
                        and mention.kind != "name"
                        and mention.text.lower() not in {"he", "she"}
                    ):
                        mention = None  # across paragraphs only a person carries on
                    if mention is None:
                        # "The council issued a statement on Monday. ¶ “...”": the issuer
                        mention = issued_statement(text, prev_start, s_start)
                    if mention is not None:
                        speaker, role = resolver.resolve(mention, piece.open)
                        if speaker is not None:
                            where = (mention.start, mention.end)
                            sure, why = mention_sureness(text, mention, speaker, piece.open)
                            para_quotes[k] = _Found(
                                piece,
                                speaker,
                                role,
                                True,
                                where,
                                False,
                                "sentence_before",
                                sure,
                                why,
                            )
                            continue
            if donor is not None and donor.speaker is not None:
                para_quotes[k] = _Found(
                    piece,
                    donor.speaker,
                    donor.role,
                    True,
                    donor.where,
                    rule=rule,
                    confidence=donor.confidence * carried(rule),
                    doubts=donor.doubts,
                )
        _paragraph_voice(text, spans, resolver, para_quotes, p_start)
        if para_quotes and index + 1 < len(paragraphs):
            _sign_off(text, resolver, para_quotes, paragraphs[index + 1], p_start, p_end)
        options = _option_list(text, [f.piece for f in para_quotes], spans)
        for found in para_quotes:
            piece = found.piece
            inner = text[piece.open + 1 : piece.end]
            if piece.open and text[piece.open - 1] == "=":
                continue  # markup left in the text: tweet-author="@edhenry"
            if in_code(text, piece.open, piece.close):
                continue  # a string in a line of code or a config file, not speech
            if piece.open in options or is_term(text, piece.open, inner):
                continue  # answer options, a term or a nickname: named, not said
            if _NICKNAME_RE.fullmatch(inner) and _in_name(text, piece):
                continue  # Gov. C.L. “Butch” Otter: a nickname inside a name
            if (
                is_scare(inner)
                and (not found.cued or found.speaker is None)
                and piece.open not in voiced
            ):
                continue
            if found.weak and len(WORDS_RE.findall(inner)) <= 2:
                continue
            if found.speaker is None and len(WORDS_RE.findall(inner)) >= 3 and title_case(inner):
                continue  # "How and Why Wonder Books", with no one to say it: a title
            body = _quote_text(inner)
            label = LABEL_RE.match(body)
            if label is not None and found.speaker is not None and label.end() < len(body):
                body = body[label.end() :]  # the label is the speaker, not part of the words
            if not body:
                continue
            end = piece.close + 1 if piece.close is not None else piece.end
            where = found.where
            sure, why = _sureness(text, spans, found, end, _outer(quotes, pieces_of, piece))
            quotes.append(
                Quote(
                    text=body,
                    speaker=found.speaker,
                    role=found.role,
                    start=piece.open,
                    end=end,
                    speaker_start=where[0] if where and found.speaker else None,
                    speaker_end=where[1] if where and found.speaker else None,
                    confidence=sure,
                    found_by=found_by(text, piece),
                    attributed_by=found.rule if found.speaker else None,
                    doubts=why if found.speaker else (),
                )
            )
            pieces_of.append(piece)
        prev_para_quoted = bool(quotes) and quotes[-1].start >= p_start
        last = para_quotes[-1] if para_quotes else None
        prev_para_found = last if last is not None and last.cued and last.speaker else None
        stripped = text[p_start:p_end].rstrip()
        if stripped.endswith(":"):
            colon_sent = sentence_bounds(spans, p_start + len(stripped) - 1)
            prev_para_colon = (colon_sent[0], p_start + len(stripped) - 1)
        else:
            prev_para_colon = None
    _carry_back(text, quotes, pieces_of, paragraphs)
    return quotes


# A new clause with a subject and a finite verb of its own between the sentence's subject and
# the quote: "Dana Cole led the campaign, and within weeks the campaign had sent letters"
_NEW_SUBJECT_RE = re.compile(
    r",\s+(?:and|but)\s+(?:(?:within|after|in|by|over|for)\s+(?:a\s+|the\s+)?[a-z]+"
    r"(?:\s+[a-z]+)?,?\s+)?(?:the|a|an|his|her|their|its)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?"
    r"\s+(?:had|has|have|was|were)\s+[a-z]+(?:ed|ent|en|ne)\b"
)
# "Park asks as a harbour clerk walks in, saying he is “...”": a nearer subject, in a clause
_AS_SUBJECT_RE = re.compile(
    r"\b(?:as|while|when)\s+(?:a|an|the|his|her|their)\s+[a-z]+(?:\s+[a-z]+)?\s+"
    r"(?:[a-z]+s|[a-z]+ed)\b[^“”\"]*,\s+(?:saying|adding|telling|calling|shouting|asking)\b"
)
_SUBJECT_RULES = frozenset({"clause_cue", "intro_subject", "known_subject", "embedded_cue"})
# A name closing a phrase that follows the sentence's subject ("The authors of the research
# published in the journal Harbour Medicine argued")
_IN_PHRASE_RE = re.compile(
    r"(?:\b(?:published|printed|reported|based|owned|run|led|posted|aired)\s+(?:in|by|on|at)\s+"
    r"(?:the\s+)?(?:journal|newspaper|magazine|paper|website|site|network|show|program|programme)?"
    # ("A post by the Secretariat on social media platform X said": X is where it was posted)
    r"|\b(?:on|via)\s+(?:the\s+)?(?:social\s+media\s+|social\s+|messaging\s+|video\s+)?"
    r"(?:platform|site|network|app|service))"
    r"\s*$"
)
# "..., according to a statement released by the court": a document carrying the words
_ACCORDING_DOCUMENT_RE = re.compile(
    r"\baccording\s+to\s+(?:a|an|the|his|her|their|its)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:statement|release|report|transcript|readout|filing|post|letter|video|recording)\b"
)
# Someone's words, named by a noun between the cue and the quote: "told reporters they were
# emboldened by Tom Berg’s repeated warnings, dating back to May, that “...”"
_OWNED_WORDS_RE = re.compile(
    rf"(?<![\w’'\-])(?P<who>{NAME_PATTERN})[’']s\s+(?:[a-z][\w\-]*\s+){{0,2}}?"
    r"(?:warnings?|threats?|promises?|pledges?|vows?|claims?|words|remarks?|statements?|"
    r"comments?|message|posts?|tweets?|assurances?|insistence)\b[^“”\"]{0,200}?\bthat\b"
    r"[^“”\"]*$"
)
_PREDICATE_BEFORE_RE = re.compile(r"\b(?:is|was|are|were|remains|seems|be|been)\s+(?:\w+\s+)?$")
# A sentence opening on whose words its speaker gives: "Quoting Tom Berg, Lia Park wrote:"
_QUOTING_OPENER_RE = re.compile(rf"\s*(?:Quoting|Citing)\s+(?P<who>{NAME_PATTERN})\s*,")
# The speaker quoting someone else, in an aside: "Brask, quoting a union leader, told ..."
_QUOTING_ASIDE_RE = re.compile(r"\s*,\s+(?:quoting|citing)\s+[^,“”\"]{1,60},")
# Someone telling someone else what a quote after it says, in the quote's own sentence, before
# a cue that comes after the quote: "Bin Salman ... told the Nvidia CEO that he was “...,”
# Huang said" (what Huang says Bin Salman told him)
_TOLD_BEFORE_RE = re.compile(
    r"\b(?:told|tells|assured|promised|warned)\s+(?:[\w’'\-]+\s+){1,4}?that\s+[^“”\".;!?]{0,160}$"
)
# ... unless the teller is a he, she or I, or the cue's own speaker, just before the verb ("he
# later told the Journal that ...: “...,” Roffman said")
_TELLER_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|I)\s+(?:[a-z]+\s+){0,2}$")
_TOLD_REACH = 240
_ACCORDING_BEFORE_RE = re.compile(r"\b[Aa]ccording\s+to\s+(?:[Tt]he\s+)?$")
# Someone else speaking between an "according to" source and the quote
_RELAYED_RE = re.compile(
    rf",\s+(?:{NAME_PATTERN}|[Hh]e|[Ss]he|[Tt]hey|"
    # ("According to AFP, one user on Weibo, which is ..., posted: “...”")
    r"(?:one|a|an|another|some|two|three|several|many)\s+[^“”\".;]{1,100}?)\s+"
    r"(?:\w+\s+){0,3}?(?:said|says|told|tells|added|wrote|warned|claimed|posted|tweeted)\b"
    r"[^“”\"]*$"
)
# A crowd gathered between a speaker and the quote: ", where about 50 protesters had gathered"
_CROWD_WHERE_RE = re.compile(
    r"[,—–]\s+where\s+(?:about\s+|some\s+|nearly\s+|more\s+than\s+)?(?:\d[\d,]*|dozens|hundreds|"
    r"thousands)\s+(?:of\s+)?[a-z]+\s+(?:had\s+|have\s+)?(?:gathered|marched|rallied|protested)"
    r"\b[^“”\"]*,\s+(?:chanting|shouting|singing|yelling|holding)"
)
# Words quoted as what others chanted or asked: "to chants of “...”", "a question on the “...”"
# (not the subject's own: "Supporters responded with chants of “...”")
_OTHERS_WORDS_RE = re.compile(
    r"\b(?i:to|amid|over|despite|by)\s+(?:the\s+|a\s+|loud\s+)?"
    r"(?:chants|cries|shouts|chorus|choruses|jeers|boos|cheers|question|questions)"
    r"\s+(?:of|on|about)\s+(?:the\s+|a\s+)?$"
)
# A speech verb inside an opening clause: "When someone in the crowd shouted, “...,” Berg joked"
_SHOUTED_RE = re.compile(
    r"\b(?:said|says|shouted|shouts|yelled|yells|chanted|chants|called\s+out|cried|asked|"
    r"asks|screamed|wrote|writes|tweeted|replied|answered)\b"
)
_MAIN_CLAUSE_RE = re.compile(r"[”\"]?\s*[,—–]\s")  # the opening clause closing after the quote


_ASIDE_DASH_RE = re.compile(r"\s(?:-|--|—|–)\s|—")


def _in_aside(text: str, before: _Found, donor: _Found, piece: Piece) -> bool:
    """Whether `donor` sits in a dashed aside between the quote `before` and `piece`
    ("“A” - at which point the crowd chanted “B” - “and C”")."""
    opened = before.piece.end
    return (
        _ASIDE_DASH_RE.search(text, opened, donor.piece.open) is not None
        and _ASIDE_DASH_RE.search(text, donor.piece.end, piece.open) is not None
    )


def _inside_opening_clause(text: str, s_start: int, piece: Piece) -> bool:
    """Whether `piece` is inside the opening clause, not right after the comma closing it
    ("Though campaigns cannot check every gift, “...,” Reed said": the main clause's)."""
    before = text[s_start : piece.open].rstrip()
    if not before.endswith(","):
        return True
    return _SHOUTED_RE.search(before, max(0, len(before) - 16)) is not None  # "shouted, “"


def _closes_opening_clause(text: str, piece: Piece, mention: Mention) -> bool:
    """Whether the opening clause holding `piece` closes right after it, before the main
    clause that holds the cue `mention` ("After Berg called it “a wreck,” Park wrote ...")."""
    if piece.close is None:
        return False
    closed = _MAIN_CLAUSE_RE.match(text, piece.close)
    if closed is None and text[piece.close - 1 : piece.close] == ",":
        closed = re.compile(r"[”\"]\s").match(text, piece.close)
    return closed is not None and closed.end() <= mention.start


_SUBORDINATE_OPENER_RE = re.compile(
    r"\s*(?:(?:But|And|Yet|So)\s+)?(?:(?:[Ee]ven|[Jj]ust)\s+)?"
    r"(?:[Aa]fter|[Aa]s|[Ww]hen|[Ww]hile|[Aa]lthough|[Tt]hough|[Bb]ecause|[Ss]ince|[Bb]efore|"
    r"[Oo]nce|[Ww]hereas|[Ii]f|[Uu]ntil)\s+"
)
# Quotes looked at around one quote for its sentence's other quotes. No sentence holds this
# many; a paragraph of thousands of quotes (a hostile page) stays linear.
_SENTENCE_REACH = 24
_AFTER_CLAUSE_RE = re.compile(r"[”\"]?,?\s+")  # the close of a quote's clause
_CLOSED_RE = re.compile(r"[,.;:!?—–]\s*$")  # a cue that ends before the next quote
# After a quote that opens its sentence with a comma: the sentence goes on with a subject of
# its own ("“Unless stayed,” the order will stand"), not a cue
_SENTENCE_GOES_ON_RE = re.compile(
    r"[”\"]\s+(?:the|a|an|this|that|it|its)\s+[a-z]+\s+(?!said\b|says\b)[a-z]+"
)
_SENTENCE_CLOSED_RE = re.compile(r"[.!?…][’'”\"]?\s*$")


def _introduces_next(text: str, piece: Piece, tail_start: int, tail_end: int) -> bool:
    """The words after a quote that closed its own sentence are a new sentence ending on a
    colon: the cue of what comes next, not of this quote ("“A,” she said, adding:" is not
    one: the quote ends on a comma)."""
    if not text[tail_start:tail_end].rstrip().endswith(":"):
        return False
    if _SENTENCE_CLOSED_RE.search(text, piece.open + 1, piece.end) is None:
        return False
    first = text[tail_start:tail_end].lstrip(" \xa0\t")[:1]
    return first.isupper()


_AND_RE = re.compile(r"\band\b")
# a participle reporting what the sentence's subject said: ", saying", "by adding"
_SAYING_RE = re.compile(
    r"(?:,|\bby)\s+(?:saying|adding|arguing|insisting|noting|explaining|stating|declaring|"
    r"warning|telling\s+[a-z]+)\b"
)


# Words that lead in to a quote right after them: "He answered, “", "...: “"
_LEADS_IN_RE = re.compile(r"[,:]\s*$|\b(?:that|as|of)\s*$")
_NEW_SENTENCE_PRONOUN_RE = re.compile(r"\s*(?:He|She|They|We|I|It)\b")  # “No!” She left.
# A sentence of its own reporting more speech, not a tag on the quote before it: "“Where will
# my children go?” She said she had no answer."
_REPORTS_ON_RE = re.compile(
    r"\s*(?:He|She|They)\s+(?:said|says|added|adds)\s+(?:that\b|(?:he|she|they|it|there|I|we|"
    r"the|a|an|his|her|their|its|this|these|those|no|some|many|most|all)\s)"
)
_NEW_SENTENCE_RE = re.compile(r"\s*(?:Her|His|Their|Its|Our|The|A|An|This|That|These|Those)\b")


# A sentence-opening word that carries on what was said: "Then, “...”", "But “...”".
_CONNECTIVE_RE = re.compile(
    r"(?:But|And|Then|Instead|Indeed|Still|Yet|So|Also|Moreover|However|Rather|Again|Plus|"
    # (a participle going on from the sentence before: "Park said ... . Adding, “...”")
    r"Adding|Continuing|Concluding)"
    r"(?: then)?,?"
)


# A line under a quote that names who said it: "— Lia Park, harbour master."
_SIGN_OFF_RE = re.compile(rf"\s*[-–—―]+\s*{MODS}{WHO}(?:,\s*(?P<role>[^“”\"]{{2,120}}?))?\.?\s*$")
_SIGN_OFF_REACH = 160  # longest sign-off line
_NICKNAME_RE = re.compile(r"[A-Z][\w’'.\-]*(?: [A-Z][\w’'.\-]*)?")
_NAME_BEFORE_RE = re.compile(r"(?:\b[A-Z][\w.\-]*|[A-Z]\.)\s+$")
_NAME_AFTER_RE = re.compile(r"\s+[A-Z][a-z]")


# A sentence offering choices before a run of quotes: "could pick “A,” “B” or “C”"
_CHOICE_RE = re.compile(
    r"\b(?:choos\w*|chose|chosen|pick\w*|select\w*|options?|answers?|answered|choices?|"
    r"between|whether|rang\w* from|categor\w+|responses?|rated?|ticked|checked|boxes)\b",
    re.IGNORECASE,
)
_OPTION_GAP_RE = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?")


def _option_list(text: str, pieces: list[Piece], spans: list[tuple[int, int]]) -> set[int]:
    """The openings of quotes that are answer options: two or more closed quotes parted only
    by commas, "and" or "or", after words that offer a choice in the same sentence ("voters
    could choose “A,” “B” or “C”"), or three or more whose list ends on "or"."""
    found: set[int] = set()
    run: list[Piece] = []
    for piece in [*pieces, None]:
        if (
            piece is not None
            and piece.close is not None
            and run
            and run[-1].close is not None
            and _OPTION_GAP_RE.fullmatch(text, run[-1].close + 1, piece.open) is not None
        ):
            run.append(piece)
            continue
        if len(run) >= 2:
            s_start, _ = sentence_bounds(spans, run[0].open)
            last_gap = text[run[-2].end : run[-1].open]
            offered = _CHOICE_RE.search(text, s_start, run[0].open) is not None
            if offered or (len(run) >= 3 and " or " in f" {last_gap} "):
                found.update(p.open for p in run)
        run = [piece] if piece is not None and piece.close is not None else []
    return found


def _in_name(text: str, piece: Piece) -> bool:
    """A quote set between two parts of a name (“Butch” in "Gov. C.L. “Butch” Otter")."""
    if piece.close is None:
        return False
    return (
        _NAME_BEFORE_RE.search(text, max(0, piece.open - 30), piece.open) is not None
        and _NAME_AFTER_RE.match(text, piece.close + 1) is not None
    )


# Examples named, not said: "terms such as “ambassador,” “attack” and “Libya”"
# How far back from a quote "such as“a,” “b,”" is looked for: a dozen short words, and a
# bound on hostile text (a paragraph of 4,000 quotes was quadratic here).
_WORD_LIST_REACH = 600
_WORD_LIST_RE = re.compile(
    r"\bsuch as\s*,?\s*"
    r"(?:[“\"][^“”\"]{1,40}[”\"]\s*,?\s*(?:and\s+|or\s+)?)*$"
)
# A sign-off line with no dash: a full name and the body they speak for, alone in the
# paragraph ("Lia Park, Harbour Policy Institute.").
_BARE_SIGN_OFF_RE = re.compile(
    rf"\s*(?P<who>{NAME_PATTERN}),\s*(?P<role>[A-Z][^“”\"\n,]{{2,100}}?)\.?[”\"]?\s*$"
)


# An aside set off by commas between a subject and its verb: "Park, meanwhile, said".
_ASIDE_RE = re.compile(rf",\s*(?:{ASIDES}),", re.IGNORECASE)


_APPOSITION_RE = re.compile(r"\s+(?:a|an|the|his|her|their|its|\d{1,3}\b)[^.;:!?\n“”\"]*$")


# What can stand right before a title's opening mark (a superset of is_title's test).
_TITLE_INTRO_RE = re.compile(r"(?:[’']s|[a-z]),?\s*[“\"]")


def _mask_titles(text: str, paragraphs: list[tuple[int, int]]) -> str:
    """`text` with titles blanked to en spaces, marks and all ("on Harbour TV’s “Week in
    Review,” Park said"): a title is no quote, its marks must not hide the cue around it, and
    its capitalised words are nobody's name."""
    chars: list[str] | None = None
    for index, (p_start, p_end) in enumerate(paragraphs):
        listed = _TITLE_LIST_RE.search(text, p_start, p_end) is not None
        if not listed and _TITLE_INTRO_RE.search(text, p_start, p_end) is None:
            continue  # (cheap: no possessive or word for a work right before a mark)
        pieces = pair_marks(text, p_start, p_end, index)
        in_list = _title_list(text, pieces) if listed else set()
        prev_title_end = -1
        for k, piece in enumerate(pieces):
            inner = text[piece.open + 1 : piece.end]
            if piece.close is None:
                continue
            if not (
                k in in_list
                or is_title(text, piece.open, inner)
                or (
                    # ("on “The View” and “The Late Show”": the second of a pair of titles)
                    prev_title_end >= 0
                    and _LIST_GAP_RE.fullmatch(text, prev_title_end, piece.open) is not None
                    and title_case(inner)
                )
            ):
                continue
            prev_title_end = piece.close + 1
            if chars is None:
                chars = list(text)
            # (the punctuation closing it stays: “Scandal,” ends an apposition, “Tough
            # Choices.” a sentence)
            keep = len(inner) - len(inner.rstrip(",.;:!?"))
            if inner.endswith(",") and text.endswith(", ", 0, piece.open):
                keep = 0  # "the show, “Tides,” who": the comma before it serves
            for i in range(piece.open, piece.close + 1):
                if not piece.close - keep <= i < piece.close:
                    chars[i] = "\u2002"
    return text if chars is None else "".join(chars)


def _mask_datelines(text: str, paragraphs: list[tuple[int, int]]) -> str:
    """`text` with a dateline opening one of the first paragraphs blanked to en spaces
    ("WASHINGTON (AP) — Mayor Lia Park said: “...”" opens on its subject, as after cleaning)."""
    for p_start, p_end in paragraphs[:DATELINE_PARAGRAPHS]:
        n = dateline_end(text[p_start:p_end])
        if n:
            text = text[:p_start] + "\u2002" * n + text[p_start + n :]
    return text


# Three quotes in a row, parted by commas or "and": perhaps a list of titles.
_TITLE_LIST_RE = re.compile(r"[”\"],?\s+(?:and\s+)?[“\"][^“”\"]{1,60}[”\"],?\s+(?:and\s+)?[“\"]")
_LIST_GAP_RE = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?")


def _title_list(text: str, pieces: list[Piece]) -> set[int]:
    """The indexes of pieces in a run of three or more short title-case quotes parted only by
    commas or "and" ("hits including “Black Water,” “China Grove” and “Minute by Minute”"):
    song, book or show titles, even with no word for a work before them."""
    found: set[int] = set()
    first = -1  # the index where the current run began, or -1
    last_close = -1  # where the run's last quote closed
    for k, piece in enumerate(pieces):
        inner = text[piece.open + 1 : piece.end]
        if piece.close is None or not title_case(inner):
            first = -1
            continue
        if first < 0 or _LIST_GAP_RE.fullmatch(text, last_close + 1, piece.open) is None:
            first = k
        last_close = piece.close
        if k - first == 2:
            found.update(range(first, k + 1))
        elif k - first > 2:
            found.add(k)
    return found


def _mask_asides(text: str, paragraphs: list[tuple[int, int]]) -> str:
    """`text` with each aside outside the quotes blanked to en spaces of the same length, so
    that cues read "Park, meanwhile, said" as "Park said" and every offset still holds."""
    asides = list(_ASIDE_RE.finditer(text))
    if not asides:
        return text
    inside = [
        (piece.open, piece.end)
        for index, (p_start, p_end) in enumerate(paragraphs)
        for piece in pair_marks(text, p_start, p_end, index)
    ]
    parts: list[str] = []
    last = 0
    for aside in asides:
        if any(open_ <= aside.start() <= end for open_, end in inside):
            continue  # the speaker's own words stay as they are
        parts.append(text[last : aside.start()])
        blank = "\u2002" * (aside.end() - aside.start())  # (a space no name runs across)
        before = text.rfind(",", max(last, aside.start() - 120), aside.start())
        if before >= 0 and _APPOSITION_RE.match(text, before + 1, aside.start()):
            blank = "," + blank[1:]  # "Park, the mayor, however, said": the role keeps its comma
        parts.append(blank)
        last = aside.end()
    parts.append(text[last:])
    return "".join(parts)


def _told_by_another(text: str, start: int, end: int, speaker: str | None) -> bool:
    """Whether text[start:end], before a quote, has someone other than `speaker` (the cue's,
    after the quote) telling someone else what the quote says."""
    told = _TOLD_BEFORE_RE.search(text, start, end)
    if told is None:
        return False
    teller = text[max(start, told.start() - 40) : told.start()]
    if _TELLER_RE.search(teller):
        return False
    surname = speaker.split()[-1] if speaker else ""
    return not (surname and re.search(rf"\b{re.escape(surname)}\s+(?:[a-z]+\s+){{0,2}}$", teller))


def _relayed_from(text: str, start: int, cue: Mention, q_open: int) -> Mention | None:
    """The named person whose words the cue's speaker gives: "Quoting X, Y wrote:" before
    the cue, or "X's warnings that ..." between the cue and the quote (not when the quote is
    said of those words: "Y said X's claim that ... is “simply not true”")."""
    relay = _QUOTING_OPENER_RE.match(text, start, cue.start)
    said_of = _PREDICATE_BEFORE_RE.search(text, max(0, q_open - 30), q_open) is not None
    if relay is None and cue.end <= q_open and not said_of:
        relay = _OWNED_WORDS_RE.search(text, cue.end, q_open)
    if relay is None:
        return None
    quoted = mention_of(relay.group("who"), relay.start("who"), None)
    return quoted if quoted is not None and quoted.kind == "name" else None


def _paragraph_voice(
    text: str,
    spans: list[tuple[int, int]],
    resolver: Resolver,
    found: list[_Found],
    p_start: int,
) -> None:
    """Quotes with no cue anywhere near them, in the sentences after one that closes on a
    roundup's credit, "said <Name> in <Outlet>." (also after a closing mark, with no outlet,
    or to an editorial board: "“...,” says the Gazette editorial board."): "The age has
    killed papers, said Lia Park in the Gazette. But at the Courier, “we are watching a
    murder.”" The credited writer's
    words run on until the next cue (a roundup column's voice). Theirs, never surely: the
    rule's trust keeps them under SURE. (Any earlier cue in the paragraph was tried too, and
    on PolNeAR train gave the right speaker to 5 of 18: not adopted.)"""
    credits: _Credits | None = None
    for k, item in enumerate(found):
        s_start, _ = sentence_bounds(spans, item.piece.open)
        if item.cued or item.speaker is not None or s_start <= p_start:
            continue
        if credits is None:  # (the paragraph's credits, found once)
            credits = _Credits(text, p_start, found[-1].piece.open)
        credit = credits.voice_at(s_start)  # (none once another cue follows it)
        if credit is None:
            continue
        credit = dataclasses.replace(credit, rule="paragraph_voice")
        speaker, role = resolver.resolve(credit, item.piece.open)
        if speaker is None:
            continue
        sure, why = mention_sureness(text, credit, speaker, item.piece.open)
        found[k] = _Found(
            item.piece,
            speaker,
            role,
            False,  # (still uncued: a scare quote stays dropped)
            (credit.start, credit.end),
            item.weak,
            "paragraph_voice",
            sure,
            why,
        )


# "..., said Lia Park in the Gazette." / "“...,” says Tom Berg." / "says the Gazette
# editorial board.": a roundup's credit closing a sentence
_ROUNDUP_CREDIT_RE = re.compile(
    rf",[”\"]?\s+(?:said|says|writes|wrote|argues|argued)\s+(?:{WHO}|(?P<np>the\s+"
    # ("says the Miami Herald editorial board."
    rf"(?:[A-Z][\w’'\-]*\s+){{1,4}}(?:editorial\s+board|editors)))(?:\s+(?:in|at|for)\s+"
    rf"(?:the\s+)?{NAME_PATTERN})?\s*[.;]"
)


class _Credits:
    """A paragraph's roundup credits, asked in order of the sentences after them which one
    is the voice there: the last before the sentence, when no other cue follows it. The text
    after a credit is searched for cues once, sentence by sentence (searched again for every
    quote, one credit and many quotes after it took time as the square of their number)."""

    __slots__ = ("_blocked", "_checked", "_current", "_ends", "_found", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text = text
        self._found = list(_ROUNDUP_CREDIT_RE.finditer(text, start, end))
        self._ends = [c.end() for c in self._found]
        self._current = -1  # the credit the last sentence asked about
        self._checked = 0  # how far past it the text was searched for a cue
        self._blocked = False  # and whether one was found there

    def voice_at(self, s_start: int) -> Mention | None:
        i = bisect.bisect_right(self._ends, s_start) - 1
        if i < 0:
            return None
        if i != self._current:
            self._current, self._checked, self._blocked = i, self._ends[i], False
        if not self._blocked and self._checked < s_start:
            self._blocked = last_cue(self._text, self._checked, s_start) is not None
            self._checked = s_start
        return None if self._blocked else from_match(self._found[i], 0, None)


def _known_subject(
    text: str, resolver: Resolver, s_start: int, end: int, after_scare: bool
) -> Mention | None:
    """The sentence's subject before a partial quote, from a known person only: "Lia Park
    thanked the crew for “...”" (any verb), "Park’s slogan is “...”" (her words, named)."""
    mention = clause_cue(text, s_start, end, after_scare=after_scare, any_verb=True)
    if mention is None or not known_person(resolver, mention):
        mention = words_of(text, s_start, end)
    if mention is None or not known_person(resolver, mention):
        return None
    return mention


def _sign_off(
    text: str,
    resolver: Resolver,
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
    bare = match is None
    if bare:
        match = _BARE_SIGN_OFF_RE.match(text, f_start, f_end)
    if match is None:
        return
    mention = mention_of(match.group("who"), match.start("who"), match.group("role"))
    if mention is None or mention.kind != "name":
        return
    full_person = len(mention.text.split()) >= 2 and not (
        is_organisation(mention.text) or is_place(mention.text)
    )
    if bare and not full_person:
        return  # a bare line names a person in full ("Denver, Colorado." is a place)
    speaker, role = resolver.resolve(mention, f_start)
    sure, why = mention_sureness(text, mention, speaker, f_start)
    sure *= RULES["sign_off"].confidence
    for k, f in enumerate(found):
        where = (mention.start, mention.end)
        found[k] = _Found(f.piece, speaker, role, True, where, False, "sign_off", sure, why)


_NAME_BEFORE_COLON_RE = re.compile(rf"(?:^|[\s(])(?P<who>{NAME_PATTERN})\s*$")


def _name_before_colon(text: str, resolver: Resolver, start: int, colon: int) -> Mention | None:
    """A person's full name right before the colon that opens a quote, when the sentence
    has no speaking subject of its own ("... did not surprise engineer Lia Park: “...”")."""
    match = _NAME_BEFORE_COLON_RE.search(text, max(start, colon - 80), colon)
    if match is None or text[max(0, match.start("who") - 4) : match.start("who")] == "and ":
        return None  # (not one of two: "More from Lia Park and Tom Berg:")
    mention = mention_of(match.group("who"), match.start("who"), None)
    if mention is None or mention.kind != "name" or " " not in mention.text:
        return None
    return mention if known_person(resolver, mention) else None


def _last_char(text: str, s_start: int) -> int:
    """Where the sentence before `s_start` ends: its last character, past the spaces (one or
    a run of them) between the two."""
    at = s_start - 1
    while at > 0 and text[at].isspace():
        at -= 1
    return at


def _cue_between(
    text: str, spans: list[tuple[int, int]], before: Piece, s_start: int
) -> Mention | None:
    """The cue of the sentence just before `s_start`, when it has no quote of its own and
    comes after the quote `before` ("... the judge interrupted me. “...”")."""
    prev_start, _ = sentence_bounds(spans, _last_char(text, s_start))
    end_before = before.end + 1
    if prev_start < end_before or ANY_MARK_RE.search(text, prev_start, s_start):
        return None
    mention = last_cue(text, prev_start, s_start, first=True)
    if mention is None:
        mention = opening_mention(text, prev_start, s_start)
    return mention


# The floor handed on at the end of a cue's sentence: "“A,” X said, and her husband cut in."
_HANDED_ON_RE = re.compile(
    r",?\s+and\s+(?P<who>(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa]n?other)\s+[a-z][\w\-]+"
    rf"(?:\s+[a-z][\w\-]+)?|{NAME_PATTERN}|he|she|they)\s+(?:then\s+|quickly\s+)?"
    r"(?:cut\s+in|broke\s+in|chimed\s+in|jumped\s+in|butted\s+in|interjected|interrupted"
    r"(?:\s+(?:him|her|them|me|us))?|replied|responded|answered|shot\s+back|countered)"
    r"\s*[.!]?\s*$"
)


def _handed_on(text: str, before: Piece, s_start: int) -> Mention | None:
    """Who takes the floor at the end of the sentence of the quote `before`, after its cue,
    when the next sentence is a quote ("“A,” X said, and her husband cut in. “B.”")."""
    if before.close is None:
        return None
    match = _HANDED_ON_RE.search(text, before.close + 1, s_start)
    if match is None:
        return None
    found = mention_of(match.group("who"), match.start("who"), None)
    return _by("handed_on", found)


def _trailing_donor(
    found: list[_Found], k: int, spans: list[tuple[int, int]], s_start: int
) -> _Found | None:
    """The first later quote of the same sentence, when its cue follows it."""
    for later in found[k + 1 : k + 1 + _SENTENCE_REACH]:
        if sentence_bounds(spans, later.piece.open)[0] != s_start:
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
    text: str, quotes: list[Quote], pieces: list[Piece], paragraphs: list[tuple[int, int]]
) -> None:
    """A quote running on over paragraphs is often attributed only in its last paragraph
    (not a transcript, whose paragraphs each open with their own label)."""
    for i in range(len(quotes) - 2, -1, -1):
        here, nxt = pieces[i], pieces[i + 1]
        if quotes[i].speaker is not None or here.close is not None:
            continue
        if LABEL_RE.match(text, here.open + 1, here.end) or LABEL_RE.match(
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
            confidence=round(donor.confidence * carried("carried_back"), 3),
            attributed_by="carried_back",
            doubts=donor.doubts,
        )
