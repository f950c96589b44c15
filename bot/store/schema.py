"""Migrations, numbered by `PRAGMA user_version`.

Each migration is a function from version N to N+1, applied in its own transaction; the version
is bumped in the same transaction, so a crash leaves the database at N or at N+1, never between.
A database whose version is newer than `LATEST` was written by a newer newsbot and is refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable

import aiosqlite

__all__ = ["INSTALLATION_SINCE", "LATEST", "MIGRATIONS"]


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers hold `;` inside BEGIN ... END)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:60]}")
    return out


async def _run(db: aiosqlite.Connection, script: str) -> None:
    """Run `script` statement by statement inside the caller's transaction (executescript
    would commit first)."""
    for statement in _statements(script):
        await db.execute(statement)


async def _v0_to_v1(db: aiosqlite.Connection) -> None:
    await _run(
        db,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            kind TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'file',      -- 'file' (config.toml) or 'chat'
            topics TEXT NOT NULL DEFAULT '[]',        -- JSON list of topic names
            interval_s REAL NOT NULL DEFAULT 600,
            etag TEXT,
            last_modified TEXT,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_success_at REAL,
            last_polled_at REAL,
            next_poll_at REAL,
            paused INTEGER NOT NULL DEFAULT 0,
            polled_once INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            entry_id TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL,
            published REAL,
            summary TEXT NOT NULL DEFAULT '',
            quotes TEXT NOT NULL DEFAULT '[]',        -- JSON [{text, speaker, role}]
            topics TEXT NOT NULL DEFAULT '[]',        -- JSON [[name, score]]
            image TEXT,
            content_hash TEXT NOT NULL DEFAULT '',
            story_hash INTEGER,                       -- SimHash of title + lead
            first_seen_at REAL NOT NULL,
            updated_at REAL,
            posted INTEGER NOT NULL DEFAULT 1,        -- 0: recorded as seen only (first-run policy)
            UNIQUE (source_id, entry_id)
        );
        CREATE INDEX articles_url ON articles(url);
        CREATE INDEX articles_seen ON articles(first_seen_at);
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            topic TEXT,                               -- a topic name, or
            source TEXT,                              -- a source name
            origin TEXT NOT NULL DEFAULT 'file',
            created_by TEXT,
            created_at REAL NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0,
            paused_reason TEXT,
            CHECK ((topic IS NULL) <> (source IS NULL))
        );
        CREATE UNIQUE INDEX subscriptions_key ON subscriptions(
            platform, workspace, channel, COALESCE(topic, ''), COALESCE(source, '')
        );
        CREATE TABLE channels (
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            settings TEXT NOT NULL DEFAULT '{}',      -- JSON: filters, cap, quiet hours, digest
            origin TEXT NOT NULL DEFAULT 'file',
            PRIMARY KEY (platform, workspace, channel)
        );
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            article_id INTEGER REFERENCES articles(id),
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'article',     -- article, notice, digest
            payload TEXT,                             -- JSON for notices and digests
            status TEXT NOT NULL DEFAULT 'pending',   -- pending, sent, skipped, failed, merged
            reason TEXT,                              -- why skipped/failed/merged
            idem_key TEXT NOT NULL UNIQUE,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0,
            message_id TEXT,
            created_at REAL NOT NULL,
            sent_at REAL,
            edited_at REAL,
            last_error TEXT
        );
        CREATE UNIQUE INDEX deliveries_article_channel
            ON deliveries(article_id, platform, workspace, channel) WHERE kind = 'article';
        CREATE INDEX deliveries_pending ON deliveries(status, platform, workspace, channel, id);
        CREATE TABLE reactions (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            emoji TEXT NOT NULL,
            user_id TEXT NOT NULL,
            added_at REAL NOT NULL,
            removed_at REAL,
            UNIQUE (delivery_id, emoji, user_id)
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,                      -- JSON
            origin TEXT NOT NULL DEFAULT 'chat',
            updated_by TEXT,
            updated_at REAL NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            actor TEXT NOT NULL,                      -- platform:user id
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, summary, quotes, content='articles', content_rowid='id'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, summary, quotes)
            VALUES (new.id, new.title, new.summary, new.quotes);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, summary, quotes)
            VALUES ('delete', old.id, old.title, old.summary, old.quotes);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, summary, quotes)
            VALUES ('delete', old.id, old.title, old.summary, old.quotes);
            INSERT INTO articles_fts(rowid, title, summary, quotes)
            VALUES (new.id, new.title, new.summary, new.quotes);
        END;
        """,
    )


async def _v1_to_v2(db: aiosqlite.Connection) -> None:
    """Delivery engine: links between outbox rows (same story, digest) and pending edits.

    - `group_id`: a 'merged' row points at the delivery whose message carries the story.
    - `digest_id`: a 'digested' row points at the digest delivery that lists it.
    - `needs_edit`: a counter raised when the posted message must be re-rendered (the article
      changed, another source joined the story); the worker clears it only if it is unchanged
      since it read it, so a request made during an edit is not lost.
    """
    await _run(
        db,
        """
        ALTER TABLE deliveries ADD COLUMN group_id INTEGER REFERENCES deliveries(id);
        ALTER TABLE deliveries ADD COLUMN digest_id INTEGER REFERENCES deliveries(id);
        ALTER TABLE deliveries ADD COLUMN needs_edit INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX deliveries_message ON deliveries(platform, channel, message_id)
            WHERE message_id IS NOT NULL;
        CREATE INDEX deliveries_group ON deliveries(group_id) WHERE group_id IS NOT NULL;
        CREATE INDEX deliveries_edit ON deliveries(needs_edit) WHERE needs_edit > 0;
        CREATE INDEX deliveries_channel_sent
            ON deliveries(platform, workspace, channel, sent_at) WHERE sent_at IS NOT NULL;
        """,
    )


