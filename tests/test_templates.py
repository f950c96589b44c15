"""The template syntax (bot/config/templates.py), its `[[channels]]` keys, the text commands
that set it, and the renderers' treatment of a template and of the built-in styles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.adapters import discord_render, slack_render
from bot.adapters.console import render_console
from bot.commands import CommandError, parse_command
from bot.config import ConfigError, parse_config
from bot.config.templates import FIELDS, TemplateError, parse_template
from bot.delivery.ports import ChannelRef, Post, PostQuote
from bot.delivery.templates import with_format

CHANNEL = '[[channels]]\nplatform = "discord"\nworkspace = "1"\nid = "2"\n'


def test_placeholders_and_escaped_braces() -> None:
    t = parse_template("{{{title}}} {link}")
    assert t.parts == ((False, "{"), (True, "title"), (False, "} "), (True, "link"))
    assert t.fields == {"title", "link"}
    assert parse_template("{ summary }").fields == {"summary"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{author}", "unknown placeholder {author}"),
        ("{title.__class__}", "unknown placeholder {title.__class__}"),
        ("{0}", "unknown placeholder {0}"),
        ("{title!r}", "unknown placeholder {title!r}"),
        ("{title:>300}", "unknown placeholder {title:>300}"),
        ("{title", "is not closed"),
        ("{title} }", "closes nothing"),
        ("{ {title}", "is not closed"),
        ("just words", "uses no placeholder"),
        ("{title}" + "x" * 2000, "longer than 1500"),
    ],
)
def test_a_bad_template_is_refused_saying_why(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_template(text)
    assert message in str(info.value)


def test_rendering_cuts_values_never_the_admins_text() -> None:
    t = parse_template("**{title}** by {source} [read]")
    text = t.render(lambda name, room: ("T" * 50)[:room], lambda s: s, limit=30)
    # The title was cut to the room left; the literal "** by " no longer fit, so it stops there.
    assert text == "**" + "T" * 28
    whole = t.render(lambda name, room: name, lambda s: s, limit=100)
    assert whole == "**title** by source [read]"


def test_channels_keys_in_config_toml() -> None:
    config = parse_config(CHANNEL + 'format = "compact"\ntemplate = "{title} {link}"\n')
    [channel] = config.channels
    assert (channel.format, channel.template) == ("compact", "{title} {link}")
    with pytest.raises(ConfigError) as bad:
        parse_config(CHANNEL + 'format = "tiny"\ntemplate = "{title} {who}"\n')
    shown = str(bad.value)
    assert "config.toml:5: channels[0].format: expected" in shown
    assert "config.toml:6: channels[0].template: unknown placeholder {who}" in shown


def test_text_commands_parse_the_new_options() -> None:
    parsed = parse_command(
        "newsadmin", 'channel format style=compact template="{title}" preview=yes'
    )
    assert parsed.handler == "channel_format"
    assert parsed.kwargs == {"style": "compact", "template": "{title}", "preview": True}
    parsed = parse_command("newsadmin", 'filter add include:"/\\bbus(es)?\\b/" channel=C0123456')
    assert parsed.kwargs == {"include": "/\\bbus(es)?\\b/", "channel": "C0123456"}
    assert parse_command("newsadmin", "filter list <#C0123456|news>").kwargs == {
        "channel": "<#C0123456|news>"
    }
    with pytest.raises(CommandError, match="Unknown option 'colour'"):
        parse_command("newsadmin", "channel format colour=red")


def _post(**changes: object) -> Post:
    base = Post(
        kind="article",
        title="Council <!here> @here votes",
        url="https://desk.example/a?x=1&y=2",
        summary="First sentence here. Second sentence follows.",
        quotes=(PostQuote("We will act", "Ana Ruiz", "mayor"),),
        topics=("transit",),
        source="City Desk",
        published=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )
    return with_format(base, changes)


def test_styles_on_each_platform() -> None:
    compact = _post(format="compact")
    embed = discord_render.render_post(compact).embed
    assert embed["description"] == "First sentence here."
    assert [f["name"] for f in embed["fields"]] == ["Source"]
    headline = discord_render.render_post(_post(format="headline")).embed
    assert "description" not in headline and headline["url"] == "https://desk.example/a?x=1&y=2"

    blocks = slack_render.render_post(compact).blocks
    assert [b["type"] for b in blocks] == ["section", "section", "context"]
    assert blocks[1]["text"]["text"] == "First sentence here."
    assert len(slack_render.render_post(_post(format="headline")).blocks) == 2

    printed = render_console(ChannelRef("console", "", "news"), compact)
    assert "First sentence here." in printed and "Second" not in printed


def test_a_template_on_each_platform_keeps_every_value_inert() -> None:
    post = _post(template="<@&1> {title} | {link} | {quotes} | {published} | {topics}")
    embed = discord_render.render_post(post).embed
    assert embed["description"] == (
        "<\u200b@&1> Council <!here> @\u200bhere votes | https://desk.example/a?x=1&y=2 | "
        "“We will act” — Ana Ruiz, mayor | 2026-01-02 03:04 UTC | transit"
    )
    [section] = slack_render.render_post(post).blocks
    assert section["text"]["text"] == (
        "&lt;@&amp;1&gt; Council &lt;!here&gt; @\u200bhere votes | "
        "<https://desk.example/a?x=1&amp;y=2> | “We will act” — Ana Ruiz, mayor | "
        "2026-01-02 03:04 UTC | transit"
    )


def test_every_field_has_a_value() -> None:
    from bot.delivery.templates import field_text

    assert all(isinstance(field_text(_post(), name), str) for name in FIELDS)


def test_printed_log_lines_never_carry_a_webhook_token() -> None:
    """discord.py's and aiosqlite's debug lines show webhook tokens (the URL it called, the
    Create Webhook answer, the stored row): the formatter `newsbot` logs through masks them."""
    import logging

    from bot.textsafe import EscapingFormatter

    lines = [
        ("POST %s has received %s", ("https://x/api/v10/channels/1/webhooks", {"token": "tok1"})),
        (
            "Webhook ID %s with %s %s",
            (5, "POST", "https://discord.com/" + "api/v10/webhooks/5/tok2"),
        ),
        ("executing %r", (("webhook:x", '{"id": "5", "token": "tok3"}'),)),
    ]
    formatter = EscapingFormatter("%(message)s")
    for msg, args in lines:
        record = logging.LogRecord("discord.http", logging.DEBUG, __file__, 1, msg, args, None)
        printed = formatter.format(record)
        assert "tok" not in printed.replace("token", ""), printed
        assert "***" in printed


def test_config_toml_format_reaches_the_channel_settings_delivery_reads() -> None:
    from bot.app import channel_settings

    config = parse_config(CHANNEL + 'format = "headline"\ntemplate = "{title}\\n{link}"\n')
    settings = channel_settings(config.channels[0])
    assert (settings["format"], settings["template"]) == ("headline", "{title}\n{link}")
    post = with_format(_post(), settings)
    assert (post.style, post.template) == ("headline", "{title}\n{link}")
    plain = parse_config(CHANNEL)
    assert "format" not in channel_settings(plain.channels[0])  # defaults stay out of listings


async def test_a_typed_backslash_n_is_a_line_break(tmp_path: object) -> None:
    from pathlib import Path

    from bot.commands import Caller, Commands
    from bot.store import open_store
    from tests.support import FakeClock

    assert isinstance(tmp_path, Path)
    store = await open_store(tmp_path / "n.db", clock=FakeClock())
    try:
        commands = Commands(store, parse_config(""), clock=FakeClock())
        admin = Caller("discord", "1", "2", "U", is_admin=True)
        reply = await commands.call("channel_format", admin, template="{title}\\n{link}")
        assert reply.ok, reply.text
        settings = await store.channel_settings(("discord", "1", "2"))
        assert settings["template"] == "{title}\n{link}"
    finally:
        await store.close()
