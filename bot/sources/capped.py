"""Reading a local file under a size cap, for the `file` sources of config.toml.

Why a module of its own: the pool's workers read a folder source's files, and they must not
import the HTTP client (aiohttp) to do it, while :mod:`bot.sources.filesource` does import it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_capped", "too_large"]


def read_capped(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None if it holds more than ``limit``.

    At most ``limit + 1`` bytes are read, so a 120 MB file costs no more memory than the cap.
    Raises ``OSError`` if the file cannot be read.
    """
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    return data if len(data) <= limit else None


def too_large(limit: int) -> str:
    """The reason a file is refused, naming the cap and the setting that raises it."""
    return f"file is larger than the {limit}-byte cap ([network] max_response_bytes)"
