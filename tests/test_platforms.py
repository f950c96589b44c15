"""`newsbot run` starting the platforms named in [adapters]: tokens from the environment,
the adapter attached to the outbox, everything closed at the end."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.app import App
from bot.config import parse_config
from bot.platforms import start_platforms, stop_platforms
from tests.fakes.slack import FakeSlack

CONFIG = """
[database]
path = "{db}"
[posting]
max_age_hours = 1000000
[[sources]]
name = "Test Desk"
kind = "file"
path = "{feed}"
backfill = 50
[[topics]]
name = "transit"
phrases = ["light rail"]
[[channels]]
platform = "slack"
workspace = "T1"
id = "C123"
topics = ["transit"]
[adapters.console]
enabled = false
[adapters.slack]
enabled = true
mode = "socket"
"""


def config_for(bot_dir: Path) -> str:
    return CONFIG.format(db=bot_dir / "bot.db", feed=bot_dir / "feed.xml")


async def test_slack_is_started_from_the_environment_and_posts(bot_dir: Path) -> None:
    async with FakeSlack() as fake:
        env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_APP_TOKEN": fake.app_token}
        app = await App.open(parse_config(config_for(bot_dir)), {}, clock=time.time, processes=0)
        try:
            await start_platforms(app, env, slack_base_url=fake.base_url)
            assert set(app.adapters) == {"slack"}
            summary = await app.run_once()
            assert summary.delivery.sent == 1
            [message] = fake.posted("C123")
            assert "light rail" in message["text"]
        finally:
            await app.close()
            await stop_platforms(app)


async def test_a_missing_token_names_the_variable_and_shows_no_secret(
    bot_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = await App.open(parse_config(config_for(bot_dir)), {}, clock=time.time, processes=0)
    try:
        with pytest.raises(ValueError) as info:
            await start_platforms(app, {"SLACK_BOT_TOKEN": "xoxb-sekrit"})
        assert "SLACK_APP_TOKEN" in str(info.value)
        assert "xoxb-sekrit" not in str(info.value)
        assert "xoxb-sekrit" not in caplog.text
        assert app.adapters == {}
    finally:
        await app.close()


def test_discord_webhook_channels_read_their_url_from_the_environment() -> None:
    from bot.platforms import discord_webhooks

    config = parse_config(
        '[[channels]]\nplatform = "discord"\nworkspace = "1"\nid = "22"\n'
        'webhook_url_env = "CITY_HOOK"\nwebhook_username = "City Desk"\n'
    )
    host = "discord.com"
    hooks = discord_webhooks(config, {"CITY_HOOK": f"https://{host}/api/webhooks/123/s3cr3t-x"})
    assert hooks["22"].webhook_id == 123 and hooks["22"].username == "City Desk"
    assert "s3cr3t" not in repr(hooks["22"])
    with pytest.raises(ValueError) as info:
        discord_webhooks(config, {"CITY_HOOK": "https://evil.example/hook"})
    assert "CITY_HOOK" in str(info.value) and "evil" not in str(info.value)
    with pytest.raises(Exception, match="Discord channels only"):
        parse_config('[[channels]]\nplatform = "slack"\nid = "C1"\nwebhook_url_env = "X"\n')
