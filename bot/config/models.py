"""The schema of config.toml: pydantic models, unknown keys forbidden, defaults declared here.

Admin edits made from chat are validated by these same models before they are stored, so a
value that config.toml would refuse is refused from chat too.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "AdaptersConfig",
    "ChannelConfig",
    "Config",
    "ConsoleConfig",
    "DatabaseConfig",
    "DiscordConfig",
    "NetworkConfig",
    "PostingConfig",
    "SlackConfig",
    "SourceConfig",
    "TopicConfig",
]

_QUIET = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_NAME = re.compile(r"^[\w][\w .&/+-]{0,63}$")


def _name(v: str) -> str:
    if not _NAME.match(v):
        raise ValueError("a name of 1-64 letters, digits, spaces or .&/+-")
    return v


#: Source and topic names: they appear in commands and in the chat, so they stay readable.
Name = Annotated[str, AfterValidator(_name)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseConfig(_Model):
    path: str = "newsbot.db"


class NetworkConfig(_Model):
    allow_private_networks: bool = False
    connect_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    total_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    max_response_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_redirects: int = Field(default=5, ge=0, le=20)
    per_host_concurrency: int = Field(default=2, ge=1, le=32)
    # All full-text page fetches of one poll of one source share this budget; entries whose
    # page has not arrived by then are posted with their feed text.
    fulltext_deadline_seconds: float = Field(default=20.0, gt=0, le=300)


class PostingConfig(_Model):
    summary_chars: int = Field(default=400, ge=80, le=4000)
    max_quotes: int = Field(default=3, ge=0, le=3)
    backfill: int = Field(default=1, ge=0, le=100)
    max_age_hours: float = Field(default=72.0, gt=0)
    update_window_hours: float = Field(default=24.0, ge=0)
    same_story_window_hours: float = Field(default=24.0, ge=0)
    pause_after_failures: int = Field(default=10, ge=1)


class SourceConfig(_Model):
    name: Name
    url: str | None = None
    path: str | None = None
    kind: Literal["feed", "page", "file"] = "feed"
    topics: tuple[str, ...] = ()
    interval_minutes: float = Field(default=10.0, ge=1.0)
    backfill: int | None = Field(default=None, ge=0, le=100)
    max_age_hours: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _where(self) -> SourceConfig:
        if self.kind == "file":
            if not self.path or self.url:
                raise ValueError("a 'file' source needs `path` (and no `url`)")
        elif not self.url or self.path:
            raise ValueError(f"a '{self.kind}' source needs `url` (and no `path`)")
        elif not self.url.startswith(("http://", "https://")):
            raise ValueError("`url` must start with http:// or https://")
        return self

    @property
    def location(self) -> str:
        return self.url if self.url is not None else str(self.path)


class TopicConfig(_Model):
    name: Name
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_score: float = Field(default=1.0, gt=0)


class ChannelConfig(_Model):
    platform: Literal["console", "discord", "slack"] = "console"
    workspace: str = ""
    id: str
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_posts_per_hour: int = Field(default=0, ge=0, le=1000)
    quiet_hours: str | None = None
    timezone: str = "UTC"
    digest_hours: float = Field(default=0, ge=0, le=168)
    # Discord only: post through a webhook (own name and avatar). The webhook URL holds a
    # credential, so the config names the environment variable that holds it.
    webhook_url_env: str | None = None
    webhook_username: str | None = Field(default=None, max_length=80)
    webhook_avatar_url: str | None = None

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


class DiscordConfig(_Model):
    enabled: bool = False
    token_env: str = "DISCORD_TOKEN"
    shard_count: int | None = Field(default=None, ge=1)


class SlackConfig(_Model):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    bot_token_env: str = "SLACK_BOT_TOKEN"
    app_token_env: str = "SLACK_APP_TOKEN"
    signing_secret_env: str = "SLACK_SIGNING_SECRET"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=3000, ge=1, le=65535)
    unfurl_links: bool = False
    subscriptions: Literal["members", "admins"] = "members"
    admin_user_ids: tuple[str, ...] = ()


class AdaptersConfig(_Model):
    console: ConsoleConfig = ConsoleConfig()
    discord: DiscordConfig = DiscordConfig()
    slack: SlackConfig = SlackConfig()


class Config(_Model):
    database: DatabaseConfig = DatabaseConfig()
    network: NetworkConfig = NetworkConfig()
    posting: PostingConfig = PostingConfig()
    adapters: AdaptersConfig = AdaptersConfig()
    sources: tuple[SourceConfig, ...] = ()
    topics: tuple[TopicConfig, ...] = ()
    channels: tuple[ChannelConfig, ...] = ()
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _references(self) -> Config:
        topic_names = {t.name for t in self.topics}
        counts = Counter(s.name for s in self.sources)
        source_names = set(counts)
        dup = {n for n, k in counts.items() if k > 1}
        if dup:
            raise ValueError(f"source names must be unique; repeated: {', '.join(sorted(dup))}")
        for s in self.sources:
            for t in s.topics:
                if t not in topic_names:
                    raise ValueError(f"source {s.name!r} names unknown topic {t!r}")
        for c in self.channels:
            for t in c.topics:
                if t not in topic_names:
                    raise ValueError(f"channel {c.id!r} subscribes to unknown topic {t!r}")
            for n in c.sources:
                if n not in source_names:
                    raise ValueError(f"channel {c.id!r} follows unknown source {n!r}")
        return self

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p
