"""bot.textsafe: what counts as a control character, and the log formatter that escapes them."""

from __future__ import annotations

import io
import logging
import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.textsafe import (
    EscapingFormatter,
    LogLines,
    clean_line,
    clean_text,
    clean_url,
    escape_controls,
    has_controls,
)

# Everything that must never survive cleaning (tab and newline are allowed by clean_text only).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
SURROGATE = re.compile("[\ud800-\udfff]")
HOSTILE = "\x1b[31m\x07\x9b2J\r\n\x85\u202e\u2066\u2028\x00\x7f\ud800"

# Text built mostly from the characters that matter, so every case mixes them with plain text.
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(HOSTILE + "\t\n\u200e\u200f\u061c %/:ab")),
        st.characters(),
    )
)
plain = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
)


@given(texts)
@example(HOSTILE)
def test_clean_text_leaves_no_control_but_tab_and_newline_and_is_idempotent(s: str) -> None:
    out = clean_text(s)
    assert not FORBIDDEN.search(out) and not SURROGATE.search(out)
    assert clean_text(out) == out


@given(texts)
@example("title\n2026-12-07 01:00:00,000 ERROR forged")
def test_clean_line_is_one_line_and_idempotent(s: str) -> None:
    out = clean_line(s)
    assert not FORBIDDEN.search(out) and not SURROGATE.search(out)
    assert "\n" not in out and "\t" not in out and len(out.splitlines()) <= 1
    assert clean_line(out) == out


@given(plain)
def test_plain_text_is_unchanged(s: str) -> None:
    assert clean_line(s) == s
    assert clean_text(s) == s
    assert escape_controls(s) == s


def test_line_breaks_of_every_kind_become_one_newline_or_one_space() -> None:
    assert clean_text("a\r\nb\rc\u2028d\x85e") == "a\nb\nc\nd\ne"
    assert clean_line("a\r\n\tb\u2029c") == "a b c"
    # What right-to-left text needs is kept; what reorders the display is not.
    assert clean_line("\u05d0\u200f1\u061c \u202eabc\u202c") == "\u05d0\u200f1\u061c abc"
    assert clean_line("x\ud800y") == "x\ufffdy"  # SQLite and print() cannot encode it


@given(texts)
def test_clean_url_holds_no_control_and_is_idempotent(s: str) -> None:
    out = clean_url(s)
    assert not FORBIDDEN.search(out) and not SURROGATE.search(out)
    assert " " not in out and "\t" not in out and "\n" not in out
    assert clean_url(out) == out


def test_clean_url_reads_a_url_the_way_a_browser_does() -> None:
    url = "https://news.example/a/b?c=d&e=%0d%0a#f"
    assert clean_url(url) == url  # already-encoded text is left as it is
    # Edges trimmed, tab/CR/LF removed (WHATWG), the rest percent-encoded as UTF-8.
    assert clean_url(" \x1bhttps://h.example/a\r\nb c\x1b[2J\u202e ") == (
        "https://h.example/ab%20c%1B[2J%E2%80%AE"
    )


@given(texts)
def test_escape_controls_makes_every_control_visible(s: str) -> None:
    out = escape_controls(s)
    assert not has_controls(out) and not SURROGATE.search(out)
    assert escape_controls(out) == out
    kept = escape_controls(s, keep_newlines=True)
    assert not has_controls(kept.replace("\n", ""))


def test_escape_controls_names_what_it_escaped() -> None:
    assert escape_controls("a\x1b[31m\n\u202e\x9b") == "a\\x1b[31m\\n\\u202e\\x9b"


def _log(*args: object, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(EscapingFormatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("tests.textsafe")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        fmt, *rest = args
        logger.warning(fmt, *rest, exc_info=(type(exc), exc, exc.__traceback__) if exc else None)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_log_arguments_cannot_start_a_record_of_their_own() -> None:
    forged = "Harbour\n2026-12-07 01:00:00,000 ERROR bot.app: forged\x1b]0;pwn\x07"
    out = _log("source %s: %s (%d new)\nsecond line is ours", "Desk", forged, 3)
    lines = out.splitlines()
    assert lines[0].startswith("WARNING tests.textsafe: source Desk: Harbour\\n2026-12-07")
    assert "\\x1b]0;pwn\\x07 (3 new)" in lines[0]
    assert lines[1] == "second line is ours"  # the program's own newline is kept
    assert len(lines) == 2 and not has_controls(out.replace("\n", ""))


def test_log_repr_arguments_dict_arguments_and_tracebacks_are_escaped() -> None:
    assert "'a\\x1b'" in _log("%r", "a\x1b")
    assert "x=\\u202e" in _log("x=%(x)s", {"x": "\u202e"})
    try:
        raise ValueError("boom\x1b[2J\x07")
    except ValueError as e:
        out = _log("failed", exc=e)
    assert "ValueError: boom\\x1b[2J\\x07" in out and not has_controls(out.replace("\n", ""))


def test_log_lines_of_the_programs_making_keep_their_newlines() -> None:
    out = _log("%s\nnot reloaded", LogLines("config.toml:3: bad\nconfig.toml:9: worse\x1b"))
    assert out.splitlines()[1:] == ["config.toml:9: worse\\x1b", "not reloaded"]
