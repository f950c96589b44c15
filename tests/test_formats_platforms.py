"""Issue 20, formats, filters, role mentions and webhooks, end to end on both platforms.

The same scenario runs against the fake Discord and the fake Slack (`tests/fakes/`, 127.0.0.1
port 0): admins type `/newsadmin channel format`, `/newsadmin filter add|remove|list` and
(Discord) `/newsadmin channel webhook` through the platform (interactions over the fake's
Gateway; signed slash-command requests to the Slack adapter's endpoint), the real pipeline polls
a feed file and the real outbox delivers. Assertions are on what reached the fake: the request
bodies, the stored messages and their mentions, the text and its lengths.
"""

from __future__ import annotations

import json
import logging
import shlex
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.discord_render import EMBED_DESCRIPTION, EMBED_TOTAL, embed_size, size
from bot.adapters.discord_setup import build_discord_adapter
from bot.adapters.slack import ADMIN_REFUSAL
from bot.adapters.slack_render import SECTION_LIMIT
from bot.adapters.slack_setup import build_slack_adapter
from bot.app import App
from bot.commands import Caller
from bot.config import parse_config
from bot.textsafe import EscapingFormatter
from tests.fakes.discord import FAKE_TOKEN, FakeDiscord
from tests.fakes.slack import FakeSlack
from tests.platform_harness import PLATFORMS, Feed, Item, assemble, desk_config
from tests.slack.slack_support import FORM, SIGNING_SECRET, eventually, signed_headers
from tests.support import FakeClock

SUMMARY = "The council voted on Tuesday to double the immigration legal aid fund. More follows."
HOSTILE = "@everyone <!channel> <@123> [x](http://evil) immigration"
MANAGE_GUILD = 1 << 5
MANAGE_WEBHOOKS = 1 << 29
MENTION_EVERYONE = 1 << 17
ALL = (1 << 41) - 1
ZWSP = "\u200b"
SLACK_CHANNEL = "C1"
SLACK_ADMIN, SLACK_MEMBER = "UADMIN", "UMEMBER"

CONFIG = f"""
[database]
path = "news.db"
{desk_config()}
[posting]
backfill = 10

[adapters.console]
enabled = false
"""


@dataclass
class Answer:
    ok: bool
    text: str  # everything the caller reads


#: How the refusals of these commands begin (the handlers' and the platforms' own).
REFUSALS = (
    "Not changed",
    "No ",
    "Give ",
    "Say ",
    "That channel",
    "This command",
    "newsbot needs",
    "The role",
    "Discord refused",
    "Unknown",
    ADMIN_REFUSAL,
)


def _answer(text: str) -> Answer:
    refused = text.lstrip().startswith(REFUSALS) or "is not a valid value" in text
    return Answer(not refused, text)


