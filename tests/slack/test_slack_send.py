"""What reaches Slack when the adapter sends, edits and looks up posts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.adapters.slack import METADATA_EVENT_TYPE, SlackAdapter
from bot.delivery.ports import (
    Adapter,
    ChannelRef,
    PermanentError,
    Post,
    PostQuote,
    RateLimited,
    TransientError,
)
from tests.fakes.slack import FakeSlack

CHANNEL = ChannelRef("slack", "T0TEST", "C1")

POST = Post(
    kind="article",
    title="Council approves new shelter",
    url="https://news.example/shelter?id=1&src=rss",
    summary="The council voted 7-2 on Tuesday.",
    quotes=(PostQuote("We finally have a plan", "Ana Ruiz", "mayor"),),
    topics=("housing", "local"),
    source="Example Times",
)


def test_adapter_satisfies_protocol(make_adapter: Callable[..., SlackAdapter]) -> None:
    adapter = make_adapter()
    assert isinstance(adapter, Adapter)
    assert adapter.platform == "slack"
    assert adapter.limits.per_channel == 1


async def test_send_reaches_fake_with_blocks_text_and_metadata(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    ts = await adapter.send(CHANNEL, POST, "delivery-42")

    [call] = fake.calls_to("chat.postMessage")
    assert call.token == fake.bot_token
    args = call.args
    assert args["channel"] == "C1"
    assert args["metadata"] == {
        "event_type": METADATA_EVENT_TYPE,
        "event_payload": {"key": "delivery-42"},
    }
    assert args["unfurl_links"] is False and args["unfurl_media"] is False
    assert args["text"] == (
        "Council approves new shelter (Example Times)\n"
        "https://news.example/shelter?id=1&amp;src=rss"
    )
    assert args["blocks"] == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*<https://news.example/shelter?id=1&amp;src=rss|"
                "Council approves new shelter>*",
            },
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "The council voted 7-2 on Tuesday."},
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": ">“We finally have a plan”\n>— *Ana Ruiz*, mayor"},
        },
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "Source: Example Times"},
                {"type": "mrkdwn", "text": "Topics: housing, local"},
            ],
        },
    ]
    [stored] = fake.posted("C1")
    assert stored["ts"] == ts


async def test_unfurl_follows_setting(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    await make_adapter(unfurl=True).send(CHANNEL, POST, "k1")
    [call] = fake.calls_to("chat.postMessage")
    assert call.args["unfurl_links"] is True and call.args["unfurl_media"] is True


async def test_hostile_feed_title_reaches_fake_escaped(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    hostile = "Read this <!channel> <!here> <@U123> <http://evil.example|your bank> & more"
    post = Post(kind="article", title=hostile, url="https://news.example/a", source="<!here>")
    await make_adapter().send(CHANNEL, post, "k-hostile")

    [call] = fake.calls_to("chat.postMessage")
    payload = repr(call.args["blocks"]) + call.args["text"]
    for raw in ("<!channel>", "<!here>", "<@U123>", "<http://evil.example"):
        assert raw not in payload
    assert "&lt;!channel&gt;" in call.args["text"]
    assert "&lt;@U123&gt;" in call.args["text"]
    title = call.args["blocks"][0]["text"]["text"]
    assert title == (
        "*<https://news.example/a|Read this &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; "
        "&lt;http://evil.example∣your bank&gt; &amp; more>*"
    )
    # the only link is ours: exactly one "<" in the title block
    assert title.count("<") == 1


async def test_unsafe_url_is_not_linked(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    post = Post(kind="article", title="Click", url="javascript:alert(1)")
    await make_adapter().send(CHANNEL, post, "k-js")
    [call] = fake.calls_to("chat.postMessage")
    assert call.args["blocks"][0]["text"]["text"] == "*Click*"
    assert "javascript" not in call.args["text"]


async def test_resend_after_crash_finds_the_post_and_posts_nothing(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    first = make_adapter()
    ts = await first.send(CHANNEL, POST, "delivery-7")
    for n in range(5):  # other traffic after ours
        await first.send(CHANNEL, POST, f"other-{n}")
    # "crash": the first adapter is gone without telling anyone the ts
    restarted = make_adapter()
    assert await restarted.find(CHANNEL, "delivery-7") == ts
    assert await restarted.find(CHANNEL, "never-sent") is None
    [history, *_] = fake.calls_to("conversations.history")
    assert str(history.args["include_all_metadata"]).lower() in ("1", "true")
    assert len(fake.posted("C1")) == 6


async def test_find_pages_through_history_within_limit(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter(history_limit=150)
    ts = await adapter.send(CHANNEL, POST, "old")
    for _ in range(120):
        fake.add_message("C1")
    assert await make_adapter(history_limit=150).find(CHANNEL, "old") == ts
    assert len(fake.calls_to("conversations.history")) == 2
    # beyond the window: not found (documented limit)
    assert await make_adapter(history_limit=100).find(CHANNEL, "old") is None


async def test_find_with_small_pages_and_rate_limited_history(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter(history_limit=45, history_page_size=15)
    ts = await adapter.send(CHANNEL, POST, "early")
    for _ in range(30):
        fake.add_message("C1")
    fake.force_429("conversations.history", 1, retry_after=60)
    with pytest.raises(RateLimited) as caught:
        await adapter.find(CHANNEL, "early")
    assert caught.value.retry_after == 60.0
    assert await adapter.find(CHANNEL, "early") == ts
    pages = fake.calls_to("conversations.history")[1:]
    assert [int(c.args["limit"]) for c in pages] == [15, 15, 15]


async def test_send_same_key_twice_in_one_process_posts_once(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    ts1 = await adapter.send(CHANNEL, POST, "k")
    ts2 = await adapter.send(CHANNEL, POST, "k")
    assert ts1 == ts2
    assert len(fake.posted("C1")) == 1


async def test_in_doubt_send_is_looked_up_before_resending(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    fake.force_status("chat.postMessage", 1, status=503)
    with pytest.raises(TransientError):
        await adapter.send(CHANNEL, POST, "k-doubt")
    await adapter.send(CHANNEL, POST, "k-doubt")
    assert len(fake.calls_to("conversations.history")) == 1
    assert len(fake.posted("C1")) == 1


async def test_forced_429s_then_delivered_once_honouring_retry_after(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    fake.force_429("chat.postMessage", 3, retry_after="0.01")
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    for _ in range(10):  # what the outbox does: wait Retry-After, resend the same key
        try:
            ts = await adapter.send(CHANNEL, POST, "k-429")
            break
        except RateLimited as e:
            await fake_sleep(e.retry_after)
    else:
        pytest.fail("never delivered")
    assert waited == [0.01, 0.01, 0.01]
    assert len(fake.calls_to("chat.postMessage")) == 4  # no hidden retries inside slack_sdk
    assert [m["ts"] for m in fake.posted("C1")] == [ts]


async def test_rate_limit_window_answers_retry_after(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    now = [0.0]
    fake.clock = lambda: now[0]
    fake.rate_limit("chat.postMessage", calls=1, per_seconds=1.0, retry_after=1)
    adapter = make_adapter()
    await adapter.send(CHANNEL, POST, "a")
    with pytest.raises(RateLimited) as caught:
        await adapter.send(CHANNEL, POST, "b")
    assert caught.value.retry_after == 1.0
    now[0] = 1.5
    await adapter.send(CHANNEL, POST, "b")
    assert len(fake.posted("C1")) == 2


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
async def test_channel_errors_are_permanent(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter], error: str
) -> None:
    fake.channel_errors["C1"] = error
    adapter = make_adapter()
    with pytest.raises(PermanentError) as caught:
        await adapter.send(CHANNEL, POST, "k")
    assert caught.value.reason == error
    assert caught.value.channel == CHANNEL
    with pytest.raises(PermanentError):
        await adapter.find(CHANNEL, "k")
    assert fake.posted("C1") == []


async def test_bad_token_is_permanent(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter(bot_token="xoxb-wrong")
    with pytest.raises(PermanentError) as caught:
        await adapter.send(CHANNEL, POST, "k")
    assert caught.value.reason == "invalid_auth"


async def test_server_error_is_transient(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    fake.force_status("chat.postMessage", 1, status=500)
    with pytest.raises(TransientError):
        await make_adapter().send(CHANNEL, POST, "k")


async def test_network_failure_is_transient(make_adapter: Callable[..., SlackAdapter]) -> None:
    # a port nothing listens on: the fake's port after it closed
    async with FakeSlack() as gone:
        base_url = gone.base_url
    adapter = make_adapter(base_url=base_url)
    with pytest.raises(TransientError):
        await adapter.send(CHANNEL, POST, "k")


async def test_edit_updates_the_message(
    fake: FakeSlack, make_adapter: Callable[..., SlackAdapter]
) -> None:
    adapter = make_adapter()
    ts = await adapter.send(CHANNEL, POST, "k")
    covered = Post(
        kind="article",
        title=POST.title,
        url=POST.url,
        also_covered_by=(("Other Paper", "https://other.example/x"),),
    )
    await adapter.edit(CHANNEL, ts, covered)
    [edit] = fake.calls_to("chat.update")
    assert edit.args["ts"] == ts
    [stored] = fake.posted("C1")
    assert stored["blocks"][-1] == {
        "type": "context",
        "elements": [
            {
                "type": "mrkdwn",
                "text": "Also covered by: <https://other.example/x|Other Paper>",
            }
        ],
    }
    with pytest.raises(PermanentError) as caught:
        await adapter.edit(CHANNEL, "1.000", covered)
    assert caught.value.reason == "message_not_found"
