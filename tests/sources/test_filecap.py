"""The size cap on `file` sources: a single file and every file of a folder are read up to the
cap and no further, and a file over it is refused by name while its neighbours still count.

The big files are sparse (`truncate`): 120 MB on paper, no disk used. Memory is checked with
tracemalloc: reading past the cap would allocate the whole file."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from bot.sources.errors import TooLarge
from bot.sources.filesource import read_file_source
from bot.worktasks import parse_files
from tests.conftest import RSS_HEAD, rss_item

MB = 1024 * 1024
CAP = 1 * MB


def _sparse(path: Path, size: int = 120 * MB) -> Path:
    with path.open("wb") as fh:
        fh.write(b"<rss>")
        fh.truncate(size)
    return path


def test_a_folder_refuses_the_oversized_file_unread_and_keeps_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    _sparse(folder / "huge.xml")
    (folder / "small.xml").write_text(
        RSS_HEAD + rss_item(1, "Ferry returns", "<p>The ferry is back.</p>") + "</channel></rss>"
    )
    tracemalloc.start()
    try:
        parsed = parse_files(str(folder), CAP)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * CAP  # the 120 MB file was not read whole
    assert [e.title for e in parsed.entries] == ["Ferry returns"]
    assert parsed.problems[0] == (
        "huge.xml: skipped, file is larger than the 1048576-byte cap ([network] max_response_bytes)"
    )


def test_a_file_at_the_cap_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    body = (RSS_HEAD + rss_item(1, "Exactly", "<p>At the cap.</p>") + "</channel></rss>").encode()
    (folder / "exact.xml").write_bytes(body)
    parsed = parse_files(str(folder), len(body))
    assert [e.title for e in parsed.entries] == ["Exactly"] and not parsed.problems
    assert parse_files(str(folder), len(body) - 1).entries == ()


async def test_a_single_oversized_file_is_refused_by_name_without_reading_it(
    tmp_path: Path,
) -> None:
    huge = _sparse(tmp_path / "huge.xml")
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge) as caught:
            await read_file_source(str(huge), trusted=True, max_bytes=CAP)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * CAP
    assert str(caught.value) == (
        f"file is larger than the 1048576-byte cap ([network] max_response_bytes) ({huge})"
    )
