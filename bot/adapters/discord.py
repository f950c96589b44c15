"""Discord behind the delivery `Adapter` Protocol, on discord.py.

The client is a ``commands.AutoShardedBot`` so that the /news cogs can be added to it in
``setup_hook`` (pass ``setup=``); its prefix is only a mention and it asks for the least
intents: guilds and guild reactions, no message content, no members.

Idempotency: ``send`` derives a nonce of at most 25 characters from the delivery key and sends it
with ``enforce_nonce`` (discord.py 2.7 sets ``enforce_nonce`` whenever a nonce is given), so a
resend of the same key within Discord's nonce window returns the first message instead of
posting again. ``find`` scans the channel's recent history for the bot's message carrying that
nonce; Discord echoes nonces only for a short while, so after that window it answers None.
See docs/discord.md for the limits.

Rate limits: discord.py owns the per-route buckets. It waits out a known-empty bucket before
sending and retries a 429 itself (sleeping the server's ``retry_after``), up to five tries. Waits
longer than ``max_ratelimit_timeout`` are not slept: discord.py raises and the adapter turns that
into `RateLimited`, so the outbox re-queues the row with a ``not_before`` instead of a task
sleeping for minutes. A 429 that outlives discord.py's retries also becomes `RateLimited`. Every
retry carries the same nonce, so none can double a post. The outbox paces to ``limits`` to stay
clear of 429s in the first place.

Several processes: each connects the gateway shards it is given (``shard_ids`` of
``shard_count``; interactions and reactions arrive over the shard of their guild, so each
process answers its own guilds' commands), and any of them can post to any channel over REST.
The token's global budget (``rest_per_second``, Discord's 50 requests/s) is shared: every REST
request waits for a slot of ``rest_per_second / peers`` (`SharedRate`), where ``peers`` counts
the live processes. See docs/discord.md, "Several processes".

Another address (``api_base_url``: a proxy, or the tests' fake): discord.py keeps its REST base
and default gateway as class attributes, so the adapter sets them for the whole process (one
Discord client per `newsbot run`) and puts the old ones back on ``close``; the gateway address is
the one that API's ``GET /gateway/bot`` answers.

The token is passed to ``start`` by the caller and never stored here or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.discord_render import RenderedMessage, render_post
from bot.adapters.discord_threads import ThreadsMixin, thread_name
from bot.adapters.events import ReactionCallback, ReactionEvent
from bot.delivery.budget import PeerCount, SharedRate
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
    "DISCORD_LIMITS",
    "GLOBAL_REST_PER_SECOND",
    "DiscordAdapter",
    "NewsBot",
    "SetupHook",
    "WebhookLookup",
    "WebhookTarget",
    "least_intents",
    "nonce_for",
]

log = logging.getLogger(__name__)

GLOBAL_REST_PER_SECOND: Final = 50.0  # a bot token's global limit, across all its processes
DISCORD_LIMITS: Final = RateLimits(
    per_channel=5, per_channel_seconds=5.0, global_per_second=GLOBAL_REST_PER_SECOND
)
NONCE_LENGTH: Final = 25  # Discord's maximum for a string nonce
PERMANENT_CODES: Final = {
    10003: "unknown channel",
    10008: "unknown message",
    10015: "unknown webhook",
    50001: "missing access",
    50013: "missing permissions",
}

SetupHook = Callable[["NewsBot"], Awaitable[None]]
#: The webhook an admin made from chat for a channel (`/newsadmin channel webhook`), read from
#: the store at each send so that every process sees a new one at once.
WebhookLookup = Callable[[ChannelRef], Awaitable["WebhookTarget | None"]]


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    """Post to a channel through one of its webhooks, under this name and avatar."""

    webhook_id: int
    token: str
    username: str | None = None
    avatar_url: str | None = None

    def __repr__(self) -> str:  # the webhook token is a credential: keep it out of logs
        return f"WebhookTarget(webhook_id={self.webhook_id}, username={self.username!r})"


def least_intents() -> discord.Intents:
    """Guilds (channels, roles, the cache slash commands rely on) and guild reactions."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_reactions = True
    return intents


