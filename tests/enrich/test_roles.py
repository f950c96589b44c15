"""Issue 19: the role and name shown under a quote (hand-written articles, one per pattern).

Each case failed before the change: the role was a bare honorific, a clause, a title cut at
"of", someone else's title, or missing though the article gave an appositive; the name kept
an honorific, or "the 56-year-old" was never resolved.
"""

from __future__ import annotations

import pytest

from bot.enrich.quotes import find_quotes
from bot.enrich.roles import clean_name, clean_role

CASES = [
    pytest.param(
        "Harbour senators met on Monday.\n\nSen. Lia Park said the bridge would close. "
        "“We have no other choice,” Sen. Park said.\n",
        ("Lia Park", "Senator"),
        id="bare-honorific-written-out",
    ),
    pytest.param(
        "Assistant Secretary of Commerce Lia Park visited the port on Monday.\n\n"
        "“The port will grow,” said Assistant Secretary of Commerce Lia Park.\n",
        ("Lia Park", "Assistant Secretary of Commerce"),
        id="title-not-cut-at-of",
    ),
    pytest.param(
        "“We are talking to the council,” Harbour Board Chief of Staff Dara Quist said.\n",
        ("Dara Quist", "Harbour Board Chief of Staff"),
        id="office-of-then-name-in-the-cue",
    ),
    pytest.param(
        "Harbour Board Chief of Staff Dara Quist spoke on Sunday. “We are talking to the "
        "council,” Quist said.\n",
        ("Dara Quist", "Harbour Board Chief of Staff"),
        id="office-of-then-name-at-first-mention",
    ),
    pytest.param(
        "Tom Berg, a harbour pilot who has guided ships through the channel for thirty "
        "years, watched the storm.\n\n“I have never seen waves like this,” Berg said.\n",
        ("Tom Berg", "a harbour pilot"),
        id="clause-is-no-role",
    ),
    pytest.param(
        "Former President Tom Berg and Lia Park toured the new factory on Monday.\n\n"
        "“This is a proud day for the town,” Park said.\n",
        ("Lia Park", None),
        id="someone-elses-title",
    ),
    pytest.param(
        "Dr. Lia Park studies tides.\n\nPark, a professor at Harbour University, has warned "
        "about floods for years.\n\n“The sea is rising faster than we planned for,” Dr. Park "
        "said.\n",
        ("Lia Park", "a professor at Harbour University"),
        id="apposition-over-honorific",
    ),
    pytest.param(
        "Lia Park has studied tides for a decade.\n\nLast year Park, a professor at Harbour "
        "University, published a warning.\n\n“The sea is rising faster than we planned for,” "
        "Park said.\n",
        ("Lia Park", "a professor at Harbour University"),
        id="apposition-at-a-later-mention",
    ),
    pytest.param(
        "Tom Berg, 56, has fished these waters since he was a boy.\n\n“The fish are gone,” "
        "the 56-year-old said.\n",
        ("Tom Berg", None),
        id="age-resolved-to-name",
    ),
    pytest.param(
        "Representatives Lia Park and Tom Berg wrote to the board.\n\n“The board must act "
        "now,” Representatives Lia Park, Mr. Berg said.\n",
        ("Tom Berg", None),
        id="plural-title-and-honorific",
    ),
    pytest.param(
        "Mr. Berg runs the ferry.\n\n“We will keep sailing,” said Mr. Berg, adding that "
        "fares would rise.\n",
        ("Berg", None),
        id="honorific-alone-is-no-role",
    ),
    pytest.param(
        "“We will keep sailing,” said Tom Berg, the longtime chairman and chief executive of "
        "the Harbour Ferry Company in Portmere and its three sister lines in the north.\n",
        ("Tom Berg", "the longtime chairman"),
        id="long-role-cut-at-a-phrase",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_speaker_and_role(text: str, expected: tuple[str, str | None]) -> None:
    quote = find_quotes(text)[-1]
    assert (quote.speaker, quote.role) == expected


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("Sen.", "Senator"),
        ("Ohio Gov.", "Ohio Governor"),
        ("Army Lt. Gen.", "Army Lieutenant General"),
        ("Mr.", None),
        ("As President", "President"),
        ("Secretary of", "Secretary"),
        ("clad in a red cape with blinking lights", None),
        ("the harbour board is worried", None),
        ("the brusque", None),
        ("the event presented an opportunity to talk", None),
        (
            "a staff member for harbour Democrats such as former Gov",
            "a staff member for harbour Democrats",
        ),
        ("Ohio Rep. Dana Hill’s chief of staff", "Ohio Rep. Dana Hill’s chief of staff"),
        ("White House deputy press secretary", "White House deputy press secretary"),
        ("acting director", "acting director"),
        ("a sales rep", "a sales rep"),
        (
            "a pilot at the Portmere Ferry Company in the north of the county near the old light",
            "a pilot at the Portmere Ferry Company in the north",
        ),
        (
            "a longtime harbour loyalist and dean of the University of Portmere School of Law",
            "a longtime harbour loyalist",
        ),
        ("R-Ohio", "R-Ohio"),
    ],
)
def test_clean_role(role: str, shown: str | None) -> None:
    assert clean_role(role) == shown


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Mr. Park", "Park"),
        ("Lia Park,", "Lia Park"),
        ("Representatives Lia Park, Mr.", "Lia Park"),
        ("Pennsylvania Gov.", "Pennsylvania Governor"),
        ("Tom Berg Jr.", "Tom Berg Jr."),
        ("the Rev. Ana Lind", "Ana Lind"),
        ("Gen Nakamura", "Gen Nakamura"),
        ("Mr Park", "Park"),
        ("the harbour board", "the harbour board"),
    ],
)
def test_clean_name(name: str, shown: str) -> None:
    assert clean_name(name) == shown
