"""Render a platform-neutral `Post` as Slack Block Kit blocks plus a plain fallback text.

Pure functions, no I/O. Every string in a `Post` is untrusted feed text, so it goes through
`escape` before it reaches mrkdwn: Slack turns `<!channel>`, `<@U123>` and `<url|label>` into
pings and disguised links only when the raw angle brackets arrive, and `&lt;`/`&gt;` are shown as
the characters themselves. The only angle brackets in our output are the links we build from a
URL that `safe_url` accepted.

Slack refuses a whole message (`invalid_blocks`, `msg_too_long`) when one limit is crossed, so
each piece of text is cut to its limit here, on a word boundary with an ellipsis, measuring the
escaped text (an `&` grows to five characters). A quote's speaker is never cut: the quote text
gives way first.

Command answers (`Reply`) are rendered here too (`reply_blocks`): the same escaping, a list of
`ReplyItem`s packed several to a section, and the same limits, since Slack checks a response_url
message as it checks `chat.postMessage`.

Why no header block: a header is plain text and cannot carry a link, and the linked title is
what a reader clicks; a bold mrkdwn section does both. Why no image: Slack fetches an image URL
while accepting the post and fails the whole post if the fetch fails, so a broken feed image
would turn into an undeliverable article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

from bot.commands import mentions
from bot.commands.types import Reply, ReplyItem
from bot.delivery.notices import MENTION
from bot.delivery.ports import DigestItem, Post, PostQuote
from bot.delivery.posts import one_line
from bot.delivery.templates import field_text, template_of
from bot.textsafe import clean_text

__all__ = [
    "CONTEXT_ELEMENTS_LIMIT",
    "CONTEXT_ELEMENT_LIMIT",
    "FALLBACK_LIMIT",
    "HEADER_LIMIT",
    "MAX_BLOCKS",
    "SECTION_LIMIT",
    "TEXT_LIMIT",
    "URL_LIMIT",
    "Block",
    "SlackMessage",
    "cut",
    "escape",
    "link",
    "render_post",
    "reply_blocks",
    "safe_url",
]

Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
HEADER_LIMIT = 150
CONTEXT_ELEMENT_LIMIT = 2000
CONTEXT_ELEMENTS_LIMIT = 10
TEXT_LIMIT = 40_000
# The fallback only feeds notifications and screen readers; a short one reads better.
FALLBACK_LIMIT = 3000
TITLE_LIMIT = 500
MAX_QUOTES = 5
ELLIPSIS = "…"

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPE_RE = re.compile(r"[&<>]")
_WS_RE = re.compile(r"(\s+)")
_USERGROUP_RE = re.compile(r"^S[A-Z0-9]{2,30}$")
_CHANNEL_ID_RE = re.compile(r"^[CG][A-Z0-9]{2,30}$")
_URL_FORBIDDEN = re.compile(r"[\s|<>\x00-\x1f\x7f]")
URL_LIMIT = 1000  # longer URLs are shown unlinked, so a link always fits its block


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """What `chat.postMessage` / `chat.update` receive: Block Kit blocks and the fallback text."""

    blocks: tuple[Block, ...]
    text: str

    def blocks_list(self) -> list[Block]:
        return list(self.blocks)


def escape(text: str) -> str:
    """Escape feed or chat text for mrkdwn (and the message `text`): only &, < and > are
    special. Control characters go too (store text lost them on the way in; chat input echoed
    in a reply has not been through the store)."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], clean_text(text))


def safe_url(url: str | None) -> str | None:
    """The URL if it can go inside `<url|label>` safely: http(s), a host, no `|`, `<`, `>`,
    whitespace or control characters, at most `URL_LIMIT` characters. Anything else is None
    (the title is then shown unlinked)."""
    if not url or len(url) > URL_LIMIT or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def link(url: str | None, label: str) -> str:
    """`<url|label>` with the label escaped, or just the escaped label when the URL is unsafe."""
    return _link_escaped(url, escape(label))


def _link_escaped(url: str | None, escaped_label: str) -> str:
    checked = safe_url(url)
    if checked is None:
        return escaped_label
    # Slack splits `<url|label>` at the first "|"; a look-alike keeps any later one from ever
    # being read as a separator by a client that parses differently.
    return f"<{escape(checked)}|{escaped_label.replace('|', '∣')}>"


