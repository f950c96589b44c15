"""One writer per SQLite database: the lock `newsbot run` takes before it opens the store.

Two bots on one database each drain the same outbox and post everything twice; until the store
shares work between processes (leases), a second `run` must refuse to start. The lock is an
exclusive `flock` on `<database>.lock` beside the database, and the holder writes who it is
(pid, host, start time) into the file so the refusal can name it.

Why flock and not a pid file: the kernel drops the lock when the holder's process ends, however
it ends (SIGKILL, OOM, power loss), so there is never a stale lock to clean up, and no pid to
check for liveness (a pid can be reused, and a pid from another host means nothing). The file
itself stays behind on purpose: deleting it would let a waiting process lock the old inode while
a new one locks a new file, and then both would run. The descriptor is not inherited by the
worker processes (Python opens files non-inheritable and the pool starts through forkserver),
so a worker cannot keep a dead bot's lock alive.

Limits: flock is advisory and local. Processes on other machines sharing the file over NFS or
SMB may not see it, so a database on a network file system is not protected (SQLite's own
locking is not reliable there either; keep the database on a local disk).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from bot.store.errors import StoreError

__all__ = ["AlreadyRunning", "Holder", "WriterLock", "lock_path", "read_holder"]


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a database: `<database>.lock`, in the same directory."""
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds the lock, as written into the lock file."""

    pid: int
    host: str
    started: float

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.started))
        return f"pid {self.pid} on host {self.host}, started {when}"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        """The holder from the file's text; None while it is being written or if it is not ours."""
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), float(data["started"]))
        except (ValueError, KeyError, TypeError):
            return None


class AlreadyRunning(StoreError):
    """Another process holds the database's writer lock."""

    def __init__(self, path: str, holder: Holder | None) -> None:
        who = holder.describe() if holder else "it is starting"
        super().__init__(path, f"another newsbot ({who}) is running")
        self.holder = holder

    def __str__(self) -> str:
        who = self.holder.describe() if self.holder else "it is starting"
        return f"another newsbot ({who}) is running on {self.path}; stop it first"


class WriterLock:
    """`with WriterLock(db_path):` the one process writing to the database. Raises
    `AlreadyRunning` at once (never waits) if another process holds it. The pid, host and
    clock are injectable for tests."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        clock: Callable[[], float] = time.time,
        pid: Callable[[], int] = os.getpid,
        host: Callable[[], str] = socket.gethostname,
    ) -> None:
        self.db_path = str(db_path)
        self.path = lock_path(db_path)
        self.clock = clock
        self.pid = pid
        self.host = host
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> Holder:
        """Take the lock and write who holds it; return that."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this WriterLock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise StoreError(self.db_path, f"cannot open the lock file {self.path}: {e}") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(self.db_path, read_holder(self.db_path)) from None
        except OSError as e:
            os.close(fd)
            raise StoreError(self.db_path, f"cannot lock {self.path}: {e}") from e
        holder = Holder(self.pid(), self.host(), self.clock())
        data = json.dumps({"pid": holder.pid, "host": holder.host, "started": holder.started})
        os.ftruncate(fd, 0)
        os.pwrite(fd, (data + "\n").encode(), 0)
        self._fd = fd
        return holder

    def release(self) -> None:
        """Clear the holder and unlock (the kernel unlocks anyway if the process dies)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the last descriptor releases the flock

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def read_holder(db_path: str | Path) -> Holder | None:
    """Who holds (or last held) the database's lock, from the lock file; None if unknown."""
    try:
        text = lock_path(db_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return Holder.parse(text)
