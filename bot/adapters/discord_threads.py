"""Discord forum posts, discussion threads, thread replies and direct messages.

Kept apart from `bot.adapters.discord` (which mixes `ThreadsMixin` in) because each is a few raw
REST calls on discord.py's HTTP client rather than its cached models: a delivery worker that
logged in over REST only has no channel cache, and these calls work the same either way.

- A **forum channel** (type 15) gets one thread per post: ``POST /channels/{forum}/threads``
  with the thread's name (the headline, at most 100 characters), ``applied_tags`` (the post's
  topics that exist as forum tags, matched by name case-insensitively, at most 5) and the
  starter message (the same embed as any post). The thread's id is its starter message's id,
  and that is the post's message id: edits go to ``/channels/{thread}/messages/{thread}``.
- A **text channel set to threads** posts as usual (nonce and all), then starts a thread on
  the message (``POST /channels/{channel}/messages/{message}/threads``); "a thread exists
  already" (160004) after a retry is success.
- **Replies** in a post's thread are plain messages in the thread channel, with a nonce derived
  from their own key, so a resend is de-duplicated like any post and `find_reply` reads the
  thread's history for it.
- **Direct messages** go to the outbox channel ``@<user id>``: ``POST /users/@me/channels``
  opens (or returns) the DM channel, remembered per process, then the message is posted there
  with a nonce.

Idempotency of forum posts: Discord documents no ``nonce`` for a forum thread's starter
message, so it cannot de-duplicate a resend. Instead, when the outbox asks `find` about a
forum row (only after an attempt that may have reached Discord), the key is marked in doubt,
and the send that follows first looks for the bot's own active thread in that forum with the
same name whose starter message links the same URL, and returns it instead of creating another.
The window left open: if that thread was archived in between (Discord archives a quiet thread
after its auto-archive duration, an hour at the least), the active-threads list does not show
it and a second thread is created.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final

import discord
from discord.http import Route

from bot.adapters.discord_render import RenderedMessage, render_post, safe_url
from bot.delivery.ports import ChannelRef, Post

__all__ = ["FORUM", "ThreadsMixin", "applied_tags", "thread_name"]

FORUM: Final = 15
MEDIA: Final = 16
THREAD_NAME: Final = 100
MAX_TAGS: Final = 5
THREAD_EXISTS: Final = 160004
TAGS_TTL: Final = 300.0  # forum tags are read again after this many seconds


def thread_name(post: Post) -> str:
    """The headline as a thread name: one line, at most 100 characters. A thread name never
    pings anyone (Discord does not parse mentions in it), so no escaping is needed."""
    name = " ".join(post.title.split()) or "News"
    return name if len(name) <= THREAD_NAME else name[: THREAD_NAME - 1].rstrip() + "…"


def applied_tags(topics: tuple[str, ...], available: list[dict[str, Any]]) -> list[str]:
    """Ids of the forum tags named like the post's topics (case-insensitive), at most 5;
    moderated tags only a moderator may apply are left out."""
    by_name = {
        str(t.get("name", "")).casefold(): str(t["id"]) for t in available if not t.get("moderated")
    }
    out: list[str] = []
    for topic in topics:
        tag = by_name.get(topic.casefold())
        if tag is not None and tag not in out:
            out.append(tag)
    return out[:MAX_TAGS]


class ThreadsMixin:
    """Needs `self.bot` (a logged-in discord.py client) and `nonce_for`-style keys."""

    bot: discord.Client
    _nonce: Callable[[str], str]

    def _threads_init(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._channels: dict[str, tuple[dict[str, Any], float]] = {}
        self._dms: dict[str, str] = {}
        self._forum_doubt: set[str] = set()
        self._threads_clock = clock

    # -- what a channel is -----------------------------------------------------------------

    async def _channel_json(self, channel_id: str) -> dict[str, Any]:
        cached = self._channels.get(channel_id)
        fresh = cached is not None and self._threads_clock() - cached[1] < TAGS_TTL
        if cached is not None and (fresh or cached[0].get("type") not in (FORUM, MEDIA)):
            return cached[0]  # a channel's type never changes; only a forum's tags are re-read
        data = await self.bot.http.request(
            Route("GET", "/channels/{channel_id}", channel_id=channel_id)
        )
        self._channels[channel_id] = (data, self._threads_clock())
        return dict(data)

    async def _kind(self, channel_id: str) -> tuple[int, list[dict[str, Any]]]:
        """The channel's type and, for a forum, its tags: from the gateway's cache when the
        client has one (kept current by CHANNEL_UPDATE), else one REST read (kept 5 minutes)."""
        cached = self.bot.get_channel(int(channel_id)) if channel_id.isdigit() else None
        if isinstance(cached, discord.ForumChannel):
            tags = [
                {"id": t.id, "name": t.name, "moderated": t.moderated}
                for t in cached.available_tags
            ]
            return FORUM, tags
        kind = getattr(cached, "type", None)
        if isinstance(kind, discord.ChannelType):
            return int(kind.value), []
        data = await self._channel_json(channel_id)
        return int(data.get("type", 0)), list(data.get("available_tags") or [])

    async def _is_forum(self, channel: ChannelRef) -> bool:
        if channel.channel.startswith("@"):
            return False
        return (await self._kind(channel.channel))[0] in (FORUM, MEDIA)

    async def threaded(self, channel: ChannelRef) -> bool:
        return await self._is_forum(channel)

    # -- direct messages ---------------------------------------------------------------------

    async def _dm_channel(self, channel: ChannelRef) -> str:
        """The DM channel id for the outbox channel ``@<user id>``."""
        user_id = channel.channel.removeprefix("@")
        known = self._dms.get(user_id)
        if known is None:
            data = await self.bot.http.request(
                Route("POST", "/users/@me/channels"), json={"recipient_id": user_id}
            )
            known = self._dms[user_id] = str(data["id"])
        return known

    # -- forum posts ---------------------------------------------------------------------------

    async def _forum_post(self, channel: ChannelRef, post: Post, key: str) -> str:
        _, available = await self._kind(channel.channel)
        name = thread_name(post)
        if key in self._forum_doubt:
            found = await self._find_forum_post(channel, name, post.url)
            if found is not None:
                self._forum_doubt.discard(key)
                return found
        rendered = render_post(post)
        payload: dict[str, Any] = {
            "name": name,
            "message": _message_json(rendered),
        }
        tags = applied_tags(post.topics, available)
        if tags:
            payload["applied_tags"] = tags
        data = await self.bot.http.request(
            Route("POST", "/channels/{channel_id}/threads", channel_id=channel.channel),
            json=payload,
        )
        self._forum_doubt.discard(key)
        return str(data["id"])

    async def _find_forum_post(self, channel: ChannelRef, name: str, url: str | None) -> str | None:
        """The bot's active thread in the forum with this name whose starter links `url`."""
        if not channel.workspace.isdigit():
            return None
        data = await self.bot.http.request(
            Route("GET", "/guilds/{guild_id}/threads/active", guild_id=channel.workspace)
        )
        me = self.bot.user
        for thread in data.get("threads") or []:
            if str(thread.get("parent_id")) != channel.channel or thread.get("name") != name:
                continue
            if me is not None and str(thread.get("owner_id")) != str(me.id):
                continue
            starter = await self.bot.http.request(
                Route(
                    "GET",
                    "/channels/{channel_id}/messages/{message_id}",
                    channel_id=thread["id"],
                    message_id=thread["id"],
                )
            )
            embeds = starter.get("embeds") or [{}]
            # The embed holds the URL as `safe_url` made it (percent-encoded), not as the feed
            # wrote it: compare like with like.
            if (embeds[0].get("url") or None) == safe_url(url):
                return str(thread["id"])
        return None

    # -- discussion threads on text-channel posts -----------------------------------------------

    async def _start_thread(self, channel_id: str, message_id: str, name: str) -> None:
        try:
            await self.bot.http.request(
                Route(
                    "POST",
                    "/channels/{channel_id}/messages/{message_id}/threads",
                    channel_id=channel_id,
                    message_id=message_id,
                ),
                json={"name": name, "auto_archive_duration": 1440},
            )
        except discord.HTTPException as e:
            if e.code != THREAD_EXISTS:
                raise

    async def _reply_in(self, thread_id: str, post: Post, key: str) -> str:
        rendered = render_post(post)
        body = _message_json(rendered)
        body.update(nonce=self._nonce(key), enforce_nonce=True)
        data = await self.bot.http.request(
            Route("POST", "/channels/{channel_id}/messages", channel_id=thread_id), json=body
        )
        return str(data["id"])

    async def _find_in(self, channel_id: str, key: str, limit: int) -> str | None:
        nonce = self._nonce(key)
        me = self.bot.user
        messages = await self.bot.http.request(
            Route("GET", "/channels/{channel_id}/messages", channel_id=channel_id),
            params={"limit": min(limit, 100)},
        )
        for m in messages:
            if me is not None and str(m.get("author", {}).get("id")) != str(me.id):
                continue
            if m.get("nonce") is not None and str(m["nonce"]) == nonce:
                return str(m["id"])
        return None


def _message_json(rendered: RenderedMessage) -> dict[str, Any]:
    body: dict[str, Any] = {
        "embeds": [rendered.embed],
        "allowed_mentions": rendered.allowed_mentions.to_dict(),
    }
    if rendered.content:
        body["content"] = rendered.content
    return body
