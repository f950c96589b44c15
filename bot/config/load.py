"""Load config.toml into the models, turning every failure into one clear `ConfigError`.

A TOML syntax error names the file, line and column (an error "at end of document" names the
last line); a schema error names the key path, what was expected, the line where that key is
written and the bad value, unless the value may be a secret (a `*_env` key, an unknown key, or
anything shaped like a token or URL), which is never echoed. An empty file is an error too:
a config.toml truncated to nothing must not be read as "no sources, no channels" by a reload.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config.models import Config, looks_secret

__all__ = ["ConfigError", "ConfigProblem", "load_config", "parse_config"]

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_AT_END = re.compile(r"\(at end of document\)")


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
    if not text.strip():
        problem = ConfigProblem("", "the file is empty", line=1)
        raise ConfigError(str(p), [problem])
    return parse_config(text, str(p), base_dir=p.resolve().parent)


def parse_config(text: str, name: str = "config.toml", base_dir: Path | None = None) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = _AT.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        if m is None and _AT_END.search(msg):
            line = _last_line(text)
        message = _AT_END.sub("", _AT.sub("", msg)).strip()
        if line is not None and col is None:
            message += " (at the end of the file)"
        problem = ConfigProblem("", "TOML syntax error: " + message, None, line, col)
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
        lines = _key_lines(text)
        problems = [_problem(err, lines) for err in e.errors()]
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ConfigError(name, problems) from e


def _last_line(text: str) -> int:
    """The last line with something on it (an error at the end of the document is there)."""
    lines = text.splitlines()
    for n in range(len(lines), 0, -1):
        if lines[n - 1].strip():
            return n
    return max(len(lines), 1)


#: Error types whose input is never shown: an unknown key may hold anything (`token = "…"`).
_HIDDEN_TYPES = {
    "extra_forbidden",
    "missing",
    "secret_in_env_field",
    "env_name",
    "reference",
    "database_url",
}


def _problem(err: Any, lines: dict[tuple[str | int, ...], int]) -> ConfigProblem:
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    key = _dotted(loc)
    msg = err["msg"]
    if err["type"] == "extra_forbidden" and isinstance(err.get("input"), dict):
        msg = "unknown table (check its spelling and the documented tables in config.example.toml)"
    elif err["type"] == "extra_forbidden":
        msg = "unknown key (check its spelling and the documented keys in config.example.toml)"
    elif msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    else:
        msg = "expected " + msg[0].lower() + msg[1:] if msg.startswith("Input should") else msg
        msg = msg.replace("expected input should be", "expected")
    value = None
    raw = err.get("input")
    hidden = (
        err["type"] in _HIDDEN_TYPES
        or any(isinstance(p, str) and p.endswith("_env") for p in loc)
        or (isinstance(raw, str) and looks_secret(raw))
    )
    # None is no TOML value: it is a key left out that another key needs (nothing to show).
    if not hidden and raw is not None and not isinstance(raw, dict | list | tuple):
        value = repr(raw)
        if value in msg:  # the message quotes it already
            value = None
    return ConfigProblem(key, msg, value, _line_of(loc, lines))


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _line_of(loc: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> int | None:
    """The line of the key at `loc`, or of the nearest enclosing key or table written in the
    file (a missing key is reported at its table's header)."""
    for n in range(len(loc), 0, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED_KEY})\s*\]")
_ASSIGN = re.compile(rf"^\s*({_DOTTED_KEY})\s*=(.*)$")


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_PART, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Where each table and key of a (syntactically valid) TOML text is written: a map from
    the path pydantic reports (`("sources", 2, "url")`) to a 1-based line number. Arrays of
    tables are counted, so `sources[2]` is the third `[[sources]]`; lines inside multi-line
    arrays and strings are skipped, so their content is never mistaken for a key."""
    out: dict[tuple[str | int, ...], int] = {}
    counts: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    open_value = _ValueScanner(out)
    for n, line in enumerate(text.splitlines(), 1):
        if open_value.busy:
            open_value.feed(line, n)
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_key(header.group(2))
            is_array = header.group(1) == "[["
            loc: tuple[str | int, ...] = ()
            for k, name in enumerate(names):
                loc = (*loc, name)
                out.setdefault(loc, n)
                last = k == len(names) - 1
                if last and is_array:
                    index = counts.get(loc, 0)
                    counts[loc] = index + 1
                    loc = (*loc, index)
                    out.setdefault(loc, n)
                elif loc in counts:
                    loc = (*loc, counts[loc] - 1)
            table = loc
            continue
        assign = _ASSIGN.match(line)
        if assign:
            loc = table
            for name in _split_key(assign.group(1)):
                loc = (*loc, name)
                out.setdefault(loc, n)
            open_value.start(loc, assign.group(2), n)
    return out


class _ValueScanner:
    """Follows a value over lines: open brackets and multi-line strings keep it `busy`. The
    items of an array are recorded too (`("topics", 0, "keywords", 3)`), so a bad item of a
    multi-line array is reported at its own line."""

    def __init__(self, out: dict[tuple[str | int, ...], int]) -> None:
        self.out = out
        self.loc: tuple[str | int, ...] = ()
        self.depth = 0
        self.string: str | None = None  # the closing delimiter of an open multi-line string
        self.array = False  # the value is an array (not an inline table)
        self.item = 0  # the index of the next item of that array
        self.expect_item = False

    @property
    def busy(self) -> bool:
        return self.depth > 0 or self.string is not None

    def start(self, loc: tuple[str | int, ...], value: str, n: int) -> None:
        self.loc = loc
        self.array = value.lstrip().startswith("[")
        self.item = 0
        self.feed(value, n)

    def feed(self, line: str, n: int) -> None:
        i = 0
        while i < len(line):
            if self.string is not None:
                end = line.find(self.string, i)
                if end < 0:
                    return
                i = end + 3
                self.string = None
                continue
            c = line[i]
            if c == "#":
                return
            if self.array and self.depth == 1 and self.expect_item and c not in " \t,]":
                self.out.setdefault((*self.loc, self.item), n)
                self.item += 1
                self.expect_item = False
            if line.startswith(('"""', "'''"), i):
                self.string = line[i : i + 3]
                i += 3
                continue
            if c == '"':
                i += 1
                while i < len(line) and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
            elif c == "'":
                end = line.find("'", i + 1)
                i = len(line) if end < 0 else end
            elif c in "[{":
                self.depth += 1
                self.expect_item = self.depth == 1
            elif c in "]}":
                self.depth -= 1
            elif c == "," and self.depth == 1:
                self.expect_item = True
            i += 1
