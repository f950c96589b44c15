"""Following a feed from chat, backfill, `source poll`, `channel test` and readable replies: one
scenario on both platforms.

Through the real adapters (Discord cogs, Slack's Bolt endpoint with its admin middleware), the
shared command handlers, the real pipeline and outbox, against the fake Discord and the fake
Slack (`tests/fakes/`, via `tests/platform_harness.start_chat`) and a local HTTP server (port 0)
serving the followed site and feed. Every answer a command gives is kept, and each test ends by
checking that none shows a raw ``platform:workspace/channel`` id or a Python dict.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.discord import DiscordAdapter
from bot.adapters.discord_setup import cog_setup
from bot.adapters.slack import SlackAdapter, command_handler
from bot.app import App, http_client, sync_config
from bot.config import parse_config
from bot.delivery.ports import Adapter
from bot.store import Store, open_store
from bot.workers import WorkerPool
from tests.ops import conftest as ops_harness
from tests.ops.conftest import LocalServer
from tests.platform_harness import PLATFORMS, T0, ChatFake, Feed, Item, desk_config, start_chat
from tests.slack.slack_support import FORM, SIGNING_SECRET, eventually, signed_headers
from tests.support import FakeClock

FEED = "/gazette.rss"  # not at a usual feed path: discovery must read the page
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
DESK_SUMMARY = (
    "The regional board approved the light rail extension on Tuesday after a long debate "
    "about costs, routes and the timetable for construction across the northern districts."
)
CONFIG = f"""
[database]
path = "news.db"
{desk_config()}
[posting]
backfill = 10

[network]
allow_private_networks = true

[adapters.console]
enabled = false
"""
local_server = ops_harness.local_server  # the black-box harness's HTTP server (port 0)

# What no reply may show: a stored channel key or actor, or a Python dict.
RAW = re.compile(r"(discord|slack):[A-Za-z0-9]*[/:]|(discord|slack):\d{5,}|\{'|': '")


HARBOUR = (
    "Fishermen unloaded a record catch of mackerel at dawn while gulls circled the quay and "
    "buyers from three counties bid for crates at the busiest auction of the season.",
    "The lighthouse keeper retired after forty years, handing the keys to volunteers who "
    "will run guided climbs to the lantern room every Sunday through the summer months.",
    "A storm surge flooded the promenade cafes overnight; owners swept out sand and seaweed "
    "and said insurance assessors would visit before they could reopen their terraces.",
    "Students from the marine college launched a solar powered research buoy that will "
    "measure water temperature and plankton beyond the breakwater for the next two years.",
    "The ferry company added a late evening crossing to the islands after complaints from "
    "nurses and hotel staff who finish work too late for the last scheduled departure.",
    "Archaeologists found timbers of an eighteenth century merchant ship while dredging the "
    "inner basin by the light rail bridge, and divers will map the wreck before any more silt "
    "is removed from it.",
)


# -- the followed site -----------------------------------------------------------------------


def rss(server: LocalServer, items: list[Item]) -> bytes:
    entries = "".join(
        f"""<item><guid isPermaLink="false">{i.guid}</guid><title>{i.title}</title>
