"""Thread replies and alert DMs: one scenario each, against the fake Discord and the fake Slack
(tests/platform_harness.py), through the real outbox and the real adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.delivery.outbox import Outbox
from bot.delivery.ports import Adapter
from bot.store import Store, open_store
from tests.platform_harness import PLATFORMS, ChatFake, add_article, outbox_for, start_chat
from tests.support import FakeClock

STORY = 0x5A5A_1234_F0F0_0F0F


@pytest.fixture(params=PLATFORMS)
async def chat(request: pytest.FixtureRequest) -> AsyncIterator[ChatFake]:
    started = await start_chat(request.param)
    yield started
    await started.close()


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    opened = await open_store(tmp_path / "news.db", clock=clock)
    yield opened
    await opened.close()


async def test_a_same_story_source_goes_into_the_posts_thread_once_and_edits_the_post(
    chat: ChatFake, store: Store, clock: FakeClock
) -> None:
    await store.set_channel_settings(chat.channel, {"threads": True}, origin="chat")
    outbox = outbox_for(store, await chat.adapter(), clock)
    await add_article(
        store,
        [chat.channel],
        "Council approves light rail line",
        summary="First.",
        story_hash=STORY,
    )
    assert (await outbox.deliver_pending()).sent == 1
    [post] = chat.shown()
    assert chat.thread(post) == []  # the discussion thread exists (Discord) and is empty

    clock.advance(60)
    await add_article(
        store,
        [chat.channel],
        "Light rail line approved by council",
        summary="Second.",
        story_hash=STORY,
    )
    report = await outbox.deliver_pending()
    assert (report.sent, report.merged, report.edited, report.replied) == (0, 1, 1, 1)
    assert chat.shown() == [post]  # no second post in the channel
    assert "Also covered by" in chat.text_of(post) or "also covered" in chat.text_of(post).lower()
    [reply] = chat.thread(post)
    assert "Light rail line approved by council" in str(reply)

    # Nothing more on the next passes.
    await outbox.deliver_pending()
    assert len(chat.thread(post)) == 1


async def test_a_thread_reply_sent_before_a_crash_is_found_not_sent_again(
    chat: ChatFake, store: Store, clock: FakeClock
) -> None:
    await store.set_channel_settings(chat.channel, {"threads": True}, origin="chat")
    outbox = outbox_for(store, await chat.adapter(), clock)
    await add_article(store, [chat.channel], "Storm closes port", summary="A.", story_hash=STORY)
    await outbox.deliver_pending()
    [post] = chat.shown()
    await add_article(store, [chat.channel], "Port closed by storm", summary="B.", story_hash=STORY)
    await outbox.deliver_pending()
    assert len(chat.thread(post)) == 1
    # The crash: the reply reached the platform, the store never heard (attempts counted).
    await store.execute_one(
        "UPDATE deliveries SET message_id = NULL, needs_edit = 0 WHERE status = 'merged'"
    )
    await store.execute_one("UPDATE deliveries SET needs_edit = 1 WHERE status = 'sent'")
    restarted = outbox_for(store, await chat.adapter(), clock)
    report = await restarted.deliver_pending()
    assert report.replied == 1  # settled by finding it
    assert len(chat.thread(post)) == 1
    [merged] = await store.fetchall("SELECT message_id FROM deliveries WHERE status = 'merged'")
    assert merged[0] == chat.thread(post)[0].get("id", chat.thread(post)[0].get("ts"))


async def test_without_threads_the_post_is_edited_and_nothing_is_replied(
    chat: ChatFake, store: Store, clock: FakeClock
) -> None:
    outbox = outbox_for(store, await chat.adapter(), clock)
    await add_article(store, [chat.channel], "Storm closes port", summary="A.", story_hash=STORY)
    await outbox.deliver_pending()
    await add_article(store, [chat.channel], "Port closed by storm", summary="B.", story_hash=STORY)
    report = await outbox.deliver_pending()
    assert (report.edited, report.replied) == (1, 0)


def alerting_outbox(store: Store, adapter: Adapter, clock: FakeClock, per_day: int) -> Outbox:
    return Outbox(
        store,
        {adapter.platform: adapter},
        clock=clock,
        sleep=clock.sleep,
        random=lambda: 0.5,
        alerts_per_day=per_day,
    )


async def test_an_alert_dms_each_matching_article_once_per_person_capped_per_day(
    chat: ChatFake, store: Store, clock: FakeClock
) -> None:
    platform, workspace, _ = chat.channel
    await store.add_alert(platform, workspace, chat.person, "Light Rail")
    await store.add_alert(platform, "another-workspace", "777000", "light rail")
    outbox = alerting_outbox(store, await chat.adapter(), clock, per_day=2)

    # Posted in two channels of the workspace: one DM. Not matching ("trail"): none.
    await add_article(
        store, [chat.channel, chat.channel2], "Light rail opens", summary="Trains run."
    )
    await add_article(store, [chat.channel], "Mountain trail reopens", summary="Hikers.")
    report = await outbox.deliver_pending()
    assert (report.sent, report.alerted) == (4, 1)
    [dm] = chat.dms(chat.person)
    assert "Light rail opens" in str(dm) and "your alert: Light Rail" in str(dm)
    assert chat.dms("777000") == []  # an alert made elsewhere sees nothing here

    # Two more matching articles: the cap (2 a day) lets one through.
    await add_article(store, [chat.channel], "Light rail fares cut", summary="Cheaper.")
    await add_article(store, [chat.channel], "Light rail extended", summary="Longer.")
    await outbox.deliver_pending()
    await outbox.deliver_pending()
    assert len(chat.dms(chat.person)) == 2

    # A day later the cap has room again.
    clock.advance(86_400 + 1)
    await add_article(store, [chat.channel], "Light rail strike", summary="No trains.")
    await outbox.deliver_pending()
    assert len(chat.dms(chat.person)) == 3
