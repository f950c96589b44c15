"""`newsbot run --once` end to end on file sources and the console adapter."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main


def run(bot_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["run", "--once", "--config", str(bot_dir / "config.toml")])
    out, err = capsys.readouterr()
    return code, out, err


def test_posts_each_story_to_its_subscribed_channels_then_nothing(
    bot_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(bot_dir, capsys)
    assert code == 0, err
    assert out.count("━━ #immigration-desk ━━") == 1
    assert out.count("━━ #commuters ━━") == 1
    assert "Immigration court backlog reaches a record" in out
    assert "City council backs light rail extension" in out
    assert "Library reopens" not in out  # no subscribed topic
    assert "— Tom Reyes" in out
    assert "2 post(s) delivered" in err

    code, out, err = run(bot_dir, capsys)
    assert code == 0
    assert out == ""
    assert "nothing new" in err


def test_a_new_entry_is_posted_alone(
    bot_dir: Path, capsys: pytest.CaptureFixture[str], add_story: Callable[[int, str, str], None]
) -> None:
    run(bot_dir, capsys)
    add_story(
        4,
        "Bus fares to fall in January",
        "<p>Bus fares will fall by 25 cents, the transit agency said.</p>",
    )
    code, out, _ = run(bot_dir, capsys)
    assert code == 0
    assert out.count("📰 ") == 1
    assert "Bus fares to fall in January" in out
    assert "━━ #commuters ━━" in out


def test_a_broken_source_is_reported_and_others_still_post(
    bot_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = (bot_dir / "config.toml").read_text()
    broken = config.replace(
        "[[topics]]",
        '[[sources]]\nname = "Gone"\nkind = "file"\npath = "missing.xml"\n\n[[topics]]',
        1,
    )
    (bot_dir / "config.toml").write_text(broken)
    code, out, err = run(bot_dir, capsys)
    assert code == 0
    assert "source 'Gone' failed" in err and "missing.xml" in err
    assert "Immigration court backlog" in out


def test_preview_json_of_a_text_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Mayor opens new bus depot\n\n"
        "The mayor opened a new bus depot on Friday, adding 40 electric buses to the fleet.\n\n"
        "“This is the cleanest fleet we have ever had,” said Mayor Ana Ruiz.\n",
        encoding="utf-8",
    )
    assert main(["preview", str(article), "--json", "--config", str(tmp_path / "none.toml")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Mayor opens new bus depot"
    assert "electric buses" in data["summary"]
    [quote] = data["quotes"]
    assert "cleanest fleet we have ever had" in quote["text"]
    assert quote["speaker"] == "Ana Ruiz"


def test_preview_of_a_missing_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", str(tmp_path / "nope.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err


SEED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seed"


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus/seed beside the checkout")
def test_preview_json_of_the_seed_article(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "preview",
            str(SEED / "ice-subpoenas-denver.txt"),
            "--json",
            "--config",
            str(SEED / "no-config.toml"),
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    expected = json.loads((SEED / "ice-subpoenas-denver.quotes.json").read_text())
    assert data["title"] == expected["title"]
    assert data["summary"] and "Like The Rundown News" not in data["summary"]
    speakers = {q["speaker"] for q in data["quotes"]}
    assert {q["speaker"] for q in expected["direct_quotes"]} <= speakers
