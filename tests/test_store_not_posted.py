"""Issue 19, pages: an article recorded but not posted keeps why (`articles.not_posted`,
migration v4), and a database written before v4 is upgraded with its rows intact."""

from __future__ import annotations

import dataclasses

import pytest

from bot.store import LATEST, NewArticle, SourceSpec, open_store, schema
from bot.store.pgschema import PG_MIGRATIONS
from tests.pgtarget import BACKENDS
from tests.test_store import column_names

both = pytest.mark.parametrize("backend", BACKENDS, indirect=True)


class Clock:
    def __call__(self) -> float:
        return 1_800_000_000.0


LISTING = "the page is a listing, not an article (14 linked headlines, each with a teaser)"


@both
async def test_seen_rows_keep_their_reason_and_posted_rows_have_none(db_target: str) -> None:
    store = await open_store(db_target, clock=Clock())
    try:
        assert LATEST >= 5  # v5 added `not_posted`
        [src] = await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        refused = NewArticle(src.id, "front", "https://a.example/", "Front", None)
        assert await store.record_seen([dataclasses.replace(refused, not_posted=LISTING)]) == 1
        # a posted article never carries a reason, even one handed in by mistake
        story = NewArticle(src.id, "e1", "https://a.example/1", "Story", None, not_posted="x")
        await store.record_article(story, [("console", "", "a")])
        found = await store.find_article("https://a.example/")
        posted = await store.find_article("https://a.example/1")
        assert found is not None and found.not_posted == LISTING
        assert posted is not None and posted.not_posted is None
        assert [a.title for a in await store.latest_articles()] == ["Story"]
    finally:
        await store.close()


@both
async def test_a_v3_database_is_upgraded_with_its_articles(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = db_target
    monkeypatch.setattr("bot.store.db.MIGRATIONS", schema.MIGRATIONS[:3])
    monkeypatch.setattr("bot.store.db.LATEST", 3)
    monkeypatch.setattr("bot.store.db.PG_MIGRATIONS", PG_MIGRATIONS[:3])
    monkeypatch.setattr("bot.store.db.PG_LATEST", 3)
    store = await open_store(path, clock=Clock())
    try:
        [src] = await store.sync_sources([SourceSpec("s", "/x.xml", "file")])
        async with store.transaction() as db:
            await db.execute(
                "INSERT INTO articles (source_id, entry_id, title, first_seen_at, posted)"
                " VALUES (?, 'old', 'Old backlog', 1, 0)",
                (src.id,),
            )
    finally:
        await store.close()
    monkeypatch.undo()
    store = await open_store(path, clock=Clock())
    try:
        assert await store.version() == LATEST
        assert "not_posted" in await column_names(store, "articles")
        old = await store.find_article("old")
        assert old is not None and old.title == "Old backlog" and old.not_posted is None
    finally:
        await store.close()
