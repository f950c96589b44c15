"""OPML import: feeds become sources, categories become topics (implied by their feeds).

Imported sources are stored like those added from chat (origin "opml"), validated by the same
models as config.toml, and audited; a feed already watched (same URL) is skipped, not doubled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from bot.commands.effective import TOPIC_PREFIX, effective_config, validation_message
from bot.config import Config, SourceConfig, TopicConfig
from bot.sources.opml import OpmlDocument, topic_name_for
from bot.store import SourceSpec, Store

__all__ = ["ImportReport", "import_opml"]


@dataclass(slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "name: why"
    topics: list[str] = field(default_factory=list)


async def import_opml(
    store: Store,
    config: Config,
    doc: OpmlDocument,
    *,
    actor: str = "cli",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    report = ImportReport(skipped=list(doc.problems))
    live = await effective_config(store, config)
    topics = {t.name for t in live.topics}
    existing = await store.list_sources(include_removed=True)
    urls = {s.url for s in existing}
    names = {s.name for s in existing}
    total = len(doc.feeds)
    for i, feed in enumerate(doc.feeds, 1):
        if progress is not None:
            progress(i, total)
        if feed.url in urls:
            report.skipped.append(f"{feed.title or feed.url}: already watched")
            continue
        wanted: list[str] = []
        for category in feed.categories:
            try:
                wanted.append(topic_name_for(category))
            except ValueError as e:
                report.skipped.append(f"category {category!r}: {e}")
        name = _unique((feed.title or feed.url).strip()[:64], names)
        try:
            conf = SourceConfig(name=name, url=feed.url, kind="feed", topics=tuple(wanted))
        except ValidationError as e:
            report.skipped.append(f"{feed.title or feed.url}: {validation_message(e)}")
            continue
        for topic in conf.topics:
            if topic not in topics:
                data = TopicConfig(name=topic).model_dump(mode="json")
                await store.set_setting(
                    TOPIC_PREFIX + topic, data, actor=actor, action="topic add (opml)"
                )
                topics.add(topic)
                report.topics.append(topic)
        await store.add_source(
            SourceSpec(
                conf.name,
                feed.url,
                "feed",
                conf.topics,
                conf.interval_minutes * 60.0,
                origin="opml",
            )
        )
        await store.record_audit(
            actor, "source add (opml)", conf.name, None, conf.model_dump(mode="json")
        )
        urls.add(feed.url)
        names.add(conf.name)
        report.added.append(conf.name)
    return report


def _unique(name: str, taken: set[str]) -> str:
    cleaned = "".join(c if c.isalnum() or c in " .&/+-_" else " " for c in name).strip()
    cleaned = " ".join(cleaned.split()) or "feed"
    if not (cleaned[0].isalnum() or cleaned[0] == "_"):
        cleaned = "feed " + cleaned
    cleaned = cleaned[:60]
    candidate, n = cleaned, 2
    while candidate in taken:
        candidate, n = f"{cleaned} {n}", n + 1
    return candidate
