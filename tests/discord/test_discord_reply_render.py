"""Command replies → Discord: plain content or one embed, inert, within the limits; and the
small pure helpers of the cogs (autocomplete choices, error sentences)."""

from __future__ import annotations

from discord import app_commands
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.discord_render import (
    CONTENT,
    EMBED_DESCRIPTION,
    EMBED_TITLE,
    EMBED_TOTAL,
    embed_size,
    render_reply,
    size,
)
from bot.commands import HELP, Reply, ReplyItem
from cogs.base import BadOption, choices, error_message

ZWSP = "\u200b"


def test_text_alone_is_plain_content_with_code_spans_kept() -> None:
    rendered = render_reply(Reply("No topic named 'x_y'. Try `/news topics`.", ok=False))
    assert rendered.embed is None
    assert rendered.content == "No topic named 'x\\_y'. Try `/news topics`."
    assert rendered.ephemeral  # refusals are always private
    assert rendered.allowed_mentions.to_dict()["parse"] == []


def test_public_replies_stay_public_and_help_fits_a_message() -> None:
    assert not render_reply(Reply("Added topic housing.", ephemeral=False)).ephemeral
    helped = render_reply(Reply(HELP))
    assert helped.content is not None and size(helped.content) <= CONTENT
    assert "/news latest \\[topic\\] \\[count\\]" in helped.content


def test_mentions_in_echoed_input_are_neutralised() -> None:
    rendered = render_reply(Reply("Nothing posted matches '@everyone <@&42> <@7>'."))
    assert rendered.content == f"Nothing posted matches '@{ZWSP}everyone <{ZWSP}@&42> <{ZWSP}@7>'."


def test_long_text_goes_in_an_embed_description() -> None:
    rendered = render_reply(Reply("word " * 1000))
    assert rendered.content is None and rendered.embed is not None
    assert size(rendered.embed["description"]) <= EMBED_DESCRIPTION
    assert rendered.embed["description"].endswith("…")


def test_items_are_an_embed_of_escaped_linked_lines() -> None:
    reply = Reply(
        "Top stories this week:",
        (
            ReplyItem("*Big* news @here", "https://news.example/a_(1)", "3 reactions"),
            ReplyItem("[fake](https://evil.example)", "javascript:alert(1)", "1 reaction"),
        ),
    )
    embed = render_reply(reply).embed
    assert embed is not None
    assert embed["title"] == "Top stories this week:"
    first, second = embed["description"].split("\n")
    assert first == f"• [\\*Big\\* news @{ZWSP}here](https://news.example/a_%281%29) — 3 reactions"
    assert second == "• \\[fake\\](https://evil.example) — 1 reaction"  # no link, no markup


def test_a_multi_line_head_keeps_its_first_line_as_title() -> None:
    reply = Reply("Page title\nThe summary.\nTopics: none", (ReplyItem("“A quote”", None, "— X"),))
    embed = render_reply(reply).embed
    assert embed is not None
    assert embed["title"] == "Page title"
    assert embed["description"] == "The summary.\nTopics: none\n\n• “A quote” — X"


@settings(max_examples=40, deadline=None)
@given(
    head=st.text(min_size=0, max_size=600),
    items=st.lists(
        st.tuples(st.text(max_size=400), st.text(max_size=600)), min_size=1, max_size=80
    ),
)
def test_listings_stay_within_every_limit(head: str, items: list[tuple[str, str]]) -> None:
    reply = Reply(head, tuple(ReplyItem(t, "https://x.example/" + "a" * 300, d) for t, d in items))
    embed = render_reply(reply).embed
    assert embed is not None
    assert size(embed["title"]) <= EMBED_TITLE
    assert size(embed.get("description", "")) <= EMBED_DESCRIPTION
    assert embed_size(embed) <= EMBED_TOTAL
    shown = embed.get("description", "").count("\n• ") + embed.get("description", "").startswith(
        "• "
    )
    if shown < len(items):
        assert embed["description"].endswith("more")


def test_autocomplete_prefers_prefixes_and_caps_at_25() -> None:
    names = ["transit", "immigration", "crime", "city hall", *[f"t{n}" for n in range(40)]]
    assert [c.value for c in choices(names, "im")] == ["immigration", "crime"]
    assert len(choices(names, "")) == 25


def test_error_sentences() -> None:
    missing = app_commands.MissingPermissions(["manage_guild"])
    assert error_message(missing) == (
        "This command needs the Manage Server permission. Nothing was changed."
    )
    assert error_message(BadOption("Pick a role.")) == "Pick a role."
    assert "direct messages" in error_message(app_commands.NoPrivateMessage())
    assert "logged" in error_message(app_commands.AppCommandError("boom"))
