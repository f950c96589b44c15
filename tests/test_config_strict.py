"""Config that used to pass check-config but was wrong (issue 18): each is now an error naming
the line and the key, and a secret pasted where a variable NAME belongs is never echoed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.app import App
from bot.commands import Caller, Commands, parse_command
from bot.config import ConfigError, load_config, parse_config
from bot.config.models import ChannelConfig, PostingConfig, SourceConfig, TopicConfig
from bot.store import open_store
from tests.platform_harness import desk_config

SOURCE = '[[sources]]\nname = "a"\nurl = "https://a.example/rss"\n'


def problems(text: str) -> list[tuple[int | None, str, str, str | None]]:
    """(line, key, message, shown value) of each problem `text` has."""
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    return [(p.line, p.key, p.message, p.value) for p in info.value.problems]


def one(text: str) -> tuple[int | None, str, str, str | None]:
    [p] = problems(text)
    return p


# ── strict types ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("snippet", "key", "expected"),
    [
        ('[posting]\nsummary_chars = "400"\n', "posting.summary_chars", "valid integer"),
        ('[adapters.console]\nenabled = "yes"\n', "adapters.console.enabled", "valid boolean"),
        ("[adapters.console]\nenabled = 1\n", "adapters.console.enabled", "valid boolean"),
        ("[posting]\nmax_quotes = true\n", "posting.max_quotes", "valid integer"),
        ("[posting]\nmax_quotes = 2.0\n", "posting.max_quotes", "valid integer"),
        ("[posting]\nmax_age_hours = true\n", "posting.max_age_hours", "valid number"),
        ('[network]\nconnect_timeout_seconds = "10"\n', "network.connect_timeout_seconds", "num"),
        ('[[topics]]\nname = "t"\nkeywords = ["a", 1]\n', "topics[0].keywords[1]", "string"),
        ('[[topics]]\nname = "t"\nkeywords = "a"\n', "topics[0].keywords", "tuple"),
        ('[adapters.slack]\nhttp_port = "3000"\n', "adapters.slack.http_port", "valid integer"),
    ],
)
def test_strings_and_bools_are_not_coerced(snippet: str, key: str, expected: str) -> None:
    line, got_key, message, _ = one(snippet)
    assert got_key == key and expected in message
    assert line == snippet.count("\n")  # the offending key is the last line of each snippet


def test_strict_still_takes_arrays_as_tuples_and_ints_as_floats() -> None:
    config = parse_config(
        SOURCE + 'interval_minutes = 10\ntopics = ["t"]\n'
        '[[topics]]\nname = "t"\nkeywords = ["a", "b"]\nmin_score = 2\n'
        '[[channels]]\nid = "c"\ntopics = ["t"]\ninclude = ["a"]\ndigest_hours = 1\n'
        "[posting]\nmax_age_hours = 48\n"
    )
    assert config.sources[0].interval_minutes == 10.0
    assert isinstance(config.sources[0].interval_minutes, float)
    assert config.topics[0].keywords == ("a", "b") and config.channels[0].include == ("a",)
    assert config.posting.max_age_hours == 48.0
    # Chat edits are stored as JSON (lists) and validated again by the same models.
    topic = config.topics[0]
    assert TopicConfig.model_validate(topic.model_dump(mode="json")) == topic
    posting = PostingConfig.model_validate(config.posting.model_dump(mode="json"))
    assert posting == config.posting
    assert ChannelConfig(id="c", include=["x"], max_posts_per_hour=3).include == ("x",)


# ── numbers ──────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("section", "key", "bad", "good"),
    [
        ("[[sources]]", "interval_minutes", ["inf", "nan", "1e300", "10081", "0.5"], "10080"),
        ("[[sources]]", "max_age_hours", ["inf", "1e300", "1000001", "0"], "1000000"),
        ("[posting]", "max_age_hours", ["inf", "-inf", "1e300", "1e7"], "87600"),
        ("[posting]", "update_window_hours", ["inf", "nan", "8761"], "8760"),
        ("[posting]", "same_story_window_hours", ["1e300"], "0"),
        ("[posting]", "pause_after_failures", ["1001", "0"], "1000"),
        ("[network]", "connect_timeout_seconds", ["inf", "nan", "0", "121"], "120"),
        ("[network]", "total_timeout_seconds", ["inf", "601"], "600"),
        ("[network]", "max_response_bytes", ["1073741825"], "1073741824"),
        ("[[topics]]", "min_score", ["inf", "nan", "1001"], "1000"),
        ("[[channels]]", "digest_hours", ["inf", "nan", "169"], "168"),
        ("[adapters.discord]", "shard_count", ["10001", "0"], "10000"),
    ],
)
def test_numbers_must_be_finite_and_sensible(
    section: str, key: str, bad: list[str], good: str
) -> None:
    head = {
        "[[sources]]": SOURCE,
        "[[topics]]": '[[topics]]\nname = "t"\n',
        "[[channels]]": '[[channels]]\nid = "c"\n',
    }.get(section, section + "\n")
    parse_config(head + f"{key} = {good}\n")
    prefix = {"[[sources]]": "sources[0]", "[[topics]]": "topics[0]", "[[channels]]": "channels[0]"}
    dotted = prefix.get(section, section.strip("[]")) + "." + key
    for value in bad:
        text = head + f"{key} = {value}\n"
        line, got_key, message, _ = one(text)
        assert (line, got_key) == (text.count("\n"), dotted), value
        if value in ("inf", "-inf", "nan"):
            assert "finite number" in message


def test_the_example_documents_every_bound() -> None:
    """config.example.toml states the bounds: keep it in step with the models."""
    text = (Path(__file__).resolve().parents[1] / "config.example.toml").read_text()
    for bound in (
        "1-10080",
        "1000000",
        "0-8760",
        "up to 120",
        "up to 600",
        "1 GiB",
        "0-168",
        "up to 1000",
    ):
        assert bound in text, bound


# ── secrets in *_env fields ──────────────────────────────────────────────────────────────

# Made-up values in the real shapes, joined at run time so that no secret scanner takes the
# source for a leak.
DISCORD_TOKEN = ".".join(
    ("MTA1NzY1ODk0NzY1NDMyMTIzNA", "GhIjKl", "abcdefghijklmnopqrstuvwxyz0123456789AB")
)
SECRETS = [
    DISCORD_TOKEN,
    "-".join(("xoxb", "123456789012", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx")),
    "xoxp-1-2-3-abc",
    "xapp-1-A0123456789-1234567890123-abcdef0123456789",
    "https://discord.com/" + "api/webhooks/123456789012345678/abcDEF_ghi-jkl",
    "8f742231b10e8888abc99fa3c1d4e5f6",  # a Slack signing secret: 32 hex characters
    "ghp_R2d2C3poXwingTieFighter0123456789ab",  # words and `_` do not make it a name
    "a" * 65,
]
ENV_KEYS = [
    ("[adapters.discord]", "token_env", "adapters.discord.token_env"),
    ("[adapters.slack]", "bot_token_env", "adapters.slack.bot_token_env"),
    ("[adapters.slack]", "app_token_env", "adapters.slack.app_token_env"),
    ("[adapters.slack]", "signing_secret_env", "adapters.slack.signing_secret_env"),
    (
        '[[channels]]\nplatform = "discord"\nid = "1"',
        "webhook_url_env",
        "channels[0].webhook_url_env",
    ),
]


@pytest.mark.parametrize(("section", "key", "dotted"), ENV_KEYS)
@pytest.mark.parametrize("secret", SECRETS)
def test_a_secret_in_an_env_field_is_refused_and_never_echoed(
    section: str, key: str, dotted: str, secret: str
) -> None:
    text = f'{section}\n{key} = "{secret}"\n'
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    [p] = info.value.problems
    assert (p.line, p.key, p.value) == (text.count("\n"), dotted, None)
    assert "looks like a secret or URL, not the NAME of an environment variable" in p.message
    # Nowhere: not in the rendering, not in the chained pydantic error (a traceback, a log).
    for shown in (info.value.render(), str(info.value), str(info.value.__cause__)):
        assert secret not in shown and secret[:12] not in shown


@pytest.mark.parametrize(
    "name",
    [
        "DISCORD_TOKEN",
        "my_bot_token",
        "_X",
        "SLACK_BOT_TOKEN_2",
        "NEWSBOT_PRODUCTION_DISCORD_TOKEN",
    ],
)
def test_variable_names_are_accepted(name: str) -> None:
    config = parse_config(f'[adapters.discord]\ntoken_env = "{name}"\n')
    assert config.adapters.discord.token_env == name


@pytest.mark.parametrize("bad", ["MY-TOKEN", "2FA", "", "my token"])
def test_other_non_names_are_refused_without_the_value(bad: str) -> None:
    line, key, message, value = one(f'[adapters.slack]\nbot_token_env = "{bad}"\n')
    assert (line, key, value) == (2, "adapters.slack.bot_token_env", None)
    assert "NAME of an environment variable" in message


def test_an_unknown_key_never_echoes_its_value() -> None:
    line, key, message, value = one(f'[adapters.discord]\ntoken = "{DISCORD_TOKEN}"\n')
    assert (line, key, value) == (2, "adapters.discord.token", None)
    assert "unknown key" in message


# ── URLs and filters ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://", "no valid host"),
        ("https://", "no valid host"),
        ("http://a b/feed", "spaces"),
        ("https://[::1", "not a usable URL"),
        ("https://news.example:99999/rss", "not a usable URL"),
        ("https://news.example:0/rss", "port 0"),
        ("ftp://news.example/rss", "http:// or https://"),
        ("news.example/rss", "http:// or https://"),
        ("https://news.example/\trss", "spaces"),
    ],
)
def test_source_urls_must_be_usable(url: str, expected: str) -> None:
    text = f'[[sources]]\nname = "a"\nurl = "{url}"\n'
    line, key, message, _ = one(text.replace("\t", "\\t"))
    assert (line, key) == (3, "sources[0].url") and expected in message


@pytest.mark.parametrize(
    "url",
    ["https://news.example/rss.xml", "http://127.0.0.1:8080/feed?x=1", "https://[::1]:8443/f"],
)
def test_usable_urls_pass(url: str) -> None:
    assert parse_config(f'[[sources]]\nname = "a"\nurl = "{url}"\n').sources[0].url == url


@pytest.mark.parametrize("field", ["include", "exclude"])
@pytest.mark.parametrize("bad", ["/(unclosed/", "/a{99999999999}/", "/[z-a]/", " "])
def test_a_filter_that_does_not_compile_is_an_error(field: str, bad: str) -> None:
    text = f'[[channels]]\nid = "c"\n{field} = [\n  "fine",\n  "{bad}",\n]\n'
    line, key, message, _ = one(text)
    assert (line, key) == (5, f"channels[0].{field}[1]")  # the item's own line
    assert "filter" in message


# ── cross references: each at its own item's line ────────────────────────────────────────


def test_cross_reference_errors_name_each_item_and_line() -> None:
    text = """\
