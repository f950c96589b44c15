"""What the Discord and Slack suites share, so that each keeps only what is its platform's:

- the config the chat tests start from (one feed file, the topics immigration and transit),
- a feed file the end-to-end tests rewrite between runs,
- the bot assembled as `newsbot run` assembles it, with the platform's adapter built in between,
- articles recorded straight into the store for the outbox tests, and their outbox.

The fakes themselves live in `tests/fakes/`; assertions stay in the platform tests.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Generic, TypeVar
from xml.sax.saxutils import escape as xml_escape

from bot.app import App, sync_config
from bot.commands import Commands
from bot.config import Config
from bot.delivery.outbox import Outbox
from bot.delivery.ports import Adapter, RateLimits
from bot.delivery.why import why
from bot.store import NewArticle, SourceSpec, Store, open_store
from bot.workers import WorkerPool
from tests.support import T0, FakeClock

__all__ = [
    "PLATFORMS",
    "T0",
    "Assembly",
    "ChatFake",
    "Feed",
    "Item",
    "RunningBot",
    "add_article",
    "assemble",
    "desk_config",
    "outbox_for",
    "start_chat",
]

FakeT = TypeVar("FakeT")
AdapterT = TypeVar("AdapterT")


def desk_config(
    source: str = "City Desk", *, immigration: Sequence[str] = ("immigration", "asylum")
) -> str:
    """The config's feed file `source` and its topics immigration (`immigration` keywords) and
    transit (the phrase "light rail"); callers add the sections their test needs."""
    return f"""
[[sources]]
name = "{source}"
kind = "file"
path = "feed.xml"

[[topics]]
name = "immigration"
keywords = {json.dumps(list(immigration))}

[[topics]]
name = "transit"
phrases = ["light rail"]
"""


# -- the feed ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    guid: str
    title: str
    summary: str | None = None  # None: the feed's usual summary
    minutes_ago: float = 10.0  # published this long before T0


@dataclass(frozen=True, slots=True)
class Feed:
    """The "City Desk" RSS file the bot polls; `summary` is what an item says unless it has a
    summary of its own."""

    path: Path
    summary: str

    @classmethod
    def empty(cls, path: Path, summary: str) -> Feed:
        feed = cls(path, summary)
        feed.write([])
        return feed

    def write(self, items: Sequence[Item]) -> None:
        entries = "".join(
            f"""<item><guid isPermaLink="false">{i.guid}</guid>
<title>{xml_escape(html.escape(i.title))}</title>
<link>https://desk.example/{i.guid}</link>
<description>{xml_escape(self.summary if i.summary is None else i.summary)}</description>
<pubDate>{format_datetime(datetime.fromtimestamp(T0 - i.minutes_ago * 60, UTC))}</pubDate>
</item>"""
            for i in items
        )
        self.path.write_text(
            f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>City Desk</title><link>https://desk.example/</link>
<description>Local news</description>{entries}</channel></rss>""",
            encoding="utf-8",
        )


# -- the bot -----------------------------------------------------------------------------------


