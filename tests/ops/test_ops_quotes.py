"""`newsbot preview --explain`: every quote names the rule that found it and the rule that
gave it its speaker, by the names the code uses, with its confidence (issue 19)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.enrich.quote_rules import FOUND_BY, RULES
from tests.ops.conftest import Newsbot

ARTICLE = "\n\n".join(
    [
        "Portmere votes to rebuild its storm-wrecked pier\n"
        "The Portmere council voted on Monday to rebuild the old pier, wrecked in March.",
        "“The pier is the town’s front door, and rebuilding it is the best money we will ever "
        "spend,” Mayor Lia Park said after the vote.",
        "Lia Park said that Tom Berg, the former governor, had told her: “You will never get "
        "this pier built.”",
        "The harbour board heard from Sam Reed, an engineer, and from Dana Cole, a professor "
        "at Portmere College.",
        "The pier has stood for ninety years.",
        "“It can be saved, but not for long,” she said.\n",
    ]
)


def test_preview_explain_names_the_rules(newsbot: Newsbot, tmp_path: Path) -> None:
    (tmp_path / "pier.txt").write_text(ARTICLE, encoding="utf-8")
    done = newsbot("preview", "pier.txt", "--explain")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Quotes: 3 found, " in out
    found_by = re.findall(r"found by: (\S+)", out)
    attributed = re.findall(r"attributed by: (\S+)", out)
    assert len(found_by) == 3 and set(found_by) <= set(FOUND_BY)
    assert attributed and set(attributed) <= set(RULES)  # real names of rules in the code
    # the mayor's line: sure, by the cue after it, and chosen as the key quote
    assert re.search(
        r"\[key\] “The pier is the town’s front door.*\n.*\n"
        r"    speaker: Lia Park \(Mayor\), confidence 1\.00 \(sure\)\n"
        r"    attributed by: tail_cue \(cue after the quote\)\n"
        r"      written for: ",
        out,
    ), out
    # speech within speech goes to the inner speaker
    assert re.search(r"speaker: Tom Berg.*\n    attributed by: inner_speaker", out), out
    # a pronoun two paragraphs past other names: shown as unsure, never a key quote
    assert re.search(r"“It can be saved, but not for long”\n.*\n.*\(unsure: never a key", out)

    done = newsbot("preview", "pier.txt", "--json")
    assert done.returncode == 0, done.stderr
    quotes = json.loads(done.stdout)["quotes"]
    assert [q["attributed_by"] for q in quotes][:2] == ["tail_cue", "inner_speaker"]
    assert quotes[0]["confidence"] == 1.0 and quotes[0]["found_by"] == "curly_pair"
    assert 0 < quotes[2]["confidence"] < 0.95


SPOKESPERSON = "\n\n".join(
    [
        "Portmere ferry firm cuts winter sailings\n"
        "The Portmere ferry firm will cut its winter sailings to the islands from January.",
        "“We will run two sailings a day instead of four, because the winter ferry loses "
        "money on every single trip,” a spokesperson said.\n",
    ]
)


def test_preview_explain_says_why_a_sure_quote_of_someone_unnamed_is_no_key_quote(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    (tmp_path / "ferry.txt").write_text(SPOKESPERSON, encoding="utf-8")
    done = newsbot("preview", "ferry.txt", "--explain")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Quotes: 1 found, 0 chosen as key quotes" in out, out
    assert re.search(
        r"speaker: a spokesperson, confidence 0\.95 \(sure, but never a key quote: the "
        r"speaker is described, not named",
        out,
    ), out
    done = newsbot("preview", "ferry.txt", "--json")
    assert json.loads(done.stdout)["key_quotes"] == []
