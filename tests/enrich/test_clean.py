from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.enrich import clean, clean_text
from bot.enrich.clean import is_boilerplate

ARTICLE = """By JANE ROE and Sam Poe, Valley Courier
SPRINGFIELD (AP) — The city council voted on Tuesday to close the old bridge for repairs.
Photo: A view of the bridge at dusk. (AP Photo/Ann Lee)

Engineers said the work would take about six months.
Read more: Why old bridges fail
Sign up for our morning newsletter and get the news in your inbox.
Follow us on Twitter
Like The Valley Courier on Facebook:
Share this article
Advertisement
Copyright 2026 Valley Courier. All rights reserved."""


def test_drops_furniture_and_keeps_story_paragraphs() -> None:
    cleaned = clean_text(ARTICLE)
    assert cleaned.split("\n\n") == [
        "The city council voted on Tuesday to close the old bridge for repairs.",
        "Engineers said the work would take about six months.",
    ]


def test_keeps_story_lines_that_mention_social_media() -> None:
    line = (
        "The mayor announced the closure on Facebook, and residents shared the post widely "
        "before the council met."
    )
    assert clean_text(line) == line
    assert not is_boilerplate("by then, the money was gone")
    assert not is_boilerplate("Like many towns, Springfield depends on the bridge.")


def test_share_and_follow_prompts_are_boilerplate() -> None:
    for line in (
        "Like The Rundown News on Facebook:",
        "Follow us on Instagram",
        "Share on Twitter",
        "Click here to get more information.",
        "Related: Five things to know about the bridge",
        "Getty Images",
    ):
        assert is_boilerplate(line), line


def test_dateline_kept_when_it_is_the_sentence() -> None:
    # An all-caps opening that is not followed by a dash is not a dateline.
    text = "NASA said on Monday that the launch would slip by a week."
    assert clean_text(text) == text


def test_whitespace_normalised() -> None:
    assert clean_text("One\u00a0two\u200b three.\r\n\r\nFour.") == "One two three.\n\nFour."


# The word gates in front of the scan-anywhere patterns only skip work.

_GATE_WORDS = [
    "Sign", "up", "sign up", "newsletter", "Subscribe", "the", "harbour", "inbox", "email",
    "All", "rights", "reserved", "Getty", "Images", "AP", "Photo", "affiliate", "links",
    "contains", "register", "alerts", "updates", "—", "2024", "©", "delivered", "Reuters/",
    "for", "our", "to", "may", "contain", "afp", "via", "shutterstock", ".", ",",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_GATE_WORDS), min_size=1, max_size=14))
def test_gated_patterns_give_the_verdict_of_the_ungated_ones(words: list[str]) -> None:
    line = " ".join(words)
    patterns = (*clean._LINE_PATTERNS, *(p for _, p in clean._ANYWHERE_PATTERNS))
    ungated = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    stripped = line.strip()
    expected = (
        len(stripped) <= clean._MAX_FURNITURE_LEN
        and clean._TRIGGER_RE.search(stripped.lower()) is not None
        and not (
            clean._BYLINE_HINT_RE.match(stripped) and not clean._BYLINE_CASE_RE.match(stripped)
        )
        and ungated.fullmatch(stripped) is not None
    )
    assert clean.is_boilerplate(line) == expected
