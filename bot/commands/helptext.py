"""What `/news help` and `/newsadmin help` list: every command, what it does, an example.

Data, one row per command, so a new command is one more row and no help line lacks its example.
Written as Discord shows options (``name:value``, a value running on to the next option, no
quotes: Discord would keep them), so that each example works as typed on Discord and on Slack,
whose parser reads the same words (tests/test_help_examples.py runs every one through both).
"""

from __future__ import annotations

__all__ = ["ADMIN_HELP", "NEWS_HELP", "help_text"]

# (usage, what it does, an example)
NEWS_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("/news latest [topic] [count]", "the newest articles", "/news latest topic:transit count:3"),
    ("/news search <words>", "search posted articles", "/news search query:light rail"),
    ("/news topics", "the topics a channel can subscribe to", "/news topics"),
    (
        "/news subscribe <topic> [backfill:0-10]",
        "post a topic here, and that many recent articles now (channel managers)",
        "/news subscribe topic:transit backfill:3",
    ),
    ("/news unsubscribe <topic>", "stop posting a topic here", "/news unsubscribe topic:transit"),
    (
        "/news follow <feed or site URL> [backfill:0-10]",
        "post a feed here; a site's feed is found for you (channel managers)",
        "/news follow url:https://desk.example backfill:3",
    ),
    ("/news unfollow <source>", "stop posting a followed feed here", "/news unfollow source:Desk"),
    ("/news subscriptions", "the topics and feeds this channel follows", "/news subscriptions"),
    ("/news top [day|week]", "stories ranked by reactions", "/news top period:week"),
    (
        "/news preview <url>",
        "what would be posted for a page",
        "/news preview url:https://desk.example/story",
    ),
    ("/news sources", "the sources watched", "/news sources"),
    (
        "/news why <url>",
        "why an article was or was not posted here",
        "/news why url:https://desk.example/story",
    ),
    (
        "/news alert add|remove <words>",
        "a direct message when a matching article is posted in this server",
        "/news alert add words:light rail",
    ),
    ("/news alert list", "your alerts", "/news alert list"),
    ("/newsadmin help", "the admin commands (anyone may read the list)", "/newsadmin help"),
)

ADMIN_COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "/newsadmin source add name:<name> url:<url> [topics:<a,b>]",
        "watch a feed or page",
        "/newsadmin source add name:Desk url:https://desk.example/feed topics:transit",
    ),
    (
        "/newsadmin source remove|pause|resume name:<name>",
        "stop, pause or resume a source",
        "/newsadmin source pause name:Desk",
    ),
    (
        "/newsadmin source poll name:<name>",
        "poll a source now and say what it found",
        "/newsadmin source poll name:Desk",
    ),
    ("/newsadmin source list", "every source, its state and last error", "/newsadmin source list"),
    (
        "/newsadmin topic add|edit name:<name> [keywords:<a,b>] [phrases:<a,b>]",
        "add or change a topic",
        "/newsadmin topic add name:transit keywords:bus,tram",
    ),
    (
        "/newsadmin topic remove name:<name>",
        "remove a topic",
        "/newsadmin topic remove name:transit",
    ),
    (
        "/newsadmin channel set …",
        "cap, quiet hours, digest, role mention, notices, threads",
        "/newsadmin channel set quiet_hours:22:00-07:00 timezone:Europe/Berlin",
    ),
    (
        "/newsadmin channel test",
        "post the latest matching article here once, marked [TEST]",
        "/newsadmin channel test",
    ),
    (
        "/newsadmin channel resume",
        "post here again after the platform refused this channel",
        "/newsadmin channel resume",
    ),
    (
        "/newsadmin channel format style:<full|compact|headline> [template:<text>] [preview:true]",
        "how posts look here; a template uses {title} {link} {summary} {quotes} {source} "
        "{topics} {published}",
        "/newsadmin channel format template:*{title}* {link} preview:true",
    ),
    (
        "/newsadmin filter add [channel:<#channel>] include:<words or /regex/> | exclude:<…>",
        "what a channel gets, previewed on its last 20 candidate articles",
        "/newsadmin filter add include:light rail preview:true",
    ),
    (
        "/newsadmin filter remove include:<…> | exclude:<…>, /newsadmin filter list",
        "a channel's filters",
        "/newsadmin filter list",
    ),
    (
        "/newsadmin channel webhook name:<name> [avatar:<url>] [remove:true]",
        "post here under another name and avatar (Discord; needs Manage Webhooks)",
        "/newsadmin channel webhook name:City Desk",
    ),
    ("/newsadmin help", "this list", "/newsadmin help"),
)

_SLACK_NOTE = (
    "On Slack the examples work as written; options may also be written name=value "
    '(`backfill=3`, quotes for spaces: `include="light rail"`) or as plain words.'
)


#: No command can be typed in a Discord forum channel: these take a `channel:` option instead.
_CHANNEL_NOTE = (
    "Discord: subscribe, unsubscribe, follow, unfollow and /newsadmin channel set|format|test "
    "take channel:<#channel> to act on a forum or another channel."
)


def help_text(head: str, rows: tuple[tuple[str, str, str], ...]) -> str:
    lines = [head]
    lines.extend(f"{usage} — {what}; e.g. `{example}`" for usage, what, example in rows)
    lines.append(_CHANNEL_NOTE)
    lines.append(_SLACK_NOTE)
    return "\n".join(lines)


NEWS_HELP = help_text("newsbot commands:", NEWS_COMMANDS).replace(
    _SLACK_NOTE,
    # Discord answers in one message of at most 2,000 characters (tests/test_help_examples.py).
    "Admins: /newsadmin source|topic|channel|filter …; `/newsadmin help` shows each command "
    "with an example.\n" + _SLACK_NOTE,
)
ADMIN_HELP = help_text(
    "newsbot admin commands (Manage Server on Discord, workspace admins on Slack):",
    ADMIN_COMMANDS,
)