[[sources]]
name = "a"
url = "https://a.example/"
topics = ["t", "nope"]

[[sources]]
name = "a"
url = "https://b.example/"

[[topics]]
name = "t"
sources = ["a", "ghost"]

[[topics]]
name = "t"

[[channels]]
id = "c"
topics = ["t", "zzz"]

[[channels]]
id = "c"
sources = ["b"]
"""
    got = {(line, key) for line, key, _, _ in problems(text)}
    assert got == {
        (4, "sources[0].topics[1]"),
        (7, "sources[1].name"),
        (12, "topics[0].sources[1]"),
        (15, "topics[1].name"),
        (19, "channels[0].topics[1]"),
        (22, "channels[1].id"),
        (23, "channels[1].sources[0]"),
    }
    messages = " | ".join(m for _, _, m, _ in problems(text))
    assert "source name 'a' is already defined (sources[0])" in messages
    assert "topic name 't' is already defined" in messages
    assert "channel 'console:c' is already defined" in messages
    assert "unknown source 'ghost'" in messages


def test_same_channel_id_on_two_platforms_is_fine() -> None:
    parse_config('[[channels]]\nid = "c"\n[[channels]]\nplatform = "slack"\nid = "c"\n')


def test_unknown_tables_and_syntax_at_the_end_name_their_line() -> None:
    text = "[posting]\nbackfill = 1\n\n[foo]\nx = 1\n[adapters.bar]\ny = 2\n"
    assert [(line, key) for line, key, _, _ in problems(text)] == [
        (4, "foo"),
        (6, "adapters.bar"),
    ]
    assert "unknown table" in problems(text)[0][2]
    line, _, message, _ = one("[posting]\nbackfill = 1\nx = [\n\n")
    assert line == 3 and "TOML syntax error" in message and "end of the file" in message
    assert one("x = [")[0] == 1


def test_line_finder_is_not_fooled_by_strings_and_multiline_values() -> None:
    text = '''\
[[topics]]
name = "t"
keywords = [
  "sources = 1",
  "[[sources]]",
]
phrases = ["""
[[channels]]
min_score = 2
"""]
"quoted key" = 1
min_score = "2"
'''
    got = [(line, key) for line, key, _, _ in problems(text)]
    assert got == [(11, "topics[0].quoted key"), (12, "topics[0].min_score")]
    items = (
        '[[topics]]\nname = "t"\nkeywords = [ "a", ["x"], # 1, 2\n  "b",\n  """c,\n""",\n  3,\n]\n'
    )
    assert [(line, key) for line, key, _, _ in problems(items)] == [
        (3, "topics[0].keywords[1]"),
        (7, "topics[0].keywords[4]"),
    ]


# ── the empty file, a reload, chat ───────────────────────────────────────────────────────


@pytest.mark.parametrize("content", ["", "   \n\n\t\n"])
def test_an_empty_file_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "the file is empty" in info.value.render()
    assert info.value.render().startswith(f"{path}:1:")


async def test_a_reload_that_finds_an_empty_or_broken_file_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    (tmp_path / "feed.xml").write_text("<rss><channel></channel></rss>")
    path.write_text(desk_config("Desk") + f'[database]\npath = "{tmp_path / "n.db"}"\n')
    config = load_config(path)
    app = await App.open(config, {}, clock=time.time, processes=0)
    try:
        for broken in ("", "\n  \n", "x = [", '[[sources]]\nname = "a"\nurl = "http://a b"\n'):
            path.write_text(broken)
            problem = await app.reload_config(path)
            assert problem is not None and str(path) in problem
            assert app.config is config
            assert [s.name for s in await app.store.list_sources()] == ["Desk"]
    finally:
        await app.close()


async def test_chat_gets_the_same_refusals(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "n.db", clock=time.time)
    try:
        commands = Commands(store, parse_config(desk_config("Desk")), clock=time.time)
        admin = Caller("slack", "T1", "C1", "U3", can_manage_channel=True, is_admin=True)
        bad_url = await commands.call("source_add", admin, name="x", url="http://a b/rss")
        assert not bad_url.ok and "spaces" in bad_url.text
        parsed = parse_command("newsadmin", "channel set digest_hours=nan")
        nan = await commands.call(parsed.handler, admin, **parsed.kwargs)
        assert not nan.ok and "finite" in nan.text
        assert await store.channel_settings(admin.channel_key) == {}
        assert [s.name for s in await store.list_sources()] == []
    finally:
        await store.close()


def test_models_refuse_without_a_file() -> None:
    with pytest.raises(ValidationError):
        SourceConfig(name="a", url="https://[::1")


def test_the_webhook_avatar_is_a_usable_url_too() -> None:
    text = '[[channels]]\nplatform = "discord"\nid = "1"\nwebhook_avatar_url = "desk.png"\n'
    line, key, message, _ = one(text)
    assert (line, key) == (4, "channels[0].webhook_avatar_url") and "http" in message
    ok = text.replace("desk.png", "https://example.org/desk.png")
    assert parse_config(ok).channels[0].webhook_avatar_url == "https://example.org/desk.png"
