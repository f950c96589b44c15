"""The follow/backfill/test handlers and their keys, below the platforms: how `/news` text is
parsed, that backfill and test posts are keyed apart, and that a test never stands for the
article's delivery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.commands import Caller, CommandError, Commands, mentions, parse_command
from bot.config import parse_config
from bot.store import NewArticle, SourceSpec, Store, open_store
from tests.platform_harness import desk_config

NOW = 1_800_000_000.0
ADMIN = Caller("slack", "T1", "C1", "U3", can_manage_channel=True, is_admin=True)
CHANNEL = ADMIN.channel_key
X, Q = "https://x.example", "https://x.example/f?a=b"


@pytest.fixture
async def store(db_target: str) -> AsyncIterator[Store]:
    s = await open_store(db_target, clock=lambda: NOW)
    [src] = await s.sync_sources([SourceSpec("Desk", "/feed.xml", "file")])
    for n in range(1, 4):
        await s.record_article(
            NewArticle(
                src.id,
                f"e{n}",
                f"https://d.example/{n}",
                f"Light rail story {n}",
                NOW - 600 + n,
                summary=f"Story {n}.",
                topics=(("transit", 2.0),),
            )
        )
    yield s
    await s.close()


@pytest.fixture
def commands(store: Store, tmp_path: Path) -> Commands:
    return Commands(store, parse_config(desk_config("Desk"), base_dir=tmp_path), clock=lambda: NOW)


@pytest.mark.parametrize(
    ("command", "text", "handler", "kwargs"),
    [
        ("news", "follow https://x.example/feed", "follow", {"url": "https://x.example/feed"}),
        ("news", "follow url:https://x.example backfill:2", "follow", {"url": X, "backfill": 2}),
        ("news", "follow https://x.example/f?a=b backfill=3", "follow", {"url": Q, "backfill": 3}),
        ("news", "subscribe light rail", "subscribe", {"topic": "light rail"}),
        ("news", "subscribe transit backfill=3", "subscribe", {"topic": "transit", "backfill": 3}),
        ("news", "unfollow City Desk", "unfollow", {"source": "City Desk"}),
        ("newsadmin", "source poll City Desk", "source_poll", {"name": "City Desk"}),
        ("newsadmin", "source poll name=Desk", "source_poll", {"name": "Desk"}),
        ("newsadmin", "channel test", "channel_test", {}),
        ("newsadmin", "help", "admin_help", {}),
    ],
)  # fmt: skip
def test_slack_text_reaches_the_new_handlers(
    command: str, text: str, handler: str, kwargs: dict[str, object]
) -> None:
    parsed = parse_command(command, text)
    assert (parsed.handler, parsed.kwargs) == (handler, kwargs)


def test_a_bad_backfill_is_one_clear_message() -> None:
    with pytest.raises(CommandError, match="backfill must be a number"):
        parse_command("news", "subscribe transit backfill=lots")


async def test_backfill_is_idempotent_and_a_test_is_not_a_delivery(
    commands: Commands, store: Store
) -> None:
    await store.subscribe(CHANNEL, topic="transit")
    [latest] = await store.latest_articles(limit=1)
    assert await store.queue_test(CHANNEL, latest, "t1")
    assert await store.queue_test(CHANNEL, latest, "t2")  # each test is a post of its own
    assert not await store.queue_test(CHANNEL, latest, "t1")  # ...once
    # The tests do not count: backfill still queues the article, exactly once.
    assert await commands._backfill(CHANNEL, 10) == 3
    assert await commands._backfill(CHANNEL, 10) == 0
    rows = await store.pending_deliveries(limit=50)
    assert sorted(r.kind for r in rows) == ["article"] * 3 + ["test"] * 2
    assert len({r.idem_key for r in rows}) == 5
    # oldest first, so the channel reads them in order
    articles = [r.article_id for r in rows if r.kind == "article"]
    assert articles == sorted(articles)


async def test_out_of_range_backfill_changes_nothing(commands: Commands, store: Store) -> None:
    reply = await commands.call("subscribe", ADMIN, topic="transit", backfill=11)
    assert not reply.ok and "between 0 and 10" in reply.text
    assert await store.list_subscriptions(CHANNEL) == []


async def test_follow_without_network_says_so(commands: Commands, store: Store) -> None:
    reply = await commands.call("follow", ADMIN, url="https://x.example/feed")
    assert not reply.ok and "network" in reply.text
    assert await store.list_subscriptions(CHANNEL) == []


async def test_a_forged_mention_token_in_input_is_dropped(commands: Commands) -> None:
    forged = mentions.user("slack:UBOSS")
    reply = await commands.call("search", ADMIN, query=f"rail {forged}")
    assert "\ue000" not in reply.text and "\ue001" not in reply.text


async def test_reactions_on_a_test_post_do_not_rank_the_article(store: Store) -> None:
    [latest] = await store.latest_articles(limit=1)
    assert await store.queue_test(CHANNEL, latest, "t1")
    [row] = await store.pending_deliveries(limit=5)
    await store.mark_sent(row.id, "m1")
    await store.record_reaction(row.id, "🔥", "U9", added=True)
    assert await store.top_posts(since=NOW - 3600) == []
