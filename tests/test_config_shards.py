"""`[adapters.discord]` shard keys: `shard_ids`, or `process_index` + `process_count`, each
problem reported at its own key and line with a message that says what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, parse_config

HEAD = "[adapters.discord]\nenabled = true\n"


def problems(body: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ConfigError) as caught:
        parse_config(HEAD + body)
    return [(p.line, p.key, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("body", "line", "key", "says"),
    [
        ("shard_ids = [0, 1]\n", 3, "shard_ids", "shard_ids needs shard_count"),
        ("shard_count = 2\nshard_ids = [0, 2]\n", 4, "shard_ids", "shard id 2 is not below"),
        ("shard_count = 4\nshard_ids = [1, 3, 1]\n", 4, "shard_ids", "shard id 1 is listed twice"),
        ("shard_count = 4\nshard_ids = []\n", 4, "shard_ids", "shard_ids is empty"),
        ("shard_count = 4\nshard_ids = [-1]\n", 4, "shard_ids[0]", "greater than or equal to 0"),
        ("shard_count = 4\nprocess_index = 1\n", 1, "process_count", "needs process_count"),
        ("shard_count = 4\nprocess_count = 2\n", 4, "process_count", "needs process_index"),
        (
            "shard_count = 4\nprocess_index = 2\nprocess_count = 2\n",
            5,
            "process_count",
            "process_index = 2 is not below process_count = 2",
        ),
        (
            "process_index = 0\nprocess_count = 2\n",
            4,
            "process_count",
            "process_count needs shard_count",
        ),
        (
            "shard_count = 2\nprocess_index = 0\nprocess_count = 3\n",
            5,
            "process_count",
            "every process needs at least one shard",
        ),
        (
            "shard_count = 4\nshard_ids = [1]\nprocess_index = 0\nprocess_count = 2\n",
            5,
            "process_index",
            "either shard_ids or process_index",
        ),
        ("rest_per_second = 0\n", 3, "rest_per_second", "greater than 0"),
        ('rest_per_second = "50"\n', 3, "rest_per_second", "a valid number"),
    ],
)
def test_shard_keys_are_checked_where_they_are_written(
    body: str, line: int, key: str, says: str
) -> None:
    [(at, got_key, message)] = problems(body)
    assert (at, got_key) == (line, f"adapters.discord.{key}")
    assert says in message
    assert "None" not in message  # a key left out is named, not shown as a value


def test_check_config_shows_a_left_out_key_without_a_value() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(HEAD + "shard_count = 4\nprocess_index = 1\n", "config.toml")
    assert caught.value.render() == (
        "config.toml:1: adapters.discord.process_count: process_index needs process_count "
        "(how many processes share the shards)"
    )


def test_good_shard_settings() -> None:
    discord = parse_config(
        HEAD + "shard_count = 4\nshard_ids = [3, 1]\nrest_per_second = 40\n"
    ).adapters.discord
    assert discord.assigned_shards == (3, 1)
    assert discord.rest_per_second == 40.0
    assert parse_config(HEAD).adapters.discord.rest_per_second == 50.0
    assert parse_config(HEAD).adapters.discord.assigned_shards is None


def test_check_config_says_which_shards_this_process_connects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HEAD + "shard_count = 5\nprocess_index = 1\nprocess_count = 2\n")
    assert main(["check-config", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "  discord:  shards 1, 3 of 5 (process 1 of 2); REST 50/s for the token, shared by "
        "the live processes" in out
    )
    path.write_text(HEAD + "shard_count = 4\nshard_ids = [2]\nprocess_index = 0\n")
    assert main(["check-config", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:5: adapters.discord.process_index: set either shard_ids" in err
