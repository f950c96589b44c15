"""Operations, unit by unit: the health rule (time given), the observer's counting of polls,
sends and 429s in a registry of its own, the endpoints' 200/503, the config keys, JSON logs."""

from __future__ import annotations

import json
import logging
import socket
import sys

import aiohttp
import pytest
from prometheus_client import CollectorRegistry

from bot.config import ConfigError, parse_config
from bot.delivery.ports import ChannelRef, Post, RateLimited, RateLimits, TransientError
from bot.ops.health import PLATFORM_DOWN_SECONDS, HealthInputs, assess
from bot.ops.jsonlog import JsonFormatter
from bot.ops.observer import Observer
from bot.ops.server import serve
from bot.pipeline import PollOutcome
from bot.store import StoreError

# ── the health rule ──────────────────────────────────────────────────────────────────────

START = 1_000_000.0


def inputs(**changes: object) -> HealthInputs:
    base: dict[str, object] = {
        "started_at": START,
        "running": True,
        "shortest_interval": 600.0,
        "last_poll_ok": None,
        "last_delivery_ok": None,
    }
    base.update(changes)
    return HealthInputs(**base)  # type: ignore[arg-type]


def test_polling_is_stalled_after_three_shortest_intervals_without_a_success() -> None:
    assert assess(inputs(), START + 1799).healthy
    late = assess(inputs(), START + 1801)
    assert not late.healthy
    assert late.problems[0].startswith("polling stalled: no poll has succeeded since start")
    assert late.report["status"] == "unhealthy"
    # A success restarts the count; the report gives its age.
    ok = assess(inputs(last_poll_ok=START + 1700), START + 3000)
    assert ok.healthy and ok.report["polling"]["last_success_age_seconds"] == 1300
    assert not assess(inputs(last_poll_ok=START + 1700), START + 3501).healthy


def test_no_active_source_is_idle_not_stalled() -> None:
    health = assess(inputs(shortest_interval=None), START + 10**6)
    assert health.healthy and health.report["polling"]["active"] is False


def test_not_running_and_delivery_stopped_are_unhealthy() -> None:
    assert assess(inputs(running=False), START + 1).problems == (
        "the run loop is not running (starting or stopping)",
    )
    stopped = assess(inputs(delivery_stopped="bot.db: the disk is full"), START + 1)
    assert stopped.problems == ("delivery stopped: bot.db: the disk is full",)
    assert stopped.report["delivering"]["running"] is False


def test_a_platform_is_unhealthy_once_down_longer_than_the_limit() -> None:
    down = inputs(platforms={"discord": START, "console": None})
    assert assess(down, START + PLATFORM_DOWN_SECONDS).healthy
    late = assess(down, START + PLATFORM_DOWN_SECONDS + 1)
    assert late.problems == ("discord disconnected for 121s (limit 120s)",)
    assert late.report["platforms"]["console"] == {
        "connected": True,
        "disconnected_seconds": None,
    }


# ── the observer ─────────────────────────────────────────────────────────────────────────


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


class FakeAdapter:
    platform = "discord"
    limits = RateLimits(5, 5.0, 50.0)

    def __init__(self) -> None:
        self.answers: list[Exception | None] = []
        self.up = True

    def connected(self) -> bool:
        return self.up

    async def send(self, channel: ChannelRef, post: Post, key: str) -> str:
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        return "m1"

    async def edit(self, channel: ChannelRef, message_id: str, post: Post) -> None:
        return None

    async def find(self, channel: ChannelRef, key: str) -> str | None:
        return None


def value(observer: Observer, name: str, **labels: str) -> float | None:
    return observer.metrics.registry.get_sample_value(name, labels)


async def test_sends_429s_and_polls_are_counted_in_the_observers_own_registry() -> None:
    clock = Clock()
    observer = Observer(clock=clock, pid=7, host="box")
    other = Observer(clock=clock)
    fake = FakeAdapter()
    adapter = observer.watch(fake)
    ref = ChannelRef("discord", "g", "c")
    fake.answers = [RateLimited(ref, 2.0), TransientError(ref, "502"), None]
    with pytest.raises(RateLimited):
        await adapter.send(ref, Post("article", "t"), "k")
    with pytest.raises(TransientError):
        await adapter.send(ref, Post("article", "t"), "k")
    clock.now += 5
    assert await adapter.send(ref, Post("article", "t"), "k") == "m1"
    observer.polled(
        [
            PollOutcome("a", "ok", new=1),
            PollOutcome("b", "error", error="x", error_kind="Timeout"),
            PollOutcome("c", "not-modified"),
        ]
    )
    assert value(observer, "newsbot_rate_limited_total", platform="discord") == 1
    assert value(observer, "newsbot_posts_total", platform="discord") == 1
    assert value(observer, "newsbot_errors_total", stage="delivery", kind="RateLimited") == 1
    assert value(observer, "newsbot_errors_total", stage="delivery", kind="TransientError") == 1
    assert value(observer, "newsbot_errors_total", stage="poll", kind="Timeout") == 1
    assert value(observer, "newsbot_polls_total", outcome="ok") == 1
    assert value(observer, "newsbot_polls_total", outcome="not-modified") == 1
    assert observer.last_delivery_ok == START + 5 and observer.last_poll_ok == START + 5
    # Another app's observer shares nothing (each has its own registry).
    assert value(other, "newsbot_posts_total", platform="discord") is None
    assert isinstance(observer.metrics.registry, CollectorRegistry)


