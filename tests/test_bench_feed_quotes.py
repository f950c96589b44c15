"""bench/feed_quotes.py: the held-out scorer counts what it says it counts.

A feed written here (no ../shared): one long item with four quotations, annotated by hand in
the test, scored against the bot's own `find_quotes`.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bench import feed_quotes

_FILLER = (
    "The harbour board met in the old customs house to weigh the budget for the coming year. "
) * 30  # 480 words: past the sampler's 300


# The harbour article's quotes as an annotator wrote them, with one deliberately wrong
# speaker (Berg's words given to Cole): the bot's right answer must count as wrong
_HARBOUR_NOTES = [
    {"opening": "We will rebuild the pier", "kind": "speech", "speaker": "Lia Park"},
    {"opening": "The ferry cannot run", "kind": "speech", "speaker": "Ana Cole"},
    {"opening": "Harbour Forward Plan", "kind": "not_speech", "speaker": None},
    {"opening": "Nobody asked the islanders", "kind": "speech", "speaker": "Ana Cole"},
]


def _feed(tmp_path: Path) -> Path:
    body = (
        f"<p>{_FILLER}</p>"
        "<p>“We will rebuild the pier before the summer season starts,” Lia Park said on "
        "Monday.</p>"
        "<p>Tom Berg, the harbour master, told the board: “The ferry cannot run another "
        "winter without a new hull.”</p>"
        "<p>The plan, which the board calls “Harbour Forward Plan For All,” goes to a vote in "
        "March.</p>"
        "<p>“Nobody asked the islanders what they want from the ferry,” said Ana Cole, who "
        "lives on the outer island.</p>"
    )
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "harbour.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Harbour News</title><link>https://harbour.example/</link>"
        "<item><title>Pier to be rebuilt</title><link>https://harbour.example/pier</link>"
        "<guid>pier-1</guid><description><![CDATA[" + body + "]]></description></item>"
        "<item><title>Short item</title><link>https://harbour.example/short</link>"
        "<guid>short-1</guid><description>Too short to sample.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    return feeds


def test_sample_writes_the_long_quoted_item_only(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    out = tmp_path / "out"
    assert feed_quotes.main(["sample", str(feeds), str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["harbour.xml-0.txt"]
    text = (out / "harbour.xml-0.txt").read_text(encoding="utf-8")
    assert text.startswith("Pier to be rebuilt\n\n")
    assert "Nobody asked the islanders" in text


def test_few_samples_the_items_with_one_to_three_quotations_only(tmp_path: Path) -> None:
    """Set H: items of 100-2,500 words with one to three quotations and a speech verb,
    which the default sample (four quotations, 300 words) passes over, and back."""
    feeds = _feed(tmp_path)
    few = (
        "<p>The ferry board met on Monday to weigh the cost of a new hull for the island run, "
        "and the harbour master said the old one had a winter left in it at most.</p>"
        "<p>“We cannot run another winter on this hull,” said Tom Berg, the harbour master.</p>"
    ) * 3  # 3 quotations, about 130 words
    xml = (feeds / "harbour.xml").read_text(encoding="utf-8")
    item = (
        "<item><title>Hull worn out</title><link>https://harbour.example/hull</link>"
        "<guid>hull-1</guid><description><![CDATA[" + few + "]]></description></item>"
    )
    (feeds / "harbour.xml").write_text(xml.replace("</channel>", item + "</channel>"), "utf-8")
    long_only, few_only = tmp_path / "long", tmp_path / "few"
    assert feed_quotes.main(["sample", str(feeds), str(long_only)]) == 0
    assert feed_quotes.main(["sample", str(feeds), str(few_only), "--few"]) == 0
    assert sorted(p.name for p in long_only.iterdir()) == ["harbour.xml-0.txt"]
    assert sorted(p.name for p in few_only.iterdir()) == ["harbour.xml-2.txt"]
    assert "another winter on this hull" in (few_only / "harbour.xml-2.txt").read_text("utf-8")


def test_big_samples_the_items_past_the_long_samplers_length_only(tmp_path: Path) -> None:
    """Set I: items of 2,501-8,000 words with four quotations and two speech verbs, which
    the default sample leaves out as too long."""
    feeds = _feed(tmp_path)
    xml = (feeds / "harbour.xml").read_text(encoding="utf-8")
    start = xml.index("<item>")
    end = xml.index("</item>") + len("</item>")
    long_item = xml[start:end].replace("pier-1", "pier-2").replace(_FILLER, _FILLER * 6)
    (feeds / "harbour.xml").write_text(xml.replace("</channel>", long_item + "</channel>"), "utf-8")
    long_only, big_only = tmp_path / "long", tmp_path / "big"
    assert feed_quotes.main(["sample", str(feeds), str(long_only)]) == 0
    assert feed_quotes.main(["sample", str(feeds), str(big_only), "--big"]) == 0
    assert sorted(p.name for p in long_only.iterdir()) == ["harbour.xml-0.txt"]
    assert sorted(p.name for p in big_only.iterdir()) == ["harbour.xml-2.txt"]


def test_min_speech_zero_takes_the_long_items_with_no_speech_verb(tmp_path: Path) -> None:
    """Set J: long items whose quotation marks sit in code and lists, with no "said"."""
    feeds = _feed(tmp_path)
    xml = (feeds / "harbour.xml").read_text(encoding="utf-8")
    start = xml.index("<item>")
    end = xml.index("</item>") + len("</item>")
    quiet = xml[start:end].replace("pier-1", "pier-3")
    for verb in ("said", "told"):
        quiet = quiet.replace(verb, "noted")
    (feeds / "harbour.xml").write_text(xml.replace("</channel>", quiet + "</channel>"), "utf-8")
    usual, quiet_too = tmp_path / "usual", tmp_path / "quiet"
    assert feed_quotes.main(["sample", str(feeds), str(usual)]) == 0
    assert feed_quotes.main(["sample", str(feeds), str(quiet_too), "--min-speech", "0"]) == 0
    assert sorted(p.name for p in usual.iterdir()) == ["harbour.xml-0.txt"]
    assert sorted(p.name for p in quiet_too.iterdir()) == ["harbour.xml-0.txt", "harbour.xml-2.txt"]


def _pages(tmp_path: Path) -> Path:
    """A pages corpus (html/*.html.gz): the same article as a web page, with page furniture
    the extractor drops, and a short page the sampler passes over."""
    paragraphs = "".join(
        f"<p>{p}</p>"
        for p in (
            _FILLER,
            "“We will rebuild the pier before the summer season starts,” Lia Park said on Monday.",
            "Tom Berg, the harbour master, told the board: “The ferry cannot run another "
            "winter without a new hull.”",
            "The plan, which the board calls “Harbour Forward Plan For All,” goes to a vote in "
            "March.",
            "“Nobody asked the islanders what they want from the ferry,” said Ana Cole, who "
            "lives on the outer island.",
        )
    )
    page = (
        "<html><head><title>Pier to be rebuilt | Harbour News</title>"
        '<meta property="og:site_name" content="Harbour News"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Pier to be rebuilt</h1>{paragraphs}</article>"
        "<footer>© Harbour News. All rights reserved.</footer></body></html>"
    )
    html = tmp_path / "pages" / "html"
    html.mkdir(parents=True)
    (html / "ab12cd34ef56aa.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    short = "<html><body><article><p>Too short to sample.</p></article></body></html>"
    (html / "ffff0000ffff00.html.gz").write_bytes(gzip.compress(short.encode("utf-8")))
    return html.parent


def test_a_pages_corpus_is_sampled_and_scored_as_the_bot_reads_each_page(tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    out = tmp_path / "out"
    assert feed_quotes.main(["sample", str(pages), str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["page-ab12cd34ef56.txt"]
    text = (out / "page-ab12cd34ef56.txt").read_text(encoding="utf-8")
    # the page's headline (no site suffix), a blank line, the article (no menu, no footer)
    assert text.startswith("Pier to be rebuilt\n\n")
    assert "Nobody asked the islanders" in text
    assert "Home" not in text and "rights reserved" not in text
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"page-ab12cd34ef56": _HARBOUR_NOTES}), encoding="utf-8")
    tally = feed_quotes.score(pages, [path], show=False)
    assert (tally.texts, tally.gold, tally.not_speech) == (1, 3, 1)
    # Berg's words annotated as Cole's (a wrong annotation on purpose): the scorer tells
    assert (tally.speaker_ok, tally.speaker_total) == (2, 3)


def test_sample_leaves_out_texts_an_earlier_set_annotated(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    done = tmp_path / "set_a.json"
    done.write_text(json.dumps({"_sha1": {}, "harbour.xml-0": []}), encoding="utf-8")
    out = tmp_path / "out"
    assert feed_quotes.main(["sample", str(feeds), str(out), "--exclude", str(done)]) == 0
    assert list(out.iterdir()) == []  # the one long item was annotated before: nothing new


def test_score_counts_right_wrong_and_not_speech(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    notes = {"harbour.xml-0": _HARBOUR_NOTES}
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(notes), encoding="utf-8")
    tally = feed_quotes.score(feeds, [path], show=False)
    assert tally.texts == 1
    assert (tally.gold, tally.gold_named, tally.not_speech) == (3, 3, 1)
    assert tally.gold_matched == 3
    assert tally.speaker_total == 3
    assert tally.speaker_ok == 2  # Park and Cole; Berg's words were annotated as Cole's
    assert tally.wrong == 1
    assert tally.keys_bad <= tally.keys_matched
    line = feed_quotes.report(tally)
    assert "speaker 0.667 (2/3; other speaker 1, none 0)" in line


def test_agreement_compares_two_annotators(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    first = {
        "harbour.xml-0": [
            {"opening": "We will rebuild the pier", "kind": "speech", "speaker": "Lia Park"},
            {"opening": "The ferry cannot run", "kind": "speech", "speaker": "Tom Berg"},
        ]
    }
    second = {
        "harbour.xml-0": [
            {"opening": "We will rebuild the pier", "kind": "speech", "speaker": "Park"},
            {"opening": "The ferry cannot run", "kind": "speech", "speaker": "Lia Park"},
            {"opening": "Nobody asked the islanders", "kind": "speech", "speaker": "Ana Cole"},
        ]
    }
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(first), encoding="utf-8")
    b.write_text(json.dumps(second), encoding="utf-8")
    line = feed_quotes.agreement(feeds, a, b)
    assert "2 passages in both, 0 / 1 in one only" in line
    assert "same speaker 1/2" in line


def test_packed_annotations_hold_offsets_only_and_score_the_same(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    notes = {
        "harbour.xml-0": [
            {"opening": "We will rebuild the pier", "kind": "speech", "speaker": "Lia Park"},
            {"opening": "The ferry cannot run", "kind": "speech", "speaker": "Tom Berg"},
            {"opening": "Nobody asked the islanders", "kind": "speech", "speaker": None},
        ]
    }
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(notes), encoding="utf-8")
    out = tmp_path / "packed.json"
    assert feed_quotes.main(["pack", str(feeds), str(path), "--out", str(out)]) == 0
    packed = json.loads(out.read_text(encoding="utf-8"))
    listed = packed["harbour.xml-0"]
    assert [set(n) for n in listed] == [{"at", "end", "kind", "speaker"}] * 3
    assert "rebuild" not in out.read_text(encoding="utf-8")
    text = feed_quotes.items(feeds, 10, 10)[0].text
    assert text[listed[1]["at"] :].startswith("The ferry cannot run")
    before = feed_quotes.score(feeds, [path], show=False)
    after = feed_quotes.score(feeds, [out], show=False)
    assert before == after
    assert (after.speaker_ok, after.speaker_total, after.gold) == (2, 2, 3)


def test_an_opening_not_in_the_text_is_reported_not_guessed(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    path = tmp_path / "notes.json"
    notes = {"harbour.xml-0": [{"opening": "words nowhere in it", "kind": "speech"}]}
    path.write_text(json.dumps(notes), encoding="utf-8")
    text = feed_quotes.items(feeds, 10, 10)[0].text
    golds, lost = feed_quotes.locate(text, notes["harbour.xml-0"])
    assert golds == [] and lost == ["words nowhere in it"]


def test_a_description_of_the_annotated_speaker_counts_only_in_the_loose_figure() -> None:
    same = feed_quotes._same_entity
    assert same("the commission", "the European Commission")
    assert same("Another employee", "a Salesforce employee")
    assert same("the writer", "the author")
    assert not same("the team", "Mikhail V. Tamm")
    assert not same("Dana Byers", "a Time Inc. executive")
    assert not feed_quotes._same_person("the commission", "the European Commission")


def test_an_acronym_is_the_body_it_stands_for() -> None:
    same = feed_quotes._same_person
    assert same("IOC", "the International Olympic Committee")
    assert same("Amazon Web Services", "AWS")
    assert not same("IOC", "the International Monetary Fund")
    assert not same("AWS", "Amazon")


def test_a_name_the_text_spells_two_ways_is_one_person() -> None:
    same = feed_quotes._same_person
    assert same("Botherel", "Éric Bothorel")  # a letter changed
    assert same("Sayhog", "Sahyog")  # two swapped
    assert not same("Berg", "Burg")  # too short to tell
    assert not same("Martin", "Marvin Lee")  # (two letters changed)
    assert not same("Sayhog", "Sahgoy")


def test_a_packed_file_refuses_a_text_that_changed_since(tmp_path: Path) -> None:
    feeds = _feed(tmp_path)
    notes = {"harbour.xml-0": [{"opening": "The ferry cannot run", "kind": "speech"}]}
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(notes), encoding="utf-8")
    out = tmp_path / "packed.json"
    assert feed_quotes.main(["pack", str(feeds), str(path), "--out", str(out)]) == 0
    feed = feeds / "harbour.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("old customs", "new customs"))
    try:
        feed_quotes.score(feeds, [out], show=False)
    except SystemExit as stop:
        assert "re-pack" in str(stop)
    else:
        raise AssertionError("a packed annotation was scored against a changed text")


def test_the_kept_annotations_still_fit_the_shared_feeds() -> None:
    """The packed sets in bench/data against ../shared's feeds, when the folder is there: the
    texts regenerate as they were annotated (else the offsets would point elsewhere)."""
    import pytest

    feeds = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "feeds-real"
    if not feeds.is_dir():
        pytest.skip("../shared/corpus/feeds-real is not beside the checkout")
    data = Path(__file__).resolve().parents[1] / "bench" / "data"
    counts = {}
    for name in ("a", "b1", "b2", "c", "d", "e", "f", "g", "h", "i", "j", "k"):
        tally = feed_quotes.score(feeds, [data / f"feed_quotes_{name}.json"], show=False)
        counts[name] = (tally.texts, tally.gold + tally.not_speech)
    assert counts == {
        "a": (40, 679),
        "b1": (20, 333),
        "b2": (20, 228),
        "c": (31, 547),
        "d": (40, 740),
        "e": (40, 725),
        "f": (40, 726),
        "g": (34, 572),
        "h": (150, 622),
        "i": (36, 1279),
        "j": (60, 1104),
        "k": (69, 830),
    }


def test_the_kept_page_annotations_still_fit_the_shared_pages() -> None:
    """The same for the sets annotated on ../shared's corpus pages (p1, p2): the pages
    extract and clean to the text the annotators read."""
    import pytest

    pages = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pages"
    if not (pages / "html").is_dir():
        pytest.skip("../shared/corpus/pages is not beside the checkout")
    data = Path(__file__).resolve().parents[1] / "bench" / "data"
    counts = {}
    for name in ("p1", "p2"):
        tally = feed_quotes.score(pages, [data / f"feed_quotes_{name}.json"], show=False)
        counts[name] = (tally.texts, tally.gold + tally.not_speech)
    assert counts == {"p1": (32, 407), "p2": (31, 395)}


def test_a_packed_span_is_the_span_the_opening_words_gave(tmp_path: Path) -> None:
    # an opening that runs past its closing mark (as annotators wrote for "“true”]" code
    # fragments): the packed file keeps the span, not just where it starts
    feeds = _feed(tmp_path)
    notes = {
        "harbour.xml-0": [
            {"opening": "Harbour Forward Plan For All,” goes to a", "kind": "not_speech"},
        ]
    }
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(notes), encoding="utf-8")
    out = tmp_path / "packed.json"
    assert feed_quotes.main(["pack", str(feeds), str(path), "--out", str(out)]) == 0
    text = feed_quotes.items(feeds, 10, 10)[0].text
    packed = json.loads(out.read_text(encoding="utf-8"))["harbour.xml-0"]
    by_opening, _ = feed_quotes.locate(text, notes["harbour.xml-0"])
    by_offset, _ = feed_quotes.locate(text, packed)
    assert by_offset == by_opening
    assert "goes to a" in text[by_offset[0].start : by_offset[0].end]
