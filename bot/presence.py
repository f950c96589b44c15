"""This process in the database: who it is, its heartbeat, and its leases given back at a stop.

Every `newsbot run` (and `run --once`) registers itself in the `processes` table with an id
unique to this start (`host:pid:random`), beats every third of `[database] lease_seconds` (the
beat also renews every lease it holds: bot/store/leases.py), and on a clean stop frees its
leases and marks itself stopped, so the other processes take its work over at once. A process
that dies stops beating; its leases expire within one lease period and the others take over.

On SQLite the writer lock allows one `run` per database, so the process registers as the sole
one: whatever a killed predecessor held is freed at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from importlib import metadata

from bot.store import ProcessInfo, Store, StoreError

__all__ = ["Presence", "newsbot_version"]

log = logging.getLogger(__name__)


def newsbot_version() -> str:
    try:
        return metadata.version("newsbot")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return ""


class Presence:
    """One process's registration and heartbeat. `token` makes the random part of its id (tests
    pass a fixed one); `on_takeover(kind, n)` hears leases taken over from dead processes."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], float],
        lease_seconds: float,
        sole: bool,
        host: str | None = None,
        pid: int | None = None,
        token: Callable[[], str] = lambda: secrets.token_hex(4),
        on_takeover: Callable[[str, int], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.lease_seconds = lease_seconds
        self.sole = sole
        self.host = host if host is not None else socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        self.id = f"{self.host}:{self.pid}:{token()}"
        self.on_takeover = on_takeover
        self.registered = False
        self.started_at: float | None = None
        # Raised at each registration: what was claimed before a release is no longer held.
        self.generation = 0
        self._peers = 1

    @property
    def interval(self) -> float:
        """Seconds between heartbeats: three beats per lease, so one late beat loses nothing."""
        return self.lease_seconds / 3

    async def register(self) -> None:
        if self.started_at is None:
            self.started_at = self.clock()
        info = ProcessInfo(self.id, self.host, self.pid, self.started_at, newsbot_version())
        await self.store.register_process(info, sole=self.sole)
        self.registered = True
        self.generation += 1
        if not self.sole:
            self._peers = max(1, len(await self.store.live_processes(self.clock())))

    async def beat(self) -> None:
        """One heartbeat; registers again if the database no longer lists this process as
        running (its row was removed, or marked stopped by a process that thought it dead)."""
        if not await self.store.heartbeat(self.id):
            log.warning("process %s was not listed as running; registering again", self.id)
            await self.register()
        if not self.sole:
            live = await self.store.live_processes(self.clock())
            self._peers = max(1, len(live))

    def peers(self) -> int:
        """How many processes share the database's work, this one included, as of the last
        heartbeat (1 when it is the sole one: SQLite). What a budget shared by all processes,
        such as a bot token's global REST rate, is divided by."""
        return self._peers

    async def run(self, stop: asyncio.Event) -> None:
        """Beat every `interval` seconds until `stop` is set. A failed beat is logged and
        retried at the next one: the leases last three beats."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)
            if stop.is_set():
                return
            try:
                await self.beat()
            except StoreError as e:
                log.error("heartbeat of %s failed: %s", self.id, e)

    async def release(self) -> None:
        """Free every lease and mark the process stopped (a clean stop)."""
        if not self.registered:
            return
        try:
            await self.store.release_leases(self.id)
        except StoreError as e:  # they expire on their own within a lease period
            log.error("could not release the leases of %s: %s", self.id, e)
        self.registered = False

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Registered, beating, and released at the end."""
        await self.register()
        stop = asyncio.Event()
        beating = asyncio.create_task(self.run(stop), name=f"heartbeat {self.id}")
        try:
            yield
        finally:
            stop.set()
            await beating
            await self.release()

    def took_over(self, kind: str, n: int) -> None:
        """`n` leases of `kind` ("source", "channel") were taken from processes that stopped
        renewing them."""
        if n <= 0:
            return
        log.info("took over %d %s lease(s) from a process that stopped renewing them", n, kind)
        if self.on_takeover is not None:
            self.on_takeover(kind, n)
