"""Issue 21: moving an installation from SQLite to PostgreSQL with `newsbot db copy`, through
the real command: what was posted on SQLite is not posted again on PostgreSQL, and a new entry
posts once. Also `[database] url` for the read-only views, `db migrate` and `db backup`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.conftest import Newsbot
from tests.pgtarget import admin_sql, pg_schema

HEAD = "[posting]\nbackfill = 20\nmax_age_hours = 1000000\n"
TAIL = (
    '[[sources]]\nname = "Desk"\nkind = "file"\npath = "feed.xml"\n'
    '[[channels]]\nid = "news"\nsources = ["Desk"]\n'
)


def feed(*items: tuple[str, str]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>https://desk.example/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>Mon, 07 Dec 2026 0{i}:00:00 GMT</pubDate>"
        f"<description>{title}, officials said on Monday.</description></item>"
        for i, (guid, title) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>D</title>{body}</channel></rss>'
    )


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg_schema() as url:
        yield url


def test_a_copied_installation_reposts_nothing_and_posts_new_entries_once(
    newsbot: Newsbot, tmp_path: Path, pg_url: str
) -> None:
    old = [("d1", "Harbour bridge reopens"), ("d2", "Tram line extended")]
    (tmp_path / "feed.xml").write_text(feed(*old))
    (tmp_path / "config.toml").write_text('[database]\npath = "bot.db"\n' + HEAD + TAIL)
    (tmp_path / "pg.toml").write_text(f'[database]\nurl = "{pg_url}"\n' + HEAD + TAIL)

    first = newsbot("run", "--once", "--config", "config.toml")
    assert first.returncode == 0, first.stderr
    assert "Harbour bridge reopens" in first.stdout and "Tram line extended" in first.stdout

    copied = newsbot("db", "copy", "--to", pg_url, "--config", "config.toml")
    assert copied.returncode == 0, copied.stderr
    assert "sources: 1 rows" in copied.stdout and "articles: 2 rows" in copied.stdout
    assert "deliveries: 2 rows" in copied.stdout and "meta: 1 rows" in copied.stdout

    again = newsbot("run", "--once", "--config", "pg.toml")
    assert again.returncode == 0, again.stderr
    assert "Harbour bridge" not in again.stdout and "Tram line" not in again.stdout
    assert "nothing new" in again.stderr

    (tmp_path / "feed.xml").write_text(feed(*old, ("d3", "Library reopens after renovation")))
    new = newsbot("run", "--once", "--config", "pg.toml")
    assert new.returncode == 0, new.stderr
    assert new.stdout.count("📰 Library reopens after renovation") == 1
    assert "Harbour bridge" not in new.stdout and "Tram line" not in new.stdout

    # The read-only views read PostgreSQL; ids continue past the copied ones.
    why = newsbot("why", "3", "--config", "pg.toml")
    assert why.returncode == 0, why.stderr
    assert "Library reopens" in why.stdout
    status = newsbot("status", "--config", "pg.toml")
    assert status.returncode == 0, status.stderr
    assert "Desk" in status.stdout and "database: postgresql://" in status.stdout
    # Only the two runs on PostgreSQL: the SQLite process and its leases were not copied.
    assert "processes recorded: 2 (0 alive, 0 dead, 2 stopped" in status.stdout

    # A second copy would merge two histories: refused, and nothing changes.
    refused = newsbot("db", "copy", "--to", pg_url, "--config", "config.toml")
    assert refused.returncode == 1
    assert "already holds newsbot data" in refused.stderr and "nothing was copied" in refused.stderr
    after = newsbot("run", "--once", "--config", "pg.toml")
    assert after.returncode == 0 and "Library reopens" not in after.stdout


def test_postgresql_config_for_migrate_backup_and_a_missing_password(
    newsbot: Newsbot, tmp_path: Path, pg_url: str
) -> None:
    (tmp_path / "feed.xml").write_text(feed(("d1", "Harbour bridge reopens")))
    (tmp_path / "pg.toml").write_text(f'[database]\nurl = "{pg_url}"\n' + HEAD + TAIL)

    view = newsbot("sources", "list", "--config", "pg.toml")
    assert view.returncode == 1 and "no database yet" in view.stderr  # views create nothing

    migrated = newsbot("db", "migrate", "--config", "pg.toml")
    assert migrated.returncode == 0, migrated.stderr
    assert "migrated from version 0 to" in migrated.stdout
    assert not list(tmp_path.glob("*.lock"))  # no lock file beside anything

    backup = newsbot("db", "backup", "copy.db", "--config", "pg.toml")
    assert backup.returncode == 1 and "pg_dump" in backup.stderr
    assert not (tmp_path / "copy.db").exists()

    (tmp_path / "pw.toml").write_text(
        f'[database]\nurl = "{pg_url}"\npassword_env = "NEWSBOT_TEST_DB_PW"\n' + HEAD + TAIL
    )
    missing = newsbot("run", "--once", "--config", "pw.toml")
    assert missing.returncode == 1
    assert "NEWSBOT_TEST_DB_PW" in missing.stderr and "not set" in missing.stderr

    inline = pg_url.replace("postgres@", "postgres:hunter2@", 1)
    (tmp_path / "inline.toml").write_text(f'[database]\nurl = "{inline}"\n' + HEAD + TAIL)
    checked = newsbot("check-config", "inline.toml")
    assert checked.returncode == 1 and "password_env" in checked.stderr
    assert "hunter2" not in checked.stderr + checked.stdout


def test_copy_refuses_a_url_with_a_password_and_a_newer_target(
    newsbot: Newsbot, tmp_path: Path, pg_url: str
) -> None:
    (tmp_path / "feed.xml").write_text(feed(("d1", "Harbour bridge reopens")))
    (tmp_path / "config.toml").write_text('[database]\npath = "bot.db"\n' + HEAD + TAIL)
    assert newsbot("run", "--once", "--config", "config.toml").returncode == 0
    inline = pg_url.replace("postgres@", "postgres:hunter2@", 1)
    bad = newsbot("db", "copy", "--to", inline, "--config", "config.toml")
    assert bad.returncode == 2 and "password" in bad.stderr and "hunter2" not in bad.stderr
    name = pg_url.rsplit("=", 1)[1]
    admin_sql(
        f"CREATE TABLE {name}.schema_version (version int);"
        f" INSERT INTO {name}.schema_version VALUES (99)"
    )
    newer = newsbot("db", "copy", "--to", pg_url, "--config", "config.toml")
    assert newer.returncode == 1 and "version 99" in newer.stderr
