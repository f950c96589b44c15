"""A local fake of the Slack Web API and of Socket Mode, for the real slack_sdk / slack_bolt.

Start it, then point an `AsyncWebClient` at `fake.base_url` (``http://127.0.0.1:PORT/api/``).
It binds 127.0.0.1 on port 0, checks the bearer token of every call, records every call it
receives (`calls`) and every message it holds (`messages`), so tests assert what reached Slack::

    async with FakeSlack() as fake:
        client = AsyncWebClient(token=fake.bot_token, base_url=fake.base_url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert fake.messages["C1"][0]["text"] == "hi"

Behaviour a test can arrange:

- `channel_errors[channel] = "not_in_channel"` (or `channel_not_found`, `is_archived`): every
  channel-scoped method answers that error for the channel.
- `users[user_id] = {"is_admin": True}`: what users.info reports.
- `conversations[channel] = {"is_member": False}` (or `"is_private": True`, `"is_archived"`):
  what conversations.info reports; by default the bot is a member of every public channel. A
  private channel the bot is not in answers `channel_not_found`, as Slack does.
- `rate_limit(method, calls, per_seconds)`: beyond `calls` in a window the method answers 429
  with Retry-After (the window uses `clock`, injectable).
- `force_429(method, n, retry_after)`, `force_status(method, n, status)`: the next `n` calls
  fail that way whatever else is arranged.
- Socket Mode: apps.connections.open (app token) returns a ws:// URL on this server; the
  WebSocket says `hello`; `push_envelope()` sends an envelope and `wait_ack()` returns the ack.
- `response_url()` gives a URL whose POSTs (slash command `respond`) land in `responses`,
  checked against the same limits as a post (a refused one lands in `rejected_responses`).

Threads, DMs, App Home: chat.postMessage with ``thread_ts`` files the message as a reply of
that message (`replies(channel, ts)`; an unknown parent is ``thread_not_found``), not in the
channel's history, and raises the parent's ``reply_count``; conversations.replies reads a
thread (parent first). conversations.open (``users``) returns one ``D…`` channel per user
(`dm(user)` reads it). views.publish keeps the last view per user (`views`), checked against
the Home tab's 100 blocks. `app_home_opened`, `block_action` and `message_shortcut` build the
event and interactive payloads Slack sends.

The fake also enforces the Block Kit limits the real API enforces (50 blocks, 3,000 characters
of section text, 150 of header text, 10 context elements of 2,000, 40,000 of message text), so
an adapter that crosses one sees `invalid_blocks` / `msg_too_long` here as in production.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

__all__ = ["Call", "FakeSlack", "SocketAck"]

Json = dict[str, Any]

CHANNEL_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
        "conversations.history",
        "conversations.info",
        "conversations.replies",
    }
)
CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


@dataclass(slots=True)
class Call:
    """One Web API request as received: method, the arguments (query, form and JSON merged),
    the token it carried, and the HTTP status and body it was answered with."""

    method: str
    args: Json
    token: str | None
    status: int = 200
    response: Json = field(default_factory=dict)


@dataclass(slots=True)
class SocketAck:
    envelope_id: str
    payload: Json | None
    raw: Json


class FakeSlack:
    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        team_id: str = "T0TEST",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        app_id: str = "A0TEST",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.clock = clock

        self.calls: list[Call] = []
        self.messages: dict[str, list[Json]] = {}  # channel -> messages, oldest first
        self.edits: list[Json] = []
        self.ephemeral: list[Json] = []
        self.responses: list[Json] = []  # POSTs to response URLs
        self.rejected_responses: list[Json] = []  # response URL POSTs refused (Block Kit limits)
        self.users: dict[str, Json] = {}
        self.channel_errors: dict[str, str] = {}
        self.conversations: dict[str, Json] = {}
        self.threads: dict[tuple[str, str], list[Json]] = {}  # (channel, parent ts) -> replies
        self.views: dict[str, Json] = {}  # user -> last published Home view

        self._limits: dict[str, tuple[int, float, int]] = {}
        self._hits: dict[str, list[float]] = {}
        self._forced: dict[str, list[tuple[int, str | None]]] = {}
        self._ts = itertools.count(1)
        self._envelopes = itertools.count(1)

        self._ws: web.WebSocketResponse | None = None
        self._ws_connected = asyncio.Event()
        self._acks: dict[str, asyncio.Future[SocketAck]] = {}
        self.acks: list[SocketAck] = []
        self.socket_connections = 0

        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None)
        assert sockets
        self.port = int(sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, rid: str = "r1") -> str:
        return f"{self.url}/response/{rid}"

    # -- arranging ---------------------------------------------------------------------------

    def rate_limit(self, method: str, calls: int, per_seconds: float, retry_after: int = 1) -> None:
        self._limits[method] = (calls, per_seconds, retry_after)

    def force_429(self, method: str, n: int = 1, retry_after: float | str = 0) -> None:
        self._forced.setdefault(method, []).extend([(429, str(retry_after))] * n)

    def force_status(self, method: str, n: int = 1, status: int = 500) -> None:
        self._forced.setdefault(method, []).extend([(status, None)] * n)

    def add_message(self, channel: str, text: str = "someone else", user: str = "U1") -> str:
        """A message that arrived by other means (people talking), for history reads."""
        ts = self._next_ts()
        message: Json = {"type": "message", "user": user, "ts": ts, "text": text}
        self.messages.setdefault(channel, []).append(message)
        return ts

    # -- inspecting --------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posted(self, channel: str) -> list[Json]:
        return list(self.messages.get(channel, []))

    def replies(self, channel: str, ts: str) -> list[Json]:
        return list(self.threads.get((channel, ts), []))

    def dm(self, user: str) -> list[Json]:
        return self.posted(f"D{user}")

    # -- Web API -----------------------------------------------------------------------------

    async def _args(self, request: web.Request) -> Json:
        args: Json = dict(request.query)
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw or b"{}")
                if isinstance(body, dict):
                    args.update(body)
            elif raw:
                args.update(parse_qsl(raw.decode(), keep_blank_values=True))
        for key in ("blocks", "metadata", "attachments"):
            # form-encoded calls carry these as JSON strings
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    @staticmethod
    def _token(request: web.Request, args: Json) -> str | None:
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return auth[len("Bearer ") :]
        token = args.get("token")
        return token if isinstance(token, str) else None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        token = self._token(request, args)
        call = Call(method=method, args=args, token=token)
        self.calls.append(call)
        status, body, headers = self._dispatch(method, args, token)
        call.status = status
        call.response = body
        return web.json_response(body, status=status, headers=headers)

    def _dispatch(
        self, method: str, args: Json, token: str | None
    ) -> tuple[int, Json, dict[str, str]]:
        forced = self._forced.get(method)
        if forced:
            status, retry_after = forced.pop(0)
            if status == 429:
                return (
                    429,
                    {"ok": False, "error": "ratelimited"},
                    {"Retry-After": retry_after or "1"},
                )
            return status, {"ok": False, "error": "fatal_error"}, {}
        limited = self._rate_limited(method)
        if limited is not None:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limited)}

        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token is None:
            return 200, {"ok": False, "error": "not_authed"}, {}
        if token != expected:
            return 200, {"ok": False, "error": "invalid_auth"}, {}

        if method in CHANNEL_METHODS:
            channel = str(args.get("channel", ""))
            if not channel:
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            error = self.channel_errors.get(channel)
            if error is not None:
                return 200, {"ok": False, "error": error}, {}

        handler = self._handlers().get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return 200, handler(args), {}

    def _rate_limited(self, method: str) -> int | None:
        limit = self._limits.get(method)
        if limit is None:
            return None
        calls, per_seconds, retry_after = limit
        now = self.clock()
        hits = [t for t in self._hits.get(method, []) if now - t < per_seconds]
        if len(hits) >= calls:
            self._hits[method] = hits
            return retry_after
        hits.append(now)
        self._hits[method] = hits
        return None

    def _handlers(self) -> dict[str, Callable[[Json], Json]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "chat.postEphemeral": self._post_ephemeral,
            "conversations.history": self._history,
            "conversations.info": self._conversation_info,
            "conversations.replies": self._replies,
            "conversations.open": self._open,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "apps.connections.open": self._connections_open,
        }

    def _auth_test(self, args: Json) -> Json:
        return {
            "ok": True,
            "url": "https://fake.slack.invalid/",
            "team": "Fake Team",
            "user": "newsbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n}.{n:06d}"

    def _check_message(self, args: Json) -> str | None:
        text = args.get("text")
        blocks = args.get("blocks")
        if not text and not blocks:
            return "no_text"
        if isinstance(text, str) and len(text) > 40_000:
            return "msg_too_long"
        if blocks is not None:
            return _check_blocks(blocks)
        return None

    def _post_message(self, args: Json) -> Json:
        error = self._check_message(args)
        if error is not None:
            return {"ok": False, "error": error}
        channel = str(args["channel"])
        message: Json = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": self._next_ts(),
            "text": args.get("text", ""),
            "blocks": args.get("blocks", []),
            "unfurl_links": args.get("unfurl_links"),
            "unfurl_media": args.get("unfurl_media"),
        }
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        thread_ts = args.get("thread_ts")
        if thread_ts:
            parent = next((m for m in self.messages.get(channel, []) if m["ts"] == thread_ts), None)
            if parent is None:
                return {"ok": False, "error": "thread_not_found"}
            message["thread_ts"] = thread_ts
            parent["thread_ts"] = thread_ts
            parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
            self.threads.setdefault((channel, str(thread_ts)), []).append(message)
            return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}
        self.messages.setdefault(channel, []).append(message)
        shown = {k: v for k, v in message.items() if k not in ("unfurl_links", "unfurl_media")}
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": shown}

    def _update(self, args: Json) -> Json:
        error = self._check_message(args)
        if error is not None:
            return {"ok": False, "error": error}
        channel = str(args["channel"])
        for message in self.messages.get(channel, []):
            if message["ts"] == args.get("ts"):
                if "text" in args:
                    message["text"] = args["text"]
                if "blocks" in args:
                    message["blocks"] = args["blocks"]
                message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
                self.edits.append(dict(args))
                return {
                    "ok": True,
                    "channel": channel,
                    "ts": message["ts"],
                    "text": message["text"],
                }
        return {"ok": False, "error": "message_not_found"}

    def _post_ephemeral(self, args: Json) -> Json:
        error = self._check_message(args)
        if error is not None:
            return {"ok": False, "error": error}
        self.ephemeral.append(dict(args))
        return {"ok": True, "message_ts": self._next_ts()}

    def _history(self, args: Json) -> Json:
        channel = str(args["channel"])
        limit = min(int(args.get("limit", 100) or 100), 999)
        start = int(args.get("cursor") or 0)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        newest_first = list(reversed(self.messages.get(channel, [])))
        page = newest_first[start : start + limit]
        out = []
        for m in page:
            shown = {k: v for k, v in m.items() if k not in ("unfurl_links", "unfurl_media")}
            if not with_metadata:
                shown.pop("metadata", None)
            out.append(shown)
        more = start + limit < len(newest_first)
        return {
            "ok": True,
            "messages": out,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _replies(self, args: Json) -> Json:
        channel, ts = str(args["channel"]), str(args.get("ts", ""))
        parent = next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)
        if parent is None:
            return {"ok": False, "error": "thread_not_found"}
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        out = []
        for m in [parent, *self.threads.get((channel, ts), [])]:
            shown = {k: v for k, v in m.items() if k not in ("unfurl_links", "unfurl_media")}
            if not with_metadata:
                shown.pop("metadata", None)
            out.append(shown)
        return {"ok": True, "messages": out, "has_more": False}

    def _open(self, args: Json) -> Json:
        users = str(args.get("users", ""))
        if not users or "," in users:
            return {"ok": False, "error": "not_enough_users" if not users else "invalid_users"}
        channel = f"D{users}"
        self.messages.setdefault(channel, [])
        return {"ok": True, "channel": {"id": channel, "is_im": True, "user": users}}

    def _views_publish(self, args: Json) -> Json:
        view = args.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        user = str(args.get("user_id", ""))
        if not user or not isinstance(view, dict) or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        blocks = view.get("blocks") or []
        if len(blocks) > 100 or _check_blocks(blocks, limit=100) is not None:
            return {"ok": False, "error": "invalid_blocks"}
        self.views[user] = view
        return {"ok": True, "view": {"id": f"V{user}", "type": "home", **view}}

    def _conversation_info(self, args: Json) -> Json:
        channel_id = str(args["channel"])
        channel: Json = {
            "id": channel_id,
            "name": channel_id.lower(),
            "is_channel": True,
            "is_private": False,
            "is_archived": False,
            "is_member": True,
        }
        channel.update(self.conversations.get(channel_id, {}))
        if channel["is_private"] and not channel["is_member"]:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": channel}

    def _users_info(self, args: Json) -> Json:
        user_id = str(args.get("user", ""))
        if user_id not in self.users:
            return {"ok": False, "error": "user_not_found"}
        user = {
            "id": user_id,
            "team_id": self.team_id,
            "name": user_id.lower(),
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_bot": False,
        }
        user.update(self.users[user_id])
        return {"ok": True, "user": user}

    def _connections_open(self, args: Json) -> Json:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    # -- response_url --------------------------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        error = self._check_message(body)
        if error is not None:
            # Slack answers a refused response_url message with a 400 and the error as text.
            self.rejected_responses.append({"rid": request.match_info["rid"], "error": error})
            return web.Response(status=400, text=error, content_type="text/plain")
        self.responses.append({"rid": request.match_info["rid"], **body})
        return web.Response(text="ok", content_type="text/plain")

    # -- Socket Mode ---------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self.socket_connections += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake", "approximate_connection_time": 18060},
                "connection_info": {"app_id": self.app_id},
            }
        )
        self._ws_connected.set()
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            envelope_id = data.get("envelope_id")
            if not isinstance(envelope_id, str):
                continue
            ack = SocketAck(envelope_id=envelope_id, payload=data.get("payload"), raw=data)
            self.acks.append(ack)
            waiter = self._acks.get(envelope_id)
            if waiter is not None and not waiter.done():
                waiter.set_result(ack)
        if self._ws is ws:
            self._ws = None
            self._ws_connected.clear()
        return ws

    async def wait_connected(self) -> None:
        """Wait for a Socket Mode client (wrap in `asyncio.timeout` in tests)."""
        await self._ws_connected.wait()

    async def push_envelope(
        self, kind: str, payload: Json, *, accepts_response_payload: bool = False
    ) -> str:
        """Send an envelope (`slash_commands`, `events_api`, `interactive`) down the socket."""
        if self._ws is None:
            raise RuntimeError("no Socket Mode connection")
        envelope_id = f"env-{next(self._envelopes)}"
        self._acks[envelope_id] = asyncio.get_running_loop().create_future()
        await self._ws.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    async def wait_ack(self, envelope_id: str) -> SocketAck:
        """The client's ack for `envelope_id` (wrap in `asyncio.timeout` in tests)."""
        return await asyncio.shield(self._acks[envelope_id])

    # -- payload builders ----------------------------------------------------------------------

    def slash_command(
        self, command: str, text: str, *, user_id: str = "U1", channel_id: str = "C1"
    ) -> dict[str, str]:
        """A slash command payload as Slack sends it (form fields in HTTP mode)."""
        return {
            "token": "legacy-verification-unused",
            "team_id": self.team_id,
            "team_domain": "fake",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": self.app_id,
            "is_enterprise_install": "false",
            "response_url": self.response_url(f"{command.strip('/')}-{user_id}"),
            "trigger_id": "1.2.3",
        }

    def app_home_opened(self, user_id: str) -> Json:
        """The Events API body when `user_id` opens the app's Home tab."""
        return {
            "token": "legacy-verification-unused",
            "team_id": self.team_id,
            "api_app_id": self.app_id,
            "type": "event_callback",
            "event_id": f"Ev{next(self._envelopes):06d}",
            "event_time": 1_700_000_000,
            "authorizations": [
                {"team_id": self.team_id, "user_id": self.bot_user_id, "is_bot": True}
            ],
            "event": {
                "type": "app_home_opened",
                "user": user_id,
                "channel": f"D{user_id}",
                "tab": "home",
                "event_ts": "1700000100.000100",
            },
        }

    def block_action(self, user_id: str, action: Json, *, rid: str = "home") -> Json:
        """The interactive payload of a click on `action` (a button as published) in Home."""
        return {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "fake"},
            "user": {"id": user_id, "team_id": self.team_id, "name": user_id.lower()},
            "api_app_id": self.app_id,
            "token": "legacy-verification-unused",
            "trigger_id": "1.2.3",
            "view": {"id": f"V{user_id}", "type": "home", "team_id": self.team_id},
            "actions": [
                {
                    "type": "button",
                    "action_id": action["action_id"],
                    "block_id": "b1",
                    "text": action["text"],
                    "value": action.get("value", ""),
                    "action_ts": "1700000200.000200",
                }
            ],
        }

    def message_shortcut(
        self, user_id: str, channel: str, message: Json, *, callback_id: str
    ) -> Json:
        """The interactive payload of a message shortcut run on `message` in `channel`."""
        return {
            "type": "message_action",
            "callback_id": callback_id,
            "trigger_id": "1.2.3",
            "team": {"id": self.team_id, "domain": "fake"},
            "user": {"id": user_id, "team_id": self.team_id, "name": user_id.lower()},
            "channel": {"id": channel, "name": channel.lower()},
            "message_ts": message["ts"],
            "message": message,
            "response_url": self.response_url(f"shortcut-{user_id}"),
            "token": "legacy-verification-unused",
            "action_ts": "1700000300.000300",
        }

    def reaction_event(
        self,
        *,
        added: bool = True,
        user_id: str = "U1",
        channel: str = "C1",
        ts: str = "1700000001.000001",
        emoji: str = "thumbsup",
        item_user: str | None = None,
    ) -> Json:
        """An Events API `event_callback` body carrying reaction_added / reaction_removed."""
        return {
            "token": "legacy-verification-unused",
            "team_id": self.team_id,
            "api_app_id": self.app_id,
            "type": "event_callback",
            "event_id": f"Ev{next(self._envelopes):06d}",
            "event_time": 1_700_000_000,
            "authorizations": [
                {
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "event": {
                "type": "reaction_added" if added else "reaction_removed",
                "user": user_id,
                "reaction": emoji,
                "item_user": item_user if item_user is not None else self.bot_user_id,
                "item": {"type": "message", "channel": channel, "ts": ts},
                "event_ts": "1700000100.000100",
            },
        }


def _check_blocks(blocks: Any, *, limit: int = 50) -> str | None:
    if not isinstance(blocks, list) or len(blocks) > limit:
        return "invalid_blocks"
    for block in blocks:
        if not isinstance(block, dict):
            return "invalid_blocks"
        kind = block.get("type")
        if kind == "section":
            text = block.get("text", {}).get("text", "")
            if not text or len(text) > 3000:
                return "invalid_blocks"
        elif kind == "header":
            text = block.get("text", {})
            if text.get("type") != "plain_text" or len(text.get("text", "")) > 150:
                return "invalid_blocks"
        elif kind == "context":
            elements = block.get("elements", [])
            if not elements or len(elements) > 10:
                return "invalid_blocks"
            if any(len(e.get("text", "")) > 2000 for e in elements):
                return "invalid_blocks"
        elif kind not in ("divider", "image", "actions", "rich_text"):
            return "invalid_blocks"
        accessory = block.get("accessory")
        if accessory is not None and (
            accessory.get("type") != "button"
            or not 0 < len(accessory.get("text", {}).get("text", "")) <= 75
            or len(str(accessory.get("value", ""))) > 2000
            or len(str(accessory.get("action_id", ""))) > 255
        ):
            return "invalid_blocks"
    return None
