from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.commands import Caller, CommandError, Commands, parse_command
from bot.config import parse_config
from bot.store import NewArticle, SourceSpec, Store, open_store
from tests.platform_harness import desk_config

CONFIG = desk_config("Desk", immigration=("ICE", "immigration"))

NOW = 1_800_000_000.0
MEMBER = Caller("slack", "T1", "C1", "U1")
MOD = Caller("slack", "T1", "C1", "U2", can_manage_channel=True)
ADMIN = Caller("slack", "T1", "C1", "U3", can_manage_channel=True, is_admin=True)


@pytest.fixture
async def store(db_target: str) -> AsyncIterator[Store]:
    s = await open_store(db_target, clock=lambda: NOW)
    [src] = await s.sync_sources([SourceSpec("Desk", "/feed.xml", "file")])
    await s.record_article(
        NewArticle(
            src.id,
            "e1",
            "https://d.example/1",
            "Council backs light rail",
            NOW - 60,
            summary="The vote was 7-2.",
            topics=(("transit", 2.0),),
        )
    )
    await s.record_article(
        NewArticle(
            src.id,
            "e2",
            "https://d.example/2",
            "ICE detains twelve",
            NOW - 30,
            topics=(("immigration", 3.0),),
        )
    )
    yield s
    await s.close()


@pytest.fixture
def commands(store: Store) -> Commands:
    return Commands(store, parse_config(CONFIG), clock=lambda: NOW)


async def test_subscribe_needs_manage_channel_and_changes_nothing_when_refused(
    commands: Commands, store: Store
) -> None:
    refused = await commands.call("subscribe", MEMBER, topic="immigration")
    assert not refused.ok and "Manage Channels" in refused.text
    assert await store.list_subscriptions(MEMBER.channel_key) == []
    done = await commands.call("subscribe", MOD, topic="Immigration")
    assert done.ok and "immigration" in done.text
    [sub] = await store.list_subscriptions(MOD.channel_key)
    assert (sub.topic, sub.origin, sub.created_by) == ("immigration", "chat", "slack:U2")
    again = await commands.call("subscribe", MOD, topic="immigration")
    assert "already" in again.text


async def test_unknown_topic_lists_the_real_ones(commands: Commands) -> None:
    reply = await commands.call("subscribe", MOD, topic="sports")
    assert not reply.ok
    assert "immigration" in reply.text and "transit" in reply.text


async def test_latest_search_and_topic_filter(commands: Commands) -> None:
    latest = await commands.call("latest", MEMBER)
    assert [i.title for i in latest.items] == ["ICE detains twelve", "Council backs light rail"]
    only = await commands.call("latest", MEMBER, topic="transit", count=3)
    assert [i.title for i in only.items] == ["Council backs light rail"]
    found = await commands.call("search", MEMBER, query="light rail")
    assert [i.url for i in found.items] == ["https://d.example/1"]
    bad = await commands.call("latest", MEMBER, count=50)
    assert not bad.ok and "between 1 and 10" in bad.text


async def test_admin_commands_refused_to_non_admins(commands: Commands, store: Store) -> None:
    reply = await commands.call("topic_add", MOD, name="sports", keywords="football")
    assert not reply.ok and "admins" in reply.text
    assert await store.all_settings() == {}
    assert await store.audit() == []


async def test_topic_edits_are_validated_stored_audited_and_live(
    commands: Commands, store: Store
) -> None:
    bad = await commands.call("topic_add", ADMIN, name="bad name!", keywords="x")
    assert not bad.ok and "name" in bad.text
    ok = await commands.call("topic_add", ADMIN, name="sports", keywords="football, rugby")
    assert ok.ok
    config = await commands.config()
    sports = next(t for t in config.topics if t.name == "sports")
    assert sports.keywords == ("football", "rugby")
    [entry] = await store.audit()
    assert (entry.actor, entry.action, entry.subject) == ("slack:U3", "topic add", "topic:sports")
    assert entry.before is None and entry.after["keywords"] == ["football", "rugby"]
    await commands.call("topic_remove", ADMIN, name="immigration")
    assert [t.name for t in (await commands.config()).topics] == ["transit", "sports"]


