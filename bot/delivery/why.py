"""`newsbot why <article-or-url> [channel]`: why an article was or was not posted, per channel.

Routing is re-run on the article as stored (so a filter edited since shows its current effect),
and each channel's delivery row, if any, says what happened next: posted (when), queued (and what
holds it), failed (why), merged into an earlier post of the same story, or listed in a digest.
An article recorded but never posted says why once, for every channel: its page was not an
article (a listing, a table, a deals roundup), or it was seen on its source's first poll.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.delivery.policy import HOUR, ChannelPolicy, PolicyError
from bot.delivery.ports import ChannelRef
from bot.delivery.routing import RouteDecision, route
from bot.store import ArticleRow, DeliveryRow, Store

__all__ = ["explain", "not_found", "why"]

Channel = tuple[str, str, str]


def _when(t: float | None) -> str:
    if t is None:
        return "at an unknown time"
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _matches(ch: Channel, wanted: str) -> bool:
    wanted = wanted.strip().lstrip("#")
    return wanted in (str(ChannelRef(*ch)), ch[2], f"{ch[0]}:{ch[2]}")


def not_found(ref: str) -> str:
    """The answer when no article matches: the command line prints it as its error."""
    return f"No article matches {ref!r}: give an article id, its URL or its entry id."


async def why(
    store: Store, ref: str, channel: str | None, *, clock: Callable[[], float] | None = None
) -> list[str]:
    """Lines to print. `ref` is an article id, URL or entry id; `channel` narrows the answer to
    one channel (its id, or `platform:workspace/channel` as printed)."""
    article = await store.find_article(ref)
    if article is None:
        return [not_found(ref)]
    lines = [f"Article {article.id}: {article.title}"]
    lines.append(
        f"  source {article.source_name}; topics "
        + (", ".join(t for t, _ in article.topics) or "none")
        + (f"; {article.url}" if article.url else "")
    )
    if article.not_posted:
        lines.append(f"  not posted: {article.not_posted}")
    explained = await explain(store, article, clock=clock or store.clock)
    shown = [(ch, text) for ch, text in explained if channel is None or _matches(ch, channel)]
    if not shown:
        if channel is not None:
            lines.append(f"  {channel}: no subscription and no delivery for this article")
        else:
            lines.append("  No channel subscribes to anything yet.")
    lines.extend(f"  {ChannelRef(*ch)}: {text}" for ch, text in shown)
    return lines


async def explain(
    store: Store, article: ArticleRow, *, clock: Callable[[], float]
) -> list[tuple[Channel, str]]:
    """(channel, explanation) for every channel with a subscription or a delivery row."""
    settings = await store.all_channel_settings()
    decisions = {
        d.key: d
        for d in route(
            topics=[t for t, _ in article.topics],
            source=article.source_name,
            title=article.title,
            summary=article.summary,
            subscriptions=await store.list_subscriptions(),
            settings=settings,
        )
    }
    rows = {
        (d.platform, d.workspace, d.channel): d
        for d in await store.deliveries_for_article(article.id)
        if d.kind == "article"
    }
    paused = await store.paused_channels()
    out = []
    for ch in [*decisions, *(c for c in rows if c not in decisions)]:
        row = rows.get(ch)
        if row is None:
            out.append((ch, _not_queued(decisions[ch], article.not_posted)))
        else:
            text = await _delivery(store, row, settings.get(ch, {}), paused.get(ch), clock())
            out.append((ch, text))
    return out


def _not_queued(decision: RouteDecision, not_posted: str | None = None) -> str:
    notes = "".join(f" (note: {n})" for n in decision.notes)
    if decision.deliver and not_posted:
        return f"matches ({decision.reason}) but not posted: {not_posted}" + notes
    if decision.deliver:
        return (
            f"matches ({decision.reason}) but was never queued: the article was recorded before "
            "this subscription existed, or as seen only (first poll, too old)" + notes
        )
    return f"not posted: {decision.reason}" + notes


async def _delivery(
    store: Store, row: DeliveryRow, settings: dict[str, Any], paused: str | None, now: float
) -> str:
    if row.status == "sent":
        return f"already posted {_when(row.sent_at)} (message {row.message_id})"
    if row.status == "failed":
        return f"failed: {row.reason or 'unknown error'} (after {row.attempts} attempt(s))"
    if row.status == "merged":
        return await _merged(store, row)
    if row.status == "digested":
        parent = await store.delivery_parent(row.id)
        digest = await store.get_delivery(parent) if parent is not None else None
        if digest is not None and digest.status == "sent":
            return f"listed in the digest posted {_when(digest.sent_at)}"
        return "listed in a digest that is queued"
    if row.status != "pending":
        return f"{row.status}: {row.reason or ''}".rstrip(": ")
    return await _pending(store, row, settings, paused, now)


async def _merged(store: Store, row: DeliveryRow) -> str:
    parent = await store.delivery_parent(row.id)
    leader = await store.get_delivery(parent) if parent is not None else None
    first = await store.get_article(leader.article_id or 0) if leader is not None else None
    if leader is None or first is None:
        return "same story already posted in this channel"
    return (
        f"same story already posted {_when(leader.sent_at)}: {first.title!r} from "
        f"{first.source_name}; that post lists this one under 'Also covered by'"
    )


async def _pending(
    store: Store, row: DeliveryRow, settings: dict[str, Any], paused: str | None, now: float
) -> str:
    ch: Channel = (row.platform, row.workspace, row.channel)
    if paused is not None:
        return f"queued, but the channel is paused: {paused}"
    try:
        policy = ChannelPolicy.from_settings(settings)
    except PolicyError as e:
        return f"queued, but held: the channel's setting {e} cannot be applied; fix it"
    if policy.digest_hours > 0:
        last = await store.last_digest_at(ch)
        due = policy.digest_due(last_digest_at=last, oldest_pending_at=row.created_at)
        return f"queued for the next digest (every {policy.digest_hours:g} h), due {_when(due)}"
    if row.not_before > now:
        return (
            f"queued: waiting to retry {_when(row.not_before)} after {row.attempts} "
            "failed attempt(s)"
        )
    hold = policy.hold(now, await store.sent_times(ch, since=now - HOUR))
    if hold is not None:
        return f"queued: held by {hold.reason} until {_when(hold.until)}"
    ahead = [r for r in await store.pending_for_channel(ch) if r.id < row.id]
    if ahead:
        return f"queued: {len(ahead)} post(s) ahead of it in this channel"
    return "queued: next to go out"
