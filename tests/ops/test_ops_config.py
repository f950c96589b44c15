"""Black box: config that used to pass `check-config` but was wrong (issue 18).

Every problem is exit status 1 with `file:line: key: message`, no traceback, and a secret pasted
into a `*_env` key appears nowhere in the output of `check-config` or `run`.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.ops.conftest import Newsbot

# Made-up values in the real shapes, joined at run time so that no secret scanner takes the
# source for a leak.
DISCORD_TOKEN = ".".join(
    ("MTA1NzY1ODk0NzY1NDMyMTIzNA", "GhIjKl", "Zq9xVb3nM8kL2pW7rT5yU1iO4aS6dF0gH")
)
SLACK_TOKEN = "-".join(("xoxb", "918273645012", "102938475601", "QwErTyUiOpAsDfGhJkLzXcVb"))
WEBHOOK = "https://discord.com/" + "api/webhooks/123456789012345678/SeCrEtWeBhOoKtOkEn-abc_123"
SIGNING_SECRET = "8f742231b10e8888abc99fa3c1d4e5f6"
SECRETS = (DISCORD_TOKEN, SLACK_TOKEN, WEBHOOK, SIGNING_SECRET)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def _line(text: str, needle: str, nth: int = 1) -> int:
    hits = [n for n, ln in enumerate(text.splitlines(), 1) if needle in ln]
    return hits[nth - 1]


def _assert_clean_failure(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    out = done.stdout + done.stderr
    assert "Traceback" not in out
    for secret in SECRETS:
        assert secret not in out and secret[:16] not in out
    return done.stderr


FIELD_PROBLEMS = f"""\
[network]
connect_timeout_seconds = inf

[posting]
max_age_hours = inf
backfill = "10"

[[sources]]
name = "Bare"
url = "http://"

[[sources]]
name = "Spaced"
url = "http://a b"
interval_minutes = inf

[[sources]]
name = "Bracket"
url = "https://[::1"
interval_minutes = 1e300

[[channels]]
platform = "discord"
id = "123"
include = ["/(unclosed/"]
exclude = ["sports", "/[z-a]/"]
webhook_url_env = "{WEBHOOK}"

[adapters.console]
enabled = "yes"

[adapters.discord]
token_env = "{DISCORD_TOKEN}"

[adapters.slack]
bot_token_env = "{SLACK_TOKEN}"
signing_secret_env = "{SIGNING_SECRET}"

[foo]
bar = 1
"""


def test_field_problems_name_file_line_and_key_and_never_echo_a_secret(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    _write(tmp_path, FIELD_PROBLEMS)
    err = _assert_clean_failure(newsbot("check-config", "config.toml"))
    text = FIELD_PROBLEMS
    expected = [
        (_line(text, "connect_timeout_seconds"), "network.connect_timeout_seconds", "finite"),
        (_line(text, "max_age_hours = inf"), "posting.max_age_hours", "finite"),
        (_line(text, 'backfill = "10"'), "posting.backfill", "integer"),
        (_line(text, 'url = "http://"'), "sources[0].url", "host"),
        (_line(text, "http://a b"), "sources[1].url", "spaces"),
        (_line(text, "interval_minutes = inf"), "sources[1].interval_minutes", "finite"),
        (_line(text, "https://[::1"), "sources[2].url", "not a usable URL"),
        (_line(text, "1e300"), "sources[2].interval_minutes", "less than or equal to 10080"),
        (_line(text, "include ="), "channels[0].include[0]", "not a valid regular expression"),
        (_line(text, "exclude ="), "channels[0].exclude[1]", "not a valid regular expression"),
        (_line(text, "webhook_url_env"), "channels[0].webhook_url_env", "looks like a secret"),
        (_line(text, 'enabled = "yes"'), "adapters.console.enabled", "boolean"),
        (_line(text, "token_env ="), "adapters.discord.token_env", "looks like a secret"),
        (_line(text, "bot_token_env"), "adapters.slack.bot_token_env", "looks like a secret"),
        (
            _line(text, "signing_secret_env"),
            "adapters.slack.signing_secret_env",
            "looks like a secret",
        ),
        (_line(text, "[foo]"), "foo", "unknown table"),
    ]
    lines = err.splitlines()
    assert len(lines) == len(expected), err
    for (line, key, message), got in zip(expected, lines, strict=True):
        assert got.startswith(f"config.toml:{line}: {key}: "), (got, line, key)
        assert message in got, got
    assert "put the value in the environment and write its name here" in err


CROSS_REFERENCES = """\
[[sources]]
name = "Wire"
url = "https://wire.example/rss"
topics = ["world", "sport"]

