"""Text from feeds and servers made safe for the store, a log line and a terminal.

Why one leaf module (it imports nothing from ``bot``): every layer that lets outside text in
(``bot/sources``, the pipeline) or prints it (the CLI, the console adapter, logging) must agree on
what a control character is, and ``bot/sources`` sits below the adapters and the CLI.

What is removed, and why:

- C0 controls (U+0000–U+001F), DEL and C1 controls (U+0080–U+009F): ESC and CSI (U+009B) start
  terminal escape sequences (colours, cursor moves, window titles, OSC 52 clipboard writes), BEL
  rings, CR returns to the start of the line so that later text overwrites what a log line said.
- Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what is
  displayed after them ("Trojan Source"), so a URL or a log line can read differently from what
  it is. The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) are kept: right-to-left text needs
  them and each affects one position only.
- Line and paragraph separators (U+2028, U+2029), NEL (U+0085, a C1 control) and the other
  characters Python's ``str.splitlines`` breaks at: a log reader may split there too.
- Lone surrogates (from JSON ``"\\ud800"``) become U+FFFD: they cannot be encoded as UTF-8, so
  SQLite or ``print`` would raise on them.

``clean_text`` keeps tab and newline (bodies have paragraphs); ``clean_line`` makes one line of
text (titles, names, ids, error messages); ``clean_url`` follows the WHATWG URL standard, so a
cleaned link still opens what a browser would have opened; ``escape_controls`` makes controls
visible instead of dropping them, for printing text that may predate this module.
"""

from __future__ import annotations

import logging
import re
from typing import Any

__all__ = [
    "EscapingFormatter",
    "LogLines",
    "clean_line",
    "clean_text",
    "clean_url",
    "escape_controls",
    "escape_log_records",
    "has_controls",
    "redact_webhook_tokens",
]

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATE = "\ud800-\udfff"
# Dropped everywhere (tab, newline and CR are handled by the callers below).
_DROP = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ONE_LINE_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_LONE_SURROGATE = re.compile(f"[{_SURROGATE}]")
# What a URL may not hold raw: controls, space, bidi controls, separators, surrogates.
_URL_ESCAPE = re.compile(f"[\x00-\x20\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATE}]")
_URL_EDGE = "".join(map(chr, range(0x21)))  # C0 controls and space (WHATWG strips them)
_URL_REMOVE = re.compile("[\t\n\r]")
# Anything clean_text would change (one search: most text has nothing to clean).
_TEXT_WORK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATE}]")
# Everything a terminal or a log reader might act on, for escaping on output.
_VISIBLE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATE}]")
_VISIBLE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029{_SURROGATE}]")


def _no_surrogates(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def has_controls(text: str) -> bool:
    """True if ``text`` holds anything ``escape_controls`` would escape (newline included)."""
    return _VISIBLE.search(text) is not None


def clean_text(text: str) -> str:
    """Multi-line text without controls: line breaks of every kind become ``\\n``, tab stays.

    Clean text (nearly all of it) costs one scan and comes back as the same object.
    """
    if text.isprintable() or _TEXT_WORK.search(text) is None:
        return text
    return _no_surrogates(_DROP.sub("", _LINE_BREAK.sub("\n", text)))


def clean_line(text: str) -> str:
    """One line of text without controls: each run of tabs and line breaks becomes one space."""
    if text.isprintable() or _VISIBLE.search(text) is None:
        return text
    return _no_surrogates(_DROP.sub("", _ONE_LINE_SPACE.sub(" ", text)))


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group(0).encode("utf-8", "replace"))


def clean_url(url: str) -> str:
    """``url`` as a browser reads it, with what remains unsafe percent-encoded.

    WHATWG URL parsing strips leading and trailing C0 controls and spaces and removes tab, CR
    and LF anywhere; the other controls, spaces, bidi controls and separators are
    percent-encoded (as UTF-8), as a browser does in a path or query. So the link keeps its
    meaning and the stored and printed form holds no control character. Idempotent.
    """
    url = _URL_REMOVE.sub("", url.strip(_URL_EDGE))
    return _URL_ESCAPE.sub(_percent, _no_surrogates(url))


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with each control shown as ``\\n``, ``\\x1b``, ``\\u202e``..., for printing.

    Escaping rather than dropping: text printed from the store was cleaned on the way in, so
    anything found here predates that (or is a bug) and is worth seeing.
    """
    pattern = _VISIBLE_BUT_NEWLINE if keep_newlines else _VISIBLE
    return pattern.sub(_escape_char, text)


class LogLines(str):
    """Several lines of the program's own making (a config error listing problems), logged
    as lines: the formatter escapes their controls but keeps their newlines."""

    __slots__ = ()


class _Escaped:
    """A log argument whose ``%s`` and ``%r`` forms have their controls escaped."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        keep = isinstance(self.value, LogLines)
        return escape_controls(str(self.value), keep_newlines=keep)

    def __repr__(self) -> str:
        return escape_controls(repr(self.value))


def _escaped_arg(value: object) -> object:
    if value is None or isinstance(value, int | float):
        return value  # %d, %f and %x need the number itself
    return _Escaped(value)


class EscapingFormatter(logging.Formatter):
    """Escapes controls in what outside text can reach: the arguments, not the format string.

    The format string is the program's own (it may hold a newline on purpose); arguments carry
    feed titles, URLs and error text, so a newline there cannot start a line that looks like a
    record of its own. Traceback text keeps its newlines and loses its other controls.
    """

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        if isinstance(safe.msg, str):
            args: Any = safe.args
            if isinstance(args, tuple):
                safe.args = tuple(_escaped_arg(a) for a in args)
            elif isinstance(args, dict):
                safe.args = {k: _escaped_arg(v) for k, v in args.items()}
        else:
            safe.msg, safe.args = escape_controls(str(safe.msg)), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            safe.exc_text = escape_controls(record.exc_text, keep_newlines=True)
        safe.exc_info = None
        if record.stack_info:
            safe.stack_info = escape_controls(record.stack_info, keep_newlines=True)
        return redact_webhook_tokens(super().format(safe))


# A Discord webhook's token, wherever a library's debug line shows it: in a webhook URL
# (discord.py logs the URL it called), or as a "token" value of a JSON body or a repr
# (discord.py's "has received {...}" after Create Webhook; aiosqlite's statement parameters).
_WEBHOOK_URL_TOKEN = re.compile(r"(/webhooks/[0-9]+/)[\w.-]+")
_TOKEN_VALUE = re.compile(r"""((?:\\?['"])token(?:\\?['"])\s*:\s*\\?['"])[^'"\\]+""")


def redact_webhook_tokens(text: str) -> str:
    """`text` with Discord webhook tokens replaced by `***` (a webhook token lets anyone post
    as the webhook; newsbot makes webhooks from chat and keeps their tokens, see
    bot/store/channelextras.py)."""
    return _TOKEN_VALUE.sub(r"\1***", _WEBHOOK_URL_TOKEN.sub(r"\1***", text))


def escape_log_records(logger: logging.Logger | None = None) -> None:
    """Give every handler of ``logger`` (the root logger by default) an ``EscapingFormatter``
    with the same format it had."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        old = handler.formatter
        handler.setFormatter(
            EscapingFormatter(old._fmt if old else None, old.datefmt if old else None)
        )
