"""Parse every file under PATH with feedparser, fastfeedparser and our ``parse_feed``.

Usage: python bench/parse_speed.py ../shared/corpus/feeds-real [--limit N]

Each parser gets its own pass over all files (with a garbage collection between passes): run
file by file in turn, the parsers slowed each other down severalfold (feedparser leaves a
lot of garbage and cold caches behind), which no single parser sees in production. Reports
total and median per-file wall time, and how many files each raised on. This is the
measurement behind docs/dev.md "Why two feed parsers".
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import fastfeedparser
import feedparser

from bot.sources.feeds import parse_feed


def _ours(body: bytes) -> Any:
    return parse_feed(body, "https://example.com/feed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.path.rglob("*") if p.is_file())
    if args.limit:
        files = files[: args.limit]
    runners: dict[str, Callable[[bytes], Any]] = {
        "fastfeedparser": fastfeedparser.parse,
        "parse_feed": _ours,
        "feedparser": feedparser.parse,
    }
    bodies = [path.read_bytes() for path in files]
    size = sum(len(body) for body in bodies)
    times: dict[str, list[float]] = {name: [] for name in runners}
    failed: dict[str, int] = dict.fromkeys(runners, 0)
    fallbacks = 0
    for name, run in runners.items():
        gc.collect()
        for body in bodies:
            started = time.perf_counter()
            try:
                result = run(body)
            except Exception:  # counted: the point is how often each one raises
                failed[name] += 1
                result = None
            times[name].append(time.perf_counter() - started)
            if name == "parse_feed" and result is not None and result.parser == "feedparser":
                fallbacks += 1
    print(f"{len(files)} files, {size / 1e6:.1f} MB")
    print(f"{'parser':16}{'total s':>10}{'median ms':>12}{'raised':>8}")
    for name in ("feedparser", "fastfeedparser", "parse_feed"):
        total = sum(times[name])
        median = statistics.median(times[name]) * 1000 if times[name] else 0.0
        print(f"{name:16}{total:10.2f}{median:12.2f}{failed[name]:8}")
    base = sum(times["feedparser"])
    for name in ("fastfeedparser", "parse_feed"):
        print(f"feedparser / {name}: {base / max(sum(times[name]), 1e-9):.1f}x")
    print(f"parse_feed used the feedparser fallback on {fallbacks} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
