"""Who owns a source, and what syncing config.toml would do to the stored ones.

A source row is owned by config.toml (origin ``file``), by chat (``chat``) or by an OPML import
(``opml``). Syncing config.toml touches only what config.toml owns, plus the rows it takes over.
The decision is a pure function, :func:`plan_sources`, so that the write (``sync_sources``, at
start and on SIGHUP) and the read-only views (``newsbot sources list``, ``config show``) agree
on what "the config in force" is without the views writing anything.

The rules, for each source config.toml declares:

- a stored row of the same name is that source: updated in place and, if it was removed,
  restored with its polling state (``polled_once`` included) and articles, so nothing it posted
  before is posted again and there is no first-run backfill;
- a row of the same name owned by chat or OPML is *taken over*: config.toml becomes its owner
  (the file is the operator's declaration; refusing would let a chat admin block a reload), its
  history is kept, and the takeover is logged;
- otherwise a removed row (or a file row this sync drops) of the same kind and URL is the same
  feed under a new name: it is renamed and restored with its history;
- otherwise the source is new.

A file-origin row that config.toml no longer declares is marked removed (``paused = 2``): it is
not polled, its articles stay as dedup history, and declaring it again restores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.store.rows import SourceRow

__all__ = ["REMOVED", "Change", "PlannedSource", "SourcePlan", "SourceSpec", "plan_sources"]

REMOVED = 2  # the `paused` value of a removed source (0 active, 1 paused after failures)

Change = Literal["new", "kept", "restored", "renamed", "taken over"]


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A source as declared (config.toml or chat), independent of its polling state."""

    name: str
    url: str
    kind: str
    topics: tuple[str, ...] = ()
    interval_s: float = 600.0
    origin: str = "file"


@dataclass(frozen=True, slots=True)
class PlannedSource:
    spec: SourceSpec
    row: SourceRow | None  # the stored row this declaration maps to (None: new)
    change: Change


@dataclass(frozen=True, slots=True)
class SourcePlan:
    declared: tuple[PlannedSource, ...]
    removing: tuple[SourceRow, ...]  # active file rows no longer declared: to mark removed
    removed: tuple[SourceRow, ...]  # file rows removed earlier and still not declared
    others: tuple[SourceRow, ...]  # active chat/OPML rows, left alone
    active_file_rows: int  # active file rows before the sync

    @property
    def drops_everything(self) -> bool:
        """Every source config.toml declared so far would stop (an emptied or truncated file)."""
        return bool(self.removing) and len(self.removing) == self.active_file_rows


def _removed(row: SourceRow) -> bool:
    return row.removed


def plan_sources(specs: Iterable[SourceSpec], rows: Sequence[SourceRow]) -> SourcePlan:
    specs = list(specs)
    by_name = {r.name: r for r in rows}
    declared_names = {s.name for s in specs}
    claimed: set[int] = set()
    planned: dict[str, PlannedSource] = {}
    for s in specs:
        row = by_name.get(s.name)
        if row is None:
            continue
        claimed.add(row.id)
        if row.origin != "file":
            change: Change = "taken over"
        else:
            change = "restored" if _removed(row) else "kept"
        planned[s.name] = PlannedSource(s, row, change)
    # The same feed under a new name: a removed row, or a file row this sync would drop.
    for s in specs:
        if s.name in planned:
            continue
        candidates = [
            r
            for r in rows
            if r.id not in claimed
            and (r.kind, r.url) == (s.kind, s.url)
            and (_removed(r) or (r.origin == "file" and r.name not in declared_names))
        ]
        if candidates:
            row = max(candidates, key=lambda r: (r.last_polled_at or 0.0, r.id))
            claimed.add(row.id)
            planned[s.name] = PlannedSource(s, row, "renamed")
        else:
            planned[s.name] = PlannedSource(s, None, "new")
    free = [r for r in rows if r.id not in claimed]
    return SourcePlan(
        declared=tuple(planned[s.name] for s in specs),
        removing=tuple(r for r in free if r.origin == "file" and not _removed(r)),
        removed=tuple(r for r in free if r.origin == "file" and _removed(r)),
        others=tuple(r for r in free if r.origin != "file" and not _removed(r)),
        active_file_rows=sum(1 for r in rows if r.origin == "file" and not _removed(r)),
    )
