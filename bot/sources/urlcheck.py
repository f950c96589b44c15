"""Is a feed URL acceptable before it is stored? The check shared by chat and OPML imports.

The guarded client refuses internal addresses at fetch time, on the resolved address, on every
redirect: that is the real guard. This check runs earlier, without the network, so that an
OPML file or a chat command cannot fill the store with sources that can never be fetched (or
that point at the bot's own host): only http(s), a bounded length, and no host that is plainly
internal: an IP literal that is not public (loopback, private, link-local, the cloud metadata
address 169.254.169.254, in any spelling the resolver would accept, ``127.1`` and
``2130706433`` included) or a name reserved for internal use (``localhost``, ``*.local``,
``*.internal``, ``metadata.google.internal``). Names are not resolved here: a CLI import must
not need DNS, and an answer now says nothing about the answer at fetch time.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from bot.sources.netguard import is_blocked_address

__all__ = ["MAX_URL_CHARS", "url_refusal"]

MAX_URL_CHARS = 2048
_INTERNAL_NAMES = frozenset(
    {"localhost", "metadata", "metadata.google.internal", "instance-data", "ip6-localhost"}
)
_INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+", re.IGNORECASE)


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host) and any(c.isdigit() for c in host):
        # Forms the C resolver reads as IPv4: 127.1, 0x7f.0.0.1, 2130706433, 0177.0.0.1.
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def url_refusal(url: str, *, allow_private: bool = False) -> str | None:
    """Why ``url`` may not become a source, or None when it may. ``allow_private`` is
    ``[network] allow_private_networks``: it lifts the address checks, not the others."""
    if len(url) > MAX_URL_CHARS:
        return f"the URL is {len(url):,} characters long (at most {MAX_URL_CHARS:,})"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http:// and https:// addresses can be sources"
    if not host:
        return "the URL has no host"
    if allow_private:
        return None
    ip = _literal_ip(host)
    if ip is not None:
        if is_blocked_address(ip):
            return (
                f"{host} is not a public address (loopback, private, link-local or cloud "
                "metadata); set [network] allow_private_networks = true to allow it"
            )
        return None
    if host in _INTERNAL_NAMES or host.endswith(_INTERNAL_SUFFIXES):
        return (
            f"{host} is an internal host name; set [network] allow_private_networks = true "
            "to allow it"
        )
    return None
