"""Reading a source from the local disk, which only the operator may ask for.

``file:`` is deliberately not part of :class:`bot.sources.http.GuardedClient`: a chat user who
could add ``file:///etc/passwd`` as a source would turn the bot into a file reader. The caller
states where the source came from; only sources written in config.toml pass ``trusted=True``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.sources.capped import read_capped, too_large
from bot.sources.errors import FetchError, TooLarge, UnsupportedScheme
from bot.sources.http import MIB, FetchResult

__all__ = ["is_file_source", "read_file_source"]


def is_file_source(url: str) -> bool:
    """True for ``file:`` URLs and bare filesystem paths (what config.toml may contain)."""
    scheme = urlsplit(url).scheme.lower()
    return scheme == "file" or scheme == "" or (len(scheme) == 1 and url[1:3] in (":\\", ":/"))


def _path_of(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        if parts.netloc not in ("", "localhost"):
            raise UnsupportedScheme(url, "file: URLs naming another host are not supported")
        return Path(unquote(parts.path))
    return Path(url)


def _read(path: Path, limit: int, url: str) -> bytes:
    data = read_capped(path, limit)
    if data is None:
        raise TooLarge(url, too_large(limit))
    return data


async def read_file_source(url: str, *, trusted: bool, max_bytes: int = 10 * MIB) -> FetchResult:
    """Read a local feed file in a thread (the loop never blocks on disk).

    Raises ``UnsupportedScheme`` unless ``trusted``; ``FetchError`` if the file cannot be read.
    Every read counts as a 200: files have no conditional GET worth the complexity.
    """
    if not trusted:
        raise UnsupportedScheme(url, "file sources are allowed only in config.toml")
    path = _path_of(url)
    try:
        body = await asyncio.to_thread(_read, path, max_bytes, url)
    except OSError as exc:
        raise FetchError(url, "cannot read file", exc) from exc
    return FetchResult(url=url, final_url=path.resolve().as_uri(), status=200, body=body)
