"""Poll thousands of feeds from a local server through newsbot's real pipeline, and through
lemon24/reader's ``update_feeds``, with the same warm-then-measure protocol.

    python bench/sources.py [--feeds 5000] [--new-fraction 0.05] [--corpus PATH]
                            [--rounds 3] [--reader-workers 16] [--skip-reader]
                            [--profile PREFIX | --spy PREFIX]

Three processes besides this one, so that none counts against another:

- the feed server (aiohttp on 127.0.0.1, port 0). Feed ``i`` answers ``/feed/i`` with an ETag
  and a Last-Modified, and 304 to a conditional GET that matches them; ``POST /_control/bump``
  gives the listed feeds new entries (and new validators), ``/_control/reset`` puts every feed
  back as it started. Bodies are built once, cached, and served gzipped when asked to.
- the newsbot runner: a Config with one ``[[sources]]`` entry (kind ``feed``) per feed, a few
  topics (each source implies one, so routing runs), one console channel subscribed to all of
  them writing to an in-memory stream; ``App.open`` then ``run_once`` (the bot's real
  fetch → parse → dedup → enrich → route → record, then delivery) with its process pool.
- the reader runner: ``make_reader`` on a fresh database, ``add_feed`` for every URL,
  ``update_feeds(scheduled=False, workers=N)``.

Each runner polls every feed once to warm (newsbot's first-run policy records everything as
seen; ``posting.backfill = 0`` so that nothing is posted), then for each round: the server
gives a fresh ``--new-fraction`` of the feeds two new entries each (the same feeds, in the same
order, for both runners), and the runner polls all of them again. That second poll is measured:
wall time, CPU seconds of the runner and its descendants (the pool workers, read from /proc, so
they need not exit first), and peak RSS (VmHWM, reset before the round through
``/proc/PID/clear_refs``; ``getrusage`` ``ru_maxrss`` over the whole life, warm-up included, is
shown too). The server's CPU is reported apart and never counted.

``--corpus PATH`` serves real feed files (RSS/Atom/RDF of 2-200 KB from PATH, cycled) instead of
generated ones; a "new entry" is then a copy of the document's first item with a new id, link
and title. Without it, each feed is 20 generated entries of news-like text (about 26 KB).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import io
import json
import logging
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENTRIES_PER_FEED = 20
NEW_PER_BUMP = 2
TOPICS = ("world", "business", "technology", "science", "health")
_CLK_TCK = os.sysconf("SC_CLK_TCK")

# -- feed bodies -----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_WORDS = {
    "world": ["minister", "election", "parliament", "border", "treaty", "embassy", "summit"],
    "business": ["market", "shares", "earnings", "investors", "inflation", "bank", "merger"],
    "technology": ["software", "chip", "startup", "encryption", "cloud", "smartphone", "AI"],
    "science": ["telescope", "researchers", "genome", "climate", "species", "fossil", "physics"],
    "health": ["hospital", "vaccine", "patients", "clinic", "nurses", "outbreak", "doctors"],
}
_FILLER = [
    *_words("the city officials said on Tuesday that a new plan would be announced after"),
    *_words("months of talks with residents and local groups who had asked for more time"),
    *_words("to review the details of the proposal before the vote next week"),
]
_NAMES = ["Maria Lopez", "Tom Reyes", "Aisha Khan", "Chen Wei", "Olga Petrova", "James Carter"]
_ROLES = [
    "a spokeswoman for the ministry",
    "the chief executive",
    "a senior researcher",
    "the mayor",
    "a union leader",
    "an analyst at a bank",
]


def _sentence(rng: random.Random, topic: str) -> str:
    words = [rng.choice(_FILLER) for _ in range(rng.randint(9, 16))]
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(_WORDS[topic])
    return " ".join(words).capitalize() + "."


def _entry_html(rng: random.Random, topic: str) -> str:
    paragraphs = []
    # Long enough (over 500 characters of text) that the pipeline never takes an entry for a
    # teaser and goes for the page: this benchmark is about polling, and its links go nowhere.
    for _ in range(rng.randint(4, 5)):
        paragraphs.append(" ".join(_sentence(rng, topic) for _ in range(rng.randint(2, 3))))
    quote = " ".join(_sentence(rng, topic) for _ in range(rng.randint(1, 2)))
    who = f"{rng.choice(_NAMES)}, {rng.choice(_ROLES)}"
    paragraphs.insert(1, f"\u201c{quote[:-1]},\u201d said {who}.")
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def generated_feed(i: int, gen: int, t0: float) -> bytes:
    """Feed ``i`` after ``gen`` bumps: the newest ENTRIES_PER_FEED of its entries."""
    topic = TOPICS[i % len(TOPICS)]
    newest = ENTRIES_PER_FEED - 1 + NEW_PER_BUMP * gen
    items = []
    for k in range(newest, newest - ENTRIES_PER_FEED, -1):
        rng = random.Random(i * 100_003 + k)
        title = " ".join(rng.choice(_WORDS[topic] + _FILLER[:12]) for _ in range(7)).capitalize()
        link = f"https://news{i}.example/{topic}/{k}-{title.lower().replace(' ', '-')[:40]}"
        date = formatdate(t0 - (newest - k) * 3600 + gen * 3600, usegmt=True)
        items.append(
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">news{i}-{k}</guid><pubDate>{date}</pubDate>'
            f"<description><![CDATA[{_entry_html(rng, topic)}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>News desk {i}</title><link>https://news{i}.example/</link>"
        f"<description>Stories about {topic}</description>\n"
        + "\n".join(items)
        + "</channel></rss>"
    ).encode()


_BLOCK = re.compile(rb"<(item|entry)(?:\s[^>]*)?>.*?</\1\s*>", re.S | re.I)
_ID_TEXT = re.compile(rb"(<(guid|id|link)(?:\s[^>]*)?>)(\s*)([^<]+?)(\s*</\2\s*>)", re.I)
_ATOM_HREF = re.compile(rb'(<link\b[^>]*\bhref=["\'])([^"\']*)', re.I)
_TITLE = re.compile(rb"(<title(?:\s[^>]*)?>)", re.I)


def corpus_feed(doc: bytes, i: int, gen: int) -> bytes:
    """A real feed with ``NEW_PER_BUMP * gen`` copies of its first entry on top, each with its
    own id, link and title so that every reader sees a new entry."""
    if gen == 0:
        return doc
    m = _BLOCK.search(doc)
    if m is None:
        return doc
    copies = []
    for g in range(1, gen + 1):
        for j in range(NEW_PER_BUMP):
            tag = f"-nb{i}x{g}x{j}".encode()
            block = _ID_TEXT.sub(lambda mm, t=tag: mm[1] + mm[3] + mm[4] + t + mm[5], m[0])
            block = _ATOM_HREF.sub(lambda mm, t=tag: mm[1] + mm[2] + t, block)
            block = _TITLE.sub(lambda mm, t=tag: mm[1] + b"New" + t + b": ", block, count=1)
            copies.append(block)
    return doc[: m.start()] + b"\n".join(reversed(copies)) + b"\n" + doc[m.start() :]


def load_corpus(path: Path) -> list[bytes]:
    docs = []
    for f in sorted(path.iterdir()):
        if not f.is_file() or not 2_000 <= f.stat().st_size <= 200_000:
            continue
        data = f.read_bytes()
        head = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if (
            head.startswith(b"<")
            and re.search(rb"<(rss|feed|rdf:rdf)\b", head)
            and _BLOCK.search(data)
        ):
            docs.append(data)
    if not docs:
        raise SystemExit(f"no RSS/Atom/RDF feed of 2-200 KB with an entry in {path}")
    return docs


# -- the feed server (its own process) -------------------------------------------------------------


class FeedSite:
    def __init__(self, n: int, corpus: list[bytes] | None) -> None:
        self.n = n
        self.corpus = corpus
        self.t0 = (time.time() // 3600) * 3600 - 3 * 86400  # older than the first-run max_age
        self.gen = [0] * n
        self.cache: dict[tuple[int, int], tuple[bytes, bytes]] = {}
        self.stats: Counter[str] = Counter()

    def validators(self, i: int) -> tuple[str, str]:
        g = self.gen[i]
        return f'"f{i}-g{g}"', formatdate(self.t0 + g * 3600, usegmt=True)

    def body(self, i: int) -> tuple[bytes, bytes]:
        key = (i, self.gen[i])
        if key not in self.cache:
            if self.corpus is None:
                raw = generated_feed(i, key[1], self.t0)
            else:
                raw = corpus_feed(self.corpus[i % len(self.corpus)], i, key[1])
            self.cache[key] = (raw, gzip.compress(raw, compresslevel=6))
        return self.cache[key]

    def not_modified(self, headers: Any, etag: str, last_modified: str) -> bool:
        inm = headers.get("If-None-Match")
        if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
            return etag in (t.strip() for t in inm.split(","))
        ims = headers.get("If-Modified-Since")
        if ims is None:
            return False
        try:
            return parsedate_to_datetime(ims) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False


def _serve(n: int, corpus_path: str | None, conn: Connection) -> None:
    from aiohttp import web

    corpus = load_corpus(Path(corpus_path)) if corpus_path else None
    site = FeedSite(n, corpus)

    async def feed(request: web.Request) -> web.StreamResponse:
        i = int(request.match_info["i"])
        if not 0 <= i < n:
            raise web.HTTPNotFound()
        etag, last_modified = site.validators(i)
        headers = {"ETag": etag, "Last-Modified": last_modified, "Vary": "Accept-Encoding"}
        if site.not_modified(request.headers, etag, last_modified):
            site.stats["304"] += 1
            return web.Response(status=304, headers=headers)
        raw, packed = site.body(i)
        site.stats["200"] += 1
        headers["Content-Type"] = "application/rss+xml; charset=utf-8"
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return web.Response(body=packed, headers=headers)
        return web.Response(body=raw, headers=headers)

    async def bump(request: web.Request) -> web.StreamResponse:
        for i in (await request.json())["ids"]:
            site.gen[i] += 1
        return web.json_response({"ok": True})

    async def reset(request: web.Request) -> web.StreamResponse:
        site.gen = [0] * n
        site.stats.clear()
        return web.json_response({"ok": True})

    async def stats(request: web.Request) -> web.StreamResponse:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        sizes = [len(site.body(i)[0]) for i in range(min(n, 200))]
        return web.json_response(
            {
                **site.stats,
                "cpu": usage.ru_utime + usage.ru_stime,
                "median_feed_bytes": statistics.median(sizes),
            }
        )

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{i}", feed)
        app.router.add_post("/_control/bump", bump)
        app.router.add_post("/_control/reset", reset)
        app.router.add_get("/_control/stats", stats)
        runner = web.AppRunner(app, access_log=None, keepalive_timeout=75)
        await runner.setup()
        tcp = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await tcp.start()
        port = runner.addresses[0][1]
        for i in range(n):  # build every first version now, not during a runner's warm-up
            site.body(i)
        conn.send(port)
        await asyncio.Event().wait()

    asyncio.run(main())


def _control(base: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(base + path, data=data, method="POST" if data else "GET")
    with urllib.request.urlopen(req, timeout=30) as resp:
        result: dict[str, Any] = json.loads(resp.read())
        return result


def bumped_ids(n: int, fraction: float, round_no: int, seed: int = 2026) -> list[int]:
    return random.Random(seed + round_no).sample(range(n), max(1, round(n * fraction)))


# -- measuring a runner and its descendants --------------------------------------------------------


def _proc_table() -> dict[int, tuple[int, float]]:
    """pid -> (ppid, CPU seconds) for every process we can read."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        if b"(py-spy)" in stat:
            continue  # a profiler watching us is not part of what is measured
        fields = stat[stat.rindex(b")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _CLK_TCK)
    return table


def descendants(root: int) -> dict[int, float]:
    """Live descendants of ``root`` (the pool's forkserver and workers) with their CPU seconds."""
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = {}, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        out[pid] = table[pid][1]
        todo.extend(children.get(pid, []))
    return out


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (libpython, lxml) split among their users, so a sum
    over processes does not count them twice as a sum of RSS does."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peaks(pids: list[int]) -> None:
    for pid in pids:
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")  # Linux: reset VmHWM to the current RSS
        except OSError:
            pass


def _self_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime + c.ru_utime + c.ru_stime


@dataclass
class Round:
    wall: float
    cpu: float
    cpu_main: float
    rss_peak_mib: float  # this process + live descendants, VmHWM during the round
    rss_main_mib: float
    pss_end_mib: float  # this process + live descendants, PSS at the end of the round
    server_cpu: float
    served_200: int
    served_304: int
    extra: dict[str, Any] = field(default_factory=dict)


class Meter:
    """Wall, CPU and peak RSS of this process and its descendants over one ``with`` block."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.me = os.getpid()

    def __enter__(self) -> Meter:
        kids = descendants(self.me)
        _reset_peaks([self.me, *kids])
        self._server0 = _control(self.base, "/_control/stats")
        self._kids0 = kids
        self._cpu0 = _self_cpu()
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._t0
        self.cpu_main = _self_cpu() - self._cpu0
        kids = descendants(self.me)
        self.cpu_kids = sum(cpu - self._kids0.get(pid, 0.0) for pid, cpu in kids.items())
        self.rss_main = _status_kib(self.me, "VmHWM") / 1024
        self.rss_all = self.rss_main + sum(_status_kib(p, "VmHWM") for p in kids) / 1024
        self.pss_end = sum(_pss_kib(p) for p in (self.me, *kids)) / 1024
        server = _control(self.base, "/_control/stats")
        self.server_cpu = server["cpu"] - self._server0["cpu"]
        self.served_200 = server.get("200", 0) - self._server0.get("200", 0)
        self.served_304 = server.get("304", 0) - self._server0.get("304", 0)

    def result(self, **extra: Any) -> Round:
        return Round(
            wall=self.wall,
            cpu=self.cpu_main + self.cpu_kids,
            cpu_main=self.cpu_main,
            rss_peak_mib=self.rss_all,
            rss_main_mib=self.rss_main,
            pss_end_mib=self.pss_end,
            server_cpu=self.server_cpu,
            served_200=self.served_200,
            served_304=self.served_304,
            extra=extra,
        )


def _life_peak_mib() -> float:
    """ru_maxrss over the whole life (warm-up included): this process, and separately the
    largest of its waited-for children."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the newsbot runner ----------------------------------------------------------------------------


def newsbot_config(base: str, n: int, db: Path) -> Any:
    from bot.config.models import (
        ChannelConfig,
        Config,
        DatabaseConfig,
        NetworkConfig,
        PostingConfig,
        SourceConfig,
        TopicConfig,
    )

    return Config(
        database=DatabaseConfig(path=str(db)),
        # One local host serves every feed: allow it, and let it take as many requests at once
        # as the poller makes (32), as 5,000 distinct hosts would.
        network=NetworkConfig(allow_private_networks=True, per_host_concurrency=32),
        posting=PostingConfig(backfill=0),
        sources=tuple(
            SourceConfig(name=f"feed {i:05d}", url=f"{base}/feed/{i}", topics=(TOPICS[i % 5],))
            for i in range(n)
        ),
        topics=tuple(TopicConfig(name=t, keywords=tuple(_WORDS[t][:4])) for t in TOPICS),
        channels=(ChannelConfig(platform="console", id="bench", topics=TOPICS),),
    )


def _run_newsbot(args: argparse.Namespace, base: str, conn: Connection) -> None:
    logging.basicConfig(level=logging.ERROR)

    async def main() -> dict[str, Any]:
        from bot.adapters.console import ConsoleAdapter
        from bot.app import App

        tmp = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
        stream = io.StringIO()
        t = time.perf_counter()
        config = newsbot_config(base, args.feeds, tmp / "bench.db")
        setup = {"config_s": time.perf_counter() - t}
        t = time.perf_counter()
        app = await App.open(config, {"console": ConsoleAdapter(stream)}, clock=time.time)
        setup["open_s"] = time.perf_counter() - t
        rounds = []
        try:
            t = time.perf_counter()
            with _profiled(args, "warm"):
                warm = await app.run_once()
            setup["warm_s"] = time.perf_counter() - t
            setup["warm_errors"] = len(warm.errors)
            setup["warm_new"] = warm.new
            for r in range(args.rounds):
                _control(
                    base, "/_control/bump", {"ids": bumped_ids(args.feeds, args.new_fraction, r)}
                )
                poll_wall = _time_poll_many(app)
                with _profiled(args, "round", enabled=r == 0), Meter(base) as m:
                    summary = await app.run_once()
                statuses = Counter(p.status for p in summary.polls)
                rounds.append(
                    m.result(
                        poll_wall=poll_wall[-1][0],
                        poll_cpu_main=poll_wall[-1][1],
                        statuses=dict(statuses),
                        new=summary.new,
                        delivered=summary.delivery.sent,
                        printed_posts=stream.getvalue().count("\u2501\u2501 #"),
                    )
                )
                stream.seek(0)
                stream.truncate()
        finally:
            await app.close()
            shutil.rmtree(tmp, ignore_errors=True)
        return {
            "setup": setup,
            "rounds": [asdict(x) for x in rounds],
            "life_peak_mib": _life_peak_mib(),
            "children_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }

    conn.send(asyncio.run(main()))


def _time_poll_many(app: Any) -> list[tuple[float, float]]:
    """Wrap this app's ``pipeline.poll_many`` (on the instance) to time the polling part of
    ``run_once`` apart from delivery; the returned list receives (wall, CPU of the main process)
    per call."""
    pipeline = app.pipeline
    original: Callable[..., Any] = type(pipeline).poll_many.__get__(pipeline)
    spent: list[tuple[float, float]] = [(0.0, 0.0)]

    async def timed(*a: Any, **kw: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        try:
            return await original(*a, **kw)
        finally:
            spent.append((time.perf_counter() - t, time.process_time() - c))

    pipeline.poll_many = timed
    return spent


@contextlib.contextmanager
def _profiled(args: argparse.Namespace, phase: str, *, enabled: bool = True) -> Iterator[None]:
    """``--profile PREFIX``: pyinstrument (wall time, async-aware, main process only) to
    PREFIX-PHASE.txt. ``--spy PREFIX``: py-spy on-CPU samples of the main process and the pool
    workers, as collapsed stacks, to PREFIX-PHASE.folded. Either distorts the figures of the
    round it watches; use a separate run for figures."""
    if enabled and args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="enabled", interval=0.001)
        profiler.start()
        try:
            yield
        finally:
            profiler.stop()
            text = profiler.output_text(unicode=False, color=False)
            Path(f"{args.profile}-{phase}.txt").write_text(text)
    elif enabled and args.spy:
        exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        command = [exe, "record", "--pid", str(os.getpid()), "--subprocesses", "--rate", "200"]
        command += ["--format", "raw", "--nonblocking", "--output", f"{args.spy}-{phase}.folded"]
        spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # let it attach before the work starts
        try:
            yield
        finally:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=120)
    else:
        yield


# -- the reader runner -----------------------------------------------------------------------------


def _run_reader(args: argparse.Namespace, base: str, conn: Connection) -> None:
    logging.basicConfig(level=logging.CRITICAL)
    from reader import make_reader

    tmp = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    reader = make_reader(str(tmp / "reader.sqlite"))
    rounds = []
    try:
        t = time.perf_counter()
        for i in range(args.feeds):
            reader.add_feed(f"{base}/feed/{i}")
        setup = {"add_s": time.perf_counter() - t}
        t = time.perf_counter()
        reader.update_feeds(scheduled=False, workers=args.reader_workers)
        setup["warm_s"] = time.perf_counter() - t
        setup["warm_entries"] = reader.get_entry_counts().total
        for r in range(args.rounds):
            _control(base, "/_control/bump", {"ids": bumped_ids(args.feeds, args.new_fraction, r)})
            before = reader.get_entry_counts().total
            with Meter(base) as m:
                reader.update_feeds(scheduled=False, workers=args.reader_workers)
            rounds.append(m.result(new=reader.get_entry_counts().total - before))
    finally:
        reader.close()
        shutil.rmtree(tmp, ignore_errors=True)
    conn.send(
        {"setup": setup, "rounds": [asdict(x) for x in rounds], "life_peak_mib": _life_peak_mib()}
    )


# -- the conductor ---------------------------------------------------------------------------------


def _in_process(target: Callable[..., None], *args: Any, timeout: float = 3600) -> Any:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child))
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise SystemExit(f"{target.__name__} gave no answer within {timeout:.0f}s")
        return parent.recv()
    except EOFError:
        raise SystemExit(f"{target.__name__} died (exit code {proc.exitcode})") from None
    finally:
        proc.join(timeout=60)


