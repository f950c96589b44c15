"""Entry identity: canonical URLs, id choice, repeated ids, content hash."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.sources.identity import (
    IdentityInput,
    assign_entry_ids,
    base_entry_id,
    canonical_url,
    content_hash,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM:80/a/B?x=1#frag", "http://example.com/a/B?x=1"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/p", "https://example.com:8443/p"),
        (
            "https://ex.com/p?utm_source=rss&b=2&utm_medium=feed&a=1&fbclid=X&gclid=Y",
            "https://ex.com/p?a=1&b=2",
        ),
        ("https://ex.com/p?mc_cid=1&mc_eid=2&ref=hn", "https://ex.com/p"),
        ("https://ex.com/p?UTM_Campaign=z&q=a%20b", "https://ex.com/p?q=a%20b"),
        ("https://user:pw@ex.com/p", "https://ex.com/p"),
        ("https://ex.com./p", "https://ex.com/p"),
        ("https://ex.com/#!/story/1", "https://ex.com/#!/story/1"),
        ("  https://ex.com/p  ", "https://ex.com/p"),
        ("javascript:alert(1)", None),
        ("mailto:a@b.c", None),
        ("", None),
        (None, None),
        ("http://[::1", None),
    ],
)
def test_canonical_url(url: str | None, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_resolves_relative() -> None:
    assert canonical_url("../b?utm_source=x", "https://ex.com/a/c/feed") == "https://ex.com/a/b"


def test_id_prefers_guid_then_link_then_hash() -> None:
    when = datetime(2026, 1, 2, tzinfo=UTC)
    assert base_entry_id(IdentityInput(" g-1 ", "https://ex.com/a", "T", when)) == "g-1"
    assert (
        base_entry_id(IdentityInput(None, "https://EX.com/a?utm_source=x", "T", when))
        == "https://ex.com/a"
    )
    hashed = base_entry_id(IdentityInput(None, None, "T", when))
    assert hashed.startswith("sha:")
    assert hashed == base_entry_id(IdentityInput("", None, " T ", when))
    assert hashed != base_entry_id(IdentityInput(None, None, "T", None))


def test_repeated_id_gets_order_independent_compound_keys() -> None:
    a = IdentityInput("same", "https://ex.com/a", "A", None)
    b = IdentityInput("same", "https://ex.com/b", "B", None)
    c = IdentityInput("same", None, "C", None)
    solo = IdentityInput("solo", "https://ex.com/s", "S", None)
    forward = assign_entry_ids([a, b, c, solo])
    backward = assign_entry_ids([solo, c, b, a])
    assert forward == list(reversed(backward))
    assert forward[0] == "same#https://ex.com/a"
    assert forward[2] is not None and forward[2].startswith("same#")
    assert forward[3] == "solo"
    assert len(set(forward)) == 4


def test_exact_duplicates_are_marked_for_dropping() -> None:
    a = IdentityInput("g", "https://ex.com/a", "A", None)
    assert assign_entry_ids([a, a]) == ["g#https://ex.com/a", None]


def test_content_hash_tracks_visible_text_only() -> None:
    base = content_hash("T", "summary", "content")
    assert base == content_hash(" T", "summary ", "content")
    assert base != content_hash("T", "summary changed", "content")
    assert base != content_hash("T", "summary", "content changed")
    assert content_hash("ab", "", "") != content_hash("a", "b", "")
