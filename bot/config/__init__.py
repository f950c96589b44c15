"""config.toml: schema (models) and loading with clear errors (load)."""

from __future__ import annotations

from bot.config.load import ConfigError, ConfigProblem, load_config, parse_config, validate_data
from bot.config.models import ChannelConfig, Config, SourceConfig, TopicConfig

__all__ = [
    "ChannelConfig",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "SourceConfig",
    "TopicConfig",
    "load_config",
    "parse_config",
    "validate_data",
]
