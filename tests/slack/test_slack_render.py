"""Block Kit rendering: Slack's limits always hold and feed text never pings or links."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.slack_render import (
    CONTEXT_ELEMENT_LIMIT,
    CONTEXT_ELEMENTS_LIMIT,
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_LIMIT,
    TEXT_LIMIT,
    Block,
    cut,
    escape,
    link,
    render_post,
    safe_url,
)
from bot.delivery.ports import DigestItem, Post, PostQuote

# Text that looks like Slack markup, with long runs and no spaces, to stress both rules.
markupish = st.lists(
    st.sampled_from([*"ab <>&|!@#^*_~`:/.-\n", "<!channel>", "<@U123>", "é", "💥", "word "]),
    max_size=120,
).map("".join)
long_text = st.one_of(markupish, st.text(max_size=3500), st.just("word " * 1500))
urls = st.one_of(
    st.none(),
    st.just("https://news.example/a?x=1&y=2"),
    st.just("javascript:alert(1)"),
    st.just("http://evil.example|your bank"),
    st.just("https://long.example/" + "a" * 3000),
    st.text(max_size=40),
)
quotes = st.builds(
    PostQuote, text=long_text, speaker=st.one_of(st.none(), markupish), role=st.none() | markupish
)
posts = st.builds(
    Post,
    kind=st.sampled_from(["article", "digest", "notice"]),
    title=long_text,
    url=urls,
    summary=long_text,
    quotes=st.lists(quotes, max_size=8).map(tuple),
    topics=st.lists(markupish, max_size=30).map(tuple),
    source=markupish,
    published=st.none() | st.just(datetime(2026, 11, 27, 20, 0, tzinfo=UTC)),
    also_covered_by=st.lists(st.tuples(markupish, urls.map(lambda u: u or "")), max_size=80).map(
        tuple
    ),
    items=st.lists(
        st.builds(DigestItem, title=markupish, url=urls, line=long_text), max_size=40
    ).map(tuple),
)

LINK_RE = re.compile(r"<([^|<>]*)\|")


def texts(block: Block) -> list[str]:
    if block["type"] == "context":
        return [e["text"] for e in block["elements"]]
    return [block["text"]["text"]]


def assert_within_limits(blocks: tuple[Block, ...], text: str) -> None:
    assert 1 <= len(blocks) <= MAX_BLOCKS
    assert 0 < len(text) <= TEXT_LIMIT
    for block in blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= SECTION_LIMIT
        elif block["type"] == "header":
            assert len(block["text"]["text"]) <= HEADER_LIMIT
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= CONTEXT_ELEMENTS_LIMIT
            assert all(len(e["text"]) <= CONTEXT_ELEMENT_LIMIT for e in block["elements"])
        else:
            raise AssertionError(f"unexpected block {block['type']}")


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(posts)
def test_limits_hold_and_only_our_links_have_angle_brackets(post: Post) -> None:
    message = render_post(post)
    assert_within_limits(message.blocks, message.text)
    allowed = {escape(u) for u in [post.url, *(u for _, u in post.also_covered_by)] if u}
    allowed |= {escape(i.url) for i in post.items if i.url}
    for chunk in [message.text, *(t for b in message.blocks for t in texts(b))]:
        assert "<!" not in chunk and "<@" not in chunk and "<#" not in chunk
        # every "<" opens a link to a URL the post itself carried, and that URL is safe
        assert chunk.count("<") == len(LINK_RE.findall(chunk))
        for url in LINK_RE.findall(chunk):
            assert url in allowed
            assert safe_url(url.replace("&amp;", "&")) is not None


def test_hostile_title_is_shown_as_text() -> None:
    post = Post(kind="article", title="<!channel> <@U123> <http://evil.example|your bank>")
    message = render_post(post)
    assert message.blocks[0]["text"]["text"] == (
        "*&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|your bank&gt;*"
    )
    assert message.text == "&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|your bank&gt;"


def test_long_quote_keeps_its_speaker_whole() -> None:
    speaker, role = "Dr. Maria-José Fernández de la Vega", "Deputy Minister for Housing"
    post = Post(
        kind="article",
        title="t",
        quotes=(PostQuote("We will build. " * 400, speaker, role),),
    )
    quote = render_post(post).blocks[1]["text"]["text"]
    assert len(quote) <= SECTION_LIMIT
    assert quote.endswith(f"…”\n>— *{speaker}*, {role}")
    assert quote.startswith(">“We will build.")
    assert " buil…" not in quote  # cut between words


@settings(derandomize=True, database=None)
@given(st.text(max_size=3000), st.integers(min_value=2, max_value=400))
def test_cut_fits_and_never_splits_an_entity(text: str, limit: int) -> None:
    out = cut(text, limit)
    assert len(out) <= limit
    stripped = re.sub(r"&(amp|lt|gt);", "", out)
    assert "<" not in stripped and ">" not in stripped
    assert not re.search(r"&(?!amp;|lt;|gt;)", out)


def test_cut_on_word_boundary() -> None:
    assert cut("hello wonderful world", 16) == "hello wonderful…"
    assert cut("hello wonderful world", 12) == "hello…"
    assert cut("a" * 50, 10) == "a" * 9 + "…"
    assert cut("& & & &", 12) == "&amp; &amp;…"
    assert cut("& & & &", 10) == "&amp;…"
    assert cut("short", 10) == "short"


def test_digest_packs_items_and_counts_the_rest() -> None:
    items = tuple(
        DigestItem(title=f"Story {n} about <things>", url=f"https://n.example/{n}", line="x " * 60)
        for n in range(2000)
    )
    post = Post(kind="digest", title="Your digest", items=items, source="newsbot")
    message = render_post(post)
    assert_within_limits(message.blocks, message.text)
    shown = sum(t.count("• ") for b in message.blocks if b["type"] == "section" for t in texts(b))
    more = [t for b in message.blocks for t in texts(b) if t.startswith("and ")]
    assert more and shown + int(more[0].split()[1]) == len(items)


def test_small_digest_lists_everything() -> None:
    items = (
        DigestItem("First", "https://a.example/1", "One line."),
        DigestItem("Second <b>", None, ""),
    )
    blocks = render_post(Post(kind="digest", title="Digest", items=items)).blocks
    assert blocks[1]["text"]["text"] == (
        "• *<https://a.example/1|First>* — One line.\n• *Second &lt;b&gt;*"
    )


def test_also_covered_by_caps_links() -> None:
    links = tuple((f"Paper {n}", f"https://p{n}.example/story") for n in range(300))
    post = Post(kind="article", title="t", also_covered_by=links)
    [element] = render_post(post).blocks[-1]["elements"]
    assert len(element["text"]) <= CONTEXT_ELEMENT_LIMIT
    assert element["text"].startswith("Also covered by: <https://p0.example/story|Paper 0>")
    shown = element["text"].count("<")
    assert element["text"].endswith(f" and {300 - shown} more")


def test_notice_and_mentions() -> None:
    notice = Post(kind="notice", title="Paused a feed", summary="Example Feed failed 5 times.")
    blocks = render_post(notice).blocks
    assert [b["text"]["text"] for b in blocks] == [
        "*Paused a feed*",
        "Example Feed failed 5 times.",
    ]
    ok = render_post(Post(kind="article", title="t", mention_role="S0123ABC"))
    assert ok.text.startswith("<!subteam^S0123ABC> ")
    for bad in ("!channel", "here", "S1>|x", "<!everyone>"):
        message = render_post(Post(kind="article", title="t", mention_role=bad))
        assert "<" not in message.text and "<" not in message.blocks[0]["text"]["text"]


def test_safe_url() -> None:
    assert safe_url("https://a.example/x?q=1&r=2") == "https://a.example/x?q=1&r=2"
    for bad in (
        "javascript:alert(1)",
        "http://evil.example|your bank",
        "https://a.example/>x",
        "https://a.example/ x",
        "ftp://a.example/",
        "https:///nohost",
        "",
        None,
    ):
        assert safe_url(bad) is None
    expected = "<https://a.example/?a=1&amp;b=2|A &amp; B>"
    assert link("https://a.example/?a=1&b=2", "A & B") == expected
    assert link("mailto:x@y", "<mail>") == "&lt;mail&gt;"
    assert link("https://a.example/", "a|b") == "<https://a.example/|a∣b>"
    assert safe_url("https://a.example/" + "x" * 1000) is None


def test_escape_drops_control_characters_from_echoed_chat_text() -> None:
    from bot.adapters.slack_render import escape

    assert escape("topic \x1b[31mred\x07 \u202eevil <b>") == "topic [31mred evil &lt;b&gt;"
