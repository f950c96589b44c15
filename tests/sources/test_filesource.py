"""file: sources only when the caller vouches that they came from config.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sources.errors import FetchError, TooLarge, UnsupportedScheme
from bot.sources.filesource import is_file_source, read_file_source


async def test_trusted_file_is_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss/>")
    for ref in (str(feed), feed.as_uri()):
        result = await read_file_source(ref, trusted=True)
        assert result.body == b"<rss/>" and result.status == 200


async def test_untrusted_file_is_refused(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss/>")
    with pytest.raises(UnsupportedScheme):
        await read_file_source(feed.as_uri(), trusted=False)


async def test_missing_and_oversized(tmp_path: Path) -> None:
    with pytest.raises(FetchError):
        await read_file_source(str(tmp_path / "missing.xml"), trusted=True)
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(TooLarge):
        await read_file_source(str(big), trusted=True, max_bytes=1024)


def test_is_file_source() -> None:
    assert is_file_source("file:///etc/feed.xml")
    assert is_file_source("/srv/feeds/a.xml")
    assert not is_file_source("https://ex.com/feed")
