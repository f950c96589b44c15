"""The Slack adapter: Block Kit posts through slack_bolt's `AsyncApp`, commands and reactions in.

Delivery (`send`, `edit`, `find`) is the `bot.delivery.ports.Adapter` Protocol. Incoming
traffic reaches Bolt either over Socket Mode (the default: an app token, no public URL) or over
HTTP (a signing secret; `web_app()` is an aiohttp application serving Bolt's endpoint, where
Bolt's request verification refuses a bad signature or a timestamp over five minutes old with
401 before any listener runs).

Idempotency. Every post carries message metadata
``{"event_type": "newsbot_post", "event_payload": {"key": <idempotency key>}}``. The delivery
engine calls `find` before resending a row whose earlier attempt may have reached Slack
(attempts > 0, i.e. after a crash); `find` looks the key up in the channel's recent history.
`send` also guards itself within one process: a key it has seen posted returns the same ts,
and a key whose last attempt ended in doubt (timeout, dropped connection, 5xx, where Slack may
have posted anyway) is looked up with `find` before it is posted again. A plain send of a new
key costs one API call.

Errors. slack_sdk's own retry handlers are switched off (``retry_handlers=[]``), so the outbox
alone decides when to retry: 429 → `RateLimited(retry_after)`, 5xx and network failures →
`TransientError`, lost access or a missing/archived channel → `PermanentError`. Any other API
error is a `TransientError`: it is retried a capped number of times and then the row fails,
which is right for one bad post and does not pause a healthy channel.

Commands. Both slash commands are acknowledged at once, then `on_command` runs and answers
through the command's response_url, so a slow one (preview fetches a page) never misses
Slack's 3 s window. `command_handler(commands)` is the `on_command` that runs the shared
handlers of `bot.commands`: `caller_for` turns the request into a `Caller`, and the `Reply` is
rendered by `slack_render.reply_blocks`. Who may subscribe a channel is decided here (see
`members_manage_subscriptions` and docs/slack.md); who is an admin, by the `admin_only`
middleware.

Threads, DMs, App Home, shortcut. `reply` posts in a post's thread (``thread_ts``) with the
same metadata key, and `find_reply` reads the thread (conversations.replies) for it. The
outbox channel ``@<user id>`` is a person's DM with the app, opened with conversations.open
(``im:write``). `on_call` (the shared `Commands.call`) answers the App Home tab
(``app_home_opened`` → views.publish of the `home` handler's list; a button runs its command
through `on_command` exactly as if typed, then the tab is published again with the outcome)
and the "Why was this posted?" message shortcut (the `why_message` handler for the message's
ts, answered ephemerally through the shortcut's response_url).

Tokens and the signing secret are passed in by the caller (who reads them from the environment)
and are never logged.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.events import ReactionCallback, ReactionEvent
from bot.adapters.slack_home import ACTION_PREFIX, home_view, parse_action_value
from bot.adapters.slack_render import FALLBACK_LIMIT, Block, escape, render_post, reply_blocks
from bot.commands import POSTABLE, Caller, Commands, PostAccess, Reply, mentions
from bot.delivery.ports import (
    ChannelRef,
    DeliveryError,
    PermanentError,
    Post,
    RateLimited,
    RateLimits,
    TransientError,
)

__all__ = [
    "METADATA_EVENT_TYPE",
    "PERMANENT_ERRORS",
    "SLACK_LIMITS",
    "SUBSCRIPTION_COMMANDS",
    "CommandHandler",
    "CommandReply",
    "SlackAdapter",
    "SlackCommandRequest",
    "admin_only",
    "caller_for",
    "command_handler",
    "is_workspace_admin",
    "map_api_error",
    "post_access",
    "unescape_command_text",
]

log = logging.getLogger(__name__)

# chat.postMessage allows about one message per second per channel (short bursts tolerated);
# the workspace-wide ceiling is far higher, 20/s keeps a wide fan-out well under it.
SLACK_LIMITS = RateLimits(per_channel=1, per_channel_seconds=1.0, global_per_second=20.0)

METADATA_EVENT_TYPE = "newsbot_post"

# Errors after which a retry cannot help until a person acts: pause the subscription.
PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "channel_is_archived",
        "missing_scope",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "team_access_not_granted",
        "ekm_access_denied",
        "org_login_required",
        # chat.update on a message that is gone or can no longer be edited
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
    }
)

_IN_DOUBT_MEMO = 10_000  # keys remembered per process (sent ts / in doubt)
_SEEN_EVENTS = 2_000  # recent event ids kept to drop Slack's redeliveries
_ADMIN_CHECK_TIMEOUT = 2.0  # users.info must answer well inside Slack's 3 s ack window
_ACCESS_CHECK_TIMEOUT = 5.0  # conversations.info, after the ack (the answer goes by response_url)


# --- commands -------------------------------------------------------------------------------

Respond = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class SlackCommandRequest:
    """One `/news` or `/newsadmin` invocation, as the shared command handlers need it.

    `respond` posts to the command's response_url (ephemeral unless told otherwise) and works
    for 30 minutes after the command, so slow answers can follow the immediate ack.
    `is_admin` is True only after the admin middleware (or, for a restricted `/news
    subscribe`, the same users.info check) said so; `can_manage_channel` is the adapter's
    decision on whether this user may change the channel's subscriptions.
    """

    command: str  # "news" or "newsadmin"
    user_id: str
    team_id: str
    channel_id: str
    text: str
    respond: Respond
    is_admin: bool = False
    can_manage_channel: bool = False
    post_access: PostAccess | None = None


@dataclass(frozen=True, slots=True)
class CommandReply:
    """What a command handler answers. `text` is plain text and is escaped here; `blocks` are
    sent as given, so they must be built with `bot.adapters.slack_render` helpers."""

    text: str
    blocks: tuple[Block, ...] = ()
    ephemeral: bool = True


CommandHandler = Callable[[str, SlackCommandRequest], Awaitable[CommandReply | None]]
# `Commands.call`: run one shared handler by name for a caller.
CallHandler = Callable[..., Awaitable[Reply]]
WHY_SHORTCUT = "newsbot_why"

ADMIN_REFUSAL = "Sorry, /newsadmin is for workspace admins and owners and the bot's listed admins."

# The /news subcommands that change what a channel receives (`manage_channel` handlers).
SUBSCRIPTION_COMMANDS = frozenset({"subscribe", "unsubscribe", "follow", "unfollow"})


def caller_for(request: SlackCommandRequest) -> Caller:
    """The platform-neutral caller of a slash command: the workspace is the team, the channel
    is where the command was typed."""
    return Caller(
        platform="slack",
        workspace=request.team_id,
        channel=request.channel_id,
        user_id=request.user_id,
        can_manage_channel=request.can_manage_channel,
        is_admin=request.is_admin,
        post_access=request.post_access,
        in_direct_message=request.channel_id.startswith("D"),
    )


def command_handler(commands: Commands) -> CommandHandler:
    """The adapter's `on_command` for the shared handlers: parse and run the text with
    `Commands.run_text` (which answers help, unknown subcommands and bad arguments itself),
    then render the `Reply` as Block Kit."""

    async def handle(name: str, request: SlackCommandRequest) -> CommandReply:
        reply = await commands.run_text(name, caller_for(request), request.text)
        # `text` is the notification fallback: the first line says what the answer is.
        fallback = mentions.plain(reply.text).strip().split("\n", 1)[0] or (
            reply.items[0].title if reply.items else "Done."
        )
        return CommandReply(
            text=fallback[:FALLBACK_LIMIT], blocks=reply_blocks(reply), ephemeral=reply.ephemeral
        )

    return handle


_INVITE = "invite it with `/invite @newsbot` in this channel, then subscribe again."
_ACCESS_ERRORS = {
    # conversations.info answers channel_not_found for a private channel the bot is not in.
    "channel_not_found": "newsbot is not a member of this private channel; " + _INVITE,
    "is_archived": "this channel is archived.",
}


async def post_access(client: AsyncWebClient, channel_id: str) -> PostAccess | None:
    """Whether the bot can post in `channel_id` (conversations.info: a member, not archived),
    or None when Slack could not say (no `channels:read`/`groups:read` scope yet, an error, a
    timeout): the command then goes ahead as before and the outbox reports a refusal later."""
    try:
        async with asyncio.timeout(_ACCESS_CHECK_TIMEOUT):
            resp = await client.conversations_info(channel=channel_id)
    except SlackApiError as e:
        data = getattr(e.response, "data", None)
        error = str(data.get("error", "")) if isinstance(data, dict) else ""
        if error in _ACCESS_ERRORS:
            return PostAccess.refused(_ACCESS_ERRORS[error])
        log.warning("cannot check access to channel %s: %s", channel_id, error or "error")
        return None
    except (aiohttp.ClientError, TimeoutError, OSError) as e:
        log.warning("cannot check access to channel %s: %s", channel_id, type(e).__name__)
        return None
    channel = resp.get("channel") or {}
    if channel.get("is_archived"):
        return PostAccess.refused(_ACCESS_ERRORS["is_archived"])
    if not channel.get("is_member"):
        return PostAccess.refused("newsbot is not a member of this channel; " + _INVITE)
    return POSTABLE


async def is_workspace_admin(
    client: AsyncWebClient, user_id: str, extra_admin_ids: Collection[str] = ()
) -> bool:
    """True for the configured admin ids and for workspace admins and owners (users.info).

    Fails closed: if users.info fails or is slow, the answer is no.
    """
    if user_id in extra_admin_ids:
        return True
    if not user_id:
        return False
    try:
        async with asyncio.timeout(_ADMIN_CHECK_TIMEOUT):
            resp = await client.users_info(user=user_id)
    except (SlackApiError, aiohttp.ClientError, TimeoutError) as e:
        log.warning("admin check for %s failed, refusing: %s", user_id, type(e).__name__)
        return False
    user = resp.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def admin_only(
    extra_admin_ids: Collection[str] = (), refusal: str = ADMIN_REFUSAL
) -> Callable[..., Awaitable[Any]]:
    """A Bolt listener middleware: let workspace admins and the listed ids through, answer
    everyone else with `refusal` in the ack (ephemeral) and stop there. `/newsadmin help`
    only lists the commands: it goes through for everyone (as a non-admin)."""

    async def admin_check(
        body: dict[str, Any], client: AsyncWebClient, ack: Any, context: Any, next_: Any
    ) -> Any:
        if str(body.get("text", "")).strip().lower() in ("", "help"):
            return await next_()
        if await is_workspace_admin(client, str(body.get("user_id", "")), extra_admin_ids):
            context["newsbot_is_admin"] = True
            return await next_()
        return await ack(text=refusal, response_type="ephemeral")

    return admin_check


# --- reactions --------------------------------------------------------------------------------

# Slack reports emoji by name; the common ones are stored as the emoji itself so they rank
# together with Discord's. Anything else (custom emoji included) keeps its Slack name.
_EMOJI = {
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "heart": "❤️",
    "joy": "😂",
    "laughing": "😆",
    "smile": "😄",
    "open_mouth": "😮",
    "astonished": "😲",
    "cry": "😢",
    "sob": "😭",
    "rage": "😡",
    "angry": "😠",
    "fire": "🔥",
    "eyes": "👀",
    "tada": "🎉",
    "clap": "👏",
    "pray": "🙏",
    "thinking_face": "🤔",
    "100": "💯",
    "white_check_mark": "✅",
    "x": "❌",
    "rocket": "🚀",
    "newspaper": "📰",
}


def _emoji(name: str) -> str:
    base = name.split("::", 1)[0]  # "+1::skin-tone-3" counts as "+1"
    return _EMOJI.get(base, base)


# --- errors -------------------------------------------------------------------------------------


def _status(exc: SlackApiError) -> int:
    resp = exc.response
    status = getattr(resp, "status_code", None)
    if status is None:
        status = getattr(resp, "status", 0)  # a raw aiohttp response (unparseable body)
    return int(status or 0)


def _retry_after(exc: SlackApiError) -> float:
    headers: Mapping[str, str] = getattr(exc.response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0


def map_api_error(channel: ChannelRef, exc: SlackApiError) -> DeliveryError:
    """The delivery error for a failed Web API call on `channel`."""
    status = _status(exc)
    data = getattr(exc.response, "data", None)
    error = str(data.get("error", "")) if isinstance(data, dict) else ""
    if status == 429 or error == "ratelimited":
        return RateLimited(channel, _retry_after(exc))
    if status >= 500:
        return TransientError(channel, f"slack answered {status} {error}".rstrip())
    if error in PERMANENT_ERRORS:
        return PermanentError(channel, error)
    return TransientError(channel, f"slack error {error or status}")


# --- the adapter ------------------------------------------------------------------------------


class SlackAdapter:
    """The `Adapter` for Slack, plus the Bolt app that receives commands and reactions.

    `bot_token` (xoxb) is required. Socket Mode needs `app_token` (xapp); HTTP mode needs
    `signing_secret`. `base_url` points the Web API client elsewhere (tests: the local fake).
    `unfurl` turns Slack's link and media previews on. `history_limit` bounds how many recent
    messages `find` reads, `history_page_size` messages per call (Slack allows 15 for apps
    distributed outside the Marketplace, see docs/slack.md). `on_reaction` and `on_command`
    are the injection points for the reactions store and the shared command handlers.
    `members_manage_subscriptions` lets any member subscribe the channel they type in (True,
    Slack's norm for feed apps); False keeps `/news subscribe|unsubscribe` for admins. `port` is
    where HTTP mode listens unless `start` is given another.
    """

    platform = "slack"
    limits = SLACK_LIMITS

    def __init__(
        self,
        *,
        bot_token: str,
        app_token: str | None = None,
        signing_secret: str | None = None,
        mode: Literal["socket", "http"] = "socket",
        unfurl: bool = False,
        on_reaction: ReactionCallback | None = None,
        on_command: CommandHandler | None = None,
        on_call: CallHandler | None = None,
        extra_admin_ids: Collection[str] = (),
        members_manage_subscriptions: bool = True,
        base_url: str | None = None,
        history_limit: int = 200,
        history_page_size: int = 100,
        timeout: int = 10,
        http_path: str = "/slack/events",
        socket_ping_interval: float = 10.0,
        port: int = 3000,
    ) -> None:
        if mode == "socket" and not app_token:
            raise ValueError("Socket Mode needs an app-level token (SLACK_APP_TOKEN)")
        if mode == "http" and not signing_secret:
            raise ValueError("HTTP mode needs the signing secret (SLACK_SIGNING_SECRET)")
        self.mode = mode
        self.unfurl = unfurl
        self.on_reaction = on_reaction
        self.on_command = on_command
        self.on_call = on_call
        self._dms: dict[str, str] = {}
        self.extra_admin_ids = frozenset(extra_admin_ids)
        self.members_manage_subscriptions = members_manage_subscriptions
        self.port = port
        self.history_limit = history_limit
        self.history_page_size = history_page_size
        self.http_path = http_path
        self._app_token = app_token
        self._ping_interval = socket_ping_interval
        client_args: dict[str, Any] = {}
        if base_url is not None:
            client_args["base_url"] = base_url
        # retry_handlers=[]: no silent sleeps or repeats inside slack_sdk; the outbox retries.
        self.client = AsyncWebClient(
            token=bot_token, timeout=timeout, retry_handlers=[], **client_args
        )
        self.app = AsyncApp(
            name="newsbot",
            client=self.client,
            # An explicit value (never None) keeps Bolt from reading the environment itself.
            signing_secret=signing_secret or "",
            logger=logging.getLogger(f"{__name__}.bolt"),
        )
        self._sent: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._in_doubt: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._seen_events: OrderedDict[str, None] = OrderedDict()
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self.http_port: int | None = None
        self._register_listeners()

    # -- delivery --------------------------------------------------------------------------------

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        if channel.channel.startswith("@"):  # a person's DM with the app (an alert)
            channel = ChannelRef(channel.platform, channel.workspace, await self._dm(channel))
        return await self._post(channel, post, key)

    async def _dm(self, channel: ChannelRef) -> str:
        """The DM channel id of the outbox channel ``@<user id>`` (conversations.open)."""
        user = channel.channel.removeprefix("@")
        known = self._dms.get(user)
        if known is not None:
            return known
        try:
            resp = await self.client.conversations_open(users=user)
        except SlackApiError as e:
            raise map_api_error(channel, e) from e
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            raise TransientError(channel, f"network: {type(e).__name__}") from e
        known = self._dms[user] = str((resp.get("channel") or {}).get("id", ""))
        return known

    async def reply(self, channel: ChannelRef, message_id: str, post: Post, key: str) -> str:
        """Post in the thread of `message_id` (its ts), carrying `key` like any post."""
        return await self._post(channel, post, key, thread_ts=message_id)

    async def find_reply(self, channel: ChannelRef, message_id: str, key: str) -> str | None:
        try:
            resp = await self.client.conversations_replies(
                channel=channel.channel,
                ts=message_id,
                limit=min(self.history_page_size, self.history_limit),
                include_all_metadata=True,
            )
        except SlackApiError as e:
            raise map_api_error(channel, e) from e
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            raise TransientError(channel, f"network: {type(e).__name__}") from e
        for m in resp.get("messages") or []:
            if m.get("ts") != message_id and _carries_key(m, key):
                return str(m["ts"])
        return None

    async def threaded(self, channel: ChannelRef) -> bool:
        return False  # a Slack channel threads replies only when set to `threads`

    async def _post(
        self, channel: ChannelRef, post: Post, key: str, *, thread_ts: str | None = None
    ) -> str:
        memo = (channel.channel, key)
        known = self._sent.get(memo)
        if known is not None:
            return known
        if memo in self._in_doubt:
            found = await self.find(channel, key)
            if found is not None:
                self._remember(memo, found)
                return found
        message = render_post(post)
        extra: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        try:
            resp = await self.client.chat_postMessage(
                channel=channel.channel,
                text=message.text,
                blocks=message.blocks_list(),
                unfurl_links=self.unfurl,
                unfurl_media=self.unfurl,
                metadata={"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": key}},
                **extra,
            )
        except SlackApiError as e:
            mapped = map_api_error(channel, e)
            if _status(e) >= 500:
                self._doubt(memo)
            raise mapped from e
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            self._doubt(memo)
            raise TransientError(channel, f"network: {type(e).__name__}") from e
        ts = str(resp["ts"])
        self._remember(memo, ts)
        return ts

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        message = render_post(post)
        try:
            await self.client.chat_update(
                channel=channel.channel,
                ts=message_id,
                text=message.text,
                blocks=message.blocks_list(),
            )
        except SlackApiError as e:
            raise map_api_error(channel, e) from e
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            raise TransientError(channel, f"network: {type(e).__name__}") from e

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        if channel.channel.startswith("@"):
            # Reading a DM's history would need `im:history` (reading people's DMs with the
            # app) for this one case: an alert DM cut off by a crash may come twice instead.
            return None
        return await self._find(channel, key)

    async def _find(self, channel: ChannelRef, key: str) -> str | None:
        """The ts of the message in `channel`'s recent history whose metadata carries `key`.

        Reads at most `history_limit` messages, newest first; a post older than that window
        is not found (see docs/slack.md for why this is acceptable).
        """
        cursor: str | None = None
        seen = 0
        while seen < self.history_limit:
            args: dict[str, Any] = {
                "channel": channel.channel,
                "limit": min(self.history_page_size, self.history_limit - seen),
                "include_all_metadata": True,
            }
            if cursor:
                args["cursor"] = cursor
            try:
                resp = await self.client.conversations_history(**args)
            except SlackApiError as e:
                raise map_api_error(channel, e) from e
            except (aiohttp.ClientError, TimeoutError, OSError) as e:
                raise TransientError(channel, f"network: {type(e).__name__}") from e
            messages: list[dict[str, Any]] = resp.get("messages") or []
            for m in messages:
                if _carries_key(m, key):
                    return str(m["ts"])
            seen += len(messages)
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if not messages or not cursor:
                break
        return None

    def _remember(self, memo: tuple[str, str], ts: str) -> None:
        self._in_doubt.pop(memo, None)
        self._sent[memo] = ts
        while len(self._sent) > _IN_DOUBT_MEMO:
            self._sent.popitem(last=False)

    def _doubt(self, memo: tuple[str, str]) -> None:
        self._in_doubt[memo] = None
        while len(self._in_doubt) > _IN_DOUBT_MEMO:
            self._in_doubt.popitem(last=False)

    # -- incoming: listeners ---------------------------------------------------------------------

    def _register_listeners(self) -> None:
        app = self.app

        async def news(ack: Any, body: dict[str, Any], respond: Any) -> None:
            await ack()
            await self._run_command("news", body, respond, is_admin=False)

        async def newsadmin(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
            await ack()
            is_admin = bool(context.get("newsbot_is_admin"))
            await self._run_command("newsadmin", body, respond, is_admin=is_admin)

        async def reaction_added(event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
            await self._reaction(event, body, context, added=True)

        async def reaction_removed(
            event: dict[str, Any], body: dict[str, Any], context: Any
        ) -> None:
            await self._reaction(event, body, context, added=False)

        app.command("/news")(news)
        app.command("/newsadmin", middleware=[admin_only(self.extra_admin_ids)])(newsadmin)
        app.event("reaction_added")(reaction_added)
        app.event("reaction_removed")(reaction_removed)

        async def home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
            if event.get("tab", "home") == "home":
                await self._publish_home(str(event.get("user", "")), str(body.get("team_id", "")))

        async def home_action(ack: Any, body: dict[str, Any]) -> None:
            await ack()
            await self._home_action(body)

        async def why_shortcut(ack: Any, body: dict[str, Any], respond: Any) -> None:
            await ack()
            await self._why_shortcut(body, respond)

        app.event("app_home_opened")(home_opened)
        app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(home_action)
        app.shortcut(WHY_SHORTCUT)(why_shortcut)

    # -- incoming: App Home and the message shortcut ----------------------------------------------

    async def _publish_home(self, user_id: str, team_id: str, status: str = "") -> None:
        """views.publish the workspace's subscriptions for `user_id`'s Home tab."""
        if self.on_call is None or not user_id:
            return
        caller = Caller(platform=self.platform, workspace=team_id, channel="", user_id=user_id)
        reply = await self.on_call("home", caller)
        try:
            await self.client.views_publish(user_id=user_id, view=home_view(reply, status))
        except SlackApiError as e:
            data = getattr(e.response, "data", None)
            error = data.get("error", "") if isinstance(data, dict) else ""
            log.warning("App Home for %s not published: %s", user_id, error or "error")
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            log.warning("App Home for %s not published: %s", user_id, type(e).__name__)

    async def _home_action(self, body: dict[str, Any]) -> None:
        """A Home button: run its command as the clicking user, in the subscription's channel,
        through `on_command` (the same parsing, permission check and audit as typing it). From
        the Home tab, outside the channel, changing a subscription needs a workspace admin (or
        a listed admin id): `can_manage_channel` is the admin check, not the members rule."""
        user_id = str((body.get("user") or {}).get("id", ""))
        team_id = str((body.get("team") or {}).get("id", "") or body.get("team_id", ""))
        actions = body.get("actions") or [{}]
        action = parse_action_value(str(actions[0].get("value", "")))
        if action is None or self.on_command is None:
            return
        is_admin = await is_workspace_admin(self.client, user_id, self.extra_admin_ids)
        answers: list[str] = []

        async def respond(**kwargs: Any) -> None:
            answers.append(str(kwargs.get("text", "")))

        request = SlackCommandRequest(
            command=action.command,
            user_id=user_id,
            team_id=team_id,
            channel_id=action.channel,
            text=action.text,
            respond=respond,
            is_admin=is_admin,
            can_manage_channel=is_admin,
        )
        try:
            reply = await self.on_command(action.command, request)
        except Exception:
            log.exception("App Home action failed for %s in %s", user_id, team_id)
            reply = CommandReply("Sorry, something went wrong. The error was logged.")
        status = reply.text if reply is not None else " ".join(answers)
        await self._publish_home(user_id, team_id, status)

    async def _why_shortcut(self, body: dict[str, Any], respond: Respond) -> None:
        """ "Why was this posted?" on a message: `why` for the delivery with that message's ts,
        answered to the clicking user only."""
        if self.on_call is None:
            return
        caller = Caller(
            platform=self.platform,
            workspace=str((body.get("team") or {}).get("id", "")),
            channel=str((body.get("channel") or {}).get("id", "")),
            user_id=str((body.get("user") or {}).get("id", "")),
        )
        ts = str((body.get("message") or {}).get("ts", ""))
        reply = await self.on_call("why_message", caller, message_id=ts)
        try:
            await respond(
                text=escape(reply.text.split("\n", 1)[0])[:FALLBACK_LIMIT],
                blocks=list(reply_blocks(reply)),
                response_type="ephemeral",
                replace_original=False,
            )
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            log.warning("why shortcut: the answer could not be delivered: %s", type(e).__name__)

    async def _run_command(
        self, name: str, body: dict[str, Any], respond: Respond, *, is_admin: bool
    ) -> None:
        user_id = str(body.get("user_id", ""))
        channel_id = str(body.get("channel_id", ""))
        text = unescape_command_text(str(body.get("text", ""))).strip()
        if name == "news" and not is_admin and self._needs_admin_lookup(text):
            is_admin = await is_workspace_admin(self.client, user_id, self.extra_admin_ids)
        access: PostAccess | None = None
        if _makes_it_post(name, text) and not channel_id.startswith("D"):
            access = await post_access(self.client, channel_id)
        request = SlackCommandRequest(
            command=name,
            user_id=user_id,
            team_id=str(body.get("team_id", "")),
            channel_id=channel_id,
            text=text,
            respond=respond,
            is_admin=is_admin,
            can_manage_channel=self._can_manage(channel_id, is_admin=is_admin),
            post_access=access,
        )
        if self.on_command is None:
            await respond(text="newsbot is starting up, try again in a moment.")
            return
        try:
            reply = await self.on_command(name, request)
        except Exception:
            # The boundary to the user: log it, tell them, keep serving other commands.
            log.exception("/%s failed for %s in %s", name, request.user_id, request.team_id)
            await respond(text="Sorry, something went wrong. The error was logged.")
            return
        if reply is None:
            return
        args: dict[str, Any] = {
            "text": escape(reply.text),
            "response_type": "ephemeral" if reply.ephemeral else "in_channel",
            "unfurl_links": self.unfurl,
            "unfurl_media": self.unfurl,
        }
        if reply.blocks:
            args["blocks"] = list(reply.blocks)
        try:
            answered = await respond(**args)
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            log.warning("/%s: the answer could not be delivered: %s", name, type(e).__name__)
            return
        status = getattr(answered, "status_code", 200)
        if status != 200:
            # Slack refused the answer (e.g. invalid_blocks): the user saw nothing, so leave a
            # trace for whoever runs the bot.
            log.warning("/%s: Slack refused the answer: %s %s", name, status, answered.body)

    def _needs_admin_lookup(self, text: str) -> bool:
        """Restricted subscriptions: only `/news subscribe|unsubscribe` pays for users.info."""
        if self.members_manage_subscriptions:
            return False
        return _first_word(text) in SUBSCRIPTION_COMMANDS

    def _can_manage(self, channel_id: str, *, is_admin: bool) -> bool:
        """Whether the caller may change this channel's subscriptions.

        Anyone who can type in a channel may subscribe it (the default), as with Slack's own
        feed apps: the bot posts only where a member invited it, and the workspace's admins
        decided which apps may be installed. A direct message is never subscribable: the bot
        has no scope to post into DMs, so the subscription could only fail.
        """
        if channel_id.startswith("D"):
            return False
        return is_admin or self.members_manage_subscriptions

    async def _reaction(
        self, event: dict[str, Any], body: dict[str, Any], context: Any, *, added: bool
    ) -> None:
        if self.on_reaction is None:
            return
        # Slack redelivers an event it thinks was not acked in time (same event_id).
        event_id = str(body.get("event_id") or "")
        if event_id:
            if event_id in self._seen_events:
                return
            self._seen_events[event_id] = None
            while len(self._seen_events) > _SEEN_EVENTS:
                self._seen_events.popitem(last=False)
        item = event.get("item") or {}
        if item.get("type") != "message":
            return
        bot_user_id = context.get("bot_user_id")
        if bot_user_id and event.get("item_user") != bot_user_id:
            return  # a reaction on someone else's message
        await self.on_reaction(
            ReactionEvent(
                platform=self.platform,
                workspace=str(body.get("team_id") or context.get("team_id") or ""),
                channel=str(item.get("channel", "")),
                message_id=str(item.get("ts", "")),
                user_id=str(event.get("user", "")),
                emoji=_emoji(str(event.get("reaction", ""))),
                added=added,
            )
        )

    # -- incoming: transports ----------------------------------------------------------------------

    def web_app(self) -> web.Application:
        """An aiohttp application serving Bolt's endpoint at `http_path` (HTTP mode)."""

        async def endpoint(request: web.Request) -> web.Response:
            bolt_request = await to_bolt_request(request)
            bolt_response = await self.app.async_dispatch(bolt_request)
            return await to_aiohttp_response(bolt_response)

        web_app = web.Application()
        web_app.router.add_post(self.http_path, endpoint)
        return web_app

    async def start(self, *, host: str = "127.0.0.1", port: int | None = None) -> None:
        """Socket Mode: connect (returns once the socket is open). HTTP mode: serve `web_app()`
        on host:port (`port` defaults to the constructor's; 0 picks a free one; the chosen port
        is `http_port`). The default host is loopback: put a TLS proxy in front (Slack only
        calls https URLs)."""
        if port is None:
            port = self.port
        if self.mode == "socket":
            self._socket = AsyncSocketModeHandler(
                self.app,
                self._app_token,
                web_client=self.client,
                ping_interval=self._ping_interval,
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            return
        self._runner = web.AppRunner(self.web_app(), handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        self.http_port = int(sockets[0].getsockname()[1]) if sockets else port

    def connected(self) -> bool:
        """Socket Mode: the socket is open (for /healthz). HTTP mode: the server is up."""
        if self.mode == "http":
            return self._runner is not None
        client: Any = getattr(self._socket, "client", None)
        if client is None or client.closed or client.stale:
            return False
        session = client.current_session
        return session is not None and not session.closed

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def unescape_command_text(text: str) -> str:
    """A slash command's text as the person typed it: Slack sends `&`, `<` and `>` as `&amp;`,
    `&lt;` and `&gt;` (so `R&D`, a URL with `&`, a template's `<` would otherwise be stored
    escaped, and escaped again when shown). Only those three: `&copy;` typed stays as typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _makes_it_post(command: str, text: str) -> bool:
    """The commands after which the bot posts here, so the only ones that pay for
    conversations.info: `/news subscribe|follow`, a test post and marking the notices channel."""
    if command == "news":
        return _first_word(text) in ("subscribe", "follow")
    head = " ".join(text.lower().split()[:2])
    return head == "channel test" or (head == "channel set" and "notices" in text.lower())


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].lower() if text.strip() else ""


def _carries_key(message: Mapping[str, Any], key: str) -> bool:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("key") == key
