"""JSON-lines logging (`[logging] format = "json"`): one JSON object per record, for log
shippers (journald, Loki, Elasticsearch) that would otherwise have to parse the text format.

Each line holds `time` (UTC, ISO 8601 with milliseconds), `level`, `logger`, `message` and,
when there is one, `exception` (the traceback text). The encoder writes ASCII only
(`ensure_ascii`): every control character, line break, bidi control and non-ASCII character in
feed or server text is a `\\uXXXX` escape, so one record is always exactly one line and nothing
in it can drive a terminal. (The text format escapes the same characters with
`bot.textsafe.EscapingFormatter` instead.)
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

__all__ = ["JsonFormatter", "use_json_logs"]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        seconds = time.gmtime(record.created)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", seconds) + f".{int(record.msecs):03d}Z"
        data: dict[str, Any] = {
            "time": stamp,
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            data["exception"] = record.exc_text
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=True)


def use_json_logs(logger: logging.Logger | None = None) -> None:
    """Give every handler of `logger` (the root logger by default) a `JsonFormatter`."""
    for handler in (logger or logging.getLogger()).handlers:
        handler.setFormatter(JsonFormatter())
