"""The Prometheus metrics of one `newsbot run` process.

Each `Metrics` owns its `CollectorRegistry` (never prometheus-client's global one), so two
apps in one test process, or a restarted app, do not share counters. Names follow Prometheus'
conventions: counters end in `_total`, durations are seconds, timestamps are Unix seconds.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE", "Metrics"]

#: The text exposition format `generate_latest` writes.
CONTENT_TYPE = CONTENT_TYPE_LATEST

# Enrichment is one pool call per poll (every new entry of a source at once): from a few
# milliseconds for one entry to seconds for a large first poll.
_ENRICH_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.polls = Counter(
            "newsbot_polls", "Polls of a source, by outcome.", ["outcome"], registry=r
        )
        self.errors = Counter(
            "newsbot_errors",
            "Errors, by stage (poll, delivery) and kind (the error's class).",
            ["stage", "kind"],
            registry=r,
        )
        self.posts = Counter(
            "newsbot_posts", "Posts sent and confirmed, by platform.", ["platform"], registry=r
        )
        self.rate_limited = Counter(
            "newsbot_rate_limited",
            "429 answers (rate limited) from a platform, by platform.",
            ["platform"],
            registry=r,
        )
        self.outbox_pending = Gauge(
            "newsbot_outbox_pending",
            "Posts queued and not yet sent, by platform.",
            ["platform"],
            registry=r,
        )
        self.outbox_oldest = Gauge(
            "newsbot_outbox_oldest_pending_seconds",
            "Age of the oldest queued post, by platform (0 when none is queued).",
            ["platform"],
            registry=r,
        )
        self.enrichment = Histogram(
            "newsbot_enrichment_seconds",
            "Time of one enrichment call to the worker pool (all new entries of one poll).",
            buckets=_ENRICH_BUCKETS,
            registry=r,
        )
        self.connected = Gauge(
            "newsbot_platform_connected",
            "1 while the platform's connection is up, 0 while it is down.",
            ["platform"],
            registry=r,
        )
        self.last_poll = Gauge(
            "newsbot_last_poll_success_timestamp_seconds",
            "When a poll last succeeded in this process (0: not yet).",
            registry=r,
        )
        self.last_delivery = Gauge(
            "newsbot_last_delivery_success_timestamp_seconds",
            "When a post was last sent by this process (0: not yet).",
            registry=r,
        )
        self.lease_takeovers = Counter(
            "newsbot_lease_takeovers",
            "Leases taken over from a process that stopped renewing them (it died or stalled),"
            " by kind (source, channel).",
            ["kind"],
            registry=r,
        )
        for kind in ("source", "channel"):
            self.lease_takeovers.labels(kind)  # shown as 0 before the first takeover
        self.healthy = Gauge(
            "newsbot_healthy", "1 when /healthz would answer 200, else 0.", registry=r
        )

    def exposition(self) -> bytes:
        """Everything in the text format, for `/metrics`."""
        return generate_latest(self.registry)
