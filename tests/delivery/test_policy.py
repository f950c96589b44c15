"""Channel settings: cap per hour, quiet hours, digest mode — queued, never dropped."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.delivery.outbox import Outbox
from bot.delivery.policy import ChannelPolicy
from bot.delivery.samestory import story_hash
from bot.delivery.why import why
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


async def test_cap_queues_the_rest_for_the_next_hour(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    await store.set_channel_settings(ch("a"), {"max_posts_per_hour": 2})
    sid = await source(store)
    ids = [await article(store, sid, [ch("a")]) for _ in range(5)]
    report = await outbox.deliver_pending()
    assert len(adapter.sent) == 2 and report.held == 1
    lines = await why(store, str(ids[2]), "a")
    assert "held by cap of 2 posts per hour" in lines[-1]
    clock.advance(3600)
    await outbox.deliver_pending()
    assert len(adapter.sent) == 4
    clock.advance(3600)
    await outbox.deliver_pending()
    titles = [s.post.title for s in adapter.sent]
    assert titles == [f"{(await store.get_article(i)).title}" for i in ids]  # type: ignore[union-attr]


async def test_quiet_hours_hold_until_they_end_in_the_channel_time_zone(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    # 22:00-07:00 in New York; 03:30 UTC is 23:30 there (EDT, UTC-4).
    await store.set_channel_settings(
        ch("a"), {"quiet_hours": "22:00-07:00", "timezone": "America/New_York"}
    )
    clock.now = at("2026-09-22T03:30:00")
    sid = await source(store)
    aid = await article(store, sid, [ch("a"), ch("b")])
    await outbox.deliver_pending()
    assert adapter.posts_in("a") == [] and len(adapter.posts_in("b")) == 1
    (line,) = [x for x in await why(store, str(aid), None) if "/a:" in x]
    assert "quiet hours 22:00-07:00 America/New_York until 2026-09-22 11:00 UTC" in line
    clock.now = at("2026-09-22T10:59:00")
    await outbox.deliver_pending()
    assert adapter.posts_in("a") == []
    clock.now = at("2026-09-22T11:00:00")
    await outbox.deliver_pending()
    assert len(adapter.posts_in("a")) == 1


def test_quiet_hours_within_one_day_and_across_midnight() -> None:
    p = ChannelPolicy.from_settings({"quiet_hours": "12:00-14:00"})
    assert p.quiet_until(at("2026-09-22T11:59:00")) is None
    assert p.quiet_until(at("2026-09-22T12:00:00")) == at("2026-09-22T14:00:00")
    assert p.quiet_until(at("2026-09-22T14:00:00")) is None
    night = ChannelPolicy.from_settings({"quiet_hours": "22:00-07:00"})
    assert night.quiet_until(at("2026-09-22T23:00:00")) == at("2026-09-23T07:00:00")
    assert night.quiet_until(at("2026-09-23T06:59:00")) == at("2026-09-23T07:00:00")
    assert night.quiet_until(at("2026-09-23T07:00:00")) is None


async def test_digest_lists_the_articles_with_one_line_each(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    await store.set_channel_settings(ch("d"), {"digest_hours": 4})
    sid = await source(store)
    ids = [
        await article(
            store,
            sid,
            [ch("d")],
            title=f"Story {n}",
            summary=f"First sentence of story {n}. Second sentence is left out.",
        )
        for n in range(3)
    ]
    await outbox.deliver_pending()
    assert adapter.sent == []
    assert "queued for the next digest (every 4 h)" in (await why(store, str(ids[0]), "d"))[-1]
    clock.advance(4 * 3600)
    await outbox.deliver_pending()
    (digest,) = adapter.posts_in("d")
    assert digest.kind == "digest"
    assert [(i.title, i.line) for i in digest.items] == [
        (f"Story {n}", f"First sentence of story {n}.") for n in range(3)
    ]
    first = await store.get_article(ids[0])
    assert first is not None and digest.items[0].url == first.url
    rows = [r for i in ids for r in await store.deliveries_for_article(i)]
    assert {r.status for r in rows} == {"digested"}
    assert "listed in the digest posted" in (await why(store, str(ids[1]), "d"))[-1]
    # The next article waits a full period after that digest.
    await article(store, sid, [ch("d")], title="Story 3")
    clock.advance(3600)
    await outbox.deliver_pending()
    assert len(adapter.sent) == 1
    clock.advance(3 * 3600)
    await outbox.deliver_pending()
    assert len(adapter.sent) == 2


async def test_digest_lists_one_story_once_naming_the_other_sources(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    await store.set_channel_settings(ch("d"), {"digest_hours": 1})
    title, lead = "Storm Bert: thousands without power", "Heavy rain and wind across the UK."
    for name in ("Wire", "Daily"):
        sid = await source(store, name)
        await article(
            store, sid, [ch("d")], title=title, summary=lead, story_hash=story_hash(title, lead)
        )
    other = await source(store, "Herald")
    await article(store, other, [ch("d")], title="Markets rally", summary="Shares rose.")
    clock.advance(3600)
    await outbox.deliver_pending()
    (digest,) = adapter.posts_in("d")
    assert [(i.title, i.line) for i in digest.items] == [
        (title, f"{lead} (also: Daily)"),
        ("Markets rally", "Shares rose."),
    ]


async def test_a_setting_that_cannot_be_applied_holds_posts_instead_of_dropping_the_cap(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    # Validation refuses this value; a database written by hand or by an old version holds it.
    await store.set_channel_settings(ch("a"), {"max_posts_per_hour": 2, "quiet_hours": "25:00"})
    sid = await source(store)
    aid = await article(store, sid, [ch("a"), ch("b")])
    report = await outbox.deliver_pending()
    assert adapter.posts_in("a") == [], "a broken setting must not widen what is posted"
    assert len(adapter.posts_in("b")) == 1, "other channels are not held"
    assert report.held >= 1
    (row,) = [r for r in await store.deliveries_for_article(aid) if r.channel == "a"]
    assert row.status == "pending"
    lines = await why(store, str(aid), "a")
    assert any("cannot be applied" in line and "quiet_hours" in line for line in lines), lines

    await store.set_channel_settings(ch("a"), {"max_posts_per_hour": 2, "quiet_hours": None})
    await outbox.deliver_pending()
    assert len(adapter.posts_in("a")) == 1
