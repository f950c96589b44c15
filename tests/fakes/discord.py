"""A fake Discord on 127.0.0.1 (port 0) that the real discord.py client connects to.

It serves the REST routes newsbot uses under ``/api/v10`` and a Gateway WebSocket (v10, JSON,
no compression) at ``/gateway``, and records everything that reaches it, so tests assert on
what Discord would have received rather than on mocks.

Pointing discord.py at it
-------------------------
discord.py has no public option for its API base, so two class attributes are patched for the
duration of a test (``FakeDiscord.patch_discord`` does both and undoes them)::

    discord.http.Route.BASE = fake.api_base                   # every REST route, webhooks too
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)

``Route.BASE`` is read whenever a route is built, so it can be patched after import. The
gateway URL normally comes from ``GET /gateway/bot`` (which the fake answers with its own
WebSocket URL); ``DEFAULT_GATEWAY`` matters only when the shard count is fixed in advance, or
after an invalidated session, where discord.py falls back to it.

discord.py asks for ``compress=zlib-stream``; the fake ignores that and sends text frames, which
the client accepts as they are.

What it does the way Discord does
---------------------------------
- Messages: create stores the message; with ``nonce`` + ``enforce_nonce`` a second create by the
  same author with the same nonce inside ``nonce_window`` returns the FIRST message and creates
  nothing. The nonce is echoed on create, and on history reads for ``nonce_window`` seconds
  (Discord's own echo of nonces on fetched messages is short-lived and undocumented; see
  docs/discord.md). Nonces longer than 25 characters are a 400.
- Embeds and content are checked against Discord's limits (400 / 50035 Invalid Form Body).
- Mentions are resolved from ``content`` and ``allowed_mentions`` the way Discord parses them
  (embeds never ping); ``mention_everyone`` / ``mention_roles`` / ``mentions`` on the stored
  message say who would have been pinged.
- Rate limits: a fixed-window bucket per (route, channel), ``bucket_limit`` per
  ``bucket_window`` seconds (5 per 5 s by default; tests pass a short window), with the real
  headers (``X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket``) and a 429 carrying a JSON
  ``retry_after``, a ``Retry-After`` header and the ``Via`` header discord.py checks for.
  ``force_429(n)`` and ``force_status(n, status)`` inject failures for the next n matching
  requests. ``global_per_second=n`` adds the bot token's global limit: more than n requests
  with the bot token in any second (from every client together) get a 429 with
  ``"global": true`` (recorded in ``global_limited``); interaction answers and webhook posts
  do not count, as on Discord. Each `Recorded` request carries its arrival time (``at``).
- ``deny_access(channel)`` → 403 / 50001 Missing Access; ``remove_channel(channel)`` → 404 /
  10003 Unknown Channel.
- Forums and threads: ``add_forum`` makes a forum channel (type 15) with ``available_tags``;
  ``POST /channels/{forum}/threads`` creates a thread (type 11) whose starter message has the
  thread's id (Discord documents no nonce there, so none is kept), with ``applied_tags``
  checked against the forum's tags (at most 5). ``POST /channels/{channel}/messages/{message}/
  threads`` starts a thread on a message (a second is 400 / 160004); a message posted to a
  message id that has no thread is 404 / 10003, and one posted to a forum is 400 / 50008.
  ``GET /guilds/{guild}/threads/active`` lists the open threads; ``GET /channels/{id}`` reads a
  channel or thread. ``archive_thread`` hides a thread from the active list.
- Direct messages: ``POST /users/@me/channels`` opens (or returns) a DM channel per user;
  ``dm_messages(user)`` reads what it holds.
- Gateway: HELLO (``heartbeat_interval``), IDENTIFY → READY (user, application, unavailable
  guilds, ``session_id``, ``resume_gateway_url``, shard) then one GUILD_CREATE per guild of that
  shard, HEARTBEAT → HEARTBEAT_ACK, RESUME → RESUMED (on the session's shard). ``dispatch_command``
  and ``dispatch_reaction`` push INTERACTION_CREATE and MESSAGE_REACTION_ADD/REMOVE.
- Shards: IDENTIFY's ``shard: [id, count]`` is honoured (``identified_shards`` lists what
  identified, ``connected_shards`` what is connected); a guild belongs to shard
  ``(guild_id >> 22) % count``, so its GUILD_CREATE and its events (commands, reactions) go to
  that shard's session only, as on Discord. ``add_guild(shard=(id, count))`` makes a guild of
  a chosen shard.
- Interactions: callbacks (one per interaction, a second is 400 / 40060), followups and
  ``@original`` edits through ``/webhooks/{application_id}/{token}``; channel webhooks
  (``add_webhook``, or Create Webhook ``POST /channels/{id}/webhooks``) post with their own
  ``username`` / ``avatar_url`` and no nonce.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import yarl
from aiohttp import WSMsgType, web

__all__ = [
    "API_PREFIX",
    "FAKE_TOKEN",
    "FakeDiscord",
    "FakeInteraction",
    "Recorded",
    "snowflake",
]

JSON = dict[str, Any]
API_PREFIX = "/api/v10"
FAKE_TOKEN = "fake.discord.token-for-tests-only"
DISCORD_EPOCH_MS = 1_420_070_400_000
EPHEMERAL = 1 << 6
MESSAGE_CREATE_ROUTE = "POST /channels/{channel_id}/messages"

_counter = itertools.count()
_BODY: web.RequestKey[Any] = web.RequestKey("fake_body", object)


def snowflake(when: datetime | None = None) -> int:
    """A Discord-style id: milliseconds since the Discord epoch, then a per-process counter."""
    ms = int((when or datetime.now(UTC)).timestamp() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(slots=True)
class Recorded:
    """One REST request as it reached the fake (without its Authorization header)."""

    method: str
    route: str  # "POST /channels/{channel_id}/messages"
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0
    at: float = 0.0  # the fake's clock when the request arrived
    authorized: bool = False  # made with the bot token (what the global limit counts)


@dataclass(slots=True)
class FakeInteraction:
    id: int
    token: str
    guild_id: int | None
    channel_id: int
    user_id: int
    callbacks: list[JSON] = field(default_factory=list)
    original: JSON | None = None
    followups: list[JSON] = field(default_factory=list)


@dataclass(slots=True)
class _Bucket:
    remaining: int
    reset_at: float


@dataclass(slots=True)
class _Forced:
    route: str
    count: int
    status: int
    retry_after: float


@dataclass(slots=True)
class _Session:
    ws: web.WebSocketResponse
    session_id: str
    shard: tuple[int, int]
    seq: int = 0

    async def send(self, op: int, d: Any = None, t: str | None = None) -> None:
        s: int | None = None
        if op == 0:
            self.seq += 1
            s = self.seq
        await self.ws.send_str(json.dumps({"op": op, "d": d, "s": s, "t": t}))


class FakeDiscord:
    """Start with ``await fake.start()``; stop with ``await fake.close()``."""

    def __init__(
        self,
        *,
        token: str = FAKE_TOKEN,
        bucket_limit: int = 5,
        bucket_window: float = 5.0,
        nonce_window: float = 300.0,
        heartbeat_interval_ms: int = 60_000,
        shards: int = 1,
        global_per_second: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bucket_limit = bucket_limit
        self.bucket_window = bucket_window
        self.nonce_window = nonce_window
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.shards = shards
        self.global_per_second = global_per_second
        self.clock = clock

        self.application_id = snowflake()
        self.bot_user: JSON = {
            "id": str(self.application_id),
            "username": "newsbot",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "flags": 0,
            "verified": True,
            "mfa_enabled": False,
        }
        self.owner_id = snowflake()

        # what reached the fake
        self.requests: list[Recorded] = []
        self.gateway_received: list[JSON] = []
        self.identify_payloads: list[JSON] = []
        self.gateway_queries: list[dict[str, str]] = []
        self.rate_limited: list[Recorded] = []  # every 429 the fake sent
        self.global_limited: list[Recorded] = []  # the 429s with "global": true
        # state
        self.guilds: dict[int, JSON] = {}
        self.messages: dict[int, list[JSON]] = {}  # channel id -> messages, oldest first
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self.interactions: dict[str, FakeInteraction] = {}
        self.webhooks: dict[int, tuple[str, int]] = {}  # webhook id -> (token, channel id)
        self.webhook_names: dict[int, str] = {}  # made through Create Webhook
        self.no_manage_webhooks: set[int] = set()  # channels where Create Webhook is a 403
        self.denied: set[int] = set()
        self.unknown: set[int] = set()
        self.threads: dict[int, JSON] = {}  # thread id -> thread channel
        self.dm_channels: dict[int, int] = {}  # user id -> DM channel id

        self._nonces: dict[tuple[int, int, str], tuple[JSON, float]] = {}
        self._created_at: dict[int, float] = {}  # message id -> clock at creation
        self._buckets: dict[tuple[str, int], _Bucket] = {}
        self._forced: list[_Forced] = []
        self._sessions: list[_Session] = []
        self._session_shards: dict[str, tuple[int, int]] = {}  # session id -> shard, to resume
        self._global_times: deque[float] = deque()  # bot-token requests in the last second
        self._ready = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._patches: list[tuple[Any, str, Any]] = []

        self.app = web.Application(middlewares=[self._middleware])
        self._add_routes()

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        self._runner = web.AppRunner(self.app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self._port = sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        for session in list(self._sessions):
            with contextlib.suppress(Exception):
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.unpatch_discord()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    def patch_discord(self) -> None:
        """Point discord.py (imported lazily: the fake itself does not need it) at this fake."""
        import discord.gateway
        import discord.http

        self._set(discord.http.Route, "BASE", self.api_base)
        self._set(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url))

    def unpatch_discord(self) -> None:
        while self._patches:
            target, name, old = self._patches.pop()
            setattr(target, name, old)

    def _set(self, target: Any, name: str, value: Any) -> None:
        self._patches.append((target, name, getattr(target, name)))
        setattr(target, name, value)

    # --- test set-up ---------------------------------------------------------------------------

    def add_guild(
        self,
        name: str = "Test guild",
        *,
        channels: Sequence[str] = ("news",),
        shard: tuple[int, int] | None = None,
    ) -> int:
        """A guild with text channels; `shard=(id, count)` picks an id that Discord routes to
        that shard when the bot runs `count` shards."""
        guild_id = snowflake()
        if shard is not None:
            guild_id = _on_shard(guild_id, *shard)
        everyone = {
            "id": str(guild_id),
            "name": "@everyone",
            "permissions": str(0x0000_0400 | 0x0000_0800 | 0x0001_0000),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        self.guilds[guild_id] = {
            "id": str(guild_id),
            "name": name,
            "owner_id": str(self.owner_id),
            "roles": [everyone],
            "channels": [],
            "members": [self._member(self.bot_user, roles=[])],
            "member_count": 1,
            "threads": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "joined_at": _now_iso(),
            "large": False,
            "unavailable": False,
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }
        for channel in channels:
            self.add_channel(guild_id, channel)
        return guild_id

    def add_channel(self, guild_id: int, name: str) -> int:
        channel_id = snowflake()
        guild = self.guilds[guild_id]
        guild["channels"].append(
            {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(guild_id),
                "name": name,
                "position": len(guild["channels"]),
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "topic": None,
                "last_message_id": None,
                "rate_limit_per_user": 0,
            }
        )
        self.messages.setdefault(channel_id, [])
        return channel_id

    def add_forum(self, guild_id: int, name: str, tags: Sequence[str] = ()) -> int:
        """A forum channel (type 15) with a tag per name in `tags`."""
        channel_id = self.add_channel(guild_id, name)
        channel = next(c for c in self.guilds[guild_id]["channels"] if c["id"] == str(channel_id))
        channel.update(
            type=15,
            available_tags=[
                {
                    "id": str(snowflake()),
                    "name": t,
                    "moderated": False,
                    "emoji_id": None,
                    "emoji_name": None,
                }
                for t in tags
            ],
            default_reaction_emoji=None,
            default_sort_order=None,
            default_forum_layout=0,
            default_thread_rate_limit_per_user=0,
            flags=0,
        )
        return channel_id

    def tag_names(self, forum_id: int, tag_ids: Sequence[str]) -> list[str]:
        guild_id = self._guild_of(forum_id)
        assert guild_id is not None
        tags = self._channel_json(guild_id, forum_id).get("available_tags") or []
        return [t["name"] for t in tags if t["id"] in tag_ids]

    def archive_thread(self, thread_id: int) -> None:
        self.threads[thread_id]["thread_metadata"]["archived"] = True

    def dm_messages(self, user_id: int) -> list[JSON]:
        channel = self.dm_channels.get(user_id)
        return [] if channel is None else list(self.messages.get(channel, []))

    def add_role(self, guild_id: int, name: str, permissions: int = 0) -> int:
        role_id = snowflake()
        roles: list[JSON] = self.guilds[guild_id]["roles"]
        roles.append(
            {
                "id": str(role_id),
                "name": name,
                "permissions": str(permissions),
                "position": len(roles),
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": True,
                "flags": 0,
            }
        )
        return role_id

    def grant_bot(self, guild_id: int, permissions: int) -> int:
        """Give the bot's member a role with `permissions` (before it connects: the Gateway's
        GUILD_CREATE carries it into discord.py's cache)."""
        role_id = self.add_role(guild_id, "newsbot", permissions)
        me = next(
            m for m in self.guilds[guild_id]["members"] if m["user"]["id"] == self.bot_user["id"]
        )
        me["roles"].append(str(role_id))
        return role_id

    def deny_bot(self, guild_id: int, channel_id: int, permissions: int) -> None:
        """A member overwrite denying the bot `permissions` in `channel_id` (before connect)."""
        channel = next(c for c in self.guilds[guild_id]["channels"] if int(c["id"]) == channel_id)
        channel["permission_overwrites"].append(
            {"id": self.bot_user["id"], "type": 1, "allow": "0", "deny": str(permissions)}
        )

    def role_json(self, guild_id: int, role_id: int) -> JSON:
        roles: list[JSON] = self.guilds[guild_id]["roles"]
        return dict(next(r for r in roles if int(r["id"]) == role_id))

    def channel_ids(self, guild_id: int) -> list[int]:
        return [int(c["id"]) for c in self.guilds[guild_id]["channels"]]

    def add_webhook(self, channel_id: int) -> tuple[int, str]:
        webhook_id = snowflake()
        token = f"whtoken{webhook_id}"
        self.webhooks[webhook_id] = (token, channel_id)
        return webhook_id, token

    def add_message_by_someone_else(self, channel_id: int, content: str = "hello") -> int:
        """A message a person wrote (the bot cannot edit it; its reactions are not ours)."""
        author = self._user(snowflake())
        message = self._store(channel_id, {"content": content}, author=author)
        return int(message["id"])

    def deny_access(self, channel_id: int) -> None:
        self.denied.add(channel_id)

    def remove_channel(self, channel_id: int) -> None:
        self.unknown.add(channel_id)

    def force_429(
        self, count: int, *, retry_after: float = 0.01, route: str = MESSAGE_CREATE_ROUTE
    ) -> None:
        """The next `count` requests on `route` get a 429 with `retry_after` seconds."""
        self._forced.append(_Forced(route, count, 429, retry_after))

    def force_status(self, count: int, status: int, *, route: str = MESSAGE_CREATE_ROUTE) -> None:
        """The next `count` requests on `route` fail with `status` (e.g. 503)."""
        self._forced.append(_Forced(route, count, status, 0.0))

    # --- what tests read back ----------------------------------------------------------------

    def sent(self, channel_id: int) -> list[JSON]:
        return list(self.messages.get(channel_id, []))

    def posts(self, channel_id: int) -> list[JSON]:
        """The channel's messages that are not answers to interactions (responses and
        followups): what the bot posted on its own."""
        return [m for m in self.messages.get(channel_id, []) if "interaction_id" not in m]

    def all_messages(self) -> Iterator[JSON]:
        for messages in self.messages.values():
            yield from messages

    def requests_to(self, route: str) -> list[Recorded]:
        return [r for r in self.requests if r.route == route]

    @property
    def identified_shards(self) -> list[tuple[int, int]]:
        """(shard id, shard count) of every IDENTIFY received, in order."""
        return [
            (int(p["shard"][0]), int(p["shard"][1])) if p.get("shard") else (0, 1)
            for p in self.identify_payloads
        ]

    @property
    def connected_shards(self) -> list[tuple[int, int]]:
        """The shards with an open gateway session now."""
        return sorted(s.shard for s in self._sessions if not s.ws.closed)

    @staticmethod
    def shard_of(guild_id: int, count: int) -> int:
        """The shard that carries `guild_id`'s events: (guild_id >> 22) % count."""
        return (guild_id >> 22) % count

    async def wait_ready(self, within: float = 5.0) -> None:
        """Until a client has identified and been sent its guilds."""
        await asyncio.wait_for(self._ready.wait(), within)

    async def wait_for(self, predicate: Callable[[], bool], within: float = 5.0) -> None:
        """Until `predicate()` holds; re-checked whenever the fake's state changes."""

        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        await asyncio.wait_for(until(), within)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- gateway dispatch helpers --------------------------------------------------------------

    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> None:
        """Send a DISPATCH to the session whose shard holds `guild_id` (all sessions if None)."""
        for session in list(self._sessions):
            shard_id, count = session.shard
            if guild_id is None or (guild_id >> 22) % count == shard_id:
                await session.send(0, data, event)

    async def dispatch_reaction(
        self,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        user_id: int,
        emoji: str = "👍",
        emoji_id: int | None = None,
        added: bool = True,
    ) -> None:
        data: JSON = {
            "user_id": str(user_id),
            "channel_id": str(channel_id),
            "message_id": str(message_id),
            "guild_id": str(guild_id),
            "emoji": {"id": str(emoji_id) if emoji_id else None, "name": emoji},
            "burst": False,
            "type": 0,
        }
        if added:
            author = self._author_of(channel_id, message_id)
            if author is not None:
                data["message_author_id"] = author
            data["member"] = self._member(self._user(user_id), roles=[])
        event = "MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE"
        await self.dispatch(event, data, guild_id=guild_id)

    async def dispatch_command(
        self,
        name: str,
        *,
        guild_id: int,
        channel_id: int,
        options: Sequence[JSON] = (),
        user_id: int | None = None,
        permissions: int = 0,
        roles: Sequence[int] = (),
        interaction_type: int = 2,
        resolved_roles: Sequence[int] = (),
        app_permissions: int = (1 << 41) - 1,
        resolved_channels: Sequence[int] = (),
        channel_permissions: Mapping[int, int] | None = None,
    ) -> FakeInteraction:
        """An application-command interaction (``interaction_type=4`` for autocomplete), as a
        member of `guild_id` holding `permissions` (the bits Discord computes for the channel).
        `options` is Discord's raw option list, subcommands and groups included; a role option
        (type 8) carries the role's id, and the role itself goes in `resolved_roles`.
        `app_permissions`: the bot's own permission bits in the channel (default: all). A
        channel option (type 7) carries the channel's id, the channel goes in
        `resolved_channels` with the member's permissions there: `channel_permissions[id]`
        when given, else `permissions`."""
        there = channel_permissions or {}
        user = self._user(user_id or snowflake())
        interaction = FakeInteraction(
            id=snowflake(),
            token=f"itoken{snowflake()}",
            guild_id=guild_id,
            channel_id=channel_id,
            user_id=int(user["id"]),
        )
        self.interactions[interaction.token] = interaction
        command = next((c for c in self._commands_for(guild_id) if c["name"] == name), None)
        member = self._member(user, roles=[str(r) for r in roles])
        member["permissions"] = str(permissions)
        data: JSON = {
            "id": str(interaction.id),
            "application_id": str(self.application_id),
            "type": interaction_type,
            "data": {
                "id": command["id"] if command else str(snowflake()),
                "name": name,
                "type": 1,
                "options": list(options),
                "guild_id": str(guild_id),
                "resolved": {
                    "roles": {str(r): self.role_json(guild_id, r) for r in resolved_roles},
                    "channels": {
                        str(c): {
                            **self._channel_json(guild_id, c),
                            "permissions": str(there.get(c, permissions)),
                        }
                        for c in resolved_channels
                    },
                },
            },
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": self._channel_json(guild_id, channel_id),
            "member": member,
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(app_permissions),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        await self.dispatch("INTERACTION_CREATE", data, guild_id=guild_id)
        return interaction

    # --- internals: JSON shapes ----------------------------------------------------------------

    def _user(self, user_id: int) -> JSON:
        return {
            "id": str(user_id),
            "username": f"user{user_id % 10000}",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": False,
        }

    def _member(self, user: JSON, *, roles: list[str]) -> JSON:
        return {
            "user": user,
            "roles": roles,
            "joined_at": _now_iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
        }

    def _channel_json(self, guild_id: int, channel_id: int) -> JSON:
        for channel in self.guilds.get(guild_id, {}).get("channels", []):
            if int(channel["id"]) == channel_id:
                return dict(channel)
        return {"id": str(channel_id), "type": 0, "guild_id": str(guild_id), "name": "unknown"}

    def _guild_of(self, channel_id: int) -> int | None:
        thread = self.threads.get(channel_id)
        if thread is not None:
            return int(thread["guild_id"])
        for guild_id, guild in self.guilds.items():
            if any(int(c["id"]) == channel_id for c in guild["channels"]):
                return guild_id
        return None

    def _author_of(self, channel_id: int, message_id: int) -> str | None:
        for message in self.messages.get(channel_id, []):
            if int(message["id"]) == message_id:
                return str(message["author"]["id"])
        return None

    def _commands_for(self, guild_id: int | None) -> list[JSON]:
        guild = self.guild_commands.get(guild_id, []) if guild_id is not None else []
        return [*guild, *self.global_commands]

    # --- internals: middleware, limits, errors -------------------------------------------------

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            result: web.StreamResponse = await handler(request)
            return result
        resource = request.match_info.route.resource
        canonical = resource.canonical if resource is not None else request.path
        route = f"{request.method} {canonical.removeprefix(API_PREFIX)}"
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        recorded = Recorded(
            request.method,
            route,
            request.path,
            dict(request.query),
            body,
            at=self.clock(),
            authorized=request.headers.get("Authorization") == f"Bot {self.token}",
        )
        self.requests.append(recorded)
        wait = self._global_take() if recorded.authorized else 0.0
        if wait > 0:
            response: web.StreamResponse = self._too_many(wait, route, is_global=True)
            self.global_limited.append(recorded)
        else:
            response = await self._respond(request, route, body)
        recorded.status = response.status
        if response.status == 429:
            self.rate_limited.append(recorded)
        await self._notify()
        return response

    async def _respond(self, request: web.Request, route: str, body: Any) -> web.StreamResponse:
        needs_auth = not (route.startswith("POST /interactions") or "/webhooks/" in route)
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return _error(401, 0, "401: Unauthorized")
        for forced in self._forced:
            if forced.route == route and forced.count > 0:
                forced.count -= 1
                if forced.status == 429:
                    return self._too_many(forced.retry_after, route)
                return _error(forced.status, 0, f"{forced.status}: forced by the test")
        channel_id = _int_or_none(request.match_info.get("channel_id"))
        if channel_id is not None:
            if channel_id in self.unknown:
                return _error(404, 10003, "Unknown Channel")
            if channel_id in self.denied:
                return _error(403, 50001, "Missing Access")
        limit_headers: dict[str, str] = {}
        if channel_id is not None:
            allowed, limit_headers = self._take(route, channel_id)
            if not allowed:
                return self._too_many(float(limit_headers["X-RateLimit-Reset-After"]), route)
        request[_BODY] = body
        handler = request.match_info.handler
        response: web.StreamResponse = await handler(request)
        response.headers.update(limit_headers)
        return response

    def _take(self, route: str, channel_id: int) -> tuple[bool, dict[str, str]]:
        now = self.clock()
        bucket = self._buckets.get((route, channel_id))
        if bucket is None or now >= bucket.reset_at:
            bucket = _Bucket(self.bucket_limit, now + self.bucket_window)
            self._buckets[(route, channel_id)] = bucket
        reset_after = max(bucket.reset_at - now, 0.0)
        allowed = bucket.remaining > 0
        if allowed:
            bucket.remaining -= 1
        headers = {
            "X-RateLimit-Limit": str(self.bucket_limit),
            "X-RateLimit-Remaining": str(bucket.remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": _bucket_hash(route),
        }
        return allowed, headers

    def _global_take(self) -> float:
        """Count one bot-token request against `global_per_second` (requests in any second,
        across every client using the token); the seconds to wait when it is over, else 0."""
        if self.global_per_second is None:
            return 0.0
        now = self.clock()
        times = self._global_times
        while times and times[0] <= now - 1.0:
            times.popleft()
        if len(times) >= self.global_per_second:
            return max(times[0] + 1.0 - now, 0.001)
        times.append(now)
        return 0.0

    def _too_many(self, retry_after: float, route: str, *, is_global: bool = False) -> web.Response:
        headers = {
            "Retry-After": str(max(1, math.ceil(retry_after))),
            "Via": "1.1 google",
            "X-RateLimit-Scope": "global" if is_global else "user",
            "X-RateLimit-Limit": str(self.bucket_limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": _bucket_hash(route),
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        payload = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
            "code": 0,
        }
        return _json(payload, status=429, headers=headers)

    # --- internals: REST routes -----------------------------------------------------------------

    def _add_routes(self) -> None:
        r = self.app.router
        p = API_PREFIX
        r.add_get("/gateway", self._gateway)
        r.add_get(p + "/gateway", self._get_gateway)
        r.add_get(p + "/gateway/bot", self._get_gateway_bot)
        r.add_get(p + "/users/@me", self._get_me)
        r.add_get(p + "/oauth2/applications/@me", self._get_application)
        r.add_put(p + "/applications/{application_id}/commands", self._put_commands)
        r.add_get(p + "/applications/{application_id}/commands", self._get_commands)
        r.add_put(
            p + "/applications/{application_id}/guilds/{guild_id}/commands", self._put_commands
        )
        r.add_get(
            p + "/applications/{application_id}/guilds/{guild_id}/commands", self._get_commands
        )
        r.add_post(p + "/channels/{channel_id}/messages", self._create_message)
        r.add_get(p + "/channels/{channel_id}", self._get_channel)
        r.add_post(p + "/channels/{channel_id}/threads", self._forum_thread)
        r.add_post(p + "/channels/{channel_id}/messages/{message_id}/threads", self._message_thread)
        r.add_get(p + "/guilds/{guild_id}/threads/active", self._active_threads)
        r.add_post(p + "/users/@me/channels", self._open_dm)
        r.add_get(p + "/channels/{channel_id}/messages", self._history)
        r.add_get(p + "/channels/{channel_id}/messages/{message_id}", self._get_message)
        r.add_patch(p + "/channels/{channel_id}/messages/{message_id}", self._edit_message)
        r.add_post(p + "/interactions/{interaction_id}/{token}/callback", self._callback)
        r.add_post(p + "/channels/{channel_id}/webhooks", self._create_webhook)
        r.add_post(p + "/webhooks/{webhook_id}/{token}", self._execute_webhook)
        r.add_delete(p + "/webhooks/{webhook_id}/{token}", self._delete_webhook)
        r.add_patch(p + "/webhooks/{webhook_id}/{token}/messages/{message_id}", self._edit_webhook)
        r.add_get(p + "/webhooks/{webhook_id}/{token}/messages/{message_id}", self._get_webhook_msg)

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": self.shards, "session_start_limit": limit})

    async def _get_me(self, request: web.Request) -> web.Response:
        return _json(self.bot_user)

    async def _get_application(self, request: web.Request) -> web.Response:
        owner = self._user(self.owner_id)
        return _json(
            {
                "id": str(self.application_id),
                "name": "newsbot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": owner,
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "interactions_endpoint_url": None,
            }
        )

    async def _put_commands(self, request: web.Request) -> web.Response:
        if request.match_info["application_id"] != str(self.application_id):
            return _error(403, 50001, "Missing Access")
        commands: list[JSON] = []
        for command in request[_BODY] or []:
            stored = {
                **command,
                "id": str(snowflake()),
                "application_id": str(self.application_id),
                "version": str(snowflake()),
            }
            commands.append(stored)
        guild_id = _int_or_none(request.match_info.get("guild_id"))
        if guild_id is None:
            self.global_commands = commands
        else:
            self.guild_commands[guild_id] = commands
        return _json(commands)

    async def _get_commands(self, request: web.Request) -> web.Response:
        guild_id = _int_or_none(request.match_info.get("guild_id"))
        if guild_id is None:
            return _json(self.global_commands)
        return _json(self.guild_commands.get(guild_id, []))

    # --- threads, forums, direct messages ---------------------------------------------------

    def _known_channel(self, channel_id: int) -> JSON | None:
        if channel_id in self.threads:
            return self.threads[channel_id]
        guild_id = self._guild_of(channel_id)
        if guild_id is None:
            return None
        return self._channel_json(guild_id, channel_id)

    def _is_message_id(self, channel_id: int) -> bool:
        return channel_id in self._created_at and channel_id not in self.threads

    def _new_thread(self, thread_id: int, parent_id: int, name: str, tags: list[str]) -> JSON:
        guild_id = self._guild_of(parent_id)
        thread: JSON = {
            "id": str(thread_id),
            "type": 11,
            "guild_id": str(guild_id),
            "parent_id": str(parent_id),
            "owner_id": self.bot_user["id"],
            "name": name,
            "applied_tags": tags,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "last_message_id": None,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": _now_iso(),
                "locked": False,
            },
        }
        self.threads[thread_id] = thread
        self.messages.setdefault(thread_id, [])
        return thread

    async def _get_channel(self, request: web.Request) -> web.Response:
        channel = self._known_channel(int(request.match_info["channel_id"]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        return _json(channel)

    async def _forum_thread(self, request: web.Request) -> web.Response:
        forum_id = int(request.match_info["channel_id"])
        channel = self._known_channel(forum_id) or {}
        if channel.get("type") != 15:
            return _error(400, 50024, "Cannot execute action on this channel type")
        body: JSON = request[_BODY] or {}
        name = str(body.get("name") or "")
        if not name or len(name) > 100:
            return _error(400, 50035, "Invalid Form Body: name must be 1-100 characters")
        tags = [str(t) for t in body.get("applied_tags") or []]
        known = {t["id"] for t in channel.get("available_tags") or []}
        if len(tags) > 5 or not set(tags) <= known:
            return _error(400, 50035, "Invalid Form Body: applied_tags")
        message_body: JSON = body.get("message") or {}
        problem = _invalid(message_body)
        if problem:
            return _error(400, 50035, f"Invalid Form Body: {problem}")
        thread_id = snowflake()
        thread = self._new_thread(thread_id, forum_id, name, tags)
        starter = self._store(thread_id, message_body, author=self.bot_user, message_id=thread_id)
        return _json({**thread, "message": self._as_read(starter, with_nonce=False)}, status=201)

    async def _message_thread(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        message_id = int(request.match_info["message_id"])
        if self._find(channel_id, message_id) is None:
            return _error(404, 10008, "Unknown Message")
        if message_id in self.threads:
            return _error(400, 160004, "A thread has already been created for this message")
        body: JSON = request[_BODY] or {}
        name = str(body.get("name") or "")
        if not name or len(name) > 100:
            return _error(400, 50035, "Invalid Form Body: name must be 1-100 characters")
        return _json(self._new_thread(message_id, channel_id, name, []), status=201)

    async def _active_threads(self, request: web.Request) -> web.Response:
        guild_id = request.match_info["guild_id"]
        threads = [
            t
            for t in self.threads.values()
            if t["guild_id"] == guild_id and not t["thread_metadata"]["archived"]
        ]
        return _json({"threads": threads, "members": []})

    async def _open_dm(self, request: web.Request) -> web.Response:
        body: JSON = request[_BODY] or {}
        user_id = int(body.get("recipient_id") or 0)
        channel_id = self.dm_channels.get(user_id)
        if channel_id is None:
            channel_id = self.dm_channels[user_id] = snowflake()
            self.messages.setdefault(channel_id, [])
        return _json(
            {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "recipients": [self._user(user_id)],
            }
        )

    async def _create_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        body: JSON = request[_BODY] or {}
        problem = _invalid(body)
        if problem:
            return _error(400, 50035, f"Invalid Form Body: {problem}")
        if (self._known_channel(channel_id) or {}).get("type") == 15:
            return _error(400, 50008, "Cannot send messages in a non-text channel")
        if self._is_message_id(channel_id):
            return _error(404, 10003, "Unknown Channel")
        nonce = body.get("nonce")
        author_id = int(self.bot_user["id"])
        if nonce is not None and body.get("enforce_nonce"):
            seen = self._nonces.get((channel_id, author_id, str(nonce)))
            if seen is not None and self.clock() - seen[1] < self.nonce_window:
                return _json(self._as_read(seen[0], with_nonce=True))
        message = self._store(channel_id, body, author=self.bot_user)
        if nonce is not None:
            self._nonces[(channel_id, author_id, str(nonce))] = (message, self.clock())
        return _json(self._as_read(message, with_nonce=True))

    def _store(
        self,
        channel_id: int,
        body: JSON,
        *,
        author: JSON,
        extra: JSON | None = None,
        message_id: int | None = None,
    ) -> JSON:
        message_id = message_id or snowflake()
        guild_id = self._guild_of(channel_id)
        content = body.get("content") or ""
        message: JSON = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": author,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "embeds": list(body.get("embeds") or []),
            "attachments": [],
            "components": list(body.get("components") or []),
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
            "allowed_mentions": body.get("allowed_mentions"),
            **_resolve_mentions(content, body.get("allowed_mentions")),
            **(extra or {}),
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        if body.get("nonce") is not None:
            message["nonce"] = str(body["nonce"])
        self.messages.setdefault(channel_id, []).append(message)
        self._created_at[message_id] = self.clock()
        return message

    def _as_read(self, message: JSON, *, with_nonce: bool) -> JSON:
        """A message as the API returns it: the nonce only while it is fresh."""
        out = {k: v for k, v in message.items() if k != "allowed_mentions"}
        fresh = self.clock() - self._created_at.get(int(message["id"]), 0.0) < self.nonce_window
        if not (with_nonce and fresh):
            out.pop("nonce", None)
        return out

    def _find(self, channel_id: int, message_id: int) -> JSON | None:
        for message in self.messages.get(channel_id, []):
            if int(message["id"]) == message_id:
                return message
        return None

    async def _history(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        limit = min(max(int(request.query.get("limit", "50")), 1), 100)
        before = _int_or_none(request.query.get("before"))
        messages = [
            m
            for m in reversed(self.messages.get(channel_id, []))
            if before is None or int(m["id"]) < before
        ]
        return _json([self._as_read(m, with_nonce=True) for m in messages[:limit]])

    async def _get_message(self, request: web.Request) -> web.Response:
        message = self._find(
            int(request.match_info["channel_id"]), int(request.match_info["message_id"])
        )
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return _json(self._as_read(message, with_nonce=True))

    async def _edit_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        message = self._find(channel_id, int(request.match_info["message_id"]))
        if message is None:
            return _error(404, 10008, "Unknown Message")
        body: JSON = request[_BODY] or {}
        if message["author"]["id"] != self.bot_user["id"]:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        problem = _invalid(body)
        if problem:
            return _error(400, 50035, f"Invalid Form Body: {problem}")
        _apply_edit(message, body)
        return _json(self._as_read(message, with_nonce=True))

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self.interactions.get(request.match_info["token"])
        if interaction is None or str(interaction.id) != request.match_info["interaction_id"]:
            return _error(404, 10062, "Unknown interaction")
        body: JSON = request[_BODY] or {}
        if interaction.callbacks:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        interaction.callbacks.append(body)
        kind = int(body.get("type", 0))
        data: JSON = body.get("data") or {}
        message: JSON | None = None
        if kind in (4, 5):  # message now, or "thinking…" to be edited later
            flags = int(data.get("flags") or 0)
            message = self._store(
                interaction.channel_id,
                {**data, "content": data.get("content") or ""} if kind == 4 else {"flags": flags},
                author=self.bot_user,
                extra={"interaction_id": str(interaction.id), "type": 20},
            )
            interaction.original = message
        if "with_response" not in request.query:
            return web.Response(status=204)
        payload: JSON = {
            "interaction": {
                "id": str(interaction.id),
                "type": 2,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": {"type": kind, "message": message} if message else {"type": kind},
        }
        return _json(payload)

    async def _create_webhook(self, request: web.Request) -> web.Response:
        """Create Webhook: refused (403 / 50013) in a channel listed in `no_manage_webhooks`;
        a name with "discord" or "clyde" is a 400, as on Discord."""
        channel_id = int(request.match_info["channel_id"])
        if channel_id in self.no_manage_webhooks:
            return _error(403, 50013, "Missing Permissions")
        body: JSON = request[_BODY] or {}
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 80 or re.search("discord|clyde", name, re.IGNORECASE):
            return _error(400, 50035, "Invalid Form Body: name")
        webhook_id, token = self.add_webhook(channel_id)
        self.webhook_names[webhook_id] = name
        guild_id = self._guild_of(channel_id)
        return _json(
            {
                "id": str(webhook_id),
                "type": 1,
                "guild_id": str(guild_id) if guild_id else None,
                "channel_id": str(channel_id),
                "name": name,
                "avatar": None,
                "token": token,
                "application_id": str(self.application_id),
                "user": self.bot_user,
            }
        )

    async def _delete_webhook(self, request: web.Request) -> web.Response:
        webhook_id = int(request.match_info["webhook_id"])
        hook = self.webhooks.get(webhook_id)
        if hook is None or hook[0] != request.match_info["token"]:
            return _error(404, 10015, "Unknown Webhook")
        del self.webhooks[webhook_id]
        return web.Response(status=204)

    async def _execute_webhook(self, request: web.Request) -> web.StreamResponse:
        webhook_id = int(request.match_info["webhook_id"])
        token = request.match_info["token"]
        body: JSON = request[_BODY] or {}
        problem = _invalid(body)
        if problem:
            return _error(400, 50035, f"Invalid Form Body: {problem}")
        if webhook_id == self.application_id:  # an interaction followup
            interaction = self.interactions.get(token)
            if interaction is None:
                return _error(404, 10015, "Unknown Webhook")
            message = self._store(
                interaction.channel_id,
                body,
                author=self.bot_user,
                extra={"interaction_id": str(interaction.id)},
            )
            interaction.followups.append(message)
            return _json(self._as_read(message, with_nonce=False))
        hook = self.webhooks.get(webhook_id)
        if hook is None or hook[0] != token:
            return _error(404, 10015, "Unknown Webhook")
        channel_id = hook[1]
        if channel_id in self.unknown:
            return _error(404, 10003, "Unknown Channel")
        author = {
            "id": str(webhook_id),
            "username": body.get("username") or "Webhook",
            "avatar": None,
            "discriminator": "0000",
            "bot": True,
        }
        extra = {"webhook_id": str(webhook_id), "avatar_url": body.get("avatar_url")}
        body = {k: v for k, v in body.items() if k not in ("nonce", "enforce_nonce")}
        message = self._store(channel_id, body, author=author, extra=extra)
        if request.query.get("wait", "false").lower() not in ("true", "1"):
            return web.Response(status=204)
        return _json(self._as_read(message, with_nonce=False))

    def _webhook_message(self, request: web.Request) -> JSON | None:
        token = request.match_info["token"]
        target = request.match_info["message_id"]
        interaction = self.interactions.get(token)
        if interaction is not None:
            if target == "@original":
                return interaction.original
            return next((m for m in interaction.followups if m["id"] == target), None)
        hook = self.webhooks.get(int(request.match_info["webhook_id"]))
        if hook is None or hook[0] != token or target == "@original":
            return None
        return self._find(hook[1], int(target))

    async def _edit_webhook(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request)
        if message is None:
            return _error(404, 10008, "Unknown Message")
        body: JSON = request[_BODY] or {}
        problem = _invalid(body)
        if problem:
            return _error(400, 50035, f"Invalid Form Body: {problem}")
        _apply_edit(message, body)
        return _json(self._as_read(message, with_nonce=False))

    async def _get_webhook_msg(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request)
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return _json(self._as_read(message, with_nonce=False))

    # --- internals: gateway ----------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.gateway_queries.append(dict(request.query))
        session: _Session | None = None
        await ws.send_str(
            json.dumps(
                {
                    "op": 10,
                    "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                    "s": None,
                    "t": None,
                }
            )
        )
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload: JSON = json.loads(msg.data)
                op = payload.get("op")
                d = payload.get("d")
                self.gateway_received.append(_redacted(payload))
                if op == 1:
                    await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
                elif op == 2:
                    if not isinstance(d, dict) or d.get("token") != self.token:
                        await ws.close(code=4004, message=b"Authentication failed.")
                        break
                    self.identify_payloads.append(_redacted(payload)["d"])
                    shard = d.get("shard") or [0, 1]
                    session = _Session(ws, f"session{snowflake()}", (int(shard[0]), int(shard[1])))
                    self._session_shards[session.session_id] = session.shard
                    self._sessions.append(session)
                    await self._send_ready(session)
                elif op == 6 and isinstance(d, dict):
                    session_id = str(d.get("session_id"))
                    shard_of = self._session_shards.get(session_id, (0, 1))
                    resumed = _Session(ws, session_id, shard_of, int(d.get("seq") or 0))
                    session = resumed
                    self._sessions.append(resumed)
                    await resumed.send(0, {}, "RESUMED")
                await self._notify()
        finally:
            if session is not None and session in self._sessions:
                self._sessions.remove(session)
        return ws

    async def _send_ready(self, session: _Session) -> None:
        shard_id, count = session.shard
        mine = [g for g in self.guilds if (g >> 22) % count == shard_id]
        await session.send(
            0,
            {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": str(g), "unavailable": True} for g in mine],
                "session_id": session.session_id,
                "resume_gateway_url": self.gateway_url,
                "shard": [shard_id, count],
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "user_settings": {},
                "presences": [],
            },
            "READY",
        )
        for guild_id in mine:
            await session.send(0, self.guilds[guild_id], "GUILD_CREATE")
        self._ready.set()


# --- module helpers ----------------------------------------------------------------------------


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with Discord's exact content type: discord.py parses a body only when the header is
    "application/json" with no charset parameter."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def _error(status: int, code: int, message: str) -> web.Response:
    return _json({"message": message, "code": code}, status=status)


def _int_or_none(value: str | None) -> int | None:
    if value is None or not value.isdigit():
        return None
    return int(value)


def _on_shard(guild_id: int, shard_id: int, count: int) -> int:
    """`guild_id` with its timestamp moved back by less than `count` ms so that
    (id >> 22) % count == shard_id (an id a moment older is still a valid snowflake)."""
    ms = guild_id >> 22
    ms -= (ms - shard_id) % count
    return (ms << 22) | (guild_id & 0x3FFFFF)


def _bucket_hash(route: str) -> str:
    return "fake-" + re.sub(r"[^a-z0-9]+", "-", route.lower()).strip("-")


def _redacted(payload: JSON) -> JSON:
    d = payload.get("d")
    if isinstance(d, dict) and "token" in d:
        return {**payload, "d": {**d, "token": "<redacted>"}}
    return payload


def _apply_edit(message: JSON, body: JSON) -> None:
    for key in ("content", "embeds", "components", "flags"):
        if key in body:
            message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
    if "allowed_mentions" in body:
        message["allowed_mentions"] = body["allowed_mentions"]
    message.update(_resolve_mentions(message.get("content") or "", message.get("allowed_mentions")))
    message["edited_timestamp"] = _now_iso()


_EVERYONE = re.compile(r"@(everyone|here)")
_ROLE = re.compile(r"<@&([0-9]+)>")
_USER = re.compile(r"<@!?([0-9]+)>")


def _resolve_mentions(content: str, allowed: JSON | None) -> JSON:
    """Who Discord would ping. Only `content` is parsed (embeds never ping); without
    `allowed_mentions` everything parses; with it, only what it names."""
    if allowed is None:
        parse = {"everyone", "users", "roles"}
        roles: set[str] = set()
        users: set[str] = set()
    else:
        parse = set(allowed.get("parse") or [])
        roles = {str(r) for r in allowed.get("roles") or []}
        users = {str(u) for u in allowed.get("users") or []}
    return {
        "mention_everyone": "everyone" in parse and bool(_EVERYONE.search(content)),
        "mention_roles": [r for r in _ROLE.findall(content) if "roles" in parse or r in roles],
        "mentions": [{"id": u} for u in _USER.findall(content) if "users" in parse or u in users],
    }


def _invalid(body: JSON) -> str | None:
    """Discord's limits on a message body, as a short reason, or None."""
    content = body.get("content")
    if content is not None and len(str(content)) > 2000:
        return "content longer than 2000"
    nonce = body.get("nonce")
    if nonce is not None and len(str(nonce)) > 25:
        return "nonce longer than 25"
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        return "more than 10 embeds"
    for embed in embeds:
        problem = _invalid_embed(embed)
        if problem:
            return problem
    return None


def _invalid_embed(embed: JSON) -> str | None:
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    fields = embed.get("fields") or []
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    checks = [
        (len(title) > 256, "embed title longer than 256"),
        (len(description) > 4096, "embed description longer than 4096"),
        (len(fields) > 25, "more than 25 embed fields"),
        (len(footer) > 2048, "embed footer longer than 2048"),
        (len(author) > 256, "embed author name longer than 256"),
    ]
    for field_ in fields:
        name, value = str(field_.get("name") or ""), str(field_.get("value") or "")
        checks.append((not name or len(name) > 256, "embed field name empty or longer than 256"))
        checks.append((not value or len(value) > 1024, "embed field value empty or over 1024"))
    total = len(title) + len(description) + len(footer) + len(author)
    total += sum(len(str(f.get("name") or "")) + len(str(f.get("value") or "")) for f in fields)
    checks.append((total > 6000, "embed longer than 6000 in all"))
    return next((reason for failed, reason in checks if failed), None)
