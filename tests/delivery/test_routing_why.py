"""Routing with filters (words, phrases, regex with a time limit) and `newsbot why`."""

from __future__ import annotations

import time

from bot.delivery.filters import Filter, FilterSet, check_filter
from bot.delivery.outbox import Outbox
from bot.delivery.ports import ChannelRef, PermanentError
from bot.delivery.routing import channels_to_deliver, route
from bot.delivery.why import why
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source


def test_words_match_whole_words_case_insensitively() -> None:
    fs = FilterSet(exclude=["AI"])
    assert fs.check("Minister said no", "").passed
    assert not fs.check("New ai rules", "").passed
    assert not FilterSet(exclude=["world cup"]).check("", "The World  Cup final").passed


def test_regex_filters_and_their_errors() -> None:
    fs = FilterSet(include=[r"/\brate (cut|hike)s?\b/"])
    assert fs.check("Fed rate cuts ahead", "").passed
    v = fs.check("Fed holds", "")
    assert not v.passed and "matches none of the include filters" in v.reason
    assert check_filter("/(unclosed/") is not None
    assert check_filter("x" * 400) is not None
    assert check_filter("sports") is None


def test_a_filter_that_cannot_be_applied_never_widens() -> None:
    """A broken entry (stored before validation existed) blocks the channel: dropping it would
    post what the channel asked not to receive (a broken exclude, or a lone broken include)."""
    for fs in (
        FilterSet(exclude=["/(unclosed/"]),
        FilterSet(include=["/(unclosed/"]),
        FilterSet(include=["/(unclosed/", "anything"], exclude=["sports"]),
    ):
        assert fs.broken
        v = fs.check("anything at all", "")
        assert not v.passed and "cannot be applied" in v.reason
        assert "not a valid regular expression" in v.notes[0]


def test_a_hostile_regex_is_cut_off() -> None:
    f = Filter("/^(a|a)*$/")
    started = time.perf_counter()
    m = f.search("a" * 40 + "!")
    assert m.timed_out and not m.matched
    assert time.perf_counter() - started < 1.0
    # An exclude that cannot finish counts as a match (held back), an include as no match.
    v = FilterSet(exclude=["/^(a|a)*$/"]).check("a" * 40 + "!", "")
    assert not v.passed and "timed out" in v.reason and "counted as a match" in v.notes[0]
    v = FilterSet(include=["/^(a|a)*$/"]).check("a" * 40 + "!", "")
    assert not v.passed and "counted as no match" in v.notes[0]
    v = FilterSet(include=["/^(a|a)*$/", "/!/"]).check("a" * 40 + "!", "")
    assert v.passed and "counted as no match" in v.notes[0]


async def test_route_topics_sources_filters_and_pauses(store: Store) -> None:
    await store.subscribe(ch("world"), topic="world")
    await store.subscribe(ch("nosport"), topic="world")
    await store.subscribe(ch("wire"), source="Wire")
    await store.subscribe(ch("tech"), topic="tech")
    await store.subscribe(ch("dead"), topic="world")
    await store.pause_channel(ch("dead"), "Unknown Channel")
    settings = {ch("nosport"): {"exclude": ["football", "/\\bcup\\b/"]}}
    decisions = route(
        topics=["world"],
        source="Wire",
        title="World Cup draw",
        summary="Teams learn groups.",
        subscriptions=await store.list_subscriptions(),
        settings=settings,
    )
    by = {d.channel.channel: d for d in decisions}
    assert by["world"].deliver and by["world"].reason == "topic world"
    assert not by["nosport"].deliver
    assert by["nosport"].reason == r"filtered by exclude regex /\bcup\b/"
    assert by["wire"].deliver and by["wire"].reason == "source Wire"
    assert not by["tech"].deliver and by["tech"].reason.startswith("no matching topic")
    assert not by["dead"].deliver and "Unknown Channel" in by["dead"].reason
    assert sorted(channels_to_deliver(decisions)) == [ch("wire"), ch("world")]


async def test_why_explains_each_channel(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    sid = await source(store)
    for name in ("posted", "queued", "failed", "filtered", "later"):
        await store.subscribe(ch(name), topic="world")
    await store.subscribe(ch("tech"), topic="tech")
    await store.set_channel_settings(ch("filtered"), {"exclude": ["election"]})
    await store.set_channel_settings(ch("queued"), {"max_posts_per_hour": 1})
    await article(store, sid, [ch("queued")], title="Earlier")
    aid = await article(
        store,
        sid,
        [ch("posted"), ch("queued"), ch("failed")],
        title="Election results",
        summary="Counting ends.",
    )
    adapter.fail("failed", PermanentError(ChannelRef(*ch("failed")), "Missing Access"))
    await outbox.deliver_pending()
    stored = await store.get_article(aid)
    assert stored is not None and stored.url is not None
    lines = await why(store, stored.url, None)
    text = "\n".join(lines)
    assert lines[0].startswith(f"Article {aid}: Election results")
    assert "test:ws/posted: already posted 20" in text
    assert "test:ws/queued: queued: held by cap of 1 posts per hour reached until" in text
    assert "test:ws/failed: failed: Missing Access" in text
    assert "test:ws/filtered: not posted: filtered by exclude 'election'" in text
    assert "test:ws/tech: not posted: no matching topic (follows tech)" in text
    assert "test:ws/later: matches (topic world) but was never queued" in text
    tech = "  test:ws/tech: not posted: no matching topic (follows tech)"
    assert await why(store, str(aid), "tech") == [*lines[:2], tech]
    assert "No article matches" in (await why(store, "https://nowhere.example/x", None))[0]


async def test_a_stored_filter_that_does_not_compile_holds_the_channel_back(store: Store) -> None:
    """Settings written before config validation existed may hold a broken filter: routing
    posts nothing there (and says why) rather than dropping the filter and posting everything."""
    await store.subscribe(ch("strict"), topic="world")
    await store.subscribe(ch("open"), topic="world")
    decisions = route(
        topics=["world"],
        source="Wire",
        title="World Cup draw",
        summary="",
        subscriptions=await store.list_subscriptions(),
        settings={ch("strict"): {"exclude": ["football", "/(cup/"]}},
    )
    by = {d.channel.channel: d for d in decisions}
    held, posted = by["strict"], by["open"]
    assert not held.deliver
    assert "cannot be applied" in held.reason
    assert any("/(cup/" in n and "not a valid regular expression" in n for n in held.notes)
    assert posted.deliver
