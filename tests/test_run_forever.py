"""`newsbot run` without --once: posts, then stops cleanly on SIGTERM / SIGINT."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_runs_until_signalled_then_closes_the_database(bot_dir: Path, sig: int) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        "--config",
        str(bot_dir / "config.toml"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=bot_dir,
    )
    assert proc.stdout is not None
    seen = b""
    try:
        async with asyncio.timeout(60):
            while b"Immigration court backlog" not in seen or b"light rail" not in seen:
                line = await proc.stdout.readline()
                assert line, "the bot exited before posting"
                seen += line
    except BaseException:
        proc.kill()
        raise
    proc.send_signal(sig)
    async with asyncio.timeout(30):
        _, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    # Closed cleanly: the WAL was checkpointed and removed, and every delivery is recorded.
    assert not (bot_dir / "bot.db-wal").exists()
    with sqlite3.connect(bot_dir / "bot.db") as db:
        rows = db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status").fetchall()
    assert rows == [("sent", 2)]
