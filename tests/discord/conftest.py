"""Fixtures for the Discord tests: a started `FakeDiscord` with discord.py pointed at it, a
guild with one channel, and a connected `DiscordAdapter` whose reactions land in a recorder.

No ``__init__.py`` in this folder on purpose: pytest puts ``tests/`` on ``sys.path`` for the
packaged test folders, and a ``tests/discord`` package would then shadow discord.py itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.discord import DiscordAdapter
from tests.discord.helpers import Guild, ReactionRecorder, connect
from tests.fakes.discord import FakeDiscord


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(bucket_window=0.2)
    await server.start()
    server.patch_discord()
    yield server
    await server.close()  # also undoes the patch


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    guild_id = fake.add_guild("Newsroom", channels=("news",))
    return Guild(guild_id, fake.channel_ids(guild_id)[0])


@pytest.fixture
def reactions() -> ReactionRecorder:
    return ReactionRecorder()


@pytest.fixture
async def adapter(
    fake: FakeDiscord, guild: Guild, reactions: ReactionRecorder
) -> AsyncIterator[DiscordAdapter]:
    connected = await connect(fake, on_reaction=reactions)
    yield connected
    await connected.close()
