"""The one small Protocol a chat platform implements, and the platform-neutral post it renders.

Adding a platform means writing an adapter that satisfies `Adapter`; nothing in `bot/delivery`,
`bot/enrich` or `bot/sources` changes. Adapters raise the errors below so the outbox can tell a
wait (rate limit), a retry (transient) and a stop (permanent) apart without knowing the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from bot.textsafe import clean_line

__all__ = [
    "Adapter",
    "ChannelRef",
    "DeliveryError",
    "DigestItem",
    "PermanentError",
    "Post",
    "PostQuote",
    "RateLimited",
    "RateLimits",
    "ThreadAdapter",
    "TransientError",
]


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A chat channel: platform name, workspace (guild / team; "" on the console) and channel id."""

    platform: str
    workspace: str
    channel: str

    def __str__(self) -> str:
        return (
            f"{self.platform}:{self.workspace}/{self.channel}"
            if self.workspace
            else (f"{self.platform}:{self.channel}")
        )


@dataclass(frozen=True, slots=True)
class PostQuote:
    text: str
    speaker: str | None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class DigestItem:
    title: str
    url: str | None
    line: str  # one-line summary


@dataclass(frozen=True, slots=True)
class Post:
    """What a reader sees, before a platform renders it. All strings are untrusted feed text:
    the adapter escapes them for its markup and sends them with mentions disabled."""

    kind: Literal["article", "digest", "notice"]
    title: str
    url: str | None = None
    summary: str = ""
    quotes: tuple[PostQuote, ...] = ()
    topics: tuple[str, ...] = ()
    source: str = ""
    published: datetime | None = None
    image: str | None = None
    also_covered_by: tuple[tuple[str, str], ...] = ()  # (source name, url)
    items: tuple[DigestItem, ...] = ()  # digest entries
    mention_role: str | None = None  # opt-in role mention, set by an admin for a topic
    # A notice's channel: the id the renderer puts where the text says `notices.MENTION`, in
    # the platform's mention syntax (never shown as a raw id).
    about_channel: str | None = None
    # Open a discussion thread on this post (a channel set to `threads`); where each post is a
    # thread anyway (a Discord forum) the adapter does that whatever this says.
    thread: bool = False
    # The channel's layout (bot/delivery/templates.py): a built-in style, or a template whose
    # placeholders the renderer fills with escaped values.
    style: Literal["full", "compact", "headline"] = "full"
    template: str | None = None


@dataclass(frozen=True, slots=True)
class RateLimits:
    """A platform's declared pace: at most `per_channel` posts per `per_channel_seconds` in one
    channel and `global_per_second` across all channels."""

    per_channel: int
    per_channel_seconds: float
    global_per_second: float


class DeliveryError(Exception):
    """Base of the errors an adapter raises; carries the channel it concerns."""

    def __init__(self, channel: ChannelRef, message: str) -> None:
        # One clean line: the message quotes the platform's answer, and is stored and logged.
        super().__init__(clean_line(f"{channel}: {message}"))
        self.channel = channel


class RateLimited(DeliveryError):
    """A 429. `is_global`: the platform-wide limit (Discord's `global: true`), which holds
    every channel of the platform, not just this one."""

    def __init__(self, channel: ChannelRef, retry_after: float, *, is_global: bool = False) -> None:
        super().__init__(channel, f"rate limited, retry after {retry_after:.1f}s")
        self.retry_after = retry_after
        self.is_global = is_global


class TransientError(DeliveryError):
    """5xx, timeouts, connection resets: retry with backoff."""


class PermanentError(DeliveryError):
    """Missing access, unknown or archived channel: pause the subscription, tell the admins once."""

    def __init__(self, channel: ChannelRef, reason: str) -> None:
        super().__init__(channel, reason)
        self.reason = clean_line(reason)


@runtime_checkable
class Adapter(Protocol):
    platform: str
    limits: RateLimits

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        """Post once per `key`: return the platform's message id. Re-sending the same key must not
        show the post twice (Discord nonce + enforce_nonce, Slack metadata lookup)."""
        ...

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None: ...

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        """After a crash: the message id already posted with `key`, if the platform has it."""
        ...


@runtime_checkable
class ThreadAdapter(Protocol):
    """What a platform with threads adds: replies in a post's thread, once per key.

    The outbox sends same-story sources into the thread of the post they joined when the
    channel is set to `threads`, or when `threaded` says every post there is a thread.
    """

    async def threaded(self, channel: ChannelRef) -> bool:
        """True when each post in `channel` is its own thread (a Discord forum channel)."""
        ...

    async def reply(self, channel: ChannelRef, message_id: str, post: Post, key: str) -> str:
        """Post `post` in the thread of message `message_id`; return the reply's id."""
        ...

    async def find_reply(self, channel: ChannelRef, message_id: str, key: str) -> str | None:
        """After a crash: the reply already posted in that thread with `key`, if any."""
        ...
