"""Black box: a channel's chat-made format, filters and webhook as `newsbot config show` prints
them. The format and filters are listed (an operator must see why a channel posts what it does);
the webhook's token never is, in any listing or on stderr."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.app import sync_config
from bot.config import load_config
from bot.store import open_store
from tests.ops.conftest import Newsbot
from tests.support import FakeClock

TOKEN = "whtoken-SECRET-abcdef0123456789"
CONFIG = """
[database]
path = "news.db"

[[topics]]
name = "transit"
keywords = ["bus"]

[[channels]]
platform = "discord"
workspace = "1"
id = "2"
topics = ["transit"]
format = "compact"
"""


async def _chat_edits(folder: Path) -> None:
    """What `newsbot run` does at start (sync config.toml), then an admin's chat edits."""
    store = await open_store(folder / "news.db", clock=FakeClock())
    try:
        await sync_config(store, load_config(folder / "config.toml"))
        key = ("discord", "1", "2")
        settings = await store.channel_settings(key)
        await store.set_channel_settings(
            key, {**settings, "template": "{title} {link}", "exclude": ["court"]}, origin="chat"
        )
        await store.set_channel_webhook(
            key, {"id": "42", "token": TOKEN, "username": "City Desk", "avatar_url": None}
        )
    finally:
        await store.close()


def test_config_show_lists_format_and_filters_never_the_webhook_token(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    checked = newsbot("check-config", "config.toml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    migrated = newsbot("db", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    asyncio.run(_chat_edits(tmp_path))

    shown = newsbot("-v", "config", "show")

    assert shown.returncode == 0, shown.stderr
    [line] = [ln for ln in shown.stdout.splitlines() if ln.startswith("channel discord:1/2")]
    assert '"format": "compact"' in line and '"template": "{title} {link}"' in line
    assert '"exclude": ["court"]' in line and line.endswith("[chat]")
    assert TOKEN not in shown.stdout + shown.stderr
