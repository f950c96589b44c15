"""Black box: a hostile feed and a hostile server cannot drive the terminal or forge log lines.

The feed puts ESC, BEL, C1 CSI, vertical tab, line separators and bidi overrides in titles,
links, ids and authors; a second source's server redirects to a Location full of them and
then fails. `newsbot run --once`, `sources list` and `why` must print none of them, and no
line of their output may look like a log record the bot did not write.
"""

from __future__ import annotations

import http.server
import json
import re
import sqlite3
from pathlib import Path

from tests.ops.conftest import LocalServer, Newsbot

FORGED = "2026-12-07 01:00:00,000 ERROR bot.app: forged"
# What must never be printed: C0 (but tab and newline), C1, bidi controls, line separators.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _feed(base: str) -> bytes:
    item = {
        "id": f"w1\x1b[1m\r\n{FORGED}",
        "url": f"{base}/story\u2028{FORGED}\x0b\x1b[2J\u202e",
        "title": f"Bus \x9b31mlanes\x1b]0;pwned\x07 open\u2066\n{FORGED}",
        "authors": [{"name": "Ana\x07 Soto\u202e"}],
        "content_text": f"Short teaser\x1b[2J\x85{FORGED}",
        "date_published": "2026-11-16T11:00:00Z",
    }
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wire\x1b]0;t\x07",
        "items": [item],
    }
    return json.dumps(doc).encode()


def _hostile_redirect(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.close_connection = True
    handler.wfile.write(
        b"HTTP/1.1 302 Found\r\nLocation: /gone\x1b]0;pwn\x07\x0b"
        + FORGED.encode()
        + b"\xc2\x9b\xe2\x80\xaex\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )


def _unsafe(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})


def _forged_lines(text: str) -> list[str]:
    """Lines (as any log reader splits them) that start like the forged record."""
    return [
        line
        for line in text.splitlines()
        if line.lstrip("\x1b[0123456789;JK").startswith(FORGED[:23])
    ]


def test_hostile_feed_and_server_text_reaches_no_terminal_and_forges_no_log_line(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.routes["/feed.json"] = ("application/feed+json", _feed(local_server.url("")))
    local_server.routes["/moved"] = _hostile_redirect
    (tmp_path / "config.toml").write_text(
        "[network]\nallow_private_networks = true\n[posting]\nmax_age_hours = 1000000\n"
        f'[[sources]]\nname = "Wire"\nurl = "{local_server.url("/feed.json")}"\n'
        f'[[sources]]\nname = "Moved"\nurl = "{local_server.url("/moved")}"\n'
        '[[channels]]\nid = "news"\nsources = ["Wire"]\n'
    )
    run = newsbot("run", "--once", "--config", "config.toml")
    listed = newsbot("sources", "list", "--config", "config.toml")
    why = newsbot("why", "1", "--config", "config.toml")

    for name, done in (("run", run), ("sources list", listed), ("why", why)):
        for stream in (done.stdout, done.stderr):
            assert _unsafe(stream) == [], (name, stream)
            assert _forged_lines(stream) == [], (name, stream)
        assert "Traceback" not in done.stderr, (name, done.stderr)
    # What was printed is the cleaned text, not nothing.
    assert "Bus 31mlanes]0;pwned open" in run.stdout  # the post itself went out, cleaned
    assert "source 'Moved' failed" in run.stderr and "no full text" in run.stderr
    assert "last error: HTTP 404" in listed.stdout and "%1B]0;pwn%07" in listed.stdout
    assert why.stdout.startswith("Article 1: Bus 31mlanes]0;pwned open"), why.stdout


def test_preview_prints_no_control_from_the_article(newsbot: Newsbot, tmp_path: Path) -> None:
    body = (
        "Ferry\x9b31m returns\u202e\n"
        "The harbour ferry\x1b[2J will run again from Monday after a two-year pause, the transit "
        f"agency said on Thursday.\u2028{FORGED}\x85 Fares will match the bus network\x07.\n"
    )
    (tmp_path / "story.txt").write_text(body, encoding="utf-8")
    for args in (("story.txt",), ("story.txt", "--json")):
        done = newsbot("preview", *args)
        assert done.returncode == 0, done.stderr
        assert "Ferry31m returns" in done.stdout
        assert _unsafe(done.stdout) == [] and _forged_lines(done.stdout) == [], done.stdout


def test_rows_stored_before_cleaning_are_printed_escaped(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    """A database written by an older version may hold raw controls: what the read-only
    commands print from it is escaped (`\\x1b`), not sent to the terminal."""
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
    assert newsbot("run", "--once", "--config", "config.toml").returncode == 0
    hostile = f"Evil\x1b]0;pwn\x07\u202e\n{FORGED}\x9b"
    db = sqlite3.connect(tmp_path / "newsbot.db")
    with db:
        db.execute("UPDATE articles SET title = ?, url = ?", (hostile, "https://x/\x1b[2J"))
        db.execute("UPDATE sources SET last_error = ?, error_count = 1", (hostile,))
        db.execute(
            "INSERT INTO sources (name, url, kind, origin, created_at) VALUES (?, ?, 'feed', "
            "'chat', 0)",
            ("Chat\x1b[31m", f"https://c.example/\x07\n{FORGED}"),
        )
        db.execute("UPDATE deliveries SET sent_at = strftime('%s', 'now')")
        db.execute(
            "INSERT INTO reactions (delivery_id, emoji, user_id, added_at) "
            "SELECT id, '👍', 'u1', 0 FROM deliveries"
        )
    db.close()
    for args in (("sources", "list"), ("why", "1"), ("top", "--since", "1d"), ("config", "show")):
        done = newsbot(*args, "--config", "config.toml")
        assert done.returncode == 0, (args, done.stderr)
        assert _unsafe(done.stdout + done.stderr) == [], (args, done.stdout)
        assert _forged_lines(done.stdout) == [], (args, done.stdout)
        assert "\\x1b" in done.stdout, (args, done.stdout)  # shown, not silently dropped
