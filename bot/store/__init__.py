"""The store: every SQL statement of newsbot lives under this package.

`Store` is one class split into per-domain mixins (sources, articles, subscriptions, outbox,
admin), all on one `Database`: a SQLite file (aiosqlite, the default) or a PostgreSQL server
(asyncpg, `[database] url`). The mixins' SQL runs on both; see `bot.store.engine`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

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
from bot.store.leases import Claim, LeasesMixin, ProcessInfo, ProcessRow
from bot.store.outbox import OutboxMixin, StoryCandidate
from bot.store.ownership import PlannedSource, SourcePlan, plan_sources
from bot.store.rows import ArticleRow, DeliveryRow, SourceRow, SubscriptionRow
from bot.store.schema import LATEST
from bot.store.sources import SourcesMixin, SourceSpec
from bot.store.subscriptions import SubscriptionsMixin
from bot.store.threads import ThreadReply, ThreadsMixin

if TYPE_CHECKING:
    from bot.config import Config

__all__ = [
    "LATEST",
    "AlertRow",
    "ArticleRow",
    "AuditEntry",
    "Claim",
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
    "ProcessInfo",
    "ProcessRow",
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
    "open_configured",
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
    LeasesMixin,
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


def database_password(config: Config, environ: Mapping[str, str]) -> str | None:
    """The PostgreSQL password from the variable `[database] password_env` names (None when
    it names none); a named variable that is unset or empty is an error, not a login
    attempt without a password."""
    name = config.database.password_env
    if name is None:
        return None
    password = environ.get(name)
    if not password:
        from bot.store.postgres import redact_url

        raise StoreError(
            redact_url(config.database_target()),
            f"the environment variable {name} (named by [database] password_env) is not set "
            "— export it with the database password",
        )
    return password


async def open_configured(
    config: Config,
    *,
    clock: Callable[[], float],
    migrate: bool = True,
    readonly: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> Store:
    """Open the store `[database]` names: PostgreSQL by `url` (password from the variable
    named by `password_env`), else SQLite by `path` (relative to the config's folder)."""
    return await open_store(
        config.database_target(),
        clock=clock,
        migrate=migrate,
        readonly=readonly,
        password=database_password(config, environ),
    )
