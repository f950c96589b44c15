"""parse_feed on hand-written documents: formats, encodings, hostile and broken input."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sources.feeds import parse_feed, strip_doctype

FEED_URL = "https://news.example/blog/feed.xml"

RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example &amp; News</title>
  <link>/blog/</link>
  <ttl>45</ttl>
  <item>
    <title>First &lt;b&gt;bold&lt;/b&gt; story</title>
    <link>/blog/first?utm_source=rss&amp;id=7</link>
    <guid isPermaLink="false">story-1</guid>
    <pubDate>Tue, 03 Nov 2026 10:00:00 +0200</pubDate>
    <author>jane@example.com (Jane Doe)</author>
    <description><![CDATA[<p>Intro <b>text</b>.</p><script>alert(1)</script>
      <p>Second   para</p>]]></description>
    <content:encoded><![CDATA[<div><h2>Head</h2><p>Full body text.</p>
      <style>p{}</style></div>]]></content:encoded>
    <media:thumbnail url="/img/first.jpg"/>
  </item>
  <item>
    <title>Second story</title>
    <link>https://news.example/blog/second</link>
    <pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate>
    <description>Plain &amp; simple</description>
  </item>
  <item>
    <title>Bad link</title>
    <link>javascript:alert(1)</link>
    <description>x</description>
  </item>
</channel>
</rss>
"""


def _rss(items: list[tuple[str, str, str]], title: str = "T") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://ex.com/</link>{body}</channel></rss>"
    ).encode()


def test_rss2_fields() -> None:
    feed = parse_feed(RSS2.encode(), FEED_URL)
    assert feed.parser == "fastfeedparser"
    assert feed.title == "Example & News"
    assert feed.link == "https://news.example/blog/"
    assert feed.ttl_minutes == 45
    first, second, third = feed.entries
    assert first.entry_id == "story-1"
    assert first.title == "First bold story"
    assert first.link == "https://news.example/blog/first?utm_source=rss&id=7"
    assert first.published == datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    assert first.summary == "Intro text.\nSecond para"
    assert "alert" not in first.summary
    assert first.content == "Head\nFull body text."
    assert first.image == "https://news.example/img/first.jpg"
    assert first.author and "Jane" in first.author
    assert first.content_hash
    assert second.entry_id == "https://news.example/blog/second"
    assert second.summary == "Plain & simple"
    assert third.link is None  # javascript: never becomes a link


def test_atom_rdf_and_rss091() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;i&gt;feed&lt;/i&gt;</title>
<link rel="alternate" href="https://atom.example/"/>
<entry><id>tag:atom.example,2026:1</id><title>Entry</title>
<link rel="alternate" href="/posts/1"/><updated>2026-11-01T12:00:00Z</updated>
<summary>Short</summary>
<content type="html">&lt;p&gt;Long &lt;em&gt;body&lt;/em&gt;&lt;/p&gt;</content>
<author><name>Ann</name></author></entry></feed>"""
    feed = parse_feed(atom, "https://atom.example/feed")
    assert feed.title == "A feed"
    (entry,) = feed.entries
    assert entry.entry_id == "tag:atom.example,2026:1"
    assert entry.link == "https://atom.example/posts/1"
    assert entry.published == datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert (entry.summary, entry.content, entry.author) == ("Short", "Long body", "Ann")

    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
<dc:date>2026-10-01T08:00:00+00:00</dc:date><description>d1</description></item>
<item rdf:about="https://rdf.example/2"><title>Two</title><link>https://rdf.example/2</link></item>
</rdf:RDF>"""
    feed = parse_feed(rdf, "https://rdf.example/rss")
    assert feed.title == "RDF"
    assert [e.link for e in feed.entries] == ["https://rdf.example/1", "https://rdf.example/2"]
    assert feed.entries[0].published == datetime(2026, 10, 1, 8, tzinfo=UTC)

    rss091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>https://old.example/</link><description>d</description><language>en</language>
<item><title>Old item</title><link>https://old.example/x</link><description>y</description></item>
</channel></rss>"""
    feed = parse_feed(rss091, "https://old.example/rss")
    assert [e.title for e in feed.entries] == ["Old item"]


def test_json_feed() -> None:
    doc = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J",
    "home_page_url": "https://j.example/", "authors": [{"name": "Feed Author"}],
    "items": [
      {"id": "1", "url": "/p/1", "title": "One", "content_html": "<p>Hi <b>there</b></p>",
       "summary": "s", "date_published": "2026-11-05T10:00:00+01:00", "image": "/i.png"},
      {"id": 2, "content_text": "no title <not html>", "date_modified": "2026-11-04T10:00:00Z"},
      "junk"
    ]}"""
    feed = parse_feed(doc, "https://j.example/feed.json", "application/feed+json")
    assert feed.parser == "jsonfeed" and feed.title == "J"
    one, two = feed.entries
    assert one.entry_id == "1" and one.link == "https://j.example/p/1"
    assert one.content == "Hi there" and one.summary == "s"
    assert one.published == datetime(2026, 11, 5, 9, tzinfo=UTC)
    assert one.image == "https://j.example/i.png" and one.author == "Feed Author"
    assert two.entry_id == "2" and two.content == "no title <not html>"
    assert any("item 2" in p for p in feed.problems)


