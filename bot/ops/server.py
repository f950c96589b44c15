"""`/healthz` and `/metrics`, served by aiohttp on the bot's own event loop.

Why on the loop and not prometheus-client's `start_http_server` (a thread): the values live on
the loop (the observer's state, the store's connection), so a handler reads them without locks,
and a health check answered by the loop proves the loop is turning; a thread would answer 200
while the loop is stuck. The handlers only read memory and run one indexed query.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.ops.metrics import CONTENT_TYPE
from bot.ops.observer import Observer
from bot.store import Store

__all__ = ["serve"]

log = logging.getLogger(__name__)

#: How often the platform connections are looked at (so "down for 2 minutes" is measured even
#: when nobody asks /healthz meanwhile).
SAMPLE_SECONDS = 5.0
#: A health check or a scrape waits this long for the database at most.
DB_TIMEOUT = 5.0


def _app(observer: Observer, store: Store) -> web.Application:
    async def refresh() -> None:
        try:
            async with asyncio.timeout(DB_TIMEOUT):
                await observer.refresh(store)
        except TimeoutError:
            observer.database_timed_out(DB_TIMEOUT)

    async def healthz(request: web.Request) -> web.Response:
        await refresh()
        health = observer.health()
        return web.Response(
            status=200 if health.healthy else 503,
            text=json.dumps(health.report, indent=1, sort_keys=True) + "\n",
            content_type="application/json",
        )

    async def metrics(request: web.Request) -> web.Response:
        await refresh()
        observer.health()  # the platform and health gauges, as of now
        return web.Response(
            body=observer.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE}
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


@contextlib.asynccontextmanager
async def serve(observer: Observer, store: Store, host: str, port: int) -> AsyncIterator[int]:
    """Serve until the block ends; yields the bound port (port 0 picks a free one, which is
    logged, so tests and operators can find it). Raises OSError if the address is taken."""
    runner = web.AppRunner(_app(observer, store), handle_signals=False, access_log=None)
    await runner.setup()
    sampler: asyncio.Task[None] | None = None
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        bound = int(sockets[0].getsockname()[1]) if sockets else port
        shown = f"[{host}]" if ":" in host else host
        log.info("observability: /healthz and /metrics on http://%s:%d", shown, bound)
        sampler = asyncio.create_task(_sample(observer), name="observability sampler")
        yield bound
    finally:
        if sampler is not None:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler
        await runner.cleanup()


async def _sample(observer: Observer) -> None:
    while True:
        observer.sample_platforms()
        await asyncio.sleep(SAMPLE_SECONDS)
