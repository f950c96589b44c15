"""Channels, people and roles in command replies, shown the platform's way.

A handler never writes ``discord:<guild>/<channel>`` or ``slack:U123`` into a reply: it writes a
token (`channel`, `user`, `role`) and each renderer turns the token into its platform's mention
(``<#id>``, ``<@id>``, ``<@&id>`` on Discord; ``<#C…>``, ``<@U…>``, ``<!subteam^S…>`` on
Slack) after escaping everything else, or into plain words (`plain`) where mentions do not
render. Tokens are delimited by private-use characters that nothing typed or fetched carries:
`strip` removes them from user input and feed text, so no one can forge a mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["channel", "channel_named", "plain", "render", "role", "strip", "user"]

_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(f"{_OPEN}([cur]):([A-Za-z0-9_-]{{1,40}}){_CLOSE}")
_DELIMITERS = re.compile(f"[{_OPEN}{_CLOSE}]")
_ACTOR = re.compile(r"(?:discord|slack):([A-Za-z0-9]{1,40})")


def channel(channel_id: str) -> str:
    return f"{_OPEN}c:{channel_id}{_CLOSE}"


def channel_named(text: str, key: str, channel_id: str) -> str:
    """`text` (lines from `newsbot why`, which names channels as ``platform:workspace/id``) with
    the channel `key` (that form) and its bare ``  id:`` label shown as a channel mention."""
    here = channel(channel_id)
    return text.replace(key, here).replace(f"  {channel_id}:", f"  {here}:")


def role(role_id: str) -> str:
    return f"{_OPEN}r:{role_id}{_CLOSE}"


def user(actor: str | None) -> str:
    """A stored actor (``discord:123``, ``slack:U1``) as a mention; anything else (``cli``,
    ``newsbot``, a config file) as it is."""
    if not actor:
        return "someone"
    m = _ACTOR.fullmatch(actor)
    return f"{_OPEN}u:{m[1]}{_CLOSE}" if m else actor


def strip(text: str) -> str:
    """Text from outside (a command's arguments, a feed title) with no token delimiters."""
    return _DELIMITERS.sub("", text)


def render(text: str, mention: Callable[[str, str], str]) -> str:
    """Replace each token with ``mention(kind, id)``: kind is ``c``, ``u`` or ``r``."""
    return _TOKEN.sub(lambda m: mention(m[1], m[2]), text)


_SIGILS = {"c": "#", "u": "@", "r": "@"}


def plain(text: str) -> str:
    """Tokens as ``#id`` / ``@id``, where mentions do not render (notification text, console)."""
    return render(text, lambda kind, id_: _SIGILS[kind] + id_)