class FakeStore:
    def __init__(self) -> None:
        self.depth: dict[str, tuple[int, float]] = {}
        self.fail: StoreError | None = None

    async def outbox_depth(self) -> dict[str, tuple[int, float]]:
        if self.fail is not None:
            raise self.fail
        return self.depth


async def test_endpoints_answer_503_with_the_reasons_and_200_when_healthy() -> None:
    clock = Clock()
    observer = Observer(clock=clock, pid=7, host="box")
    fake = FakeAdapter()
    observer.watch(fake)
    observer.running = True
    observer.shortest_interval = 60.0
    store = FakeStore()
    store.depth = {"discord": (3, START - 30)}
    async with (
        serve(observer, store, "127.0.0.1", 0) as port,  # type: ignore[arg-type]
        aiohttp.ClientSession() as http,
    ):
        base = f"http://127.0.0.1:{port}"
        async with http.get(base + "/healthz") as r:
            body = await r.json()
            assert r.status == 200, body
        assert body["outbox"] == {"discord": {"pending": 3, "oldest_pending_seconds": 30.0}}
        assert body["process"] == {"pid": 7, "host": "box", "id": None}
        async with http.get(base + "/metrics") as r:
            text = await r.text()
        assert 'newsbot_outbox_pending{platform="discord"} 3.0' in text
        assert 'newsbot_outbox_oldest_pending_seconds{platform="discord"} 30.0' in text
        assert "newsbot_healthy 1.0" in text

        fake.up = False
        observer.sample_platforms()
        clock.now += 181  # no poll for 3 × 60 s, the gateway down for 181 s
        store.fail = StoreError("bot.db", "the database is locked")
        async with http.get(base + "/healthz") as r:
            body = await r.json()
            assert r.status == 503
        assert body["status"] == "unhealthy"
        assert [p.split(":")[0] for p in body["problems"]] == [
            "polling stalled",
            "discord disconnected for 181s (limit 120s)",
            "database",
        ]
        async with http.get(base + "/metrics") as r:
            text = await r.text()
        assert "newsbot_healthy 0.0" in text
        assert 'newsbot_platform_connected{platform="discord"} 0.0' in text


# ── config and logs ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("listen", ["127.0.0.1:0", "0.0.0.0:9464", "[::1]:9464", "bot:80"])
def test_listen_accepts_host_port(listen: str) -> None:
    config = parse_config(f'[observability]\nlisten = "{listen}"\n')
    assert config.observability.listen == listen
    assert config.observability.address is not None
    assert parse_config("").observability.address is None


@pytest.mark.parametrize("listen", ["localhost", "127.0.0.1:99999", ":9464", "h:x", "a b:1"])
def test_listen_refuses_what_is_not_host_port(listen: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(f'[observability]\nlisten = "{listen}"\n')
    [problem] = info.value.problems
    assert problem.key == "observability.listen" and problem.line == 2


def test_logging_format_is_text_or_json() -> None:
    assert parse_config("").logging.format == "text"
    assert parse_config('[logging]\nformat = "json"\n').logging.format == "json"
    with pytest.raises(ConfigError):
        parse_config('[logging]\nformat = "xml"\n')


def test_a_json_record_is_one_ascii_line_whatever_the_text() -> None:
    hostile = "Title\n2026-12-07 INFO fake record\x1b[31m\u202eevil\u2028"
    try:
        raise ValueError("boom\r\nline")
    except ValueError:
        record = logging.LogRecord(
            "bot.pipeline",
            logging.WARNING,
            __file__,
            1,
            "source %s: %s",
            ("Desk", hostile),
            sys.exc_info(),
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line and line.isascii() and line.isprintable()
    data = json.loads(line)
    assert data["message"] == f"source Desk: {hostile}"
    assert data["level"] == "WARNING" and data["logger"] == "bot.pipeline"
    assert data["time"].endswith("Z") and "ValueError: boom" in data["exception"]


async def test_a_taken_listen_address_raises_oserror_and_leaves_nothing_running() -> None:
    observer = Observer(clock=Clock())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError):
            async with serve(observer, FakeStore(), "127.0.0.1", port):  # type: ignore[arg-type]
                pass
