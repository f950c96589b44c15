"""The schema of config.toml: pydantic models, unknown keys forbidden, defaults declared here.

Admin edits made from chat are validated by these same models before they are stored, so a
value that config.toml would refuse is refused from chat too.

Types are strict: `"10"` is not a number and `"yes"` not a boolean (a quoted value is a typo
we would rather report than guess at), and numbers must be finite and within bounds that make
sense for each key (`interval_minutes = inf` or `1e300` would otherwise crash the scheduler or
overflow a timestamp). TOML arrays still load into tuples, and an integer is accepted where a
float is expected.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from bot.config.filters import check_filter
from bot.config.templates import check_template

__all__ = [
    "AdaptersConfig",
    "ChannelConfig",
    "Config",
    "ConsoleConfig",
    "DatabaseConfig",
    "DiscordConfig",
    "LoggingConfig",
    "NetworkConfig",
    "ObservabilityConfig",
    "PostingConfig",
    "SlackConfig",
    "SourceConfig",
    "TopicConfig",
    "looks_secret",
]

_QUIET = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_NAME = re.compile(r"^[\w][\w .&/+-]{0,63}$")


def _name(v: str) -> str:
    if not _NAME.match(v):
        raise ValueError("a name of 1-64 letters, digits, spaces or .&/+-")
    return v


#: Source and topic names: they appear in commands and in the chat, so they stay readable.
Name = Annotated[str, AfterValidator(_name)]

#: A list of strings: a TOML array (or a JSON list stored by a chat edit) becomes a tuple; the
#: items stay strict (a number is not a string).
Strings = Annotated[tuple[str, ...], Strict(False)]

#: About 114 years: older than any web feed, so "any age"; larger is a typo or an overflow.
ANY_AGE_HOURS = 1_000_000.0
ONE_YEAR_HOURS = 8760.0
ONE_WEEK_MINUTES = 10080.0

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_SECRET_SHAPES = (
    re.compile(r"://"),  # a URL (a webhook URL holds its token)
    re.compile(r"^xox[a-z]-", re.IGNORECASE),  # Slack bot/user/... tokens
    re.compile(r"^xapp-", re.IGNORECASE),  # Slack app-level token
    re.compile(r"^[\w-]{16,}\.[\w-]{4,}\.[\w-]{16,}$"),  # Discord: three base64 parts
)


def looks_secret(value: str) -> bool:
    """True for a value shaped like a token, a URL or another long opaque secret: such a value
    is never echoed in an error. Variable names are short words joined by `_`; a run of 16+
    characters with a digit in it (a signing secret is 32 hex characters, `ghp_` is followed
    by 36) or of 32+ characters is opaque."""
    v = value.strip()
    if any(p.search(v) for p in _SECRET_SHAPES) or len(v) > 64:
        return True
    return any(
        len(run) >= 32 or (len(run) >= 16 and any(c.isdigit() for c in run))
        for run in re.split(r"[_\s]+", v)
    )


def _env_name(v: str) -> str:
    if looks_secret(v):
        raise PydanticCustomError(
            "secret_in_env_field",
            "this looks like a secret or URL, not the NAME of an environment variable; put "
            "the value in the environment and write its name here",
        )
    if not _ENV_NAME.match(v):
        raise PydanticCustomError(
            "env_name",
            "expected the NAME of an environment variable (letters, digits and _, not "
            "starting with a digit, at most 64 characters)",
        )
    return v


#: A `*_env` field: the name of the environment variable holding a secret, never the secret.
EnvName = Annotated[str, AfterValidator(_env_name)]


def _http_url(v: str) -> str:
    """A URL the HTTP client can fetch: http(s), a host, a valid port, no spaces."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in v):
        raise ValueError("the URL must not contain spaces or control characters")
    try:
        parts = urlsplit(v)
        port = parts.port
    except ValueError as e:
        raise ValueError(f"not a usable URL ({e})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("the URL must start with http:// or https://")
    host = parts.hostname or ""
    if not host or any(c in host for c in '<>"{}|\\^`'):
        raise ValueError("the URL has no valid host name (e.g. https://news.example/rss.xml)")
    if port == 0:
        raise ValueError("the URL has port 0")
    return v


#: An http(s) URL (a source, an avatar).
HttpUrl = Annotated[str, AfterValidator(_http_url)]


def _filter(v: str) -> str:
    problem = check_filter(v)
    if problem is not None:
        raise ValueError(problem)
    return v


#: Channel include/exclude lists: every entry must compile, since a filter that cannot be
#: applied would either widen what is posted or block the channel.
Filters = Annotated[tuple[Annotated[str, AfterValidator(_filter)], ...], Strict(False)]


class _Model(BaseModel):
    # hide_input_in_errors: a ValidationError's text (a traceback, a log line) never carries
    # the value, which may be a secret pasted into the wrong key.
    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, allow_inf_nan=False, hide_input_in_errors=True
    )


