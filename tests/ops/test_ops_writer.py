"""One writer per database: a second `newsbot run` refuses, naming the one that runs; reading
commands and `db backup` keep working beside it; a SIGKILLed bot leaves no stale lock."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

from bot.store.writer import Holder, read_holder
from tests.ops.conftest import Newsbot

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Harbour bridge reopens</title><link>https://desk.example/1</link><guid>d1</guid>
<pubDate>Mon, 07 Dec 2026 01:00:00 GMT</pubDate>
<description>The bridge reopened on Monday.</description></item></channel></rss>"""

CONFIG = """
[database]
path = "bot.db"
[posting]
max_age_hours = 1000000
[[sources]]
name = "Desk"
kind = "file"
path = "feed.xml"
[[channels]]
id = "news"
sources = ["Desk"]
"""


def wait_for_holder(db: Path, proc: subprocess.Popen[str], within: float = 60.0) -> Holder:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        holder = read_holder(db)
        if holder is not None:
            return holder
        assert proc.poll() is None, proc.communicate()[1]
        time.sleep(0.05)  # polls a child process's progress, with a deadline
    raise AssertionError("the first newsbot never took the writer lock")


def sent(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
        )


def wait_until_sent(db: Path, proc: subprocess.Popen[str], within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while sent(db) == 0:
        assert time.monotonic() < deadline, "the first newsbot never posted"
        assert proc.poll() is None, proc.communicate()[1]
        time.sleep(0.05)  # polls a child process's progress, with a deadline


def descendants(pid: int) -> list[int]:
    """The processes started under `pid` (its worker pool), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def meta_id(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
    assert row is not None
    return str(row[0])


def test_a_second_run_refuses_and_readers_and_backup_keep_working(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    (tmp_path / "feed.xml").write_text(FEED, encoding="utf-8")
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "bot.db"
    first = newsbot.popen("run", "--config", "config.toml")
    try:
        holder = wait_for_holder(db, first)
        assert (holder.pid, holder.host) == (first.pid, socket.gethostname())

        second = newsbot("run", "--once", "--config", "config.toml")
        assert second.returncode == 1
        assert second.stdout == ""  # nothing posted
        (line,) = second.stderr.strip().splitlines()
        assert line.startswith("newsbot: another newsbot (")
        assert f"pid {first.pid} on host {socket.gethostname()}" in line
        assert line.endswith(f"is running on {db}; stop it first")

        migrate = newsbot("db", "migrate", "--config", "config.toml")
        assert migrate.returncode == 1
        assert f"pid {first.pid}" in migrate.stderr and "Traceback" not in migrate.stderr

        listed = newsbot("sources", "list", "--config", "config.toml")
        assert listed.returncode == 0, listed.stderr
        assert "Desk  [ok]" in listed.stdout
        backup = newsbot("db", "backup", "backup.db", "--config", "config.toml")
        assert backup.returncode == 0, backup.stderr
        assert meta_id(tmp_path / "backup.db") == meta_id(db)  # a backup is the same installation
        wait_until_sent(db, first)
    finally:
        pool = descendants(first.pid)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    try:
        # The kernel dropped the dead bot's lock, although its pool workers outlive it (they
        # never had the lock's descriptor): a new one starts, and posts nothing again.
        again = newsbot("run", "--once", "--config", "config.toml")
        assert again.returncode == 0, again.stderr
        assert "Harbour bridge reopens" not in again.stdout
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 1
    finally:
        for pid in pool:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pipe in (first.stdout, first.stderr):
            if pipe is not None:
                pipe.close()  # not communicate(): the orphaned workers held them open
