"""Same story, one post: SimHash tuning pairs, and grouping in the outbox."""

from __future__ import annotations

import hashlib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.delivery.outbox import Outbox
from bot.delivery.samestory import SAME_STORY_MAX_DISTANCE, hamming, shingles, story_hash
from bot.delivery.why import why
from bot.store import Store
from tests.delivery.conftest import FakeClock, MemoryAdapter, article, ch, source

# (title, lead) pairs written for these tests: one event reported by two outlets...
SAME = [
    (
        (
            "Fed raises interest rates by a quarter point",
            "The Federal Reserve raised its benchmark interest rate by a quarter percentage point "
            "on Wednesday, its tenth increase in just over a year.",
        ),
        (
            "Fed raises rates by quarter point",
            "The Federal Reserve on Wednesday raised its benchmark interest rate by a quarter "
            "percentage point, the tenth increase in just over a year.",
        ),
    ),
    (
        (
            "Magnitude 6.1 earthquake strikes central Japan",
            "A magnitude 6.1 earthquake struck central Japan on Tuesday, the meteorological agency "
            "said, with no immediate reports of damage.",
        ),
        (
            "Earthquake of magnitude 6.1 strikes central Japan",
            "A magnitude 6.1 earthquake struck central Japan on Tuesday, according to the "
            "meteorological agency. There were no immediate reports of damage.",
        ),
    ),
    (
        (
            "Storm Bert: thousands without power across UK",
            "Thousands of homes were left without power on Sunday as Storm Bert brought heavy rain "
            "and strong winds across the UK.",
        ),
        (
            "Thousands without power as Storm Bert hits UK",
            "Storm Bert brought heavy rain and strong winds across the UK on Sunday, leaving "
            "thousands of homes without power.",
        ),
    ),
]
# ... and two different events on the same subject, which must stay two posts.
DIFFERENT = [
    (
        (
            "Fed raises interest rates by a quarter point",
            "The Federal Reserve raised its benchmark interest rate by a quarter percentage point.",
        ),
        (
            "Fed holds interest rates steady, signals cuts",
            "The Federal Reserve left its benchmark interest rate unchanged on Wednesday and "
            "signalled cuts later this year.",
        ),
    ),
    (
        (
            "Magnitude 6.1 earthquake strikes central Japan",
            "A magnitude 6.1 earthquake struck central Japan on Tuesday.",
        ),
        (
            "Magnitude 5.2 earthquake strikes southern Chile",
            "A magnitude 5.2 earthquake struck southern Chile on Thursday, officials said.",
        ),
    ),
]


def test_same_event_is_near_different_event_is_far() -> None:
    for a, b in SAME:
        assert hamming(story_hash(*a), story_hash(*b)) <= SAME_STORY_MAX_DISTANCE, (a, b)
    for a, b in DIFFERENT:
        assert hamming(story_hash(*a), story_hash(*b)) > SAME_STORY_MAX_DISTANCE + 4, (a, b)


def test_hash_is_64_bit_stable_and_ignores_case_and_punctuation() -> None:
    h = story_hash("The Fed Raises Rates.", "")
    assert 0 <= h < 1 << 64
    assert h == story_hash("fed raises rates", "")
    assert story_hash("Fed raises rates", "x") == story_hash("Fed raises rates", "x")


def _bitwise_simhash(title: str, lead: str) -> int:
    """SimHash written the plain way, bit by bit: the fast version must agree with it."""
    weights = [0] * 64
    for feature, weight in shingles(title, lead).items():
        h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += weight if (h >> bit) & 1 else -weight
    return sum(1 << bit for bit, w in enumerate(weights) if w > 0)


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=80), lead=st.text(max_size=200))
def test_fast_hash_equals_the_bitwise_definition(title: str, lead: str) -> None:
    assert story_hash(title, lead) == _bitwise_simhash(title, lead)


def test_hash_of_a_known_story_is_unchanged() -> None:
    """Hashes are stored with the articles: a change here would split stories across versions."""
    assert (
        story_hash(
            "Fed raises interest rates by a quarter point",
            "The Federal Reserve raised its benchmark interest rate by a quarter percentage point "
            "on Wednesday.",
        )
        == 0x2E9565F841FD8C7D
    )


