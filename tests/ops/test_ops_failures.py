"""Failures that must be told, not hidden: each through the real `newsbot` command.

A database newsbot cannot use (corrupt, written by a newer newsbot, read-only) is one line on
stderr and a non-zero exit in every command, and the file is left byte for byte as it was. A
store write failure during delivery stops delivering, says what is pending, and loses nothing.
`db backup` refuses what would destroy data. The worker pool dies with the bot.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import random
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ops.conftest import Newsbot, newsbot_env

CONFIG = """\
[database]
path = "data/n.db"
[posting]
backfill = 100
max_age_hours = 1000000
[[sources]]
name = "Wire"
kind = "file"
path = "feed.xml"
[[channels]]
id = "news"
sources = ["Wire"]
"""
CONSOLE_OFF = "[adapters.console]\nenabled = false\n"
WORDS = (  # noqa: SIM905 - a word list reads better as words
    "harbour bridge council budget river school hospital railway election court farmers "
    "drought museum festival airport storm vaccine teachers strike library mayor police "
    "factory bakery orchestra glacier volcano satellite parliament tunnel ferry vineyard "
    "stadium refinery bishop archive canal forest"
).split()


def _feed(n: int) -> bytes:
    """`n` distinct stories (different words, so none is merged as the same story)."""
    rng = random.Random(7)
    items = []
    for i in range(n):
        words = " ".join(rng.sample(WORDS, 12))
        items.append(
            f"<item><title>Dispatch {i:03d}: {words[:40]}</title>"
            f"<link>https://wire.example/{i}</link><guid>w{i}</guid>"
            f"<pubDate>Mon, 07 Dec 2026 0{i // 60}:{i % 60:02d}:00 GMT</pubDate>"
            f"<description>{words.capitalize()} were in the news today. "
            f"Officials described {words} at length.</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _bot_dir(tmp_path: Path, newsbot: Newsbot, *, stories: int = 3) -> Path:
    """A folder with a config, a feed and a database made by a real run; returns the db."""
    (tmp_path / "feed.xml").write_bytes(_feed(stories))
    (tmp_path / "config.toml").write_text(CONFIG)
    done = newsbot("run", "--once", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    return tmp_path / "data" / "n.db"


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _opml(tmp_path: Path) -> str:
    (tmp_path / "more.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="B" type="rss" xmlUrl="https://b.example/feed"/></body></opml>'
    )
    return "more.opml"


# Every command that opens the database. The last group only reads: a read-only database may
# one day be opened read-only for them (and then they may succeed), but never changed.
WRITERS = [("run", "--once"), ("db", "migrate"), ("sources", "import", "more.opml")]
READERS = [
    ("sources", "list"),
    ("config", "show"),
    ("why", "1"),
    ("top",),
    ("sources", "export"),
    ("db", "backup", "copy.db"),
]


def _run_all(
    tmp_path: Path, commands: list[tuple[str, ...]], preexec: Callable[[], None] | None = None
) -> list[tuple[tuple[str, ...], subprocess.CompletedProcess[str]]]:
    """The readers in parallel child processes (they must not write, so they cannot race), the
    writers one after another (`run` and `db migrate` take the database's writer lock, so two
    at once would be refused for that reason instead of the one under test)."""
    writers = [cmd for cmd in commands if cmd in WRITERS]
    out = [_run_all(tmp_path, [cmd], preexec)[0] for cmd in writers] if len(commands) > 1 else []
    commands = [cmd for cmd in commands if cmd not in writers] if len(commands) > 1 else commands
    procs = [
        (
            cmd,
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", *cmd, "--config", "config.toml"],
                cwd=tmp_path,
                env=newsbot_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                preexec_fn=preexec,
            ),
        )
        for cmd in commands
    ]
    for cmd, p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append((cmd, subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr)))
    return out


def _assert_one_line(cmd: tuple[str, ...], done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0, (cmd, done.stdout)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsbot: "), (cmd, done.stderr)
    assert "Traceback" not in done.stderr


def _corrupt(db: Path) -> None:
    db.write_bytes(b"these are notes, not a database\n" * 40)


def _newer(db: Path) -> None:
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA user_version = 99")
    c.close()


@pytest.mark.parametrize(("damage", "says"), [(_corrupt, "not a database"), (_newer, "newer")])
def test_an_unusable_database_is_one_line_in_every_command_and_left_untouched(
    newsbot: Newsbot,
    tmp_path: Path,
    damage: Callable[[Path], None],
    says: str,
) -> None:
    db = _bot_dir(tmp_path, newsbot)
    damage(db)
    _opml(tmp_path)
    before = _snapshot(db.parent), sorted(p.name for p in tmp_path.iterdir())
    for cmd, done in _run_all(tmp_path, WRITERS + READERS):
        _assert_one_line(cmd, done)
        assert str(db) in done.stderr and says in done.stderr, (cmd, done.stderr)
        assert " — " in done.stderr  # what to do
    assert (_snapshot(db.parent), sorted(p.name for p in tmp_path.iterdir())) == before


def _drop_root_override() -> None:
    """In the child, as root: lose the capabilities that let root write a read-only file
    (dropped from the bounding set, so the exec'd python never has them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only_preexec() -> Callable[[], None] | None:
    if os.geteuid() != 0:
        return None  # chmod is enough
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root without Linux capabilities: a read-only file is writable")
    probe = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=_drop_root_override, capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE here")
    return _drop_root_override


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_refused_without_creating_wal_or_shm(
    newsbot: Newsbot, tmp_path: Path, what: str
) -> None:
    preexec = _read_only_preexec()
    db = _bot_dir(tmp_path, newsbot)
    _opml(tmp_path)
    before = _snapshot(db.parent)
    target = db if what == "file" else db.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        results = _run_all(tmp_path, WRITERS + READERS, preexec)
    finally:
        target.chmod(mode)
    for cmd, done in results:
        assert "Traceback" not in done.stderr, (cmd, done.stderr)
        if cmd in WRITERS or done.returncode != 0:
            _assert_one_line(cmd, done)
            assert "not writable" in done.stderr or "read-only" in done.stderr, done.stderr
    assert _snapshot(db.parent) == before  # no -wal, no -shm, same bytes


def test_why_with_an_unknown_or_huge_id_is_one_line(newsbot: Newsbot, tmp_path: Path) -> None:
    _bot_dir(tmp_path, newsbot)
    for ref in ("99999999999999999999", "9223372036854775808", "4242"):
        done = newsbot("why", ref, "--config", "config.toml")
        _assert_one_line(("why", ref), done)
        assert "No article matches" in done.stderr


def test_db_backup_refuses_what_would_lose_data(newsbot: Newsbot, tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_bytes(_feed(3))
    (tmp_path / "config.toml").write_text(CONFIG)
    # No database yet: nothing to back up, and none is created.
    done = newsbot("db", "backup", "b.db", "--config", "config.toml")
    _assert_one_line(("db", "backup"), done)
    assert "no database" in done.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "b.db").exists()

    db = _bot_dir(tmp_path, newsbot)
    (tmp_path / "link.db").symlink_to(db)
    (tmp_path / "notes.txt").write_text("keep me")
    before = _snapshot(db.parent), (tmp_path / "config.toml").read_bytes()
    for target in ("data/n.db", "link.db", "data/n.db-wal", "data/n.db-shm", "config.toml"):
        done = newsbot("db", "backup", target, "--force", "--config", "config.toml")
        _assert_one_line(("db", "backup", target), done)
        assert "refusing" in done.stderr
    done = newsbot("db", "backup", "notes.txt", "--config", "config.toml")
    _assert_one_line(("db", "backup", "notes.txt"), done)
    assert "--force" in done.stderr and (tmp_path / "notes.txt").read_text() == "keep me"
    assert (_snapshot(db.parent), (tmp_path / "config.toml").read_bytes()) == before

    done = newsbot("db", "backup", "notes.txt", "--force", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "notes.txt") as copy:
        assert copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    copy.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _titles(stdout: str) -> list[str]:
    return re.findall(r"Dispatch \d{3}", stdout)


def test_a_full_disk_during_delivery_stops_says_what_is_pending_and_loses_nothing(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    # 100 posts queued, none sent (no adapter on in the first run).
    (tmp_path / "feed.xml").write_bytes(_feed(100))
    (tmp_path / "config.toml").write_text(CONFIG + CONSOLE_OFF)
    assert newsbot("run", "--once", "--config", "config.toml").returncode == 0
    (tmp_path / "config.toml").write_text(CONFIG)
    db = tmp_path / "data" / "n.db"
    # No file may grow past the database's size: the -wal file fills up after a few posts.
    limit = db.stat().st_size

    def full_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    full = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--once", "--config", "config.toml"],
        cwd=tmp_path,
        env=newsbot_env(),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=full_disk,
    )
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    stopped = [ln for ln in full.stderr.splitlines() if "stopped delivering" in ln]
    assert len(stopped) == 1, full.stderr
    m = re.search(r"; (\d+) post\(s\) still pending, they will be sent on the next run", stopped[0])
    assert m is not None, stopped[0]
    pending = int(m.group(1))
    first = _titles(full.stdout)
    unrecorded = 1 if "could not be recorded" in stopped[0] else 0
    assert 0 < pending < 100 and len(first) == 100 - pending + unrecorded

    # Space again: exactly the pending posts go out, each once; all 100 are out.
    rest = newsbot("run", "--once", "--config", "config.toml")
    assert rest.returncode == 0, rest.stderr
    second = _titles(rest.stdout)
    assert len(second) == pending
    assert sorted(set(first) | set(second)) == [f"Dispatch {i:03d}" for i in range(100)]
    assert len(first) + len(second) == 100 + unrecorded  # a repeat only where it was said
    again = newsbot("run", "--once", "--config", "config.toml")
    assert again.returncode == 0 and _titles(again.stdout) == []


# -- the worker pool and the bot's death ---------------------------------------------------


def _marked(mark: str) -> dict[int, str]:
    """Processes whose environment carries `mark` (the bot and everything it started)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"NEWSBOT_TEST_MARK={mark}".encode() in (entry / "environ").read_bytes():
                found[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
    return found


def _wait_for(cond: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


@pytest.fixture
def pooled_bot(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`newsbot run` (with its worker pool), in its own session; whatever it left is killed."""
    if not Path("/proc/self/environ").exists():
        pytest.skip("needs /proc to find the pool's processes")
    (tmp_path / "feed.xml").write_bytes(_feed(3))
    (tmp_path / "config.toml").write_text(CONFIG)
    mark = uuid.uuid4().hex
    with (tmp_path / "stderr.txt").open("wb") as stderr:
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--config", "config.toml"],
            cwd=tmp_path,
            env=newsbot_env({"NEWSBOT_TEST_MARK": mark}),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )

    def pool_up() -> bool:  # the forkserver and a worker it forked (same command line)
        return sum("multiprocessing.forkserver" in c for c in _marked(mark).values()) >= 2

    try:
        assert _wait_for(pool_up, 60), _marked(mark)
        yield bot, mark
    finally:
        for pid in _marked(mark):
            os.kill(pid, signal.SIGKILL)
        bot.wait(timeout=30)


