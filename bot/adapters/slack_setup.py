"""Build the Slack adapter for `newsbot run` from `[adapters.slack]` and the environment.

config.toml names the environment variables (`bot_token_env`, `app_token_env`,
`signing_secret_env`); the values are read here, once, and go nowhere but the adapter. An
error names the variable, never its value, so a pasted traceback leaks nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.adapters.events import ReactionEvent
from bot.adapters.slack import SlackAdapter, command_handler
from bot.commands import Commands
from bot.config.models import SlackConfig
from bot.delivery.reactions import on_reaction
from bot.store import Store

__all__ = ["build_slack_adapter"]

# What each token starts with; a value that does not is almost always the other token pasted
# into the wrong variable, which Slack would only report later as `invalid_auth`.
_BOT_TOKEN_PREFIX = "xoxb-"
_APP_TOKEN_PREFIX = "xapp-"


def _read(env: Mapping[str, str], name: str, what: str, prefix: str = "") -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ValueError(
            f"Slack is enabled but the environment variable {name} ({what}) is not set; "
            "see docs/slack.md for where to find it."
        )
    if prefix and not value.startswith(prefix):
        raise ValueError(f"{name} should hold {what}, which starts with {prefix!r}; it does not.")
    return value


def build_slack_adapter(
    config: SlackConfig,
    env: Mapping[str, str],
    *,
    commands: Commands,
    store: Store,
    base_url: str | None = None,
) -> SlackAdapter:
    """A `SlackAdapter` wired to the shared command handlers and the reactions table.

    Socket Mode needs the bot and app tokens, HTTP mode the bot token and the signing secret;
    a missing one raises `ValueError` naming the variable. The caller starts the adapter
    (`await adapter.start()`, after the app is open) and closes it on shutdown.
    """
    bot_token = _read(env, config.bot_token_env, "the Bot User OAuth Token", _BOT_TOKEN_PREFIX)
    app_token: str | None = None
    signing_secret: str | None = None
    if config.mode == "socket":
        app_token = _read(
            env, config.app_token_env, "the app-level token for Socket Mode", _APP_TOKEN_PREFIX
        )
    else:
        signing_secret = _read(env, config.signing_secret_env, "the app's signing secret")

    async def store_reaction(event: ReactionEvent) -> None:
        await on_reaction(store, event)

    return SlackAdapter(
        bot_token=bot_token,
        app_token=app_token,
        signing_secret=signing_secret,
        mode=config.mode,
        unfurl=config.unfurl_links,
        on_reaction=store_reaction,
        on_command=command_handler(commands),
        on_call=commands.call,
        extra_admin_ids=config.admin_user_ids,
        base_url=base_url,
        port=config.http_port,
        members_manage_subscriptions=config.subscriptions == "members",
    )
