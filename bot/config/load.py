"""Load config.toml into the models, turning every failure into one clear `ConfigError`.

A TOML syntax error names the file, line and column; a schema error names the key path, the
bad value, what was expected and (best effort) the line where that key is written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config.models import Config

__all__ = ["ConfigError", "ConfigProblem", "load_config", "parse_config"]

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    key: str  # dotted path, e.g. "sources[2].interval_minutes"; "" for syntax errors
    message: str
    value: str | None = None
    line: int | None = None
    column: int | None = None


class ConfigError(Exception):
    """The config at `path` cannot be used; `problems` says every reason found."""

    def __init__(self, path: str, problems: list[ConfigProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        for p in self.problems:
            where = self.path
            if p.line is not None:
                where += f":{p.line}"
                if p.column is not None:
                    where += f":{p.column}"
            what = f"{p.key}: " if p.key else ""
            got = f" (got {p.value})" if p.value is not None else ""
            lines.append(f"{where}: {what}{p.message}{got}")
        return "\n".join(lines)


def load_config(path: str | Path) -> Config:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(p), [ConfigProblem("", f"cannot read the file: {e}")]) from e
    return parse_config(text, str(p), base_dir=p.resolve().parent)


def parse_config(text: str, name: str = "config.toml", base_dir: Path | None = None) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = _AT.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        problem = ConfigProblem(
            "", "TOML syntax error: " + _AT.sub("", msg).strip(), None, line, col
        )
        raise ConfigError(name, [problem]) from e
    return validate_data(data, text, name, base_dir)


def validate_data(
    data: dict[str, Any], text: str = "", name: str = "config.toml", base_dir: Path | None = None
) -> Config:
    if base_dir is not None:
        data = {**data, "base_dir": base_dir}
    elif "base_dir" in data:
        data = {k: v for k, v in data.items() if k != "base_dir"}
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        problems = [_problem(err, text) for err in e.errors()]
        raise ConfigError(name, problems) from e


def _problem(err: Any, text: str) -> ConfigProblem:
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    key = _dotted(loc)
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key (check its spelling and the documented keys in config.example.toml)"
    elif msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    else:
        msg = "expected " + msg[0].lower() + msg[1:] if msg.startswith("Input should") else msg
        msg = msg.replace("expected input should be", "expected")
    value = None
    if err["type"] not in ("missing",) and "input" in err and not isinstance(err["input"], dict):
        value = repr(err["input"])
    return ConfigProblem(key, msg, value, _line_of(loc, text))


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _line_of(loc: tuple[Any, ...], text: str) -> int | None:
    """Best effort: the line where the key at `loc` is written (tables, arrays of tables)."""
    if not text or not loc:
        return None
    lines = text.splitlines()
    start = 0
    table: list[str] = []
    i = 0
    parts = list(loc)
    while i < len(parts):
        part = parts[i]
        if isinstance(part, str) and i + 1 < len(parts) and isinstance(parts[i + 1], int):
            header = re.compile(r"^\s*\[\[\s*" + re.escape(".".join([*table, part])) + r"\s*\]\]")
            hits = [n for n, ln in enumerate(lines) if n >= start and header.match(ln)]
            index = parts[i + 1]
            if index >= len(hits):
                return None
            start = hits[index]
            table = [*table, part]
            i += 2
            continue
        if isinstance(part, str) and i + 1 < len(parts):
            header = re.compile(r"^\s*\[\s*" + re.escape(".".join([*table, part])) + r"\s*\]")
            hits = [n for n, ln in enumerate(lines) if n >= start and header.match(ln)]
            if hits:
                start = hits[0]
                table = [*table, part]
                i += 1
                continue
        key = re.compile(r"^\s*" + re.escape(str(part)) + r"\s*=")
        for n in range(start, len(lines)):
            if n > start and lines[n].lstrip().startswith("[") and not key.match(lines[n]):
                break
            if key.match(lines[n]):
                return n + 1
        return start + 1 if start or table else None
    return start + 1