[[sources]]
name = "Wire"
url = "https://wire2.example/rss"

[[topics]]
name = "world"
sources = ["Wire", "Ghost"]

[[topics]]
name = "world"

[[channels]]
id = "desk"
topics = ["world", "weather"]

[[channels]]
id = "desk"
sources = ["Nobody"]
"""


def test_cross_references_name_each_item_and_its_line(newsbot: Newsbot, tmp_path: Path) -> None:
    _write(tmp_path, CROSS_REFERENCES)
    err = _assert_clean_failure(newsbot("check-config", "config.toml"))
    t = CROSS_REFERENCES
    for line, key, message in [
        (_line(t, 'topics = ["world", "sport"]'), "sources[0].topics[1]", "unknown topic 'sport'"),
        (_line(t, 'name = "Wire"', 2), "sources[1].name", "source name 'Wire' is already"),
        (_line(t, "Ghost"), "topics[0].sources[1]", "unknown source 'Ghost'"),
        (_line(t, 'name = "world"', 2), "topics[1].name", "topic name 'world' is already"),
        (_line(t, "weather"), "channels[0].topics[1]", "unknown topic 'weather'"),
        (_line(t, 'id = "desk"', 2), "channels[1].id", "channel 'console:desk' is already"),
        (_line(t, "Nobody"), "channels[1].sources[0]", "unknown source 'Nobody'"),
    ]:
        assert f"config.toml:{line}: {key}: " in err and message in err, (line, key, err)


def test_a_syntax_error_at_the_end_and_an_empty_file_name_a_line(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    _write(tmp_path, "[posting]\nbackfill = 1\nx = [\n")
    (tmp_path / "empty.toml").write_text("  \n\n")
    done = newsbot("check-config", "config.toml")
    assert "config.toml:3: TOML syntax error" in _assert_clean_failure(done)
    done = newsbot("check-config", "empty.toml")
    assert "empty.toml:1: the file is empty" in _assert_clean_failure(done)


def test_run_never_prints_a_token_pasted_into_token_env(newsbot: Newsbot, tmp_path: Path) -> None:
    _write(
        tmp_path,
        f'[adapters.discord]\nenabled = true\ntoken_env = "{DISCORD_TOKEN}"\n'
        f'[adapters.slack]\nenabled = true\nbot_token_env = "{SLACK_TOKEN}"\n',
    )
    err = _assert_clean_failure(newsbot("run", "--once", "--config", "config.toml"))
    assert "config.toml:3: adapters.discord.token_env: this looks like a secret" in err
    assert "config.toml:6: adapters.slack.bot_token_env: this looks like a secret" in err
    assert not (tmp_path / "newsbot.db").exists()  # refused before anything was opened


def test_absurd_numbers_are_refused_before_any_command_runs(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    _write(
        tmp_path,
        '[[sources]]\nname = "A"\nurl = "https://a.example/rss"\ninterval_minutes = 1e300\n',
    )
    err = _assert_clean_failure(newsbot("sources", "list", "--config", "config.toml"))
    assert "config.toml:4: sources[0].interval_minutes: " in err


def test_sighup_with_an_empty_file_keeps_the_running_config(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    config = _write(tmp_path, '[[sources]]\nname = "Local"\nkind = "file"\npath = "feed.xml"\n')
    proc = newsbot.popen("run", "--config", "config.toml")
    lines: list[str] = []
    assert proc.stderr is not None
    stderr = proc.stderr
    reader = threading.Thread(target=lambda: lines.extend(iter(stderr.readline, "")), daemon=True)
    reader.start()

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 60
        while not any(text in ln for ln in lines):
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.05)

    try:
        wait_for("SIGHUP to reload")
        config.write_text("")
        proc.send_signal(signal.SIGHUP)
        wait_for("not reloaded: the running configuration is kept")
        assert any("config.toml:1: the file is empty" in ln for ln in lines), "".join(lines)
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
            reader.join(timeout=5)
