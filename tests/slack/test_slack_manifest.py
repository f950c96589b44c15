"""The app manifest asks for exactly the scopes and events the adapter uses."""

from __future__ import annotations

from pathlib import Path

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def list_under(key: str) -> list[str]:
    """The `- item` lines directly under `key:` (a tiny reader; no YAML dependency)."""
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    items: list[str] = []
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= indent:
            break
        if stripped.startswith("- "):
            items.append(stripped[2:].strip())
    return items


def test_exact_bot_scopes() -> None:
    assert sorted(list_under("bot")) == sorted(
        [
            "chat:write",
            "commands",
            "reactions:read",
            "channels:history",
            "groups:history",
            "channels:read",
            "groups:read",
            "users:read",
            "im:write",  # conversations.open: alert DMs
        ]
    )


def test_exact_events_and_commands() -> None:
    assert list_under("bot_events") == ["reaction_added", "reaction_removed", "app_home_opened"]
    commands = [c for c in list_under("slash_commands") if c.startswith("command:")]
    assert commands == ["command: /news", "command: /newsadmin"]
    text = MANIFEST.read_text(encoding="utf-8")
    assert "socket_mode_enabled: true" in text


def test_every_scope_is_explained_in_the_docs() -> None:
    docs = (MANIFEST.parents[1] / "docs" / "slack.md").read_text(encoding="utf-8")
    for scope in list_under("bot"):
        assert f"| `{scope}` |" in docs


def test_home_tab_interactivity_and_the_why_shortcut() -> None:
    from bot.adapters.slack import WHY_SHORTCUT

    text = MANIFEST.read_text(encoding="utf-8")
    assert "home_tab_enabled: true" in text  # App Home: subscriptions with buttons
    assert "interactivity:\n    is_enabled: true" in text  # the buttons and the shortcut
    assert list_under("shortcuts") == ["name: Why was this posted?"]
    assert f"callback_id: {WHY_SHORTCUT}" in text and "type: message" in text


# What each Web API method the adapter calls needs (api.slack.com/methods); a method missing
# here fails the test below, so a new call cannot ship without its scope in the manifest.
METHOD_SCOPES: dict[str, set[str]] = {
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "conversations_history": {"channels:history", "groups:history"},
    "conversations_replies": {"channels:history", "groups:history"},
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_open": {"im:write"},
    "users_info": {"users:read"},
    "views_publish": set(),  # the App Home tab needs no scope
}
EVENT_SCOPES: dict[str, set[str]] = {
    "reaction_added": {"reactions:read"},
    "reaction_removed": {"reactions:read"},
    "app_home_opened": set(),
}


def test_the_scopes_are_exactly_what_the_adapters_calls_need() -> None:
    import re

    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((MANIFEST.parents[1] / "bot" / "adapters").glob("slack*.py"))
    )
    methods = set(re.findall(r"\bclient\.([a-z]+_[A-Za-z_]+)\(", sources))
    assert methods, "no Web API call found: the pattern no longer matches the code"
    assert methods <= set(METHOD_SCOPES), f"scopes unknown for {methods - set(METHOD_SCOPES)}"
    events = set(re.findall(r'app\.event\("([a-z_]+)"\)', sources))
    assert events == set(list_under("bot_events"))
    needed = {"commands"}  # slash commands and the message shortcut
    for m in methods:
        needed |= METHOD_SCOPES[m]
    for e in events:
        needed |= EVENT_SCOPES[e]
    assert set(list_under("bot")) == needed


def test_http_mode_says_where_the_buttons_and_the_shortcut_arrive() -> None:
    """In HTTP mode, interactivity has its own request URL; without it the App Home buttons
    and the "Why was this posted?" shortcut do nothing."""
    root = MANIFEST.parents[1]
    texts = {
        "manifest": MANIFEST.read_text(encoding="utf-8"),
        "docs/slack.md": (root / "docs" / "slack.md").read_text(encoding="utf-8"),
        "README.md": (root / "README.md").read_text(encoding="utf-8"),
    }
    for name, text in texts.items():
        assert "settings.interactivity" in text or "interactivity (`request_url`" in text, name


def test_the_admin_usage_hint_names_every_admin_subcommand() -> None:
    from bot.commands.text import _ADMIN

    hint = next(
        line.split(":", 1)[1].strip().strip('"')
        for line in MANIFEST.read_text(encoding="utf-8").splitlines()
        if "usage_hint" in line and "source add" in line
    )
    listed = set()
    for part in hint.split(" | "):
        group, _, subs = part.replace("…", "").strip().partition(" ")
        listed |= {f"{group} {sub}".strip() for sub in subs.split("|")}
    wanted = set(_ADMIN) - {"channel webhook"}  # a Discord feature
    assert wanted <= listed, wanted - listed
