"""A role mention is opt-in per channel and topic; nothing else in a post mentions anyone."""

from __future__ import annotations

from bot.delivery.outbox import Outbox
from bot.store import Store
from tests.delivery.conftest import MemoryAdapter, article, ch, source


async def test_only_the_opted_in_topic_mentions_its_role(
    store: Store, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    await store.set_channel_settings(ch("a"), {"mention_roles": {"storms": "555"}})
    await article(store, sid, [ch("a"), ch("b")], title="Storm warning", topics=("storms",))
    await article(store, sid, [ch("a")], title="Council vote", topics=("politics",))
    await outbox.deliver_pending()
    by_title = {p.title: p for p in adapter.posts_in("a")}
    assert by_title["Storm warning"].mention_role == "555"
    assert by_title["Council vote"].mention_role is None
    [other] = adapter.posts_in("b")
    assert other.mention_role is None  # another channel did not opt in
