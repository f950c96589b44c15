"""Two installations (production and staging: two databases) post one feed to one Slack
channel, through the real `newsbot run` against the fake Slack, with a 429 forcing a retry.

A retry first looks its idempotency key up in the channel's history. When every fresh database
made the same keys, staging's lookup found production's post of the same article and recorded
it as its own: a post marked sent that never appeared. Keys are now unique per installation.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

from tests.fakes.slack import FakeSlack
from tests.ops.conftest import LocalServer, newsbot_env

STORIES = {
    1: "The harbour bridge reopened to traffic after a year of repairs.",
    2: "A county judge ordered the water utility to refund overcharged customers.",
    3: "Volunteers planted four hundred oak trees along the river trail.",
}
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    + "".join(
        f"<item><title>Wire story {n}</title><link>https://wire.example/{n}</link>"
        f"<guid>wire-{n}</guid><pubDate>Mon, 07 Dec 2026 0{n}:00:00 GMT</pubDate>"
        f"<description>{text}</description></item>"
        for n, text in STORIES.items()
    )
    + "</channel></rss>"
).encode()


def install(folder: Path, feed_url: str, slack: FakeSlack) -> Path:
    folder.mkdir()
    (folder / "config.toml").write_text(
        f"""
[database]
path = "bot.db"
[network]
allow_private_networks = true
[posting]
max_age_hours = 1000000
backfill = 10
[adapters.console]
enabled = false
[adapters.slack]
enabled = true
mode = "socket"
api_base_url = "{slack.base_url}"
[[sources]]
name = "Wire"
url = "{feed_url}"
[[channels]]
platform = "slack"
workspace = "{slack.team_id}"
id = "C1"
sources = ["Wire"]
""",
        encoding="utf-8",
    )
    return folder


async def run_once(folder: Path, slack: FakeSlack) -> tuple[int, str]:
    env = newsbot_env({"SLACK_BOT_TOKEN": slack.bot_token, "SLACK_APP_TOKEN": slack.app_token})
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--once",
        "--config",
        "config.toml",
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, (out + err).decode()


def claimed(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / "bot.db") as db:
        return list(db.execute("SELECT status, message_id FROM deliveries ORDER BY id"))


async def test_two_installations_share_a_channel_and_each_post_shows_once(
    tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.routes["/wire.xml"] = ("application/rss+xml", FEED)
    async with FakeSlack() as slack:
        prod = install(tmp_path / "prod", local_server.url("/wire.xml"), slack)
        stage = install(tmp_path / "stage", local_server.url("/wire.xml"), slack)

        code, output = await run_once(prod, slack)
        assert code == 0, output
        assert len(slack.posted("C1")) == 3

        # Staging's first post draws a 429; its retry looks the key up in the channel first.
        slack.force_429("chat.postMessage", 1, retry_after=0)
        for _ in range(3):  # the retry may be due after this run's end: run until delivered
            code, output = await run_once(stage, slack)
            assert code == 0, output
            if all(status == "sent" for status, _ in claimed(stage)):
                break

        shown = slack.posted("C1")
        titles = sorted(m["text"].split("\n")[0] for m in shown)
        assert len(shown) == 6, titles
        for n in range(1, 4):
            assert sum(f"Wire story {n}" in m["text"] for m in shown) == 2
        prod_ids = {mid for status, mid in claimed(prod) if status == "sent"}
        stage_ids = {mid for status, mid in claimed(stage) if status == "sent"}
        assert len(prod_ids) == len(stage_ids) == 3
        assert prod_ids.isdisjoint(stage_ids), "staging claimed production's post as its own"
        assert prod_ids | stage_ids == {m["ts"] for m in shown}