<link>{server.url("/story/" + i.guid)}</link>
<description>{HARBOUR[int(i.guid[1:]) % len(HARBOUR)]}</description>
<pubDate>{format_datetime(datetime.fromtimestamp(T0 - i.minutes_ago * 60, UTC))}</pubDate>
</item>"""
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour Gazette</title><link>{server.url('/')}</link>"
        f"<description>News</description>{entries}</channel></rss>"
    ).encode()


def publish(server: LocalServer, items: list[Item]) -> None:
    server.routes[FEED] = ("application/rss+xml", rss(server, items))


def site(server: LocalServer) -> None:
    server.routes["/"] = (
        "text/html; charset=utf-8",
        b'<html><head><title>Harbour Gazette</title><link rel="alternate" '
        b'type="application/rss+xml" title="Gazette" href="/gazette.rss"></head>'
        b"<body><h1>Harbour Gazette</h1></body></html>",
    )


def gazette(n: int, *, start: int = 1) -> list[Item]:
    """Items g<start>..g<start+n-1>, the later ones newer."""
    return [
        Item(f"g{k}", f"Harbour story {k}", minutes_ago=100.0 - k) for k in range(start, start + n)
    ]


# -- one chat, either platform ---------------------------------------------------------------


@dataclass
class Chat:
    """A running bot on one fake platform: commands in as `member`, `manager` (may subscribe
    the channel) or `admin`; every answer kept in `replies`."""

    chat: ChatFake
    app: App
    adapter: Adapter
    clock: FakeClock
    desk: Feed
    replies: list[str] = field(default_factory=list)

    @property
    def platform(self) -> str:
        return self.chat.platform

    @property
    def store(self) -> Store:
        return self.app.store

    @property
    def channel(self) -> tuple[str, str, str]:
        return self.chat.channel

    async def run(self, who: str, command: str, *path: str, **options: Any) -> str:
        """`/command path… options…` as `who`; the answer's text as the user reads it."""
        if self.platform == "discord":
            text = await self._discord(who, command, path, options)
        else:
            text = await self._slack(who, command, path, options)
        self.replies.append(text)
        return text

    async def _discord(
        self, who: str, command: str, path: tuple[str, ...], options: dict[str, Any]
    ) -> str:
        fake = self.chat.fake  # type: ignore[attr-defined]
        roles = [int(v) for k, v in options.items() if k == "role"]
        values = [
            {"name": k, "type": 8 if k == "role" else 4 if isinstance(v, int) else 3, "value": v}
            for k, v in options.items()
        ]
        option: dict[str, Any] = {"name": path[-1], "type": 1, "options": values}
        if len(path) == 2:
            option = {"name": path[0], "type": 2, "options": [option]}
        permissions = {"member": 0, "manager": MANAGE_CHANNELS}.get(
            who, MANAGE_GUILD | MANAGE_CHANNELS
        )
        interaction = await fake.dispatch_command(
            command,
            guild_id=int(self.channel[1]),
            channel_id=int(self.channel[2]),
            options=[option],
            permissions=permissions,
            resolved_roles=roles,
        )

        def answered() -> bool:
            if not interaction.callbacks:
                return False
            return interaction.callbacks[0]["type"] != 5 or bool(interaction.followups)

        await fake.wait_for(answered)
        first = interaction.callbacks[0]
        message = interaction.followups[-1] if first["type"] == 5 else first["data"]
        parts = [message.get("content") or ""]
        for embed in message.get("embeds") or []:
            parts += [embed.get("title", ""), embed.get("description", "")]
        return "\n".join(parts)

    async def _slack(
        self, who: str, command: str, path: tuple[str, ...], options: dict[str, Any]
    ) -> str:
        fake = self.chat.fake  # type: ignore[attr-defined]
        user = {"member": "UMEMBER"}.get(who, "UADMIN")
        words = [*path, *(f"{k}={shlex.quote(str(v))}" for k, v in options.items())]
        before = len(fake.responses)
        payload = fake.slash_command(
            f"/{command}", " ".join(words), user_id=user, channel_id=self.channel[2]
        )
        assert isinstance(self.adapter, SlackAdapter)
        body = urlencode(payload)
        url = f"http://127.0.0.1:{self.adapter.http_port}/slack/events"
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                url, data=body.encode(), headers=signed_headers(body, content_type=FORM)
            ) as resp,
        ):
            ack = await resp.text()
        if ack:  # refused by the admin middleware in the ack itself
            return str(json.loads(ack).get("text", ack))
        await eventually(lambda: len(fake.responses) > before)
        [answer] = fake.responses[before:]
        shown = []
        for block in answer.get("blocks") or []:
            if block["type"] == "section":
                shown.append(block["text"]["text"])
            elif block["type"] == "context":
                shown.extend(e["text"] for e in block["elements"])
        return "\n".join(shown) or str(answer.get("text", ""))

    def posts(self) -> list[str]:
        """The title of each post in the channel, oldest first."""
        fake = self.chat.fake  # type: ignore[attr-defined]
        if self.platform == "discord":
            return [  # embed titles as Discord shows them (markdown escapes resolved)
                "\n".join(e.get("title", "") for e in m.get("embeds") or []).replace("\\", "")
                for m in fake.posts(int(self.channel[2]))
            ]
        # The notification text: "title (source)\nurl".
        return [
            m.get("text", "").split("\n")[0].rsplit(" (", 1)[0]
            for m in fake.posted(self.channel[2])
        ]

    async def deliver(self) -> None:
        await self.app.outbox.deliver_pending()
        await self.app.outbox.deliver_pending()


