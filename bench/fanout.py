"""Fan-out benchmark: one article to N channels (default 500) through an adapter declaring
Discord's limits (5 per 5 s per channel, 50/s global) against a fake chat server that enforces
the same limits and answers 429 when they are exceeded.

Prints the total time against the minimum the limits allow, the 429 responses received, and the
event-loop lag (p50/p99/max) measured on the bot's loop during the fan-out. The fake server runs
in a child process, so its work is not counted as the bot's lag.

    .venv/bin/python bench/fanout.py [--channels 500] [--latency-ms 20]

Goals (issue 5): time <= 1.15x the minimum, 0 responses 429, loop lag p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.delivery.outbox import Outbox
from bot.delivery.ports import RateLimits
from bot.store import NewArticle, SourceSpec, open_store
from tests.delivery.fakechat import FakeChat, HttpChatAdapter

DISCORD = RateLimits(per_channel=5, per_channel_seconds=5.0, global_per_second=50.0)


class ServerProcess:
    """The fake chat server in a child process: its work must not count as the bot's loop lag
    or compete with the bot for the GIL (a real platform is on other machines)."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.parent, child = multiprocessing.Pipe()
        self.proc = multiprocessing.get_context("fork").Process(
            target=_serve, args=(child, latency), daemon=True
        )

    def start(self) -> str:
        self.proc.start()
        url = self.parent.recv()
        assert isinstance(url, str)
        return url

    def stop(self) -> dict[str, int]:
        self.parent.send("stop")
        stats = self.parent.recv()
        self.proc.join(10)
        assert isinstance(stats, dict)
        return stats


def _serve(conn: Connection, latency: float) -> None:
    async def main() -> None:
        chat = await FakeChat(limits=DISCORD, latency=latency).start()
        conn.send(chat.url)
        done = asyncio.Event()
        asyncio.get_running_loop().add_reader(conn.fileno(), done.set)
        await done.wait()
        conn.recv()
        conn.send({"posts": len(chat.messages), "rejected_429": chat.rejected_429})
        await chat.stop()

    asyncio.run(main())


async def _lag_monitor(samples: list[float], stop: asyncio.Event, every: float = 0.005) -> None:
    """How late the loop wakes a task that asked to sleep `every` seconds."""
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(every)
        samples.append(time.perf_counter() - t - every)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bench(channels: int, latency: float) -> dict[str, float]:
    server = ServerProcess(latency)
    url = server.start()
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(Path(tmp) / "bench.db", clock=time.time)
        try:
            src = await store.add_source(SourceSpec("Wire", "https://wire.example/", "feed"))
            targets = [("fake", "", f"c{n:03d}") for n in range(channels)]
            await store.record_article(
                NewArticle(src.id, "e1", "https://wire.example/1", "Fan-out", None), targets
            )
            conn = aiohttp.TCPConnector(limit=100)
            async with aiohttp.ClientSession(connector=conn) as session:
                adapter = HttpChatAdapter(url, session, DISCORD)
                outbox = Outbox(store, {"fake": adapter}, clock=time.time)
                lags: list[float] = []
                stop = asyncio.Event()
                monitor = asyncio.create_task(_lag_monitor(lags, stop))
                started = time.perf_counter()
                report = await outbox.deliver_pending()
                while report.retrying and (await store.count_deliveries()).get("pending"):
                    await asyncio.sleep(0.05)  # only if a 429 slipped through
                    report = await outbox.deliver_pending()
                elapsed = time.perf_counter() - started
                stop.set()
                await monitor
        finally:
            await store.close()
    stats = server.stop()
    g = DISCORD.global_per_second
    # The limits allow one full second's worth at once, then `g` per second after it.
    minimum = max(0.0, (channels - g) / g)
    return {
        "channels": channels,
        "posts": stats["posts"],
        "elapsed_s": elapsed,
        "minimum_s": minimum,
        "ratio": elapsed / minimum if minimum else float("nan"),
        "ratio_vs_steady_rate": elapsed / (channels / g),
        "responses_429": adapter.responses_429,
        "lag_p50_ms": statistics.median(lags) * 1000,
        "lag_p99_ms": _pct(lags, 0.99) * 1000,
        "lag_max_ms": max(lags) * 1000,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--channels", type=int, default=500)
    ap.add_argument("--latency-ms", type=float, default=20.0, help="fake server response time")
    args = ap.parse_args()
    r = asyncio.run(bench(args.channels, args.latency_ms / 1000))
    print(f"fan-out of one article to {r['channels']:.0f} channels, Discord limits (5/5s, 50/s)")
    print(f"  posts shown           {r['posts']:.0f}")
    print(f"  total time            {r['elapsed_s']:.2f} s")
    print(
        f"  minimum allowed       {r['minimum_s']:.2f} s  (50 at once, then 50/s)"
        f"  → ratio {r['ratio']:.3f}  (goal <= 1.15)"
    )
    print(f"  vs 500/50 = 10 s      ratio {r['ratio_vs_steady_rate']:.3f}")
    print(f"  429 responses         {r['responses_429']:.0f}  (goal 0)")
    print(
        f"  event-loop lag        p50 {r['lag_p50_ms']:.1f} ms, p99 {r['lag_p99_ms']:.1f} ms, "
        f"max {r['lag_max_ms']:.1f} ms  (goal p99 < 50 ms)"
    )


if __name__ == "__main__":
    main()
