"""A tiny HTTP/1.1 client adapter for the fake chat, on asyncio streams alone.

The crash test restarts the bot process 50 times; importing aiohttp's client costs about half a
second each time, so the killed process talks to the fake through this instead. One connection
per request (`Connection: close`), which is cheap on loopback.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote, urlsplit

from bot.delivery.ports import (
    ChannelRef,
    PermanentError,
    Post,
    RateLimited,
    RateLimits,
    TransientError,
)

__all__ = ["RawHttpChatAdapter"]


def render(post: Post) -> str:
    lines = [post.title]
    if post.url:
        lines.append(post.url)
    return "\n".join(lines)


class RawHttpChatAdapter:
    platform = "fake"

    def __init__(self, base_url: str, limits: RateLimits) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.limits = limits

    async def _call(
        self, method: str, channel: ChannelRef, path: str, body: object = None
    ) -> object:
        payload = b"" if body is None else json.dumps(body).encode()
        try:
            async with asyncio.timeout(10):
                reader, writer = await asyncio.open_connection(self.host, self.port)
                try:
                    writer.write(
                        f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
                        "Connection: close\r\n\r\n".encode()
                        + payload
                    )
                    await writer.drain()
                    raw = await reader.read()
                finally:
                    writer.close()
        except (OSError, TimeoutError) as e:
            raise TransientError(channel, f"network: {e!r}") from e
        head, _, content = raw.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        data = json.loads(content or b"null")
        if status == 429:
            raise RateLimited(channel, float(data["retry_after"]), is_global=bool(data["global"]))
        if status in (403, 404):
            raise PermanentError(channel, str(data.get("message", status)))
        if status >= 400:
            raise TransientError(channel, f"HTTP {status}")
        return data

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        data = await self._call(
            "POST",
            channel,
            f"/channels/{channel.channel}/messages",
            {"content": render(post), "nonce": key, "enforce_nonce": True},
        )
        assert isinstance(data, dict)
        return str(data["id"])

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        await self._call(
            "PATCH",
            channel,
            f"/channels/{channel.channel}/messages/{message_id}",
            {"content": render(post)},
        )

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        data = await self._call(
            "GET", channel, f"/channels/{channel.channel}/messages?nonce={quote(key)}"
        )
        assert isinstance(data, list)
        return str(data[0]["id"]) if data else None