@pytest.mark.parametrize(
    ("encoding", "where"),
    [
        ("windows-1251", "prolog"),
        ("windows-1251", "header"),
        ("iso-8859-1", "prolog"),
        ("iso-8859-1", "header"),
        ("koi8-r", "prolog"),
    ],
)
def test_non_utf8_feeds(encoding: str, where: str) -> None:
    title = "Привет, мир" if encoding != "iso-8859-1" else "Café déjà vu"
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>' if where == "prolog" else ""
    doc = (
        f"{prolog}<rss version='2.0'><channel><title>{title}</title>"
        f"<item><title>{title}</title><link>https://ex.com/1</link></item></channel></rss>"
    )
    content_type = f"application/rss+xml; charset={encoding}" if where == "header" else None
    feed = parse_feed(doc.encode(encoding), "https://ex.com/feed", content_type)
    assert feed.title == title
    assert feed.entries[0].title == title


def test_utf8_bytes_beat_a_wrong_declaration() -> None:
    doc = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
        "<title>Zoë — “quoted”</title></channel></rss>"
    ).encode()
    feed = parse_feed(doc, "https://ex.com/feed", "text/xml; charset=iso-8859-1")
    assert feed.title == "Zoë — “quoted”"
    assert any("UTF-8" in p for p in feed.problems)


def test_utf16_with_bom() -> None:
    doc = '<?xml version="1.0" encoding="utf-16"?><rss><channel><title>Ünï</title></channel></rss>'
    feed = parse_feed(doc.encode("utf-16"), "https://ex.com/feed")
    assert feed.title == "Ünï"


def test_billion_laughs_is_not_expanded() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>&lol9;</title><item><title>Laugh &lol9;</title>"
        "<link>https://ex.com/1</link></item></channel></rss>"
    ).encode()
    started = time.perf_counter()
    feed = parse_feed(doc, "https://ex.com/feed")
    assert time.perf_counter() - started < 2
    assert len(feed.title) < 100
    assert all(len(e.title) < 100 for e in feed.entries)
    assert any("DOCTYPE" in p for p in feed.problems)


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>t &xxe;</title><item><title>&xxe;</title>'
        "<description>&xxe;</description><link>https://ex.com/1</link></item></channel></rss>"
    ).encode()
    feed = parse_feed(doc, "https://ex.com/feed")
    assert "TOP-SECRET" not in repr(feed)


def test_doctype_scanner() -> None:
    text = '<!-- <!DOCTYPE in a comment --><!DOCTYPE rss [<!ENTITY a "x>y">]><rss/>'
    assert strip_doctype(text) == ("<!-- <!DOCTYPE in a comment --><rss/>", True)
    assert strip_doctype("<rss><![CDATA[<!DOCTYPE]]></rss>") == (
        "<rss><![CDATA[<!DOCTYPE]]></rss>",
        False,
    )
    assert strip_doctype('<!DOCTYPE rss PUBLIC "-//N//DTD RSS 0.91//EN" "x.dtd"><rss/>') == (
        "<rss/>",
        False,
    )


def test_truncated_feed_reads_what_it_can() -> None:
    full = _rss([(f"Item {i}", f"https://ex.com/{i}", "") for i in range(5)])
    cut = full[: full.index(b"Item 3") + 3]
    feed = parse_feed(cut, "https://ex.com/feed")
    assert [e.title for e in feed.entries][:3] == ["Item 0", "Item 1", "Item 2"]
    assert feed.problems  # the breakage is reported


def test_garbage_and_html_are_not_feeds() -> None:
    for body in (b"", b"   ", b"\x00\x01\x02 not xml at all", b"<html><body>Hi</body></html>"):
        feed = parse_feed(body, "https://ex.com/feed")
        assert feed.entries == ()
        assert feed.parser == ""
        assert feed.problems


def test_bad_dates_are_reported_not_fatal() -> None:
    feed = parse_feed(
        _rss([("A", "https://ex.com/a", "not a date"), ("B", "https://ex.com/b", "")]),
        "https://ex.com/feed",
    )
    assert [e.title for e in feed.entries] == ["A", "B"]
    assert feed.entries[0].published is None


