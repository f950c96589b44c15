"""Channel filters: include/exclude words, phrases or regular expressions on title and summary.

A filter comes from config.toml or from chat, so it is untrusted: a regular expression is run
by the `regex` package with a time limit (a pattern such as `(a+)+$` could otherwise hold the
event loop for minutes on a crafted title). A pattern that times out counts as no match, and the
decision says so. Plain words are matched as whole words, case-insensitively ("AI" does not match
"said"); `/pattern/` is a regular expression, also case-insensitive.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import regex  # type: ignore[import-untyped]

__all__ = ["Filter", "FilterError", "FilterSet", "check_filter"]

#: Longest a regex may run on one article's title + summary.
REGEX_TIMEOUT_S = 0.05
_MAX_PATTERN = 300


class FilterError(ValueError):
    def __init__(self, text: str, message: str) -> None:
        super().__init__(f"filter {text!r}: {message}")
        self.text = text


@dataclass(frozen=True, slots=True)
class Match:
    matched: bool
    timed_out: bool = False


class Filter:
    """One include or exclude entry, compiled once."""

    __slots__ = ("_compiled", "is_regex", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        body = text.strip()
        if not body:
            raise FilterError(text, "is empty")
        if len(body) > _MAX_PATTERN:
            raise FilterError(text, f"is longer than {_MAX_PATTERN} characters")
        self.is_regex = len(body) >= 2 and body.startswith("/") and body.endswith("/")
        if self.is_regex:
            pattern = body[1:-1]
        else:  # a word or phrase: whole words, any run of spaces between them
            words = r"\s+".join(regex.escape(w) for w in body.split())
            pattern = r"(?<!\w)" + words + r"(?!\w)"
        try:
            self._compiled: Any = regex.compile(pattern, regex.IGNORECASE | regex.V0)
        except regex.error as e:
            raise FilterError(text, f"is not a valid regular expression ({e})") from e

    def search(self, text: str) -> Match:
        try:
            return Match(self._compiled.search(text, timeout=REGEX_TIMEOUT_S) is not None)
        except TimeoutError:
            return Match(False, timed_out=True)

    def __str__(self) -> str:
        return f"regex {self.text}" if self.is_regex else repr(self.text)


@functools.lru_cache(maxsize=1024)
def _cached_filter(text: str) -> Filter:
    """Routing builds a channel's filters for every article; compile each text once."""
    return Filter(text)


def check_filter(text: str) -> str | None:
    """For chat commands: why `text` cannot be a filter, or None if it can."""
    try:
        Filter(text)
    except FilterError as e:
        return str(e)
    return None


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool
    reason: str  # "" when passed with no filter involved
    notes: tuple[str, ...] = ()  # e.g. a regex that timed out


class FilterSet:
    """A channel's include and exclude lists. An article passes when no exclude entry matches
    and, if there are include entries, at least one of them does. Entries that cannot compile
    are kept aside (`broken`) and ignored, so one bad filter does not stop a channel."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> None:
        self.broken: list[str] = []
        self.include = self._compile(include)
        self.exclude = self._compile(exclude)

    def _compile(self, texts: Iterable[str]) -> list[Filter]:
        out = []
        for t in texts:
            try:
                out.append(_cached_filter(str(t)))
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
        return bool(self.include or self.exclude)

    def check(self, title: str, summary: str) -> Verdict:
        text = f"{title}\n{summary}"
        notes: list[str] = []
        for f in self.exclude:
            m = f.search(text)
            if m.timed_out:
                notes.append(f"exclude {f} timed out and was ignored")
            elif m.matched:
                return Verdict(False, f"filtered by exclude {f}", tuple(notes))
        if self.include:
            for f in self.include:
                m = f.search(text)
                if m.timed_out:
                    notes.append(f"include {f} timed out and was ignored")
                elif m.matched:
                    return Verdict(True, f"include {f} matched", tuple(notes))
            names = ", ".join(str(f) for f in self.include)
            return Verdict(
                False, f"filtered: matches none of the include filters ({names})", tuple(notes)
            )
        return Verdict(True, "", tuple(notes))
