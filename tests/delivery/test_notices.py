"""Where notices go: the workspace's notices channel, else the channel affected when the bot
can post there, else only the log; never an unrelated channel."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import Config
from bot.config.models import PostingConfig
from bot.delivery.notices import MENTION, notice_targets, route_notice
from bot.delivery.outbox import Outbox
from bot.delivery.ports import ChannelRef, PermanentError
from bot.pipeline import Pipeline
from bot.store import SourceSpec, Store
from bot.workers import WorkerPool
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source

OTHER = ("test", "elsewhere", "ops")


# -- the rule on its own -------------------------------------------------------------------------


def test_a_marked_channel_of_the_same_workspace_gets_the_notice() -> None:
    settings = {ch("ops"): {"notices": True}, ch("news"): {}, OTHER: {"notices": True}}
    assert route_notice(ch("readonly"), settings=settings, unavailable=set()) == [ch("ops")]


def test_without_a_marked_channel_the_affected_channel_itself_when_postable() -> None:
    settings = {ch("news"): {}, OTHER: {"notices": True}}  # marked, but another workspace
    assert route_notice(ch("a"), settings=settings, unavailable=set()) == [ch("a")]
    assert route_notice(ch("a"), settings=settings, unavailable={ch("a")}) == []


def test_a_marked_channel_the_bot_cannot_post_in_is_skipped() -> None:
    settings = {ch("ops"): {"notices": True}}
    assert route_notice(ch("a"), settings=settings, unavailable={ch("ops")}) == [ch("a")]


def test_every_marked_channel_of_the_workspace_gets_it() -> None:
    settings = {ch("ops"): {"notices": True}, ch("admins"): {"notices": True}}
    assert route_notice(ch("a"), settings=settings, unavailable=set()) == [
        ch("admins"),
        ch("ops"),
    ]


def test_many_affected_channels_of_a_marked_workspace_make_one_notice(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = {ch("ops"): {"notices": True}}
    affected = [ch("a"), ch("b"), ("test", "other", "x"), ("test", "other", "gone")]
    unavailable = {("test", "other", "gone")}
    with caplog.at_level(logging.WARNING, logger="bot.delivery.notices"):
        targets = notice_targets(
            affected, settings=settings, unavailable=unavailable, problem="source X paused"
        )
    assert targets == [("test", "other", "x"), ch("ops")]
    [line] = caplog.messages
    assert "test:other/gone" in line and "source X paused" in line


# -- a channel that refuses posts (the outbox) ---------------------------------------------------


async def refuse(store: Store, outbox: Outbox, adapter: MemoryAdapter, clock: FakeClock) -> None:
    """#readonly refuses its first post; #news is another active channel of the workspace."""
    sid = await source(store)
    await store.subscribe(ch("readonly"), topic="world")
    await store.subscribe(ch("news"), topic="world")
    await article(store, sid, [ch("readonly")])
    adapter.fail("readonly", PermanentError(ChannelRef(*ch("readonly")), "missing permissions"))
    await outbox.deliver_pending()
    clock.advance(60)
    await outbox.deliver_pending()


async def test_no_notices_channel_means_the_log_only_never_another_channel(
    store: Store,
    clock: FakeClock,
    outbox: Outbox,
    adapter: MemoryAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.delivery.notices"):
        await refuse(store, outbox, adapter, clock)
    assert adapter.posts_in("news") == []
    assert adapter.sent == []
    assert (await store.count_deliveries()).get("pending", 0) == 0  # nothing queued anywhere
    [line] = [m for m in caplog.messages if "only in this log" in m]
    assert "test:ws/readonly" in line and "missing permissions" in line
    assert (await store.audit(limit=1))[0].action == "pause channel"


async def test_the_marked_channel_gets_it_naming_the_channel_by_mention(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    await store.set_channel_settings(ch("ops"), {"notices": True})
    await refuse(store, outbox, adapter, clock)
    assert adapter.posts_in("news") == []
    [notice] = adapter.posts_in("ops")
    assert notice.kind == "notice"
    assert notice.about_channel == "readonly"
    assert MENTION in notice.summary and "missing permissions" in notice.summary
    assert "test:ws" not in notice.summary  # no raw platform:workspace/channel id


# -- a source paused (the pipeline) --------------------------------------------------------------


async def pause_a_source(store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """A file source that cannot be read, paused after its first failure."""
    config = Config(posting=PostingConfig(pause_after_failures=1), base_dir=tmp_path)
    spec = SourceSpec("Gone", str(tmp_path / "missing.xml"), "file", ("world",))
    row = await store.add_source(spec)
    pipeline = Pipeline(store, config, client=None, workers=WorkerPool(0), clock=clock)
    outcome = await pipeline.poll(row)
    assert outcome.status == "error"


async def notices_in(store: Store) -> dict[tuple[str, str, str], int]:
    rows = await store.pending_deliveries()
    counts: dict[tuple[str, str, str], int] = {}
    for r in rows:
        if r.kind == "notice":
            key = (r.platform, r.workspace, r.channel)
            counts[key] = counts.get(key, 0) + 1
    return counts


async def test_a_paused_source_tells_its_postable_followers_only(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    await store.subscribe(ch("follows"), topic="world")
    await store.subscribe(ch("refused"), topic="world")
    await store.pause_channel(ch("refused"), "missing access")
    await store.subscribe(ch("news"), topic="sports")  # active, but does not follow the source
    await pause_a_source(store, clock, tmp_path)
    assert await notices_in(store) == {ch("follows"): 1}


async def test_a_paused_source_goes_once_to_the_marked_channel(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    await store.subscribe(ch("a"), topic="world")
    await store.subscribe(ch("b"), topic="world")
    await store.subscribe(("test", "other", "c"), topic="world")
    await store.set_channel_settings(ch("ops"), {"notices": True})
    await pause_a_source(store, clock, tmp_path)
    assert await notices_in(store) == {ch("ops"): 1, ("test", "other", "c"): 1}
