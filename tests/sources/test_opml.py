"""OPML import and export: folders, category attributes, hostile and broken files, round trip."""

from __future__ import annotations

import resource
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.config.models import TopicConfig
from bot.sources.opml import (
    MAX_PROBLEMS,
    OpmlError,
    OpmlFeed,
    export_opml,
    parse_opml,
    topic_name_for,
)

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My  subscriptions</title></head>
  <body>
    <outline text="Top level" type="rss" xmlUrl="https://top.example/feed.xml"
             htmlUrl="https://top.example/"/>
    <outline text="Tech" title="Technology">
      <outline text="Ars" title="Ars Technica" type="rss"
               xmlUrl="https://feeds.arstechnica.example/arstechnica/index"
               htmlUrl="https://arstechnica.example"/>
      <outline text="Python">
        <outline text="PSF blog" type="rss" xmlUrl="https://pyfound.example/feeds/posts/default"/>
      </outline>
    </outline>
    <outline text="News">
      <outline text="Ars again" type="rss" xmlUrl="https://FEEDS.arstechnica.example/arstechnica/index"/>
    </outline>
  </body>
</opml>
"""


def test_nested_folders_become_categories_outermost_first() -> None:
    doc = parse_opml(NESTED)
    assert doc.title == "My subscriptions"
    assert doc.feeds == (
        OpmlFeed("Top level", "https://top.example/feed.xml", "https://top.example/", ()),
        OpmlFeed(
            "Ars Technica",
            "https://feeds.arstechnica.example/arstechnica/index",
            "https://arstechnica.example",
            ("Technology", "News"),
        ),
        OpmlFeed(
            "PSF blog",
            "https://pyfound.example/feeds/posts/default",
            None,
            ("Technology", "Python"),
        ),
    )
    assert doc.problems == ()


def test_category_attribute_comma_and_slash_separated_merged_with_folders() -> None:
    data = b"""<opml version="2.0"><head/><body>
      <outline text="Science">
        <outline text="Nature" xmlUrl="https://nature.example/rss"
                 category="/Science/Biology, Health,,  /"/>
      </outline>
      <outline text="Weather" xmlURL="http://wx.example/feed" category="Boston/Weather"/>
    </body></opml>"""
    doc = parse_opml(data)
    assert [(f.title, f.categories) for f in doc.feeds] == [
        ("Nature", ("Science", "Biology", "Health")),
        ("Weather", ("Boston", "Weather")),
    ]


def test_skips_and_reports_entries_without_an_http_url() -> None:
    data = b"""<opml version="1.0"><body>
      <outline text="No URL" type="rss"/>
      <outline text="Local file" type="rss" xmlUrl="file:///etc/passwd"/>
      <outline text="Script" xmlUrl="javascript:alert(1)"/>
      <outline text="No host" xmlUrl="http:///path"/>
      <outline text="Relative" xmlUrl="/feed.xml"/>
      <outline text="A page" type="link" url="https://page.example/"/>
      <outline text="Sub list" type="include" url="https://lists.example/more.opml"/>
      <outline text="Empty folder"/>
      <outline text="Feed scheme" xmlUrl="feed://old.example/rss"/>
      <outline text="Feed scheme https" xmlUrl="feed:https://old2.example/rss"/>
      <outline text="Good" xmlUrl="  https://good.example/rss  "/>
    </body></opml>"""
    doc = parse_opml(data)
    assert [f.url for f in doc.feeds] == [
        "http://old.example/rss",
        "https://old2.example/rss",
        "https://good.example/rss",
    ]
    assert len(doc.problems) == 7
    for label in ("No URL", "Local file", "Script", "No host", "Relative", "A page", "Sub list"):
        assert any(label in p for p in doc.problems), label
    assert not any("Empty folder" in p for p in doc.problems)


def test_duplicate_urls_are_one_feed_with_the_first_title() -> None:
    data = b"""<opml version="2.0"><body>
      <outline text="A"><outline text="First" xmlUrl="https://d.example/rss"/></outline>
      <outline text="B"><outline text="Second" xmlUrl="HTTPS://D.example/rss"/></outline>
      <outline text="Loose" xmlUrl="https://d.example/rss" category="A,C"/>
    </body></opml>"""
    doc = parse_opml(data)
    assert doc.feeds == (OpmlFeed("First", "https://d.example/rss", None, ("A", "B", "C")),)


def test_namespaced_and_odd_case_attributes_are_read() -> None:
    data = b"""<?xml version="1.0"?>
    <opml xmlns="http://opml.example/ns" version="2.0"><head><title>t</title></head><body>
      <outline TEXT="Loud" XMLURL="https://loud.example/rss" HTMLURL="https://loud.example/"/>
    </body></opml>"""
    doc = parse_opml(data)
    assert doc.feeds == (OpmlFeed("Loud", "https://loud.example/rss", "https://loud.example/"),)


def _billion_laughs(payload: str) -> bytes:
    lines = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!-- a comment before the doctype -->\n'
        "<!DOCTYPE opml [\n" + "\n".join(lines) + '\n<!ENTITY tricky "a > b ] c">\n]>\n'
        "<opml version='2.0'><head><title>&lol9;</title></head><body>" + payload + "</body></opml>"
    ).encode()


def test_billion_laughs_does_not_expand() -> None:
    data = _billion_laughs(
        '<outline text="&lol9;" xmlUrl="https://laughs.example/&lol9;"/>'
        '<outline text="Plain" xmlUrl="https://plain.example/rss"/>'
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    doc = parse_opml(data)
    assert time.perf_counter() - started < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert all("lollol" not in f.title and "lollol" not in f.url for f in doc.feeds)
    assert doc.title is None or "lollol" not in doc.title
    assert OpmlFeed("Plain", "https://plain.example/rss") in doc.feeds
    assert any("document type declaration" in p for p in doc.problems)


def test_external_entities_are_never_read() -> None:
    data = b"""<?xml version="1.0"?>
    <!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://x.example/rss"/></body></opml>"""
    doc = parse_opml(data)
    assert all("root:" not in f.title for f in doc.feeds)
    assert [f.url for f in doc.feeds] == ["https://x.example/rss"]