@pytest.fixture(params=PLATFORMS)
async def chat(
    request: pytest.FixtureRequest, tmp_path: Path, local_server: LocalServer
) -> AsyncIterator[Chat]:
    config = parse_config(CONFIG, base_dir=tmp_path)
    desk = Feed.empty(tmp_path / "feed.xml", DESK_SUMMARY)
    clock = FakeClock()
    store = await open_store(config.resolve(config.database.path), clock=clock)
    await sync_config(store, config)
    app = App(
        config,
        store,
        {},
        clock=clock,
        client=http_client(config),
        workers=WorkerPool(0),
        sleep=clock.sleep,
    )
    commands = app.commands()
    fake_chat = await start_chat(request.param)
    adapter: Adapter
    if request.param == "discord":
        from tests.fakes.discord import FAKE_TOKEN

        discord_adapter = DiscordAdapter(setup=cog_setup(commands), guild_ready_timeout=0.01)
        await discord_adapter.start(FAKE_TOKEN)
        await discord_adapter.wait_until_ready()
        adapter = discord_adapter
    else:
        fake = fake_chat.fake  # type: ignore[attr-defined]
        fake.users["UADMIN"] = {"is_admin": True}
        slack_adapter = SlackAdapter(
            bot_token=fake.bot_token,
            signing_secret=SIGNING_SECRET,
            mode="http",
            base_url=fake.base_url,
            on_command=command_handler(commands),
            members_manage_subscriptions=False,  # the rule in force: admins subscribe
        )
        await slack_adapter.start(port=0)
        adapter = slack_adapter
    app.add_adapter(adapter)
    running = Chat(fake_chat, app, adapter, clock, desk)
    try:
        yield running
    finally:
        await adapter.close()  # type: ignore[attr-defined]
        await fake_chat.close()
        await app.close()
    shown = [r for r in running.replies if RAW.search(r)]
    assert shown == [], "replies show raw ids or dicts"


async def seed_desk(chat: Chat, n: int) -> None:
    """City Desk (config.toml) publishes `n` light-rail stories, recorded before anyone
    follows transit (so they are backfill material)."""
    chat.desk.write([desk_item(k, 50.0 - k) for k in range(1, n + 1)])
    await chat.app.run_once()


def desk_item(k: int, minutes_ago: float) -> Item:
    """A light-rail story unlike the others (same-story merging must not join them)."""
    return Item(f"d{k}", f"Light rail update {k}", STORIES[k % len(STORIES)], minutes_ago)


STORIES = (
    "Engineers finished testing the light rail signals near the harbour, and the mayor "
    "praised crews who worked overnight shifts through the winter storms to keep schedules.",
    "A light rail fare freeze for students was announced by the transport authority, which "
    "said ridership among teenagers doubled since the new school timetable was introduced.",
    "Residents of Elm Street protested light rail noise at a packed town hall meeting, asking "
    "for sound barriers, quieter brakes and fewer late night maintenance trains near homes.",
    "The light rail depot will host an open day with tours of the workshop, a model railway "
    "exhibition for children and talks by the drivers who run the first morning services.",
)


# -- follow ------------------------------------------------------------------------------------


async def test_follow_a_feed_then_its_next_item_posts_here(
    chat: Chat, local_server: LocalServer
) -> None:
    publish(local_server, gazette(2))
    answer = await chat.run("manager", "news", "follow", url=local_server.url(FEED))
    assert "now follows Harbour Gazette" in answer
    [source] = [s for s in await chat.store.list_sources() if s.name == "Harbour Gazette"]
    assert (source.url, source.origin, source.polled_once) == (
        local_server.url(FEED),
        "chat",
        True,
    )
    [sub] = await chat.store.list_subscriptions(chat.channel)
    assert (sub.source, sub.origin) == ("Harbour Gazette", "chat")
    await chat.deliver()
    assert chat.posts() == []  # no backfill asked: what was there is recorded, not posted

    publish(local_server, gazette(3))
    await chat.app.run_once()
    [post] = chat.posts()
    assert "Harbour story 3" in post

    await chat.run("member", "news", "subscribe", topic="transit")  # refused: nothing added
    listed = await chat.run("admin", "news", "subscriptions")
    assert "source Harbour Gazette" in listed and local_server.url(FEED) in listed
    mention = f"<@{'UADMIN' if chat.platform == 'slack' else ''}"
    assert "added by " + mention in listed

    again = await chat.run("manager", "news", "follow", url=local_server.url(FEED))
    assert "already follows Harbour Gazette" in again
    assert len(await chat.store.list_sources()) == 2  # City Desk and the Gazette, once

    gone = await chat.run("manager", "news", "unfollow", source="Harbour Gazette")
    assert "no longer follows Harbour Gazette" in gone
    assert await chat.store.list_subscriptions(chat.channel) == []


