"""A page's headline without the site's name ("… - IGN", "… | The Beachbody Blog").

Pages append their site's name to the title, in <title> and often in og:title too; a post
that repeats "- IGN" under the source's name is noise. The tail after the last separator is
cut only when it *is* the site's name, as the page itself gives it (og:site_name,
application-name, the name <title> adds to og:title) or as its host spells it (ign.com,
spacenews.com, sportsnet.ca). A title whose dash is part of the headline ("Take C.A.R.E. -
comwrap auf der DMEXCO 2018", "Mayor says yes - then no") is left whole: its tail names
nobody's site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["SEPARATORS", "site_suffix", "strip_site_suffix"]

#: Separators between a headline and a site name, widest first (tried at their last use).
SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " ~ ")

# Words that pad a site's name without naming it ("The GiveWell Blog", "Sportsnet.ca").
_FILLER = frozenset(
    {"the", "blog", "news", "magazine", "online", "official", "site", "website", "www"}
)
_TLDS = frozenset(
    {"com", "org", "net", "co", "uk", "ca", "in", "br", "de", "fr", "io", "info", "au", "jp"}
)
_WORD_RE = re.compile(r"\w+")
_MAX_SUFFIX_WORDS = 6


def _keys(text: str) -> set[str]:
    """A name reduced to its letters and digits: whole, and with padding words dropped
    ("News Nation" is "newsnation"; "The GiveWell Blog" is "givewell")."""
    words = _WORD_RE.findall(text.lower())
    while len(words) > 1 and words[-1] in _TLDS:  # "SpaceNews.com", "Sportsnet.ca"
        words.pop()
    kept = [w for w in words if w not in _FILLER]
    return {k for k in ("".join(words), "".join(kept)) if k}


def _host_keys(host: str) -> set[str]:
    """'www.beachbodyondemand.com' -> {'beachbodyondemand'}; 'blog.givewell.org' ->
    {'givewell', 'blog'} minus padding."""
    labels = [p for p in host.lower().split(".") if p and p not in _TLDS and p not in _FILLER]
    keys = {re.sub(r"[^\w]", "", label) for label in labels}
    return {k for k in keys if len(k) >= 2}


def _is_site(tail: str, names: set[str], hosts: set[str]) -> bool:
    keys = _keys(tail)
    if not keys or len(tail.split()) > _MAX_SUFFIX_WORDS:
        return False
    if keys & names:
        return True
    # the whole tail spells the host ("IGN" / ign.com, "9to5Mac" / 9to5mac.com), or the host
    # is the tail's name plus a word ("The Beachbody Blog" / beachbodyondemand.com)
    if any(
        key == host or (len(key) >= 4 and host.startswith(key)) for key in keys for host in hosts
    ):
        return True
    # or the tail is the host plus one word ("Vortex Cannon Entertainment" / vortexcannon.org;
    # not "comwrap auf der DMEXCO 2018" / comwrap.com, a headline that names the firm)
    words = _WORD_RE.findall(tail.lower())
    return any("".join(words[:i]) in hosts for i in range(max(1, len(words) - 1), len(words)))


def site_suffix(
    title: str, *, site_names: Iterable[str] = (), host: str | None = None
) -> tuple[str, str] | None:
    """(headline, separator + site name) when `title` ends with the site's name, else None."""
    names = {key for name in site_names for key in _keys(name)}
    hosts = _host_keys(host) if host else set()
    if not names and not hosts:
        return None
    best: tuple[str, str] | None = None
    for sep in SEPARATORS:
        head, found, tail = title.rpartition(sep)
        head = head.strip()
        if not found or not head or len(head) < 8:
            continue
        if _is_site(tail, names, hosts) and (best is None or len(head) > len(best[0])):
            best = (head, sep + tail)
    return best


def strip_site_suffix(
    title: str, *, site_names: Iterable[str] = (), host: str | None = None
) -> str:
    """`title` without a trailing site name (see `site_suffix`), once."""
    found = site_suffix(title, site_names=site_names, host=host)
    return found[0] if found is not None else title