def _database_url(v: str) -> str:
    """A PostgreSQL URL without a password in it (the password comes from `password_env`)."""
    try:
        parts = urlsplit(v)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise PydanticCustomError(
            "database_url", "not a usable URL: postgresql://user@host:port/database"
        ) from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise PydanticCustomError(
            "database_url",
            "expected a PostgreSQL URL, postgresql://user@host:port/database (a SQLite "
            "database is set with path, not url)",
        )
    if parts.password is not None:
        raise PydanticCustomError(
            "database_url",
            "the url holds a password; remove it, put the password in an environment "
            "variable and name that variable in password_env",
        )
    if not parts.hostname and "host=" not in parts.query:
        raise PydanticCustomError("database_url", "the url names no host")
    return v


class DatabaseConfig(_Model):
    """SQLite by `path` (the default), or PostgreSQL by `url` (docs/postgresql.md)."""

    path: str = "newsbot.db"
    # How long a process's claim on a source or a channel lasts without a heartbeat: a dead
    # process's work is taken over within this time (see docs/leases.md).
    lease_seconds: float = Field(default=30.0, ge=5.0, le=600.0)
    url: Annotated[str, AfterValidator(_database_url)] | None = None
    # The database password, for `url`: the NAME of the environment variable holding it.
    password_env: EnvName | None = None

    @model_validator(mode="after")
    def _one_engine(self) -> DatabaseConfig:
        if self.url is not None and "path" in self.model_fields_set:
            raise ValueError("set path (SQLite) or url (PostgreSQL), not both")
        if self.password_env is not None and self.url is None:
            raise ValueError("password_env is the password of a PostgreSQL url; set url too")
        return self

    @property
    def engine(self) -> Literal["sqlite", "postgresql"]:
        return "sqlite" if self.url is None else "postgresql"


class NetworkConfig(_Model):
    allow_private_networks: bool = False
    connect_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    total_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    max_response_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=1024**3)
    max_redirects: int = Field(default=5, ge=0, le=20)
    per_host_concurrency: int = Field(default=2, ge=1, le=32)
    # All full-text page fetches of one poll of one source share this budget; entries whose
    # page has not arrived by then are posted with their feed text.
    fulltext_deadline_seconds: float = Field(default=20.0, gt=0, le=300)


class PostingConfig(_Model):
    summary_chars: int = Field(default=400, ge=80, le=4000)
    max_quotes: int = Field(default=3, ge=0, le=3)
    backfill: int = Field(default=1, ge=0, le=100)
    max_age_hours: float = Field(default=72.0, gt=0, le=ANY_AGE_HOURS)
    update_window_hours: float = Field(default=24.0, ge=0, le=ONE_YEAR_HOURS)
    same_story_window_hours: float = Field(default=24.0, ge=0, le=ONE_YEAR_HOURS)
    pause_after_failures: int = Field(default=10, ge=1, le=1000)
    # Keyword alerts (`/news alert add`): direct messages per person per 24 hours.
    alerts_per_day: int = Field(default=10, ge=0, le=1000)


