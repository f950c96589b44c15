"""The configuration in force: config.toml with the edits admins made from chat on top.

Chat edits are stored in the database (settings table for topics and posting defaults, the
sources and channels tables for those) and validated by the same pydantic models as the file,
so a value config.toml would refuse is refused from chat too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from bot.commands.types import CommandError
from bot.config.models import Config, PostingConfig, TopicConfig
from bot.store import Store

__all__ = ["TOPIC_PREFIX", "effective_config", "validation_message"]

TOPIC_PREFIX = "topic:"
POSTING_KEY = "posting"


def validation_message(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        where = ".".join(str(x) for x in err["loc"]) or "value"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


def apply_settings(base: Config, settings: Mapping[str, Any]) -> Config:
    topics = {t.name: t for t in base.topics}
    posting = base.posting
    for key, value in settings.items():
        if key.startswith(TOPIC_PREFIX):
            name = key.removeprefix(TOPIC_PREFIX)
            if value is None or value.get("removed"):
                topics.pop(name, None)
            else:
                topics[name] = TopicConfig.model_validate(value)
        elif key == POSTING_KEY:
            posting = PostingConfig.model_validate({**base.posting.model_dump(), **value})
    return base.model_copy(update={"topics": tuple(topics.values()), "posting": posting})


async def effective_config(store: Store, base: Config) -> Config:
    try:
        return apply_settings(base, await store.all_settings())
    except ValidationError as e:  # a row written by an older version; say so, keep the file's
        raise CommandError(f"a stored chat setting is invalid: {validation_message(e)}") from e
