"""Who owns a source, what a reload does to it, and runs without network (issue 18)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.app import App
from bot.commands import Caller, Commands
from bot.config import parse_config
from bot.pipeline import Pipeline
from bot.store import NewArticle, SourceSpec, StoreError, open_store
from bot.workers import WorkerPool
from tests.support import FakeClock, temp_store

ADMIN = Caller("slack", "T1", "C1", "U3", can_manage_channel=True, is_admin=True)
TWO_SOURCES = """
[database]
path = "bot.db"
[[sources]]
name = "A"
kind = "file"
path = "a.xml"
[[sources]]
name = "B"
kind = "file"
path = "b.xml"
"""


async def test_a_chat_source_declared_in_config_is_taken_over_with_its_history(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    async with temp_store(tmp_path / "bot.db", clock) as store:
        chat = await store.add_source(
            SourceSpec("A", "https://a.example/rss", "feed", (), origin="chat")
        )
        await store.record_article(NewArticle(chat.id, "e1", "https://a.example/1", "One", None))
    (tmp_path / "a.xml").write_text("<rss/>")
    (tmp_path / "b.xml").write_text("<rss/>")
    (tmp_path / "config.toml").write_text(TWO_SOURCES)
    config = parse_config(TWO_SOURCES, base_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        app = await App.open(config, {}, clock=clock, processes=0)
    try:
        a = await app.store.get_source("A")
        assert (a.id, a.origin, a.kind) == (chat.id, "file", "file")
        assert await app.store.known_entries(a.id, ["e1"])  # its history came with it
        assert "'A' was added from chat; config.toml now declares it" in caplog.text
    finally:
        await app.close()


async def test_a_reload_that_drops_every_source_warns_and_a_broken_file_changes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(TWO_SOURCES)
    app = await App.open(
        parse_config(TWO_SOURCES, base_dir=tmp_path), {}, clock=FakeClock(), processes=0
    )
    try:
        path.write_text(TWO_SOURCES + "[[sources]\nname = ")  # half-written: not TOML
        assert await app.reload_config(path) is not None
        assert [s.name for s in await app.store.list_sources()] == ["A", "B"]

        path.write_text('[database]\npath = "bot.db"\n')
        with caplog.at_level(logging.WARNING, logger="bot.app"):
            assert await app.reload_config(path) is None
        assert "reload would remove all 2 sources declared in config.toml (A, B)" in caplog.text
        assert await app.store.list_sources() == []

        caplog.clear()
        path.write_text(TWO_SOURCES)
        with caplog.at_level(logging.INFO, logger="bot.app"):
            assert await app.reload_config(path) is None
        assert [s.name for s in await app.store.list_sources()] == ["A", "B"]
        assert "remove all" not in caplog.text and "restored with its history" in caplog.text
    finally:
        await app.close()


def test_plan_renames_only_a_dropped_or_removed_row_of_the_same_feed() -> None:
    from bot.store import SourceRow, plan_sources

    specs = [SourceSpec("New", "https://x.example/rss", "feed")]

    def row(i: int, name: str, origin: str, removed: bool = False) -> SourceRow:
        return SourceRow(
            i,
            name,
            "https://x.example/rss",
            "feed",
            origin,
            (),
            600.0,
            None,
            None,
            0,
            None,
            None,
            None,
            None,
            removed,
            True,
            removed,
        )

    # An active chat source of the same URL is someone else's: not taken.
    plan = plan_sources(specs, [row(1, "Chat", "chat")])
    assert plan.declared[0].change == "new" and plan.others[0].name == "Chat"
    # A file row this sync drops, or a removed row, is the same feed renamed.
    assert plan_sources(specs, [row(1, "Old", "file")]).declared[0].change == "renamed"
    assert plan_sources(specs, [row(1, "Gone", "chat", True)]).declared[0].change == "renamed"
    # Declared by name elsewhere: not renamed away from its own declaration.
    both = [*specs, SourceSpec("Old", "https://x.example/rss", "feed")]
    plan = plan_sources(both, [row(1, "Old", "file")])
    assert [p.change for p in plan.declared] == ["new", "kept"]


async def test_a_chat_source_removed_and_added_again_keeps_its_history(tmp_path: Path) -> None:
    clock = FakeClock()
    async with temp_store(tmp_path / "bot.db", clock) as store:
        commands = Commands(store, parse_config(""), clock=clock)
        added = await commands.call("source_add", ADMIN, name="N", url="https://n.example/rss")
        assert added.ok, added.text
        first = await store.get_source("N")
        await store.record_poll_success(first.id, etag=None, last_modified=None, next_poll_at=0)
        assert (await commands.call("source_remove", ADMIN, name="N")).ok
        again = await commands.call("source_add", ADMIN, name="N", url="https://n.example/rss")
        assert again.ok, again.text
        back = await store.get_source("N")
        assert (back.id, back.polled_once, back.removed, back.paused) == (
            first.id,
            True,
            False,
            False,
        )


async def test_chat_refuses_internal_addresses_unless_private_networks_are_allowed(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    async with temp_store(tmp_path / "bot.db", clock) as store:
        commands = Commands(store, parse_config(""), clock=clock)
        for url in (
            "http://169.254.169.254/latest",
            "http://127.0.0.1:8080/f",
            "http://localhost/",
        ):
            refused = await commands.call("source_add", ADMIN, name="X", url=url)
            assert not refused.ok and "allow_private_networks" in refused.text, url
        long = await commands.call(
            "source_add", ADMIN, name="X", url="https://x.example/" + "a" * 3000
        )
        assert not long.ok and "characters long" in long.text
        private = Commands(
            store, parse_config("[network]\nallow_private_networks = true\n"), clock=clock
        )
        assert (await private.call("source_add", ADMIN, name="X", url="http://127.0.0.1/f")).ok


async def test_without_a_client_network_sources_are_skipped_not_failed(tmp_path: Path) -> None:
    clock = FakeClock()
    config = parse_config("[posting]\npause_after_failures = 1\n")
    async with temp_store(tmp_path / "bot.db", clock) as store:
        src = await store.add_source(
            SourceSpec("N", "https://n.example/rss", "feed", origin="opml")
        )
        pipeline = Pipeline(store, config, client=None, workers=WorkerPool(0), clock=clock)
        for _ in range(3):
            outcome = await pipeline.poll(await store.get_source("N"))
            assert outcome.status == "skipped"
        after = await store.get_source("N")
        assert (after.error_count, after.paused) == (0, False) and after.id == src.id


async def test_a_read_only_store_refuses_every_write_and_leaves_the_file_alone(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    path = tmp_path / "bot.db"
    async with temp_store(path, clock) as store:
        await store.sync_sources([SourceSpec("A", "/a.xml", "file")])
    before = path.read_bytes()
    store = await open_store(path, clock=clock, readonly=True)
    try:
        assert [s.name for s in await store.list_sources()] == ["A"]
        with pytest.raises(StoreError, match="read-only"):
            await store.sync_sources([])
    finally:
        await store.close()
    assert path.read_bytes() == before
    with pytest.raises(StoreError, match="no database yet"):
        await open_store(tmp_path / "none" / "x.db", clock=clock, readonly=True)
    assert not (tmp_path / "none").exists()
