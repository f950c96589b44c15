"""Operations, black-box: `newsbot run` with `[observability] listen` serves /healthz and
/metrics over HTTP (port 0, the bound port read from its log), logs JSON lines when asked, and
`newsbot status` beside it names the running process, its sources and the outbox."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

from tests.ops.conftest import LocalServer, Newsbot

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Harbour bridge reopens</title><link>{page}</link><guid>d1</guid>
<pubDate>Mon, 07 Dec 2026 01:00:00 GMT</pubDate>
<description>The bridge reopened on Monday after a year of repairs, the city said.</description>
</item></channel></rss>"""

PAGE = (
    b"<html><head><title>Harbour bridge reopens</title></head><body><article><p>"
    + b"The bridge reopened on Monday after a year of repairs, the city said. " * 8
    + b"</p></article></body></html>"
)

CONFIG = """
[database]
path = "bot.db"
[network]
allow_private_networks = true
[posting]
max_age_hours = 1000000
[observability]
listen = "127.0.0.1:0"
[logging]
format = "json"
[[sources]]
name = "Desk"
url = "{url}"
[[sources]]
name = "Gone"
url = "{gone}"
[[channels]]
id = "news"
sources = ["Desk"]
[[channels]]
platform = "slack"
workspace = "T1"
id = "C1"
sources = ["Desk"]
"""


class Lines:
    """A child's stderr, read line by line on a thread (so waiting for a line has a deadline)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert proc.stderr is not None
        stream = proc.stderr
        self.thread = threading.Thread(target=lambda: self.lines.extend(stream), daemon=True)
        self.thread.start()

    def wait_for(self, pattern: str, proc: subprocess.Popen[str], within: float = 60) -> str:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for line in list(self.lines):
                m = re.search(pattern, line)
                if m:
                    return m.group(1)
            assert proc.poll() is None, "".join(self.lines)
            time.sleep(0.05)  # polls a child process's progress, with a deadline
        raise AssertionError(f"no {pattern!r} in: {''.join(self.lines)}")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def sample(metrics: str, name: str, **labels: str) -> float | None:
    """The value of one sample of the text exposition, or None when it is absent."""
    for line in metrics.splitlines():
        m = re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)", line)
        if m and m[1] == name and dict(re.findall(r'(\w+)="([^"]*)"', m[2] or "")) == labels:
            return float(m[3])
    return None


def test_run_serves_healthz_and_metrics_and_status_shows_it(
    newsbot: Newsbot, local_server: LocalServer
) -> None:
    feed = FEED.format(page=local_server.url("/1")).encode()
    local_server.routes["/feed.xml"] = ("application/rss+xml", feed)
    local_server.routes["/1"] = ("text/html", PAGE)
    (newsbot.cwd / "config.toml").write_text(
        CONFIG.format(url=local_server.url("/feed.xml"), gone=local_server.url("/gone.xml"))
    )
    proc = newsbot.popen("run")
    try:
        err = Lines(proc)
        port = err.wait_for(r"/healthz and /metrics on http://127\.0\.0\.1:(\d+)", proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:  # until both polls are done and the post has gone out to the console
            status, metrics = get(base + "/metrics")
            posted = sample(metrics, "newsbot_posts_total", platform="console")
            polled = sample(metrics, "newsbot_polls_total", outcome="ok")
            # A poll is counted when the run loop sees it end (at its next tick): the outbox,
            # waking on its own, may send its post first.
            if posted and polled and sample(metrics, "newsbot_polls_total", outcome="error"):
                break
            assert time.monotonic() < deadline, metrics
            assert proc.poll() is None, "".join(err.lines)
            time.sleep(0.1)  # polls a child process's progress, with a deadline
        assert status == 200
        assert sample(metrics, "newsbot_polls_total", outcome="ok") == 1
        assert sample(metrics, "newsbot_polls_total", outcome="error") == 1  # Gone: a 404
        assert sample(metrics, "newsbot_errors_total", stage="poll", kind="HTTPStatusError") == 1
        assert sample(metrics, "newsbot_rate_limited_total", platform="console") == 0
        assert (sample(metrics, "newsbot_enrichment_seconds_count") or 0) >= 1
        assert sample(metrics, "newsbot_outbox_pending", platform="console") == 0
        # Slack is not enabled: its post stays queued, and the gauges show it.
        assert sample(metrics, "newsbot_outbox_pending", platform="slack") == 1
        assert (sample(metrics, "newsbot_outbox_oldest_pending_seconds", platform="slack")) >= 0
        assert (sample(metrics, "newsbot_last_poll_success_timestamp_seconds") or 0) > 0
        assert sample(metrics, "newsbot_platform_connected", platform="console") == 1

        code, body = get(base + "/healthz")
        health = json.loads(body)
        assert code == 200, body
        # One source failing while another succeeds is not unhealthy.
        assert health["status"] == "ok" and health["problems"] == []
        assert health["polling"]["last_success_age_seconds"] is not None
        assert health["polling"]["stalled_after_seconds"] == 3 * 600
        assert health["delivering"]["last_success_age_seconds"] is not None
        assert health["platforms"]["console"]["connected"] is True
        assert health["outbox"]["slack"]["pending"] == 1
        assert health["process"]["pid"] == proc.pid
        assert health["process"]["id"].startswith(f"{socket.gethostname()}:{proc.pid}:")

        shown = newsbot("status")
        assert shown.returncode == 0, shown.stderr
        assert "processes: 1 running" in shown.stdout
        assert f"pid {proc.pid} on host {socket.gethostname()}" in shown.stdout
        # ... and the database's record of it: alive, with its heartbeat and its leases.
        assert "processes recorded: 1 (1 alive, 0 dead, 0 stopped; lease 30s)" in shown.stdout
        assert re.search(
            rf"\[alive\]  pid {proc.pid} on host .*last heartbeat: \d{{4}}-", shown.stdout
        )
        assert re.search(r"Desk  \[ok\]  last poll: \d{4}-", shown.stdout), shown.stdout
        assert re.search(r"Gone  \[failing\]", shown.stdout), shown.stdout
        assert "sources: 2 (2 active, 1 failing, 0 paused)" in shown.stdout
        assert "slack: 1 pending" in shown.stdout
        assert re.search(r"last delivery: \d{4}-.* on console", shown.stdout), shown.stdout

        # A second run refuses; with JSON logs its one line is a JSON record too.
        second = newsbot("run")
        assert second.returncode == 1
        [refusal] = [json.loads(line) for line in second.stderr.splitlines()]
        assert refusal["level"] == "ERROR" and "another newsbot (pid" in refusal["message"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    err.thread.join(timeout=10)
    assert proc.returncode == 0, "".join(err.lines)
    # [logging] format = "json": every line the bot wrote to stderr is one JSON record.
    records = [json.loads(line) for line in err.lines]
    assert records and all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert any(r["message"].startswith("Desk: 1 new") for r in records), records

    after = newsbot("status")
    assert after.returncode == 0 and "processes: none running" in after.stdout
    assert re.search(rf"\[stopped .*\]  pid {proc.pid} on host .*leases: 0 source", after.stdout)