@dataclass
class Chat:
    """One platform, seen the same way by every scenario."""

    platform: str
    app: App
    feed: Feed
    fake: Any
    key: tuple[str, str, str]
    guild: int = 0
    channel: int = 0

    @property
    def store(self) -> Any:
        return self.app.store

    async def admin(
        self, group: str, sub: str, *, member: bool = False, app_permissions: int = ALL, **opts: Any
    ) -> Answer:
        """`/newsadmin <group> <sub> key:value…` as an admin (or a plain member)."""
        if self.platform == "discord":
            return await self._discord(group, sub, opts, member, app_permissions)
        words = [
            f"{k}={shlex.quote(str(v).lower() if isinstance(v, bool) else str(v))}"
            for k, v in opts.items()
        ]
        return await self._slack(f"{group} {sub} {' '.join(words)}", member)

    async def _discord(
        self, group: str, sub: str, opts: dict[str, Any], member: bool, app_permissions: int
    ) -> Answer:
        channels = [int(v) for k, v in opts.items() if k == "channel"]
        options = [
            {
                "name": k,
                "type": 7 if k == "channel" else 5 if isinstance(v, bool) else 3,
                "value": v,
            }
            for k, v in opts.items()
        ]
        option = {
            "name": group,
            "type": 2,
            "options": [{"name": sub, "type": 1, "options": options}],
        }
        interaction = await self.fake.dispatch_command(
            "newsadmin",
            guild_id=self.guild,
            channel_id=self.channel,
            options=[option],
            permissions=0 if member else MANAGE_GUILD,
            app_permissions=app_permissions,
            resolved_channels=channels,
        )
        await self.fake.wait_for(lambda: bool(interaction.callbacks))
        data = interaction.callbacks[0]["data"]
        parts = [data.get("content") or ""]
        for embed in data.get("embeds") or []:
            parts += [embed.get("title", ""), embed.get("description", "")]
        return _answer("\n".join(parts).replace(ZWSP, ""))

    async def _slack(self, text: str, member: bool) -> Answer:
        user = SLACK_MEMBER if member else SLACK_ADMIN
        fake: FakeSlack = self.fake
        before = len(fake.responses)
        payload = fake.slash_command("/newsadmin", text, user_id=user, channel_id=SLACK_CHANNEL)
        adapter = self.app.adapters["slack"]
        url = f"http://127.0.0.1:{adapter.http_port}/slack/events"  # type: ignore[attr-defined]
        body = urlencode(payload)
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                url, data=body.encode(), headers=signed_headers(body, content_type=FORM)
            ) as resp,
        ):
            assert resp.status == 200
            ack = await resp.text()
        if ack:  # answered in the ack itself (the admin middleware's refusal)
            answer = json.loads(ack)
        else:
            await eventually(lambda: len(fake.responses) > before)
            [answer] = fake.responses[before:]
        parts = [answer.get("text", "")]
        for block in answer.get("blocks") or []:
            if block["type"] == "section":
                parts.append(block["text"]["text"])
        return _answer("\n".join(parts))

    async def publish(self, items: list[Item]) -> None:
        self.feed.write(items)
        await self.app.run_once()

    def posts(self) -> list[dict[str, Any]]:
        if self.platform == "discord":
            return list(self.fake.posts(self.channel))
        return list(self.fake.posted(SLACK_CHANNEL))

    def post_text(self, message: dict[str, Any]) -> str:
        if self.platform == "discord":
            embed = message["embeds"][0]
            parts = [message.get("content") or "", embed.get("title", "")]
            parts.append(embed.get("description", ""))
            parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
            return "\n".join(parts)
        return "\n".join(
            b["text"]["text"]
            if b["type"] == "section"
            else " ".join(e["text"] for e in b["elements"])
            for b in message["blocks"]
        )


async def _discord_chat(tmp_path: Path) -> AsyncIterator[Chat]:
    fake = FakeDiscord(bucket_window=0.2)
    await fake.start()
    fake.patch_discord()
    guild = fake.add_guild("Newsroom", channels=("news", "sports"))
    channel = fake.channel_ids(guild)[0]
    config = parse_config(CONFIG + "\n[adapters.discord]\nenabled = true\n", base_dir=tmp_path)
    parts = await assemble(config, FakeClock())
    adapter, token = build_discord_adapter(
        config.adapters.discord,
        {"DISCORD_TOKEN": FAKE_TOKEN},
        commands=parts.commands,
        store=parts.store,
        guild_ready_timeout=0.01,
    )
    app = parts.app_with(adapter)
    feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
    try:
        await adapter.start(token)
        await adapter.wait_until_ready()
        yield Chat(
            "discord", app, feed, fake, ("discord", str(guild), str(channel)), guild, channel
        )
    finally:
        await adapter.close()
        await app.close()
        await fake.close()


