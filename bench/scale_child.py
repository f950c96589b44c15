"""One real `newsbot run` for bench/scale.py, with its work counted from outside.

    python bench/scale_child.py STATS_FILE run --config CONFIG

Wraps a few methods of newsbot's classes (nothing in bot/ knows about it, so there is no cost
when the bench is not running), then calls ``bot.cli.main(argv)``: the same `newsbot run` an
operator starts, with its poll loop, leases, heartbeat, worker pool and outbox.

Counted:

- **statements** the store sends to its engine: ``execute`` and ``executemany`` inside a
  transaction, ``fetchall`` and ``execute_one`` outside one, on both engines
  (``SqliteEngine``/``SqliteTx``, ``PgEngine``/``PgTx``), and **transactions** (each also costs
  a BEGIN and a COMMIT). Round trips = statements + 2 x transactions: on PostgreSQL each is one
  network round trip (asyncpg pipelines an ``executemany`` in one; the pool resets nothing on
  release), on SQLite one hop to the aiosqlite thread;
- **polls** by outcome and **new entries**, as ``Pipeline.poll_group`` returns them (recorded);
- **posts** sent, by platform;
- the PostgreSQL **backend pids** of this process's pooled connections (read from asyncpg's
  connection objects, no query), so the conductor can read their CPU from /proc.

``SCALE_POLLS_IN_FLIGHT=N`` sets the loop's limit of sources in flight (claimed per tick) to N
instead of 1,000 (``App.polls_in_flight``): the smoke test divides 200 feeds with it.

SIGUSR1 (and the end of the process) writes the counters as JSON to STATS_FILE (written to a
temporary file and renamed, with a sequence number), so the conductor reads them between rounds.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COUNTS: Counter[str] = Counter()
POLLED: Counter[str] = Counter()  # polls per source since the last snapshot
ENGINES: list[Any] = []
_SEQ = [0]


def _counted(cls: type, name: str, key: str) -> None:
    original: Callable[..., Any] = getattr(cls, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        COUNTS[key] += 1
        return original(*args, **kwargs)

    setattr(cls, name, wrapper)


def _backend_pids() -> list[int]:
    pids = []
    for engine in ENGINES:
        pool = getattr(engine, "_pool", None)
        for holder in getattr(pool, "_holders", ()) if pool is not None else ():
            con = getattr(holder, "_con", None)
            if con is not None and not con.is_closed():
                pids.append(con.get_server_pid())
    return pids


def write_stats(path: str) -> None:
    _SEQ[0] += 1
    data = {
        "seq": _SEQ[0],
        "pid": os.getpid(),
        "time": time.time(),
        "counts": dict(COUNTS),
        "backend_pids": _backend_pids(),
        "polled_twice": sorted(name for name, k in POLLED.items() if k > 1),
        "polled": sorted(POLLED),
    }
    POLLED.clear()
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, path)


def install() -> None:
    from bot.app import App
    from bot.ops.observer import Observer
    from bot.pipeline import Pipeline
    from bot.store.postgres import PgEngine, PgTx
    from bot.store.sqlite import SqliteEngine, SqliteTx

    for tx in (SqliteTx, PgTx):
        _counted(tx, "execute", "statements")
        _counted(tx, "executemany", "statements")
    for engine in (SqliteEngine, PgEngine):
        _counted(engine, "fetchall", "statements")
        _counted(engine, "execute_one", "statements")
        _counted(engine, "transaction", "transactions")

    pg_connect = PgEngine.connect

    async def connect(self: PgEngine, **kwargs: Any) -> None:
        await pg_connect(self, **kwargs)
        ENGINES.append(self)

    PgEngine.connect = connect  # type: ignore[method-assign]

    poll_group = Pipeline.poll_group

    async def count_polls(self: Pipeline, group: Any) -> Any:
        outcomes = await poll_group(self, group)
        for o in outcomes:  # recorded in the database by now
            COUNTS["polls"] += 1
            POLLED[o.source] += 1
            COUNTS[f"poll_{o.status}"] += 1
            COUNTS["new_entries"] += o.new
        return outcomes

    Pipeline.poll_group = count_polls  # type: ignore[method-assign]

    in_flight = os.environ.get("SCALE_POLLS_IN_FLIGHT")
    if in_flight:  # the smoke test's few feeds, divided as 20,000 are by the default 1,000
        app_init = App.__init__

        def init(self: App, *args: Any, **kwargs: Any) -> None:
            app_init(self, *args, **kwargs)
            self.polls_in_flight = int(in_flight)

        App.__init__ = init  # type: ignore[method-assign]

    sent = Observer.sent

    def count_sent(self: Observer, platform: str) -> None:
        COUNTS[f"posts_{platform}"] += 1
        sent(self, platform)

    Observer.sent = count_sent  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    stats_file, cli_argv = argv[0], argv[1:]
    install()
    signal.signal(signal.SIGUSR1, lambda *_: write_stats(stats_file))
    write_stats(stats_file)  # the conductor waits for this first file: the handler is in place
    from bot.cli import main as newsbot

    try:
        return newsbot(cli_argv)
    finally:
        write_stats(stats_file)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
