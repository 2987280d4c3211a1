"""The producers of the Kafka adapter: one transactional producer per input partition (exactly-once), or one
idempotent producer (at-least-once).

A partition's producer has the stable id ``<app>-<group>-<topic>-<partition>``. Starting it runs an empty
transaction, which forces ``InitProducerId``: that bumps the id's epoch, fences any zombie still holding the id and
makes the coordinator finish (abort) the zombie's open transaction, so the committed offsets read afterwards are
final. Closing it aborts an open transaction first, so read_committed consumers are not held up until it times out.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition

from claimwire.ports import Stream
from claimwire.settings import Settings

__all__ = ["CLOSE_TIMEOUT_S", "PartitionProducers", "stop_quietly", "transactional_id"]

CLOSE_TIMEOUT_S = 10.0
_MAX_BATCH_BYTES = 512 * 1024


def transactional_id(settings: Settings, tp: Stream) -> str:
    """The stable transactional id of the producer that owns input partition ``tp``."""
    return f"{settings.app_id}-{settings.group_id}-{tp[0]}-{tp[1]}"


async def stop_quietly(producer: AIOKafkaProducer) -> None:
    """Stop a producer, bounded in time, whatever state it is in (the broker may be gone)."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(producer.stop(), CLOSE_TIMEOUT_S)


class PartitionProducers:
    """Producers keyed by input partition, plus the shared idempotent one."""

    def __init__(self, settings: Settings, client: dict[str, Any]) -> None:
        self._settings = settings
        self._common: dict[str, Any] = {
            **client,
            "max_request_size": settings.max_message_bytes,
            "acks": "all",
            "enable_idempotence": True,
            "linger_ms": 0,
            "compression_type": None if settings.compression_type == "none" else settings.compression_type,
            # One batch per partition per delivery: a delivery carries an article's ~30 claim events (and several
            # articles' when a lane batches), which aiokafka's 16 KiB default splits into many small batches.
            "max_batch_size": min(_MAX_BATCH_BYTES, settings.max_message_bytes),
        }
        self._by_tp: dict[TopicPartition, AIOKafkaProducer] = {}

    def get(self, tp: TopicPartition) -> AIOKafkaProducer | None:
        return self._by_tp.get(tp)

    def idempotent(self) -> AIOKafkaProducer:
        """A new (not started) idempotent producer, for at-least-once delivery."""
        return AIOKafkaProducer(**self._common, client_id=f"{self._settings.client_id}-producer")

    async def start(self, tp: TopicPartition) -> None:
        """(Re)start the partition's transactional producer, fencing its zombies."""
        await self.close(tp)
        s = self._settings
        producer = AIOKafkaProducer(
            **self._common,
            client_id=f"{s.client_id}-{tp.topic}-{tp.partition}",
            transactional_id=transactional_id(s, (tp.topic, tp.partition)),
            transaction_timeout_ms=s.transaction_timeout_ms,
        )
        try:
            await producer.start()
            await producer.begin_transaction()
            await producer.abort_transaction()
        except BaseException:
            await stop_quietly(producer)
            raise
        self._by_tp[tp] = producer

    async def close(self, tp: TopicPartition) -> None:
        """Abort the partition's open transaction, if any, and stop its producer."""
        producer = self._by_tp.pop(tp, None)
        if producer is not None:
            txn = producer._txn_manager  # aiokafka has no public "in transaction?" query
            if txn is not None and txn.is_in_transaction() and not txn.is_fatal_error():
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(producer.abort_transaction(), CLOSE_TIMEOUT_S)
            await stop_quietly(producer)

    async def close_all(self) -> None:
        await asyncio.gather(*(self.close(tp) for tp in list(self._by_tp)))
