"""The hooks the app calls as it works, turned into metrics and the inputs of the health rule.

The app hands this object what it already has (each poll's outcomes, the time of one
enrichment call) and sends through `watch(adapter)`, a wrapper that sees every send and every
429 without the outbox knowing about it. The outbox depth is read from the database when
`/metrics` or `/healthz` is asked, so it is the depth of the installation's queue, not a count
kept by this process.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from prometheus_client import CollectorRegistry

from bot.delivery.ports import (
    Adapter,
    ChannelRef,
    DeliveryError,
    Post,
    RateLimited,
    ThreadAdapter,
)
from bot.ops.health import Health, HealthInputs, assess
from bot.ops.metrics import Metrics
from bot.pipeline import PollOutcome
from bot.store import Store, StoreError

__all__ = ["Connection", "ObservedAdapter", "ObservedThreadAdapter", "Observer"]

_SUCCESS = ("ok", "not-modified")


@runtime_checkable
class Connection(Protocol):
    """An adapter with a connection that can drop (a gateway, a socket) says whether it is up.
    Adapters without one (the console, Slack's HTTP mode) count as connected."""

    def connected(self) -> bool: ...


class Observer:
    """One process's view of itself. `clock` is wall time (health ages, timestamps)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        registry: CollectorRegistry | None = None,
        pid: int | None = None,
        host: str | None = None,
    ) -> None:
        self.clock = clock
        self.metrics = Metrics(registry)
        self.started_at = clock()
        self.pid = pid if pid is not None else os.getpid()
        self.host = host if host is not None else socket.gethostname()
        self.running = False
        self.process_id: str | None = None  # its id in the `processes` table, once known
        self.shortest_interval: float | None = None
        self.last_poll_ok: float | None = None
        self.last_delivery_ok: float | None = None
        self.delivery_problem: Callable[[], str | None] = lambda: None
        self._probes: dict[str, Callable[[], bool]] = {}
        self._down_since: dict[str, float | None] = {}
        self._database_error: str | None = None
        self._outbox: dict[str, tuple[int, float]] = {}

    # -- hooks ----------------------------------------------------------------------------

    def polled(self, outcomes: Iterable[PollOutcome]) -> None:
        for o in outcomes:
            self.metrics.polls.labels(o.status).inc()
            if o.status == "error":
                self.metrics.errors.labels("poll", o.error_kind or "SourceError").inc()
            elif o.status in _SUCCESS:
                self.last_poll_ok = self.clock()
                self.metrics.last_poll.set(self.last_poll_ok)

    def poll_crashed(self, exc: BaseException) -> None:
        """A poll task ended with an unexpected exception (a bug, a store failure)."""
        self.metrics.errors.labels("poll", type(exc).__name__).inc()

    def enriched(self, seconds: float) -> None:
        self.metrics.enrichment.observe(seconds)

    def took_over(self, kind: str, n: int) -> None:
        """This process took `n` leases of `kind` ("source", "channel") from a process whose
        leases had expired."""
        self.metrics.lease_takeovers.labels(kind).inc(n)

    def sent(self, platform: str) -> None:
        self.last_delivery_ok = self.clock()
        self.metrics.posts.labels(platform).inc()
        self.metrics.last_delivery.set(self.last_delivery_ok)

    def send_failed(self, platform: str, error: BaseException) -> None:
        if isinstance(error, RateLimited):
            self.metrics.rate_limited.labels(platform).inc()
        self.metrics.errors.labels("delivery", type(error).__name__).inc()

    def watch(self, adapter: Adapter) -> ObservedAdapter:
        """`adapter`, with its sends and 429s counted; its connection (if it has one) probed."""
        if isinstance(adapter, Connection):
            self._probes[adapter.platform] = adapter.connected
        else:
            self._probes.setdefault(adapter.platform, lambda: True)
        self.metrics.posts.labels(adapter.platform)  # shown as 0 before the first post
        self.metrics.rate_limited.labels(adapter.platform)
        if isinstance(adapter, ThreadAdapter):
            # The outbox asks `isinstance(adapter, ThreadAdapter)` before replying in a post's
            # thread: a wrapper without those methods would silently turn threads off.
            return ObservedThreadAdapter(adapter, self)
        return ObservedAdapter(adapter, self)

    # -- state ----------------------------------------------------------------------------

    def sample_platforms(self) -> None:
        """Look at each connection; remember since when a platform has been down."""
        now = self.clock()
        for name, probe in self._probes.items():
            try:
                up = probe()
            except Exception:  # a probe must not break the health report
                up = False
            self.metrics.connected.labels(name).set(1 if up else 0)
            if up:
                self._down_since[name] = None
            elif self._down_since.get(name) is None:
                self._down_since[name] = now

    async def refresh(self, store: Store) -> None:
        """Read the outbox depth per platform from the database into the gauges."""
        try:
            depth = await store.outbox_depth()
        except StoreError as e:
            self._database_error = str(e)
            return
        self._database_error = None
        now = self.clock()
        for name in {*self._probes, *self._outbox, *depth}:
            n, oldest = depth.get(name, (0, now))
            self.metrics.outbox_pending.labels(name).set(n)
            self.metrics.outbox_oldest.labels(name).set(max(now - oldest, 0.0) if n else 0.0)
        self._outbox = depth

    def database_timed_out(self, seconds: float) -> None:
        self._database_error = f"the outbox could not be read within {seconds:g}s"

    def health(self) -> Health:
        """The verdict now, with the outbox as last read by `refresh`."""
        self.sample_platforms()
        now = self.clock()
        health = assess(
            HealthInputs(
                started_at=self.started_at,
                running=self.running,
                shortest_interval=self.shortest_interval,
                last_poll_ok=self.last_poll_ok,
                last_delivery_ok=self.last_delivery_ok,
                delivery_stopped=self.delivery_problem(),
                platforms=dict(self._down_since),
                database_error=self._database_error,
            ),
            now,
        )
        self.metrics.healthy.set(1 if health.healthy else 0)
        health.report["process"] = {"pid": self.pid, "host": self.host, "id": self.process_id}
        health.report["outbox"] = {
            name: {"pending": n, "oldest_pending_seconds": round(max(now - oldest, 0.0), 3)}
            for name, (n, oldest) in sorted(self._outbox.items())
        }
        return health


class ObservedAdapter:
    """An adapter seen by an `Observer`: the outbox talks to it exactly as to the adapter."""

    def __init__(self, inner: Adapter, observer: Observer) -> None:
        self.inner = inner
        self.observer = observer
        self.platform = inner.platform
        self.limits = inner.limits

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        try:
            message_id = await self.inner.send(channel, post, key)
        except (DeliveryError, TimeoutError) as e:
            self.observer.send_failed(self.platform, e)
            raise
        self.observer.sent(self.platform)
        return message_id

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        try:
            await self.inner.edit(channel, message_id, post)
        except (DeliveryError, TimeoutError) as e:
            self.observer.send_failed(self.platform, e)
            raise

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        try:
            return await self.inner.find(channel, key)
        except (DeliveryError, TimeoutError) as e:
            self.observer.send_failed(self.platform, e)
            raise


class ObservedThreadAdapter(ObservedAdapter):
    """An observed adapter that has threads (Discord, Slack): replies in a post's thread are
    sends too, counted the same way."""

    def __init__(self, inner: Adapter, observer: Observer) -> None:
        assert isinstance(inner, ThreadAdapter)
        super().__init__(inner, observer)
        self.threads: ThreadAdapter = inner

    async def threaded(self, channel: ChannelRef) -> bool:
        try:
            return await self.threads.threaded(channel)
        except (DeliveryError, TimeoutError) as e:
            self.observer.send_failed(self.platform, e)
            raise

    async def reply(self, channel: ChannelRef, message_id: str, post: Post, key: str) -> str:
        try:
            reply_id = await self.threads.reply(channel, message_id, post, key)
        except (DeliveryError, TimeoutError) as e:
            self.observer.send_failed(self.platform, e)
            raise
        self.observer.sent(self.platform)
        return reply_id

    async def find_reply(self, channel: ChannelRef, message_id: str, key: str) -> str | None:
        try:
            return await self.threads.find_reply(channel, message_id, key)
        except (DeliveryError, TimeoutError) as e:
            self.observer.send_failed(self.platform, e)
            raise