def test_malformed_xml_is_read_as_far_as_possible() -> None:
    # Unescaped & in a URL is the commonest flaw of hand-written OPML.
    data = b"""<opml version="1.0"><body>
      <outline text="Amp" xmlUrl="https://amp.example/rss?a=1&b=2"/>
      <outline text="Fine" xmlUrl="https://fine.example/rss"/>
    </body>"""
    doc = parse_opml(data)
    assert "https://fine.example/rss" in [f.url for f in doc.feeds]
    assert any("well-formed" in p for p in doc.problems)


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"not xml at all", b"<rss version='2.0'><channel/></rss>", b"\x00\x01\x02"],
)
def test_not_opml_raises_a_named_error(data: bytes) -> None:
    with pytest.raises(OpmlError) as info:
        parse_opml(data, name="subs.opml")
    assert info.value.url == "subs.opml"


def test_opml_without_body_is_empty_with_a_problem() -> None:
    doc = parse_opml(b"<opml version='2.0'><head><title>x</title></head></opml>")
    assert doc.feeds == ()
    assert doc.problems


def test_problems_are_capped() -> None:
    outlines = "".join(f'<outline text="bad{i}" xmlUrl="ftp://x/{i}"/>' for i in range(500))
    doc = parse_opml(f"<opml><body>{outlines}</body></opml>".encode())
    assert len(doc.problems) == MAX_PROBLEMS
    assert doc.problems[-1] == f"... and {500 - MAX_PROBLEMS + 1} more"


