"""OPML import: feeds become sources, categories become topics (implied by their feeds).

Imported sources are stored like those added from chat (origin "opml"), validated by the same
models as config.toml and the same URL check as chat (`bot.sources.urlcheck`: http(s), at most
2,048 characters, no internal address unless private networks are allowed), and audited; a feed
already watched (same URL, in the store or in config.toml) is skipped, not doubled.

Why caps: an OPML file is untrusted and can be huge. One made 10,000 topics and slowed
enrichment six-fold (every article is scored against every topic). An import adds at most
`max_feeds` sources and creates at most `max_topics` topics; what is left out is counted and
named, not silently dropped, and a larger list can be imported in several runs or with the caps
raised (`newsbot sources import --max-feeds N --max-topics N`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from bot.commands.effective import TOPIC_PREFIX, effective_config, validation_message
from bot.config import Config, SourceConfig, TopicConfig
from bot.sources.opml import OpmlDocument, topic_name_for
from bot.sources.urlcheck import url_refusal
from bot.store import SourceSpec, Store

__all__ = ["MAX_FEEDS", "MAX_TOPICS", "ImportReport", "import_opml"]

MAX_FEEDS = 500  # sources one import may add
MAX_TOPICS = 100  # topics one import may create


@dataclass(slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "name: why"
    topics: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)  # skipped feeds by kind of reason
    over_feed_cap: int = 0  # feeds left out because `max_feeds` were added
    topics_over_cap: list[str] = field(default_factory=list)  # topics not created (cap)
    feeds_missing_topics: int = 0  # feeds added without some of their categories (cap)

    def skip(self, what: str, why: str, reason: str) -> None:
        self.skipped.append(f"{what}: {why}")
        self.reasons[reason] += 1


async def import_opml(
    store: Store,
    config: Config,
    doc: OpmlDocument,
    *,
    actor: str = "cli",
    progress: Callable[[int, int], None] | None = None,
    max_feeds: int = MAX_FEEDS,
    max_topics: int = MAX_TOPICS,
) -> ImportReport:
    report = ImportReport(skipped=list(doc.problems))
    live = await effective_config(store, config)
    topics = {t.name for t in live.topics}
    existing = await store.list_sources(include_removed=True)
    # config.toml's sources count as watched even before a run syncs them into the store.
    urls = {s.url for s in existing if not s.removed}
    urls |= {str(s.url) for s in config.sources if s.url}
    # A removed source imported again is restored under its name, with its history (nothing
    # it posted before is posted again).
    removed = {s.url: s for s in existing if s.removed and s.kind == "feed"}
    names = {s.name for s in existing} | {s.name for s in config.sources}
    allow_private = config.network.allow_private_networks
    over_cap_topics: dict[str, None] = {}
    total = len(doc.feeds)
    for i, feed in enumerate(doc.feeds, 1):
        if progress is not None and (i == total or i % 50 == 0):
            progress(i, total)
        label = (feed.title or feed.url)[:80]
        if len(report.added) >= max_feeds:
            report.over_feed_cap = total - i + 1
            if progress is not None:
                progress(total, total)
            break
        refusal = url_refusal(feed.url, allow_private=allow_private)
        if refusal is not None:
            internal = "allow_private_networks" in refusal
            report.skip(label, refusal, "internal address" if internal else "bad URL")
            continue
        if feed.url in urls:
            report.skip(label, "already watched", "already watched")
            continue
        wanted: list[str] = []
        for category in feed.categories:
            try:
                wanted.append(topic_name_for(category))
            except ValueError as e:
                report.skipped.append(f"category {category!r}: {e}")
        kept: list[str] = []
        creating: list[str] = []  # new topics this feed brings, created if it is added
        dropped: list[str] = []
        for topic in dict.fromkeys(wanted):
            if topic in topics:
                kept.append(topic)
            elif len(report.topics) + len(creating) < max_topics:
                kept.append(topic)
                creating.append(topic)
            else:
                dropped.append(topic)
        again = removed.pop(feed.url, None)
        name = again.name if again else _unique((feed.title or feed.url).strip()[:64], names)
        try:
            conf = SourceConfig(name=name, url=feed.url, kind="feed", topics=tuple(kept))
        except ValidationError as e:
            report.skip(label, validation_message(e), "invalid")
            continue
        if dropped:
            report.feeds_missing_topics += 1
            over_cap_topics.update(dict.fromkeys(dropped))
        for topic in creating:
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
    report.topics_over_cap = list(over_cap_topics)
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
