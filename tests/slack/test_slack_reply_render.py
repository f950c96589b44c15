"""Command answers as Block Kit: within Slack's limits, escaped, links only where safe."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.slack_render import (
    CONTEXT_ELEMENT_LIMIT,
    MAX_BLOCKS,
    SECTION_LIMIT,
    escape,
    reply_blocks,
    safe_url,
)
from bot.commands import HELP, Reply, ReplyItem

markupish = st.lists(
    st.sampled_from([*"ab <>&|!@*_`\n", "<!channel>", "<@U123>", "<http://x.example|y>", "é "]),
    max_size=80,
).map("".join)
long_text = st.one_of(markupish, st.text(max_size=4000), st.just("word " * 1500))
urls = st.one_of(
    st.none(),
    st.just("https://news.example/a?x=1&y=2"),
    st.just("javascript:alert(1)"),
    st.just("http://evil.example|your bank"),
    st.text(max_size=30),
)
replies = st.builds(
    Reply,
    text=st.one_of(long_text, st.just("\n".join(["line " * 50] * 200))),
    items=st.lists(
        st.builds(ReplyItem, title=long_text, url=urls, detail=long_text), max_size=120
    ).map(tuple),
    ephemeral=st.booleans(),
    ok=st.booleans(),
)
LINK_RE = re.compile(r"<([^|<>]*)\|")


def shown(blocks: tuple[dict[str, object], ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if block["type"] == "section":
            out.append(block["text"]["text"])  # type: ignore[index]
        else:
            assert block["type"] == "context"
            out.extend(e["text"] for e in block["elements"])  # type: ignore[attr-defined]
    return out


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(replies)
def test_limits_hold_and_only_item_links_have_angle_brackets(reply: Reply) -> None:
    blocks = reply_blocks(reply)
    assert 1 <= len(blocks) <= MAX_BLOCKS
    allowed = {escape(i.url) for i in reply.items if i.url}
    for block in blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= SECTION_LIMIT
        else:
            assert all(0 < len(e["text"]) <= CONTEXT_ELEMENT_LIMIT for e in block["elements"])
    for chunk in shown(blocks):
        assert "<!" not in chunk and "<@" not in chunk
        assert chunk.count("<") == len(LINK_RE.findall(chunk))
        for url in LINK_RE.findall(chunk):
            assert url in allowed
            assert safe_url(url.replace("&amp;", "&")) is not None


def test_items_are_a_list_with_safe_links() -> None:
    reply = Reply(
        "Latest on <b>:",
        (
            ReplyItem("A & B <!here>", "https://news.example/1?a=1&b=2", "Desk"),
            ReplyItem("No link", None, ""),
            ReplyItem("Bad link", "javascript:alert(1)", "x"),
        ),
    )
    assert reply_blocks(reply) == (
        {"type": "section", "text": {"type": "mrkdwn", "text": "Latest on &lt;b&gt;:"}},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "• *<https://news.example/1?a=1&amp;b=2|A &amp; B &lt;!here&gt;>* — Desk\n"
                "• *No link*\n"
                "• *Bad link* — x",
            },
        },
    )


def test_many_items_end_with_and_n_more() -> None:
    items = tuple(ReplyItem("t" * 400, f"https://n.example/{i}", "d" * 400) for i in range(400))
    blocks = reply_blocks(Reply("Sources:", items))
    assert len(blocks) == MAX_BLOCKS
    listed = sum(t.count("• ") for t in shown(blocks[1:-1]))
    assert blocks[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"and {400 - listed} more"}],
    }


def test_help_is_escaped_and_keeps_its_lines() -> None:
    [block] = reply_blocks(Reply(HELP))
    text = block["text"]["text"]
    assert "/news subscribe &lt;topic&gt;" in text
    assert text.count("\n") == HELP.count("\n")


def test_empty_reply_still_renders() -> None:
    assert reply_blocks(Reply("")) == (
        {"type": "section", "text": {"type": "mrkdwn", "text": "Done."}},
    )
