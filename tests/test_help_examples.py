"""Every example `/news help` and `/newsadmin help` show works as typed, on both platforms.

Slack: the example goes through the real text parser (`bot.commands.text.parse_command`).
Discord: the example's command path and each `name:` are looked up in the command tree the cogs
declare (nothing positional: Discord has no positional arguments), and the values Discord
would pass must be the values the Slack parser reads, so one example means one thing on both.
"""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import MagicMock

import pytest
from discord import app_commands

from bot.adapters.discord_render import CONTENT, render_reply, size
from bot.commands.helptext import ADMIN_COMMANDS, ADMIN_HELP, NEWS_COMMANDS, NEWS_HELP
from bot.commands.text import parse_command
from bot.commands.types import CommandError, Reply
from cogs.news import NewsCog
from cogs.newsadmin import NewsAdminCog

EXAMPLES = [example for _, _, example in (*NEWS_COMMANDS, *ADMIN_COMMANDS)]


def discord_tree() -> dict[str, list[str]]:
    """Qualified command name → its option names, as the cogs declare them."""
    tree: dict[str, list[str]] = {}
    for cog in (NewsCog(MagicMock()), NewsAdminCog(MagicMock())):
        group = cog.__cog_app_commands_group__
        assert group is not None
        for command in group.walk_commands():
            if isinstance(command, app_commands.Command):
                tree[command.qualified_name] = [p.name for p in command.parameters]
    return tree


def discord_options(example: str, tree: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    """The example as Discord reads it: its command and option values (an option's value runs
    to the next `name:` of that command)."""
    words = example.removeprefix("/").split(" ")
    path = max(
        (n for n in tree if words[: len(n.split())] == n.split()),
        key=lambda n: len(n.split()),
        default=None,
    )
    assert path is not None, f"{example}: no such Discord command"
    rest = " ".join(words[len(path.split()) :])
    names = tree[path]
    marks = [m for m in re.finditer(r"(?:^|(?<=\s))([a-z_]+):", rest) if m.group(1) in names]
    assert rest == "" or (marks and marks[0].start() == 0), (
        f"{example}: Discord takes options only (name:value), not {rest!r}"
    )
    options: dict[str, str] = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=False):
        end = following.start() if following is not None else len(rest)
        options[mark.group(1)] = rest[mark.end() : end].strip()
    unknown = set(re.findall(r"(?:^|(?<=\s))([a-z_]+):", rest)) - set(names)
    assert not unknown, f"{example}: {path} has no option {sorted(unknown)}"
    return path, options


def as_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_example_works_as_typed_on_slack_and_on_discord(example: str) -> None:
    command, _, text = example.removeprefix("/").partition(" ")
    try:
        parsed = parse_command(command, text)
    except CommandError as e:  # pragma: no cover - the failure message is the point
        pytest.fail(f"Slack refuses {example!r}: {e.message}")
    path, options = discord_options(example, discord_tree())
    assert not path.endswith(" help") or parsed.handler in ("help", "admin_help")
    slack_values = sorted(as_text(v) for v in parsed.kwargs.values())
    for name, value in options.items():
        assert '"' not in value, f"{example}: Discord would keep the quotes in {name}"
        assert value in slack_values, (
            f"{example}: Discord passes {name}={value!r}, Slack reads {parsed.kwargs}"
        )


def test_discord_style_free_text_runs_on_but_slack_style_stays_positional() -> None:
    """`name:value with spaces` is read as Discord reads it; `name=value` the Slack way."""
    assert parse_command("news", "unfollow source:City Desk").kwargs == {"source": "City Desk"}
    assert parse_command("newsadmin", "source poll name:City Desk").kwargs == {"name": "City Desk"}
    assert parse_command("newsadmin", "filter add include:light rail preview:true").kwargs == {
        "include": "light rail",
        "preview": True,
    }
    assert parse_command("news", "alert remove words:light rail").kwargs == {
        "action": "remove",
        "phrase": "light rail",
    }
    # Slack's own way is unchanged: quotes for spaces, and plain words stay positional.
    assert parse_command("newsadmin", 'filter add include="light rail" preview=true').kwargs == {
        "include": "light rail",
        "preview": True,
    }
    assert parse_command("news", "search light rail").kwargs == {"query": "light rail"}
    assert parse_command("news", "follow url:https://d.example backfill:3").kwargs == {
        "url": "https://d.example",
        "backfill": 3,
    }


def test_a_backslash_reaches_the_handler_as_typed() -> None:
    """A regex filter typed without quotes on Slack keeps its `\\b` (losing it would leave an
    exclude filter that excludes nothing), and so does a template's `\\n`."""
    assert parse_command("newsadmin", r"filter add exclude:/\bsports?\b/").kwargs == {
        "exclude": r"/\bsports?\b/"
    }
    assert parse_command("newsadmin", r'filter remove exclude="/\bsports?\b/"').kwargs == {
        "exclude": r"/\bsports?\b/"
    }
    assert parse_command("newsadmin", r"channel format template:{title}\n{summary}").kwargs == {
        "template": r"{title}\n{summary}"
    }


def test_news_help_fits_one_discord_message_and_names_every_channel_option() -> None:
    """`/news help` is plain message content on Discord (2,000 characters at most, counted
    after escaping; longer would turn it into an embed), and it names each command that a
    `channel:` option aims at another channel (a forum, where no command can be typed)."""
    rendered = render_reply(Reply(NEWS_HELP))
    assert rendered.content is not None and size(rendered.content) <= CONTENT
    targeted = {
        name
        for name, options in discord_tree().items()
        if "channel" in options and not name.startswith("newsadmin filter")
    }
    assert targeted == {
        "news subscribe",
        "news unsubscribe",
        "news follow",
        "news unfollow",
        "newsadmin channel set",
        "newsadmin channel format",
        "newsadmin channel test",
    }
    [note] = [line for line in NEWS_HELP.splitlines() if "channel:<#channel>" in line]
    for name in targeted:
        assert name.split()[-1] in note
    assert note in ADMIN_HELP
