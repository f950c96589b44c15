"""Where a notice (a source paused, a channel that refuses posts) goes, and what it says.

The rule, in order, for each channel a problem concerns ("the affected channel"):

1. every channel of the same workspace marked ``notices`` (config.toml ``notices = true`` or
   ``/newsadmin channel set notices:true``) that the bot can post in;
2. else the affected channel itself, when the bot can post there;
3. else nowhere but the log.

Never any other channel: a notice about #readonly must not appear in #news just because #news
happens to be active (it did, with raw ids, before this rule). "The bot can post there" is what
the store knows: the channel is not paused after the platform refused it (`paused_channels`)
and is not the channel refusing posts right now. Several marked channels in one workspace all
get the notice (an #ops and an #admins, say); there is no limit of one.

A notice names the channel it is about with the platform's own mention syntax, placed by the
renderer (`MENTION`), never as a raw ``platform:workspace/channel`` id.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from typing import Any

__all__ = ["MENTION", "Channel", "channel_name", "notice_targets", "route_notice"]

log = logging.getLogger(__name__)

Channel = tuple[str, str, str]  # platform, workspace, channel

#: Where a notice's text names the channel it is about. Renderers escape the text around it
#: and put the platform's mention (Discord ``<#id>``, Slack ``<#C123>``) in its place.
MENTION = "{channel}"


def _marked(settings: Mapping[Channel, Mapping[str, Any]], where: tuple[str, str]) -> list[Channel]:
    return sorted(c for c, s in settings.items() if c[:2] == where and s.get("notices"))


def route_notice(
    affected: Channel,
    *,
    settings: Mapping[Channel, Mapping[str, Any]],
    unavailable: Collection[Channel],
) -> list[Channel]:
    """The channels a notice about `affected` goes to (empty: the log only). `settings`: every
    channel's settings; `unavailable`: channels the bot cannot post in."""
    marked = [c for c in _marked(settings, affected[:2]) if c not in unavailable]
    if marked:
        return marked
    if affected not in unavailable:
        return [affected]
    return []


def notice_targets(
    affected: Iterable[Channel],
    *,
    settings: Mapping[Channel, Mapping[str, Any]],
    unavailable: Collection[Channel],
    problem: str,
) -> list[Channel]:
    """`route_notice` for each affected channel (one, or the followers of a paused source),
    each target once: a workspace with a notices channel hears about a source once, not once
    per following channel. A notice that reaches no channel leaves one log line naming the
    channel and `problem` (which must hold no secret)."""
    targets: set[Channel] = set()
    for channel in affected:
        found = route_notice(channel, settings=settings, unavailable=unavailable)
        if not found:
            log.warning(
                "notice for %s only in this log: %s (no notices channel in its workspace, and "
                "the bot cannot post in the channel itself)",
                channel_name(channel),
                problem,
            )
        targets.update(found)
    return sorted(targets)


def channel_name(channel: Channel) -> str:
    """A channel as the log names it: ``platform:workspace/channel``."""
    platform, workspace, ident = channel
    return f"{platform}:{workspace}/{ident}" if workspace else f"{platform}:{ident}"
