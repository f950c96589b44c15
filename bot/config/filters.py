"""The channel filter syntax, shared by config validation and delivery.

A filter comes from config.toml or from chat, so it is untrusted: a regular expression is run
by the `regex` package with a time limit (a pattern such as `(a+)+$` could otherwise hold the
event loop for minutes on a crafted title). Plain words are matched as whole words,
case-insensitively ("AI" does not match "said"); `/pattern/` is a regular expression, also
case-insensitive.

This module lives in `bot/config` (the bottom layer) so that `check-config`, a reload and a chat
edit refuse a filter that cannot compile with the very code delivery uses to run it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex  # type: ignore[import-untyped]

__all__ = ["REGEX_TIMEOUT_S", "Filter", "FilterError", "Match", "cached_filter", "check_filter"]

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
        except (regex.error, OverflowError, ValueError, RecursionError) as e:
            raise FilterError(text, f"is not a valid regular expression ({e})") from e

    def search(self, text: str) -> Match:
        try:
            return Match(self._compiled.search(text, timeout=REGEX_TIMEOUT_S) is not None)
        except TimeoutError:
            return Match(False, timed_out=True)

    def __str__(self) -> str:
        return f"regex {self.text}" if self.is_regex else repr(self.text)


@functools.lru_cache(maxsize=1024)
def cached_filter(text: str) -> Filter:
    """Routing builds a channel's filters for every article; compile each text once."""
    return Filter(text)


def check_filter(text: str) -> str | None:
    """Why `text` cannot be a filter, or None if it can (config validation, chat commands)."""
    try:
        cached_filter(text)
    except FilterError as e:
        return str(e)
    return None
