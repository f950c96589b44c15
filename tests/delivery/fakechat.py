"""A fake chat platform over real HTTP, and an adapter for it.

The server behaves like Discord's message endpoint where delivery cares: a create carrying a
`nonce` already seen in that channel returns the first message instead of posting again
(Discord's `enforce_nonce`), messages can be looked up by nonce (the crash-recovery `find`), and,
when limits are set, requests over them get a 429 with `retry_after`, counted. Used by the crash
test (`test_crash.py`, `crash_worker.py`) and `bench/fanout.py`; binds 127.0.0.1 port 0 only.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from bot.delivery.ports import (
    ChannelRef,
    PermanentError,
    Post,
    RateLimited,
    RateLimits,
    TransientError,
)

__all__ = ["FakeChat", "HttpChatAdapter", "Message", "render"]


@dataclass
class Message:
    id: str
    channel: str
    content: str
    nonce: str | None
    at: float
    edits: int = 0


@dataclass
class FakeChat:
    """Records messages; honours nonces; optionally enforces limits (sliding windows, like the
    platform's own accounting) and adds latency."""

    limits: RateLimits | None = None
    latency: float = 0.0
    gone: set[str] = field(default_factory=set)  # channels answering 403
    messages: list[Message] = field(default_factory=list)
    creates: int = 0
    requests: int = 0  # every request, answered or not
    rejected_429: int = 0
    _by_nonce: dict[tuple[str, str], Message] = field(default_factory=dict)
    _by_id: dict[str, Message] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(10**17))
    _chan_times: dict[str, deque[float]] = field(default_factory=dict)
    _global_times: deque[float] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    url: str = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/channels/{cid}/messages", self._create)
        app.router.add_patch("/channels/{cid}/messages/{mid}", self._edit)
        app.router.add_get("/channels/{cid}/messages", self._lookup)
        return app

    async def start(self) -> FakeChat:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        port = server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _over_limit(self, cid: str) -> tuple[float, bool] | None:
        if self.limits is None:
            return None
        now = asyncio.get_running_loop().time()
        lim = self.limits
        times = self._chan_times.setdefault(cid, deque())
        while times and times[0] <= now - lim.per_channel_seconds:
            times.popleft()
        g = self._global_times
        while g and g[0] <= now - 1.0:
            g.popleft()
        if len(g) >= lim.global_per_second:
            return (g[0] + 1.0 - now, True)
        if len(times) >= lim.per_channel:
            return (times[0] + lim.per_channel_seconds - now, False)
        times.append(now)
        g.append(now)
        return None

    async def _create(self, request: web.Request) -> web.Response:
        self.requests += 1
        cid = request.match_info["cid"]
        if self.latency:
            await asyncio.sleep(self.latency)
        if cid in self.gone:
            return web.json_response({"message": "Missing Access", "code": 50001}, status=403)
        over = self._over_limit(cid)
        if over is not None:
            self.rejected_429 += 1
            retry, is_global = over
            return web.json_response(
                {"retry_after": max(retry, 0.001), "global": is_global}, status=429
            )
        body = await request.json()
        nonce = body.get("nonce")
        if nonce is not None and (cid, nonce) in self._by_nonce:
            return web.json_response({"id": self._by_nonce[(cid, nonce)].id})
        self.creates += 1
        msg = Message(
            str(next(self._ids)), cid, body["content"], nonce, asyncio.get_running_loop().time()
        )
        self.messages.append(msg)
        self._by_id[msg.id] = msg
        if nonce is not None:
            self._by_nonce[(cid, nonce)] = msg
        return web.json_response({"id": msg.id})

    async def _edit(self, request: web.Request) -> web.Response:
        msg = self._by_id.get(request.match_info["mid"])
        if msg is None or msg.channel != request.match_info["cid"]:
            return web.json_response({"message": "Unknown Message"}, status=404)
        body = await request.json()
        msg.content = body["content"]
        msg.edits += 1
        return web.json_response({"id": msg.id})

    async def _lookup(self, request: web.Request) -> web.Response:
        self.requests += 1
        cid = request.match_info["cid"]
        msg = self._by_nonce.get((cid, request.query.get("nonce", "")))
        if msg is None:
            return web.json_response([])
        return web.json_response([{"id": msg.id}])


def render(post: Post) -> str:
    lines = [post.title]
    if post.url:
        lines.append(post.url)
    if post.also_covered_by:
        lines.append("Also covered by: " + ", ".join(f"{n} {u}" for n, u in post.also_covered_by))
    return "\n".join(lines)


class HttpChatAdapter:
    """An adapter speaking to `FakeChat`; maps HTTP outcomes to the delivery errors."""

    platform = "fake"

    def __init__(self, base_url: str, session: aiohttp.ClientSession, limits: RateLimits) -> None:
        self.base_url = base_url
        self.session = session
        self.limits = limits
        self.responses_429 = 0

    async def _call(self, method: str, channel: ChannelRef, path: str, **kwargs: object) -> object:
        try:
            async with self.session.request(
                method, self.base_url + path, timeout=aiohttp.ClientTimeout(total=10), **kwargs
            ) as resp:
                data = await resp.json()
                if resp.status == 429:
                    self.responses_429 += 1
                    raise RateLimited(
                        channel, float(data["retry_after"]), is_global=bool(data.get("global"))
                    )
                if resp.status >= 500:
                    raise TransientError(channel, f"HTTP {resp.status}")
                if resp.status in (403, 404):
                    raise PermanentError(channel, str(data.get("message", resp.status)))
                if resp.status >= 400:
                    raise TransientError(channel, f"HTTP {resp.status}")
                return data
        except (aiohttp.ClientError, TimeoutError) as e:
            raise TransientError(channel, f"network: {e!r}") from e

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        data = await self._call(
            "POST",
            channel,
            f"/channels/{channel.channel}/messages",
            json={"content": render(post), "nonce": key, "enforce_nonce": True},
        )
        assert isinstance(data, dict)
        return str(data["id"])

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        await self._call(
            "PATCH",
            channel,
            f"/channels/{channel.channel}/messages/{message_id}",
            json={"content": render(post)},
        )

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        data = await self._call(
            "GET", channel, f"/channels/{channel.channel}/messages", params={"nonce": key}
        )
        assert isinstance(data, list)
        return str(data[0]["id"]) if data else None
