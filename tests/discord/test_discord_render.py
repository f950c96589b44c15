"""Rendering a Post as a Discord embed: every limit holds, nothing pings, no speaker is cut."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.discord_render import (
    EMBED_DESCRIPTION,
    EMBED_FIELDS,
    EMBED_TITLE,
    EMBED_TOTAL,
    FIELD_NAME,
    FIELD_VALUE,
    cut,
    embed_size,
    escape,
    render_post,
    safe_url,
    size,
)
from bot.delivery.ports import DigestItem, Post, PostQuote

PINGS = re.compile(r"@(everyone|here)|<[@#/](?!\u200b)")


def assert_within_limits(embed: dict[str, object]) -> None:
    assert 0 < size(str(embed["title"])) <= EMBED_TITLE
    assert size(str(embed.get("description", ""))) <= EMBED_DESCRIPTION
    fields = embed.get("fields", [])
    assert isinstance(fields, list) and len(fields) <= EMBED_FIELDS
    for field in fields:
        assert 0 < size(field["name"]) <= FIELD_NAME
        assert 0 < size(field["value"]) <= FIELD_VALUE
    assert embed_size(embed) <= EMBED_TOTAL


def visible_text(embed: dict[str, object]) -> list[str]:
    fields = embed.get("fields", [])
    assert isinstance(fields, list)
    return [
        str(embed["title"]),
        str(embed.get("description", "")),
        *(f["name"] for f in fields),
        *(f["value"] for f in fields),
    ]


# --- examples -----------------------------------------------------------------------------------


def test_cut_ends_on_a_word_with_an_ellipsis() -> None:
    text = "alpha beta gamma delta " * 400
    out = cut(text, 100)
    assert size(out) <= 100 and out.endswith("…")
    assert out[:-1].split()[-1] in {"alpha", "beta", "gamma", "delta"}
    assert cut("short", 100) == "short"


def test_cut_counts_utf16_units() -> None:
    emoji = "😀" * 200  # two UTF-16 units each
    assert size(cut(emoji, 101)) <= 101


def test_article_layout() -> None:
    post = Post(
        kind="article",
        title="Rail *vote*",
        url="https://desk.example/a b",
        summary="First paragraph.\n\n\n  Second   paragraph.",
        quotes=(PostQuote("It matters.", "Maria Lopez", "a judge"), PostQuote("Bare.", None)),
        topics=("transit", "city"),
        source="Desk",
        published=datetime(2026, 11, 25, tzinfo=UTC),
        image="https://img.example/p.jpg",
        also_covered_by=(("Other", "https://other.example/x"),),
    )
    rendered = render_post(post)
    embed = rendered.embed
    assert rendered.content is None
    assert rendered.allowed_mentions.to_dict()["parse"] == []
    assert embed["title"] == "Rail \\*vote\\*"
    assert embed["url"] == "https://desk.example/a%20b"
    assert embed["description"] == "First paragraph.\n\nSecond paragraph."
    assert embed["image"] == {"url": "https://img.example/p.jpg"}
    values = [f["value"] for f in embed["fields"]]
    assert values[0] == "> It matters.\n— Maria Lopez, a judge"
    assert values[1] == "> Bare."
    assert "transit, city" in values and "Desk" in values
    assert values[-1] == "[Other](https://other.example/x)"
    assert rendered.to_embed().title == embed["title"]


def test_unsafe_urls_are_dropped() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("ftp://x.example/") is None
    assert safe_url("https://x.example/(a)<b>") == "https://x.example/%28a%29%3Cb%3E"
    embed = render_post(Post(kind="article", title="t", url="javascript:x", image="data:x")).embed
    assert "url" not in embed and "image" not in embed


def test_mentions_and_masked_links_are_inert() -> None:
    text = escape("@everyone @here <@123> <@&456> <#789> </cmd:1> [click](https://evil.example)")
    assert not PINGS.search(text)
    assert "\\[click\\]" in text


def test_a_long_attribution_drops_the_role_then_the_quote_but_never_cuts_the_name() -> None:
    long_role = "chair of " + "the committee " * 30
    post = Post(
        kind="article",
        title="t",
        quotes=(
            PostQuote("First.", "Ann Lee", long_role),
            PostQuote("Second.", "Name " * 100, None),
        ),
    )
    fields = render_post(post).embed["fields"]
    assert [f["value"] for f in fields] == ["> First.\n— Ann Lee"]


def test_long_quote_is_cut_in_its_text_and_keeps_the_speaker() -> None:
    post = Post(kind="article", title="t", quotes=(PostQuote("word " * 900, "Ann Lee", "mayor"),))
    (field,) = render_post(post).embed["fields"]
    quote, attribution = field["value"].split("\n")
    assert quote.endswith("…") and attribution == "— Ann Lee, mayor"


def test_quotes_give_way_to_the_summary_within_6000() -> None:
    quotes = tuple(PostQuote("q " * 600, f"Speaker {n}", "role") for n in range(5))
    post = Post(
        kind="article",
        title="T " * 200,
        summary="s " * 5000,
        quotes=quotes,
        topics=tuple(f"topic{n}" for n in range(200)),
        source="src " * 100,
        also_covered_by=tuple((f"Desk {n}", f"https://d{n}.example/") for n in range(80)),
    )
    embed = render_post(post).embed
    assert_within_limits(embed)
    assert size(embed["description"]) >= 600


def test_digest_lists_items_and_says_how_many_were_left_out() -> None:
    items = tuple(
        DigestItem(f"Story {n} " + "long " * 30, f"https://d.example/{n}", "line " * 60)
        for n in range(100)
    )
    embed = render_post(Post(kind="digest", title="Your digest", items=items)).embed
    assert_within_limits(embed)
    lines = embed["description"].split("\n")
    assert lines[0].startswith("• [Story 0")
    assert re.fullmatch(r"…and \d+ more", lines[-1])


def test_notice() -> None:
    embed = render_post(Post(kind="notice", title="", summary="Feed paused @here")).embed
    assert embed["title"] == "newsbot notice"
    assert not PINGS.search(embed["description"])


def test_opted_in_role_only() -> None:
    rendered = render_post(Post(kind="article", title="t", mention_role="123456789012345678"))
    assert rendered.content == "<@&123456789012345678>"
    assert rendered.allowed_mentions.to_dict() == {"parse": [], "roles": [123456789012345678]}
    bogus = render_post(Post(kind="article", title="t", mention_role="everyone"))
    assert bogus.content is None


# --- properties ----------------------------------------------------------------------------------

long_text = st.one_of(
    st.text(max_size=80),
    st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=40), st.integers(1, 400)),
)
short_text = st.text(max_size=60)
quotes = st.lists(
    st.builds(
        PostQuote, long_text, st.one_of(st.none(), short_text, long_text), st.none() | short_text
    ),
    max_size=8,
)
links = st.lists(
    st.tuples(short_text, st.sampled_from(["https://a.example/x", "nope"])), max_size=40
)


@settings(max_examples=100, deadline=None)
@given(
    title=long_text,
    summary=long_text,
    quotes=quotes,
    topics=st.lists(short_text, max_size=30),
    source=long_text,
    also=links,
)
def test_article_limits_hold_and_speakers_stay_whole(
    title: str,
    summary: str,
    quotes: list[PostQuote],
    topics: list[str],
    source: str,
    also: list[tuple[str, str]],
) -> None:
    post = Post(
        kind="article",
        title=title,
        url="https://desk.example/story",
        summary=summary,
        quotes=tuple(quotes),
        topics=tuple(topics),
        source=source,
        also_covered_by=tuple(also),
    )
    embed = render_post(post).embed
    assert_within_limits(embed)
    for text in visible_text(embed):
        assert not PINGS.search(text)
    whole = set()
    for q in quotes:
        if q.speaker and q.speaker.strip():
            speaker = escape(q.speaker)
            whole.add(f"— {speaker}")
            if q.role and q.role.strip():
                whole.add(f"— {speaker}, {escape(q.role)}")
    for field in embed.get("fields", []):
        if field["name"] == "Key quote" and "\n" in field["value"]:
            assert field["value"].rsplit("\n", 1)[1] in whole


@settings(max_examples=40, deadline=None)
@given(
    title=long_text,
    items=st.lists(
        st.builds(DigestItem, long_text, st.just("https://d.example/1"), long_text), max_size=60
    ),
)
def test_digest_limits_hold(title: str, items: list[DigestItem]) -> None:
    embed = render_post(Post(kind="digest", title=title, items=tuple(items))).embed
    assert_within_limits(embed)
    for text in visible_text(embed):
        assert not PINGS.search(text)
