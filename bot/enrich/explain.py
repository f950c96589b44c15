"""Why each quote went to its speaker, in words: the lines `newsbot preview --explain` prints.

Each quote names the rule that found its marks (`quote_rules.FOUND_BY`) and the rule that gave
it its speaker (`quote_rules.RULES`), with that rule's family, the sentence it was written for
and the attribution's confidence, then each named doubt that lowered that confidence
(`quote_rules.DOUBTS`: a pronoun far from the name, a second source, speech within speech...)
with the share of trust it keeps and the shape it was written for, so that a reader who
doubts a speaker can find the rule and its code by name.
"""

from __future__ import annotations

from collections.abc import Sequence

from .keyquotes import placeable
from .quote_rules import DOUBTS, FOUND_BY, RULES, SURE
from .types import Quote

__all__ = ["explain_quotes"]

_SHOWN = 90  # characters of a quote shown


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"


def explain_quotes(quotes: Sequence[Quote], key_quotes: Sequence[Quote] = ()) -> list[str]:
    """Lines explaining every quote in `quotes`; those in `key_quotes` are marked [key]."""
    keys = {(q.start, q.end) for q in key_quotes}
    lines = [
        f"Quotes: {len(quotes)} found, {len(key_quotes)} chosen as key quotes (sure: >= {SURE})"
    ]
    for n, q in enumerate(quotes, 1):
        mark = " [key]" if (q.start, q.end) in keys else ""
        lines.append(f"{n:>2}.{mark} “{_short(q.text)}”")
        found = FOUND_BY.get(q.found_by, "")
        lines.append(f"    found by: {q.found_by or '?'}" + (f" ({found})" if found else ""))
        if q.speaker is None:
            lines.append("    speaker: none (no cue names who said it)")
            continue
        role = f" ({q.role})" if q.role else ""
        if q.confidence < SURE:
            sure = "unsure: never a key quote"
        elif placeable(q):
            sure = "sure"
        else:  # "the premier", "a spokesperson", "Iran": right, but no one a post can show
            sure = "sure, but never a key quote: the speaker is described, not named, or a place"
        lines.append(f"    speaker: {q.speaker}{role}, confidence {q.confidence:.2f} ({sure})")
        rule = RULES.get(q.attributed_by or "")
        if rule is None:
            lines.append(f"    attributed by: {q.attributed_by or '?'}")
        else:
            lines.append(f"    attributed by: {rule.name} ({rule.family})")
            lines.append(f"      written for: {rule.example}".replace("\n", " ¶ "))
        for name in q.doubts:
            known = DOUBTS.get(name)
            if known is None:
                lines.append(f"    doubt: {name}")
            else:
                lines.append(f"    doubt: {name} (x{known.factor:.2f}): {known.example}")
    return lines
