"""Message templates for a channel's posts: `{title} — {link}` with a fixed set of placeholders.

A template comes from config.toml or from an admin in chat, and the values put into it come from
feeds, so neither is trusted. The template is parsed here, by hand, into literal text and
placeholder names from `FIELDS`: no `str.format` (which would allow `{title.__class__}` or
`{0[...]}` attribute and index access), no format specs, no conversions. `{{` and `}}` stand for
literal braces; any other `{` or `}` is an error, and so is an unknown placeholder, named in the
message so the admin sees what to fix.

Rendering is platform-neutral: the caller (a platform renderer) passes one function that turns a
placeholder into escaped text fitting a given room, and one that makes the template's own
literal text inert for its platform. `Template.render` stops before a literal piece that no
longer fits and cuts only values, so a cut never splits markup the admin wrote.

This module lives in `bot/config` (the bottom layer), as the filter syntax does, so that
check-config, a reload and a chat edit refuse a template with the very parser delivery uses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

__all__ = [
    "FIELDS",
    "MAX_TEMPLATE",
    "STYLES",
    "Template",
    "TemplateError",
    "check_template",
    "parse_template",
]

#: The placeholders a template may use, in the order help texts list them.
FIELDS: Final = ("title", "link", "summary", "quotes", "source", "topics", "published")
#: The built-in layouts; a template, when set, replaces the chosen one.
STYLES: Final = ("full", "compact", "headline")
#: Longest template text: a post's body, not a document.
MAX_TEMPLATE: Final = 1500

_FIELD_LIST: Final = ", ".join("{" + f + "}" for f in FIELDS)


class TemplateError(ValueError):
    """A template that cannot be used; the message says why and names the placeholder."""


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: (is_placeholder, text or placeholder name) pieces, in order."""

    text: str
    parts: tuple[tuple[bool, str], ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(name for is_field, name in self.parts if is_field)

    def render(
        self,
        value: Callable[[str, int], str],
        literal: Callable[[str], str],
        *,
        limit: int,
        measure: Callable[[str], int] = len,
    ) -> str:
        """The template filled in, at most `limit` long as `measure` counts.

        `value(name, room)` returns the placeholder's text, escaped for the platform and cut to
        fit `room`; `literal(text)` returns the template's own text made inert. A literal piece
        that does not fit ends the rendering there (it is never cut in the middle of markup)."""
        out: list[str] = []
        used = 0
        for is_field, text in self.parts:
            room = limit - used
            if room <= 0:
                break
            piece = value(text, room) if is_field else literal(text)
            size = measure(piece)
            if size > room:
                break
            out.append(piece)
            used += size
        return "".join(out).strip()


def _parse(text: str) -> Template:
    if len(text) > MAX_TEMPLATE:
        raise TemplateError(f"the template is longer than {MAX_TEMPLATE} characters")
    parts: list[tuple[bool, str]] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "{" and text.startswith("{{", i):
            buf.append("{")
            i += 2
        elif ch == "}" and text.startswith("}}", i):
            buf.append("}")
            i += 2
        elif ch == "{":
            end = text.find("}", i + 1)
            inner = text[i + 1 : end] if end != -1 else ""
            if end == -1 or "{" in inner:
                raise TemplateError(
                    f"a '{{' at character {i + 1} is not closed; write {{{{ for a literal brace"
                )
            name = inner.strip()
            if name not in FIELDS:
                shown = "{" + inner[:40] + "}"
                raise TemplateError(f"unknown placeholder {shown}; use {_FIELD_LIST}")
            if buf:
                parts.append((False, "".join(buf)))
                buf = []
            parts.append((True, name))
            i = end + 1
        elif ch == "}":
            raise TemplateError(
                f"a '}}' at character {i + 1} closes nothing; write }}}} for a literal brace"
            )
        else:
            buf.append(ch)
            i += 1
    if buf:
        parts.append((False, "".join(buf)))
    if not any(is_field for is_field, _ in parts):
        raise TemplateError(f"the template uses no placeholder; use some of {_FIELD_LIST}")
    return Template(text, tuple(parts))


@functools.lru_cache(maxsize=256)
def parse_template(text: str) -> Template:
    """Parse `text` (cached: renderers parse a channel's template for every post)."""
    return _parse(text)


def check_template(text: str) -> str | None:
    """Why `text` cannot be a template, or None if it can (config validation, chat commands)."""
    try:
        parse_template(text)
    except TemplateError as e:
        return str(e)
    return None
