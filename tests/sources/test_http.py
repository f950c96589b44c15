"""The guarded client against a real local server: statuses, caching, redirects, guard, caps."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import zlib
from datetime import UTC, datetime

import brotli
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from bot.sources.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    HTTPStatusError,
    Timeout,
    TooLarge,
    TooManyRedirects,
    UnsupportedScheme,
)
from bot.sources.http import (
    DEFAULT_USER_AGENT,
    ClientSettings,
    GuardedClient,
    parse_cache_hints,
)
from bot.sources.netguard import is_blocked_address

from .conftest import FakeSite, Handler, guarded_client

RSS = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


def _static(body: bytes = RSS, status: int = 200, **headers: str) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, status=status, headers=headers)

    return handler


def _with(body: bytes, status: int, headers: dict[str, str]) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, status=status, headers=headers)

    return handler


async def test_200_with_validators_and_cache_hints(site: FakeSite) -> None:
    site.route(
        "/feed",
        _with(
            RSS,
            200,
            {
                "ETag": '"v1"',
                "Last-Modified": "Wed, 21 Oct 2026 07:28:00 GMT",
                "Cache-Control": "public, max-age=900",
                "Content-Type": "application/rss+xml; charset=utf-8",
            },
        ),
    )
    await site.start()
    async with guarded_client() as client:
        result = await client.fetch(site.url("/feed"))
    assert result.status == 200 and result.body == RSS
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 21 Oct 2026 07:28:00 GMT"
    assert result.cache.max_age == 900
    assert result.content_type == "application/rss+xml; charset=utf-8"
    request = site.requests[0]
    assert request.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "gzip" in request.headers["Accept-Encoding"]
    assert "br" in request.headers["Accept-Encoding"]


async def test_conditional_get_304_has_no_body(site: FakeSite) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"Cache-Control": "max-age=60"})
        return web.Response(body=RSS, headers={"ETag": '"v1"'})

    site.route("/feed", handler)
    await site.start()
    async with guarded_client() as client:
        first = await client.fetch(site.url("/feed"))
        second = await client.fetch(
            site.url("/feed"), etag=first.etag, last_modified="Wed, 21 Oct 2026 07:28:00 GMT"
        )
    assert second.not_modified and second.body == b""
    assert second.etag == '"v1"'  # kept from the request when the 304 does not repeat it
    assert second.last_modified == "Wed, 21 Oct 2026 07:28:00 GMT"
    assert site.requests[1].headers["If-Modified-Since"] == "Wed, 21 Oct 2026 07:28:00 GMT"


@pytest.mark.parametrize("status", [404, 410, 500])
async def test_error_statuses_raise(site: FakeSite, status: int) -> None:
    site.route("/x", _static(b"nope", status=status))
    await site.start()
    async with guarded_client() as client:
        with pytest.raises(HTTPStatusError) as info:
            await client.fetch(site.url("/x"))
    assert info.value.status == status and info.value.retry_after is None
    assert info.value.url == site.url("/x")


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_seconds_and_date(site: FakeSite, status: int) -> None:
    site.route("/s", _with(b"", status, {"Retry-After": "120"}))
    site.route(
        "/d",
        _static(
            b"",
            status=status,
            Date="Wed, 21 Oct 2026 07:00:00 GMT",
            **{"Retry-After": "Wed, 21 Oct 2026 07:30:00 GMT"},
        ),
    )
    await site.start()
    async with guarded_client() as client:
        with pytest.raises(HTTPStatusError) as seconds:
            await client.fetch(site.url("/s"))
        with pytest.raises(HTTPStatusError) as dated:
            await client.fetch(site.url("/d"))
    assert seconds.value.status == status and seconds.value.retry_after == 120
    assert dated.value.retry_after == 1800


async def test_redirects(site: FakeSite) -> None:
    ports: list[int] = []

    async def b(request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": f"http://feeds.test:{ports[0]}/c"})

    site.route("/a", _static(b"", status=301, Location="/b"))
    site.route("/b", b)
    site.route("/c", _static(b"", status=308, Location="/feed"))
    site.route("/feed", _static())
    site.route("/loop1", _static(b"", status=302, Location="/loop2"))
    site.route("/loop2", _static(b"", status=302, Location="/loop1"))
    for i in range(8):
        site.route(f"/hop{i}", _static(b"", status=307, Location=f"/hop{i + 1}"))
    await site.start()
    ports.append(site.port)
    async with guarded_client(max_redirects=5) as client:
        result = await client.fetch(site.url("/a"))
        assert result.body == RSS
        assert result.final_url == f"http://feeds.test:{site.port}/feed"
        assert result.url == site.url("/a")
        with pytest.raises(TooManyRedirects, match="loop"):
            await client.fetch(site.url("/loop1"))
        with pytest.raises(TooManyRedirects):
            await client.fetch(site.url("/hop0"))


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/feed",
        "http://[::ffff:127.0.0.1]:{port}/feed",
        "http://evil.test:{port}/feed",
        "file:///etc/passwd",
    ],
)
async def test_redirect_to_refused_target(site: FakeSite, location: str) -> None:
    ports: list[int] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": location.format(port=ports[0])})

    site.route("/go", handler)
    site.route("/feed", _static())
    await site.start()
    ports.append(site.port)
    async with guarded_client() as client:
        with pytest.raises((BlockedAddress, UnsupportedScheme)):
            await client.fetch(site.url("/go"))
    assert len(site.requests) == 1  # nothing after the redirect reached the server


async def test_hostname_resolving_to_loopback_is_refused(site: FakeSite) -> None:
    site.route("/feed", _static())
    await site.start()
    async with guarded_client() as client:
        with pytest.raises(BlockedAddress) as info:
            await client.fetch(f"http://evil.test:{site.port}/feed")
    assert "127.0.0.1" in str(info.value)
    assert site.requests == []


async def test_private_networks_flag_allows_loopback(site: FakeSite) -> None:
    site.route("/feed", _static())
    await site.start()
    settings = ClientSettings(allow_private_networks=True, total_timeout=2.0)
    async with GuardedClient(settings) as client:
        result = await client.fetch(site.url("/feed"))
    assert result.body == RSS


async def test_ip_literal_refused_without_connecting() -> None:
    async with GuardedClient() as client:
        for url in ("http://127.0.0.1/", "http://169.254.169.254/", "http://[fd00::1]/"):
            with pytest.raises(BlockedAddress):
                await client.fetch(url)
        with pytest.raises(UnsupportedScheme):
            await client.fetch("file:///etc/passwd")
        with pytest.raises(UnsupportedScheme):
            await client.fetch("gopher://example.com/")


async def test_slow_server_times_out(site: FakeSite) -> None:
    never = asyncio.Event()

    async def stall(request: web.Request) -> web.StreamResponse:
        await never.wait()
        raise AssertionError("unreachable")

    async def stall_body(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        await response.write(b"<rss>")
        await never.wait()
        return response

    site.route("/slow", stall)
    site.route("/slowbody", stall_body)
    await site.start()
    async with guarded_client(total_timeout=0.2) as client:
        with pytest.raises(Timeout):
            await client.fetch(site.url("/slow"))
        with pytest.raises(Timeout):
            await client.fetch(site.url("/slowbody"))


async def test_waiting_for_a_host_slot_counts_against_the_timeout(site: FakeSite) -> None:
    """One slot per host, held by a request that hangs: the next request to that host times
    out within its own timeout instead of starting its clock once the first one lets go."""
    arrived, never = asyncio.Event(), asyncio.Event()

    async def hang(request: web.Request) -> web.StreamResponse:
        arrived.set()
        await never.wait()
        raise AssertionError("unreachable")

    site.route("/hang", hang)
    site.route("/fast", _static())
    await site.start()
    async with guarded_client(total_timeout=0.3, per_host_limit=1) as client:
        holder = asyncio.create_task(client.fetch(site.url("/hang"), total_timeout=60))
        await arrived.wait()  # the slot is taken
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(Timeout):
            await client.fetch(site.url("/fast"))
        assert loop.time() - started < 5  # its own 0.3 s, not the holder's 60 s
        assert not holder.done()
        holder.cancel()
        with pytest.raises(asyncio.CancelledError):
            await holder
    assert [r.path for r in site.requests] == ["/hang"]  # /fast never got the slot


async def test_slow_drip_body_is_bounded_by_the_total_timeout(site: FakeSite) -> None:
    """A byte every 50 ms never trips a read timeout (each byte resets it); the total timeout
    still ends the request."""
    stop = asyncio.Event()

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        while not stop.is_set():
            await response.write(b"x")
            await asyncio.sleep(0.05)
        return response

    site.route("/drip", drip)
    await site.start()
    loop = asyncio.get_running_loop()
    async with guarded_client(total_timeout=0.4) as client:
        started = loop.time()
        try:
            with pytest.raises(Timeout):
                await client.fetch(site.url("/drip"), accept="text/html")
        finally:
            stop.set()
        assert loop.time() - started < 5


async def test_endless_body_is_capped(site: FakeSite) -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        chunk = b"x" * 65536
        for _ in range(10_000):  # 640 MiB if nobody stopped reading
            await response.write(chunk)
        return response

    site.route("/endless", endless)
    await site.start()
    async with guarded_client(max_bytes=1024 * 1024) as client:
        with pytest.raises(TooLarge):
            await client.fetch(site.url("/endless"))


def _bomb(coding: str) -> bytes:
    raw = b"\0" * (8 * 1024 * 1024)  # 8x the cap used below; a real bomb is just bigger
    if coding == "gzip":
        return gzip.compress(raw, compresslevel=9)
    if coding == "deflate":
        return zlib.compress(raw, 9)
    return brotli.compress(raw, quality=5)  # type: ignore[no-any-return]


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
async def test_compression_bombs_stop_at_the_cap(site: FakeSite, coding: str) -> None:
    bomb = _bomb(coding)
    assert len(bomb) < 1024 * 1024  # the wire size alone would pass the cap
    site.route("/bomb", _with(bomb, 200, {"Content-Encoding": coding}))
    await site.start()
    async with guarded_client(max_bytes=1024 * 1024) as client:
        with pytest.raises(TooLarge, match="decompressed"):
            await client.fetch(site.url("/bomb"))


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "raw-deflate"])
async def test_compressed_bodies_are_decoded(site: FakeSite, coding: str) -> None:
    if coding == "raw-deflate":
        obj = zlib.compressobj(wbits=-15)
        body, header = obj.compress(RSS) + obj.flush(), "deflate"
    elif coding == "gzip":
        body, header = gzip.compress(RSS), coding
    elif coding == "deflate":
        body, header = zlib.compress(RSS), coding
    else:
        body, header = brotli.compress(RSS), coding
    site.route("/feed", _with(body, 200, {"Content-Encoding": header}))
    await site.start()
    async with guarded_client() as client:
        assert (await client.fetch(site.url("/feed"))).body == RSS


async def test_corrupt_gzip_is_a_fetch_error(site: FakeSite) -> None:
    site.route("/bad", _with(b"not gzip at all", 200, {"Content-Encoding": "gzip"}))
    await site.start()
    async with guarded_client() as client:
        with pytest.raises(ConnectionFailed):
            await client.fetch(site.url("/bad"))


async def test_connection_refused_is_connection_failed(site: FakeSite) -> None:
    site.route("/feed", _static())
    await site.start()
    port = site.port
    assert site.server is not None
    await site.server.close()
    async with guarded_client() as client:
        with pytest.raises(ConnectionFailed) as info:
            await client.fetch(f"http://feeds.test:{port}/feed")
    assert info.value.cause is not None


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fd00::1",
        "fe80::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "2002:7f00:0001::1",
        "2002:a9fe:a9fe::1",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b::7f00:1",
        "not-an-address",
    ],
)
def test_blocked_addresses(address: str) -> None:
    assert is_blocked_address(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:1.1.1.1"]
)
def test_public_addresses_pass(address: str) -> None:
    assert not is_blocked_address(address)


@settings(max_examples=60, deadline=None)  # deadline: shared, loaded CI cores
@given(st.ip_addresses(v=4))
def test_embedded_ipv4_forms_are_judged_like_the_ipv4(ip: ipaddress.IPv4Address) -> None:
    verdict = is_blocked_address(ip)
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(ip))
    assert is_blocked_address(mapped) == verdict
    assert is_blocked_address(nat64) == verdict
    if verdict:
        sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(ip) << 80) | 1)
        assert is_blocked_address(sixtofour)


def test_cache_hints_parsing() -> None:
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    headers = CIMultiDictProxy(
        CIMultiDict(
            {
                "Cache-Control": "public, max-age=300",
                "Date": "Fri, 27 Nov 2026 11:00:00 GMT",  # server clock an hour behind
                "Expires": "Fri, 27 Nov 2026 11:10:00 GMT",
                "Retry-After": "garbage",
            }
        )
    )
    hints = parse_cache_hints(headers, now)
    assert (hints.max_age, hints.expires_in, hints.retry_after) == (300, 600, None)
    no_cache = CIMultiDictProxy(CIMultiDict({"Cache-Control": "no-cache, max-age=300"}))
    assert parse_cache_hints(no_cache, now).max_age is None
    expired = CIMultiDictProxy(CIMultiDict({"Expires": "0"}))
    assert parse_cache_hints(expired, now).expires_in is None


async def test_malformed_urls_are_fetch_errors(site: FakeSite) -> None:
    site.route("/bad-redirect", _with(b"", 302, {"Location": "http://[::1/x"}))
    await site.start()
    async with guarded_client() as client:
        for url in ("http://[::1", "http://", "not a url", site.url("/bad-redirect")):
            with pytest.raises(FetchError):
                await client.fetch(url)
