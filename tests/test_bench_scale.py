"""bench/scale.py, small: its figures must be true before its big run is worth quoting.

200 generated feeds from the bench's feed server on 127.0.0.1 (port 0), one import and one
measured round (10 feeds with two new entries each), with one real `newsbot run` on SQLite and
two sharing a PostgreSQL schema; each process claims at most 50 sources at once so that 200
feeds divide as 20,000 do with the default 1,000. About 30 s: two processes are started and
stopped per case.
"""

from __future__ import annotations

import asyncio

from bench import scale
from tests.pgtarget import PG_URL, require_pg

FEEDS = 200
CHANGED = 10  # 5% of 200


def test_scale_bench_counts_the_work_of_each_process_and_records_each_entry_once() -> None:
    require_pg()
    args = scale.parse_args(
        [
            "--feeds",
            str(FEEDS),
            "--rounds",
            "1",
            "--cases",
            "sqlite:1,postgresql:2",
            "--in-flight",
            "50",
            "--pg-url",
            PG_URL,
            "--timeout",
            "120",
        ]
    )
    result = asyncio.run(scale.run(args))
    sqlite, pg = result["cases"]
    assert (sqlite["kind"], sqlite["processes"]) == ("sqlite", 1)
    assert (pg["kind"], pg["processes"]) == ("postgresql", 2)
    for case in (sqlite, pg):
        # The database afterwards: the import (20 entries a feed) plus two new entries for each
        # changed feed, each with one delivery row, none twice; each sent post printed once
        # by one of the processes; no poll failed.
        assert case["expected_new"] == 2 * CHANGED
        assert case["tally"]["articles"] == FEEDS * 20 + 2 * CHANGED
        assert scale.check(case), case["tally"]
        [measured] = case["rounds"]
        procs = measured["per_process"]
        # Every feed polled once in the round: the server answered the changed feeds in full
        # and the others 304, and the processes' polls add up to the feeds. (A feed whose own
        # slot on the weekly poll grid falls inside the round's few seconds is polled again
        # there, a 304: about one chance in a thousand.)
        again = len(measured["polled_twice"])
        assert again <= 1, measured["polled_twice"]
        assert measured["served_200"] == CHANGED
        assert measured["served_304"] == FEEDS - CHANGED + again
        assert sum(p["polls"] for p in procs) == FEEDS + again
        assert sum(p["new_entries"] for p in procs) == 2 * CHANGED
        # Counted: statements, transactions and CPU. Every process that polled claimed in a
        # transaction; the polls' successes share transactions (group commit), so there are
        # fewer than feeds.
        assert all(p["transactions"] > 0 for p in procs if p["polls"])
        assert sum(p["transactions"] for p in procs) < FEEDS
        assert sum(p["round_trips"] for p in procs) > sum(p["statements"] for p in procs) > 0
        assert sum(p["cpu"] for p in procs) > 0
        assert all(p["rss_main_mib"] > 10 for p in procs)
        assert measured["wall_drained"] >= measured["wall_polled"] > 0
    # Two processes on PostgreSQL divided the round's feeds between them.
    polls = [p["polls"] for p in pg["rounds"][0]["per_process"]]
    assert all(n > 0 for n in polls), polls
    # Their connections' server backends were found and did work.
    assert sum(p["db_backend_cpu"] for p in pg["rounds"][0]["per_process"]) > 0
    summary = scale.summarize(pg)
    assert summary["round_trips_per_feed"] > 1
    text = scale.report(args, result["cases"], result["load"])
    assert "sqlite x1" in text and "postgresql x2" in text and "MISMATCH" not in text
