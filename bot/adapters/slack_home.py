"""The Slack App Home tab: the workspace's subscriptions with a button each, as a Block Kit view.

Pure: a `Reply` of the shared `home` handler in, a `views.publish` view out. Each item's
`ReplyAction` becomes a button whose value says which command to run where (`action_value`);
a click runs that command through the same path as typing it (see
`SlackAdapter._home_action`), so the permission check and the audit log are the commands' own.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from bot.adapters.slack_render import Block, cut, escape
from bot.commands.types import Reply, ReplyAction

__all__ = ["ACTION_PREFIX", "HOME_ACTIONS", "action_value", "home_view", "parse_action_value"]

ACTION_PREFIX: Final = "newsbot_home_"
VIEW_BLOCKS: Final = 100  # Slack's limit for a Home tab view
BUTTON_TEXT: Final = 75
# What a Home button may run: nothing else arrives through one.
HOME_ACTIONS: Final = {("news", "unsubscribe"), ("newsadmin", "source pause")}
_CHANNEL_ID = re.compile(r"[A-Z0-9]{2,40}")


def action_value(action: ReplyAction) -> str:
    return json.dumps({"c": action.command, "t": action.text, "ch": action.channel})


def parse_action_value(value: str) -> ReplyAction | None:
    """The action a button carries, or None unless it is one the Home tab offers."""
    try:
        data = json.loads(value)
        command, text, channel = str(data["c"]), str(data["t"]), str(data["ch"])
    except (ValueError, KeyError, TypeError):
        return None
    words = text.split()
    if (command, " ".join(words[:1])) not in HOME_ACTIONS and (
        command,
        " ".join(words[:2]),
    ) not in HOME_ACTIONS:
        return None
    if not _CHANNEL_ID.fullmatch(channel):
        return None
    return ReplyAction("", command, text, channel)


def home_view(reply: Reply, status: str = "") -> dict[str, Any]:
    """A `home` view: a header, the last button's outcome (`status`), then one section per
    subscription with its button."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "newsbot"}},
    ]
    if status.strip():
        blocks.append(_section(cut(" ".join(status.split()), 2900)))
    blocks.append(_section(cut(reply.text, 2900)))
    room = VIEW_BLOCKS - len(blocks) - 1
    for n, item in enumerate(reply.items[:room]):
        where = " · ".join(
            f"<#{a.channel}>" for a in item.actions if _CHANNEL_ID.fullmatch(a.channel)
        )
        text = f"*{cut(item.title, 200)}*" + (f" · {where}" if where else "")
        if item.detail.strip():
            text += " · " + cut(" ".join(item.detail.split()), 300)
        block = _section(text)
        if item.actions:
            action = item.actions[0]
            button: dict[str, Any] = {
                "type": "button",
                "text": {"type": "plain_text", "text": action.label[:BUTTON_TEXT]},
                "action_id": f"{ACTION_PREFIX}{n}",
                "value": action_value(action),
            }
            if action.style in ("danger", "primary"):
                button["style"] = action.style
            block["accessory"] = button
        blocks.append(block)
    if len(reply.items) > room:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": escape(f"and {len(reply.items) - room} more")}
                ],
            }
        )
    return {"type": "home", "blocks": blocks}


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}
