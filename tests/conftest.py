from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.pgtarget import store_target
from tests.support import FakeClock, temp_store

RSS_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Desk</title><link>https://desk.example/</link>
"""


def rss_item(n: int, title: str, body: str, date: str = "Wed, 25 Nov 2026 10:00:00 GMT") -> str:
    return (
        f"<item><title>{title}</title><link>https://desk.example/story/{n}</link>"
        f"<guid>https://desk.example/story/{n}</guid><pubDate>{date}</pubDate>"
        f"<description><![CDATA[{body}]]></description></item>\n"
    )


STORIES = [
    (
        1,
        "Immigration court backlog reaches a record",
        "<p>The immigration court in Denver now has more than 40,000 pending cases, "
        "officials said on Tuesday.</p><p>“We are drowning in cases,” said Maria Lopez, "
        "a judge at the court. “Every week the list grows.”</p>"
        "<p>Agents from ICE detained twelve people last week.</p>",
    ),
    (
        2,
        "City council backs light rail extension",
        "<p>The city council voted 7-2 on Monday to extend the light rail line to the "
        "airport, a transit project costing $1.2 billion.</p><p>“This line will change how "
        "people get to work,” said Councilmember Tom Reyes.</p>",
    ),
    (
        3,
        "Library reopens after renovation",
        "<p>The central library reopened on Saturday after a two-year renovation.</p>"
        "<p>Visitors lined up before the doors opened.</p>",
    ),
]


def write_feed(path: Path, stories: list[tuple[int, str, str]]) -> None:
    items = "".join(
        rss_item(n, t, b, f"Wed, 25 Nov 2026 1{n % 10}:00:00 GMT") for n, t, b in stories
    )
    path.write_text(RSS_HEAD + items + "</channel></rss>\n", encoding="utf-8")


CONFIG = """
[database]
path = "bot.db"

[posting]
max_age_hours = 100000

[[sources]]
name = "Test Desk"
kind = "file"
path = "feed.xml"
backfill = 50

[[topics]]
name = "immigration"
keywords = ["immigration", "ICE", "deportation"]

[[topics]]
name = "transit"
keywords = ["transit", "bus"]
phrases = ["light rail"]

[[channels]]
id = "immigration-desk"
topics = ["immigration"]

[[channels]]
id = "commuters"
topics = ["transit"]
"""


@pytest.fixture
def bot_dir(tmp_path: Path) -> Path:
    write_feed(tmp_path / "feed.xml", STORIES)
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.fixture
def add_story(bot_dir: Path) -> Callable[[int, str, str], None]:
    def add(n: int, title: str, body: str) -> None:
        write_feed(bot_dir / "feed.xml", [*STORIES, (n, title, body)])

    return add


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The store's engine for `store` and `db_target`: SQLite unless a suite parametrises
    it over both (`@pytest.mark.parametrize("backend", BACKENDS, indirect=True)`, or a
    conftest overriding this fixture with `params=BACKENDS`)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database for one test: a file in tmp_path, or a PostgreSQL schema of its own."""
    with store_target(backend, tmp_path, "news.db") as target:
        yield target


@pytest.fixture
async def store(db_target: str, clock: FakeClock) -> AsyncIterator[Store]:
    async with temp_store(db_target, clock) as s:
        yield s


@pytest.fixture(autouse=True)
def _readable_replies(monkeypatch: pytest.MonkeyPatch) -> None:
    """No command reply shows a raw channel key, actor id or Python repr (tests/readable.py)."""
    from tests.readable import check_replies

    check_replies(monkeypatch)
