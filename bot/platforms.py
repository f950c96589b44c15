"""Start and stop the chat platforms named in [adapters], on a running app.

Discord and Slack adapters need the app's command handlers and store, so they are built after
`App.open` and attached with `App.add_adapter`. Tokens come from the environment variables the
config names; a missing one is an error naming the variable, never showing a value.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.app import App
from bot.config import Config

if TYPE_CHECKING:
    from bot.adapters.discord import WebhookTarget

__all__ = ["start_platforms", "stop_platforms"]

log = logging.getLogger(__name__)

READY_TIMEOUT = 60.0
_WEBHOOK = re.compile(
    r"^https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api(?:/v\d+)?/webhooks/(\d+)/([\w-]+)$"
)


async def start_platforms(
    app: App, env: Mapping[str, str], *, slack_base_url: str | None = None
) -> None:
    """Build, start and attach each enabled platform. `slack_base_url` points the Slack client
    at another Web API address (a proxy, or the tests' fake)."""
    conf = app.config.adapters
    commands = app.commands()
    if conf.discord.enabled:
        from bot.adapters.discord_setup import build_discord_adapter

        discord, token = build_discord_adapter(
            conf.discord, env, commands=commands, store=app.store, peers=app.peers
        )
        discord.webhooks.update(discord_webhooks(app.config, env))
        await discord.start(token)
        await asyncio.wait_for(discord.wait_until_ready(), READY_TIMEOUT)
        app.add_adapter(discord)
        shards = conf.discord.assigned_shards
        log.info(
            "discord: connected (shards %s of %d)",
            ", ".join(map(str, shards)) if shards is not None else "all",
            discord.bot.shard_count or 1,
        )
    if conf.slack.enabled:
        from bot.adapters.slack_setup import build_slack_adapter

        slack = build_slack_adapter(
            conf.slack, env, commands=commands, store=app.store, base_url=slack_base_url
        )
        await asyncio.wait_for(
            slack.start(host=conf.slack.http_host, port=conf.slack.http_port), READY_TIMEOUT
        )
        app.add_adapter(slack)
        log.info("slack: connected (%s mode)", conf.slack.mode)


def discord_webhooks(config: Config, env: Mapping[str, str]) -> dict[str, WebhookTarget]:
    """Channel id → webhook, for the Discord channels set to post through one."""
    from bot.adapters.discord import WebhookTarget

    hooks = {}
    for c in config.channels:
        if c.platform != "discord" or not c.webhook_url_env:
            continue
        url = env.get(c.webhook_url_env, "")
        m = _WEBHOOK.match(url.strip())
        if m is None:
            raise ValueError(
                f"channel {c.id}: environment variable {c.webhook_url_env} does not hold a "
                "Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)"
            )
        hooks[c.id] = WebhookTarget(
            int(m.group(1)), m.group(2), c.webhook_username, c.webhook_avatar_url
        )
    return hooks


async def stop_platforms(app: App) -> None:
    for adapter in list(app.adapters.values()):
        close: Any = getattr(adapter, "close", None)
        if close is not None:
            try:
                await close()
            except Exception:  # closing one platform must not keep the others open
                log.exception("closing %s failed", adapter.platform)
