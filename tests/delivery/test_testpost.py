"""A test post (`/newsadmin channel test`) in the outbox: sent at once, marked, and never the
article's delivery: the same story arriving later is posted, not merged into the test."""

from __future__ import annotations

from pathlib import Path

from bot.delivery.outbox import Outbox
from bot.delivery.ports import ChannelRef, Post, RateLimits
from bot.store import NewArticle, SourceSpec, open_store
from tests.support import FakeClock

CHANNEL = ("memory", "w", "c1")
STORY = 0x0F0F_F0F0_1234_5678
OTHER = 0x7FFF_FFFF_FFFF_FFFF ^ STORY


class Memory:
    platform = "memory"
    limits = RateLimits(per_channel=100, per_channel_seconds=1.0, global_per_second=100.0)

    def __init__(self) -> None:
        self.posts: list[Post] = []
        self.edits: list[str] = []

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        self.posts.append(post)
        return f"m{len(self.posts)}"

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        self.edits.append(message_id)

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        return None


async def test_a_test_post_is_no_story_leader_and_not_held(tmp_path: Path) -> None:
    clock = FakeClock()
    store = await open_store(tmp_path / "n.db", clock=clock)
    try:
        await store.set_channel_settings(CHANNEL, {"quiet_hours": "00:00-23:59"})
        sid = (await store.add_source(SourceSpec("Wire", "https://w.example/f", "feed"))).id
        first = NewArticle(sid, "a", "https://w.example/a", "Dam opens", None, story_hash=STORY)
        aid = await store.record_article(first)
        article = await store.get_article(aid or 0)
        assert article is not None
        assert await store.queue_test(CHANNEL, article, "now")
        chat = Memory()
        outbox = Outbox(store, {"memory": chat}, clock=clock, sleep=clock.sleep)
        report = await outbox.deliver_pending()  # quiet hours hold articles, not a test
        assert report.sent == 1 and [p.title for p in chat.posts] == ["[TEST] Dam opens"]

        # In one pass: another story (which loads the channel's recent stories), a second
        # test of the dam, then the dam story from another source.
        await store.set_channel_settings(CHANNEL, {})
        other = NewArticle(sid, "c", "https://w.example/c", "Port strike", None, story_hash=OTHER)
        await store.record_article(other, [CHANNEL])
        assert await store.queue_test(CHANNEL, article, "later")
        again = NewArticle(sid, "b", "https://w.example/b", "Dam opens", None, story_hash=STORY)
        await store.record_article(again, [CHANNEL])
        report = await outbox.deliver_pending()
        assert (report.sent, report.merged) == (3, 0)  # posted, not folded into a test post
        assert [p.title for p in chat.posts][1:] == ["Port strike", "[TEST] Dam opens", "Dam opens"]
        assert chat.edits == []
    finally:
        await store.close()