def test_the_worker_pool_exits_when_the_bot_is_killed(
    pooled_bot: tuple[subprocess.Popen[bytes], str],
) -> None:
    bot, mark = pooled_bot
    bot.kill()
    bot.wait(timeout=30)
    assert _wait_for(lambda: not _marked(mark), 10), _marked(mark)


def test_ctrl_c_stops_the_bot_and_its_pool_without_a_traceback(
    pooled_bot: tuple[subprocess.Popen[bytes], str], tmp_path: Path
) -> None:
    bot, mark = pooled_bot
    os.killpg(bot.pid, signal.SIGINT)  # what the terminal does: the whole process group
    assert bot.wait(timeout=60) in (0, 130)
    assert _wait_for(lambda: not _marked(mark), 10), _marked(mark)
    err = (tmp_path / "stderr.txt").read_text()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


@pytest.mark.parametrize("where", ["a directory", "under a file"])
def test_a_database_path_that_cannot_be_opened_is_one_line(
    newsbot: Newsbot, tmp_path: Path, where: str
) -> None:
    if where == "a directory":
        (tmp_path / "data" / "n.db").mkdir(parents=True)
    else:
        (tmp_path / "data").write_text("a file where the folder should be")
    (tmp_path / "config.toml").write_text(CONFIG)
    (tmp_path / "feed.xml").write_bytes(_feed(1))
    done = newsbot("run", "--once", "--config", "config.toml")
    _assert_one_line(("run", "--once"), done)
    assert "cannot open the database" in done.stderr and "[database] path" in done.stderr
