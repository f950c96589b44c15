"""The black-box harness itself: the child runs this tree's code and reaches the local server."""

from __future__ import annotations

from pathlib import Path

from tests.ops.conftest import LocalServer, Newsbot


def test_check_config_runs_in_a_child_process(newsbot: Newsbot, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[[sources]]\nname = "A"\nurl = "https://a.example/f"\n')
    done = newsbot("check-config", "config.toml")
    assert done.returncode == 0, done.stderr
    assert "A (feed: https://a.example/f)" in done.stdout


def test_run_once_fetches_from_the_local_server(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Harbour bridge reopens</title><link>https://t.example/1</link>"
        b"<guid>t1</guid><pubDate>Mon, 07 Dec 2026 01:00:00 GMT</pubDate>"
        b"<description>The bridge reopened on Monday.</description></item></channel></rss>"
    )
    local_server.routes["/feed.xml"] = ("application/rss+xml", feed)
    (tmp_path / "config.toml").write_text(
        "[network]\nallow_private_networks = true\n[posting]\nmax_age_hours = 1000000\n"
        f'[[sources]]\nname = "T"\nurl = "{local_server.url("/feed.xml")}"\n'
        '[[channels]]\nid = "news"\nsources = ["T"]\n'
    )
    done = newsbot("run", "--once", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    assert "Harbour bridge reopens" in done.stdout
    assert local_server.hits == ["/feed.xml"]
