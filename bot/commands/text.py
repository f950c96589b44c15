"""Text commands (Slack's `/news subscribe immigration`, the console) → a handler call.

Slack hands the bot one string after the command name; Discord hands typed options, so the cogs
skip this module and call `Commands.call` directly with the same names.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from bot.commands.types import CommandError

__all__ = ["ParsedCommand", "parse_command"]


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    handler: str
    kwargs: dict[str, Any]


# subcommand → (handler, positional parameter names, the last one takes the rest of the line)
_NEWS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "help": ("help", (), False),
    "latest": ("latest", ("topic", "count"), False),
    "search": ("search", ("query",), True),
    "topics": ("topics", (), False),
    "subscribe": ("subscribe", ("topic",), True),
    "unsubscribe": ("unsubscribe", ("topic",), True),
    "follow": ("follow", ("url", "backfill"), False),
    "unfollow": ("unfollow", ("source",), True),
    "subscriptions": ("subscriptions", (), False),
    "top": ("top", ("period",), False),
    "preview": ("preview", ("url",), False),
    "sources": ("sources", (), False),
    "why": ("why", ("url",), False),
    "alert": ("alert", ("action", "phrase"), True),
}

_ADMIN: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "source add": ("source_add", ("name", "url", "topics"), False),
    "source remove": ("source_remove", ("name",), True),
    "source pause": ("source_pause", ("name",), True),
    "source resume": ("source_resume", ("name",), True),
    "source list": ("source_list", (), False),
    "source poll": ("source_poll", ("name",), True),
    "topic add": ("topic_add", ("name",), False),
    "topic edit": ("topic_edit", ("name",), False),
    "topic remove": ("topic_remove", ("name",), True),
    "channel set": ("channel_set", (), False),
    "channel resume": ("channel_resume", (), False),
    "channel format": ("channel_format", (), False),
    "filter add": ("filter_add", (), False),
    "filter remove": ("filter_remove", (), False),
    "filter list": ("filter_list", ("channel",), False),
    "channel test": ("channel_test", (), False),
    # A Discord feature: parsed so that Slack answers with the handler's clear refusal.
    "channel webhook": ("channel_webhook", (), False),
}

_INTS = {"count", "max_posts_per_hour", "backfill"}
_FLOATS = {"digest_hours"}
_BOOLS = {"notices", "threads", "preview", "remove"}
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}
# /news options written name=value or name:value (`/news subscribe transit backfill=3`).
_NEWS_OPTIONS = {
    "subscribe": {"topic", "backfill"},
    "follow": {"url", "backfill"},
    "unfollow": {"source"},
    "alert": {"words"},
}
# Discord's option names where the handler's parameter has another name (`/news alert add
# words:light rail`, as `/news help` shows it).
_ALIASES = {"alert": {"words": "phrase"}}
# Options whose value is free text: written the Discord way (`include:light rail`), the value
# runs on to the next option, as Discord reads it. Written name=value, quotes are needed for
# spaces (the Slack way), so a plain word after one stays a positional argument.
_FREE_TEXT = {
    "name",
    "topics",
    "keywords",
    "phrases",
    "exclude",
    "include",
    "template",
    "phrase",
    "words",
    "query",
    "source",
    "topic",
}
_ADMIN_OPTIONS = {
    "source_add": {"kind", "topics"},
    "topic_add": {"keywords", "phrases", "exclude"},
    "topic_edit": {"keywords", "phrases", "exclude"},
    "channel_set": {
        "max_posts_per_hour",
        "quiet_hours",
        "digest_hours",
        "timezone",
        "mention_role",
        "mention_topic",
        "notices",
        "threads",
    },
    "channel_format": {"style", "template", "preview"},
    "filter_add": {"channel", "include", "exclude", "preview"},
    "filter_remove": {"channel", "include", "exclude"},
    "filter_list": {"channel"},
    "channel_webhook": {"name", "avatar", "remove"},
}


def _boolean(name: str, value: str) -> bool:
    folded = value.strip().lower()
    if folded in _TRUE | _FALSE:
        return folded in _TRUE
    raise CommandError(f"{name} must be true or false, not {value!r}.")


def _split(text: str) -> list[str]:
    """Words as a shell splits them (quotes group words), except that a backslash is kept as
    typed: a filter's `/\bsports?\b/` or a template's `\n` must reach the handler whole, not
    lose its backslashes (`/bsports?b/` would compile, match nothing, and post everything)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""
    lexer.commenters = ""
    return list(lexer)


