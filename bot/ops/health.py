"""When one `newsbot run` process is healthy: the rule behind `/healthz`, kept pure (the time
is passed in) so that each threshold is tested without waiting.

A process is **unhealthy** (HTTP 503) when any of these holds, and healthy (200) otherwise:

- **polling stalled**: it has active sources (not paused, not removed) and no poll has succeeded
  (fetched and recorded, or answered "not modified") for more than `POLL_FACTOR` (3) times the
  shortest interval among them, counted from the process start before its first success. One
  source failing does not trip it while another succeeds; every source failing (the network is
  down, the worker pool is dead, the store is stuck) does. No active source: polling is idle
  and healthy.
- **not running**: the run loop has not started yet or has stopped; or the outbox loop has
  ended while the run loop goes on.
- **delivery stopped**: the outbox holds every send because a store write failed.
- **a platform disconnected** for more than `PLATFORM_DOWN_SECONDS` (120 s): Discord's gateway
  or Slack's socket usually comes back within seconds; two minutes down is an outage.
- **the database unreadable**: the outbox depth could not be read for the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PLATFORM_DOWN_SECONDS", "POLL_FACTOR", "Health", "HealthInputs", "assess"]

POLL_FACTOR = 3.0
PLATFORM_DOWN_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class HealthInputs:
    started_at: float
    running: bool
    shortest_interval: float | None  # seconds, of the active sources; None: no active source
    last_poll_ok: float | None
    last_delivery_ok: float | None
    delivery_stopped: str | None = None  # why every send is held, while it is
    platforms: Mapping[str, float | None] = field(default_factory=dict)  # → down since
    database_error: str | None = None


@dataclass(frozen=True, slots=True)
class Health:
    healthy: bool
    problems: tuple[str, ...]
    report: dict[str, Any]


def _age(now: float, then: float | None) -> float | None:
    return None if then is None else round(max(now - then, 0.0), 3)


def assess(h: HealthInputs, now: float) -> Health:
    """The verdict and the JSON body of `/healthz` at time `now`."""
    problems: list[str] = []
    if not h.running:
        problems.append("the run loop is not running (starting or stopping)")
    limit = None if h.shortest_interval is None else POLL_FACTOR * h.shortest_interval
    poll_age = _age(now, h.last_poll_ok)
    if limit is not None:
        since = h.last_poll_ok if h.last_poll_ok is not None else h.started_at
        if now - since > limit:
            what = "no poll has succeeded" + (" since start" if h.last_poll_ok is None else "")
            problems.append(
                f"polling stalled: {what} for {now - since:.0f}s (limit {limit:.0f}s, "
                f"{POLL_FACTOR:g} × the shortest interval)"
            )
    if h.delivery_stopped is not None:
        problems.append(f"delivery stopped: {h.delivery_stopped}")
    platforms: dict[str, Any] = {}
    for name, down_since in sorted(h.platforms.items()):
        down = _age(now, down_since)
        platforms[name] = {"connected": down_since is None, "disconnected_seconds": down}
        if down is not None and down > PLATFORM_DOWN_SECONDS:
            problems.append(
                f"{name} disconnected for {down:.0f}s (limit {PLATFORM_DOWN_SECONDS:.0f}s)"
            )
    if h.database_error is not None:
        problems.append(f"database: {h.database_error}")
    report: dict[str, Any] = {
        "status": "ok" if not problems else "unhealthy",
        "problems": problems,
        "uptime_seconds": _age(now, h.started_at),
        "polling": {
            "running": h.running,
            "active": h.shortest_interval is not None,
            "last_success_age_seconds": poll_age,
            "stalled_after_seconds": limit,
        },
        "delivering": {
            "running": h.running and h.delivery_stopped is None,
            "stopped": h.delivery_stopped,
            "last_success_age_seconds": _age(now, h.last_delivery_ok),
        },
        "platforms": platforms,
    }
    return Health(not problems, tuple(problems), report)
