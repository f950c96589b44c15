"""Several real `newsbot run` processes sharing feeds through PostgreSQL, against one on SQLite.

    python bench/scale.py [--feeds 20000] [--rounds 3] [--new-fraction 0.05]
                          [--cases sqlite:1,postgresql:1,postgresql:2,postgresql:3]
                          [--pg-url postgresql://postgres@127.0.0.1:5432/test] [--json FILE]
                          [--in-flight N] [--timeout SECONDS]

- **Feeds**: bench/sources.py's feed server (its own process, aiohttp on 127.0.0.1 port 0):
  feed ``i`` is 20 generated news entries (~26 KB, gzipped ~6 KB) with an ETag and a
  Last-Modified, answering 304 to a matching conditional GET. Each round it gives a fresh
  ``--new-fraction`` of the feeds two new entries each (the same feeds for every case).
- **Processes**: each case starts N ``bench/scale_child.py`` processes, each of which is
  ``newsbot run --config FILE`` (bot.cli.main, unchanged: the poll loop of ``run_forever``
  claiming due sources by lease, up to 1,000 in flight, its heartbeat, its worker pool and
  its outbox) with counters wrapped around the store's engine and the observer from outside
  (see that file). The config: one ``[[sources]]`` per feed, five topics, five console channels
  (one per topic; posts go to the child's standard output, counted), ``backfill = 0``, a
  week between polls (so a source's own slot on the poll grid does not fall in a round), and
  ``[database] path`` (SQLite, a fresh file) or ``url`` (PostgreSQL: a fresh schema
  ``nbscale_<random>`` through ``?search_path=``, dropped after the case).
- **Rounds**: the processes start together and import every feed (the first poll records
  20 entries per feed as seen, posting nothing): that is the warm-up, timed but not measured.
  Then for each round the server bumps its feeds and the conductor makes every source due
  (``UPDATE sources SET next_poll_at = <now>``: the one thing it writes), and waits until no
  source is due (every feed polled and recorded: "polled") and no delivery is pending ("drained"),
  checking the database every 0.1 s.
- **Measured per round** (between two snapshots the children write on SIGUSR1): wall time to
  polled and to drained; CPU seconds of each child and its descendants (the pool's forkserver
  and worker) from /proc; database statements, transactions and round trips (statements +
  BEGIN and COMMIT of each transaction) as counted in each child; polls per child (how the
  work divides); peak RSS (VmHWM, reset before the round) of each child and of its largest
  descendant; and on PostgreSQL the CPU of the server backends serving the children's
  connections. The feed server's CPU is shown apart and never counted.
- **Checks** after each case: every new entry recorded once (``articles`` rows), delivered once
  (``deliveries`` sent, and posts printed by all children together), no poll errors; and per
  round, the feeds polled twice (by one process or by two), normally none.

Medians over the measured rounds. On a 2-core machine N processes share two cores with the
feed server and PostgreSQL, so wall time says little about N machines: CPU and round trips per
feed are what extrapolate (docs/scale.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# As `bench.sources`, not `sources`: under pytest, `sources` is the tests' own package.
from bench.sources import (  # noqa: E402
    _WORDS,
    ENTRIES_PER_FEED,
    NEW_PER_BUMP,
    TOPICS,
    _control,
    _reset_peaks,
    _status_kib,
    bumped_ids,
    descendants,
    feed_server,
)

PG_URL = os.environ.get("NEWSBOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
CHILD = HERE / "scale_child.py"
_CLK_TCK = os.sysconf("SC_CLK_TCK")
POLL_DB = 0.1  # seconds between the conductor's checks of the database


# -- the config ------------------------------------------------------------------------------------


def config_toml(base: str, n: int, database: str) -> str:
    """newsbot's config.toml for `n` feeds of the server at `base`; `database` is the body of
    its [database] table."""
    lines = [
        "[database]",
        database,
        "",
        "[network]",
        "allow_private_networks = true",  # every feed is on 127.0.0.1
        "per_host_concurrency = 32",  # one host stands for thousands: as many as the poller makes
        "",
        "[posting]",
        "backfill = 0",
        "",
        "[adapters.console]",
        "enabled = true",
        "",
    ]
    for t in TOPICS:
        keywords = ", ".join(f'"{w}"' for w in _WORDS[t][:4])
        lines += ["[[topics]]", f'name = "{t}"', f"keywords = [{keywords}]", ""]
    for t in TOPICS:
        lines += ["[[channels]]", 'platform = "console"', f'id = "{t}-desk"']
        lines += [f'topics = ["{t}"]', ""]
    for i in range(n):
        lines += [
            "[[sources]]",
            f'name = "feed {i:05d}"',
            f'url = "{base}/feed/{i}"',
            f'topics = ["{TOPICS[i % len(TOPICS)]}"]',
            # A source is polled at its own slot of a grid (bot/sources/schedule.py); with a
            # week between slots, a round (which makes every source due at once) almost never
            # meets one, so each feed is polled once per round.
            "interval_minutes = 10080",
            "",
        ]
    return "\n".join(lines)


# -- the database, as the conductor sees it -------------------------------------------------------


class Target:
    """Where a case's database lives, and the few queries the conductor makes on it."""

    def __init__(self, kind: str, tmp: Path, pg_url: str) -> None:
        self.kind = kind
        self.tmp = tmp
        self.pg_url = pg_url
        self.schema = "nbscale_" + secrets.token_hex(6)
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None

    @property
    def config_line(self) -> str:
        if self.kind == "sqlite":
            return f'path = "{self.tmp / "newsbot.db"}"'
        sep = "&" if "?" in self.pg_url else "?"
        return f'url = "{self.pg_url}{sep}search_path={self.schema}"'

    async def create(self) -> None:
        if self.kind == "postgresql":
            import asyncpg

            self._pg = await asyncpg.connect(self.pg_url, timeout=10)
            await self._pg.execute(f"CREATE SCHEMA {self.schema}")
            await self._pg.execute(f"SET search_path = {self.schema}")

    async def drop(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            await self._pg.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            await self._pg.close()

    async def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of `sql` (`?` placeholders); [] while the schema is not there yet."""
        if self.kind == "postgresql":
            import asyncpg

            from bot.store.engine import to_dollar

            try:
                return [tuple(r) for r in await self._pg.fetch(to_dollar(sql), *params)]
            except asyncpg.UndefinedTableError:
                return []
        if self._sqlite is None:
            path = self.tmp / "newsbot.db"
            if not path.exists():
                return []
            self._sqlite = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            return list(self._sqlite.execute(sql, params))
        except sqlite3.OperationalError as e:
            if "no such table" in str(e):
                return []
            raise

    async def state(self, due_at: float) -> tuple[int, int, int]:
        """(sources, of which due at `due_at`, pending deliveries)."""
        rows = await self.query(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN COALESCE(next_poll_at, 0) <= ? THEN 1"
            " ELSE 0 END), 0) FROM sources",
            due_at,
        )
        if not rows:
            return 0, 0, 0
        pending = await self.query("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'")
        return int(rows[0][0]), int(rows[0][1]), int(pending[0][0]) if pending else 0

    async def make_due(self, at: float) -> None:
        if self.kind == "postgresql":
            await self._pg.execute("UPDATE sources SET next_poll_at = $1", at)
        else:
            await self.query("UPDATE sources SET next_poll_at = ?", at)

    async def tally(self) -> dict[str, Any]:
        articles = await self.query("SELECT COUNT(*) FROM articles")
        by_status = await self.query("SELECT status, COUNT(*) FROM deliveries GROUP BY status")
        dup = await self.query(
            "SELECT COUNT(*) FROM (SELECT article_id, platform, workspace, channel"
            " FROM deliveries GROUP BY article_id, platform, workspace, channel"
            " HAVING COUNT(*) > 1) AS d"
        )
        return {
            "articles": int(articles[0][0]),
            "deliveries": {str(s): int(c) for s, c in by_status},
            "duplicate_deliveries": int(dup[0][0]),
        }


# -- the children ---------------------------------------------------------------------------------


@dataclass
class Child:
    index: int
    proc: asyncio.subprocess.Process
    stats_file: Path
    stdout_file: Path
    stderr_file: Path
    seq: int = 0

    @property
    def pid(self) -> int:
        return self.proc.pid

    def read(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self.stats_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return data

    async def snapshot(self, limit_s: float = 30.0) -> dict[str, Any]:
        """Its counters as of now (SIGUSR1, then wait for the file to be rewritten)."""
        before = self.seq
        self.proc.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            data = self.read()
            if data is not None and data["seq"] > before:
                self.seq = data["seq"]
                return data
            if self.proc.returncode is not None:
                break
            await asyncio.sleep(0.01)
        raise SystemExit(f"child {self.index} did not write its counters: {self.tail()}")

    def tail(self) -> str:
        try:
            return self.stderr_file.read_text()[-3000:]
        except FileNotFoundError:
            return "(no stderr)"

    def posts_printed(self) -> int:
        """Posts the console adapter printed (an edit of a post prints it again, marked)."""
        text = self.stdout_file.read_text(errors="replace")
        return text.count("\u2501\u2501 #") - text.count("(edited ")


def _create(path: Path) -> Any:
    return open(path, "wb")  # closed once the child has it


async def start_child(index: int, config: Path, tmp: Path, in_flight: int | None) -> Child:
    stats = tmp / f"child{index}.json"
    out, err = tmp / f"child{index}.out", tmp / f"child{index}.err"
    argv = [sys.executable, str(CHILD), str(stats), "run", "--config", str(config)]
    env = dict(os.environ)
    if in_flight:
        env["SCALE_POLLS_IN_FLIGHT"] = str(in_flight)
    o, e = _create(out), _create(err)
    try:
        proc = await asyncio.create_subprocess_exec(*argv, stdout=o, stderr=e, env=env)
    finally:
        o.close()
        e.close()
    child = Child(index, proc, stats, out, err)
    deadline = time.monotonic() + 60
    while child.read() is None:  # its first write: the SIGUSR1 handler is in place
        if proc.returncode is not None or time.monotonic() > deadline:
            raise SystemExit(f"child {index} did not start: {child.tail()}")
        await asyncio.sleep(0.02)
    child.seq = child.read()["seq"]  # type: ignore[index]
    return child


async def stop_children(children: list[Child]) -> None:
    for c in children:
        if c.proc.returncode is None:
            c.proc.send_signal(signal.SIGTERM)
    for c in children:
        try:
            await asyncio.wait_for(c.proc.wait(), 60)
        except TimeoutError:
            c.proc.kill()
            await c.proc.wait()


# -- measuring ----------------------------------------------------------------------------------


def _cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


@dataclass
class Sample:
    """What one child looks like at an instant."""

    counts: dict[str, int]
    cpu: dict[int, float]  # the child and its descendants
    backends: dict[int, float]  # PostgreSQL backends of its connections
    polled: list[str]  # sources it polled since the previous sample
    twice: list[str]  # of which polled more than once


async def sample(children: list[Child]) -> list[Sample]:
    out = []
    for c in children:
        data = await c.snapshot()
        cpu = {c.pid: _cpu(c.pid), **descendants(c.pid)}
        backends = {p: _cpu(p) for p in data["backend_pids"]}
        out.append(Sample(data["counts"], cpu, backends, data["polled"], data["polled_twice"]))
    return out


def _delta(a: dict[int, float], b: dict[int, float]) -> float:
    """CPU spent between two readings by the processes present in the second."""
    return sum(v - a.get(pid, 0.0) for pid, v in b.items())


@dataclass
class Round:
    wall_polled: float
    wall_drained: float
    feeds: int
    server_cpu: float
    served_200: int
    served_304: int
    per_process: list[dict[str, Any]] = field(default_factory=list)
    polled_twice: list[str] = field(default_factory=list)

    def total(self, key: str) -> float:
        return float(sum(p[key] for p in self.per_process))


def polled_twice(after: list[Sample]) -> list[str]:
    """Sources polled more than once in the round, by one process or by two."""
    seen: dict[str, int] = {}
    for a in after:
        for name in a.polled:
            seen[name] = seen.get(name, 0) + 1
    return sorted({*(n for n, k in seen.items() if k > 1), *(n for a in after for n in a.twice)})


def round_figures(
    before: list[Sample], after: list[Sample], children: list[Child]
) -> list[dict[str, Any]]:
    out = []
    for c, a, b in zip(children, before, after, strict=True):
        counts = {k: b.counts.get(k, 0) - a.counts.get(k, 0) for k in b.counts}
        kids = descendants(c.pid)
        out.append(
            {
                "polls": counts.get("polls", 0),
                "errors": counts.get("poll_error", 0),
                "new_entries": counts.get("new_entries", 0),
                "posts": counts.get("posts_console", 0),
                "statements": counts.get("statements", 0),
                "transactions": counts.get("transactions", 0),
                "round_trips": counts.get("statements", 0) + 2 * counts.get("transactions", 0),
                "cpu": _delta(a.cpu, b.cpu),
                "cpu_main": b.cpu.get(c.pid, 0.0) - a.cpu.get(c.pid, 0.0),
                # Only backends seen at both ends: one first seen at the end may be an old
                # connection the pool had not handed out at the start (its whole life's CPU).
                "db_backend_cpu": sum(
                    v - a.backends[p] for p, v in b.backends.items() if p in a.backends
                ),
                "rss_main_mib": _status_kib(c.pid, "VmHWM") / 1024,
                "rss_worker_mib": max((_status_kib(p, "VmHWM") for p in kids), default=0) / 1024,
                "rss_all_mib": (
                    _status_kib(c.pid, "VmHWM") + sum(_status_kib(p, "VmHWM") for p in kids)
                )
                / 1024,
            }
        )
    return out


async def wait_until(
    target: Target, due_at: float, n: int, limit_s: float, children: list[Child]
) -> tuple[float, float]:
    """Wait for every source polled (none due at `due_at`), then for the outbox drained;
    return the two instants (perf_counter)."""
    deadline = time.perf_counter() + limit_s
    polled = None
    while True:
        total, due, pending = await target.state(due_at)
        now = time.perf_counter()
        if polled is None and total == n and due == 0:
            polled = now
        if polled is not None and pending == 0:
            return polled, now
        if now > deadline:
            raise SystemExit(
                f"timed out: {total} sources, {due} due, {pending} pending; "
                + " | ".join(c.tail()[-500:] for c in children)
            )
        for c in children:
            if c.proc.returncode is not None:
                raise SystemExit(f"child {c.index} exited ({c.proc.returncode}): {c.tail()}")
        await asyncio.sleep(POLL_DB)


@contextlib.asynccontextmanager
async def case_processes(
    kind: str, n_proc: int, base: str, n: int, pg_url: str, in_flight: int | None
) -> AsyncIterator[tuple[Target, list[Child], Path]]:
    tmp = Path(tempfile.mkdtemp(prefix=f"nbscale-{kind}{n_proc}-"))
    target = Target(kind, tmp, pg_url)
    await target.create()
    children: list[Child] = []
    try:
        config = tmp / "config.toml"
        config.write_text(config_toml(base, n, target.config_line))
        children = list(
            await asyncio.gather(*(start_child(i, config, tmp, in_flight) for i in range(n_proc)))
        )
        yield target, children, tmp
    finally:
        await stop_children(children)
        await target.drop()
        shutil.rmtree(tmp, ignore_errors=True)


async def run_case(kind: str, n_proc: int, base: str, args: argparse.Namespace) -> dict[str, Any]:
    n = args.feeds
    _control(base, "/_control/reset", {})
    t_start = time.time()
    p0 = time.perf_counter()
    async with case_processes(kind, n_proc, base, n, args.pg_url, args.in_flight) as (
        target,
        children,
        _,
    ):
        polled, drained = await wait_until(target, t_start, n, args.timeout, children)
        warm = {"polled_s": polled - p0, "drained_s": drained - p0}
        warm_errors = sum(s.counts.get("poll_error", 0) for s in await sample(children))
        rounds = []
        expected_new = 0
        for r in range(args.rounds):
            ids = bumped_ids(n, args.new_fraction, r)
            expected_new += len(ids) * NEW_PER_BUMP
            _control(base, "/_control/bump", {"ids": ids})
            for c in children:
                _reset_peaks([c.pid, *descendants(c.pid)])
            server0 = _control(base, "/_control/stats")
            before = await sample(children)
            due_at = time.time()
            t0 = time.perf_counter()
            await target.make_due(due_at)
            polled, drained = await wait_until(target, due_at, n, args.timeout, children)
            after = await sample(children)
            server = _control(base, "/_control/stats")
            rounds.append(
                Round(
                    wall_polled=polled - t0,
                    wall_drained=drained - t0,
                    feeds=n,
                    server_cpu=server["cpu"] - server0["cpu"],
                    served_200=server.get("200", 0) - server0.get("200", 0),
                    served_304=server.get("304", 0) - server0.get("304", 0),
                    per_process=round_figures(before, after, children),
                    polled_twice=polled_twice(after),
                )
            )
            print(
                f"  {kind} x{n_proc} round {r + 1}: polled in {rounds[-1].wall_polled:.1f} s, "
                f"drained in {rounds[-1].wall_drained:.1f} s, polls "
                f"{[p['polls'] for p in rounds[-1].per_process]}, polled twice "
                f"{rounds[-1].polled_twice[:5]}",
                file=sys.stderr,
            )
        tally = await target.tally()
        await stop_children(children)
        printed = [c.posts_printed() for c in children]
        life_peak = [c.read() for c in children]
    return {
        "kind": kind,
        "processes": n_proc,
        "warm": {**warm, "errors": warm_errors},
        "rounds": [r.__dict__ for r in rounds],
        "expected_new": expected_new,
        "expected_articles": n * ENTRIES_PER_FEED + expected_new,
        "tally": tally,
        "posts_printed": printed,
        "final_counts": [d["counts"] if d else {} for d in life_peak],
    }


# -- the report ----------------------------------------------------------------------------------


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarize(case: dict[str, Any]) -> dict[str, Any]:
    """Medians over the measured rounds of one case."""
    rounds = case["rounds"]
    n = rounds[0]["feeds"] if rounds else 0

    def tot(r: dict[str, Any], key: str) -> float:
        return float(sum(p[key] for p in r["per_process"]))

    k = case["processes"]
    return {
        "case": f"{case['kind']} x{k}",
        "wall_polled": _med([r["wall_polled"] for r in rounds]),
        "wall_drained": _med([r["wall_drained"] for r in rounds]),
        "cpu_per_feed_ms": _med([tot(r, "cpu") / n * 1000 for r in rounds]),
        "cpu_main_per_feed_ms": _med([tot(r, "cpu_main") / n * 1000 for r in rounds]),
        "db_cpu_per_feed_ms": _med([tot(r, "db_backend_cpu") / n * 1000 for r in rounds]),
        "server_cpu_per_feed_ms": _med([r["server_cpu"] / n * 1000 for r in rounds]),
        "round_trips_per_feed": _med([tot(r, "round_trips") / n for r in rounds]),
        "statements_per_feed": _med([tot(r, "statements") / n for r in rounds]),
        "transactions_per_feed": _med([tot(r, "transactions") / n for r in rounds]),
        "polls_by_process": [
            _med([r["per_process"][i]["polls"] for r in rounds]) for i in range(k)
        ],
        "cpu_by_process": [_med([r["per_process"][i]["cpu"] for r in rounds]) for i in range(k)],
        "rss_main_mib": [
            _med([r["per_process"][i]["rss_main_mib"] for r in rounds]) for i in range(k)
        ],
        "rss_worker_mib": [
            _med([r["per_process"][i]["rss_worker_mib"] for r in rounds]) for i in range(k)
        ],
        "new_entries": _med([tot(r, "new_entries") for r in rounds]),
        "posts": _med([tot(r, "posts") for r in rounds]),
        "errors": sum(tot(r, "errors") for r in rounds),
        "polled_twice": sum(len(r["polled_twice"]) for r in rounds),
        "served_200": _med([r["served_200"] for r in rounds]),
        "warm_polled_s": case["warm"]["polled_s"],
    }


def report(args: argparse.Namespace, cases: list[dict[str, Any]], load: list[str]) -> str:
    sums = [summarize(c) for c in cases]
    n_new = max(1, round(args.feeds * args.new_fraction))
    lines = [
        f"{args.feeds} feeds (generated, ~26 KB), {n_new} with {NEW_PER_BUMP} new entries per "
        f"round, the rest 304; medians of {args.rounds} measured round(s) after the import; "
        f"{os.cpu_count()} CPUs shared by every process here (feed server, PostgreSQL, bots)",
        "load average (1, 5, 15 min) at the start of each case: " + "; ".join(load),
        "",
        f"{'':38}" + "".join(f"{s['case']:>16}" for s in sums),
    ]

    def row(label: str, key: str, fmt: str) -> None:
        lines.append(f"{label:38}" + "".join(f"{fmt.format(s[key]):>16}" for s in sums))

    def listrow(label: str, key: str, fmt: str) -> None:
        cells = ["/".join(fmt.format(v) for v in s[key]) for s in sums]
        lines.append(f"{label:38}" + "".join(f"{c:>16}" for c in cells))

    row("wall per round, s: all polled", "wall_polled", "{:.1f}")
    row("  all posts delivered", "wall_drained", "{:.1f}")
    row("CPU per feed, ms (bots + pool workers)", "cpu_per_feed_ms", "{:.2f}")
    row("  of which the bots' main processes", "cpu_main_per_feed_ms", "{:.2f}")
    row("DB server CPU per feed, ms (PG backends)", "db_cpu_per_feed_ms", "{:.2f}")
    row("feed server CPU per feed, ms (apart)", "server_cpu_per_feed_ms", "{:.2f}")
    row("DB round trips per feed", "round_trips_per_feed", "{:.2f}")
    row("  statements per feed", "statements_per_feed", "{:.2f}")
    row("  transactions per feed", "transactions_per_feed", "{:.2f}")
    listrow("feeds polled by each process", "polls_by_process", "{:.0f}")
    listrow("CPU s by each process", "cpu_by_process", "{:.1f}")
    listrow("peak RSS main, MiB, each process", "rss_main_mib", "{:.0f}")
    listrow("peak RSS pool worker, MiB, each", "rss_worker_mib", "{:.0f}")
    row("new entries per round", "new_entries", "{:.0f}")
    row("posts per round", "posts", "{:.0f}")
    row("poll errors (all rounds)", "errors", "{:.0f}")
    row("feeds polled twice in a round (all)", "polled_twice", "{:.0f}")
    row("import (first poll), s (not measured)", "warm_polled_s", "{:.1f}")
    lines.append("")
    for c in cases:
        t = c["tally"]
        ok = check(c)
        lines.append(
            f"check {c['kind']} x{c['processes']}: articles {t['articles']} (expected "
            f"{c['expected_articles']}), deliveries {t['deliveries']} (expected "
            f"{c['expected_new']} sent or merged), posts printed {c['posts_printed']}: "
            + ("ok" if ok else "MISMATCH")
        )
    return "\n".join(lines)


def check(case: dict[str, Any]) -> bool:
    """Every new entry recorded once and delivered once: the articles are the import plus two
    per bumped feed per round; each new entry has one delivery row, sent (or merged into a
    same-story post already sent), none twice; the children together printed each sent post
    once; no poll failed."""
    t = case["tally"]
    d = t["deliveries"]
    return (
        t["articles"] == case["expected_articles"]
        and t["duplicate_deliveries"] == 0
        and d.get("sent", 0) + d.get("merged", 0) == case["expected_new"] == sum(d.values())
        and sum(case["posts_printed"]) == d.get("sent", 0)
        and case["warm"]["errors"] == 0
        and all(p["errors"] == 0 for r in case["rounds"] for p in r["per_process"])
    )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every case of `args.cases` against one feed server; the figures as a dict."""
    cases = []
    load = []
    with feed_server(args.feeds, None) as base:
        for spec in args.cases.split(","):
            kind, _, count = spec.strip().partition(":")
            kind = {"pg": "postgresql", "postgres": "postgresql"}.get(kind, kind)
            if kind not in ("sqlite", "postgresql"):
                raise SystemExit(f"unknown case {spec!r}: sqlite:N or postgresql:N")
            n_proc = int(count or 1)
            if kind == "sqlite" and n_proc != 1:
                raise SystemExit("SQLite allows one `newsbot run` per database")
            load.append(f"{kind} x{n_proc}: {_load()}")
            print(f"{kind} x{n_proc} (load {_load()}) ...", file=sys.stderr)
            cases.append(await run_case(kind, n_proc, base, args))
    return {"args": vars(args), "load": load, "cases": cases}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--feeds", type=int, default=20_000)
    p.add_argument("--rounds", type=int, default=3, help="measured rounds per case (medians)")
    p.add_argument("--new-fraction", type=float, default=0.05)
    p.add_argument(
        "--cases",
        default="sqlite:1,postgresql:1,postgresql:2,postgresql:3",
        help="comma-separated ENGINE:PROCESSES (default: %(default)s)",
    )
    p.add_argument("--pg-url", default=PG_URL, help="PostgreSQL server (a schema per case)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per round at most")
    p.add_argument(
        "--in-flight",
        type=int,
        help="sources one process claims and polls at once (default: newsbot's, 1,000)",
    )
    p.add_argument("--json", metavar="FILE", help="also write every figure as JSON to FILE")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    result = asyncio.run(run(args))
    print(report(args, result["cases"], result["load"]))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