async def test_channel_set_validates_like_the_config_file(commands: Commands, store: Store) -> None:
    bad = await commands.call("channel_set", ADMIN, quiet_hours="late")
    assert not bad.ok and "HH:MM-HH:MM" in bad.text
    assert await store.channel_settings(ADMIN.channel_key) == {}
    ok = await commands.call("channel_set", ADMIN, max_posts_per_hour=4, quiet_hours="22:00-07:00")
    assert ok.ok
    settings = await store.channel_settings(ADMIN.channel_key)
    assert settings["max_posts_per_hour"] == 4 and settings["quiet_hours"] == "22:00-07:00"


async def test_chat_cannot_add_file_sources_or_private_schemes(commands: Commands) -> None:
    file_ = await commands.call("source_add", ADMIN, name="etc", url="/etc/passwd", kind="file")
    assert not file_.ok and "config.toml" in file_.text
    ftp = await commands.call("source_add", ADMIN, name="x", url="file:///etc/passwd")
    assert not ftp.ok and "http" in ftp.text
    ok = await commands.call(
        "source_add", ADMIN, name="News", url="https://n.example/rss", topics="transit"
    )
    assert ok.ok
    assert (await commands.store.get_source("News")).origin == "chat"


@pytest.mark.parametrize(
    ("command", "text", "handler", "kwargs"),
    [
        ("news", "", "help", {}),
        ("news", "subscribe immigration", "subscribe", {"topic": "immigration"}),
        ("news", "search light rail fares", "search", {"query": "light rail fares"}),
        ("news", "latest 3", "latest", {"count": 3}),
        ("news", "latest transit 2", "latest", {"topic": "transit", "count": 2}),
        (
            "newsadmin",
            'topic add sports keywords="football, rugby"',
            "topic_add",
            {"name": "sports", "keywords": "football, rugby"},
        ),
        (
            "newsadmin",
            "channel set max_posts_per_hour=5 quiet_hours=22:00-07:00",
            "channel_set",
            {"max_posts_per_hour": 5, "quiet_hours": "22:00-07:00"},
        ),
    ],
)
def test_parse_text_commands(
    command: str, text: str, handler: str, kwargs: dict[str, object]
) -> None:
    parsed = parse_command(command, text)
    assert (parsed.handler, parsed.kwargs) == (handler, kwargs)


@pytest.mark.parametrize(
    ("command", "text", "message"),
    [
        ("news", "subscirbe immigration", "Unknown subcommand 'subscirbe'"),
        ("news", "subscribe", "subscribe needs topic"),
        ("news", "latest transit many", "count must be a number"),
        ("newsadmin", "channel set colour=red", "Unknown option 'colour'"),
        ("newsadmin", 'topic add "unclosed', "check your quotes"),
    ],
)
def test_bad_text_commands_get_helpful_messages(command: str, text: str, message: str) -> None:
    with pytest.raises(CommandError) as info:
        parse_command(command, text)
    assert message in info.value.message


async def test_run_text_end_to_end(commands: Commands, store: Store) -> None:
    reply = await commands.run_text("news", MOD, "subscribe transit")
    assert reply.ok
    assert [s.topic for s in await store.list_subscriptions(MOD.channel_key)] == ["transit"]
    reply = await commands.run_text("newsadmin", MOD, "source pause Desk")
    assert not reply.ok
    assert not (await store.get_source("Desk")).paused


async def test_channel_resume_after_a_platform_refusal(commands: Commands, store: Store) -> None:
    await commands.call("subscribe", MOD, topic="transit")
    assert await store.pause_channel(MOD.channel_key, "not_in_channel")
    assert (await commands.call("channel_resume", MOD)).ok is False  # admins only
    assert all(s.paused for s in await store.list_subscriptions(MOD.channel_key))
    reply = await commands.run_text("newsadmin", ADMIN, "channel resume")
    assert reply.ok and "again" in reply.text
    assert not any(s.paused for s in await store.list_subscriptions(MOD.channel_key))
    assert (await commands.call("channel_resume", ADMIN)).text == "This channel is not paused."
