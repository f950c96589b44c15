"""The outbox worker: sends pending delivery rows through the adapters, once each.

A row is marked sent only after the platform confirms with a message id. Before each attempt the
row's attempt count is raised, so after a crash a row with attempts > 0 is first looked up on
the platform by its idempotency key instead of being sent blind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.delivery.ports import (
    Adapter,
    ChannelRef,
    PermanentError,
    RateLimited,
    TransientError,
)
from bot.delivery.posts import notice_post, post_for_article
from bot.store import DeliveryRow, Store

__all__ = ["DeliveryReport", "Outbox"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0  # found already posted after a crash
    errors: list[str] = field(default_factory=list)


class Outbox:
    def __init__(
        self,
        store: Store,
        adapters: Mapping[str, Adapter],
        *,
        clock: Callable[[], float],
        max_attempts: int = 8,
    ) -> None:
        self.store = store
        self.adapters = adapters
        self.clock = clock
        self.max_attempts = max_attempts

    async def deliver_pending(self) -> DeliveryReport:
        """One pass: every due pending row, channels in parallel, each channel oldest first."""
        report = DeliveryReport()
        now = self.clock()
        by_channel: dict[ChannelRef, list[DeliveryRow]] = {}
        for row in await self.store.pending_deliveries():
            if row.platform not in self.adapters:
                continue
            if row.not_before > now:
                report.retrying += 1
                continue
            ref = ChannelRef(row.platform, row.workspace, row.channel)
            by_channel.setdefault(ref, []).append(row)
        await asyncio.gather(*(self._channel(ref, rows, report) for ref, rows in by_channel.items()))
        return report

    async def _channel(self, ref: ChannelRef, rows: list[DeliveryRow], report: DeliveryReport) -> None:
        adapter = self.adapters[ref.platform]
        for row in rows:
            if not await self._one(adapter, ref, row, report):
                return  # keep this channel's order: later rows wait for this one

    async def _one(
        self, adapter: Adapter, ref: ChannelRef, row: DeliveryRow, report: DeliveryReport
    ) -> bool:
        if row.kind == "article":
            article = await self.store.get_article(row.article_id or 0)
            if article is None:
                await self.store.mark_failed(row.id, "article missing")
                return True
            post = post_for_article(article)
        else:
            post = notice_post(row.payload)
        try:
            if row.attempts > 0:
                found = await adapter.find(ref, row.idem_key)
                if found is not None:
                    await self.store.mark_sent(row.id, found)
                    report.recovered += 1
                    return True
            await self.store.note_attempt(row.id)
            message_id = await adapter.send(ref, post, row.idem_key)
        except RateLimited as e:
            await self.store.mark_retry(row.id, not_before=self.clock() + e.retry_after, error=str(e))
            report.retrying += 1
            return False
        except TransientError as e:
            if row.attempts + 1 >= self.max_attempts:
                await self.store.mark_failed(row.id, f"gave up after {row.attempts + 1}: {e}")
                report.failed += 1
                return True
            delay = min(2.0 ** row.attempts, 3600.0)
            await self.store.mark_retry(row.id, not_before=self.clock() + delay, error=str(e))
            report.retrying += 1
            report.errors.append(str(e))
            return False
        except PermanentError as e:
            await self.store.mark_failed(row.id, e.reason)
            if await self.store.pause_channel((ref.platform, ref.workspace, ref.channel), e.reason):
                log.warning("paused %s: %s", ref, e.reason)
            report.failed += 1
            report.errors.append(str(e))
            return True
        await self.store.mark_sent(row.id, message_id)
        report.sent += 1
        return True