def test_non_utf8_encodings_are_honoured() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<opml><body><outline text="Économie" xmlUrl="https://eco.example/rss"/></body></opml>'
    )
    doc = parse_opml(text.encode("latin-1"))
    assert doc.feeds[0].title == "Économie"
    bom = "\ufeff" + text.replace("ISO-8859-1", "UTF-8")
    assert parse_opml(bom.encode("utf-8")).feeds[0].title == "Économie"


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("Technology", "Technology"),
        ("News & Politics", "News & Politics"),
        ("Tech: AI / ML", "Tech AI / ML"),
        ("#python", "python"),
        ("  C++  ", "C++"),
        ("Économie", "Économie"),
        ("ｆｕｌｌ ｗｉｄｔｈ", "full width"),
        ("a" * 80, "a" * 64),
        ("Tech\n\tNews", "Tech News"),
        ("日本のニュース", "日本のニュース"),
    ],
)
def test_topic_name_for(category: str, expected: str) -> None:
    assert topic_name_for(category) == expected
    TopicConfig(name=expected)


@pytest.mark.parametrize("category", ["", "   ", "!!!", "---", "@@@ ###"])
def test_topic_name_for_refuses_categories_without_a_word(category: str) -> None:
    with pytest.raises(ValueError):
        topic_name_for(category)


@given(st.text(max_size=100))
def test_topic_name_for_is_always_a_valid_topic_name(category: str) -> None:
    try:
        name = topic_name_for(category)
    except ValueError:
        return
    try:
        TopicConfig(name=name)
    except ValidationError as e:  # pragma: no cover - the failure message is the point
        pytest.fail(f"{category!r} -> {name!r}: {e}")


SOURCES = [
    ("Ars Technica", "https://feeds.arstechnica.example/arstechnica/index", ("Technology",)),
    ("Both", "https://both.example/rss?x=1&y=2", ("Technology", "Science/Health")),
    ("Loose", "http://loose.example/feed", ()),
    ("Quotes \"&' <tag>", "https://q.example/rss", ("News & Politics",)),
]


def test_export_round_trips_through_parse() -> None:
    data = export_opml(SOURCES)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b'version="2.0"' in data
    doc = parse_opml(data)
    assert doc.title == "newsbot sources"
    assert doc.problems == ()
    got = {(f.title, f.url, frozenset(f.categories)) for f in doc.feeds}
    assert got == {(n, u, frozenset(t)) for n, u, t in SOURCES}
    assert len(doc.feeds) == len(SOURCES)


def test_export_groups_by_topic_folder_and_title_is_set() -> None:
    doc = parse_opml(export_opml(SOURCES, title="Mine"))
    assert doc.title == "Mine"
    technology = [f.title for f in doc.feeds if "Technology" in f.categories]
    assert technology == ["Ars Technica", "Both"]


def test_export_drops_characters_xml_cannot_carry() -> None:
    doc = parse_opml(export_opml([("Bell\x07name", "https://b.example/rss", ("T\x00x",))]))
    assert doc.feeds == (OpmlFeed("Bellname", "https://b.example/rss", None, ("Tx",)),)


def test_export_of_nothing_is_a_valid_empty_document() -> None:
    doc = parse_opml(export_opml([]))
    assert doc.feeds == ()
    assert doc.problems == ()


@given(
    st.lists(
        st.tuples(
            st.text(
                alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1,
                max_size=30,
            ).filter(lambda s: s.strip(" ") == s and s.strip(" ") and "  " not in s),
            st.integers(0, 10_000),
            st.lists(st.sampled_from(["A", "B b", "C/D", "E & F"]), max_size=3, unique=True),
        ),
        max_size=8,
        unique_by=lambda t: t[1],
    )
)
def test_round_trip_property(items: list[tuple[str, int, list[str]]]) -> None:
    sources = [(name, f"https://h{n}.example/feed", tuple(t)) for name, n, t in items]
    doc = parse_opml(export_opml(sources))
    assert len(doc.feeds) == len(sources)
    assert {(f.title, f.url, frozenset(f.categories)) for f in doc.feeds} == {
        (n, u, frozenset(t)) for n, u, t in sources
    }
