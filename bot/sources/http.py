"""The one HTTP client every outbound request of the bot goes through.

Why one class: the guarantees the bot makes to its operators (no request reaches a private
address, no response eats more than ``max_bytes`` of memory, no source hangs the poller) only
hold if nothing reaches the network another way. So redirects are followed here, hop by hop,
each hop re-checked; bodies are decompressed here, chunk by chunk, each chunk counted; and the
resolver that aiohttp connects with is the guarded one from :mod:`bot.sources.netguard`.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import aiohttp
import brotli
from aiohttp.abc import AbstractResolver
from multidict import CIMultiDictProxy
from yarl import URL

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
from bot.sources.netguard import AddressPolicy, BlockedResolution, GuardedResolver
from bot.textsafe import clean_line, clean_url

__all__ = [
    "DEFAULT_USER_AGENT",
    "FEED_ACCEPT",
    "HTML_ACCEPT",
    "MIB",
    "CacheHints",
    "ClientSettings",
    "FetchResult",
    "GuardedClient",
    "parse_cache_hints",
]

MIB = 1024 * 1024
DEFAULT_USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot/newsbot)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Operator-tunable limits; the defaults suit polling thousands of public feeds."""

    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * MIB
    max_redirects: int = 5
    per_host_limit: int = 2
    total_limit: int = 100
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_networks: bool = False
    # CIDR networks exempt from the guard (an operator's intranet feed host), e.g. "10.1.2.0/24".
    allow_networks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CacheHints:
    """What the server said about when to ask again, in seconds from the response.

    Relative seconds (not dates) so the scheduler can add them to its own clock: Expires is
    measured against the server's Date header when there is one, which cancels clock skew.
    """

    max_age: float | None = None  # Cache-Control max-age (None also for no-cache / no-store)
    expires_in: float | None = None  # Expires - Date
    retry_after: float | None = None  # Retry-After (429 / 503, sometimes on 3xx / 200)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One completed exchange. ``body`` is empty for 304, which is never handed to a parser."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    cache: CacheHints = field(default_factory=CacheHints)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _seconds_or_date(value: str | None, reference: datetime) -> float | None:
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - reference).total_seconds())


def parse_cache_hints(headers: CIMultiDictProxy[str], now: datetime) -> CacheHints:
    """Read Cache-Control max-age, Expires and Retry-After; malformed values count as absent."""
    reference = _http_date(headers.get("Date")) or now
    max_age: float | None = None
    directives = [d.strip().lower() for d in headers.get("Cache-Control", "").split(",")]
    if not any(d in ("no-cache", "no-store") for d in directives):
        for d in directives:
            name, _, arg = d.partition("=")
            if name.strip() == "max-age" and arg.strip().strip('"').isdigit():
                max_age = float(arg.strip().strip('"'))
    expires_in: float | None = None
    expires = _http_date(headers.get("Expires"))
    if expires is not None:
        expires_in = max(0.0, (expires - reference).total_seconds())
    retry_after = _seconds_or_date(headers.get("Retry-After"), reference)
    return CacheHints(max_age=max_age, expires_in=expires_in, retry_after=retry_after)


