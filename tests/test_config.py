from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"


def test_example_config_loads_and_resolves_paths() -> None:
    config = load_config(EXAMPLE)
    assert {t.name for t in config.topics} == {"immigration", "climate", "transit"}
    file_sources = [s for s in config.sources if s.kind == "file"]
    assert file_sources
    for s in file_sources:
        assert s.path is not None
        assert config.resolve(s.path).exists(), s.path


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text()
    assert old in text
    path = tmp_path / "config.toml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_misspelt_key_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken(tmp_path, "summary_chars = 400", "sumary_chars = 400")
    assert main(["check-config", str(path)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if "sumary_chars" in ln)
    assert f"{path}:{line}: posting.sumary_chars: unknown key" in err


def test_string_where_number_belongs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken(tmp_path, "interval_minutes = 10", 'interval_minutes = "ten"')
    assert main(["check-config", str(path)]) == 1
    err = capsys.readouterr().err
    assert "sources[0].interval_minutes" in err
    assert "'ten'" in err
    assert "number" in err


def test_broken_toml_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken(tmp_path, 'name = "Statehouse"', 'name = "Statehouse')
    assert main(["check-config", str(path)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if '"Statehouse' in ln)
    assert f"{path}:{line}:" in err
    assert "TOML syntax error" in err


def test_check_config_summary_on_success(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "immigration" in out and "console" in out


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(tmp_path / "nope.toml")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('[[topics]]\nname = "a"\n[[channels]]\nid = "c"\ntopics = ["b"]\n', "unknown topic 'b'"),
        ('[[sources]]\nname = "x"\nkind = "file"\nurl = "http://e.example/"\n', "needs `path`"),
        ('[[sources]]\nname = "x"\nurl = "ftp://e.example/"\n', "http:// or https://"),
        ('[[channels]]\nid = "c"\nquiet_hours = "25:00-07:00"\n', "HH:MM-HH:MM"),
        ('[[channels]]\nid = "c"\ntimezone = "Mars/Olympus"\n', "unknown time zone"),
        ('[adapters.slack]\nbot_token = "xoxb-secret"\n', "unknown key"),
        (
            '[[sources]]\nname = "x"\nurl = "http://a.example/"\n'
            '[[sources]]\nname = "x"\nurl = "http://b.example/"\n',
            "unique",
        ),
    ],
)
def test_schema_errors(snippet: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(snippet)
    assert expected in str(info.value)


def test_minimum_interval_is_one_minute() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config('[[sources]]\nname = "x"\nurl = "http://a.example/"\ninterval_minutes = 0.5\n')
    problem = info.value.problems[0]
    assert problem.key == "sources[0].interval_minutes"
    assert problem.value == "0.5"
    assert problem.line == 4


def test_slack_api_base_url_is_a_url_and_ends_with_a_slash() -> None:
    from bot.config import ConfigError, parse_config

    conf = parse_config('[adapters.slack]\napi_base_url = "https://slack-gov.com/api"\n')
    assert conf.adapters.slack.api_base_url == "https://slack-gov.com/api/"
    try:
        parse_config('[adapters.slack]\napi_base_url = "slack-gov.com/api"\n')
    except ConfigError as e:
        assert "adapters.slack.api_base_url" in e.render()
        assert "config.toml:2" in e.render()
    else:
        raise AssertionError("a URL without a scheme was accepted")


def test_check_config_hides_credentials_in_source_urls() -> None:
    from bot.cli import redact_url

    assert redact_url("https://u:hunter2@feeds.example/rss?token=abc123&page=2") == (
        "https://u:***@feeds.example/rss?token=***&page=2"
    )
    assert redact_url("https://feeds.example/rss?apiKey=s3cr3t&flag") == (
        "https://feeds.example/rss?apiKey=***&flag"
    )
    assert redact_url("https://feeds.example/rss.xml") == "https://feeds.example/rss.xml"


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        ('url = "postgresql://bot:pw1234@db.example/news"', "password_env"),
        ('url = "mysql://db.example/news"', "expected a PostgreSQL URL"),
        ('url = "postgresql://bot@db.example/news"\npath = "x.db"', "not both"),
        ('password_env = "NEWSBOT_DB_PASSWORD"', "set url too"),
        ('url = "postgresql://bot@db.example/n"\npassword_env = "pw1234secretvalue99"', "NAME"),
    ],
)
def test_database_url_rules(database: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(f"[database]\n{database}\n")
    text = info.value.render()
    assert expected in text
    assert "pw1234" not in text  # a password is never echoed


def test_database_url_selects_postgresql_and_path_stays_the_default() -> None:
    config = parse_config(
        '[database]\nurl = "postgresql://bot@db.example:5432/news"\n'
        'password_env = "NEWSBOT_DB_PASSWORD"\n'
    )
    assert config.database.engine == "postgresql"
    assert config.database_target() == "postgresql://bot@db.example:5432/news"
    assert parse_config("").database.engine == "sqlite"
