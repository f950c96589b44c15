"""A channel's posting policy from its stored settings: cap per hour, quiet hours, digest mode.

Pure functions of (settings, now, history), so the outbox and `newsbot why` reach the same
verdict, and tests need no clock but a number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["ChannelPolicy", "Hold", "PolicyError"]

_HHMM = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")
HOUR = 3600.0


class PolicyError(ValueError):
    """A channel setting that cannot be understood; names the setting."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting


@dataclass(frozen=True, slots=True)
class Hold:
    """Why a post waits, and until when (a Unix time)."""

    until: float
    reason: str


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    max_posts_per_hour: int = 0  # 0: no cap
    quiet: tuple[time, time] | None = None
    timezone: str = "UTC"
    digest_hours: float = 0.0  # 0: a post per article

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ChannelPolicy:
        cap = int(settings.get("max_posts_per_hour") or 0)
        if cap < 0:
            raise PolicyError("max_posts_per_hour", "must be 0 (no cap) or more")
        tz = str(settings.get("timezone") or "UTC")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise PolicyError("timezone", f"unknown time zone {tz!r}") from e
        quiet: tuple[time, time] | None = None
        raw = settings.get("quiet_hours")
        if raw:
            m = _HHMM.match(str(raw))
            if not m:
                raise PolicyError("quiet_hours", f"{raw!r} is not HH:MM-HH:MM")
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            quiet = (time(h1, m1), time(h2, m2))
            if quiet[0] == quiet[1]:
                quiet = None
        digest = float(settings.get("digest_hours") or 0.0)
        if digest < 0:
            raise PolicyError("digest_hours", "must be 0 (off) or more")
        return cls(cap, quiet, tz, digest)

    def quiet_until(self, now: float) -> float | None:
        """The end of the quiet period `now` falls in, or None outside quiet hours."""
        if self.quiet is None:
            return None
        start, end = self.quiet
        local = datetime.fromtimestamp(now, ZoneInfo(self.timezone))
        t = local.time().replace(tzinfo=None)
        if start < end:
            inside = start <= t < end
            end_day = local.date()
        else:  # crosses midnight, e.g. 22:00-07:00
            inside = t >= start or t < end
            end_day = local.date() + timedelta(days=1) if t >= start else local.date()
        if not inside:
            return None
        end_local = datetime.combine(end_day, end, tzinfo=ZoneInfo(self.timezone))
        return end_local.timestamp()

    def cap_until(self, now: float, sent_times: Sequence[float]) -> float | None:
        """With the channel's posts of the last hour, when the next one may go (None: now)."""
        cap = self.max_posts_per_hour
        if cap <= 0:
            return None
        recent = sorted(t for t in sent_times if t > now - HOUR)
        if len(recent) < cap:
            return None
        return recent[len(recent) - cap] + HOUR

    def hold(self, now: float, sent_times: Sequence[float]) -> Hold | None:
        """Why a post due now must wait, if it must: quiet hours first, then the cap."""
        until = self.quiet_until(now)
        if until is not None:
            q0, q1 = self.quiet or (time(), time())
            return Hold(until, f"quiet hours {q0:%H:%M}-{q1:%H:%M} {self.timezone}")
        until = self.cap_until(now, sent_times)
        if until is not None:
            return Hold(until, f"cap of {self.max_posts_per_hour} posts per hour reached")
        return None

    def digest_due(self, *, last_digest_at: float | None, oldest_pending_at: float) -> float:
        """When the next digest goes out: N hours after the last one, or N hours after the
        oldest article waiting for a first one."""
        start = last_digest_at if last_digest_at is not None else oldest_pending_at
        return start + self.digest_hours * HOUR
