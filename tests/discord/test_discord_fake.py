"""The fake itself, over plain HTTP: it must hold Discord's rules, or the adapter tests prove
nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes.discord import FAKE_TOKEN, FakeDiscord


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def server(clock: Clock) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(clock=clock, nonce_window=60.0)
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def http(server: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {FAKE_TOKEN}"}
    async with aiohttp.ClientSession(server.api_base + "/", headers=headers) as session:
        yield session


async def post(http: aiohttp.ClientSession, channel: int, body: dict[str, Any]) -> Any:
    async with http.post(f"channels/{channel}/messages", json=body) as response:
        return response.status, dict(response.headers), await response.json()


async def test_enforced_nonce_returns_the_first_message(
    server: FakeDiscord, http: aiohttp.ClientSession, clock: Clock
) -> None:
    body = {"content": "hi", "nonce": "abc", "enforce_nonce": True}
    _, _, first = await post(http, 1, body)
    _, _, again = await post(http, 1, body)
    assert again["id"] == first["id"] and len(server.sent(1)) == 1

    clock.now += 61  # past the window: Discord would create a new message
    _, _, late = await post(http, 1, body)
    assert late["id"] != first["id"] and len(server.sent(1)) == 2


async def test_nonce_without_enforcement_does_not_deduplicate(
    server: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    await post(http, 1, {"content": "a", "nonce": "n"})
    await post(http, 1, {"content": "a", "nonce": "n"})
    assert len(server.sent(1)) == 2


async def test_history_echoes_the_nonce_only_while_fresh(
    server: FakeDiscord, http: aiohttp.ClientSession, clock: Clock
) -> None:
    await post(http, 5, {"content": "a", "nonce": "fresh", "enforce_nonce": True})
    async with http.get("channels/5/messages", params={"limit": "10"}) as response:
        assert [m.get("nonce") for m in await response.json()] == ["fresh"]
    clock.now += 120
    async with http.get("channels/5/messages") as response:
        assert [m.get("nonce") for m in await response.json()] == [None]


async def test_limits_are_enforced(http: aiohttp.ClientSession) -> None:
    status, _, error = await post(http, 1, {"nonce": "x" * 26, "enforce_nonce": True})
    assert (status, error["code"]) == (400, 50035)
    status, _, error = await post(http, 1, {"embeds": [{"title": "t" * 257}]})
    assert (status, error["code"]) == (400, 50035)
    fields = [{"name": "n", "value": "v" * 1000} for _ in range(7)]
    status, _, _ = await post(http, 1, {"embeds": [{"title": "t", "fields": fields}]})
    assert status == 400  # 7,000 in all


async def test_bucket_headers_and_429(
    server: FakeDiscord, http: aiohttp.ClientSession, clock: Clock
) -> None:
    for remaining in range(4, -1, -1):
        status, headers, _ = await post(http, 9, {"content": "x"})
        assert status == 200
        assert headers["X-RateLimit-Limit"] == "5"
        assert headers["X-RateLimit-Remaining"] == str(remaining)
        assert float(headers["X-RateLimit-Reset-After"]) == pytest.approx(5.0)
        assert headers["X-RateLimit-Bucket"]
    status, headers, body = await post(http, 9, {"content": "x"})
    assert status == 429 and body["retry_after"] == pytest.approx(5.0)
    assert headers["Retry-After"] == "5" and headers["Via"]
    assert len(server.rate_limited) == 1
    status, _, _ = await post(http, 10, {"content": "x"})  # another channel, another bucket
    assert status == 200
    clock.now += 5
    status, _, _ = await post(http, 9, {"content": "x"})
    assert status == 200


async def test_forced_errors_and_channel_states(
    server: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    server.force_status(1, 503)
    assert (await post(http, 1, {"content": "x"}))[0] == 503
    server.deny_access(2)
    assert (await post(http, 2, {"content": "x"}))[2]["code"] == 50001
    server.remove_channel(3)
    status, _, body = await post(http, 3, {"content": "x"})
    assert (status, body["code"]) == (404, 10003)


async def test_requests_without_the_token_are_refused(server: FakeDiscord) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(server.api_base + "/users/@me") as response,
    ):
        assert response.status == 401


async def test_mentions_resolve_like_discord(
    server: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    await post(http, 1, {"content": "@everyone <@&7>"})  # no allowed_mentions: all parse
    await post(http, 1, {"content": "@everyone <@&7>", "allowed_mentions": {"parse": []}})
    await post(
        http,
        1,
        {"content": "@everyone <@&7> <@&8>", "allowed_mentions": {"parse": [], "roles": ["8"]}},
    )
    loud, quiet, one_role = server.sent(1)
    assert loud["mention_everyone"] and loud["mention_roles"] == ["7"]
    assert not quiet["mention_everyone"] and quiet["mention_roles"] == []
    assert not one_role["mention_everyone"] and one_role["mention_roles"] == ["8"]


async def test_the_global_limit_counts_every_bot_token_request_in_a_second(
    server: FakeDiscord, http: aiohttp.ClientSession, clock: Clock
) -> None:
    server.global_per_second = 3
    guild = server.add_guild("G", channels=("a", "b"))
    first, second = server.channel_ids(guild)
    hook, token = server.add_webhook(first)
    statuses = [(await post(http, channel, {"content": "x"}))[0] for channel in (first, second)]
    async with http.get("users/@me") as response:
        statuses.append(response.status)
    # A webhook post carries no bot token: Discord does not count it against the bot.
    async with aiohttp.ClientSession() as anonymous:
        url = f"{server.api_base}/webhooks/{hook}/{token}?wait=true"
        async with anonymous.post(url, json={"content": "hook"}) as response:
            assert response.status == 200
    status, headers, body = await post(http, second, {"content": "one too many"})
    assert statuses == [200, 200, 200]
    assert status == 429 and body["global"] is True and headers["X-RateLimit-Global"] == "true"
    assert body["retry_after"] == pytest.approx(1.0)
    assert [r.route for r in server.global_limited] == ["POST /channels/{channel_id}/messages"]
    assert server.global_limited[0].at == clock.now and server.global_limited[0].authorized
    clock.now += 1.0  # the first three have left the second
    assert (await post(http, second, {"content": "again"}))[0] == 200


def test_a_guild_can_be_made_on_a_chosen_shard() -> None:
    fake = FakeDiscord()
    for count in (1, 2, 3, 16):
        for shard in range(count):
            guild = fake.add_guild(shard=(shard, count))
            assert fake.shard_of(guild, count) == shard == (guild >> 22) % count
