"""The console adapter: the embedded default. Prints each post as a reader would see it.

Feed text is untrusted even on a terminal: control characters (ANSI escapes that could rewrite
the screen or the title bar, line breaks that could fake another line) are removed before
printing, with the same definition as where the text entered the store (``bot.textsafe``).
"""

from __future__ import annotations

import re
import sys
import textwrap
from typing import TextIO

from bot.delivery.notices import MENTION
from bot.delivery.ports import ChannelRef, Post, RateLimits
from bot.delivery.templates import plain_preview
from bot.textsafe import clean_line, clean_text

__all__ = ["ConsoleAdapter", "render_console"]

_ZERO_WIDTH = re.compile("[\u200b-\u200f]")


def _clean(text: str) -> str:
    """One line: every field printed with it is a single line of the post."""
    return _ZERO_WIDTH.sub("", clean_line(text))


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(
        _ZERO_WIDTH.sub("", clean_text(text)),
        width=92,
        initial_indent=indent,
        subsequent_indent=indent,
    )


def render_console(channel: ChannelRef, post: Post) -> str:
    lines = [f"━━ #{_clean(channel.channel)} ━━"]
    if post.kind == "notice":
        lines.append(f"⚠ {_clean(post.title)}")
        if post.summary:
            text = post.summary
            if post.about_channel is not None:
                text = text.replace(MENTION, f"#{post.about_channel}", 1)
            lines.append(_wrap(text, "  "))
        return "\n".join(lines) + "\n"
    if post.kind == "article" and (post.template is not None or post.style != "full"):
        lines += [_wrap(line, "   ") for line in plain_preview(post, 4000).splitlines()]
        return "\n".join(lines) + "\n"
    lines.append(f"📰 {_clean(post.title)}")
    if post.url:
        lines.append(f"   {_clean(post.url)}")
    meta = [f"{_clean(post.source)}"] if post.source else []
    if post.published:
        meta.append(post.published.strftime("%Y-%m-%d %H:%M UTC"))
    if meta:
        lines.append("   " + " · ".join(meta))
    if post.summary:
        lines.append("")
        lines.append(_wrap(post.summary, "   "))
    for q in post.quotes:
        lines.append("")
        lines.append(_wrap(f"“{q.text}”", "   > "))
        who = q.speaker or "unattributed"
        if q.role:
            who += f", {q.role}"
        lines.append(f"     — {_clean(who)}")
    for item in post.items:
        lines.append(f" • {_clean(item.title)}" + (f" <{_clean(item.url)}>" if item.url else ""))
        if item.line:
            lines.append(_wrap(item.line, "     "))
    if post.also_covered_by:
        also = ", ".join(f"{_clean(name)} <{_clean(url)}>" for name, url in post.also_covered_by)
        lines.append(f"   Also covered by: {also}")
    if post.topics:
        lines.append("")
        lines.append("   Topics: " + ", ".join(_clean(t) for t in post.topics))
    return "\n".join(lines) + "\n"


class ConsoleAdapter:
    """Prints to a stream. `find` knows the keys printed by this process only: a crash between
    printing and recording can print a post twice here, which chat platforms prevent."""

    platform = "console"
    limits = RateLimits(per_channel=1000, per_channel_seconds=1.0, global_per_second=1000.0)

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self._sent: dict[str, str] = {}
        self._count = 0

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        if key in self._sent:
            return self._sent[key]
        self.stream.write(render_console(channel, post) + "\n")
        self.stream.flush()
        self._count += 1
        self._sent[key] = message_id = f"console-{self._count}"
        return message_id

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        self.stream.write(f"(edited {message_id})\n" + render_console(channel, post) + "\n")
        self.stream.flush()

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        return self._sent.get(key)
