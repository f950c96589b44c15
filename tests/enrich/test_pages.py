"""Issue 19, pages: whole bodies, tables, titles without the site's name, and pages that are
not articles. The fixture pages in tests/enrich/pages/ were written for these tests, one per
pattern seen on real pages (bench/pages_eval.py measures the same on the corpus)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from bot.enrich import clean_text, enrich_article, extract_article, split_sentences
from bot.enrich.extract import _continuations, extract_page

PAGES = Path(__file__).resolve().parent / "pages"
URL = "https://harbourgazette.example/news/story"


def _page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_a_body_split_by_an_ad_block_and_related_links_is_kept_whole() -> None:
    # trafilatura keeps the first `article__body` container only: 84 of 275 words
    title, text = extract_article(_page("split_body.html"), URL)
    paragraphs = text.split("\n")
    assert [p.split()[0] for p in paragraphs] == [
        "Ferry",
        "The",
        "Commuters",
        "Season",
        "Tom",
        "The",
        "Passenger",
        "The",
        "The",
    ]
    assert paragraphs[-1].startswith("The new fares take effect on the first Monday of April")
    for furniture in ("Advertisement", "Related stories", "Harbour board names new chair"):
        assert furniture not in text
    assert title == "Ferry fares to rise in spring"


def test_a_table_inside_an_article_is_kept_as_readable_rows() -> None:
    page = extract_page(_page("table_article.html"), URL)
    lines = page.text.split("\n")
    at = lines.index("Item | Amount | Share")
    assert lines[at + 1 : at + 5] == [
        "Resurfacing | 6.1 million | 55%",
        "Bridges | 2.4 million | 22%",
        "Drainage | 1.5 million | 14%",
        "Signs and lines | 1.0 million | 9%",
    ]
    assert lines[at - 1].startswith("Most of the money goes to resurfacing")
    assert lines[at + 5].startswith("Ada Brooks, who chairs the committee")
    assert "---" not in page.text
    assert page.kind.is_article


def test_a_layout_table_around_the_article_reads_as_paragraphs() -> None:
    paras = "".join(
        f"<p>Paragraph {n} of the story says what the harbour board decided on Tuesday, "
        "and why the ferry fares will rise in the spring for every passenger.</p>"
        for n in range(1, 5)
    )
    page = (
        "<html><head><title>Fares</title></head><body><table><tr><td><a href='/'>Home</a></td>"
        f"<td><h1>Fares rise</h1>{paras}</td></tr></table></body></html>"
    )
    lines = extract_article(page, URL)[1].split("\n")
    assert [line[:11] for line in lines] == [f"Paragraph {n}" for n in range(1, 5)]
    assert all(line.endswith("for every passenger.") for line in lines)


def _post(n: int) -> str:
    return (
        f"<div class='body article__body'><p>Post number {n} tells the story of the ferry "
        f"crossing on day {n}, with the weather, the passengers and the crew.</p></div>"
    )


COMMENTS = (
    "<div id='comments'><div class='body article__body'><p>A reader wrote a long comment "
    "about the ferries that should never be read as part of the story, whatever it says."
    "</p></div></div>"
)


def test_continuations_are_read_only_within_one_article_and_never_from_comments() -> None:
    # what the extractor read: the first container
    first = lxml.html.fromstring(_post(1)).text_content()
    ad = "<div class='ad'>Advertisement</div>"
    split = f"<html><body><main><article><h1>Fares</h1>{ad.join(_post(n) for n in (1, 2, 3))}"
    split += f"</article></main>{COMMENTS}</body></html>"
    before, after = _continuations(lxml.html.fromstring(split), first)
    assert before == []
    assert [p[:13] for p in after] == ["Post number 2", "Post number 3"]
    # a blog's front page: each post in its own <article>, under its own headline
    front = "".join(
        f"<article><h2><a href='/p{n}'>Post {n}</a></h2>{_post(n)}</article>" for n in (1, 2, 3)
    )
    front = f"<html><body><main>{front}</main>{COMMENTS}</body></html>"
    assert _continuations(lxml.html.fromstring(front), first) == ([], [])
    # the next post under its own <h1>
    pages = f"<html><body><h1>One</h1>{_post(1)}<h1>Two</h1>{_post(2)}</body></html>"
    assert _continuations(lxml.html.fromstring(pages), first) == ([], [])


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # og:title carries the suffix too; the host names the site
        (
            '<meta property="og:title" content="Tides of Portmere review - IGN">',
            "https://www.ign.com/articles/tides",
            "Tides of Portmere review",
        ),
        # og:site_name names it
        (
            '<meta property="og:title" content="Meal prep for the week | The Harbour Blog">'
            '<meta property="og:site_name" content="The Harbour Blog">',
            "https://blog.example/meal-prep",
            "Meal prep for the week",
        ),
        (
            "<title>Bridge to close for repairs – Valley Courier</title>"
            '<meta property="og:site_name" content="Valley Courier">',
            "https://news.example/bridge",
            "Bridge to close for repairs",
        ),
        # a host spelled with its TLD, and a host plus a word
        (
            "<title>NASA adds five landers to its programme - HarbourNews.com</title>",
            "https://harbournews.com/nasa",
            "NASA adds five landers to its programme",
        ),
        (
            "<title>About the October pack – Vortex Quay Entertainment</title>",
            "https://vortexquay.org/october",
            "About the October pack",
        ),
        # no URL given: the canonical link names the host
        (
            "<title>Storm closes the northern landing :: Quay Times</title>"
            '<link rel="canonical" href="https://quaytimes.example/storm">',
            None,
            "Storm closes the northern landing",
        ),
        # <title> is og:title plus the site's name, and the site's name is no host
        (
            '<meta property="og:title" content="Storm closes landing · Quay Times">'
            "<title>Storm closes landing · Quay Times | Salem Weekly</title>",
            "https://news.example/storm",
            "Storm closes landing · Quay Times",
        ),
    ],
)
def test_the_site_name_is_cut_from_titles(head: str, url: str | None, expected: str) -> None:
    assert _title(head, url) == expected


@pytest.mark.parametrize(
    ("head", "url"),
    [
        # a dash inside the headline: the tail names no site
        (
            '<title>Mayor says yes - then no</title><meta property="og:site_name" '
            'content="Harbour Gazette">',
            "https://harbourgazette.example/mayor",
        ),
        ("<title>Take C.A.R.E. - harbourfest at the pier in 2026</title>", None),
        (
            "<title>Take C.A.R.E. - harbourfest at the pier in 2026</title>",
            "https://blog.harbourfest.example/care",
        ),
        (
            '<meta property="og:title" content="Review: shoots for the moon - lands short">',
            "https://www.vg247.com/review",
        ),
    ],
)
def test_a_real_title_with_a_dash_is_kept_whole(head: str, url: str | None) -> None:
    title = head.split(">", 1)[1].split("<", 1)[0] if head.startswith("<title>") else ""
    title = title or head.split('content="', 1)[1].split('"', 1)[0]
    assert _title(head, url) == title


def _title(head: str, url: str | None) -> str:
    body = (
        "<p>The harbour board said on Tuesday that the ferry fares would rise by twelve percent "
        "in April, the first increase since the new terminal opened four years ago.</p>" * 3
    )
    return extract_article(f"<html><head>{head}</head><body>{body}</body></html>", url)[0]


@pytest.mark.parametrize(
    ("name", "kind", "explanation"),
    [
        (
            "listing.html",
            "listing",
            "the page is a listing, not an article (14 linked headlines, each with a teaser",
        ),
        (
            "standings.html",
            "table",
            "the page is a table, not an article (a table of 13 rows with no paragraph of prose",
        ),
        (
            "deals.html",
            "deals",
            "the page is a deals roundup, not an article (8 product lines with prices",
        ),
    ],
)
def test_pages_that_are_not_articles_say_what_they_are(
    name: str, kind: str, explanation: str
) -> None:
    page = extract_page(_page(name), URL)
    assert not page.kind.is_article
    assert page.kind.kind == kind
    assert page.kind.rule == {"listing": "headline-cards", "table": "standings-table"}.get(
        kind, "deal-roundup"
    )
    assert page.kind.explanation().startswith(explanation)


@pytest.mark.parametrize("name", ["split_body.html", "table_article.html", "tour_article.html"])
def test_articles_with_a_table_or_a_list_are_articles(name: str) -> None:
    page = extract_page(_page(name), URL)
    assert page.text
    assert page.kind.is_article, page.kind.reason
    assert page.kind.explanation() == ""


def test_a_meal_plan_of_labelled_lines_is_a_list_not_a_story() -> None:
    meals = "".join(
        f"<h3>Meal {n}</h3><p>Eat every two to three hours</p>"
        f"<p>Oats with berries and a spoon of seeds</p>"
        f"<p>Portion Containers: 1 Green, 1 Red, 1 Yellow.</p>"
        for n in range(1, 13)
    )
    page = (
        "<html><head><title>Meal plan for the harbour run</title></head><body><article>"
        "<h1>Meal plan for the harbour run</h1><p>This plan goes with the ten-week running "
        "programme, so you can use the same calorie target you worked out before.</p>"
        f"{meals}</article></body></html>"
    )
    found = extract_page(page, URL)
    assert found.kind.kind == "listing", found.kind
    assert "'portion containers'" in found.kind.reason


def test_empty_and_hostile_pages_are_empty_articles() -> None:
    for html in ("", "  ", "<html></html>", "\x00\x01<<<>>>", "<div>" * 5000):
        page = extract_page(html)
        assert page.kind.is_article
        assert isinstance(page.text, str)


def test_table_rows_stay_in_the_text_but_never_in_the_summary() -> None:
    rows = "".join(
        f"<tr><td>DL</td><td>Player {n}</td><td>{60 - n}</td><td>{85 - n}%</td>"
        f"<td>{n} tackles (1 combined). 1 sack, 1 TFL, 2 QH.</td></tr>"
        for n in range(1, 8)
    )
    page = (
        "<html><head><title>Snap counts and notes: Week 11</title></head><body><article>"
        "<h1>Snap counts and notes: Week 11</h1><p>Below, we look at the snap counts and the "
        "stats on defense for the Harbour side's week eleven game against Salem.</p>"
        f"<table><tr><th>Pos</th><th>Player</th><th>Plays</th><th>%</th><th>Stats</th></tr>{rows}"
        "</table><p>There is a lot to sort through here, but the line had eleven hits on the "
        "quarterback, eight of them from the starters.</p></article></body></html>"
    )
    title, text = extract_article(page, URL)
    cleaned = clean_text(text)
    assert "DL | Player 3 | 57 | 82% | 3 tackles (1 combined). 1 sack, 1 TFL, 2 QH." in cleaned
    summary = enrich_article(title, text).summary
    assert summary and not any(" | " in sentence for sentence in summary), summary
    # nor a piece of a row: the splitter keeps a row whole
    assert not any("1 sack" in sentence for sentence in summary), summary
    row = "DL | Player 3 | 57 | 82% | 3 tackles (1 combined). 1 sack, 1 TFL, 2 QH."
    assert split_sentences(f"A sentence.\n\n{row}") == ["A sentence.", row]
