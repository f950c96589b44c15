"""Issue 19, pages, through the real `newsbot run --once` and `newsbot why`:

a feed of teasers whose links lead to a story (its body split by an ad block and a related-links
block), a section front (a listing), a league table and a deals roundup. Only the story is
posted, whole; the others are recorded as seen, and `why` says why each was not posted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.ops.conftest import LocalServer, Newsbot

PAGES = Path(__file__).resolve().parents[1] / "enrich" / "pages"

ENTRIES = (
    ("story", "split_body.html", "Ferry fares to rise in spring"),
    ("front", "listing.html", "This week on the harbour"),
    ("table", "standings.html", "Coastal League after week twelve"),
    ("deals", "deals.html", "Gadget bargains for the weekend"),
)


def _feed(server: LocalServer) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{server.url(f'/{path}')}</link>"
        f"<guid>{path}</guid><pubDate>Mon, 07 Dec 2026 01:0{n}:00 GMT</pubDate>"
        f"<description>{title}.</description></item>"
        for n, (path, _, title) in enumerate(ENTRIES)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour desk</title>{items}'
        "</channel></rss>"
    ).encode()


def test_pages_that_are_not_articles_are_recorded_not_posted_and_why_says_so(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    local_server.routes["/feed.xml"] = ("application/rss+xml", _feed(local_server))
    for path, page, _ in ENTRIES:
        local_server.routes[f"/{path}"] = ("text/html; charset=utf-8", (PAGES / page).read_bytes())
    (tmp_path / "config.toml").write_text(
        "[network]\nallow_private_networks = true\n"
        "[posting]\nmax_age_hours = 1000000\nbackfill = 20\n"
        f'[[sources]]\nname = "Harbour desk"\nurl = "{local_server.url("/feed.xml")}"\n'
        '[[channels]]\nid = "news"\nsources = ["Harbour desk"]\n'
    )
    run = newsbot("run", "--once", "--config", "config.toml")
    assert run.returncode == 0, run.stderr
    # the story is posted, from the whole body (its last paragraphs sit after the ad and the
    # related links), and the three other pages are not
    assert "Ferry fares to rise in spring" in run.stdout
    for _, _, title in ENTRIES[1:]:
        assert title not in run.stdout
    assert "Harbour board names new chair" not in run.stdout  # a related link
    assert "1 new article(s), 1 post(s) delivered" in run.stderr
    assert "not posted: the page is a listing, not an article" in run.stderr  # the log

    # one `why` through the command; the other two refusals read from the database
    why = newsbot("why", local_server.url("/front"), "--config", "config.toml")
    assert why.returncode == 0, why.stderr
    lines = why.stdout.splitlines()
    reason = "not posted: the page is a listing, not an article (14 linked headlines"
    assert lines[2].startswith(f"  {reason}"), why.stdout
    # the channel that would have taken it says the same, not "never queued"
    assert any("news" in line and "but " + reason in line for line in lines[3:]), why.stdout
    assert "never queued" not in why.stdout
    with sqlite3.connect(tmp_path / "newsbot.db") as db:
        rows = dict(db.execute("SELECT entry_id, not_posted FROM articles WHERE posted = 0"))
        posted = [r[0] for r in db.execute("SELECT entry_id FROM articles WHERE posted = 1")]
    assert posted == ["story"]
    assert rows["table"].startswith("the page is a table, not an article (a table of 13 rows")
    assert rows["deals"].startswith("the page is a deals roundup, not an article (8 product")
    assert set(rows) == {"front", "table", "deals"}