def test_unrelated_texts_rarely_collide() -> None:
    rng = random.Random(5)
    words = [f"w{i}" for i in range(3000)]
    hashes = [
        story_hash(" ".join(rng.sample(words, 8)), " ".join(rng.sample(words, 25)))
        for _ in range(300)
    ]
    close = sum(
        hamming(a, b) <= SAME_STORY_MAX_DISTANCE
        for i, a in enumerate(hashes)
        for b in hashes[i + 1 :]
    )
    assert close == 0  # 44,850 pairs


async def test_three_sources_one_post_edited_twice(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    (t1, l1), (t2, l2) = SAME[0]
    t3, l3 = "Fed raises interest rates by quarter point", l1
    sources = [await source(store, n) for n in ("Wire", "Daily", "Herald")]
    first = await article(
        store, sources[0], [ch("a")], title=t1, summary=l1, story_hash=story_hash(t1, l1)
    )
    await outbox.deliver_pending()
    clock.advance(600)
    second = await article(
        store, sources[1], [ch("a"), ch("b")], title=t2, summary=l2, story_hash=story_hash(t2, l2)
    )
    await outbox.deliver_pending()
    clock.advance(600)
    third = await article(
        store, sources[2], [ch("a")], title=t3, summary=l3, story_hash=story_hash(t3, l3)
    )
    await outbox.deliver_pending()
    assert [p.title for p in adapter.posts_in("a")] == [t1]
    assert [p.title for p in adapter.posts_in("b")] == [t2]  # b had not seen the story
    edits = [e for e in adapter.edits if e[0] == "a"]
    assert len(edits) == 2
    assert edits[0][1] == edits[1][1] == adapter.sent[0].message_id
    assert [name for name, _ in edits[0][2].also_covered_by] == ["Daily"]
    assert edits[1][2].also_covered_by == (
        ("Daily", (await store.get_article(second)).url),  # type: ignore[union-attr]
        ("Herald", (await store.get_article(third)).url),  # type: ignore[union-attr]
    )
    line = (await why(store, str(third), "a"))[-1]
    assert "same story already posted" in line and "from Wire" in line
    (row,) = [r for r in await store.deliveries_for_article(first)]
    assert row.status == "sent"


async def test_same_story_after_the_window_is_posted_again(
    store: Store, clock: FakeClock, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    (t1, l1), (t2, l2) = SAME[1]
    a, b = await source(store, "Wire"), await source(store, "Daily")
    await article(store, a, [ch("a")], title=t1, summary=l1, story_hash=story_hash(t1, l1))
    await outbox.deliver_pending()
    clock.advance(25 * 3600)
    await article(store, b, [ch("a")], title=t2, summary=l2, story_hash=story_hash(t2, l2))
    await outbox.deliver_pending()
    assert len(adapter.posts_in("a")) == 2 and adapter.edits == []


async def test_same_story_queued_together_is_merged_in_one_pass(
    store: Store, outbox: Outbox, adapter: MemoryAdapter
) -> None:
    """The second report of a story, queued with the first and with an unrelated story
    between them, joins the post the same pass made moments earlier."""
    (t1, l1), (t2, l2) = SAME[2]
    (o1, ol1), _ = DIFFERENT[1]
    wire, daily = await source(store, "Wire"), await source(store, "Daily")
    first = await article(
        store, wire, [ch("a")], title=t1, summary=l1, story_hash=story_hash(t1, l1)
    )
    await article(store, wire, [ch("a")], title=o1, summary=ol1, story_hash=story_hash(o1, ol1))
    late = await article(
        store, daily, [ch("a")], title=t2, summary=l2, story_hash=story_hash(t2, l2)
    )
    report = await outbox.deliver_pending()
    assert [p.title for p in adapter.posts_in("a")] == [t1, o1]
    assert report.merged == 1
    (leader,) = await store.deliveries_for_article(first)
    (row,) = await store.deliveries_for_article(late)
    assert row.status == "merged"
    assert await store.delivery_parent(row.id) == leader.id
