"""Issue 20's features used together, as an admin would, through the running app (`App` with
the platform's adapter added as `newsbot run` adds it) on the fake Discord and the fake Slack.

Each part was built and tested on its own; these are the combinations that broke when they met:
a channel's template and `channel test`, a template or style and a same-story edit, threads
(and Discord forums) behind the app's observed adapters, and a forum post's crash recovery when
the forum has a template.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.platform_harness import Item
from tests.test_follow_platforms import DESK_SUMMARY, Chat, chat, local_server, seed_desk
from tests.test_formats_platforms import Chat as FormatsChat
from tests.test_formats_platforms import discord_chat

__all__ = ["chat", "discord_chat", "local_server"]  # fixtures of the follow and formats suites

STORY = "Light rail line opens to the harbour"


def shown(chat: Chat, channel: str | None = None) -> list[str]:
    """Everything each post in the channel shows now (after any edit), oldest first, with
    Discord's markdown escapes resolved."""
    fake: Any = chat.chat.fake  # type: ignore[attr-defined]
    where = channel or chat.channel[2]
    if chat.platform == "discord":
        out = []
        for m in fake.posts(int(where)):
            parts = [m.get("content") or ""]
            for embed in m.get("embeds") or []:
                parts += [embed.get("title", ""), embed.get("description", "")]
                parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
            out.append("\n".join(parts).replace("\\", "").replace("\u200b", "").strip())
        return out
    texts = []
    for m in fake.posted(where):
        parts = []
        for block in m.get("blocks") or []:
            if block["type"] == "section":
                parts.append(block["text"]["text"])
            elif block["type"] == "context":
                parts += [e["text"] for e in block["elements"]]
        texts.append("\n".join(parts))
    return texts


def ids(chat: Chat) -> list[str]:
    return chat.chat.shown()


async def same_story_twice(chat: Chat) -> None:
    """The desk posts STORY, then a second entry of the same story (same title and summary:
    the same story hash), which joins the first post instead of being posted."""
    chat.desk.write([Item("s1", STORY, DESK_SUMMARY, 5.0)])
    await chat.app.run_once()
    assert len(ids(chat)) == 1
    chat.desk.write([Item("s1", STORY, DESK_SUMMARY, 5.0), Item("s2", STORY, DESK_SUMMARY, 4.0)])
    report = await chat.app.run_once()
    assert report.delivery.merged == 1, report.delivery


# -- channel test and the channel's format ---------------------------------------------------------


async def test_a_test_post_takes_the_channels_format_and_keeps_its_mark(chat: Chat) -> None:
    await seed_desk(chat, 1)
    await chat.run("admin", "news", "subscribe", topic="transit")
    answer = await chat.run(
        "admin", "newsadmin", "channel", "format", template="{summary} ({source})"
    )
    assert "Posts here now use the template" in answer
    await chat.run("admin", "newsadmin", "channel", "test")
    await chat.deliver()
    [test] = shown(chat)
    # The template leaves the title out: the mark opens the post instead.
    assert test.strip().startswith("[TEST]"), test
    assert "fare freeze" in test and "(City Desk)" in test
    assert "Light rail update 1" not in test  # the template's layout, not the full one

    await chat.run("admin", "newsadmin", "channel", "format", style="headline", template="off")
    chat.clock.advance(60)  # a second test, a minute later
    await chat.run("admin", "newsadmin", "channel", "test")
    await chat.deliver()
    second = shown(chat)[1]
    assert "[TEST] Light rail update 1" in second
    assert "fare freeze" not in second  # headline: no summary


# -- same-story edits, templates and threads -------------------------------------------------------


async def test_a_same_story_source_reaches_the_thread_and_the_templated_post(chat: Chat) -> None:
    await chat.run("admin", "news", "subscribe", topic="transit")
    await chat.run("admin", "newsadmin", "channel", "set", threads=True)
    await chat.run("admin", "newsadmin", "channel", "format", template="{title} — {summary}")
    await same_story_twice(chat)
    [post_id] = ids(chat)
    [post] = shown(chat)
    assert post.startswith(STORY) and "Also covered by" in post  # the edit shows the source
    [reply] = chat.chat.thread(post_id)  # and the source is in the post's thread, once
    assert STORY in str(reply)
    await chat.deliver()
    assert len(chat.chat.thread(post_id)) == 1


async def test_a_compact_post_shows_a_same_story_source_when_edited(chat: Chat) -> None:
    await chat.run("admin", "news", "subscribe", topic="transit")
    await chat.run("admin", "newsadmin", "channel", "format", style="compact")
    await same_story_twice(chat)
    [post] = shown(chat)
    assert "Also covered by" in post and "City Desk" in post


# -- Discord forums with a template ---------------------------------------------------------------


