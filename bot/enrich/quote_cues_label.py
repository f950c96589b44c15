"""Family "label or sign-off": a transcript's speaker label opening the quote.

The rule (`quote_rules.RULES`) and the sentence it was written for:

- `label`: “LIA PARK: We will rebuild the pier.” (`LABEL_RE`; `NOT_LABELS` are capitals that
  are not names, such as "UPDATE" or "NOTE"; `label_name` gives "Lia Park", checked against the
  article by `named_in_text`)

`sign_off` ("— Lia Park, harbour master." on the line after the quote) is a branch of `quotes`.
"""

from __future__ import annotations

import re

from .lexicon import words

__all__ = [
    "LABEL_RE",
    "NOT_LABELS",
    "label_name",
    "named_in_text",
]


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