async def _slack_chat(tmp_path: Path) -> AsyncIterator[Chat]:
    async with FakeSlack() as fake:
        fake.users[SLACK_ADMIN] = {"is_admin": True}
        fake.users[SLACK_MEMBER] = {"is_admin": False}
        text = CONFIG + '\n[adapters.slack]\nenabled = true\nmode = "http"\n'
        config = parse_config(text, base_dir=tmp_path)
        parts = await assemble(config, FakeClock())
        env = {
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_APP_TOKEN": fake.app_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        }
        adapter = build_slack_adapter(
            config.adapters.slack,
            env,
            commands=parts.commands,
            store=parts.store,
            base_url=fake.base_url,
        )
        app = parts.app_with(adapter)
        feed = Feed.empty(tmp_path / "feed.xml", SUMMARY)
        await adapter.start(port=0)
        try:
            yield Chat("slack", app, feed, fake, ("slack", fake.team_id, SLACK_CHANNEL))
        finally:
            await adapter.close()
            await app.close()


@pytest.fixture(params=PLATFORMS)
async def chat(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Chat]:
    make = _discord_chat if request.param == "discord" else _slack_chat
    async for c in make(tmp_path):
        yield c


@pytest.fixture
async def discord_chat(tmp_path: Path) -> AsyncIterator[Chat]:
    async for c in _discord_chat(tmp_path):
        yield c


async def _unchanged(chat: Chat) -> None:
    assert await chat.store.channel_settings(chat.key) == {}
    assert await chat.store.audit() == []


# -- formats ------------------------------------------------------------------------------------


async def test_a_template_with_a_hostile_title_pings_nobody_and_fits(chat: Chat) -> None:
    await chat.store.subscribe(chat.key, topic="immigration")
    template = "@everyone <!channel> **{title}** {link} {{braces}}\n{summary}\n{quotes} {source}"
    answer = await chat.admin("channel", "format", template=template)
    assert answer.ok, answer.text
    assert "Posts here now use the template" in answer.text

    await chat.publish([Item("t1", HOSTILE, summary="immigration " + "word " * 3000)])

    [post] = chat.posts()
    if chat.platform == "discord":
        [request] = chat.fake.requests_to("POST /channels/{channel_id}/messages")
        assert request.body["allowed_mentions"] == {"parse": []}
        assert (post["mention_everyone"], post["mention_roles"], post["mentions"]) == (
            False,
            [],
            [],
        )
        [embed] = post["embeds"]
        text = embed["description"]
        # The admin's own @everyone and the feed's mentions are inert; the feed's masked link
        # is escaped, the admin's markdown kept; the URL is the article's.
        assert text.startswith(
            f"@{ZWSP}everyone <!channel> **@{ZWSP}everyone <!channel> <{ZWSP}@123>"
        )
        assert "\\[x\\](http://evil)" in text
        assert "https://desk.example/t1 {braces}" in text
        assert size(text) <= EMBED_DESCRIPTION and embed_size(embed) <= EMBED_TOTAL
        assert text.endswith("…") or "City Desk" in text
    else:
        [request] = chat.fake.calls_to("chat.postMessage")
        blocks = request.args["blocks"]
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        [section] = blocks
        text = section["text"]["text"]
        assert "<!channel>" not in text and "<@123>" not in text
        assert text.startswith(
            f"@{ZWSP}everyone &lt;!channel&gt; **@{ZWSP}everyone &lt;!channel&gt; &lt;@123&gt;"
        )
        assert "<https://desk.example/t1> {braces}" in text
        assert len(text) <= SECTION_LIMIT
        assert "<!channel>" not in request.args["text"] and "@everyone" not in text.replace(
            f"@{ZWSP}everyone", ""
        )


async def test_an_unknown_placeholder_is_refused_naming_it(chat: Chat) -> None:
    answer = await chat.admin("channel", "format", template="{title} by {author}")
    assert not answer.ok
    assert "unknown placeholder {author}" in answer.text
    await _unchanged(chat)
    attribute = await chat.admin("channel", "format", template="{title.__class__}")
    assert not attribute.ok and "unknown placeholder" in attribute.text
    await _unchanged(chat)


async def test_a_style_is_previewed_then_saved_and_the_next_post_uses_it(chat: Chat) -> None:
    await chat.store.subscribe(chat.key, topic="immigration")
    await chat.publish([Item("s1", "Immigration court opens")])
    [full] = chat.posts()
    assert "Topics" in chat.post_text(full)

    preview = await chat.admin("channel", "format", style="headline", preview=True)
    assert preview.ok and "Preview (nothing saved)" in preview.text
    assert "Immigration court opens" in preview.text
    await _unchanged(chat)

    saved = await chat.admin("channel", "format", style="headline")
    assert saved.ok and "style headline" in saved.text
    assert (await chat.store.channel_settings(chat.key))["format"] == "headline"
    await chat.publish(
        [Item("s1", "Immigration court opens"), Item("s2", "Immigration fund grows")]
    )
    headline = chat.posts()[-1]
    text = chat.post_text(headline)
    assert "Immigration fund grows" in text and "City Desk" in text
    assert "Topics" not in text and "council voted" not in text


# -- filters ------------------------------------------------------------------------------------


async def test_a_filter_that_does_not_compile_is_refused(chat: Chat) -> None:
    answer = await chat.admin("filter", "add", include="/(unclosed/")
    assert not answer.ok
    assert "not a valid regular expression" in answer.text
    await _unchanged(chat)


async def test_a_filter_is_previewed_then_applied_to_the_next_post(chat: Chat) -> None:
    await chat.store.subscribe(chat.key, topic="immigration")
    first = [Item("f1", "Immigration court backlog grows"), Item("f2", "Immigration fund doubles")]
    await chat.publish(first)
    assert len(chat.posts()) == 2

    preview = await chat.admin("filter", "add", exclude="court", preview=True)
    assert preview.ok, preview.text
    assert "1 of the last 2 articles would be posted" in preview.text
    assert "filtered by exclude 'court'" in preview.text and "passes" in preview.text
    await _unchanged(chat)

    added = await chat.admin("filter", "add", exclude="court")
    assert added.ok and "Added exclude filter 'court'" in added.text
    assert (await chat.store.channel_settings(chat.key))["exclude"] == ["court"]
    listed = await chat.admin("filter", "list")
    assert "court" in listed.text

    await chat.publish(
        [*first, Item("f3", "Immigration court reopens"), Item("f4", "Immigration desk hires")]
    )
    titles = [chat.post_text(p) for p in chat.posts()]
    assert len(titles) == 3 and "Immigration desk hires" in titles[-1]

    removed = await chat.admin("filter", "remove", exclude="court")
    assert removed.ok
    assert (await chat.store.channel_settings(chat.key))["exclude"] == []
    [entry, *_] = await chat.store.audit()  # newest first
    assert entry.action == "filter remove"


async def test_a_filter_for_another_channel_is_stored_there(chat: Chat) -> None:
    other = "C0SPORTS1"
    if chat.platform == "discord":
        other = str(chat.fake.channel_ids(chat.guild)[1])  # "sports"
    other_key = (chat.key[0], chat.key[1], other)
    added = await chat.admin("filter", "add", channel=other, include="light rail")
    assert added.ok, added.text
    assert (await chat.store.channel_settings(other_key))["include"] == ["light rail"]
    assert await chat.store.channel_settings(chat.key) == {}
    listed = await chat.admin("filter", "list", channel=other)
    assert "light rail" in listed.text


async def test_slack_escaped_text_is_stored_as_typed(chat: Chat) -> None:
    """Slack sends `&`, `<`, `>` escaped; a filter for "R&D" must match "R&D", and a template's
    `<` must not come back as `&amp;lt;`."""
    if chat.platform == "slack":
        added = await chat.admin("filter", "add", include="R&amp;D")
        template = await chat.admin("channel", "format", template="{title} &lt;3 {link}")
    else:
        added = await chat.admin("filter", "add", include="R&D")
        template = await chat.admin("channel", "format", template="{title} <3 {link}")
    assert added.ok and template.ok
    settings = await chat.store.channel_settings(chat.key)
    assert (settings["include"], settings["template"]) == (["R&D"], "{title} <3 {link}")


async def test_every_new_admin_command_is_refused_for_a_member(chat: Chat) -> None:
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("channel", "format", {"style": "compact"}),
        ("channel", "format", {"template": "{title}", "preview": True}),
        ("filter", "add", {"include": "bus"}),
        ("filter", "remove", {"include": "bus"}),
        ("filter", "list", {}),
    ]
    if chat.platform == "discord":
        calls.append(("channel", "webhook", {"name": "City Desk"}))
    for group, sub, opts in calls:
        answer = await chat.admin(group, sub, member=True, **opts)
        assert not answer.ok, (group, sub, answer.text)
        assert "Manage Server" in answer.text or ADMIN_REFUSAL in answer.text
    await _unchanged(chat)
    if chat.platform == "discord":
        assert chat.fake.requests_to("POST /channels/{channel_id}/webhooks") == []
    # Behind the platform's own gate, the shared handlers refuse a non-admin too.
    member = Caller(chat.platform, chat.key[1], chat.key[2], "U9", can_manage_channel=True)
    handlers = chat.app.commands()
    for name, kwargs in (
        ("channel_format", {"style": "compact"}),
        ("filter_add", {"include": "bus"}),
        ("filter_remove", {"include": "bus"}),
        ("filter_list", {}),
        ("channel_webhook", {"name": "City Desk"}),
    ):
        reply = await handlers.call(name, member, **kwargs)
        assert not reply.ok and reply.text.startswith("This command is for server admins")
    await _unchanged(chat)


