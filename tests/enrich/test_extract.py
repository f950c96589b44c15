from __future__ import annotations

from bot.enrich import extract_article

PAGE = """<!doctype html><html><head><title>Bridge to close | Valley Courier</title>
<meta property="og:title" content="Harlow Street bridge to close for repairs"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harlow Street bridge to close for repairs</h1>
<p>The state will close the Harlow Street bridge for six months starting in March,
transportation officials said on Tuesday, after inspectors found cracks in its girders.</p>
<p>The closure will reroute about twenty thousand cars a day onto two smaller bridges
downtown, and local businesses fear the detour will keep customers away.</p>
<p>“We have no choice,” said Ada Brooks, the state’s chief engineer, at a news conference
held at the foot of the bridge on a cold and windy morning.</p>
</article><footer>Copyright 2026 Valley Courier</footer></body></html>"""


def test_extracts_title_and_text() -> None:
    title, text = extract_article(PAGE, "https://example.org/bridge")
    assert "Harlow Street bridge" in title
    assert "six months starting in March" in text
    assert "We have no choice" in text
    assert "Home" not in text.split("\n")[0]


def test_title_falls_back_to_page_title() -> None:
    page = PAGE.replace("<h1>Harlow Street bridge to close for repairs</h1>", "")
    page = page.replace(
        '<meta property="og:title" content="Harlow Street bridge to close for repairs">', ""
    )
    title, text = extract_article(page)
    assert title
    assert text


def test_no_article_and_hostile_input() -> None:
    for page in (
        "",
        "   ",
        "<html></html>",
        "<html><body><nav>Home</nav></body></html>",
        "\x00\x01\x02<<<>>>",
        "<div>" * 5000,
        "not html at all",
    ):
        assert extract_article(page) == ("", "") or isinstance(extract_article(page)[1], str)
    assert extract_article("") == ("", "")
    assert extract_article("<html></html>") == ("", "")
