"""Routing: which channels get an article, and why or why not (for `newsbot why`).

An article goes to every channel subscribed to one of its topics or to its source, minus the
channel's filters. `route` is pure: the pipeline hands it the subscriptions and the per-channel
settings it read from the store, and records the channels whose decision is `deliver`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.delivery.filters import FilterSet
from bot.delivery.ports import ChannelRef
from bot.store.rows import SubscriptionRow

__all__ = ["RouteDecision", "channels_to_deliver", "route"]

ChannelKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class RouteDecision:
    channel: ChannelRef
    deliver: bool
    reason: str  # "topic immigration", "filtered by exclude 'sports'", "no matching topic", ...
    notes: tuple[str, ...] = ()  # e.g. a broken filter or a regex that timed out

    @property
    def key(self) -> ChannelKey:
        return (self.channel.platform, self.channel.workspace, self.channel.channel)


def route(
    *,
    topics: Iterable[str],
    source: str,
    title: str,
    summary: str,
    subscriptions: Iterable[SubscriptionRow],
    settings: Mapping[ChannelKey, Mapping[str, Any]] | None = None,
    filters: Mapping[ChannelKey, FilterSet] | None = None,
) -> list[RouteDecision]:
    """One decision per channel that has any subscription, in subscription order.

    `filters` may carry pre-compiled filter sets (the pipeline can build them once per poll);
    otherwise they are compiled from `settings` here."""
    topic_set = set(topics)
    by_channel: dict[ChannelRef, list[SubscriptionRow]] = {}
    for sub in subscriptions:
        by_channel.setdefault(ChannelRef(sub.platform, sub.workspace, sub.channel), []).append(sub)
    out = []
    for channel, subs in by_channel.items():
        key = (channel.platform, channel.workspace, channel.channel)
        live = [s for s in subs if not s.paused]
        if not live:
            out.append(RouteDecision(channel, False, "paused: " + (subs[0].paused_reason or "")))
            continue
        matched = [s for s in live if (s.topic in topic_set) or (s.source == source)]
        if not matched:
            wanted = sorted({s.topic or f"source {s.source}" for s in live})
            out.append(
                RouteDecision(channel, False, f"no matching topic (follows {', '.join(wanted)})")
            )
            continue
        fs = (filters or {}).get(key)
        if fs is None:
            fs = FilterSet.from_settings((settings or {}).get(key, {}))
        verdict = fs.check(title, summary)
        notes = verdict.notes  # a broken filter is among them (and blocks the channel)
        if not verdict.passed:
            out.append(RouteDecision(channel, False, verdict.reason, notes))
            continue
        why = ", ".join(f"topic {s.topic}" if s.topic else f"source {s.source}" for s in matched)
        if verdict.reason:
            why += f"; {verdict.reason}"
        out.append(RouteDecision(channel, True, why, notes))
    return out


def channels_to_deliver(decisions: Iterable[RouteDecision]) -> list[ChannelKey]:
    """The (platform, workspace, channel) triples `record_article` takes."""
    return [d.key for d in decisions if d.deliver]
