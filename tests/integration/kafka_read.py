"""Reading a topic back in integration tests: every committed record up to the end offsets taken at the start."""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

__all__ = ["read_committed"]


async def read_committed(bootstrap: str, topic: str, partitions: int = 1) -> list[Any]:
    """Every committed record of ``topic`` now (read_committed), partition by partition in offset order."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed")
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        records: list[Any] = []

        async def unread() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in tps])

        while await unread():
            for batch in (await consumer.getmany(*tps, timeout_ms=1000)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()
