"""Build the Discord adapter for `newsbot run` from `[adapters.discord]` and the environment.

config.toml names the environment variable holding the bot token (`token_env`, by default
`DISCORD_TOKEN`); the value is read here, once, and handed back for `adapter.start(token)`. An
error names the variable, never its value. The /news and /newsadmin cogs live in `cogs/`, above
`bot/`, so they are imported inside the setup hook rather than at the top of this module.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import discord

from bot.adapters.discord import DiscordAdapter, NewsBot, SetupHook, WebhookTarget
from bot.adapters.events import ReactionEvent
from bot.commands import Commands
from bot.config.models import DiscordConfig
from bot.delivery.budget import PeerCount
from bot.delivery.ports import ChannelRef
from bot.delivery.reactions import on_reaction
from bot.store import Store

__all__ = ["build_discord_adapter", "cog_setup", "read_token"]

log = logging.getLogger(__name__)


def read_token(config: DiscordConfig, env: Mapping[str, str]) -> str:
    """The bot token from ``env[config.token_env]``; a clear `ValueError` when it is unset."""
    token = env.get(config.token_env, "").strip()
    if not token:
        raise ValueError(
            f"Discord is enabled but the environment variable {config.token_env} (the bot "
            "token from the Developer Portal's Bot page) is not set; see docs/discord.md."
        )
    return token


def cog_setup(commands: Commands, *, sync: bool = True) -> SetupHook:
    """The `setup_hook` body: add the /news and /newsadmin cogs, then register them with
    Discord (a bulk overwrite, so commands removed from the code disappear too).

    A failed registration is logged and does not stop the bot: posting works without it, and
    the commands registered last time stay in place.
    """

    async def setup(bot: NewsBot) -> None:
        from cogs.news import NewsCog
        from cogs.newsadmin import NewsAdminCog

        await bot.add_cog(NewsCog(commands))
        await bot.add_cog(NewsAdminCog(commands))
        if not sync:
            return
        try:
            synced = await bot.tree.sync()
        except discord.HTTPException as e:
            log.warning("could not register the slash commands with Discord: %s", e)
        else:
            log.info("registered %d slash commands with Discord", len(synced))

    return setup


def build_discord_adapter(
    config: DiscordConfig,
    env: Mapping[str, str],
    *,
    commands: Commands,
    store: Store,
    guild_ready_timeout: float = 2.0,
    peers: PeerCount | None = None,
) -> tuple[DiscordAdapter, str]:
    """A `DiscordAdapter` wired to the shared command handlers and the reactions table, and the
    token to start it with.

    The caller starts it once the app is open (``await adapter.start(token)``; the cogs are
    loaded and the commands synced in ``setup_hook`` then) and closes it on shutdown. The
    shard count is ``config.shard_count``, or Discord's recommendation when unset; the process
    connects ``config.assigned_shards`` of them (all when unset). Its REST requests keep to
    ``config.rest_per_second`` divided by ``peers`` (the live processes).
    """
    token = read_token(config, env)

    async def store_reaction(event: ReactionEvent) -> None:
        await on_reaction(store, event)

    async def chat_webhook(channel: ChannelRef) -> WebhookTarget | None:
        hook = await store.channel_webhook((channel.platform, channel.workspace, channel.channel))
        if hook is None:
            return None
        return WebhookTarget(
            int(hook["id"]), str(hook["token"]), hook.get("username"), hook.get("avatar_url")
        )

    adapter = DiscordAdapter(
        on_reaction=store_reaction,
        webhook_lookup=chat_webhook,
        setup=cog_setup(commands),
        shard_count=config.shard_count,
        shard_ids=config.assigned_shards,
        rest_per_second=config.rest_per_second,
        peers=peers,
        guild_ready_timeout=guild_ready_timeout,
        api_base_url=config.api_base_url,
    )
    return adapter, token
