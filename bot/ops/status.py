"""`newsbot status`: the installation as the database and the writer lock file tell it, for an
operator at a terminal. Read-only: the store is opened read-only and the lock file is only
read, never locked (taking even a shared lock for a moment could make a `run` that starts at
that instant refuse).

The output lists processes as a list, one line each: first the one holding SQLite's writer
lock (at most one), then every process the database has recorded (the `processes` table of
bot/store/leases.py: each `run` of the last day, alive or dead by the age of its heartbeat,
with the leases it holds), which is how several processes sharing one database are seen.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from bot.store import ProcessRow, SourceRow, Store
from bot.store.writer import Holder, lock_path, read_holder
from bot.textsafe import escape_controls
from bot.workers import pid_alive

__all__ = ["lock_held", "process_lines", "status_lines"]


def lock_held(db_path: str | Path) -> bool | None:
    """Whether a process holds the database's writer lock now, from the kernel's table of
    locks (/proc/locks lists every flock with its file's device and inode); None where that
    table cannot be read (not Linux)."""
    try:
        st = os.stat(lock_path(db_path))
    except OSError:
        return False
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in table.splitlines():
        fields = line.split()
        if "FLOCK" in fields and device in fields and "->" not in fields:
            return True
    return False


def _running(db_path: str | Path) -> tuple[bool, Holder | None]:
    holder = read_holder(db_path)
    held = lock_held(db_path)
    if held is None:  # no lock table: the holder's pid, when it is on this host
        held = holder is not None and holder.host == socket.gethostname() and pid_alive(holder.pid)
    return held, holder


def _when(ts: float | None) -> str:
    if ts is None:
        return "never"
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ts))


def _ago(now: float, ts: float | None) -> str:
    if ts is None:
        return "never"
    s = max(now - ts, 0.0)
    span = (
        f"{s:.0f}s"
        if s < 120
        else f"{s / 60:.0f}m"
        if s < 7200
        else f"{s / 3600:.1f}h"
        if s < 172800
        else f"{s / 86400:.1f}d"
    )
    return f"{_when(ts)} ({span} ago)"


def _source_line(s: SourceRow, now: float) -> list[str]:
    state = "paused" if s.paused else ("failing" if s.error_count else "ok")
    lines = [
        f"  {s.name}  [{state}]  last poll: {_ago(now, s.last_polled_at)}   "
        f"last success: {_ago(now, s.last_success_at)}   next poll: "
        + ("—" if s.paused else _when(s.next_poll_at))
    ]
    if s.last_error and s.error_count:
        lines.append(f"      last error: {s.last_error}")
    return lines


def _lock_holder_lines(db_path: str | Path) -> list[str]:
    """The one process a SQLite database allows, from its writer lock."""
    held, holder = _running(db_path)
    if not held:
        return ["processes: none running"]
    who = (
        f"pid {holder.pid} on host {holder.host}, running since {_when(holder.started)}"
        if holder is not None
        else "starting (its pid is not written yet)"
    )
    return ["processes: 1 running", f"  {who}"]


def _process_line(p: ProcessRow, now: float, lease_seconds: float) -> str:
    if p.stopped_at is not None:
        state = f"stopped {_ago(now, p.stopped_at)}"
    elif p.alive(now, lease_seconds):
        state = "alive"
    else:  # killed, or its machine lost: its leases expired a lease period after this
        state = "dead (no heartbeat within a lease period)"
    version = f", version {p.version}" if p.version else ""
    return (
        f"  {p.id}  [{state}]  pid {p.pid} on host {p.host}{version}, started "
        f"{_when(p.started_at)}; last heartbeat: {_ago(now, p.heartbeat_at)}; "
        f"leases: {p.sources} source(s), {p.channels} channel(s)"
    )


async def process_lines(store: Store, now: float, lease_seconds: float) -> list[str]:
    """Every process the database has recorded, alive ones first."""
    rows = await store.processes()
    alive = [p for p in rows if p.alive(now, lease_seconds)]
    stopped = sum(p.stopped_at is not None for p in rows)
    dead = len(rows) - len(alive) - stopped
    lines = [
        f"processes recorded: {len(rows)} ({len(alive)} alive, {dead} dead, {stopped} stopped;"
        f" lease {lease_seconds:g}s)"
    ]
    order = sorted(rows, key=lambda p: (not p.alive(now, lease_seconds), -p.heartbeat_at))
    return lines + [_process_line(p, now, lease_seconds) for p in order]


async def status_lines(
    store: Store,
    db_path: str | Path,
    *,
    clock: Callable[[], float] = time.time,
    lease_seconds: float = 30.0,
) -> list[str]:
    """What `newsbot status` prints, line by line (store text escaped)."""
    now = clock()
    if store.dialect == "postgresql":
        # No lock file: several processes may share the database (their leases tell who).
        lines = [f"database: {store.path}"]
    else:
        lines = [f"database: {db_path}", *_lock_holder_lines(db_path)]
    lines += await process_lines(store, now, lease_seconds)
    sources = await store.list_sources()
    paused = sum(s.paused for s in sources)
    failing = sum(1 for s in sources if s.error_count and not s.paused)
    lines.append(
        f"sources: {len(sources)} ({len(sources) - paused} active, {failing} failing, "
        f"{paused} paused)"
    )
    for s in sources:
        lines += _source_line(s, now)
    depth = await store.outbox_depth()
    if not depth:
        lines.append("outbox: empty")
    else:
        lines.append(f"outbox: {sum(n for n, _ in depth.values())} pending")
        for platform, (n, oldest) in sorted(depth.items()):
            lines.append(f"  {platform}: {n} pending, oldest queued {_ago(now, oldest)}")
    last = await store.last_delivery()
    lines.append(
        "last delivery: never"
        if last is None
        else f"last delivery: {_ago(now, last[1])} on {last[0]}"
    )
    return [escape_controls(line) for line in lines]
