"""Speech cues around one quote, each read as a `Mention` of whoever spoke: the cue finders,
grouped by the rule families of `quote_rules`.

A cue finder reads the words after or before a quote ("X said", "said X, a spokesman for Y",
"According to X,", "X told the crowd that “...”", a transcript label) and returns the mention as
written: a name, a noun phrase or a pronoun. It does not decide whom a pronoun or a surname
stands for; that needs the whole article and is `quote_speakers`' job.

To find why a quote went to a person, take the rule name `newsbot preview --explain` prints,
look it up in `quote_rules.RULES` (its family and the sentence it was written for), then read
its finder in the module of that family:

- `quote_cues_after`: a cue after the quote ("“...,” Lia Park said"): `tail_cue`,
  `tail_apposition_cue`, `trailing_cue`, `came_reply`;
- `quote_cues_before`: a cue before the quote ("Lia Park said: “...”"): `head_cue`, `last_cue`,
  `asked_cue`, `passive_cue`, `who_cue`, `with_cue`, `parenthetical_cue`, `opening_mention`;
- `quote_cues_subject`: the subject of the quote's own sentence ("Lia Park thanked the crew for
  “...”"): `words_of`, `claim_cue`, `used_words`, `clause_cue`, `embedded_cue`, `relative_cue`,
  `nearest_subject`, `pronoun_subject`, `issued_statement`;
- `quote_cues_label`: a transcript label (“LIA PARK: ...”);
- `quote_mention`: what they all return (`Mention`, `from_match`, `mention_of`) and the
  patterns they share.

The rules carried from another quote, and the few applied as branches, live in `quotes`. This
module re-exports the finders so that `quotes`, `quote_speakers` and `quote_rules` import them
from one place.
"""

from __future__ import annotations

from .quote_cues_after import (
    came_reply,
    tail_apposition_cue,
    tail_cue,
    trailing_cue,
)
from .quote_cues_before import (
    asked_cue,
    head_cue,
    last_cue,
    opening_mention,
    parenthetical_cue,
    passive_cue,
    reduced_passive,
    who_cue,
    with_cue,
)
from .quote_cues_label import (
    LABEL_RE,
    NOT_LABELS,
    label_name,
    named_in_text,
)
from .quote_cues_subject import (
    INTRO_PHRASE_RE,
    OPENING_NP_RE,
    claim_cue,
    clause_cue,
    embedded_cue,
    issued_statement,
    nearest_subject,
    pronoun_subject,
    relative_cue,
    used_words,
    words_of,
)
from .quote_mention import (
    AFFILIATION,
    AFTER_SUBJECT_RE,
    CALENDAR_WORDS,
    DOCUMENT_NOUNS,
    FULL_NAME_RE,
    INTRO_RE,
    NAME_BEFORE_APPOSITION_RE,
    OWN_THING_RE,
    PRONOUN_START_RE,
    SAID_NAME_RE,
    SPEECH_VERB_IN_WHO_RE,
    Mention,
    clean_who,
    from_match,
    is_speaker_np,
    last_match,
    mention_of,
    pronoun_of,
    role_from_rest,
)

__all__ = [
    "AFFILIATION",
    "AFTER_SUBJECT_RE",
    "CALENDAR_WORDS",
    "DOCUMENT_NOUNS",
    "FULL_NAME_RE",
    "INTRO_PHRASE_RE",
    "INTRO_RE",
    "LABEL_RE",
    "NAME_BEFORE_APPOSITION_RE",
    "NOT_LABELS",
    "OPENING_NP_RE",
    "OWN_THING_RE",
    "PRONOUN_START_RE",
    "SAID_NAME_RE",
    "SPEECH_VERB_IN_WHO_RE",
    "Mention",
    "asked_cue",
    "came_reply",
    "claim_cue",
    "clause_cue",
    "clean_who",
    "embedded_cue",
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
    "passive_cue",
    "pronoun_of",
    "pronoun_subject",
    "reduced_passive",
    "relative_cue",
    "role_from_rest",
    "tail_apposition_cue",
    "tail_cue",
    "trailing_cue",
    "used_words",
    "who_cue",
    "with_cue",
    "words_of",
]
