"""Which network addresses the bot may talk to, decided on the resolved address.

The guard sits in the resolver (and in a check of IP-literal URLs, which aiohttp never sends to
a resolver), so the address that is filtered is the address that is connected to: a redirect to
``http://169.254.169.254/`` and a hostname that resolves to 127.0.0.1 (DNS rebinding) are both
stopped at the same place, on every hop.
"""

from __future__ import annotations

import ipaddress
import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

__all__ = [
    "AddressPolicy",
    "BlockedResolution",
    "GuardedResolver",
    "StaticResolver",
    "is_blocked_address",
]

_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _blocked_v4(ip: ipaddress.IPv4Address) -> bool:
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or ip in _CGNAT
        or not ip.is_global
    )


def is_blocked_address(address: str | IPAddress) -> bool:
    """True when ``address`` is not a public unicast address.

    IPv6 forms that carry an IPv4 address (mapped ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``,
    6to4 ``2002:AABB:CCDD::``, NAT64 ``64:ff9b::a.b.c.d``) are judged by the IPv4 address they
    carry, because that is where the packets may end up. Anything unparsable is blocked.
    """
    try:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv4Address):
        return _blocked_v4(ip)
    if ip.ipv4_mapped is not None:
        return _blocked_v4(ip.ipv4_mapped)
    if ip in _IPV4_COMPATIBLE:
        # Deprecated form (and :: / ::1): never a legitimate destination.
        return True
    if ip.sixtofour is not None and _blocked_v4(ip.sixtofour):
        return True
    if ip.teredo is not None:
        return True
    for net in _NAT64:
        if ip in net:
            return _blocked_v4(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_site_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or not ip.is_global
    )


class BlockedResolution(OSError):
    """Every address a hostname resolved to was refused.

    An ``OSError`` so that aiohttp treats it as a resolution failure and wraps it (as the
    ``__cause__`` of ``ClientConnectorDNSError``), where the client recognises it.
    """

    def __init__(self, host: str, addresses: list[str]) -> None:
        self.host = host
        self.addresses = addresses
        super().__init__(f"{host} resolves only to refused addresses: {', '.join(addresses)}")


class AddressPolicy:
    """``is_blocked_address`` plus the operator's exceptions (CIDR networks they trust)."""

    def __init__(self, allow_networks: tuple[str, ...] = ()) -> None:
        self._allowed = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)

    def refuses(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return True
        if any(ip.version == net.version and ip in net for net in self._allowed):
            return False
        return is_blocked_address(ip)


class GuardedResolver(AbstractResolver):
    """Wraps a resolver and drops refused addresses from its answers.

    ``inner`` is injectable so tests can make ``evil.test`` resolve to 127.0.0.1.
    """

    def __init__(
        self, inner: AbstractResolver | None = None, policy: AddressPolicy | None = None
    ) -> None:
        self._inner = inner if inner is not None else DefaultResolver()
        self._policy = policy or AddressPolicy()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        allowed = [a for a in answers if not self._policy.refuses(a["host"])]
        if not allowed:
            raise BlockedResolution(host, [a["host"] for a in answers])
        return allowed

    async def close(self) -> None:
        await self._inner.close()


class StaticResolver(AbstractResolver):
    """Answers from a fixed table: a test double, and a way to pin hosts in an operator setup."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self._table = table

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = self._table.get(host.rstrip(".").lower())
        if not addresses:
            raise OSError(f"no address for {host}")
        out: list[ResolveResult] = []
        for addr in addresses:
            fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
            out.append(
                ResolveResult(hostname=host, host=addr, port=port, family=fam, proto=0, flags=0)
            )
        return out

    async def close(self) -> None:
        return None
