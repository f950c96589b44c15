"""A local fake web server for the sources tests: real HTTP on 127.0.0.2, port 0.

127.0.0.2 (still loopback) rather than 127.0.0.1 so that the SSRF tests can exempt exactly the
fake server's address and still watch the guard refuse 127.0.0.1 itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.sources.http import ClientSettings, GuardedClient
from bot.sources.netguard import StaticResolver

HOST = "127.0.0.2"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FakeSite:
    """Routes are added by each test, then ``start()``; ``requests`` records what arrived."""

    def __init__(self) -> None:
        self.requests: list[web.Request] = []

        @web.middleware
        async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
            self.requests.append(request)  # every request, routed or 404
            return await handler(request)

        self.app = web.Application(middlewares=[record])
        self.server: TestServer | None = None

    def route(self, path: str, handler: Handler) -> None:
        self.app.router.add_get(path, handler)

    async def start(self) -> FakeSite:
        self.server = TestServer(self.app, host=HOST, port=0)
        await self.server.start_server()
        return self

    @property
    def port(self) -> int:
        assert self.server is not None and self.server.port is not None
        return self.server.port

    def url(self, path: str, host: str = HOST) -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    fake = FakeSite()
    yield fake
    if fake.server is not None:
        await fake.server.close()


def guarded_client(**overrides: object) -> GuardedClient:
    """A client with the guard ON that exempts only the fake server's address.

    The injected resolver maps ``feeds.test`` to the fake server and ``evil.test`` to
    127.0.0.1 (the DNS-rebinding case).
    """
    options: dict[str, object] = {
        "connect_timeout": 1.0,
        "total_timeout": 2.0,
        "allow_networks": (f"{HOST}/32",),
    }
    options.update(overrides)
    settings = ClientSettings(**options)  # type: ignore[arg-type]
    resolver = StaticResolver({"feeds.test": [HOST], "evil.test": ["127.0.0.1"]})
    return GuardedClient(settings, resolver=resolver)
