"""Channel filters: include/exclude words, phrases or regular expressions on title and summary.

The syntax (and the compile check config validation uses) is in `bot.config.filters`; this
module applies a channel's lists to an article. A filter that cannot be applied never widens
what is posted: a channel with a filter that does not compile (stored before validation
existed) receives nothing until it is fixed, and an exclude regex that runs out of time counts
as a match (the article is held back), while an include regex that runs out of time counts as
no match. Either way the decision's notes say so, and `newsbot why` shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.config.filters import Filter, FilterError, Match, cached_filter, check_filter

__all__ = ["Filter", "FilterError", "FilterSet", "Match", "Verdict", "check_filter"]


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool
    reason: str  # "" when passed with no filter involved
    notes: tuple[str, ...] = ()  # e.g. a regex that timed out


class FilterSet:
    """A channel's include and exclude lists. An article passes when no exclude entry matches
    and, if there are include entries, at least one of them does. Entries that cannot compile
    are kept aside (`broken`); while there are any, nothing passes: dropping a broken exclude
    (or the only include) would post what the channel asked not to receive."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> None:
        self.broken: list[str] = []
        self.include = self._compile(include)
        self.exclude = self._compile(exclude)

    def _compile(self, texts: Iterable[str]) -> list[Filter]:
        out = []
        for t in texts:
            try:
                out.append(cached_filter(str(t)))
            except FilterError as e:
                self.broken.append(str(e))
        return out

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FilterSet:
        def listed(key: str) -> list[str]:
            v = settings.get(key) or ()
            return [v] if isinstance(v, str) else [str(x) for x in v]

        return cls(listed("include"), listed("exclude"))

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude or self.broken)

    def check(self, title: str, summary: str) -> Verdict:
        if self.broken:
            return Verdict(
                False,
                "filtered: a filter of this channel cannot be applied, so nothing is posted "
                "until it is fixed",
                tuple(self.broken),
            )
        text = f"{title}\n{summary}"
        notes: list[str] = []
        for f in self.exclude:
            m = f.search(text)
            if m.timed_out:
                return Verdict(
                    False,
                    f"filtered: exclude {f} timed out, so the article is held back",
                    (f"exclude {f} timed out and counted as a match",),
                )
            if m.matched:
                return Verdict(False, f"filtered by exclude {f}")
        if self.include:
            for f in self.include:
                m = f.search(text)
                if m.timed_out:
                    notes.append(f"include {f} timed out and counted as no match")
                elif m.matched:
                    return Verdict(True, f"include {f} matched", tuple(notes))
            names = ", ".join(str(f) for f in self.include)
            return Verdict(
                False, f"filtered: matches none of the include filters ({names})", tuple(notes)
            )
        return Verdict(True, "", tuple(notes))
