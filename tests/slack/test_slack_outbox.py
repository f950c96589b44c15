"""The real outbox and store delivering through the Slack adapter to the fake Slack.

Each article × channel must be shown once, also across a crash between Slack accepting a post
and the store recording it.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.adapters.slack import METADATA_EVENT_TYPE, SlackAdapter
from bot.delivery.ports import ChannelRef, Post
from bot.store import Store
from tests.fakes.slack import FakeSlack
from tests.platform_harness import add_article as add_article_to
from tests.platform_harness import outbox_for
from tests.support import FakeClock

TEAM = "T0TEST"


async def add_article(store: Store, channels: list[str], title: str) -> int:
    targets = [("slack", TEAM, c) for c in channels]
    return await add_article_to(store, targets, title, summary="Something happened. More follows.")


async def test_articles_fan_out_once_each_with_their_keys(
    fake: FakeSlack,
    store: Store,
    clock: FakeClock,
    make_adapter: Callable[..., SlackAdapter],
) -> None:
    ids = [await add_article(store, ["C1", "C2"], f"Story {n}") for n in range(3)]
    report = await outbox_for(store, make_adapter(), clock).deliver_pending()
    assert report.sent == 6
    for channel in ("C1", "C2"):
        posted = fake.posted(channel)
        assert [m["blocks"][0]["text"]["text"].split("|")[1] for m in posted] == [
            "Story 0>*",
            "Story 1>*",
            "Story 2>*",
        ]
        assert all(m["metadata"]["event_type"] == METADATA_EVENT_TYPE for m in posted)
    rows = [r for aid in ids for r in await store.deliveries_for_article(aid)]
    by_ts = {m["ts"]: m for c in ("C1", "C2") for m in fake.posted(c)}
    for row in rows:
        assert row.status == "sent"
        assert by_ts[row.message_id or ""]["metadata"]["event_payload"] == {"key": row.idem_key}


async def test_crash_after_slack_accepted_is_recovered_not_reposted(
    fake: FakeSlack,
    store: Store,
    clock: FakeClock,
    make_adapter: Callable[..., SlackAdapter],
) -> None:
    aid = await add_article(store, ["C1"], "Posted just before the crash")
    (row,) = await store.deliveries_for_article(aid)
    # The previous process counted an attempt, Slack took the post, and the process died
    # before the store recorded the ts.
    await store.note_attempt(row.id)
    before_crash = make_adapter()
    ts = await before_crash.send(
        ChannelRef("slack", TEAM, "C1"), Post(kind="article", title="x"), row.idem_key
    )

    report = await outbox_for(store, make_adapter(), clock).deliver_pending()
    assert (report.recovered, report.sent) == (1, 0)
    assert len(fake.posted("C1")) == 1
    (row,) = await store.deliveries_for_article(aid)
    assert (row.status, row.message_id) == ("sent", ts)


async def test_hostile_title_through_the_pipeline_reaches_slack_escaped(
    fake: FakeSlack,
    store: Store,
    clock: FakeClock,
    make_adapter: Callable[..., SlackAdapter],
) -> None:
    await add_article(store, ["C1"], "Alert <!channel> <@U123> <http://evil.example|your bank>")
    await outbox_for(store, make_adapter(), clock).deliver_pending()
    [message] = fake.posted("C1")
    assert (
        "&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|your bank&gt;" in (message["text"])
    )
    for raw in ("<!channel>", "<@U123>", "<http://evil"):
        assert raw not in message["text"] and raw not in repr(message["blocks"])


async def test_not_in_channel_pauses_and_is_not_retried(
    fake: FakeSlack,
    store: Store,
    clock: FakeClock,
    make_adapter: Callable[..., SlackAdapter],
) -> None:
    fake.channel_errors["C1"] = "not_in_channel"
    await add_article(store, ["C1", "C2"], "One")
    outbox = outbox_for(store, make_adapter(), clock)
    first = await outbox.deliver_pending()
    assert first.sent == 1  # C2 unaffected
    calls = len(fake.calls_to("chat.postMessage"))
    await outbox.deliver_pending()
    assert len(fake.calls_to("chat.postMessage")) == calls  # no retry storm
    assert fake.posted("C1") == []


async def test_429_from_slack_waits_and_delivers_once(
    fake: FakeSlack,
    store: Store,
    clock: FakeClock,
    make_adapter: Callable[..., SlackAdapter],
) -> None:
    fake.force_429("chat.postMessage", 2, retry_after=3)
    await add_article(store, ["C1"], "Busy")
    outbox = outbox_for(store, make_adapter(), clock)
    for _ in range(5):
        await outbox.deliver_pending()
        if fake.posted("C1"):
            break
        clock.now += 3.0  # what `run` would sleep until the row is due
    assert len(fake.posted("C1")) == 1
    assert len(fake.calls_to("chat.postMessage")) == 3
