"""An article that changes after it was posted is edited in place, never reposted."""

from __future__ import annotations

from bot.delivery.outbox import Outbox
from bot.delivery.ports import ChannelRef, TransientError
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


async def test_update_edits_the_posted_messages(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    aid = await article(store, sid, [ch("a"), ch("b")], title="Early title")
    await outbox.deliver_pending()
    a = await store.get_article(aid)
    assert a is not None
    clock.advance(3 * 3600)
    adapter.edit_failures["b"] = [TransientError(ChannelRef(*ch("b")), "503")]
    await store.record_update(
        sid, a.entry_id, title="Corrected title", summary="Now known.", quotes=(), content_hash="v2"
    )
    report = await outbox.deliver_pending()
    assert len(adapter.sent) == 2  # nothing reposted
    assert [(e[0], e[2].title) for e in adapter.edits] == [("a", "Corrected title")]
    assert report.edited == 1
    clock.advance(60)
    await outbox.deliver_pending()  # b's edit retried after its backoff
    assert sorted(e[0] for e in adapter.edits) == ["a", "b"]
    by_channel = {s.channel: s.message_id for s in adapter.sent}
    assert all(by_channel[e[0]] == e[1] for e in adapter.edits)
    await outbox.deliver_pending()
    assert len(adapter.edits) == 2  # each edit once


async def test_no_edit_outside_the_window(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    aid = await article(store, sid, [ch("a")])
    await outbox.deliver_pending()
    a = await store.get_article(aid)
    assert a is not None
    clock.advance(25 * 3600)
    await store.record_update(
        sid, a.entry_id, title="Late fix", summary="", quotes=(), content_hash="v2"
    )
    await outbox.deliver_pending()
    assert adapter.edits == [] and len(adapter.sent) == 1


async def test_update_of_a_pending_article_posts_the_new_text_once(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    aid = await article(store, sid, [ch("a")], title="Old")
    a = await store.get_article(aid)
    assert a is not None
    await store.record_update(
        sid, a.entry_id, title="New", summary="", quotes=(), content_hash="v2", edit_window=3600
    )
    await outbox.deliver_pending()
    assert [p.title for p in adapter.posts_in("a")] == ["New"] and adapter.edits == []
