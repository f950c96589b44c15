"""Post → one Discord embed, inert and within every Discord limit.

Pure functions, no I/O. Everything in a `Post` is untrusted feed text, so each piece is
whitespace-normalised, markdown-escaped and stripped of anything that could ping
(`@everyone`, `@here`, `<@id>`, `<@&id>`, `<#id>`, `</cmd:id>` get a zero-width space), and the
message is sent with ``AllowedMentions.none()``. The only ping a post can carry is the role an
admin opted into, placed in ``content`` and allowed by id alone.

Command replies (`render_reply`) follow the same rules: a `Reply`'s items hold feed text and are
escaped like it; its text is the bot's own words around names and queries that people typed,
so it keeps its `code spans` and is escaped outside them.

Limits are measured in UTF-16 code units, which is never less than the code-point count, so
an embed that fits here fits whichever way Discord counts. Text is cut on a word boundary and
ends with an ellipsis; a quote is cut in its text, never in its "— Speaker, role" line: when the
attribution alone cannot fit, the quote is left out rather than shown under a truncated name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlsplit

import discord

from bot.commands import mentions
from bot.commands.types import Reply, ReplyItem
from bot.delivery.notices import MENTION
from bot.delivery.ports import DigestItem, Post, PostQuote
from bot.delivery.posts import one_line
from bot.delivery.templates import field_text, template_of

__all__ = [
    "AUTHOR_NAME",
    "CONTENT",
    "EMBED_DESCRIPTION",
    "EMBED_FIELDS",
    "EMBED_TITLE",
    "EMBED_TOTAL",
    "FIELD_NAME",
    "FIELD_VALUE",
    "FOOTER_TEXT",
    "RenderedMessage",
    "RenderedReply",
    "cut",
    "embed_size",
    "escape",
    "escape_reply_text",
    "neutralise_mentions",
    "render_post",
    "render_reply",
    "safe_url",
    "size",
]

EMBED_TITLE: Final = 256
EMBED_DESCRIPTION: Final = 4096
FIELD_NAME: Final = 256
FIELD_VALUE: Final = 1024
EMBED_FIELDS: Final = 25
FOOTER_TEXT: Final = 2048
AUTHOR_NAME: Final = 256
EMBED_TOTAL: Final = 6000
URL_MAX: Final = 2048
CONTENT: Final = 2000

MAX_QUOTES: Final = 5
QUOTE_TEXT: Final = 400  # a key quote is a sentence or two, not a paragraph
ATTRIBUTION: Final = 200  # longer than this is not a name and a role; the quote is dropped
SOURCE_VALUE: Final = 256
TOPICS_VALUE: Final = 512
DIGEST_TITLE: Final = 200
DIGEST_LINE: Final = 200
MIN_DESCRIPTION: Final = 600  # below this, quotes give way to the summary
ELLIPSIS: Final = "…"
ZWSP: Final = "\u200b"
COLOUR: Final = 0x2B6CB0
REFUSED_COLOUR: Final = 0xC53030
REPLY_ITEM_TITLE: Final = 200
REPLY_ITEM_DETAIL: Final = 300

EmbedDict = dict[str, Any]

_MENTION = re.compile(r"@(?=everyone|here)|<(?=[@#/])", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # C0, C1, bidi
_SPACES = re.compile(r"[^\S\n]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_SNOWFLAKE = re.compile(r"[0-9]{15,21}")
_BRACKET = re.compile(r"(\\*)([\[\]])")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    """What the adapter sends: ``content`` (only an opted-in role mention), one embed as JSON,
    and the mentions Discord may act on."""

    content: str | None
    embed: EmbedDict
    allowed_mentions: discord.AllowedMentions

    def to_embed(self) -> discord.Embed:
        return discord.Embed.from_dict(self.embed)


# --- measuring and cutting ----------------------------------------------------------------


def size(text: str) -> int:
    """Length in UTF-16 code units: an upper bound for every way Discord might count."""
    return len(text.encode("utf-16-le")) // 2


def _prefix_within(text: str, limit: int) -> str:
    """The longest prefix of `text` whose size is at most `limit`."""
    if size(text) <= limit:
        return text
    total = 0
    for i, ch in enumerate(text):
        total += 2 if ord(ch) > 0xFFFF else 1
        if total > limit:
            return text[:i]
    return text


def cut(text: str, limit: int) -> str:
    """`text` if it fits in `limit`, else a prefix ending on a word boundary plus an ellipsis.

    A word longer than half the room is cut hard rather than leaving next to nothing.
    """
    if size(text) <= limit:
        return text
    if limit <= 0:
        return ""
    room = _prefix_within(text, limit - 1)
    if not text[len(room)].isspace():  # the cut falls inside a word: step back to its start
        space = max(room.rfind(" "), room.rfind("\n"))
        if space >= len(room) // 2:
            room = room[:space]
    room = room.rstrip()
    room = room.removesuffix("\\")  # never leave a lone escape to swallow the ellipsis
    return room + ELLIPSIS


def embed_size(embed: EmbedDict) -> int:
    """The count Discord caps at 6,000: title, description, field names and values, footer text
    and author name."""
    total = size(embed.get("title", "")) + size(embed.get("description", ""))
    for field in embed.get("fields", []):
        total += size(field["name"]) + size(field["value"])
    total += size(embed.get("footer", {}).get("text", ""))
    total += size(embed.get("author", {}).get("name", ""))
    return total


# --- making feed text inert -----------------------------------------------------------------


def neutralise_mentions(text: str) -> str:
    """Put a zero-width space where Discord would read a mention, so none can resolve."""
    return _MENTION.sub(lambda m: m.group(0) + ZWSP, text)


def _normalise(text: str, *, single_line: bool) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if single_line:
        return " ".join(text.split())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def escape(text: str, *, single_line: bool = True) -> str:
    """Feed text → text Discord shows literally: no markdown, no mentions, no control chars."""
    escaped = discord.utils.escape_markdown(_normalise(text, single_line=single_line))
    return neutralise_mentions(_escape_brackets(escaped))


def _escape_brackets(escaped: str) -> str:
    """Escape each ``[`` and ``]`` not escaped yet, so that no masked link can form.

    ``escape_markdown`` already escapes the ``[`` of a whole ``[text](url)`` and doubles every
    backslash, so a bracket after an odd run of backslashes is escaped already."""
    return _BRACKET.sub(lambda m: m[1] + ("" if len(m[1]) % 2 else "\\") + m[2], escaped)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL safe to put in an embed or a masked link, or None."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    cleaned = quote(url, safe=":/?#@!$&'*+,;=%~-._[]")  # encodes spaces, (), <>, quotes, controls
    return cleaned if len(cleaned) <= URL_MAX else None


def _link(label: str, url: str | None) -> str:
    target = safe_url(url)
    return f"[{label}]({target})" if target else label


# --- pieces ----------------------------------------------------------------------------------


def _attribution(q: PostQuote) -> str | None:
    """ "— Speaker, role", or "— Speaker" when the role makes it too long; None when even the
    speaker alone is too long to show whole."""
    if not q.speaker or not q.speaker.strip():
        return ""
    speaker = escape(q.speaker)
    if q.role and q.role.strip():
        full = f"— {speaker}, {escape(q.role)}"
        if size(full) <= ATTRIBUTION:
            return full
    short = f"— {speaker}"
    return short if size(short) <= ATTRIBUTION else None


def _quote_field(q: PostQuote) -> EmbedDict | None:
    attribution = _attribution(q)
    text = escape(q.text)
    if attribution is None or not text:
        return None
    tail = f"\n{attribution}" if attribution else ""
    room = min(QUOTE_TEXT, FIELD_VALUE - size(tail) - 2)
    return {"name": "Key quote", "value": f"> {cut(text, room)}{tail}", "inline": False}


def _also_covered_field(links: tuple[tuple[str, str], ...]) -> EmbedDict | None:
    """Whole links only: a masked link cut in half would show raw markup."""
    parts: list[str] = []
    used = 0
    for name, url in links:
        piece = _link(cut(escape(name), 100) or "link", url)
        extra = size(piece) + (3 if parts else 0)
        if used + extra > FIELD_VALUE - 12:
            parts.append(f"+{len(links) - len(parts)} more")
            break
        parts.append(piece)
        used += extra
    if not parts:
        return None
    return {"name": "Also covered by", "value": " · ".join(parts), "inline": False}


def _meta_fields(post: Post) -> list[EmbedDict]:
    fields: list[EmbedDict] = []
    source = cut(escape(post.source), SOURCE_VALUE)
    if source:
        fields.append({"name": "Source", "value": source, "inline": True})
    topics = cut(", ".join(t for t in (escape(t) for t in post.topics) if t), TOPICS_VALUE)
    if topics:
        fields.append({"name": "Topics", "value": topics, "inline": True})
    return fields


def _base(post: Post, fallback_title: str) -> EmbedDict:
    embed: EmbedDict = {
        "type": "rich",
        "title": cut(escape(post.title), EMBED_TITLE) or fallback_title,
        "color": COLOUR,
    }
    url = safe_url(post.url)
    if url:
        embed["url"] = url
    if post.published is not None:
        embed["timestamp"] = post.published.isoformat()
    return embed


def _fit(embed: EmbedDict, description: str, quote_fields: int) -> EmbedDict:
    """Give the description what the 6,000 total leaves; quotes give way to a short summary."""
    fields: list[EmbedDict] = embed.get("fields", [])

    def room() -> int:
        return min(EMBED_DESCRIPTION, EMBED_TOTAL - embed_size({**embed, "description": ""}))

    while quote_fields and room() < min(size(description), MIN_DESCRIPTION):
        fields.pop(quote_fields - 1)
        quote_fields -= 1
    text = cut(description, max(room(), 0))
    if text:
        embed["description"] = text
    if not fields:
        embed.pop("fields", None)
    return embed


# --- the three kinds -------------------------------------------------------------------------


def _article(post: Post) -> EmbedDict:
    embed = _base(post, "(untitled)")
    quotes = [f for f in (_quote_field(q) for q in post.quotes[:MAX_QUOTES]) if f is not None]
    fields = [*quotes, *_meta_fields(post)]
    also = _also_covered_field(post.also_covered_by)
    if also is not None:
        fields.append(also)
    embed["fields"] = fields[:EMBED_FIELDS]
    image = safe_url(post.image)
    if image:
        embed["image"] = {"url": image}
    return _fit(embed, escape(post.summary, single_line=False), len(quotes))


def _digest_line(item: DigestItem) -> str:
    title = cut(escape(item.title), DIGEST_TITLE) or "(untitled)"
    line = cut(escape(item.line), DIGEST_LINE)
    head = f"• {_link(title, item.url)}"
    return f"{head} — {line}" if line else head


def _digest(post: Post) -> EmbedDict:
    embed = _base(post, "News digest")
    embed["fields"] = _meta_fields(post)
    room = min(EMBED_DESCRIPTION, EMBED_TOTAL - embed_size(embed)) - 24  # the "…and N more" line
    lines: list[str] = []
    used = 0
    for item in post.items:
        line = _digest_line(item)
        if used + size(line) + 1 > room:
            break
        lines.append(line)
        used += size(line) + 1
    if len(lines) < len(post.items):
        lines.append(f"…and {len(post.items) - len(lines)} more")
    intro = escape(post.summary, single_line=False)
    body = "\n".join(lines)
    description = f"{intro}\n\n{body}" if intro and size(intro) + size(body) + 2 <= room else body
    return _fit(embed, description, 0)


def _notice(post: Post) -> EmbedDict:
    embed = _base(post, "newsbot notice")
    text = escape(post.summary, single_line=False)
    if post.about_channel is not None:
        # The escaped text keeps the marker as it was; only an id made of digits becomes a
        # mention (a channel mention never pings anyone).
        ident = post.about_channel
        text = text.replace(MENTION, f"<#{ident}>" if ident.isdigit() else "a channel", 1)
    return _fit(embed, text, 0)


#: A placeholder value's own cap, before the template's total is applied.
TEMPLATE_VALUE: Final = {"title": EMBED_TITLE, "summary": 2000, "quotes": 1500}


def _template_value(post: Post, name: str, room: int) -> str:
    """One placeholder: feed text escaped (no markdown, no mention, no masked link) and cut to
    `room`; a link only as a whole safe URL (Discord shows a bare URL as a link)."""
    if name == "link":
        url = safe_url(post.url) or ""
        return url if size(url) <= room else ""
    text = escape(field_text(post, name), single_line=name not in ("summary", "quotes"))
    return cut(text, min(room, TEMPLATE_VALUE.get(name, SOURCE_VALUE)))


def _templated(post: Post) -> EmbedDict | None:
    """An article in the channel's template: the embed's description is the filled-in
    template, with the admin's own text kept as written (markdown allowed) except mentions."""
    template = template_of(post)
    if template is None:
        return None
    text = template.render(
        lambda name, room: _template_value(post, name, room),
        neutralise_mentions,
        limit=EMBED_DESCRIPTION,
        measure=size,
    )
    embed: EmbedDict = {"type": "rich", "color": COLOUR}
    # No title is shown, but the embed keeps the article's URL: a forum post is found again
    # after a crash by it (`discord_threads._find_forum_post`).
    url = safe_url(post.url)
    if url:
        embed["url"] = url
    embed["description"] = text or cut(escape(post.title), EMBED_TITLE) or "(untitled)"
    also = _also_covered_field(post.also_covered_by)
    if also is not None:
        # A same-story edit must show the new source whatever the layout. The field (at most
        # 1,024) and the description (at most 4,096) stay under the embed's 6,000 together.
        embed["fields"] = [also]
    if post.published is not None:
        embed["timestamp"] = post.published.isoformat()
    return embed


def _styled(post: Post) -> EmbedDict:
    """compact: title, the summary's first sentence and the source; headline: title and
    source. Both leave out quotes, topics and the image."""
    embed = _base(post, "(untitled)")
    fields = _meta_fields(post)[:1] if post.source.strip() else []
    also = _also_covered_field(post.also_covered_by)
    if also is not None:
        fields.append(also)  # a same-story edit shows the new source in every style
    if fields:
        embed["fields"] = fields
    summary = escape(one_line(post.summary)) if post.style == "compact" else ""
    return _fit(embed, summary, 0)


def _article_in_format(post: Post) -> EmbedDict:
    templated = _templated(post)
    if templated is not None:
        return templated
    return _article(post) if post.style == "full" else _styled(post)


_RENDERERS = {"article": _article_in_format, "digest": _digest, "notice": _notice}


def render_post(post: Post) -> RenderedMessage:
    """One message for one post: an embed, and ``content`` only for an opted-in role ping."""
    embed = _RENDERERS[post.kind](post)
    role = (post.mention_role or "").strip()
    if _SNOWFLAKE.fullmatch(role):
        allowed = discord.AllowedMentions(
            everyone=False, users=False, roles=[discord.Object(id=int(role))], replied_user=False
        )
        return RenderedMessage(f"<@&{role}>", embed, allowed)
    return RenderedMessage(None, embed, discord.AllowedMentions.none())


# --- command replies -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderedReply:
    """A command's answer: plain ``content`` or one embed, never both; nothing in it pings."""

    content: str | None
    embed: EmbedDict | None
    ephemeral: bool
    allowed_mentions: discord.AllowedMentions

    def to_embed(self) -> discord.Embed | None:
        return discord.Embed.from_dict(self.embed) if self.embed is not None else None


def escape_reply_text(text: str) -> str:
    """A reply's own text: markdown escaped outside `code spans` (which show literally anyway),
    line breaks kept, mentions neutralised everywhere."""
    text = _normalise(text, single_line=False)
    parts = _CODE_SPAN.split(text)
    escaped = [
        part if i % 2 else _escape_brackets(discord.utils.escape_markdown(part))
        for i, part in enumerate(parts)
    ]
    return neutralise_mentions("".join(escaped))


def _item_line(item: ReplyItem) -> str:
    title = cut(escape(item.title), REPLY_ITEM_TITLE) or "(untitled)"
    detail = cut(escape(item.detail), REPLY_ITEM_DETAIL)
    head = f"• {_link(title, item.url)}"
    if not detail:
        return head
    return f"{head} {detail}" if detail.startswith("—") else f"{head} — {detail}"


def _listing(head: str, items: tuple[ReplyItem, ...], ok: bool) -> EmbedDict:
    """An embed: the reply's first line as the title, any further lines, then one line per item,
    ending with "…and N more" when they do not all fit."""
    first, _, rest = head.partition("\n")
    embed: EmbedDict = {
        "type": "rich",
        "title": cut(first, EMBED_TITLE) or "newsbot",
        "color": COLOUR if ok else REFUSED_COLOUR,
    }
    room = min(EMBED_DESCRIPTION, EMBED_TOTAL - embed_size(embed))
    intro = cut(rest.strip(), room // 2)
    used = size(intro) + 2 if intro else 0
    more = 24  # "…and N more"
    lines: list[str] = []
    for item in items:
        line = _item_line(item)
        if used + size(line) + 1 > room - more:
            break
        lines.append(line)
        used += size(line) + 1
    if len(lines) < len(items):
        lines.append(f"…and {len(items) - len(lines)} more")
    body = "\n".join(lines)
    description = f"{intro}\n\n{body}" if intro and body else intro or body
    if description:
        embed["description"] = cut(description, room)
    return embed


_SIGILS: Final = {"c": "#", "u": "@", "r": "@&"}


def _with_mentions(rendered: RenderedReply) -> RenderedReply:
    """Channel, user and role tokens (`bot.commands.mentions`) as Discord mentions, which
    render as names in content and embed descriptions (allowed mentions stay none: no ping);
    an embed title does not render them, so there they are plain."""

    def mention(kind: str, id_: str) -> str:
        return f"<{_SIGILS[kind]}{id_}>" if id_.isdigit() else mentions.plain(id_)

    content = mentions.render(rendered.content, mention) if rendered.content else rendered.content
    embed = rendered.embed
    if embed is not None:
        embed = dict(embed)
        if "description" in embed:
            embed["description"] = mentions.render(embed["description"], mention)
        if "title" in embed:
            embed["title"] = mentions.plain(embed["title"])
    return RenderedReply(content, embed, rendered.ephemeral, rendered.allowed_mentions)


def render_reply(reply: Reply) -> RenderedReply:
    return _with_mentions(_render_reply(reply))


def _render_reply(reply: Reply) -> RenderedReply:
    """A `Reply` → what to answer an interaction with.

    Text alone goes as plain content (as an embed description when longer than a message may
    be); a reply with items is an embed listing them. A refusal (``ok=False``) is always
    ephemeral: only the person who typed the command sees it.
    """
    ephemeral = reply.ephemeral or not reply.ok
    text = escape_reply_text(reply.text)
    none = discord.AllowedMentions.none()
    if reply.items:
        return RenderedReply(None, _listing(text, reply.items, reply.ok), ephemeral, none)
    if size(text) <= CONTENT:
        return RenderedReply(text or "Done.", None, ephemeral, none)
    embed: EmbedDict = {
        "type": "rich",
        "description": cut(text, EMBED_DESCRIPTION),
        "color": COLOUR if reply.ok else REFUSED_COLOUR,
    }
    return RenderedReply(None, embed, ephemeral, none)
