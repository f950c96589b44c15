"""The chaos harness: several real `newsbot run` processes on one PostgreSQL schema, posting to
the fake Discord and the fake Slack, while a driver SIGKILLs one of them every few seconds and
starts it again.

Everything runs on 127.0.0.1 with ports the system picks: a feed server (aiohttp) whose entries
appear over time, the two fakes (in the test's event loop), and the bot processes
(`python -m bot.cli run`, this checkout first on PYTHONPATH, each in its own session with its
output in a log file). The test reads the database only to learn what the processes held when
one was killed, and when those leases changed hands (`LeaseWatch`); what was posted is read
from the fakes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp import web

from tests.fakes.discord import FAKE_TOKEN, FakeDiscord
from tests.fakes.slack import FakeSlack
from tests.ops.conftest import newsbot_env
from tests.support import WORDS

__all__ = [
    "Cluster",
    "FeedServer",
    "Kill",
    "LeaseWatch",
    "Plan",
    "identity",
]

SIGNING_SECRET = "chaos-signing-secret"
_IDENTITY = re.compile(r"/a/s(\d+)/e(\d+)\b")


@dataclass(frozen=True)
class Plan:
    """What the bot is asked to deliver: `sources` feeds of `entries` each, the entry k of
    every feed visible from `k * gap` seconds after the feed server starts; `discord` + `slack`
    channels, each following `per_channel` sources, so each article goes to
    `channels * per_channel / sources` channels."""

    sources: int = 40
    entries: int = 5
    gap: float = 3.0
    discord: int = 20
    slack: int = 20
    per_channel: int = 5

    @property
    def channels(self) -> int:
        return self.discord + self.slack

    def followed(self, channel: int) -> list[int]:
        """The sources channel `channel` follows: every source is followed by the same number
        of channels, Discord's and Slack's alike."""
        stride = self.sources // self.per_channel
        return [(channel % stride) + j * stride for j in range(self.per_channel)]

    def expected(self) -> set[tuple[int, int, int]]:
        """Every post to be shown: (channel index, source, entry)."""
        return {
            (c, s, k)
            for c in range(self.channels)
            for s in self.followed(c)
            for k in range(self.entries)
        }


def identity(message: Any) -> list[tuple[int, int]]:
    """The (source, entry) pairs a posted message names (by its article's link)."""
    return sorted({(int(s), int(k)) for s, k in _IDENTITY.findall(json.dumps(message))})


@dataclass
class FeedServer:
    """RSS feeds at /feeds/<n>.xml whose entries appear over time, and article pages at
    /a/s<n>/e<k>. Every feed request is recorded (source, arrival time) and answered after
    `delay` seconds, so polls are in flight long enough for a kill to land in one."""

    plan: Plan
    delay: float = 1.0
    fetches: list[tuple[int, float]] = field(default_factory=list)
    t0: float = 0.0
    port: int = 0
    _runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feeds/{n}.xml", self._feed)
        app.router.add_get("/a/{path:.*}", self._article)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server
        self.port = int(server.sockets[0].getsockname()[1])
        self.t0 = time.time()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def visible(self, now: float) -> int:
        """How many entries each feed shows at `now`."""
        return min(self.plan.entries, int((now - self.t0) // self.plan.gap) + 1)

    def all_visible_at(self) -> float:
        return self.t0 + (self.plan.entries - 1) * self.plan.gap

    async def _feed(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        now = time.time()
        self.fetches.append((n, now))
        shown = self.visible(now)
        await asyncio.sleep(self.delay)
        rng = random.Random(n)
        items = []
        for k in range(shown):
            words = rng.sample(WORDS, 5)
            title = f"{' '.join(words).capitalize()} report {n}-{k}"
            body = " ".join(rng.choice(WORDS) for _ in range(120))
            published = formatdate(self.t0 - 3600 + 60 * k, usegmt=True)
            items.append(
                f"<item><title>{title}</title><link>{self.url(f'/a/s{n}/e{k}')}</link>"
                f"<guid>s{n}-e{k}</guid><pubDate>{published}</pubDate>"
                f"<description>{body.capitalize()}.</description></item>"
            )
        body = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk {n}</title>'
            f"<link>{self.url('/')}</link>" + "".join(reversed(items)) + "</channel></rss>"
        )
        return web.Response(body=body.encode(), content_type="application/rss+xml")

    async def _article(self, request: web.Request) -> web.Response:
        text = "<html><body><article><p>" + " ".join(WORDS * 4) + "</p></article></body></html>"
        return web.Response(text=text, content_type="text/html")


def free_port() -> int:
    """A port the system picks for Slack's HTTP mode (which takes a fixed one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Slot:
    """One of the processes: its config file, the current `newsbot run` and its log."""

    index: int
    proc: asyncio.subprocess.Process | None = None
    starts: int = 0
    log: Path | None = None


@dataclass
class Cluster:
    folder: Path
    pg_url: str
    plan: Plan
    feeds: FeedServer
    discord: FakeDiscord
    slack: FakeSlack
    discord_channels: Sequence[tuple[int, int]]  # (guild, channel) per Discord channel index
    size: int = 3
    lease_seconds: float = 5.0
    slots: list[Slot] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.slots = [Slot(i) for i in range(self.size)]

    def channel_ref(self, c: int) -> tuple[str, str, str]:
        """Channel index → (platform, workspace, channel id)."""
        if c < self.plan.discord:
            guild, channel = self.discord_channels[c]
            return "discord", str(guild), str(channel)
        return "slack", self.slack.team_id, f"C{c:04d}"

    def config(self, index: int, slack_port: int) -> str:
        lines = [
            f'[database]\nurl = "{self.pg_url}"\nlease_seconds = {self.lease_seconds}\n',
            # All feeds are on one host here: let a process fetch 16 of them at once.
            "[network]\nallow_private_networks = true\nper_host_concurrency = 16\n",
            "[posting]\nbackfill = 100\nmax_age_hours = 1000000\nsame_story_window_hours = 0\n"
            "update_window_hours = 0\n",
            "[adapters.console]\nenabled = false\n",
            f"[adapters.discord]\nenabled = true\nshard_count = {self.size}\n"
            f"process_index = {index}\nprocess_count = {self.size}\n"
            f'api_base_url = "{self.discord.api_base}"\n',
            f'[adapters.slack]\nenabled = true\nmode = "http"\nhttp_port = {slack_port}\n'
            f'api_base_url = "{self.slack.base_url}"\n',
        ]
        for n in range(self.plan.sources):
            lines.append(
                f'[[sources]]\nname = "desk{n}"\nurl = "{self.feeds.url(f"/feeds/{n}.xml")}"\n'
                "interval_minutes = 1\n"
            )
        for c in range(self.plan.channels):
            platform, workspace, channel = self.channel_ref(c)
            follows = ", ".join(f'"desk{s}"' for s in self.plan.followed(c))
            lines.append(
                f'[[channels]]\nplatform = "{platform}"\nworkspace = "{workspace}"\n'
                f'id = "{channel}"\nsources = [{follows}]\n'
            )
        return "\n".join(lines)

    async def migrate(self) -> None:
        """`newsbot db migrate`: the schema exists before the processes and the test read it
        (a deployment does the same before starting its processes)."""
        config = self.folder / "migrate.toml"
        config.write_text(self.config(0, free_port()), encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "db",
            "migrate",
            "--config",
            str(config),
            cwd=self.folder,
            env=newsbot_env(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await asyncio.wait_for(proc.communicate(), 120)
        assert proc.returncode == 0, out.decode(errors="replace")

    async def start(self, index: int) -> None:
        slot = self.slots[index]
        slot.starts += 1
        config = self.folder / f"p{index}.toml"
        config.write_text(self.config(index, free_port()), encoding="utf-8")
        slot.log = self.folder / f"p{index}-{slot.starts}.log"
        env = newsbot_env(
            {
                "DISCORD_TOKEN": FAKE_TOKEN,
                "SLACK_BOT_TOKEN": self.slack.bot_token,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            }
        )
        with slot.log.open("wb") as out:
            slot.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "run",
                "--config",
                str(config),
                cwd=self.folder,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )

    def pid(self, index: int) -> int:
        proc = self.slots[index].proc
        assert proc is not None
        return proc.pid

    async def kill(self, index: int) -> None:
        """SIGKILL the process, and its pool workers after it (they would end on their own)."""
        proc = self.slots[index].proc
        assert proc is not None
        os.kill(proc.pid, signal.SIGKILL)
        await proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    async def stop(self, within: float = 60.0) -> list[int | None]:
        """SIGTERM every process (a clean stop frees its leases); SIGKILL what is still running
        after `within` seconds. Returns their exit codes."""
        procs = [s.proc for s in self.slots]
        for proc in procs:
            if proc is not None and proc.returncode is None:
                os.kill(proc.pid, signal.SIGTERM)
        codes: list[int | None] = []
        for proc in procs:
            if proc is None:
                codes.append(None)
                continue
            try:
                codes.append(await asyncio.wait_for(proc.wait(), within))
            except TimeoutError:
                codes.append(None)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            if proc.returncode is None:
                await proc.wait()
        return codes

    def exited(self) -> list[tuple[int, int]]:
        """Processes that ended on their own (not killed by the driver): (slot, exit code)."""
        return [
            (s.index, s.proc.returncode)
            for s in self.slots
            if s.proc is not None and s.proc.returncode is not None
        ]

    def log_tail(self, index: int, lines: int = 30) -> str:
        log = self.slots[index].log
        if log is None or not log.exists():
            return ""
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Kill:
    """One SIGKILL: when, which slot and process, and the leases that process held then
    (sources being polled; channels with work), each with its expiry."""

    at: float
    slot: int
    pid: int
    process_id: str | None
    sources: dict[int, float]  # source id -> lease until
    channels: dict[tuple[str, str], float]  # (platform, channel) -> lease until
    restarted_at: float = 0.0


@dataclass
class LeaseWatch:
    """Samples the lease owners every `every` seconds; records each change of owner with the
    time it was first seen: (kind, key, old owner, new owner, seen at)."""

    db: asyncpg.Connection
    every: float = 0.2
    owners: dict[tuple[str, Any], str | None] = field(default_factory=dict)
    changes: list[tuple[str, Any, str | None, str | None, float]] = field(default_factory=list)

    async def sample(self) -> None:
        now = time.time()
        current: dict[tuple[str, Any], str | None] = {}
        for r in await self.db.fetch("SELECT id, lease_owner FROM sources"):
            current[("source", int(r[0]))] = r[1]
        for r in await self.db.fetch("SELECT platform, channel, owner FROM channel_leases"):
            current[("channel", (str(r[0]), str(r[1])))] = r[2]
        for key, owner in current.items():
            old = self.owners.get(key)
            if owner != old:
                self.changes.append((key[0], key[1], old, owner, now))
        self.owners = current

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.sample()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.every)

    def taken_from(self, kind: str, key: Any, owner: str, after: float) -> float | None:
        """When the lease `key` was first seen leaving `owner` after `after`."""
        for k, kk, old, _new, at in self.changes:
            if k == kind and kk == key and old == owner and at >= after:
                return at
        return None


async def held_by(db: asyncpg.Connection, pid: int) -> tuple[str | None, dict[Any, float], Any]:
    """The process id `pid` registered as (if it got that far), and the leases it holds:
    sources (any: a source is leased only while it is polled) and channels with work."""
    row = await db.fetchrow(
        "SELECT id FROM processes WHERE pid = $1 AND stopped_at IS NULL"
        " ORDER BY started_at DESC LIMIT 1",
        pid,
    )
    if row is None:
        return None, {}, {}
    pid_id = str(row[0])
    sources = {
        int(r[0]): float(r[1])
        for r in await db.fetch(
            "SELECT id, lease_until FROM sources WHERE lease_owner = $1", pid_id
        )
    }
    channels = {
        (str(r[0]), str(r[1])): float(r[2])
        for r in await db.fetch(
            """SELECT l.platform, l.channel, l.until FROM channel_leases l
               WHERE l.owner = $1 AND EXISTS (SELECT 1 FROM deliveries d
                 WHERE d.status = 'pending' AND d.platform = l.platform
                 AND d.workspace = l.workspace AND d.channel = l.channel)""",
            pid_id,
        )
    }
    return pid_id, sources, channels