def _usage(table: dict[str, tuple[str, tuple[str, ...], bool]], command: str) -> str:
    return ", ".join(f"`/{command} {name}`" for name in table)


def parse_command(command: str, text: str) -> ParsedCommand:
    """Parse `text` (what follows /news or /newsadmin). Options are written key=value
    (quotes for spaces: `keywords="light rail, bus"`). Raises CommandError with a helpful
    message for an unknown subcommand or a bad argument."""
    try:
        words = _split(text)
    except ValueError as e:
        raise CommandError(f"Could not read that command ({e}); check your quotes.") from e
    if command == "news":
        table, key_len = _NEWS, 1
    elif command == "newsadmin":
        table, key_len = _ADMIN, 2
    else:
        raise CommandError(f"Unknown command /{command}.")
    if not words or (command == "newsadmin" and [w.lower() for w in words] == ["help"]):
        if command == "newsadmin":
            return ParsedCommand("admin_help", {})
        if command == "news":
            return ParsedCommand("help", {})
        raise CommandError(f"Say what to do: {_usage(table, command)}.")
    key = " ".join(words[:key_len]).lower()
    if key not in table:
        raise CommandError(f"Unknown subcommand {key!r}. Try {_usage(table, command)}.")
    handler, positional, rest = table[key]
    # Positional arguments may be named too (`source poll name=Desk`, Discord's `url:…`).
    named = _ADMIN_OPTIONS.get(handler, set()) | _NEWS_OPTIONS.get(handler, set()) | set(positional)
    args = words[key_len:]
    options: dict[str, str] = {}
    plain = []
    running_on: str | None = None  # a free-text option written name:value, still reading
    for word in args:
        name, eq, value = word.partition("=")
        if not eq and ":" in word:
            # `notices:true`, as Discord shows an option: only for this command's own option
            # names, so a positional URL ("https://…") stays positional.
            colon_name, _, colon_value = word.partition(":")
            if colon_name in named:
                name, eq, value = colon_name, ":", colon_value
        if not (eq and name in named) and running_on is not None:
            options[running_on] = f"{options[running_on]} {word}"
            continue
        running_on = None
        if eq and name in named:
            name = _ALIASES.get(handler, {}).get(name, name)
            options[name] = value
            if eq == ":" and name in _FREE_TEXT:
                running_on = name
        elif eq and name.replace("_", "").isalpha() and command == "newsadmin":
            if name not in _ADMIN_OPTIONS.get(handler, set()):
                allowed = ", ".join(sorted(_ADMIN_OPTIONS.get(handler, set()))) or "none"
                raise CommandError(f"Unknown option {name!r} for {key}; options: {allowed}.")
            options[name] = value
        else:
            plain.append(word)
    if rest and positional and len(plain) > len(positional):
        plain = [*plain[: len(positional) - 1], " ".join(plain[len(positional) - 1 :])]
    if len(plain) > len(positional):
        raise CommandError(
            f"Too many arguments for {key}: expected {', '.join(positional) or 'none'}."
        )
    kwargs: dict[str, Any] = dict(zip(positional, plain, strict=False))
    kwargs.update(options)
    if (
        handler == "latest"
        and "topic" in kwargs
        and kwargs["topic"].isdigit()
        and "count" not in kwargs
    ):
        kwargs["count"] = kwargs.pop("topic")
    for name in list(kwargs):
        try:
            if name in _INTS:
                kwargs[name] = int(kwargs[name])
            elif name in _FLOATS:
                kwargs[name] = float(kwargs[name])
            elif name in _BOOLS:
                kwargs[name] = _boolean(name, str(kwargs[name]))
        except ValueError:
            raise CommandError(f"{name} must be a number, not {kwargs[name]!r}.") from None
    required = {
        "search": ("query",),
        "subscribe": ("topic",),
        "unsubscribe": ("topic",),
        "preview": ("url",),
        "why": ("url",),
        "follow": ("url",),
        "unfollow": ("source",),
        "source_poll": ("name",),
        "source_add": ("name", "url"),
        "source_remove": ("name",),
        "source_pause": ("name",),
        "source_resume": ("name",),
        "topic_add": ("name",),
        "topic_edit": ("name",),
        "topic_remove": ("name",),
    }.get(handler, ())
    missing = [r for r in required if r not in kwargs]
    if missing:
        raise CommandError(
            f"{key} needs {', '.join(missing)}; e.g. "
            f"`/{command} {key} {' '.join('<' + m + '>' for m in required)}`."
        )
    return ParsedCommand(handler, kwargs)