async def _v2_to_v3(db: aiosqlite.Connection) -> None:
    """Installation identity and pacing history.

    - `meta`: facts about the database itself. Its `installation_id` (random, made when the
      database is created or first migrated here: `Database.migrate` writes it, with the
      randomness it was given) goes into every new idempotency key, so two installations
      posting to one channel never take each other's messages for their own. A backup copies
      it; a restored backup is the same installation.
    - `deliveries_sent_at`: a start-up reads every channel's sends of the last seconds in one
      query to seed the pacer (the `deliveries_channel_sent` index leads with the channel).
    """
    await _run(
        db,
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE INDEX deliveries_sent_at ON deliveries(sent_at) WHERE sent_at IS NOT NULL;
        """,
    )


async def _v3_to_v4(db: aiosqlite.Connection) -> None:
    """Keyword alerts to a person (`/news alert add`), self-contained so it can be renumbered.

    - `alerts`: one phrase per person per workspace where it was made; the phrase is matched
      case-insensitively on whole words, so `folded` (casefolded, spaces collapsed) is unique.
    - The direct messages themselves are outbox rows (`deliveries.kind = 'alert'`, channel
      `@<user id>`), keyed by article × person: once per article per person, and counted per
      day through `deliveries_alerts`.
    """
    await _run(
        db,
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL,
            user_id TEXT NOT NULL,
            phrase TEXT NOT NULL,
            folded TEXT NOT NULL,
            created_at REAL NOT NULL,
            UNIQUE (platform, workspace, user_id, folded)
        );
        CREATE INDEX alerts_workspace ON alerts(platform, workspace);
        CREATE INDEX deliveries_alerts ON deliveries(platform, channel, created_at)
            WHERE kind = 'alert';
        """,
    )


async def _v4_to_v5(db: aiosqlite.Connection) -> None:
    """Why an article was recorded but not posted.

    - `articles.not_posted`: for a row recorded as seen only (`posted = 0`), the reason in
      words ("the page is a listing, not an article (...)", "seen on the source's first
      poll ..."), so `newsbot why` can say it; NULL for rows posted, and for rows recorded
      as seen before this column existed.
    """
    await _run(db, "ALTER TABLE articles ADD COLUMN not_posted TEXT;")


async def _v5_to_v6(db: aiosqlite.Connection) -> None:
    """Several processes on one database share the work by leases (see docs/leases.md).

    - `processes`: one row per `newsbot run` (id `host:pid:random`), its heartbeat written every
      third of `[database] lease_seconds`; `stopped_at` is set on a clean stop. A process whose
      heartbeat is older than a lease is dead, and its leases have expired with it.
    - `sources.lease_owner` / `lease_until`: the process polling the source, and until when
      (renewed by its heartbeat, cleared when the poll is recorded). Another process claims the
      source only once the lease is free or past `lease_until`.
    - `channel_leases`: the process draining a channel's outbox, and until when. Only the owner
      sends a channel's rows, so per-channel order holds across processes; a row's attempt is
      counted only while its channel's lease is held (the fence before each send).
    """
    await _run(
        db,
        """
        CREATE TABLE processes (
            id TEXT PRIMARY KEY,                      -- host:pid:random
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at REAL NOT NULL,
            heartbeat_at REAL NOT NULL,
            version TEXT NOT NULL DEFAULT '',
            stopped_at REAL                           -- NULL while it runs (or if it died)
        );
        ALTER TABLE sources ADD COLUMN lease_owner TEXT;
        ALTER TABLE sources ADD COLUMN lease_until REAL;
        CREATE INDEX sources_lease_owner ON sources(lease_owner) WHERE lease_owner IS NOT NULL;
        CREATE TABLE channel_leases (
            platform TEXT NOT NULL,
            workspace TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            owner TEXT,                               -- NULL: free
            until REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (platform, workspace, channel)
        );
        CREATE INDEX channel_leases_owner ON channel_leases(owner) WHERE owner IS NOT NULL;
        """,
    )


async def _v6_to_v7(db: aiosqlite.Connection) -> None:
    """The due sources in the order every poll loop claims them (`claim_due_sources`, each
    tick of each process): read from an index instead of a scan and sort of the whole table.
    bench/claim_sql.py, 1,000,000 sources on PostgreSQL: 270 ms per claim without it, 49 ms
    with it (docs/scale.md)."""
    await _run(
        db,
        """
        CREATE INDEX sources_due ON sources ((COALESCE(next_poll_at, 0)), id) WHERE paused = 0;
        """,
    )


MIGRATIONS: list[Callable[[aiosqlite.Connection], Awaitable[None]]] = [
    _v0_to_v1,
    _v1_to_v2,
    _v2_to_v3,
    _v3_to_v4,
    _v4_to_v5,
    _v5_to_v6,
    _v6_to_v7,
]
LATEST = len(MIGRATIONS)
#: The first version with the `meta` table that holds the installation id.
INSTALLATION_SINCE = 3
