"""`main` turns what the user did or what the disk did into one line, never a traceback."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import NoReturn

import pytest

from bot import cli
from bot.config import Config


def _config(tmp_path: Path) -> str:
    path = tmp_path / "config.toml"
    path.write_text('[database]\npath = "data/n.db"\n')
    return str(path)


@pytest.mark.parametrize(
    ("raised", "code", "line"),
    [
        (KeyboardInterrupt(), 130, "newsbot: interrupted"),
        (
            sqlite3.OperationalError("database or disk is full"),
            1,
            "n.db: cannot write the database (database or disk is full) — free some space",
        ),
    ],
    ids=["ctrl-c", "sqlite error"],
)
def test_main_prints_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    raised: BaseException,
    code: int,
    line: str,
) -> None:
    async def fails(config: Config, args: argparse.Namespace) -> NoReturn:
        raise raised

    monkeypatch.setitem(cli._COMMANDS, "top", fails)
    assert cli.main(["top", "--config", _config(tmp_path)]) == code
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and line in err
    assert err.startswith("newsbot: ")
