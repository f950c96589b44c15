"""Routing: which channels get an article, and why or why not (for `newsbot why`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.delivery.ports import ChannelRef
from bot.store.rows import SubscriptionRow

__all__ = ["RouteDecision", "route"]


@dataclass(frozen=True, slots=True)
class RouteDecision:
    channel: ChannelRef
    deliver: bool
    reason: str  # "topic immigration", "filtered by exclude 'sports'", "no matching topic", ...


def route(
    *,
    topics: Iterable[str],
    source: str,
    title: str,
    summary: str,
    subscriptions: Iterable[SubscriptionRow],
    settings: Mapping[tuple[str, str, str], Mapping[str, Any]] | None = None,
) -> list[RouteDecision]:
    """One decision per channel that has any subscription."""
    topic_set = set(topics)
    by_channel: dict[ChannelRef, list[SubscriptionRow]] = {}
    for sub in subscriptions:
        by_channel.setdefault(ChannelRef(sub.platform, sub.workspace, sub.channel), []).append(sub)
    text = f"{title}\n{summary}".lower()
    out = []
    for channel, subs in by_channel.items():
        live = [s for s in subs if not s.paused]
        matched = [s for s in live if (s.topic in topic_set) or (s.source == source)]
        if not matched:
            reason = "paused: " + (subs[0].paused_reason or "") if not live else (
                "no matching topic or source"
            )
            out.append(RouteDecision(channel, False, reason))
            continue
        conf = (settings or {}).get((channel.platform, channel.workspace, channel.channel), {})
        include = [w.lower() for w in conf.get("include", ())]
        exclude = [w.lower() for w in conf.get("exclude", ())]
        hit = next((w for w in exclude if w in text), None)
        if hit is not None:
            out.append(RouteDecision(channel, False, f"filtered by exclude {hit!r}"))
            continue
        if include and not any(w in text for w in include):
            out.append(RouteDecision(channel, False, "filtered: none of the include words"))
            continue
        why = ", ".join(f"topic {s.topic}" if s.topic else f"source {s.source}" for s in matched)
        out.append(RouteDecision(channel, True, why))
    return out
