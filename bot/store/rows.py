"""Rows as the store hands them out: frozen dataclasses, never raw cursors."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ArticleRow", "DeliveryRow", "SourceRow", "SubscriptionRow"]


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    name: str
    url: str
    kind: str
    origin: str
    topics: tuple[str, ...]
    interval_s: float
    etag: str | None
    last_modified: str | None
    error_count: int
    last_error: str | None
    last_success_at: float | None
    last_polled_at: float | None
    next_poll_at: float | None
    paused: bool  # not polled: paused after failures or by an admin, or removed
    polled_once: bool
    removed: bool = False  # its owner dropped it; kept as dedup history, restorable


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    source_id: int
    source_name: str
    entry_id: str
    url: str | None
    title: str
    published: float | None
    summary: str
    quotes: tuple[tuple[str, str | None, str | None], ...]  # (text, speaker, role)
    topics: tuple[tuple[str, float], ...]
    image: str | None
    content_hash: str
    story_hash: int | None
    first_seen_at: float
    updated_at: float | None
    #: Why the article was recorded but not posted (a page that is not an article, the first
    #: poll's backfill policy); None when it was posted, or recorded before v4 said why.
    not_posted: str | None = None


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    id: int
    platform: str
    workspace: str
    channel: str
    topic: str | None
    source: str | None
    origin: str
    created_by: str | None
    paused: bool
    paused_reason: str | None


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: int
    article_id: int | None
    platform: str
    workspace: str
    channel: str
    kind: str
    payload: str | None
    status: str
    reason: str | None
    idem_key: str
    attempts: int
    not_before: float
    message_id: str | None
    created_at: float
    sent_at: float | None