class SourceConfig(_Model):
    name: Name
    url: HttpUrl | None = None
    path: str | None = None
    kind: Literal["feed", "page", "file"] = "feed"
    topics: Strings = ()
    interval_minutes: float = Field(default=10.0, ge=1.0, le=ONE_WEEK_MINUTES)
    backfill: int | None = Field(default=None, ge=0, le=100)
    max_age_hours: float | None = Field(default=None, gt=0, le=ANY_AGE_HOURS)

    @model_validator(mode="after")
    def _where(self) -> SourceConfig:
        if self.kind == "file":
            if not self.path or self.url:
                raise ValueError("a 'file' source needs `path` (and no `url`)")
        elif not self.url or self.path:
            raise ValueError(f"a '{self.kind}' source needs `url` (and no `path`)")
        return self

    @property
    def location(self) -> str:
        return self.url if self.url is not None else str(self.path)


class TopicConfig(_Model):
    name: Name
    keywords: Strings = ()
    phrases: Strings = ()
    exclude: Strings = ()
    sources: Strings = ()
    min_score: float = Field(default=1.0, gt=0, le=1000)


class ChannelConfig(_Model):
    platform: Literal["console", "discord", "slack"] = "console"
    workspace: str = ""
    id: str
    topics: Strings = ()
    sources: Strings = ()
    include: Filters = ()
    exclude: Filters = ()
    max_posts_per_hour: int = Field(default=0, ge=0, le=1000)
    quiet_hours: str | None = None
    timezone: str = "UTC"
    digest_hours: float = Field(default=0, ge=0, le=168)
    # The workspace's notices channel: where "a source paused", "a channel refuses posts" go
    # (several may be marked; each gets them). See bot/delivery/notices.py.
    notices: bool = False
    # A discussion thread per post (Discord text channels; Slack: updates and same-story
    # sources go in the post's thread). Discord forum channels always post one thread each.
    threads: bool = False
    # Discord only: post through a webhook (own name and avatar). The webhook URL holds a
    # credential, so the config names the environment variable that holds it.
    webhook_url_env: EnvName | None = None
    webhook_username: str | None = Field(default=None, max_length=80)
    webhook_avatar_url: HttpUrl | None = None
    # How posts look: a built-in layout, or a template with {title}-style placeholders
    # (bot/config/templates.py), checked here so a bad one is refused where it is written.
    format: Literal["full", "compact", "headline"] = "full"
    template: str | None = None

    @field_validator("template")
    @classmethod
    def _template(cls, v: str | None) -> str | None:
        problem = check_template(v) if v is not None else None
        if problem is not None:
            raise ValueError(problem)
        return v

    @model_validator(mode="after")
    def _webhook(self) -> ChannelConfig:
        if self.webhook_url_env and self.platform != "discord":
            raise ValueError("webhook_url_env is for Discord channels only")
        return self

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, v: str | None) -> str | None:
        if v is not None and not _QUIET.match(v):
            raise ValueError("quiet hours as HH:MM-HH:MM, e.g. 22:00-07:00")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone {v!r}") from e
        return v


class ConsoleConfig(_Model):
    enabled: bool = True


MAX_SHARDS = 10000

#: A list of shard ids: a TOML array becomes a tuple; each id is an integer from 0.
ShardIds = Annotated[tuple[Annotated[int, Field(ge=0, lt=MAX_SHARDS)], ...], Strict(False)]