async def test_follow_a_site_url_discovers_its_feed(chat: Chat, local_server: LocalServer) -> None:
    site(local_server)
    publish(local_server, gazette(1))
    answer = await chat.run("manager", "news", "follow", url=local_server.url("/"))
    assert "now follows Harbour Gazette" in answer
    found = await chat.store.source_by_url(local_server.url(FEED))
    assert found is not None and found.name == "Harbour Gazette"
    assert local_server.hits[0] == "/" and FEED in local_server.hits

    local_server.routes["/nothing"] = ("text/html", b"<html><body>No feed here</body></html>")
    refused = await chat.run("manager", "news", "follow", url=local_server.url("/nothing"))
    assert "No feed found" in refused
    assert len(await chat.store.list_sources()) == 2


# -- backfill ----------------------------------------------------------------------------------


async def test_backfill_posts_exactly_that_many_and_never_one_twice(
    chat: Chat, local_server: LocalServer
) -> None:
    await seed_desk(chat, 3)
    answer = await chat.run("manager", "news", "subscribe", topic="transit", backfill=3)
    assert "3 recent articles are on their way" in answer
    await chat.deliver()
    assert [p.split("\n")[0] for p in chat.posts()] == [
        "Light rail update 1",
        "Light rail update 2",
        "Light rail update 3",
    ]  # oldest first

    again = await chat.run("manager", "news", "subscribe", topic="transit", backfill=3)
    assert "already receives" in again and "on their way" not in again
    await chat.deliver()
    assert len(chat.posts()) == 3

    publish(local_server, gazette(5))  # story 5 is on transit too
    elsewhere = (chat.channel[0], chat.channel[1], "0")
    await chat.store.subscribe(elsewhere, topic="transit")
    await chat.run("manager", "news", "follow", url=local_server.url(FEED), backfill=3)
    queued = await chat.store.pending_deliveries(limit=50)
    assert [d for d in queued if d.channel == "0"] == []  # the backfill is this channel's only
    [story5] = await chat.store.search_articles("archaeologists")
    assert "transit" in [t for t, _ in story5.topics]  # so the other channel could have had it
    await chat.store.unsubscribe(elsewhere, topic="transit")
    await chat.deliver()
    titles = [p.split("\n")[0] for p in chat.posts()]
    assert titles[3:] == ["Harbour story 3", "Harbour story 4", "Harbour story 5"]
    await chat.run("manager", "news", "follow", url=local_server.url(FEED), backfill=3)
    await chat.deliver()
    titles = [p.split("\n")[0] for p in chat.posts()]
    assert len(titles) == len(set(titles)) == 6

    too_many = await chat.run("manager", "news", "subscribe", topic="transit", backfill=11)
    assert "backfill" in too_many or "11" in too_many


# -- poll and test -----------------------------------------------------------------------------


async def test_source_poll_says_what_it_found(chat: Chat, local_server: LocalServer) -> None:
    publish(local_server, gazette(2))
    await chat.run("manager", "news", "follow", url=local_server.url(FEED))
    publish(local_server, gazette(4))
    found = await chat.run("admin", "newsadmin", "source", "poll", name="Harbour Gazette")
    assert "Polled Harbour Gazette: 2 new articles (2 posts queued)" in found
    await chat.deliver()
    assert len(chat.posts()) == 2
    nothing = await chat.run("admin", "newsadmin", "source", "poll", name="Harbour Gazette")
    assert "Polled Harbour Gazette: nothing new" in nothing
    del local_server.routes[FEED]
    failed = await chat.run("admin", "newsadmin", "source", "poll", name="Harbour Gazette")
    assert "Polled Harbour Gazette: it failed" in failed and "404" in failed


