from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_config
from bot.store import open_store

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="Transit news">
  <outline type="rss" text="Rail Weekly" xmlUrl="https://rail.example/feed.xml"/>
  <outline type="rss" text="Bus Today" xmlUrl="https://bus.example/rss"/>
</outline>
<outline text="Science &amp; Climate">
  <outline type="rss" text="Glaciers" xmlUrl="https://ice.example/atom.xml"/>
</outline>
<outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
</body></opml>
"""


def test_import_adds_sources_and_topics_then_export_round_trips(
    bot_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(bot_dir / "config.toml")
    (bot_dir / "feeds.opml").write_text(OPML)
    assert main(["sources", "import", str(bot_dir / "feeds.opml"), "--config", config]) == 0
    out, err = capsys.readouterr()
    assert "added 3 source(s)" in out
    assert "Transit news" in out and "Science & Climate" in out
    assert "3/3" in err  # the progress bar reached the end
    assert "file:///etc/passwd" in out  # reported as skipped, not imported

    async def stored() -> tuple[dict[str, tuple[str, ...]], list[str]]:
        conf = load_config(config)
        store = await open_store(conf.resolve(conf.database.path), clock=time.time)
        try:
            sources = {s.name: s.topics for s in await store.list_sources() if s.origin == "opml"}
            audit = [e.action for e in await store.audit()]
            return sources, audit
        finally:
            await store.close()

    sources, audit = asyncio.run(stored())
    assert sources == {
        "Rail Weekly": ("Transit news",),
        "Bus Today": ("Transit news",),
        "Glaciers": ("Science & Climate",),
    }
    assert audit.count("source add (opml)") == 3

    # Importing again adds nothing.
    assert main(["sources", "import", str(bot_dir / "feeds.opml"), "--config", config]) == 0
    assert "added 0 source(s)" in capsys.readouterr().out

    assert main(["sources", "export", "--config", config]) == 0
    exported = capsys.readouterr().out
    for url in (
        "https://rail.example/feed.xml",
        "https://bus.example/rss",
        "https://ice.example/atom.xml",
    ):
        assert url in exported
    assert "passwd" not in exported


def test_import_of_a_broken_file_is_a_clear_error(
    bot_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bot_dir / "bad.opml").write_text("<opml><body><outline")
    code = main(
        ["sources", "import", str(bot_dir / "bad.opml"), "--config", str(bot_dir / "config.toml")]
    )
    out, _ = capsys.readouterr()
    assert code == 0  # what could be read was read (nothing), and the problem is named
    assert "added 0 source(s)" in out and "not well-formed XML" in out
    assert (
        main(
            [
                "sources",
                "import",
                str(bot_dir / "nope.opml"),
                "--config",
                str(bot_dir / "config.toml"),
            ]
        )
        == 1
    )
    assert "cannot read" in capsys.readouterr().err