class DiscordConfig(_Model):
    """`shard_count` alone: this process connects every shard. With several processes, each
    connects a part: `shard_ids` names them, or `process_index` + `process_count` say "this is
    process i of n" and it takes shards i, i+n, i+2n, ... of `shard_count`. The checks run in
    field order, so each problem is reported at its own key (and line)."""

    enabled: bool = False
    token_env: EnvName = "DISCORD_TOKEN"
    shard_count: int | None = Field(default=None, ge=1, le=MAX_SHARDS)
    shard_ids: ShardIds | None = None
    process_index: int | None = Field(default=None, ge=0, lt=MAX_SHARDS)
    process_count: int | None = Field(default=None, ge=1, le=MAX_SHARDS, validate_default=True)
    # The bot token's global REST budget (Discord: 50 requests/s per bot, however many
    # processes use the token); each live process paces itself to its share of it.
    rest_per_second: float = Field(default=50.0, gt=0, le=10000)
    # The REST API address: Discord's own by default; a proxy or a test double can be named
    # here. The gateway address then comes from that API's GET /gateway/bot answer.
    api_base_url: HttpUrl | None = None

    @field_validator("api_base_url")
    @classmethod
    def _api_base(cls, v: str | None) -> str | None:
        # discord.py appends the route ("/channels/123/messages") to this address.
        return v if v is None else v.rstrip("/")

    @field_validator("shard_ids")
    @classmethod
    def _shard_ids(cls, v: tuple[int, ...] | None, info: ValidationInfo) -> tuple[int, ...] | None:
        if v is None or "shard_count" not in info.data:  # unset, or shard_count already wrong
            return v
        count = info.data["shard_count"]
        if count is None:
            raise ValueError(
                "shard_ids needs shard_count (the total number of shards across all processes)"
            )
        if not v:
            raise ValueError("shard_ids is empty: name at least one shard, or leave it out")
        too_big = [i for i in v if i >= count]
        if too_big:
            raise ValueError(
                f"shard id {too_big[0]} is not below shard_count = {count} "
                f"(shards are numbered 0 to {count - 1})"
            )
        twice = sorted({i for i in v if v.count(i) > 1})
        if twice:
            raise ValueError(f"shard id {twice[0]} is listed twice")
        return v

    @field_validator("process_index")
    @classmethod
    def _process_index(cls, v: int | None, info: ValidationInfo) -> int | None:
        if v is not None and info.data.get("shard_ids") is not None:
            raise ValueError("set either shard_ids or process_index + process_count, not both")
        return v

    @field_validator("process_count")
    @classmethod
    def _process_count(cls, v: int | None, info: ValidationInfo) -> int | None:
        if "process_index" not in info.data or "shard_count" not in info.data:
            return v  # reported already
        index, count = info.data["process_index"], info.data["shard_count"]
        if v is None:
            if index is not None:
                raise ValueError(
                    "process_index needs process_count (how many processes share the shards)"
                )
            return v
        if index is None:
            raise ValueError(
                "process_count needs process_index (which of them this process is, from 0)"
            )
        if index >= v:
            raise ValueError(
                f"process_index = {index} is not below process_count = {v} "
                f"(processes are numbered 0 to {v - 1})"
            )
        if count is None:
            raise ValueError(
                "process_count needs shard_count (the total number of shards to share out)"
            )
        if count < v:
            raise ValueError(
                f"shard_count = {count} is less than process_count = {v}: "
                "every process needs at least one shard"
            )
        return v

    @property
    def assigned_shards(self) -> tuple[int, ...] | None:
        """The shards this process connects, or None for all of `shard_count` (or, without a
        shard count, all of what Discord recommends)."""
        if self.shard_ids is not None:
            return self.shard_ids
        if self.process_index is not None and self.process_count is not None:
            assert self.shard_count is not None  # checked above
            return tuple(range(self.process_index, self.shard_count, self.process_count))
        return None


class SlackConfig(_Model):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    bot_token_env: EnvName = "SLACK_BOT_TOKEN"
    app_token_env: EnvName = "SLACK_APP_TOKEN"
    signing_secret_env: EnvName = "SLACK_SIGNING_SECRET"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=3000, ge=1, le=65535)
    unfurl_links: bool = False
    subscriptions: Literal["members", "admins"] = "members"
    admin_user_ids: Strings = ()
    # The Web API address: Slack's own by default; GovSlack workspaces use
    # https://slack-gov.com/api/, and a proxy or a test double can be named here.
    api_base_url: HttpUrl | None = None

    @field_validator("api_base_url")
    @classmethod
    def _api_base(cls, v: str | None) -> str | None:
        # The Slack client appends the method name ("chat.postMessage") to this address.
        return v if v is None or v.endswith("/") else v + "/"


