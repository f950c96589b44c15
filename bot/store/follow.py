"""Queries behind following a feed from chat, backfill and test posts.

Backfill rows are ordinary ``article`` outbox rows with the key the pipeline would have given
them (`delivery_key("article", …)`), so the unique index on article × channel makes them
idempotent: an article already posted, queued, merged or digested in a channel is never queued
there again, whichever of backfill or a poll got there first.

A test post is a row of its own kind, ``test``, keyed by the article and the moment the admin
asked (``delivery_key("test", ref + "|" + nonce, …)``). It is outside that unique index, so it
never stands for the article's real delivery: the real post still goes out when due, and a
later test of the same article is a new post rather than a silent no-op.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.articles import _SELECT, _article, article_ref, delivery_key, topics_any
from bot.store.db import Database
from bot.store.engine import Tx
from bot.store.rows import ArticleRow, SourceRow
from bot.store.sources import _source

__all__ = ["FollowMixin"]

Channel = tuple[str, str, str]  # platform, workspace, channel


class FollowMixin(Database):
    async def source_by_url(self, url: str) -> SourceRow | None:
        """The source (active first, then removed) that polls exactly `url`, if any."""
        row = await self.fetchone(
            "SELECT * FROM sources WHERE url = ? ORDER BY paused, id LIMIT 1", (url,)
        )
        return _source(row) if row else None

    async def recent_matching(
        self,
        channel: Channel,
        *,
        topics: Sequence[str],
        sources: Sequence[str],
        limit: int,
        unposted_only: bool,
    ) -> list[ArticleRow]:
        """Posted (enriched) articles on one of `topics` or from one of `sources`, newest
        first. `unposted_only`: leave out those that already have an article row in
        `channel` (sent, pending, merged, digested or failed)."""
        if not topics and not sources:
            return []
        s_marks = ",".join("?" * len(sources)) or "NULL"
        t_sql, t_params = topics_any(self.dialect, topics)
        sql = _SELECT + f" WHERE a.posted = 1 AND (s.name IN ({s_marks}) OR {t_sql})"
        params: list[object] = [*sources, *t_params]
        if unposted_only:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.article_id = a.id"
                " AND d.kind = 'article' AND d.platform = ? AND d.workspace = ?"
                " AND d.channel = ?)"
            )
            params.extend(channel)
        sql += " ORDER BY COALESCE(a.published, a.first_seen_at) DESC, a.id DESC LIMIT ?"
        params.append(limit)
        return [_article(r) for r in await self.fetchall(sql, params)]

    async def queue_backfill(self, channel: Channel, articles: Sequence[ArticleRow]) -> int:
        """Queue `articles` (in the order given) for `channel` as ordinary article rows;
        returns how many were queued (none for an article the channel already has)."""
        now = self.clock()
        queued = 0
        async with self.transaction() as db:
            for a in articles:
                key = delivery_key(
                    "article",
                    article_ref(a.source_name, await _url_of(db, a.source_id), a.entry_id),
                    *channel,
                    installation=self.installation_id,
                )
                cur = await db.execute(
                    """INSERT INTO deliveries (article_id, platform, workspace, channel, kind,
                         idem_key, created_at, not_before)
                       VALUES (?, ?, ?, ?, 'article', ?, ?, ?) ON CONFLICT DO NOTHING""",
                    (a.id, *channel, key, now, now),
                )
                queued += cur.rowcount
        return queued

    async def queue_test(self, channel: Channel, article: ArticleRow, nonce: str) -> bool:
        """Queue one test post of `article` in `channel` (see the module docstring)."""
        async with self.transaction() as db:
            ref = article_ref(
                article.source_name, await _url_of(db, article.source_id), article.entry_id
            )
            key = delivery_key(
                "test", f"{ref}|{nonce}", *channel, installation=self.installation_id
            )
            cur = await db.execute(
                """INSERT INTO deliveries (article_id, platform, workspace, channel, kind,
                     idem_key, created_at, not_before)
                   VALUES (?, ?, ?, ?, 'test', ?, ?, 0) ON CONFLICT DO NOTHING""",
                (article.id, *channel, key, self.clock()),
            )
            return cur.rowcount > 0


async def _url_of(db: Tx, source_id: int) -> str:
    row = await (await db.execute("SELECT url FROM sources WHERE id = ?", (source_id,))).fetchone()
    return str(row[0]) if row else ""