class _Decoder(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...


class _Identity:
    def feed(self, data: bytes, limit: int) -> bytes:
        return data


class _Zlib:
    """gzip (also multi-member) and deflate (zlib-wrapped or, as some servers send, raw)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._obj: zlib._Decompress | None = None

    def _new(self, first: bytes) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        wrapped = (
            len(first) >= 2 and first[0] & 0x0F == 8 and ((first[0] << 8) | first[1]) % 31 == 0
        )
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def feed(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        while data:
            if self._obj is None:
                self._obj = self._new(data)
            # Never ask for more than one byte past the cap: a bomb stops here, small.
            out += self._obj.decompress(data, limit - len(out) + 1)
            if len(out) > limit:
                return bytes(out)
            data = self._obj.unused_data if self._obj.eof else b""
            if self._obj.eof:
                self._obj = None
        return bytes(out)


class _Brotli:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        out: bytes = self._obj.process(data, output_buffer_limit=limit + 1)
        return out


def _decoders(content_encoding: str | None, url: str) -> list[_Decoder]:
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    out: list[_Decoder] = []
    for coding in reversed(codings):  # applied last is listed last: undo in reverse
        if coding in ("gzip", "x-gzip"):
            out.append(_Zlib(gzip=True))
        elif coding == "deflate":
            out.append(_Zlib(gzip=False))
        elif coding == "br":
            out.append(_Brotli())
        elif coding != "identity":
            raise FetchError(url, f"unsupported Content-Encoding {coding!r}")
    return out or [_Identity()]


def _check_url(url: str, policy: AddressPolicy | None) -> URL:
    parsed = _parse_url(url)
    host = parsed.host or ""
    if policy is not None and _is_ip_literal(host) and policy.refuses(host):
        raise BlockedAddress(url, f"address {host} is not public")
    return parsed


@functools.lru_cache(maxsize=8192)
def _parse_url(url: str) -> URL:
    """The URL, if it is an absolute http(s) URL with a host. Cached: a bot polls the same few
    thousand URLs over and over (a refused URL raises, and raising is not cached)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(url, "malformed URL", exc) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsupportedScheme(url, f"scheme {parts.scheme or '(none)'!r} is not http(s)")
    try:
        parsed = URL(url)
    except (ValueError, TypeError) as exc:
        raise FetchError(url, "malformed URL", exc) from exc
    if not parsed.host:
        raise FetchError(url, "URL has no host")
    return parsed


def _redirect_target(current: str, location: str) -> str:
    """The next hop, cleaned as a browser would (``clean_url``): it becomes ``final_url``, the
    base of the feed's relative links, and appears in errors and logs."""
    try:
        return urljoin(current, clean_url(location.strip()))
    except ValueError as exc:
        raise FetchError(current, f"unusable redirect Location {location[:200]!r}", exc) from exc


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified worth storing and sending back: visible ASCII (RFC 9110), else
    None. A mangled validator would only miss, so dropping one costs a full fetch, no more."""
    if value and value.isascii() and value.isprintable():
        return value
    return None


def _clean_or_none(value: str | None) -> str | None:
    return clean_line(value) if value is not None else None


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass(slots=True)
class _Queue:
    """The host whose per-host slot a request is waiting for, if it is waiting."""

    host: str | None = None


class GuardedClient:
    """Async HTTP GET with the bot's guarantees (see the module docstring).

    Use as ``async with GuardedClient(settings) as client: await client.fetch(url)``. One
    instance is shared by the whole process; it is safe for concurrent use. ``resolver`` is
    the *inner* resolver (the guard wraps it unless private networks are allowed); ``clock``
    turns HTTP dates into seconds.
    """

    def __init__(
        self,
        settings: ClientSettings | None = None,
        *,
        resolver: AbstractResolver | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.settings = settings or ClientSettings()
        self._inner_resolver = resolver
        self._clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._policy = (
            None
            if self.settings.allow_private_networks
            else AddressPolicy(self.settings.allow_networks)
        )

    async def __aenter__(self) -> GuardedClient:
        self._ensure_session()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            s = self.settings
            resolver: AbstractResolver | None
            if self._policy is None:
                resolver = self._inner_resolver
            else:
                resolver = GuardedResolver(self._inner_resolver, self._policy)
            connector = aiohttp.TCPConnector(
                resolver=resolver, limit=s.total_limit, limit_per_host=0, ttl_dns_cache=60
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,  # an environment proxy would bypass the address guard
                timeout=aiohttp.ClientTimeout(
                    total=None, connect=s.connect_timeout, sock_read=s.total_timeout
                ),
                headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            )
        return self._session

    def _slot(self, host: str) -> asyncio.Semaphore:
        slot = self._host_slots.get(host)
        if slot is None:
            slot = self._host_slots[host] = asyncio.Semaphore(self.settings.per_host_limit)
        return slot

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
        total_timeout: float | None = None,
    ) -> FetchResult:
        """GET ``url``, following redirects; 304 comes back as a result, >= 400 raises.

        ``etag`` / ``last_modified`` are the values stored from the previous answer; the
        result carries the new ones (or the old ones again on 304). ``total_timeout``
        replaces ``settings.total_timeout`` for this request.
        """
        limit = self.settings.max_bytes if max_bytes is None else max_bytes
        seconds = self.settings.total_timeout if total_timeout is None else total_timeout
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        queue = _Queue()
        try:
            # One clock for the whole request, started before it queues for a per-host slot and
            # running through every hop and every byte of the body: a caller that waits on this
            # call waits at most `seconds`, however busy the host and however slowly it drips.
            async with asyncio.timeout(seconds):
                return await self._follow(url, headers, limit, etag, last_modified, seconds, queue)
        except TimeoutError as exc:
            if queue.host is not None:  # it never reached the server: say why
                why = (
                    f"no free connection to {queue.host} within {seconds}s "
                    f"(at most {self.settings.per_host_limit} at a time per host)"
                )
            else:
                why = f"no complete answer within {seconds}s"
            raise Timeout(url, why, exc) from exc

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        limit: int,
        etag: str | None,
        last_modified: str | None,
        seconds: float,
        queue: _Queue,
    ) -> FetchResult:
        session = self._ensure_session()
        # A read timeout as long as the request's own (the session's is the default one).
        timeout = aiohttp.ClientTimeout(
            total=None, connect=self.settings.connect_timeout, sock_read=seconds
        )
        current = url
        seen = {url}
        for _hop in range(self.settings.max_redirects + 1):
            target = _check_url(current, self._policy)
            host = (target.host or "").lower()
            queue.host = host
            async with self._slot(host):
                queue.host = None
                try:
                    async with session.get(
                        target, headers=headers, allow_redirects=False, timeout=timeout
                    ) as resp:
                        status = resp.status
                        if status in _REDIRECTS and "Location" in resp.headers:
                            nxt = _redirect_target(current, resp.headers["Location"])
                            if nxt in seen:
                                raise TooManyRedirects(url, f"redirect loop back to {nxt}")
                            seen.add(nxt)
                            current = nxt
                            continue
                        hints = parse_cache_hints(resp.headers, self._clock())
                        if status >= 400 or (300 <= status < 400 and status != 304):
                            raise HTTPStatusError(current, status, hints.retry_after)
                        if status == 304:
                            body = b""
                        else:
                            body = await self._read(resp, current, limit)
                        return FetchResult(
                            url=url,
                            final_url=current,
                            status=status,
                            body=body,
                            content_type=_clean_or_none(resp.headers.get("Content-Type")),
                            etag=_validator(resp.headers.get("ETag")) or etag,
                            last_modified=(
                                _validator(resp.headers.get("Last-Modified")) or last_modified
                            ),
                            cache=hints,
                        )
                except aiohttp.ClientConnectorError as exc:
                    if isinstance(exc.os_error, BlockedResolution):
                        raise BlockedAddress(current, str(exc.os_error), exc) from exc
                    if isinstance(exc.__cause__, BlockedResolution):
                        raise BlockedAddress(current, str(exc.__cause__), exc) from exc
                    raise ConnectionFailed(current, "cannot connect", exc) from exc
                except TimeoutError:
                    raise
                except aiohttp.ClientError as exc:
                    raise ConnectionFailed(current, type(exc).__name__, exc) from exc
        raise TooManyRedirects(url, f"more than {self.settings.max_redirects} redirects")

    async def _read(self, resp: aiohttp.ClientResponse, url: str, limit: int) -> bytes:
        """Stream the body, decompressing and counting as it arrives."""
        declared = resp.content_length
        if declared is not None and declared > limit:
            raise TooLarge(url, f"Content-Length {declared} exceeds {limit} bytes")
        decoders = _decoders(resp.headers.get("Content-Encoding"), url)
        out = bytearray()
        wire = 0
        async for chunk in resp.content.iter_chunked(_CHUNK):
            wire += len(chunk)
            if wire > limit:
                raise TooLarge(url, f"body exceeds {limit} bytes on the wire")
            data = chunk
            try:
                for decoder in decoders:
                    data = decoder.feed(data, limit - len(out))
            except (zlib.error, brotli.error) as exc:
                raise ConnectionFailed(url, "corrupt compressed body", exc) from exc
            out += data
            if len(out) > limit:
                raise TooLarge(url, f"decompressed body exceeds {limit} bytes")
        return bytes(out)
