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
            await start_platforms(app, {"SLACK_BOT_TOKEN": "xoxb-not-a-real-one"})
        assert "SLACK_APP_TOKEN" in str(info.value)
        assert "xoxb-not-a-real-one" not in str(info.value)
        assert "xoxb-not-a-real-one" not in caplog.text
        assert app.adapters == {}
    finally:
        await app.close()
