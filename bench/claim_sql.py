"""The lease statements of `newsbot run` on a PostgreSQL `sources` table of a million rows.

    python bench/claim_sql.py [--rows 1000000] [--interval 600] [--repeat 7]
                              [--pg-url postgresql://postgres@127.0.0.1:5432/test]

bench/scale.py runs 20,000 feeds; this asks what the statements every process makes each tick
cost when the table is 50 times larger. In a fresh schema (dropped after), migrated by newsbot's
own store, it inserts `--rows` sources whose next polls are spread evenly over `--interval`
seconds (so about rows / interval are due at any instant, as in a steady state), ANALYZEs, then
times through the store's own methods (one connection, nothing else running on the schema):

- `claim_due_sources(process, now, 1000)`: what each process runs every tick (1 s), then
  `release_sources` so that the next repetition finds the same rows due;
- `heartbeat(process)` holding 1,000 leases: every `lease_seconds / 3` per process;
- `record_poll_successes` of 100 rows: a group of successes.

The claim is timed twice: with the schema as it is, then with a candidate index on the order
the claim reads (``(COALESCE(next_poll_at, 0), id) WHERE paused = 0``), each with its plan's
first line. Medians of `--repeat` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PG_URL = os.environ.get("NEWSBOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
CLAIM = 1000  # bot.app.POLLS_IN_FLIGHT


async def _timed(repeat: int, make: Any, after: Any = None) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = await make()
        times.append((time.perf_counter() - t) * 1000)
        if after is not None:
            await after(result)
    return statistics.median(times)


async def main(args: argparse.Namespace) -> None:
    import asyncpg

    from bot.store import ProcessInfo, open_store

    schema = "nbclaim_" + secrets.token_hex(6)
    admin = await asyncpg.connect(args.pg_url)
    await admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in args.pg_url else "?"
    store = await open_store(f"{args.pg_url}{sep}search_path={schema}", clock=time.time)
    try:
        await admin.execute(f"SET search_path = {schema}")
        now = time.time()
        t = time.perf_counter()
        await admin.execute(
            """INSERT INTO sources (name, url, kind, topics, interval_s, next_poll_at,
                 polled_once, created_at, etag)
               SELECT 'feed ' || g, 'https://feeds' || (g % 5000) || '.example/' || g,
                 'feed', '["world"]', $2::int, $3 - 1 + (g % $2::int), 1, $3,
                 '"e' || g || '"'
               FROM generate_series(1, $1::int) AS g""",
            args.rows,
            args.interval,
            now,
        )
        await admin.execute("ANALYZE sources")
        print(f"{args.rows} sources inserted in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        due = await admin.fetchval(
            "SELECT COUNT(*) FROM sources WHERE COALESCE(next_poll_at, 0) <= $1", now
        )
        me = "bench:1:claim"
        await store.register_process(ProcessInfo(me, "bench", 1, now))

        async def claim() -> Any:
            return await store.claim_due_sources(me, now, CLAIM)

        async def release(c: Any) -> None:
            await store.release_sources(me, [s.id for s in c.rows])

        plan_sql = (
            "EXPLAIN SELECT * FROM sources WHERE paused = 0 AND COALESCE(next_poll_at, 0) <= $1"
            " AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until <= $3)"
            " ORDER BY COALESCE(next_poll_at, 0), id LIMIT $4 FOR UPDATE SKIP LOCKED"
        )

        async def plan() -> str:
            rows = await admin.fetch(plan_sql, now, me, now, CLAIM)
            return " / ".join(r[0].strip() for r in rows[:3])

        claimed = len((await claim()).rows)
        await store.release_sources(me, [])
        await admin.execute("UPDATE sources SET lease_owner = NULL, lease_until = NULL")
        figures = {"due": due, "claimed": claimed}
        figures["claim_ms"] = await _timed(args.repeat, claim, release)
        figures["claim_plan"] = await plan()
        held = await claim()
        figures["held"] = len(held.rows)
        figures["heartbeat_ms"] = await _timed(args.repeat, lambda: store.heartbeat(me))
        await release(held)
        rows = [(sid, '"x"', None, now + args.interval) for sid in range(1, 101)]
        figures["record_100_ms"] = await _timed(
            args.repeat, lambda: store.record_poll_successes(rows)
        )
        await admin.execute(
            "CREATE INDEX sources_due ON sources ((COALESCE(next_poll_at, 0)), id) WHERE paused = 0"
        )
        await admin.execute("ANALYZE sources")
        figures["claim_indexed_ms"] = await _timed(args.repeat, claim, release)
        figures["claim_indexed_plan"] = await plan()
        figures["record_100_indexed_ms"] = await _timed(
            args.repeat, lambda: store.record_poll_successes(rows)
        )
    finally:
        await store.close()
        await admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await admin.close()
    print(
        f"{args.rows} sources, next polls spread over {args.interval} s: {figures['due']} due "
        f"now; medians of {args.repeat}, ms (load {os.getloadavg()[0]:.2f})"
    )
    print(
        f"claim_due_sources(limit {CLAIM}), took {figures['claimed']}: "
        f"{figures['claim_ms']:.1f}  [{figures['claim_plan']}]"
    )
    print(
        f"  with index (COALESCE(next_poll_at, 0), id) WHERE paused = 0: "
        f"{figures['claim_indexed_ms']:.1f}  [{figures['claim_indexed_plan']}]"
    )
    print(f"heartbeat holding {figures['held']} leases: {figures['heartbeat_ms']:.1f}")
    print(
        f"record_poll_successes, 100 rows: {figures['record_100_ms']:.1f} "
        f"(with the index: {figures['record_100_indexed_ms']:.1f})"
    )


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--interval", type=int, default=600)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--pg-url", default=PG_URL)
    asyncio.run(main(p.parse_args()))
