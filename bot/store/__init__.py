"""The store: every SQL statement of newsbot lives under this package.

`Store` is one class split into per-domain mixins (sources, articles, subscriptions, outbox,
admin), all sharing one writer connection. A server database would replace this package, not
the code above it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.store.admin import AdminMixin, AuditEntry, TopPost
from bot.store.articles import ArticlesMixin, NewArticle, delivery_key
from bot.store.errors import (
    DatabaseCorrupt,
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnavailable,
    NotFound,
    StoreError,
)
from bot.store.outbox import OutboxMixin, StoryCandidate
from bot.store.rows import ArticleRow, DeliveryRow, SourceRow, SubscriptionRow
from bot.store.schema import LATEST
from bot.store.sources import SourcesMixin, SourceSpec
from bot.store.subscriptions import SubscriptionsMixin

__all__ = [
    "LATEST",
    "ArticleRow",
    "AuditEntry",
    "DatabaseCorrupt",
    "DatabaseFull",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DatabaseUnavailable",
    "DeliveryRow",
    "NewArticle",
    "NotFound",
    "SourceRow",
    "SourceSpec",
    "Store",
    "StoreError",
    "StoryCandidate",
    "SubscriptionRow",
    "TopPost",
    "delivery_key",
    "open_store",
]


class Store(SourcesMixin, ArticlesMixin, SubscriptionsMixin, OutboxMixin, AdminMixin):
    pass


async def open_store(
    path: str | Path, *, clock: Callable[[], float], migrate: bool = True
) -> Store:
    store = Store(path, clock=clock)
    await store.open(migrate=migrate)
    return store
