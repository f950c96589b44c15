"""bench/quotes_eval.py's private split of a PolNeAR folder (issue 19, round 3): --split-keep
scores the texts whose sorted index is not a multiple of N, --split-hold the others, so that a
rule read off one part can be checked on texts it was not read from. Run on a folder of
invented articles in PolNeAR's layout (text/ and attributions/), written by the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.quotes_eval import main

SPEAKERS = ("Lia Park", "Tom Berg", "Ida Venn", "Sam Reed", "Ana Ruiz", "Dan Cole", "Eva Lund")


def _corpus(root: Path) -> None:
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    for i, who in enumerate(SPEAKERS):
        quote = f"“We will keep ferry number {i} running,”"
        text = f"Ferry {i}\n\n{quote} {who} said on Monday.\n"
        q0 = text.index("“")
        s0 = text.index(who)
        # the gold speaker of the article held out first is someone else: a miss we can see
        source = (s0, s0 + len(who)) if i else (0, 5)
        (root / "text" / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
        ann = (
            f"T1\tSource {source[0]} {source[1]}\t{text[source[0] : source[1]]}\n"
            f"T2\tContent {q0} {q0 + len(quote)}\t{quote}\n"
            f"T3\tCue {s0 + len(who) + 1} {s0 + len(who) + 5}\tsaid\n"
            f"T4\tAttribution {q0} {s0 + len(who) + 5}\t{text[q0 : s0 + len(who) + 5]}\n"
            "E1\tAttribution:T4 Content:T2 Cue:T3 Source:T1\n"
        )
        (root / "attributions" / f"a{i:02d}_x.ann").write_text(ann, encoding="utf-8")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args, "--no-textacy"]) == 0
    return capsys.readouterr().out


def test_the_split_keeps_and_holds_complementary_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _corpus(tmp_path)
    whole = _run(capsys, str(tmp_path))
    keep = _run(capsys, str(tmp_path), "--split-mod", "3", "--split-keep")
    hold = _run(capsys, str(tmp_path), "--split-mod", "3", "--split-hold")
    assert whole.startswith("7 articles")
    # indexes 0, 3, 6 held out; 1, 2, 4, 5 kept
    assert keep.startswith("4 articles") and hold.startswith("3 articles")
    assert "speaker 1.000 (4/4;" in keep  # every kept article's speaker is right
    assert "speaker 0.667 (2/3;" in hold  # the held-out one with another gold speaker
    assert "articles with a key quote 4/4" in keep


def test_a_split_needs_both_its_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _corpus(tmp_path)
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--no-textacy", "--split-mod", "3"])
    with pytest.raises(SystemExit):
        main([str(tmp_path), "--no-textacy", "--split-hold"])
