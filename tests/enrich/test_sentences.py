from __future__ import annotations

import pytest

from bot.enrich import sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He arrived on Jan. 5 at 9 a.m. Monday.",
            ["Mr. Smith went to Washington.", "He arrived on Jan. 5 at 9 a.m. Monday."],
        ),
        (
            "The firm moved to the U.S. in 2010. The move cost $4.5 million.",
            ["The firm moved to the U.S. in 2010.", "The move cost $4.5 million."],
        ),
        (
            "She lives in the U.S. The rest of her family does not.",
            ["She lives in the U.S.", "The rest of her family does not."],
        ),
        (
            "President John Q. Adams spoke. Sen. Ana Ruiz replied.",
            ["President John Q. Adams spoke.", "Sen. Ana Ruiz replied."],
        ),
        (
            "Rates rose 0.25 points to 3.5%. Markets fell... and then recovered.",
            ["Rates rose 0.25 points to 3.5%.", "Markets fell... and then recovered."],
        ),
        (
            "“It works. It is cheap,” she said. Others disagreed.",
            ["“It works. It is cheap,” she said.", "Others disagreed."],
        ),
        (
            "Is it over? “No!” he shouted. The crowd left.",
            ["Is it over?", "“No!” he shouted.", "The crowd left."],
        ),
        (
            "The case is No. 5 on the list. It was filed in Calif. last year.",
            ["The case is No. 5 on the list.", "It was filed in Calif. last year."],
        ),
        ("First paragraph\n\nSecond paragraph.", ["First paragraph", "Second paragraph."]),
    ],
)
def test_news_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_spans_index_the_text() -> None:
    text = "One sentence here.  Another one!\n\nA third?"
    for a, b in sentence_spans(text):
        assert text[a:b] == text[a:b].strip()
    assert [text[a:b] for a, b in sentence_spans(text)] == split_sentences(text)


def test_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []


def test_a_run_of_dots_in_a_console_listing_is_read_once() -> None:
    """ "GET|HEAD / ......... dashboard" (a feed item quoting `php artisan route:list`): the
    old terminator pattern tried every way to split the run of dots into "..." and ".",
    exponential in its length, and an 84-dot line stalled enrichment for good. Run in a child
    process so that a return of that stall fails the test instead of hanging the suite (the
    fixed splitter takes well under a millisecond; the old one, seconds for 40 dots and
    months for 84)."""
    import subprocess
    import sys

    code = (
        "from bot.enrich.sentences import sentence_spans\n"
        "line = 'GET|HEAD / ' + '.' * 84 + ' dashboard'\n"
        "text = 'Routes are listed below. ' + line + '\\n' + line + ' Then it ends.'\n"
        "print(len(sentence_spans(text)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "3"