# -- Discord: role mentions and webhooks ---------------------------------------------------------


async def _set_role(chat: Chat, role: int, app_permissions: int) -> Answer:
    option = {
        "name": "channel",
        "type": 2,
        "options": [
            {
                "name": "set",
                "type": 1,
                "options": [
                    {"name": "role", "type": 8, "value": str(role)},
                    {"name": "topic", "type": 3, "value": "immigration"},
                ],
            }
        ],
    }
    interaction = await chat.fake.dispatch_command(
        "newsadmin",
        guild_id=chat.guild,
        channel_id=chat.channel,
        options=[option],
        permissions=MANAGE_GUILD,
        resolved_roles=[role],
        app_permissions=app_permissions,
    )
    await chat.fake.wait_for(lambda: bool(interaction.callbacks))
    data = interaction.callbacks[0]["data"]
    return Answer(not data.get("flags", 0) & 64, data.get("content") or "")


async def test_a_role_nobody_can_ping_is_refused(discord_chat: Chat) -> None:
    chat = discord_chat
    role = chat.fake.add_role(chat.guild, "immigration-desk")
    next(r for r in chat.fake.guilds[chat.guild]["roles"] if r["id"] == str(role))[
        "mentionable"
    ] = False

    refused = await _set_role(chat, role, ALL & ~MENTION_EVERYONE)
    assert not refused.ok
    assert "immigration-desk is not mentionable" in refused.text
    assert "Mention @everyone, @here and All Roles" in refused.text
    await _unchanged(chat)

    allowed = await _set_role(chat, role, ALL)  # the bot may mention every role
    assert allowed.ok, allowed.text
    roles = (await chat.store.channel_settings(chat.key))["mention_roles"]
    assert roles == {"immigration": str(role)}


