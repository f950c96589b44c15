"""Sources that disappear and come back, read-only views, and OPML imports, through the real
`newsbot` command (issue 18: "Sources that disappear" and the OPML import checks)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.ops.conftest import LocalServer, Newsbot

HEAD = '[database]\npath = "bot.db"\n[posting]\nbackfill = 20\nmax_age_hours = 1000000\n'
NET = "[network]\nallow_private_networks = true\n"


def rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>https://w.example/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>Mon, 07 Dec 2026 0{i % 10}:00:00 GMT</pubDate>"
        f"<description>{title} was reported on Monday by officials.</description></item>"
        for i, (guid, title) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{body}</channel></rss>'
    ).encode()


def feed_config(url: str, *names: str) -> str:
    """One network source per name (all on `url`), and a channel following each."""
    sources = "".join(f'[[sources]]\nname = "{n}"\nurl = "{url}"\n' for n in names)
    follows = ", ".join(f'"{n}"' for n in names)
    channel = f'[[channels]]\nid = "news"\nsources = [{follows}]\n' if names else ""
    return HEAD + NET + sources + channel


def db_state(path: Path) -> tuple[str, int, list[tuple[object, ...]]]:
    """The file's hash and mtime, and the sources table (read through a read-only URI)."""
    data = path.read_bytes()
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT * FROM sources ORDER BY id").fetchall()
    return hashlib.sha256(data).hexdigest(), path.stat().st_mtime_ns, rows