async def test_channel_test_posts_once_marked_and_the_real_post_still_goes_out(
    chat: Chat,
) -> None:
    await seed_desk(chat, 1)
    await chat.run("manager", "news", "subscribe", topic="transit")
    chat.desk.write([desk_item(1, 49.0), desk_item(2, 1.0)])
    [desk] = [s for s in await chat.store.list_sources() if s.name == "City Desk"]
    await chat.app.pipeline.poll(desk)  # the real post of update 2 is queued, not sent yet
    answer = await chat.run("admin", "newsadmin", "channel", "test")
    assert "Light rail update 2" in answer and "marked as a test" in answer
    await chat.deliver()
    await chat.deliver()
    titles = [p.split("\n")[0] for p in chat.posts()]
    assert sorted(titles) == ["Light rail update 2", "[TEST] Light rail update 2"]
    [row] = [
        d
        for d in await chat.store.pending_deliveries(limit=100)
        + [
            d
            for a in await chat.store.latest_articles(limit=5)
            for d in await chat.store.deliveries_for_article(a.id)
        ]
        if d.kind == "article"
    ]
    assert row.status == "sent"  # the article's delivery here is the real post, not the test


# -- who may ------------------------------------------------------------------------------------


async def test_members_are_refused_and_nothing_changes(
    chat: Chat, local_server: LocalServer
) -> None:
    await seed_desk(chat, 2)
    await chat.run("admin", "news", "subscribe", topic="transit")
    audit_before = await chat.store.audit(limit=100)
    publish(local_server, gazette(2))
    hits = len(local_server.hits)
    refusals = [
        await chat.run("member", "news", "follow", url=local_server.url(FEED)),
        await chat.run("member", "news", "follow", url=local_server.url(FEED), backfill=2),
        await chat.run("member", "news", "unfollow", source="City Desk"),
        await chat.run("member", "news", "subscribe", topic="immigration", backfill=2),
        await chat.run("member", "newsadmin", "source", "poll", name="City Desk"),
        await chat.run("member", "newsadmin", "channel", "test"),
    ]
    for refusal in refusals:
        assert "permission" in refusal or "admins" in refusal, refusal
    assert len(local_server.hits) == hits  # nothing fetched
    assert [s.name for s in await chat.store.list_sources()] == ["City Desk"]
    [sub] = await chat.store.list_subscriptions(chat.channel)
    assert sub.topic == "transit"
    assert await chat.store.pending_deliveries(limit=100) == []
    assert await chat.store.audit(limit=100) == audit_before
    await chat.deliver()
    assert chat.posts() == []

    helped = await chat.run("member", "newsadmin", "help")  # anyone may read the list
    assert "/newsadmin source poll" in helped and "e.g." in helped


# -- every reply readable -----------------------------------------------------------------------


async def test_replies_name_channels_and_roles_readably(
    chat: Chat, local_server: LocalServer
) -> None:
    await seed_desk(chat, 1)
    await chat.run("admin", "news", "subscribe", topic="transit")
    for command, path, options in (
        ("news", ("help",), {}),
        ("news", ("topics",), {}),
        ("news", ("subscriptions",), {}),
        ("news", ("sources",), {}),
        ("news", ("latest",), {}),
        ("newsadmin", ("source", "list"), {}),
        ("newsadmin", ("channel", "set"), {"quiet_hours": "22:00-07:00"}),
        ("newsadmin", ("help",), {}),
    ):
        await chat.run("admin", command, *path, **options)
    if chat.platform == "discord":
        role = str(chat.chat.fake.add_role(int(chat.channel[1]), "transit-desk"))  # type: ignore[attr-defined]
        answer = await chat.run("admin", "newsadmin", "channel", "set", role=role, topic="transit")
        assert f"mention <@&{role}> on transit" in answer
    else:
        answer = await chat.run(
            "admin",
            "newsadmin",
            "channel",
            "set",
            mention_role="S0DESK",
            mention_topic="transit",
        )
        assert "mention @S0DESK on transit" in answer  # the channel sees it: no group ping
    why = await chat.run("admin", "news", "why", url="d1")
    assert f"<#{chat.channel[2]}>" in why or f"#{chat.channel[2]}" in why
    helped = await chat.run("admin", "news", "help")
    lines = [ln for ln in helped.split("\n") if ln.startswith(("/news", "\\/news"))]
    assert lines and all("e.g." in ln for ln in lines)
