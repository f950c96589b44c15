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