async def test_a_webhook_is_made_and_the_next_post_goes_through_it(
    discord_chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    chat = discord_chat
    await chat.store.subscribe(chat.key, topic="immigration")
    with caplog.at_level(logging.DEBUG):
        answer = await chat.admin(
            "channel", "webhook", name="City Desk", avatar="https://desk.example/logo.png"
        )
    assert answer.ok, answer.text
    assert "'City Desk'" in answer.text
    [made] = chat.fake.requests_to("POST /channels/{channel_id}/webhooks")
    assert made.body["name"] == "City Desk" and made.status == 200
    [(hook_id, (token, channel))] = chat.fake.webhooks.items()
    assert channel == chat.channel

    await chat.publish([Item("w1", "Immigration desk moves")])

    [post] = chat.posts()
    assert post["author"]["id"] == str(hook_id)
    assert post["author"]["username"] == "City Desk"
    assert post["avatar_url"] == "https://desk.example/logo.png"
    assert chat.fake.requests_to("POST /channels/{channel_id}/messages") == []
    # The token is a credential: in no reply, setting, audit entry or log line.
    assert token not in answer.text
    assert token not in json.dumps(await chat.store.channel_settings(chat.key))
    assert all(token not in json.dumps([e.before, e.after]) for e in await chat.store.audit())
    printed = "\n".join(EscapingFormatter("%(message)s").format(r) for r in caplog.records)
    assert token not in printed  # what `newsbot -v run` would print


async def test_a_replaced_or_removed_webhook_is_deleted_in_discord(discord_chat: Chat) -> None:
    chat = discord_chat
    await chat.store.subscribe(chat.key, topic="immigration")
    assert (await chat.admin("channel", "webhook", name="City Desk")).ok
    [first] = chat.fake.webhooks
    replaced = await chat.admin("channel", "webhook", name="Night Desk")
    assert replaced.ok and "could not be deleted" not in replaced.text
    [second] = chat.fake.webhooks  # the first one is gone from the channel
    assert second != first

    removed = await chat.admin("channel", "webhook", remove=True)
    assert removed.ok and "as the bot again" in removed.text
    assert chat.fake.webhooks == {}
    await chat.publish([Item("w2", "Immigration desk reopens")])
    [post] = chat.posts()
    assert post["author"]["id"] == str(chat.fake.application_id)  # the bot, not a webhook


async def test_without_manage_webhooks_the_webhook_is_refused(discord_chat: Chat) -> None:
    chat = discord_chat
    answer = await chat.admin(
        "channel", "webhook", name="City Desk", app_permissions=ALL & ~MANAGE_WEBHOOKS
    )
    assert not answer.ok
    assert "Manage Webhooks" in answer.text
    assert chat.fake.requests_to("POST /channels/{channel_id}/webhooks") == []
    assert await chat.store.channel_webhook(chat.key) is None
    await _unchanged(chat)


async def test_a_webhook_discord_refuses_changes_nothing(discord_chat: Chat) -> None:
    chat = discord_chat
    answer = await chat.admin("channel", "webhook", name="Discord News")  # a reserved word
    assert not answer.ok
    assert answer.text.startswith("Discord refused to make the webhook (400")
    assert await chat.store.channel_webhook(chat.key) is None
    await _unchanged(chat)
    bad_avatar = await chat.admin("channel", "webhook", name="Desk", avatar="ftp://x/a.png")
    assert not bad_avatar.ok and "http" in bad_avatar.text
    assert chat.fake.webhooks == {}  # refused before anything was made
