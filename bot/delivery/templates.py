"""A channel's post format (style or template) applied to the platform-neutral `Post`.

The template syntax and parser live in `bot.config.templates` (config validation refuses a bad
template with the same code); this module attaches a channel's choice to a post, and renders
the plain-text preview a command reply shows. Platform renderers (bot/adapters) do the escaping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal

from bot.config.templates import (
    FIELDS,
    STYLES,
    Template,
    TemplateError,
    check_template,
    parse_template,
)
from bot.delivery.ports import Post

__all__ = [
    "FIELDS",
    "STYLES",
    "Template",
    "TemplateError",
    "check_template",
    "field_text",
    "parse_template",
    "plain_preview",
    "template_of",
    "with_format",
]

Style = Literal["full", "compact", "headline"]
_STYLES: dict[str, Style] = {"full": "full", "compact": "compact", "headline": "headline"}


def with_format(post: Post, settings: Mapping[str, Any]) -> Post:
    """The post as the channel asked to see it (`format`, `template` channel settings).
    Digests and notices keep their own layout."""
    if post.kind != "article":
        return post
    style: Style = _STYLES.get(str(settings.get("format") or "full"), "full")
    template = settings.get("template") or None
    if style == "full" and template is None:
        return post
    return dataclasses.replace(post, style=style, template=template)


def template_of(post: Post) -> Template | None:
    """The post's parsed template; None when it has none, or one stored before validation
    existed that does not parse (the post then uses its style: never a broken message)."""
    if post.template is None:
        return None
    try:
        return parse_template(post.template)
    except TemplateError:
        return None


def field_text(post: Post, name: str) -> str:
    """A placeholder's raw (unescaped) value; platform renderers escape it."""
    if name == "title":
        return post.title
    if name == "link":
        return post.url or ""
    if name == "summary":
        return post.summary
    if name == "quotes":
        lines = []
        for q in post.quotes:
            who = f" — {q.speaker}" + (f", {q.role}" if q.role else "") if q.speaker else ""
            lines.append(f"“{q.text}”{who}")
        return "\n".join(lines)
    if name == "source":
        return post.source
    if name == "topics":
        return ", ".join(post.topics)
    if name == "published":
        return post.published.strftime("%Y-%m-%d %H:%M UTC") if post.published else ""
    raise KeyError(name)


def plain_preview(post: Post, limit: int = 1500) -> str:
    """What the post would say, as plain text (command replies escape it like any text)."""
    template = template_of(post)
    if template is not None:
        return template.render(
            lambda name, room: field_text(post, name)[:room], lambda text: text, limit=limit
        )
    lines = [post.title]
    if post.url:
        lines.append(post.url)
    if post.style == "full":
        lines.append(post.summary)
        lines += [f"> {q}" for q in field_text(post, "quotes").splitlines()]
    elif post.style == "compact":
        from bot.delivery.posts import one_line

        lines.append(one_line(post.summary))
    if post.source:
        lines.append(f"Source: {post.source}")
    return "\n".join(line for line in lines if line)[:limit]