def nonce_for(key: str) -> str:
    """A stable nonce of at most 25 characters for a delivery key."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()[:NONCE_LENGTH]


class NewsBot(commands.AutoShardedBot):
    """The discord.py client: slash commands only, no prefix commands, no help command."""

    def __init__(
        self,
        *,
        setup: SetupHook | None = None,
        shard_count: int | None = None,
        shard_ids: Sequence[int] | None = None,
        max_ratelimit_timeout: float = 30.0,
        guild_ready_timeout: float = 2.0,
        connector: aiohttp.BaseConnector | None = None,
    ) -> None:
        # discord.py takes a list, or no shard_ids at all (every shard of shard_count).
        some_shards: dict[str, Any] = {} if shard_ids is None else {"shard_ids": list(shard_ids)}
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=least_intents(),
            shard_count=shard_count,
            **some_shards,
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=max_ratelimit_timeout,
            guild_ready_timeout=guild_ready_timeout,
            connector=connector,
        )
        self._setup = setup

    async def setup_hook(self) -> None:
        if self._setup is not None:
            await self._setup(self)


class DiscordAdapter(ThreadsMixin):
    """Sends posts to Discord channels, edits them, finds them after a crash, and reports
    reactions on them to ``on_reaction``.

    ``webhooks`` maps a channel id to a `WebhookTarget` for channels set to post through a
    webhook. ``setup`` runs in ``setup_hook`` (load cogs there). ``send_timeout`` bounds one send,
    including discord.py's own rate-limit waits. ``shard_ids`` (with ``shard_count``): connect
    only those gateway shards. ``rest_per_second`` / ``peers``: this process's REST pace.
    ``api_base_url``: Discord's REST API at another address (``https://host/api/v10``).
    """

    platform: str = "discord"
    limits: RateLimits
    bot: NewsBot

    def __init__(
        self,
        *,
        on_reaction: ReactionCallback | None = None,
        setup: SetupHook | None = None,
        shard_count: int | None = None,
        webhooks: Mapping[str, WebhookTarget] | None = None,
        webhook_lookup: WebhookLookup | None = None,
        history_limit: int = 50,
        send_timeout: float = 60.0,
        max_ratelimit_timeout: float = 30.0,
        guild_ready_timeout: float = 2.0,
        shard_ids: Sequence[int] | None = None,
        rest_per_second: float = GLOBAL_REST_PER_SECOND,
        peers: PeerCount | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        api_base_url: str | None = None,
    ) -> None:
        self.api_base_url = api_base_url.rstrip("/") if api_base_url is not None else None
        self._addresses: tuple[str, yarl.URL] | None = None  # discord.py's own, to restore
        if self.api_base_url is not None:
            self._addresses = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
            Route.BASE = self.api_base_url
        self.bot = NewsBot(
            setup=setup,
            shard_count=shard_count,
            shard_ids=shard_ids,
            max_ratelimit_timeout=max_ratelimit_timeout,
            guild_ready_timeout=guild_ready_timeout,
        )
        # The outbox paces posts to `limits`; `rest` paces every request made with the bot
        # token (posts, channel reads, thread starts, login), both to this process's share.
        self.limits = dataclasses.replace(DISCORD_LIMITS, global_per_second=rest_per_second)
        self.rest = SharedRate(rest_per_second, peers, clock=clock, sleep=sleep)
        self._pace_rest()
        self.on_reaction = on_reaction
        self.webhooks: dict[str, WebhookTarget] = dict(webhooks or {})
        self.webhook_lookup = webhook_lookup
        self._chat_webhooks: dict[str, WebhookTarget] = {}  # the last seen, for reactions
        self.history_limit = history_limit
        self.send_timeout = send_timeout
        self._runner: asyncio.Task[None] | None = None
        self._nonce = nonce_for
        self._threads_init()
        self.bot.add_listener(self._on_raw_reaction, "on_raw_reaction_add")
        self.bot.add_listener(self._on_raw_reaction, "on_raw_reaction_remove")

    def _pace_rest(self) -> None:
        """Route every REST request of the client through `rest`. Interaction answers and
        webhook posts go through discord.py's webhook adapter instead, and Discord does not
        count them against the bot's global limit either."""
        http = self.bot.http
        request = http.request

        async def paced(route: Route, **kwargs: Any) -> Any:
            await self.rest.wait_turn()
            return await request(route, **kwargs)

        setattr(http, "request", paced)  # noqa: B010 - an instance attribute over the method

    # --- lifecycle ----------------------------------------------------------------------------

    async def login(self, token: str) -> None:
        """REST only: enough to send, edit and find, without a gateway connection (a delivery
        worker that takes no commands). A bad token raises `discord.LoginFailure` here."""
        await self.bot.login(token)
        if self.api_base_url is not None:
            # With a fixed shard count discord.py connects its default gateway, not the one
            # /gateway/bot names: point the default at the address this API gives.
            _, url, _ = await self.bot.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)

    async def start(self, token: str) -> None:
        """Log in, then connect to the gateway in the background (commands and reactions)."""
        await self.login(token)
        self._runner = asyncio.create_task(self.bot.connect(), name="discord-gateway")

    async def wait_until_ready(self) -> None:
        """Until every shard has received its guilds; raises if the connection failed first."""
        if self._runner is None:
            raise RuntimeError("DiscordAdapter.start() has not been called")
        ready = asyncio.ensure_future(self.bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, self._runner}, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            self._runner.result()  # re-raise the connection error
            raise RuntimeError("the Discord connection closed before it was ready")

    def connected(self) -> bool:
        """The gateway is up (for /healthz): ready, and every shard's socket open (a shard
        reconnecting counts as down; `is_ready` alone stays true through a reconnect)."""
        running = self._runner is not None and not self._runner.done()
        shards = list(self.bot.shards.values())
        up = bool(shards) and not any(shard.is_closed() for shard in shards)
        return running and self.bot.is_ready() and up

    async def close(self) -> None:
        await self.bot.close()
        if self._runner is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
            self._runner = None
        if self._addresses is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._addresses
            self._addresses = None

    async def sync_commands(self, guild_id: int | None = None) -> None:
        """Register the app-command tree: globally, or in one guild (instant, for testing)."""
        guild = discord.Object(id=guild_id) if guild_id is not None else None
        if guild is not None:
            self.bot.tree.copy_global_to(guild=guild)
        await self.bot.tree.sync(guild=guild)

    # --- the Adapter Protocol -----------------------------------------------------------------

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        rendered = render_post(post)
        async with self._mapped(channel):
            if channel.channel.startswith("@"):  # a person's direct messages (an alert)
                return await self._reply_in(await self._dm_channel(channel), post, key)
            hook = await self._hook(channel)
            if hook is not None:
                sent = await self._webhook(hook).send(
                    content=rendered.content or discord.utils.MISSING,
                    embed=rendered.to_embed(),
                    allowed_mentions=rendered.allowed_mentions,
                    username=hook.username or discord.utils.MISSING,
                    avatar_url=hook.avatar_url or discord.utils.MISSING,
                    wait=True,
                )
                if post.thread:  # a webhook's message takes a thread like the bot's own
                    await self._start_thread(channel.channel, str(sent.id), thread_name(post))
                return str(sent.id)
            if await self._is_forum(channel):
                return await self._forum_post(channel, post, key)
            message = await self._channel(channel).send(
                content=rendered.content,
                embed=rendered.to_embed(),
                allowed_mentions=rendered.allowed_mentions,
                nonce=nonce_for(key),
            )
            if post.thread:
                await self._start_thread(channel.channel, str(message.id), thread_name(post))
            return str(message.id)
        raise AssertionError("unreachable")  # pragma: no cover - _mapped always raises or returns

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        rendered = render_post(post)
        async with self._mapped(channel):
            hook = await self._hook(channel)
            if hook is not None:
                await self._webhook(hook).edit_message(int(message_id), **_edit_kwargs(rendered))
                return
            # A forum post's message lives in its own thread, whose id is the message's.
            where = (
                self.bot.get_partial_messageable(int(message_id))
                if await self._is_forum(channel)
                else self._channel(channel)
            )
            await where.get_partial_message(int(message_id)).edit(**_edit_kwargs(rendered))

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        """The bot's message in the channel's last ``history_limit`` messages that carries the
        key's nonce. Webhook posts carry no nonce, so for webhook channels this is always None."""
        if channel.channel in self.webhooks or await self._hook(channel) is not None:
            return None
        async with self._mapped(channel):
            if channel.channel.startswith("@"):
                return await self._find_in(await self._dm_channel(channel), key, self.history_limit)
            if await self._is_forum(channel):
                # No nonce on a forum post: the next send looks its thread up by name instead.
                self._forum_doubt.add(key)
                return None
        nonce = nonce_for(key)
        me = self.bot.user
        async with self._mapped(channel):
            async for message in self._channel(channel).history(limit=self.history_limit):
                if me is not None and message.author.id != me.id:
                    continue
                if message.nonce is not None and str(message.nonce) == nonce:
                    return str(message.id)
        return None

    async def reply(self, channel: ChannelRef, message_id: str, post: Post, key: str) -> str:
        """Post in the thread of `message_id` (the thread's id is the message's). A text-channel
        post whose thread was never started (a crash between the post and its thread) gets
        its thread now."""
        async with self._mapped(channel):
            try:
                return await self._reply_in(message_id, post, key)
            except discord.NotFound as e:
                if e.code != 10003 or await self._is_forum(channel):
                    raise
            await self._start_thread(channel.channel, message_id, "Discussion")
            return await self._reply_in(message_id, post, key)
        raise AssertionError("unreachable")  # pragma: no cover - _mapped always raises or returns

    async def find_reply(self, channel: ChannelRef, message_id: str, key: str) -> str | None:
        async with self._mapped(channel):
            try:
                return await self._find_in(message_id, key, self.history_limit)
            except discord.NotFound:
                return None
        raise AssertionError("unreachable")  # pragma: no cover - _mapped always raises or returns

    # --- reactions ----------------------------------------------------------------------------

    async def _on_raw_reaction(self, payload: discord.RawReactionActionEvent) -> None:
        if self.on_reaction is None:
            return
        me = self.bot.user
        if me is not None and payload.user_id == me.id:
            return  # the bot's own reactions are not feedback
        if payload.message_author_id is not None and not self._is_ours(payload.message_author_id):
            return
        # A removal carries no author: it is passed on, and the store ignores unknown messages.
        emoji = payload.emoji.name or str(payload.emoji.id)
        await self.on_reaction(
            ReactionEvent(
                platform=self.platform,
                workspace=str(payload.guild_id or ""),
                channel=str(payload.channel_id),
                message_id=str(payload.message_id),
                user_id=str(payload.user_id),
                emoji=emoji,
                added=payload.event_type == "REACTION_ADD",
            )
        )

    def _is_ours(self, author_id: int) -> bool:
        me = self.bot.user
        if me is not None and author_id == me.id:
            return True
        hooks = (*self.webhooks.values(), *self._chat_webhooks.values())
        return any(hook.webhook_id == author_id for hook in hooks)

    # --- helpers --------------------------------------------------------------------------------

    def _channel(self, channel: ChannelRef) -> discord.PartialMessageable:
        guild_id = int(channel.workspace) if channel.workspace.isdigit() else None
        return self.bot.get_partial_messageable(int(channel.channel), guild_id=guild_id)

    async def _hook(self, channel: ChannelRef) -> WebhookTarget | None:
        """The channel's webhook: one made from chat wins over config.toml's (chat edits win
        over the file, as everywhere)."""
        if self.webhook_lookup is not None:
            made = await self.webhook_lookup(channel)
            if made is not None:
                self._chat_webhooks[channel.channel] = made
                return made
            self._chat_webhooks.pop(channel.channel, None)
        return self.webhooks.get(channel.channel)

    def _webhook(self, hook: WebhookTarget) -> discord.Webhook:
        return discord.Webhook.partial(hook.webhook_id, hook.token, client=self.bot)

    @contextlib.asynccontextmanager
    async def _mapped(self, channel: ChannelRef) -> AsyncIterator[None]:
        """Run one platform call under the send timeout, with discord.py's errors turned into
        the delivery errors the outbox acts on."""
        if self.bot.user is None:
            raise TransientError(channel, "not logged in to Discord yet")
        try:
            async with asyncio.timeout(self.send_timeout):
                yield
        except DeliveryError:
            raise
        except discord.RateLimited as e:
            raise RateLimited(channel, e.retry_after) from e
        except discord.HTTPException as e:
            raise _http_error(channel, e) from e
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            raise TransientError(channel, f"network: {type(e).__name__}: {e}") from e


