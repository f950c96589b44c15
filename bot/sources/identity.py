"""Which entry is which: stable ids for dedup and a content hash for updates.

Feeds are sloppy about identity. Some have no guid, some give every entry the same guid, some
re-date old entries or shuffle their order. The bot must not post the same article twice, so
the id is chosen from what is most stable (the publisher's guid, then the link as a canonical
URL, then a hash of title and date), and never from anything that changes with order or
re-dating. Whether an entry *changed* is a separate question answered by ``content_hash``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from bot.textsafe import clean_url

__all__ = [
    "TRACKING_PARAMS",
    "IdentityInput",
    "assign_entry_ids",
    "base_entry_id",
    "canonical_url",
    "content_hash",
]

#: Query parameters that only tell the publisher where a click came from.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wt.mc_id",
        "cmpid",
        "s_cid",
        "at_medium",
        "at_campaign",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """The form of an http(s) URL used as an identity, or None if it is not one.

    Resolved against ``base``; scheme and host lowercased; default port, user info, fragment
    (except ``#!`` routes) and tracking parameters removed; the remaining query sorted; an
    empty path becomes ``/``. The path's case and encoding are kept: servers may rely on them.
    """
    if not url:
        return None
    url = clean_url(url.strip())  # no control character in an id or a stored link
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.rstrip(".").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query = urlencode(sorted(pairs), quote_via=quote, safe="/:@!$'()*,;")
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, host, parts.path or "/", query, fragment))


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def content_hash(title: str, summary: str, content: str) -> str:
    """Changes exactly when what a reader sees of the entry changes (not its date)."""
    return _digest(title.strip(), summary.strip(), content.strip())


@dataclass(frozen=True, slots=True)
class IdentityInput:
    """What identity is decided from; the parser fills it per entry, in feed order."""

    guid: str | None
    link: str | None  # absolute
    title: str
    published: datetime | None


def base_entry_id(entry: IdentityInput) -> str:
    """guid, else canonical link, else ``sha:`` hash of title and date."""
    if entry.guid and entry.guid.strip():
        return entry.guid.strip()
    canonical = canonical_url(entry.link)
    if canonical:
        return canonical
    when = entry.published.isoformat() if entry.published else ""
    return "sha:" + _digest(entry.title.strip(), when)


def assign_entry_ids(entries: Sequence[IdentityInput]) -> list[str | None]:
    """Ids for one feed snapshot, in order; ``None`` marks an exact duplicate to drop.

    Every entry whose base id occurs more than once gets a compound key (base id + canonical
    link, or + title hash), so the result does not depend on the order of the feed. An entry
    identical in guid, link and title to an earlier one is the same entry listed twice.
    """
    bases = [base_entry_id(e) for e in entries]
    counts = Counter(bases)
    out: list[str | None] = []
    seen: set[str] = set()
    for entry, base in zip(entries, bases, strict=True):
        key = base
        if counts[base] > 1:
            canonical = canonical_url(entry.link)
            if canonical and canonical != base:
                key = f"{base}#{canonical}"
            else:
                key = f"{base}#{_digest(entry.title.strip())[:16]}"
        if key in seen:
            out.append(None)
            continue
        seen.add(key)
        out.append(key)
    return out
