"""Records far larger than one fetch (``CLAIMWIRE_FETCH_PARTITION_BYTES``) still flow: none is stuck or skipped."""

from __future__ import annotations

import signal
import uuid
from pathlib import Path

import orjson
from tests.integration.test_service_support import (
    Instance,
    ServiceTopics,
    TopicFactory,
    produce,
    read_committed,
    wait_until,
)

MiB = 1024 * 1024


async def test_records_larger_than_a_fetch_are_processed_in_order_with_the_small_ones_around_them(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """A 3 MiB page between small ones, with 64 KiB fetches: every record gets its one output, in offset order."""
    big = {"max.message.bytes": str(16 * MiB)}  # the fake step's article repeats its page: outputs are larger
    topics = ServiceTopics(*[await topic_factory(1, configs=big) for _ in range(4)], group=f"it-{uuid.uuid4().hex[:8]}")
    sizes = [10, 3 * MiB, 10, 2 * MiB, 10]
    values = [
        orjson.dumps({"id": f"big-{i}", "url": f"https://example.com/{i}", "fetched_at": "2024-05-01T10:00:00Z",
                      "content_type": "text/plain", "body": f"Title {i}\n\nClaim: {'x' * size}"})
        for i, size in enumerate(sizes)
    ]
    await produce(kafka_bootstrap, topics.raw, [(f"k{i}".encode(), v, ()) for i, v in enumerate(values)])
    env = {**topics.env(kafka_bootstrap), "CLAIMWIRE_FETCH_PARTITION_BYTES": str(64 * 1024),
           "CLAIMWIRE_MAX_MESSAGE_BYTES": str(16 * MiB)}
    service = Instance("large", env, tmp_path, fake=True)
    try:
        async def all_out() -> bool:
            return len(await read_committed(kafka_bootstrap, topics.enriched)) >= len(values)

        await wait_until(all_out, timeout_s=120, what="five enriched articles")
        service.signal(signal.SIGTERM)
        assert 0 == await service.wait(60)
    finally:
        service.kill()
    enriched = [orjson.loads(r.value) for r in await read_committed(kafka_bootstrap, topics.enriched)]
    assert [f"big-{i}" for i in range(5)] == [e["raw_id"] for e in enriched]
    assert [] == await read_committed(kafka_bootstrap, topics.dlq)
