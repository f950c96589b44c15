"""Issue 19, pages, through the real `newsbot preview`: a page that is not an article is named
as such (with the reason and what the bot does with it), and preview still shows what it found.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.ops.conftest import LocalServer, Newsbot

PAGES = Path(__file__).resolve().parents[1] / "enrich" / "pages"
TAIL = "newsbot records such a page as seen and does not post it"


def test_preview_says_when_a_page_is_not_an_article(
    newsbot: Newsbot, tmp_path: Path, local_server: LocalServer
) -> None:
    listing = (PAGES / "listing.html").read_bytes()
    local_server.routes["/front"] = ("text/html; charset=utf-8", listing)
    (tmp_path / "config.toml").write_text("[network]\nallow_private_networks = true\n")

    # a URL: the note first, then the post preview would have made from the page
    text = newsbot("preview", local_server.url("/front"), "--config", "config.toml")
    assert text.returncode == 0, text.stderr
    first = text.stdout.splitlines()[0]
    assert first.startswith("not an article: the page is a listing (14 linked headlines")
    assert first.endswith(f"); {TAIL}")
    assert "Harbour news" in text.stdout  # what it found is still shown
    assert text.stderr == ""

    # --json: the same, as fields, beside everything preview found
    (tmp_path / "table.html").write_bytes((PAGES / "standings.html").read_bytes())
    as_json = newsbot("preview", "table.html", "--json")
    assert as_json.returncode == 0, as_json.stderr
    out = json.loads(as_json.stdout)
    assert out["is_article"] is False
    refused = out["not_an_article"]
    assert (refused["kind"], refused["rule"]) == ("table", "standings-table")
    assert refused["reason"].startswith("a table of 13 rows")
    assert refused["note"] == f"not an article: the page is a table ({refused['reason']}); {TAIL}"
    assert out["title"] and out["word_count"] > 50  # what it found is still there

    # an article page says nothing of the kind
    (tmp_path / "story.html").write_bytes((PAGES / "split_body.html").read_bytes())
    story = newsbot("preview", "story.html")
    story_json = newsbot("preview", "story.html", "--json")
    assert story.returncode == story_json.returncode == 0
    assert "not an article" not in story.stdout
    assert json.loads(story_json.stdout)["not_an_article"] is None
