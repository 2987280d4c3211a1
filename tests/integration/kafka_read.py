"""Reading a topic back in integration tests: every committed record up to the end offsets taken at the start."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

__all__ = ["read_committed", "read_committed_with"]


async def read_committed(bootstrap: str, topic: str, partitions: int = 1) -> list[Any]:
    """Every committed record of ``topic`` now (read_committed), partition by partition in offset order."""
    return await read_committed_with({"bootstrap_servers": bootstrap}, topic, partitions)


async def read_committed_with(
    client: Mapping[str, Any], topic: str, partitions: int = 1, *, timeout_s: float | None = None
) -> list[Any]:
    """``read_committed`` by a consumer built from ``client`` (servers, security); with ``timeout_s``, a topic that
    cannot be read to its end in time fails the test instead of waiting for the test timeout."""
    consumer = AIOKafkaConsumer(**client, enable_auto_commit=False, isolation_level="read_committed")
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        records: list[Any] = []
        deadline = None if timeout_s is None else time.monotonic() + timeout_s

        async def unread() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in tps])

        while await unread():
            if deadline is not None and time.monotonic() > deadline:
                raise AssertionError(f"could not read {topic} to its end within {timeout_s}s")
            for batch in (await consumer.getmany(*tps, timeout_ms=1000)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()