def cut(text: str, limit: int) -> str:
    """Escape `text` and cut it so the escaped result fits in `limit` characters.

    Cuts between words and ends with an ellipsis; a single word longer than the limit is cut
    inside the word (never inside an escape sequence, since the raw text is what gets cut).
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    if limit <= len(ELLIPSIS):
        return ""
    budget = limit - len(ELLIPSIS)
    out: list[str] = []
    used = 0
    for token in _WS_RE.split(text):
        piece = escape(token)
        if used + len(piece) > budget:
            break
        out.append(piece)
        used += len(piece)
    kept = "".join(out).rstrip()
    if not kept:
        # One word longer than the whole budget: cut it by characters.
        chars: list[str] = []
        used = 0
        for ch in text:
            piece = escape(ch)
            if used + len(piece) > budget:
                break
            chars.append(piece)
            used += len(piece)
        kept = "".join(chars)
    return kept + ELLIPSIS


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:SECTION_LIMIT]}}


def _context(elements: list[str]) -> Block:
    return {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": e[:CONTEXT_ELEMENT_LIMIT]}
            for e in elements[:CONTEXT_ELEMENTS_LIMIT]
        ],
    }


def _title_line(post: Post) -> str:
    # Cut the raw title first so the link label stays inside the section limit.
    label = post.title.strip() or "(untitled)"
    return f"*{_link_escaped(post.url, cut(label, TITLE_LIMIT))}*"


def _mention(post: Post) -> str:
    """An opt-in user-group mention set by an admin; anything not shaped like an id is dropped."""
    role = post.mention_role
    if role and _USERGROUP_RE.fullmatch(role):
        return f"<!subteam^{role}>"
    return ""


def _quote_text(quote: PostQuote) -> str:
    """`>“text”` and `>— *Speaker*, role`: the attribution is built first and kept whole; the
    quote gives way when the section limit is near."""
    attribution = ""
    if quote.speaker:
        attribution = f"*{cut(quote.speaker, 200)}*"
        if quote.role:
            attribution += f", {cut(quote.role, 200)}"
        attribution = f"\n>— {attribution}"
    overhead = len(">“”") + len(attribution)
    body = cut(" ".join(quote.text.split()), SECTION_LIMIT - overhead)
    return f">“{body}”{attribution}"


def _published(post: Post) -> str:
    if post.published is None:
        return ""
    when = post.published
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _footer(post: Post) -> list[Block]:
    blocks: list[Block] = []
    if post.also_covered_by:
        blocks.append(_context([_also_covered(post.also_covered_by)]))
    elements: list[str] = []
    if post.source:
        elements.append(f"Source: {cut(post.source, 300)}")
    if post.topics:
        elements.append(cut("Topics: " + ", ".join(post.topics), CONTEXT_ELEMENT_LIMIT))
    published = _published(post)
    if published:
        elements.append(published)
    if elements:
        blocks.append(_context(elements))
    return blocks


def _also_covered(links: tuple[tuple[str, str], ...]) -> str:
    """ "Also covered by: a, b and 3 more", as many links as fit in one context element."""
    prefix = "Also covered by: "
    parts: list[str] = []
    for shown, (name, url) in enumerate(links):
        piece = _link_escaped(url, cut(name, 200))
        candidate = prefix + ", ".join([*parts, piece])
        rest = len(links) - shown - 1
        reserve = len(f" and {rest} more") if rest else 0
        if len(candidate) + reserve > CONTEXT_ELEMENT_LIMIT:
            return prefix + ", ".join(parts) + f" and {len(links) - shown} more"
        parts.append(piece)
    return prefix + ", ".join(parts)


def _fallback(post: Post) -> str:
    mention = _mention(post)
    head = f"{mention} " if mention else ""
    title = post.title.strip() or "(untitled)"
    line = title + (f" ({post.source})" if post.source else "")
    url = safe_url(post.url)
    url_part = f"\n{escape(url)}" if url else ""
    return head + cut(line, FALLBACK_LIMIT - len(head) - len(url_part)) + url_part


def _render_article(post: Post) -> list[Block]:
    mention = _mention(post)
    title = _title_line(post)
    blocks: list[Block] = [_section(f"{mention} {title}" if mention else title)]
    if post.summary.strip():
        blocks.append(_section(cut(post.summary.strip(), SECTION_LIMIT)))
    blocks.extend(_section(_quote_text(q)) for q in post.quotes[:MAX_QUOTES])
    blocks.extend(_footer(post))
    return blocks


def _digest_line(item: DigestItem) -> str:
    title = cut(item.title.strip() or "(untitled)", TITLE_LIMIT)
    line = f"• *{_link_escaped(item.url, title)}*"
    if item.line.strip():
        line += " — " + cut(item.line.strip(), SECTION_LIMIT - len(line) - 3)
    return line


def _render_digest(post: Post) -> list[Block]:
    blocks: list[Block] = [_section(_title_line(post))]
    if post.summary.strip():
        blocks.append(_section(cut(post.summary.strip(), SECTION_LIMIT)))
    footer = _footer(post)
    # Items are packed several to a section (a digest can list more items than Slack allows
    # blocks); room is kept for the footer and for one "and N more" line.
    chunks: list[tuple[str, int]] = []  # (section text, items in it)
    for item in post.items:
        line = _digest_line(item)
        if chunks and len(chunks[-1][0]) + 1 + len(line) <= SECTION_LIMIT:
            text, count = chunks[-1]
            chunks[-1] = (f"{text}\n{line}", count + 1)
        else:
            chunks.append((line, 1))
    room = MAX_BLOCKS - len(blocks) - len(footer) - 1
    kept = chunks[:room]
    blocks.extend(_section(text) for text, _ in kept)
    left = len(post.items) - sum(count for _, count in kept)
    if left > 0:
        blocks.append(_context([f"and {left} more"]))
    blocks.extend(footer)
    return blocks


def _render_notice(post: Post) -> list[Block]:
    blocks: list[Block] = [_section(_title_line(post))]
    if post.summary.strip():
        text = cut(post.summary.strip(), SECTION_LIMIT - 16)
        if post.about_channel is not None:
            # Escaping left the marker as it was; only a Slack channel id becomes a mention.
            ident = post.about_channel
            mention = f"<#{ident}>" if _CHANNEL_ID_RE.fullmatch(ident) else "a channel"
            text = text.replace(MENTION, mention, 1)
        blocks.append(_section(text))
    blocks.extend(_footer(post))
    return blocks


_BROADCAST_RE = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)


def _inert(text: str) -> str:
    """Escaped text in which not even a client that links names (`link_names`) would read
    `@channel`, `@here` or `@everyone` as a broadcast: a zero-width space follows the `@`."""
    return _BROADCAST_RE.sub("@\u200b", escape(text))


def _template_value(post: Post, name: str, room: int) -> str:
    if name == "link":
        url = safe_url(post.url)
        piece = f"<{escape(url)}>" if url else ""
        return piece if len(piece) <= room else ""
    text = field_text(post, name)
    if name not in ("summary", "quotes"):
        text = " ".join(text.split())
    return _BROADCAST_RE.sub("@\u200b", cut(text, min(room, SECTION_LIMIT)))


def _render_templated(post: Post) -> list[Block] | None:
    """An article in the channel's template: one mrkdwn section. The admin's own text is
    escaped too (`<!channel>` in a template shows as text); mrkdwn such as *bold* still works."""
    template = template_of(post)
    if template is None:
        return None
    mention = _mention(post)
    head = f"{mention} " if mention else ""
    text = template.render(
        lambda name, room: _template_value(post, name, room),
        _inert,
        limit=SECTION_LIMIT - len(head),
    )
    blocks = [_section(head + (text or cut(post.title.strip() or "(untitled)", TITLE_LIMIT)))]
    if post.also_covered_by:  # a same-story edit shows the new source whatever the layout
        blocks.append(_context([_also_covered(post.also_covered_by)]))
    return blocks


def _render_styled(post: Post) -> list[Block]:
    """compact: title, the summary's first sentence, source and time; headline: title and
    source. Both leave out quotes and topics."""
    mention = _mention(post)
    title = _title_line(post)
    blocks: list[Block] = [_section(f"{mention} {title}" if mention else title)]
    summary = one_line(post.summary) if post.style == "compact" else ""
    if summary:
        blocks.append(_section(cut(summary, SECTION_LIMIT)))
    if post.also_covered_by:
        blocks.append(_context([_also_covered(post.also_covered_by)]))
    elements = [f"Source: {cut(post.source, 300)}"] if post.source else []
    if post.style == "compact" and _published(post):
        elements.append(_published(post))
    if elements:
        blocks.append(_context(elements))
    return blocks


def render_post(post: Post) -> SlackMessage:
    """Block Kit blocks and fallback text for `post`, within every Slack limit."""
    if post.kind == "digest":
        blocks = _render_digest(post)
    elif post.kind == "notice":
        blocks = _render_notice(post)
    else:
        templated = _render_templated(post)
        if templated is not None:
            blocks = templated
        elif post.style != "full":
            blocks = _render_styled(post)
        else:
            blocks = _render_article(post)
    return SlackMessage(blocks=tuple(blocks[:MAX_BLOCKS]), text=_fallback(post)[:TEXT_LIMIT])


# --- command answers ------------------------------------------------------------------------

DETAIL_LIMIT = 500


def _reply_item_line(item: ReplyItem) -> str:
    title = cut(item.title.strip() or "(untitled)", TITLE_LIMIT)
    line = f"• *{_link_escaped(item.url, title)}*"
    if item.detail.strip():
        line += " — " + cut(" ".join(item.detail.split()), DETAIL_LIMIT)
    return line


def _pack(lines: list[str]) -> list[tuple[str, int]]:
    """Lines joined into as few sections as fit (text, lines in it); a line is never split."""
    chunks: list[tuple[str, int]] = []
    for line in lines:
        if chunks and len(chunks[-1][0]) + 1 + len(line) <= SECTION_LIMIT:
            text, count = chunks[-1]
            chunks[-1] = (f"{text}\n{line}", count + 1)
        else:
            chunks.append((line, 1))
    return chunks


_SLACK_MENTION = {"c": "<#{}>", "u": "<@{}>", "r": "<!subteam^{}>"}


def _reply_mention(kind: str, id_: str) -> str:
    return _SLACK_MENTION[kind].format(id_)


def _quiet_mention(kind: str, id_: str) -> str:
    return _reply_mention(kind, id_) if kind == "c" else f"@{id_}"


def reply_blocks(reply: Reply) -> tuple[Block, ...]:
    """`_reply_blocks` with channel, user and group tokens (`bot.commands.mentions`) as Slack
    mentions, put in after everything else was escaped. Slack notifies whoever a message
    mentions, so a reply the whole channel sees names people and groups without mention
    syntax; only the caller's own (ephemeral) answers show them as mentions."""
    mention = _reply_mention if reply.ephemeral or not reply.ok else _quiet_mention
    out: list[Block] = []
    for block in _reply_blocks(reply):
        if block.get("type") == "section":
            text = block["text"]
            block = {
                **block,
                "text": {**text, "text": mentions.render(text["text"], mention)},
            }
        elif block.get("type") == "context":
            block = {
                **block,
                "elements": [
                    {**e, "text": mentions.render(e["text"], mention)} for e in block["elements"]
                ],
            }
        out.append(block)
    return tuple(out)


def _reply_blocks(reply: Reply) -> tuple[Block, ...]:
    """Block Kit for a command answer: its text (escaped, split into sections by line), then
    its items as a bulleted list with safe links, then "and N more" if Slack's 50 blocks run out.

    Reply text may echo what a user typed and items hold feed titles, so all of it is escaped;
    the only links are the items' URLs that `safe_url` accepts.
    """
    lines = [cut(line, SECTION_LIMIT) for line in reply.text.strip().splitlines()]
    blocks: list[Block] = [_section(t) for t, _ in _pack([ln for ln in lines if ln.strip()])]
    item_chunks = _pack([_reply_item_line(item) for item in reply.items])
    if not item_chunks:
        return tuple(blocks[:MAX_BLOCKS]) or (_section("Done."),)
    blocks = blocks[: MAX_BLOCKS - 2]  # room for at least one item section and "and N more"
    room = MAX_BLOCKS - len(blocks)
    kept = item_chunks if len(item_chunks) <= room else item_chunks[: room - 1]
    blocks.extend(_section(t) for t, _ in kept)
    left = len(reply.items) - sum(count for _, count in kept)
    if left > 0:
        blocks.append(_context([f"and {left} more"]))
    return tuple(blocks)