def _edit_kwargs(rendered: RenderedMessage) -> dict[str, Any]:
    return {
        "content": rendered.content,
        "embed": rendered.to_embed(),
        "allowed_mentions": rendered.allowed_mentions,
    }


def _http_error(channel: ChannelRef, e: discord.HTTPException) -> DeliveryError:
    if e.status == 429:  # still limited after discord.py's own retries
        retry_after = _retry_after(e)
        return RateLimited(channel, retry_after)
    if e.code in PERMANENT_CODES:
        return PermanentError(channel, f"{PERMANENT_CODES[e.code]} ({e.status}/{e.code})")
    if e.status in (403, 404):
        return PermanentError(channel, f"{e.status}/{e.code}: {e.text}")
    if e.status >= 500:
        return TransientError(channel, f"Discord {e.status}: {e.text}")
    # 400 (a body Discord refused) or 401: a retry may not help, but nothing here is the
    # channel's fault, so it must not pause the channel; the outbox gives up after its attempts.
    return TransientError(channel, f"rejected {e.status}/{e.code}: {e.text}")


def _retry_after(e: discord.HTTPException) -> float:
    header = e.response.headers.get("Retry-After") if e.response is not None else None
    try:
        return max(float(header), 0.0) if header else 1.0
    except ValueError:
        return 1.0