class Assembly:
    """The bot as `newsbot run` assembles it, in two steps around the platform's adapter: the
    store is opened first because the adapter's commands and reactions need it, and the app
    needs the adapter (`App.open` opens its own store)."""

    def __init__(
        self,
        config: Config,
        store: Store,
        clock: FakeClock,
        commands_factory: Callable[..., Commands] = Commands,
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.commands = commands_factory(
            store, config, clock=clock, why=why, on_change=self._reload
        )
        self._app: App | None = None

    async def _reload(self) -> None:
        assert self._app is not None, "a command changed the config before the app was built"
        await self._app.reload()

    def app_with(self, adapter: Adapter) -> App:
        """The app delivering through `adapter`, with no network client and no worker processes."""
        self._app = App(
            self.config,
            self.store,
            {adapter.platform: adapter},
            clock=self.clock,
            client=None,
            workers=WorkerPool(0),
        )
        return self._app


async def assemble(
    config: Config, clock: FakeClock, *, commands_factory: Callable[..., Commands] = Commands
) -> Assembly:
    store = await open_store(config.resolve(config.database.path), clock=clock)
    await sync_config(store, config)
    return Assembly(config, store, clock, commands_factory)


@dataclass(slots=True)
class RunningBot(Generic[FakeT, AdapterT]):
    """A running newsbot with a platform's adapter, and the fake platform it talks to."""

    fake: FakeT
    app: App
    adapter: AdapterT
    clock: FakeClock
    feed: Feed

    @property
    def store(self) -> Store:
        return self.app.store


# -- the outbox on its own ---------------------------------------------------------------------

_entries = itertools.count(1)


def outbox_for(store: Store, adapter: Adapter, clock: FakeClock) -> Outbox:
    """The real outbox on the fake clock, with the jitter fixed."""
    return Outbox(
        store, {adapter.platform: adapter}, clock=clock, sleep=clock.sleep, random=lambda: 0.5
    )


async def add_article(
    store: Store,
    targets: Sequence[tuple[str, str, str]],
    title: str,
    *,
    summary: str,
    story_hash: int | None = None,
    topics: tuple[tuple[str, float], ...] = (("world", 1.0),),
) -> int:
    """An article from a feed of its own, due in every target (platform, workspace, channel);
    articles given one `story_hash` are the same story."""
    n = next(_entries)
    spec = SourceSpec(f"Wire {n}", f"https://wire.example/{n}/feed", "feed")
    sid = (await store.add_source(spec)).id
    aid = await store.record_article(
        NewArticle(
            source_id=sid,
            entry_id=f"e{n}",
            url=f"https://wire.example/{n}",
            title=title,
            published=None,
            summary=summary,
            topics=topics,
            story_hash=story_hash,
        ),
        list(targets),
    )
    assert aid is not None
    return aid


# -- one scenario, both platforms --------------------------------------------------------------

PLATFORMS = ("discord", "slack")


class ChatFake:
    """A fake platform (Discord or Slack) seen the same way by a scenario that must hold on
    both: one channel, adapters as separate bot processes would make them, failures to inject,
    and what the channel shows. Subclasses hold what is the platform's own."""

    platform: str
    channel: tuple[str, str, str]
    channel2: tuple[str, str, str]  # another channel of the same workspace
    person: str  # a member's user id, for direct messages

    async def adapter(self) -> Adapter:
        """A new adapter (another process's, or the same bot's after a restart); closed by
        `close`."""
        raise NotImplementedError

    def refuse_next_post(self) -> None:
        """The next post is answered with 429s until the outbox gets `RateLimited`."""
        raise NotImplementedError

    def enforce_channel_limit(self, clock: FakeClock, adapter: Adapter) -> None:
        """The fake answers 429 past the platform's per-channel limit, counted on `clock`.
        (Discord's window is shortened to 0.5 s for both sides, so that a failing run spends
        at most seconds in discord.py's own waits.)"""
        raise NotImplementedError

    def shown(self) -> list[str]:
        """Ids of the messages the channel shows, oldest first."""
        raise NotImplementedError

    def rate_limited(self) -> int:
        """How many posts were answered with a 429."""
        raise NotImplementedError

    def thread(self, message_id: str) -> list[dict[str, Any]]:
        """The replies in the thread of the channel's post `message_id`, oldest first."""
        raise NotImplementedError

    def dms(self, user: str) -> list[dict[str, Any]]:
        """The direct messages the bot sent to `user`."""
        raise NotImplementedError

    def text_of(self, message_id: str) -> str:
        """What the channel's post `message_id` shows now (after any edit)."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class _DiscordChat(ChatFake):
    platform = "discord"

    def __init__(self) -> None:
        from tests.fakes.discord import FakeDiscord

        self.fake = FakeDiscord(bucket_window=0.2)
        self._adapters: list[Any] = []

    async def start(self) -> None:
        await self.fake.start()
        self.fake.patch_discord()
        guild = self.fake.add_guild("Newsroom", channels=("news", "desk"))
        self.channel_id, second = self.fake.channel_ids(guild)
        self.channel = ("discord", str(guild), str(self.channel_id))
        self.channel2 = ("discord", str(guild), str(second))
        self.person = str(snowflake_id())

    async def adapter(self) -> Adapter:
        from tests.discord.helpers import connect

        adapter = await connect(self.fake)
        self._adapters.append(adapter)
        return adapter

    def refuse_next_post(self) -> None:
        self.fake.force_429(5, retry_after=0.01)  # discord.py tries five times, then raises

    def enforce_channel_limit(self, clock: FakeClock, adapter: Adapter) -> None:
        adapter.limits = RateLimits(5, 0.5, adapter.limits.global_per_second)
        self.fake.clock = clock
        self.fake.bucket_limit, self.fake.bucket_window = 5, 0.5

    def shown(self) -> list[str]:
        return [m["id"] for m in self.fake.posts(self.channel_id)]

    def rate_limited(self) -> int:
        return len(self.fake.rate_limited)

    def thread(self, message_id: str) -> list[dict[str, Any]]:
        assert int(message_id) in self.fake.threads, "no thread was started on the post"
        return self.fake.sent(int(message_id))

    def dms(self, user: str) -> list[dict[str, Any]]:
        return self.fake.dm_messages(int(user))

    def text_of(self, message_id: str) -> str:
        [message] = [m for m in self.fake.posts(self.channel_id) if m["id"] == message_id]
        return json.dumps(message["embeds"], ensure_ascii=False)

    async def close(self) -> None:
        for adapter in self._adapters:
            await adapter.close()
        await self.fake.close()


class _SlackChat(ChatFake):
    platform = "slack"
    channel = ("slack", "T0TEST", "C1")
    channel2 = ("slack", "T0TEST", "C2")
    person = "UALICE"

    def __init__(self) -> None:
        from tests.fakes.slack import FakeSlack

        self.fake = FakeSlack()
        self._adapters: list[Any] = []

    async def start(self) -> None:
        await self.fake.start()

    async def adapter(self) -> Adapter:
        from bot.adapters.slack import SlackAdapter

        adapter = SlackAdapter(
            bot_token=self.fake.bot_token,
            app_token=self.fake.app_token,
            base_url=self.fake.base_url,
        )
        self._adapters.append(adapter)
        return adapter

    def refuse_next_post(self) -> None:
        self.fake.force_429("chat.postMessage", 1, retry_after=1)

    def enforce_channel_limit(self, clock: FakeClock, adapter: Adapter) -> None:
        self.fake.clock = clock
        limits = adapter.limits
        self.fake.rate_limit("chat.postMessage", limits.per_channel, limits.per_channel_seconds)

    def shown(self) -> list[str]:
        return [m["ts"] for m in self.fake.posted(self.channel[2])]

    def rate_limited(self) -> int:
        return sum(1 for c in self.fake.calls_to("chat.postMessage") if c.status == 429)

    def thread(self, message_id: str) -> list[dict[str, Any]]:
        return self.fake.replies(self.channel[2], message_id)

    def dms(self, user: str) -> list[dict[str, Any]]:
        return self.fake.dm(user)

    def text_of(self, message_id: str) -> str:
        [message] = [m for m in self.fake.posted(self.channel[2]) if m["ts"] == message_id]
        return json.dumps(message["blocks"], ensure_ascii=False)

    async def close(self) -> None:
        for adapter in self._adapters:
            await adapter.close()
        await self.fake.close()


_CHATS: dict[str, type[_DiscordChat] | type[_SlackChat]] = {
    "discord": _DiscordChat,
    "slack": _SlackChat,
}


def snowflake_id() -> int:
    from tests.fakes.discord import snowflake

    return snowflake()


async def start_chat(platform: str) -> ChatFake:
    """The started fake of `platform` (one of `PLATFORMS`) with one channel."""
    chat = _CHATS[platform]()
    await chat.start()
    return chat