def test_a_removed_source_put_back_keeps_its_history(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    url = local_server.url("/w.xml")
    config = tmp_path / "config.toml"
    items = [("w1", "Harbour bridge reopens"), ("w2", "Tram line extended")]
    local_server.routes["/w.xml"] = ("application/rss+xml", rss(*items))

    def run() -> str:
        done = newsbot("run", "--once", "--config", "config.toml")
        assert done.returncode == 0, done.stderr
        return done.stdout

    config.write_text(feed_config(url, "World"))
    first = run()
    assert "Harbour bridge reopens" in first and "Tram line extended" in first

    config.write_text(HEAD + NET)  # removed from config.toml
    assert "Harbour" not in run()

    config.write_text(feed_config(url, "World"))  # put back: restored, nothing re-posted
    assert run() == ""
    listed = newsbot("sources", "list", "--config", "config.toml").stdout
    assert "World  [ok]" in listed and "removed" not in listed

    items.append(("w3", "Ferry timetable changes"))
    local_server.routes["/w.xml"] = ("application/rss+xml", rss(*items))
    third = run()
    assert "Ferry timetable changes" in third
    assert "Harbour" not in third and "Tram" not in third

    # Renamed in config.toml (same URL): the same feed, its history kept.
    items.append(("w4", "Market hall opens"))
    local_server.routes["/w.xml"] = ("application/rss+xml", rss(*items))
    config.write_text(feed_config(url, "World news"))
    fourth = run()
    assert "Market hall opens" in fourth
    assert "Harbour" not in fourth and "Ferry" not in fourth
    with sqlite3.connect(tmp_path / "bot.db") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sources")]
    assert names == ["World news"]


def test_read_only_commands_with_another_config_change_nothing(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    url = local_server.url("/w.xml")
    local_server.routes["/w.xml"] = ("application/rss+xml", rss(("w1", "Harbour bridge reopens")))
    (tmp_path / "config.toml").write_text(feed_config(url, "World"))
    (tmp_path / "other.toml").write_text(feed_config(url + "?other", "Other"))

    # No database yet: one line, exit 1, and no file made.
    for args in (("sources", "list"), ("why", "x")):
        done = newsbot(*args, "--config", "other.toml")
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and "no database yet" in done.stderr, done.stderr
    assert newsbot("check-config", "other.toml").returncode == 0
    assert not (tmp_path / "bot.db").exists()

    assert newsbot("run", "--once", "--config", "config.toml").returncode == 0
    before = db_state(tmp_path / "bot.db")
    listed = newsbot("sources", "list", "--config", "other.toml")
    assert listed.returncode == 0, listed.stderr
    assert "Other  [new, not polled yet]" in listed.stdout
    assert "World  [removed from config.toml]" in listed.stdout
    shown = newsbot("config", "show", "--config", "other.toml")
    assert shown.returncode == 0, shown.stderr
    assert "source Other: feed" in shown.stdout and "source World" not in shown.stdout
    for args in (("top",), ("why", "https://w.example/w1"), ("sources", "export")):
        done = newsbot(*args, "--config", "other.toml")
        assert done.returncode == 0, (args, done.stderr)
    assert newsbot("check-config", "other.toml").returncode == 0
    assert db_state(tmp_path / "bot.db") == before
    wal = tmp_path / "bot.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0

    # The running config's source was never marked removed: a new entry is posted.
    local_server.routes["/w.xml"] = (
        "application/rss+xml",
        rss(("w1", "Harbour bridge reopens"), ("w2", "Tram line extended")),
    )
    done = newsbot("run", "--once", "--config", "config.toml")
    assert "Tram line extended" in done.stdout and "Harbour" not in done.stdout


def test_read_only_commands_on_an_older_schema_say_how_to_migrate(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(HEAD)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute("CREATE TABLE t (x)")
        db.execute("PRAGMA user_version = 1")
    before = (tmp_path / "bot.db").read_bytes()
    done = newsbot("sources", "list", "--config", "config.toml")
    assert done.returncode == 1
    assert "run `newsbot db migrate` or `newsbot run`" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "bot.db").read_bytes() == before


def test_opml_feeds_are_fetched_when_config_has_no_network_source(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.routes["/w.xml"] = ("application/rss+xml", rss(("w1", "Harbour bridge reopens")))
    (tmp_path / "local.xml").write_bytes(rss(("f1", "Local notice")))
    (tmp_path / "config.toml").write_text(
        HEAD
        + NET
        + '[[sources]]\nname = "Local"\nkind = "file"\npath = "local.xml"\n'
        + '[[topics]]\nname = "World"\n[[channels]]\nid = "news"\ntopics = ["World"]\n'
    )
    (tmp_path / "feeds.opml").write_text(
        '<opml version="2.0"><body><outline text="World">'
        f'<outline type="rss" text="Wire" xmlUrl="{local_server.url("/w.xml")}"/>'
        "</outline></body></opml>"
    )
    done = newsbot("sources", "import", "feeds.opml", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    assert "added 1 source(s)" in done.stdout
    done = newsbot("run", "--once", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    assert "Harbour bridge reopens" in done.stdout
    assert "disabled" not in done.stderr
    assert local_server.hits == ["/w.xml"]
    listed = newsbot("sources", "list", "--config", "config.toml").stdout
    assert "Wire  [ok]" in listed and "(OPML import)" in listed


def test_opml_import_refuses_internal_and_overlong_urls(newsbot: Newsbot, tmp_path: Path) -> None:
    refused = [
        "http://127.0.0.1:8080/feed",
        "http://127.1/feed",
        "http://[::1]/feed",
        "http://10.1.2.3/rss",
        "http://192.168.0.10/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://localhost/feed",
        "http://2130706433/feed",
    ]
    overlong = "https://news.example/" + "a" * 100_000
    outlines = "".join(
        f'<outline type="rss" text="F{i}" xmlUrl="{u}"/>'
        for i, u in enumerate([*refused, overlong, "https://public.example/feed"])
    )
    (tmp_path / "feeds.opml").write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    (tmp_path / "config.toml").write_text(HEAD)
    done = newsbot("sources", "import", "feeds.opml", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    assert "added 1 source(s)" in done.stdout
    assert f"{len(refused)} internal address" in done.stdout
    assert "1 bad URL" in done.stdout and "100,021 characters long" in done.stdout
    assert "a" * 3000 not in done.stdout  # the overlong URL is not echoed
    with sqlite3.connect(tmp_path / "bot.db") as db:
        urls = [r[0] for r in db.execute("SELECT url FROM sources")]
    assert urls == ["https://public.example/feed"]

    # With private networks allowed, internal addresses are accepted (overlong still not).
    (tmp_path / "config.toml").write_text(HEAD + NET)
    done = newsbot("sources", "import", "feeds.opml", "--config", "config.toml")
    assert f"added {len(refused)} source(s)" in done.stdout, done.stdout


def test_opml_import_is_capped_with_a_summary(newsbot: Newsbot, tmp_path: Path) -> None:
    outlines = "".join(
        f'<outline text="Cat {i}"><outline type="rss" text="Feed {i}" '
        f'xmlUrl="https://f{i}.example/rss"/></outline>'
        for i in range(10_000)
    )
    (tmp_path / "feeds.opml").write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    (tmp_path / "config.toml").write_text(HEAD)
    done = newsbot("sources", "import", "feeds.opml", "--config", "config.toml")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("added 500 source(s), 100 new topic(s): Cat 0, Cat 1,")
    assert "not imported: 9,500 more feed(s)" in out and "--max-feeds" in out
    assert "not created: 400 topic(s)" in out and "--max-topics" in out
    assert "400 feed(s) were added without them" in out
    assert len(out.splitlines()) < 30
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 500
        topics = db.execute("SELECT COUNT(*) FROM settings WHERE key LIKE 'topic:%'").fetchone()
    assert topics[0] == 100

    done = newsbot(
        "sources", "import", "feeds.opml", "--max-feeds", "20", "--config", "config.toml"
    )
    assert done.stdout.startswith("added 20 source(s)")
    assert "500 already watched" in done.stdout