def test_redating_and_reordering_keep_ids() -> None:
    items = [
        ("A", "https://ex.com/a?utm_source=feed", "Mon, 02 Nov 2026 09:00:00 GMT"),
        ("B", "https://ex.com/b", "Mon, 02 Nov 2026 08:00:00 GMT"),
        ("C", "https://ex.com/c", "Mon, 02 Nov 2026 07:00:00 GMT"),
    ]
    first = parse_feed(_rss(items), "https://ex.com/feed")
    redated = [(t, link, "Wed, 04 Nov 2026 12:00:00 GMT") for t, link, _ in items]
    shuffled = parse_feed(_rss(list(reversed(redated))), "https://ex.com/feed")
    ids = {e.title: e.entry_id for e in first.entries}
    assert ids == {e.title: e.entry_id for e in shuffled.entries}
    assert ids["A"] == "https://ex.com/a"
    hashes = {e.title: e.content_hash for e in first.entries}
    assert hashes == {e.title: e.content_hash for e in shuffled.entries}


def test_same_ids_whichever_parser_reads_the_feed() -> None:
    # Well-formed: fast path. The same entries in a document only feedparser accepts
    # (an upper-case CHANNEL, which fastfeedparser rejects) must get the same ids.
    ok = _rss([("A", "https://ex.com/a", ""), ("B", "https://ex.com/b", "")])
    odd = ok.replace(b"<channel>", b"<CHANNEL>").replace(b"</channel>", b"</CHANNEL>")
    fast, slow = parse_feed(ok, "https://ex.com/f"), parse_feed(odd, "https://ex.com/f")
    assert (fast.parser, slow.parser) == ("fastfeedparser", "feedparser")
    assert [e.entry_id for e in fast.entries] == [e.entry_id for e in slow.entries]


def test_changed_entry_keeps_id_changes_hash() -> None:
    before = parse_feed(_rss([("Title", "https://ex.com/a", "")]), "https://ex.com/f")
    after = parse_feed(_rss([("Title (updated)", "https://ex.com/a", "")]), "https://ex.com/f")
    assert before.entries[0].entry_id == after.entries[0].entry_id
    assert before.entries[0].content_hash != after.entries[0].content_hash


def test_repeated_guid_in_one_feed() -> None:
    doc = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><guid>dup</guid><title>One</title><link>https://ex.com/1</link></item>"
        b"<item><guid>dup</guid><title>Two</title><link>https://ex.com/2</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(doc, "https://ex.com/f")
    assert [e.entry_id for e in feed.entries] == ["dup#https://ex.com/1", "dup#https://ex.com/2"]


def test_500_entries_parse_quickly() -> None:
    items = [
        (f"Item {i}", f"https://ex.com/{i}", "Mon, 02 Nov 2026 09:00:00 GMT") for i in range(500)
    ]
    feed = parse_feed(_rss(items), "https://ex.com/f")
    assert len(feed.entries) == 500
    assert len({e.entry_id for e in feed.entries}) == 500


def test_html_entities_in_xml_do_not_cut_text() -> None:
    doc = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Re&colon; Double&nbsp;entry &amp; more</title>"
        b"<link>https://ex.com/1</link><description>Tom & Jerry&hellip;</description></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(doc, "https://ex.com/feed")
    (entry,) = feed.entries
    assert entry.title == "Re: Double entry & more"
    assert entry.summary == "Tom & Jerry…"
    assert any("entities" in p for p in feed.problems)


def test_xml_base_is_applied() -> None:
    doc = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ex.com/blog/"><title>t</title>
<entry xml:base="sub/"><id>1</id><title>a</title><link href="post1"/></entry>
<entry><id>2</id><title>b</title><link href="post2"/></entry></feed>"""
    feed = parse_feed(doc, "https://ex.com/feeds/atom.xml")
    assert [e.link for e in feed.entries] == [
        "https://ex.com/blog/sub/post1",
        "https://ex.com/blog/post2",
    ]


def test_fast_parser_never_tries_natural_language_dates() -> None:
    # dateparser costs ms per unreadable date: a feed of made-up dates would eat the CPU.
    import fastfeedparser.main

    assert fastfeedparser.main._slow_dateparser("sometime around 3 moons ago") is None
    items = [(f"A{i}", f"https://ex.com/{i}", f"around {i} moons ago") for i in range(300)]
    feed = parse_feed(_rss(items), "https://ex.com/f")
    assert len(feed.entries) == 300 and all(e.published is None for e in feed.entries)