@contextlib.contextmanager
def feed_server(n: int, corpus: str | None) -> Iterator[str]:
    """The feed server in its own process; yields its base URL."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_serve, args=(n, corpus, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(600):
            raise SystemExit("the feed server did not start")
        yield f"http://127.0.0.1:{parent.recv()}"
    finally:
        proc.terminate()
        proc.join(timeout=10)


def _median(rounds: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] if key in r else r["extra"][key] for r in rounds)


def report(
    args: argparse.Namespace,
    nb: dict[str, Any] | None,
    rd: dict[str, Any] | None,
    info: dict[str, Any],
) -> str:
    """The figures side by side: medians over the measured rounds, then each round."""
    runs = [(name, run) for name, run in (("newsbot", nb), ("reader", rd)) if run is not None]
    n_new = max(1, round(args.feeds * args.new_fraction))
    lines = [
        f"{args.feeds} feeds ({'corpus ' + args.corpus if args.corpus else 'generated'}, median "
        f"{info['median_feed_bytes'] / 1024:.1f} KB), {n_new} with {NEW_PER_BUMP} new entries "
        f"per round, the rest 304; medians of {args.rounds} measured rounds; "
        f"{os.cpu_count()} CPUs; reader with workers={args.reader_workers}",
        "",
        f"{'':36}"
        + "".join(f"{name:>12}" for name, _ in runs)
        + ("  reader/newsbot" if nb and rd else ""),
    ]

    def row(label: str, values: list[float | None], fmt: str, ratio: bool = False) -> None:
        cells = "".join(f"{'-' if v is None else fmt.format(v):>12}" for v in values)
        if ratio and len(values) == 2 and values[0] and values[1]:
            cells += f"{values[1] / values[0]:>14.1f}x"
        lines.append(f"{label:36}{cells}")

    def med(key: str, fmt: str = "{:.2f}", label: str = "", ratio: bool = False) -> None:
        values = [
            _median(run["rounds"], key)
            if key in run["rounds"][0] or key in run["rounds"][0]["extra"]
            else None
            for _, run in runs
        ]
        row(label or key, values, fmt, ratio)

    med("wall", label="wall, s (second full poll)", ratio=True)
    med("poll_wall", label="  newsbot: polling part (poll_many)")
    if len(runs) == 2:
        poll, reader_wall = (
            _median(runs[0][1]["rounds"], "poll_wall"),
            _median(runs[1][1]["rounds"], "wall"),
        )
        lines.append(
            f"{'  reader wall / newsbot polling part':36}{'':>12}{'':>12}"
            f"{reader_wall / poll:>14.1f}x"
        )
    med("cpu", label="CPU, s (process + children)", ratio=True)
    med("cpu_main", label="  of which the main process")
    med("poll_cpu_main", label="  main process in the polling part")
    med("rss_peak_mib", "{:.0f}", "peak RSS in the round, MiB (all)")
    med("rss_main_mib", "{:.0f}", "  of which the main process")
    med("pss_end_mib", "{:.0f}", "PSS at the end of the round, MiB")
    row("peak RSS main, whole life, MiB", [run["life_peak_mib"] for _, run in runs], "{:.0f}")
    med("new", "{:.0f}", "new entries recorded")
    med("served_200", "{:.0f}", "server: 200 answers")
    med("served_304", "{:.0f}", "server: 304 answers")
    med("server_cpu", label="server CPU, s (not counted)")
    row("warm-up poll, s (not measured)", [run["setup"]["warm_s"] for _, run in runs], "{:.1f}")
    lines.append("")
    for name, run in runs:
        for i, r in enumerate(run["rounds"], 1):
            extra = {k: v for k, v in r["extra"].items()}
            lines.append(
                f"{name} round {i}: wall {r['wall']:.2f} s, cpu {r['cpu']:.2f} s "
                f"(main {r['cpu_main']:.2f}), rss {r['rss_peak_mib']:.0f} MiB, {extra}"
            )
    if nb is not None:
        wall = _median(nb["rounds"], "wall")
        rss = max(nb["life_peak_mib"], _median(nb["rounds"], "rss_peak_mib"))
        goals = [
            f"newsbot <= 15 s: {'met' if wall <= 15 else 'NOT met'} ({wall:.1f} s)",
            f"peak RSS <= 200 MiB: {'met' if rss <= 200 else 'NOT met'} ({rss:.0f} MiB)",
        ]
        if rd is not None:
            ratio = _median(rd["rounds"], "wall") / wall
            goals.append(f">= 5x reader: {'met' if ratio >= 5 else 'NOT met'} ({ratio:.1f}x)")
        lines += ["", "goals: " + "; ".join(goals)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--feeds", type=int, default=5000)
    p.add_argument("--new-fraction", type=float, default=0.05)
    p.add_argument("--corpus", help="folder of real feed files to serve instead of generated feeds")
    p.add_argument("--rounds", type=int, default=3, help="measured polls per runner (medians)")
    p.add_argument("--reader-workers", type=int, default=16, help="update_feeds(workers=N)")
    p.add_argument("--skip-reader", action="store_true")
    p.add_argument("--skip-newsbot", action="store_true", help="time reader alone")
    p.add_argument(
        "--profile",
        metavar="PREFIX",
        help="pyinstrument profiles of newsbot's main process: the warm-up poll to "
        "PREFIX-warm.txt, the first measured round to PREFIX-round.txt",
    )
    p.add_argument(
        "--spy",
        metavar="PREFIX",
        help="py-spy on-CPU samples of newsbot's main process and pool workers (collapsed "
        "stacks) to PREFIX-warm.folded and PREFIX-round.folded",
    )
    p.add_argument("--json", metavar="FILE", help="also write every figure as JSON to FILE")
    args = p.parse_args(argv)
    with feed_server(args.feeds, args.corpus) as base:
        info = _control(base, "/_control/stats")
        _control(base, "/_control/reset", {})
        nb = None
        if not args.skip_newsbot:
            print(f"server at {base}; running newsbot ...", file=sys.stderr)
            nb = _in_process(_run_newsbot, args, base)
        rd = None
        if not args.skip_reader:
            _control(base, "/_control/reset", {})
            print("running reader ...", file=sys.stderr)
            rd = _in_process(_run_reader, args, base)
    print(report(args, nb, rd, info))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"args": vars(args), "newsbot": nb, "reader": rd}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
