"""The rule for the PostgreSQL tests (issue 21): no server reachable means a visible skip on a
developer's machine, and a failure under CI=true. Checked by running one parametrised store
test in a child pytest against a port nobody listens on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pytest(ci: bool) -> subprocess.CompletedProcess[str]:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["NEWSBOT_TEST_PG_URL"] = f"postgresql://postgres@127.0.0.1:{port}/test"
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"),
            *("tests/test_store.py", "-k", "search_takes_user_text"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_a_server_postgresql_cases_skip_with_the_reason_shown() -> None:
    done = _pytest(ci=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 1 skipped" in done.stdout
    assert "SKIPPED" in done.stdout and "is not reachable" in done.stdout


def test_under_ci_a_missing_server_is_a_failure() -> None:
    done = _pytest(ci=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed" in done.stdout and "1 error" in done.stdout  # failed in its fixture
    assert "CI=true requires PostgreSQL" in done.stdout
