"""Articles: what has been seen (dedup), recorded together with its outbox rows."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.store.db import Database
from bot.store.engine import Dialect, Row, Tx, one_of
from bot.store.pgschema import SEARCH_CONFIG, SEARCH_DOCUMENT
from bot.store.rows import ArticleRow

__all__ = ["ArticlesMixin", "NewArticle", "article_ref", "delivery_key", "topics_any"]


@dataclass(frozen=True, slots=True)
class NewArticle:
    source_id: int
    entry_id: str
    url: str | None
    title: str
    published: float | None
    summary: str = ""
    quotes: tuple[tuple[str, str | None, str | None], ...] = ()
    topics: tuple[tuple[str, float], ...] = ()
    image: str | None = None
    content_hash: str = ""
    story_hash: int | None = None
    posted: bool = True  # False: recorded as seen only (first-run policy, too old)
    not_posted: str | None = None  # why, in words, when `posted` is False


def delivery_key(
    kind: str, ref: str, platform: str, workspace: str, channel: str, *, installation: str
) -> str:
    """The idempotency key of one outbox row: derived from what the row is, so a retry after a
    crash carries the same key, and from the installation (the database's random id), so
    another installation posting the same thing to the same channel has other keys. `ref`
    must name the thing itself, never a local row id: ids are reused after a restore.
    25 characters at most (Discord's nonce limit)."""
    digest = hashlib.blake2b(
        f"{installation}|{kind}|{ref}|{platform}|{workspace}|{channel}".encode(), digest_size=12
    ).hexdigest()
    return "nb" + digest[:23]


def article_ref(source_name: str, source_url: str, entry_id: str) -> str:
    """An article's identity for its keys: what the store deduplicates it by (its source and
    entry id), by name and URL rather than row ids, so an article recorded again after a
    restore gets the keys of its first recording, and a different one never does."""
    return "\x1f".join((source_name, source_url, entry_id))


_INSERT_ARTICLE = """INSERT INTO articles (source_id, entry_id, url, title, published, summary,
     quotes, topics, image, content_hash, story_hash, first_seen_at, posted, not_posted)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (source_id, entry_id) DO NOTHING"""
_INSERT_ARTICLE_ID = _INSERT_ARTICLE + " RETURNING id"


def topics_any(dialect: Dialect, topics: Sequence[str]) -> tuple[str, list[object]]:
    """A condition on `a.topics` (JSON ``[[name, score], ...]``): the article has one of
    `topics`, and its parameters. SQLite walks the JSON; PostgreSQL asks the GIN index of
    the JSONB column whether it contains ``[[name]]``."""
    if not topics:
        return "FALSE", []
    if dialect == "postgresql":
        return (
            "(" + " OR ".join(["a.topics @> ?::jsonb"] * len(topics)) + ")",
            [json.dumps([[t]]) for t in topics],
        )
    marks = ",".join("?" * len(topics))
    return (
        "EXISTS (SELECT 1 FROM json_each(a.topics) j"
        f" WHERE json_extract(j.value, '$[0]') IN ({marks}))",
        list(topics),
    )


def _article_params(a: NewArticle, now: float) -> tuple[object, ...]:
    return (
        a.source_id,
        a.entry_id,
        a.url,
        a.title,
        a.published,
        a.summary,
        json.dumps(a.quotes),
        json.dumps(a.topics),
        a.image,
        a.content_hash,
        _signed(a.story_hash),
        now,
        int(a.posted),
        None if a.posted else a.not_posted,
    )


async def _count(db: Tx, dialect: Dialect, sources: list[int]) -> int:
    where, params = one_of(dialect, "source_id", sources)
    row = await (
        await db.execute(f"SELECT COUNT(*) FROM articles WHERE {where}", params)
    ).fetchone()
    return int(row[0]) if row else 0


async def _source_names(db: Tx, dialect: Dialect, ids: set[int]) -> dict[int, tuple[str, str]]:
    """source id → (name, url), the sources' part of their articles' identity."""
    if not ids:
        return {}
    where, params = one_of(dialect, "id", sorted(ids))
    found = await db.execute(f"SELECT id, name, url FROM sources WHERE {where}", params)
    return {int(r[0]): (str(r[1]), str(r[2])) for r in await found.fetchall()}


async def _source_names_pg(db: Database, ids: set[int]) -> dict[int, tuple[str, str]]:
    rows = await db.fetchall("SELECT id, name, url FROM sources WHERE id = ANY(?)", (sorted(ids),))
    return {int(r[0]): (str(r[1]), str(r[2])) for r in rows}


#: `record_articles` on PostgreSQL: the new entries (arrays, one element per article, in
#: order: ids follow it) and, for the ones not already stored, their outbox rows.
_PG_RECORD = """
WITH new AS (
    INSERT INTO articles (source_id, entry_id, url, title, published, summary, quotes, topics,
        image, content_hash, story_hash, posted, not_posted, first_seen_at)
    SELECT i.source_id, i.entry_id, i.url, i.title, i.published, i.summary, i.quotes,
        i.topics::jsonb, i.image, i.content_hash, i.story_hash, i.posted, i.not_posted, ?
    FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[],
        ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[])
        WITH ORDINALITY AS i(source_id, entry_id, url, title, published, summary, quotes,
            topics, image, content_hash, story_hash, posted, not_posted, n)
    ORDER BY i.n
    ON CONFLICT (source_id, entry_id) DO NOTHING
    RETURNING id, source_id, entry_id
), queued AS (
    INSERT INTO deliveries (article_id, platform, workspace, channel, kind, idem_key,
        created_at, not_before)
    SELECT new.id, d.platform, d.workspace, d.channel, 'article', d.idem_key, ?, ?
    FROM new JOIN unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
        WITH ORDINALITY AS d(source_id, entry_id, platform, workspace, channel, idem_key, n)
        ON d.source_id = new.source_id AND d.entry_id = new.entry_id
    ORDER BY new.id, d.n
    ON CONFLICT DO NOTHING
)
SELECT id, source_id, entry_id FROM new
"""


def _signed(h: int | None) -> int | None:
    """SQLite integers (and PostgreSQL's BIGINT) are signed 64-bit; store a 64-bit hash in
    that range."""
    if h is None:
        return None
    return h - (1 << 64) if h >= (1 << 63) else h


def _article(row: Row) -> ArticleRow:
    sh = row["story_hash"]
    return ArticleRow(
        id=row["id"],
        source_id=row["source_id"],
        source_name=row["source_name"],
        entry_id=row["entry_id"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        summary=row["summary"],
        quotes=tuple((q[0], q[1], q[2]) for q in json.loads(row["quotes"])),
        topics=tuple((t[0], float(t[1])) for t in json.loads(row["topics"])),
        image=row["image"],
        content_hash=row["content_hash"],
        story_hash=None if sh is None else sh + (1 << 64) if sh < 0 else sh,
        first_seen_at=row["first_seen_at"],
        updated_at=row["updated_at"],
        not_posted=None if row["posted"] else row["not_posted"],
    )


_SELECT = "SELECT a.*, s.name AS source_name FROM articles a JOIN sources s ON s.id = a.source_id"


class ArticlesMixin(Database):
    async def known_entries(self, source_id: int, entry_ids: Sequence[str]) -> dict[str, str]:
        """entry id → content hash, for the entries of this source already stored."""
        out: dict[str, str] = {}
        for i in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[i : i + 500])
            where, params = one_of(self.dialect, "entry_id", chunk)
            rows = await self.fetchall(
                f"SELECT entry_id, content_hash FROM articles WHERE source_id = ? AND {where}",
                (source_id, *params),
            )
            out.update({r["entry_id"]: r["content_hash"] for r in rows})
        return out

    async def record_article(
        self, article: NewArticle, channels: Iterable[tuple[str, str, str]] = ()
    ) -> int | None:
        """Record the article and one pending outbox row per channel in ONE transaction, so an
        article is never seen without its deliveries. Return its id, or None if the entry was
        already stored (a concurrent poll got there first)."""
        return (await self.record_articles([(article, channels)]))[0]

    async def record_articles(
        self, items: Sequence[tuple[NewArticle, Iterable[tuple[str, str, str]]]]
    ) -> list[int | None]:
        """`record_article` for several articles (a poll's new entries, oldest first) in one
        transaction: ids in the order given, None for an entry already stored."""
        if self.dialect == "postgresql":
            return await self._record_articles_pg(items)
        now = self.clock()
        ids: list[int | None] = []
        installation = self.installation_id
        async with self.transaction() as db:
            sources = await _source_names(db, self.dialect, {a.source_id for a, _ in items})
            for article, channels in items:
                cur = await db.execute(_INSERT_ARTICLE_ID, _article_params(article, now))
                made = await cur.fetchone()
                if made is None:
                    ids.append(None)
                    continue
                article_id = int(made[0])
                ids.append(article_id)
                await db.executemany(
                    """INSERT INTO deliveries (article_id, platform, workspace, channel, kind,
                         idem_key, created_at, not_before)
                       VALUES (?, ?, ?, ?, 'article', ?, ?, ?)
                       ON CONFLICT DO NOTHING""",
                    [
                        (
                            article_id,
                            platform,
                            workspace,
                            channel,
                            delivery_key(
                                "article",
                                article_ref(*sources[article.source_id], article.entry_id),
                                platform,
                                workspace,
                                channel,
                                installation=installation,
                            ),
                            now,
                            now,
                        )
                        for platform, workspace, channel in channels
                    ],
                )
        return ids

    async def _record_articles_pg(
        self, items: Sequence[tuple[NewArticle, Iterable[tuple[str, str, str]]]]
    ) -> list[int | None]:
        """`record_articles` on PostgreSQL: the articles and their outbox rows in ONE statement
        (two data-modifying CTEs, atomic on its own), instead of two round trips per article.
        An entry given twice is recorded once, for its first occurrence (as on SQLite)."""
        if not items:
            return []
        now = self.clock()
        installation = self.installation_id
        first: dict[tuple[int, str], int] = {}
        for n, (a, _) in enumerate(items):
            first.setdefault((a.source_id, a.entry_id), n)
        sources = await _source_names_pg(self, {a.source_id for a, _ in items})
        cols: list[list[object]] = [[] for _ in range(13)]
        dcols: list[list[object]] = [[] for _ in range(6)]
        for n, (a, channels) in enumerate(items):
            if first[(a.source_id, a.entry_id)] != n:
                continue
            params = _article_params(a, now)
            for col, value in zip(cols, params[:11] + params[12:], strict=True):
                col.append(value)
            ref = article_ref(*sources[a.source_id], a.entry_id)
            for platform, workspace, channel in channels:
                key = delivery_key(
                    "article", ref, platform, workspace, channel, installation=installation
                )
                for col, value in zip(
                    dcols, (a.source_id, a.entry_id, platform, workspace, channel, key), strict=True
                ):
                    col.append(value)
        rows = await self.fetchall(_PG_RECORD, (now, *cols, now, now, *dcols))
        made = {(int(r[1]), str(r[2])): int(r[0]) for r in rows}
        return [
            made.get((a.source_id, a.entry_id)) if first[(a.source_id, a.entry_id)] == n else None
            for n, (a, _) in enumerate(items)
        ]

    async def record_seen(self, articles: Sequence[NewArticle]) -> int:
        """Entries recorded as seen but not posted (a new source's backlog, a page that is not
        an article) in one transaction, each with its `not_posted` reason; returns how many
        were new."""
        if not articles:
            return 0
        now = self.clock()
        params = [_article_params(dataclasses.replace(a, posted=False), now) for a in articles]
        sources = sorted({a.source_id for a in articles})
        async with self.transaction() as db:
            before = await _count(db, self.dialect, sources)
            await db.executemany(_INSERT_ARTICLE, params)
            return await _count(db, self.dialect, sources) - before

    async def get_article(self, article_id: int) -> ArticleRow | None:
        row = await self.fetchone(_SELECT + " WHERE a.id = ?", (article_id,))
        return _article(row) if row else None

    async def get_articles(self, article_ids: Iterable[int]) -> dict[int, ArticleRow]:
        """Several articles by id in one query per 500 (the outbox reads a channel's queue
        this way instead of one query per post)."""
        ids = sorted(set(article_ids))
        out: dict[int, ArticleRow] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            where, params = one_of(self.dialect, "a.id", chunk)
            for row in await self.fetchall(_SELECT + f" WHERE {where}", params):
                article = _article(row)
                out[article.id] = article
        return out

    async def find_article(self, ref: str) -> ArticleRow | None:
        """An article by id, URL or entry id (newest first when several sources carry it)."""
        # An id beyond SQLite's 64-bit integers (or a non-ASCII digit) is no id: look it up
        # as a URL or entry id, which it will not match either, instead of overflowing.
        if ref.isascii() and ref.isdigit() and int(ref) < 1 << 63:
            found = await self.get_article(int(ref))
            if found:
                return found
        row = await self.fetchone(
            _SELECT + " WHERE a.url = ? OR a.entry_id = ? ORDER BY a.id DESC LIMIT 1", (ref, ref)
        )
        return _article(row) if row else None

    async def latest_articles(
        self, *, topic: str | None = None, limit: int = 5
    ) -> list[ArticleRow]:
        if topic:
            t_sql, t_params = topics_any(self.dialect, [topic])
            rows = await self.fetchall(
                _SELECT + f" WHERE a.posted = 1 AND {t_sql}"
                " ORDER BY COALESCE(a.published, a.first_seen_at) DESC, a.id DESC LIMIT ?",
                (*t_params, limit),
            )
        else:
            rows = await self.fetchall(
                _SELECT + " WHERE a.posted = 1"
                " ORDER BY COALESCE(a.published, a.first_seen_at) DESC, a.id DESC LIMIT ?",
                (limit,),
            )
        return [_article(r) for r in rows]

    async def search_articles(self, query: str, *, limit: int = 5) -> list[ArticleRow]:
        """Full-text search over title, summary and quotes (SQLite: FTS5, ranked by bm25;
        PostgreSQL: the `SEARCH_DOCUMENT` index, ranked by ts_rank). Every word must appear.
        The query is taken as plain words, never as search syntax, so user input cannot raise
        a syntax error."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
        if not words:
            return []
        if self.dialect == "postgresql":
            q = f"plainto_tsquery('{SEARCH_CONFIG}', ?)"
            rows = await self.fetchall(
                _SELECT + f" WHERE {SEARCH_DOCUMENT} @@ {q} AND a.posted = 1"
                f" ORDER BY ts_rank({SEARCH_DOCUMENT}, {q}) DESC, a.id DESC LIMIT ?",
                (" ".join(words[:12]), " ".join(words[:12]), limit),
            )
            return [_article(r) for r in rows]
        match = " ".join('"' + w.replace('"', "") + '"' for w in words[:12])
        rows = await self.fetchall(
            _SELECT + " JOIN articles_fts f ON f.rowid = a.id WHERE articles_fts MATCH ?"
            " AND a.posted = 1 ORDER BY f.rank LIMIT ?",
            (match, limit),
        )
        return [_article(r) for r in rows]

    async def record_update(
        self,
        source_id: int,
        entry_id: str,
        *,
        title: str,
        summary: str,
        quotes: tuple[tuple[str, str | None, str | None], ...],
        content_hash: str,
        edit_window: float = 24 * 3600.0,
    ) -> int | None:
        """An entry already stored changed: keep its identity, replace its content, and in the
        same transaction ask for its posts made within `edit_window` seconds to be edited in
        place (and the posts whose "Also covered by" lists it), so a crash cannot lose the edit."""
        now = self.clock()
        async with self.transaction() as db:
            cur = await db.execute(
                """UPDATE articles SET title = ?, summary = ?, quotes = ?, content_hash = ?,
                   updated_at = ? WHERE source_id = ? AND entry_id = ? RETURNING id""",
                (title, summary, json.dumps(quotes), content_hash, now, source_id, entry_id),
            )
            row = await cur.fetchone()
            if row is None:
                return None
            article_id = int(row[0])
            await cur.close()
            await db.execute(
                """UPDATE deliveries SET needs_edit = needs_edit + 1
                   WHERE status = 'sent' AND message_id IS NOT NULL AND sent_at >= ? AND (
                     (article_id = ? AND kind = 'article')
                     OR id IN (SELECT group_id FROM deliveries
                               WHERE article_id = ? AND status = 'merged'))""",
                (now - edit_window, article_id, article_id),
            )
            return article_id

    async def set_story_hash(self, article_id: int, story_hash: int) -> None:
        """Store an article's SimHash (for articles recorded before it was computed)."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE articles SET story_hash = ? WHERE id = ?",
                (_signed(story_hash), article_id),
            )