async def test_a_templated_forum_post_threads_its_story_and_is_found_after_a_crash(
    chat: Chat,
) -> None:
    if chat.platform != "discord":
        pytest.skip("forums are Discord's")
    fake: Any = chat.chat.fake  # type: ignore[attr-defined]
    guild = chat.channel[1]
    forum = fake.add_forum(int(guild), "transit-forum", tags=("Transit", "Sports"))
    key = ("discord", guild, str(forum))
    await chat.store.subscribe(key, topic="transit", by="discord:1")
    await chat.store.set_channel_settings(key, {"template": "{summary} {link}"}, origin="chat")

    chat.desk.write([Item("s(1)", STORY, DESK_SUMMARY, 5.0)])
    await chat.app.run_once()
    [thread] = fake.threads.values()
    assert thread["name"] == STORY
    assert fake.tag_names(forum, thread["applied_tags"]) == ["Transit"]
    [starter] = fake.sent(int(thread["id"]))
    assert "light rail extension" in starter["embeds"][0]["description"]

    # A crash after Discord made the post, before the store recorded it: found, not posted
    # again (its link has parentheses, which the embed's URL holds percent-encoded).
    await chat.store.execute_one(
        "UPDATE deliveries SET status = 'pending', message_id = NULL, sent_at = NULL"
    )
    await chat.deliver()
    assert len(fake.threads) == 1
    [row] = await chat.store.fetchall("SELECT message_id, status FROM deliveries")
    assert tuple(row) == (thread["id"], "sent")

    chat.desk.write([Item("s(1)", STORY, DESK_SUMMARY, 5.0), Item("s2", STORY, DESK_SUMMARY, 4.0)])
    await chat.app.run_once()
    starter, reply = fake.sent(int(thread["id"]))
    assert "Also covered by" in str(starter["embeds"])  # the starter was edited
    assert reply["embeds"][0]["title"].startswith(STORY)  # the source, in the post's thread


def test_the_apps_observed_adapters_keep_threads() -> None:
    """The app sends through `Observer.watch(adapter)`; the outbox replies in threads only to
    an adapter that is a `ThreadAdapter`, so the wrapper must stay one."""
    from bot.adapters.slack import SlackAdapter
    from bot.delivery.ports import ThreadAdapter
    from bot.ops.observer import Observer

    adapter = SlackAdapter(bot_token="xoxb-test", app_token="xapp-test")
    assert isinstance(Observer(clock=lambda: 0.0).watch(adapter), ThreadAdapter)


# -- role mentions and webhooks, with edits and threads -------------------------------------------


async def test_a_same_story_edit_keeps_the_posts_role_mention(chat: Chat) -> None:
    await chat.run("admin", "news", "subscribe", topic="transit")
    fake: Any = chat.chat.fake  # type: ignore[attr-defined]
    if chat.platform == "discord":
        role = str(fake.add_role(int(chat.channel[1]), "transit-desk"))
        await chat.run("admin", "newsadmin", "channel", "set", role=role, topic="transit")
        mention = f"<@&{role}>"
    else:
        await chat.run(
            "admin", "newsadmin", "channel", "set", mention_role="S0DESK", mention_topic="transit"
        )
        mention = "<!subteam^S0DESK>"
    chat.desk.write([Item("s1", STORY, DESK_SUMMARY, 5.0)])
    await chat.app.run_once()
    assert mention in shown(chat)[0]
    await same_story_twice(chat)
    [post] = shown(chat)
    assert "Also covered by" in post  # edited...
    assert mention in post  # ...and still says whom it was for


async def test_a_webhook_post_gets_its_discussion_thread(discord_chat: FormatsChat) -> None:
    chat = discord_chat  # the adapter as `newsbot run` builds it: chat-made webhooks looked up
    await chat.store.subscribe(chat.key, topic="immigration")
    assert (await chat.admin("channel", "set", threads=True)).ok
    answer = await chat.admin("channel", "webhook", name="City Desk")
    assert answer.ok, answer.text
    await chat.publish([Item("w1", "Immigration desk moves")])
    [post] = chat.posts()
    assert post["author"]["username"] == "City Desk"
    thread = chat.fake.threads.get(int(post["id"]))
    assert thread is not None, "no thread was started on the webhook's post"
    assert thread["name"] == "Immigration desk moves"  # named by its headline


# -- config.toml's subscriptions ------------------------------------------------------------------


async def test_unsubscribing_a_config_subscription_is_refused_not_undone_later(
    chat: Chat,
) -> None:
    """`/news unsubscribe` (and the Slack Home's Unsubscribe) of a subscription config.toml
    makes would only last until the next reload put it back: refused, saying where to change
    it, and nothing changes."""
    key = chat.channel
    await chat.store.sync_file_channels([(key, ("transit",), (), {})])
    answer = await chat.run("admin", "news", "unsubscribe", topic="transit")
    assert "config.toml" in answer and "Nothing was changed" in answer
    [sub] = await chat.store.list_subscriptions(key)
    assert (sub.topic, sub.origin) == ("transit", "file")
    assert [e for e in await chat.store.audit(limit=10) if e.action == "unsubscribe"] == []
