"""The store: every SQL statement of newsbot lives under this package.

`Store` is one class split into per-domain mixins (sources, articles, subscriptions, outbox,
admin), all on one `Database`: a SQLite file (aiosqlite, the default) or a PostgreSQL server
(asyncpg, `[database] url`). The mixins' SQL runs on both; see `bot.store.engine`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.store.admin import AdminMixin, AuditEntry, TopPost
from bot.store.alerts import AlertRow, AlertsMixin, alert_channel
from bot.store.articles import ArticlesMixin, NewArticle, delivery_key
from bot.store.channelextras import ChannelExtrasMixin
from bot.store.db import new_installation_id
from bot.store.errors import (
    DatabaseCorrupt,
    DatabaseFull,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseTooOld,
    DatabaseUnavailable,
    NotFound,
    StoreError,
)
from bot.store.follow import FollowMixin
from bot.store.outbox import OutboxMixin, StoryCandidate
from bot.store.ownership import PlannedSource, SourcePlan, plan_sources
from bot.store.rows import ArticleRow, DeliveryRow, SourceRow, SubscriptionRow
from bot.store.schema import LATEST
from bot.store.sources import SourcesMixin, SourceSpec
from bot.store.subscriptions import SubscriptionsMixin
from bot.store.threads import ThreadReply, ThreadsMixin

__all__ = [
    "LATEST",
    "AlertRow",
    "ArticleRow",
    "AuditEntry",
    "DatabaseCorrupt",
    "DatabaseFull",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "DatabaseTooOld",
    "DatabaseUnavailable",
    "DeliveryRow",
    "NewArticle",
    "NotFound",
    "PlannedSource",
    "SourcePlan",
    "SourceRow",
    "SourceSpec",
    "Store",
    "StoreError",
    "StoryCandidate",
    "SubscriptionRow",
    "ThreadReply",
    "TopPost",
    "alert_channel",
    "delivery_key",
    "new_installation_id",
    "open_store",
    "plan_sources",
]


class Store(
    SourcesMixin,
    ArticlesMixin,
    SubscriptionsMixin,
    OutboxMixin,
    AdminMixin,
    AlertsMixin,
    ThreadsMixin,
    ChannelExtrasMixin,
    FollowMixin,
):
    pass


async def open_store(
    target: str | Path,
    *,
    clock: Callable[[], float],
    migrate: bool = True,
    readonly: bool = False,
    new_id: Callable[[], str] = new_installation_id,
    password: str | None = None,
) -> Store:
    """Open the store at `target`, a SQLite file path or a ``postgresql://`` URL (with
    `password` for the server, if any); `readonly` for commands that only read (see
    `Database.open`)."""
    store = Store(target, clock=clock, new_id=new_id, password=password)
    await store.open(migrate=migrate, readonly=readonly)
    return store
