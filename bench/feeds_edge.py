"""Run every file under PATH (recursively) through ``parse_feed``; exit 1 if any raised.

Usage: python bench/feeds_edge.py ../shared/corpus/feeds-edge

The contract being checked is "no exception, whatever the bytes": a file that is not a feed
must come back as a ParsedFeed with problems, not as a traceback. Also reports how often the
fast parser needed the feedparser fallback.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.sources.feeds import parse_feed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list fallback files")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.path.rglob("*") if p.is_file())
    if not files:
        print(f"no files under {args.path}", file=sys.stderr)
        return 2
    by_parser: Counter[str] = Counter()
    failures: list[tuple[Path, str]] = []
    entries = 0
    with_problems = 0
    started = time.perf_counter()
    for path in files:
        body = path.read_bytes()
        try:
            feed = parse_feed(body, "https://example.com/" + path.name)
        except Exception:  # the contract under test: report every exception, keep going
            failures.append((path, traceback.format_exc(limit=3)))
            continue
        by_parser[feed.parser or "not a feed"] += 1
        entries += len(feed.entries)
        with_problems += bool(feed.problems)
        if args.verbose and feed.parser == "feedparser":
            print(f"fallback: {path}")
    elapsed = time.perf_counter() - started
    print(f"files:          {len(files)}")
    print(f"time:           {elapsed:.2f} s ({len(files) / elapsed:.0f} files/s)")
    print(f"entries:        {entries}")
    for name, count in by_parser.most_common():
        print(f"  {name + ':':14}{count}")
    print(f"fallback used:  {by_parser['feedparser']}")
    print(f"with problems:  {with_problems}")
    print(f"exceptions:     {len(failures)}")
    for path, trace in failures:
        print(f"--- {path}\n{trace}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