def _listen(v: str) -> str:
    host, sep, port = v.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]  # [::1]:9464
    if not sep or not host or any(c.isspace() or c in "/[]" for c in host):
        raise ValueError('expected host:port, e.g. "127.0.0.1:9464" (or "[::1]:9464")')
    if not port.isascii() or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"the port must be a number from 0 to 65535, not {port!r}")
    return v


class ObservabilityConfig(_Model):
    # `newsbot run` serves /healthz and /metrics here; off when unset. Port 0 picks a free
    # port (the one bound is logged).
    listen: Annotated[str, AfterValidator(_listen)] | None = None

    @property
    def address(self) -> tuple[str, int] | None:
        if self.listen is None:
            return None
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)


class LoggingConfig(_Model):
    format: Literal["text", "json"] = "text"


class AdaptersConfig(_Model):
    console: ConsoleConfig = ConsoleConfig()
    discord: DiscordConfig = DiscordConfig()
    slack: SlackConfig = SlackConfig()


class Config(_Model):
    database: DatabaseConfig = DatabaseConfig()
    network: NetworkConfig = NetworkConfig()
    posting: PostingConfig = PostingConfig()
    adapters: AdaptersConfig = AdaptersConfig()
    observability: ObservabilityConfig = ObservabilityConfig()
    logging: LoggingConfig = LoggingConfig()
    sources: Annotated[tuple[SourceConfig, ...], Strict(False)] = ()
    topics: Annotated[tuple[TopicConfig, ...], Strict(False)] = ()
    channels: Annotated[tuple[ChannelConfig, ...], Strict(False)] = ()
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _references(self) -> Config:
        """Names that must be unique or must exist. Each problem is reported at the item that
        has it (`sources[3].name`), so the error names that item's line in the file."""
        problems = list(_reference_problems(self))
        if problems:
            raise ValidationError.from_exception_data(
                "Config",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("reference", message),
                        loc=loc,
                        input=value,
                    )
                    for loc, message, value in problems
                ],
                hide_input=True,
            )
        return self

    def database_target(self) -> str:
        """What the store opens: the PostgreSQL url, or the SQLite file's path."""
        return self.database.url or str(self.resolve(self.database.path))

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p


_Problem = tuple[tuple[str | int, ...], str, Any]


def _duplicates(
    section: str, keys: Iterable[tuple[str, ...]], field: str, what: str
) -> Iterable[_Problem]:
    seen: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        seen[key].append(i)
    for key, where in seen.items():
        for i in where[1:]:
            shown = ":".join(k for k in key if k)
            yield (
                (section, i, field),
                f"{what} {shown!r} is already defined ({section}[{where[0]}]); "
                f"{what}s must be unique",
                key[-1],
            )


def _reference_problems(c: Config) -> Iterable[_Problem]:
    topic_names = {t.name for t in c.topics}
    source_names = {s.name for s in c.sources}
    yield from _duplicates("sources", ((s.name,) for s in c.sources), "name", "source name")
    yield from _duplicates("topics", ((t.name,) for t in c.topics), "name", "topic name")
    yield from _duplicates(
        "channels", ((ch.platform, ch.workspace, ch.id) for ch in c.channels), "id", "channel"
    )
    for i, s in enumerate(c.sources):
        for j, t in enumerate(s.topics):
            if t not in topic_names:
                yield ("sources", i, "topics", j), f"unknown topic {t!r}", t
    for i, topic in enumerate(c.topics):
        for j, n in enumerate(topic.sources):
            if n not in source_names:
                yield ("topics", i, "sources", j), f"unknown source {n!r}", n
    for i, ch in enumerate(c.channels):
        for j, t in enumerate(ch.topics):
            if t not in topic_names:
                yield ("channels", i, "topics", j), f"subscribes to unknown topic {t!r}", t
        for j, n in enumerate(ch.sources):
            if n not in source_names:
                yield ("channels", i, "sources", j), f"follows unknown source {n!r}", n
