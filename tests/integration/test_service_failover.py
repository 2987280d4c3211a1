"""Exactly-once survives what happens to instances: a second member, kill -9 mid-stream, SIGTERM and restart.

The instances run the real service with ``FakeStep`` (records take a known time, ``SLEEP:<ms>``), so the tests can
act mid-stream; what is under test is the delivery, which is the same code for every pipeline.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import orjson
from tests.integration.test_service_support import (
    Instance,
    TopicFactory,
    fake_raw,
    make_topics,
    produce,
    raw_ids,
    read_committed,
    wait_until,
)

# Fail over within a few seconds: a kill -9'd member is noticed when its session times out.
_FAST_GROUP = {"CLAIMWIRE_SESSION_TIMEOUT_MS": "6000", "CLAIMWIRE_HEARTBEAT_INTERVAL_MS": "1000"}


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (FileNotFoundError, IndexError):
        return False


async def _count(bootstrap: str, topic: str) -> int:
    return len(await read_committed(bootstrap, topic))


async def test_two_instances_share_the_work_and_a_kill_9_loses_and_duplicates_nothing(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """Two members of one group on 4 partitions both produce; one is killed -9 mid-stream; the other finishes;
    every input has exactly one enriched article and its claims exactly once."""
    total = 600
    topics = await make_topics(topic_factory, partitions=4)
    await produce(
        kafka_bootstrap, topics.raw,
        [(f"https://example.com/news/{i}".encode(), fake_raw(i, sleep_ms=40, claims=2), ()) for i in range(total)],
    )
    env = {**topics.env(kafka_bootstrap), **_FAST_GROUP}
    first = Instance("first", env, tmp_path, fake=True)
    second = Instance("second", env, tmp_path, fake=True)
    try:
        async def both_working() -> bool:
            sources = {dict(r.headers).get("ce_source") for r in await read_committed(kafka_bootstrap, topics.enriched)}
            return {b"/it/first", b"/it/second"} <= sources

        await wait_until(both_working, timeout_s=90, what="outputs from both instances")
        done_before = await _count(kafka_bootstrap, topics.enriched)
        assert done_before < total * 0.8, "the stream ended before the kill; make records slower"
        workers = first.children()
        first.process.kill()  # SIGKILL: no revocation, an open transaction left behind
        assert -signal.SIGKILL == await first.wait(10)

        async def workers_gone() -> bool:
            return not any(_running(pid) for pid in workers)

        await wait_until(workers_gone, timeout_s=10, what="the killed instance's workers to exit")

        async def all_enriched() -> bool:
            return total <= await _count(kafka_bootstrap, topics.enriched)

        await wait_until(all_enriched, timeout_s=120, what=f"{total} enriched articles after the kill")
        await asyncio.sleep(2)  # anything duplicated late would show up now
        second.signal(signal.SIGTERM)
        assert 0 == await second.wait(60)
    finally:
        first.kill()
        second.kill()
    enriched = await read_committed(kafka_bootstrap, topics.enriched)
    claims = await read_committed(kafka_bootstrap, topics.claims)
    assert {f"raw-{i}": 1 for i in range(total)} == dict(raw_ids(enriched))
    assert 2 * total == len({orjson.loads(c.value)["id"] for c in claims}) == len(claims)
    assert [] == await read_committed(kafka_bootstrap, topics.dlq)
    assert second.logged("partition assigned"), "the survivor never took partitions over"


async def test_sigterm_mid_stream_exits_cleanly_and_a_restart_finishes_exactly_once(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """SIGTERM mid-stream: exit status 0 within the shutdown bound; a new instance resumes; each input once."""
    total = 400
    topics = await make_topics(topic_factory, partitions=4)
    await produce(kafka_bootstrap, topics.raw, [(None, fake_raw(i, sleep_ms=30), ()) for i in range(total)])
    # A small in-flight bound keeps the drain on SIGTERM short, so the restart has work left.
    env = {**topics.env(kafka_bootstrap), "CLAIMWIRE_SHUTDOWN_TIMEOUT_S": "10", "CLAIMWIRE_MAX_IN_FLIGHT": "16"}
    first = Instance("before", env, tmp_path, fake=True)
    try:
        async def started() -> bool:
            return 40 <= await _count(kafka_bootstrap, topics.enriched)

        await wait_until(started, timeout_s=90, what="the first outputs")
        first.signal(signal.SIGTERM)
        stopping = time.monotonic()
        assert 0 == await first.wait(45)
        took = time.monotonic() - stopping
        done_by_first = await _count(kafka_bootstrap, topics.enriched)
        assert done_by_first < total, "the stream ended before the SIGTERM; make records slower"
        assert first.logged("stopped")
    finally:
        first.kill()
    second = Instance("after", env, tmp_path, fake=True)
    try:
        async def all_enriched() -> bool:
            return total <= await _count(kafka_bootstrap, topics.enriched)

        await wait_until(all_enriched, timeout_s=120, what=f"{total} enriched articles after the restart")
        await asyncio.sleep(2)
        second.signal(signal.SIGTERM)
        assert 0 == await second.wait(45)
    finally:
        second.kill()
    enriched = await read_committed(kafka_bootstrap, topics.enriched)
    assert {f"raw-{i}": 1 for i in range(total)} == dict(raw_ids(enriched))
    assert took < 25


async def test_a_frozen_zombie_that_wakes_up_is_fenced_and_duplicates_nothing(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """SIGSTOP one member mid-transaction until the group gives its partitions away, then SIGCONT it: its stale
    transactions are fenced by the new owner's producers, so every input still comes out exactly once."""
    total = 600
    topics = await make_topics(topic_factory, partitions=4)
    await produce(kafka_bootstrap, topics.raw, [(None, fake_raw(i, sleep_ms=40), ()) for i in range(total)])
    env = {**topics.env(kafka_bootstrap), **_FAST_GROUP}
    zombie = Instance("zombie", env, tmp_path, fake=True)
    other = Instance("other", env, tmp_path, fake=True)
    try:
        async def both_working() -> bool:
            sources = {dict(r.headers).get("ce_source") for r in await read_committed(kafka_bootstrap, topics.enriched)}
            return {b"/it/zombie", b"/it/other"} <= sources

        await wait_until(both_working, timeout_s=90, what="outputs from both instances")
        zombie.signal(signal.SIGSTOP)
        try:
            async def taken_over() -> bool:
                return len(other.logged("partition assigned")) >= 4

            await wait_until(taken_over, timeout_s=60, what="the other instance owning all partitions")
            await asyncio.sleep(2)
        finally:
            zombie.signal(signal.SIGCONT)
        assert await _count(kafka_bootstrap, topics.enriched) < total, "the stream ended too early; slow it down"

        async def all_enriched() -> bool:
            return total <= await _count(kafka_bootstrap, topics.enriched)

        await wait_until(all_enriched, timeout_s=180, what=f"{total} enriched articles after the zombie woke")
        await asyncio.sleep(3)
        zombie.signal(signal.SIGTERM)
        other.signal(signal.SIGTERM)
        assert (0, 0) == (await zombie.wait(60), await other.wait(60))
    finally:
        zombie.kill()
        other.kill()
    enriched = await read_committed(kafka_bootstrap, topics.enriched)
    assert {f"raw-{i}": 1 for i in range(total)} == dict(raw_ids(enriched))
