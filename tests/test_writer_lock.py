"""The single-writer lock (bot/store/writer.py): exclusive, names its holder, released on exit.
That a SIGKILLed holder leaves no stale lock is checked end to end in tests/ops."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import StoreError
from bot.store.writer import AlreadyRunning, Holder, WriterLock, lock_path, read_holder

T = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC


def lock(db: Path, pid: int = 4242, host: str = "news-1") -> WriterLock:
    return WriterLock(db, clock=lambda: T, pid=lambda: pid, host=lambda: host)


def test_a_second_lock_on_the_database_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    with lock(db):
        assert lock_path(db) == tmp_path / "data" / "bot.db.lock"
        assert read_holder(db) == Holder(4242, "news-1", T)
        with pytest.raises(AlreadyRunning) as refused:
            lock(db, pid=99, host="other").acquire()
        assert str(refused.value) == (
            "another newsbot (pid 4242 on host news-1, started 2027-01-15 08:00:00 UTC)"
            f" is running on {db}; stop it first"
        )
        assert isinstance(refused.value, StoreError)
        with lock(tmp_path / "other.db"):  # another database is another lock
            pass
    # Released: the holder is cleared and the next process gets it.
    assert read_holder(db) is None
    with lock(db, pid=99):
        assert read_holder(db) == Holder(99, "news-1", T)


def test_a_holder_not_yet_written_is_reported_as_starting(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    first = lock(db)
    first.acquire()
    try:
        lock_path(db).write_text("")  # the holder has the lock but has not written itself yet
        with pytest.raises(AlreadyRunning, match=r"another newsbot \(it is starting\) is running"):
            lock(db).acquire()
    finally:
        first.release()
    first.release()  # releasing twice is harmless


def test_an_unusable_lock_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bot.db.lock").mkdir()  # something that cannot be opened as a file
    with pytest.raises(StoreError, match="cannot open the lock file") as failed:
        lock(tmp_path / "bot.db").acquire()
    assert not isinstance(failed.value, AlreadyRunning)
