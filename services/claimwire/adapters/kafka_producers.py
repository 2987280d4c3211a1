"""The producers of the Kafka adapter: one transactional producer per input partition (exactly-once), or one
idempotent producer (at-least-once).

A partition's producer has the stable id ``<app>-<group>-<topic>-<partition>``. Starting it runs an empty
transaction, which forces ``InitProducerId``: that bumps the id's epoch, fences any zombie still holding the id and
makes the coordinator finish (abort) the zombie's open transaction, so the committed offsets read afterwards are
final. Closing it aborts an open transaction first, so read_committed consumers are not held up until it times out.

``send_all`` queues a delivery's records as one batch per partition: an article makes a few dozen claim events, and
aiokafka's per-record ``send`` (a metadata wait, the partitioner, a future per record) was the largest CPU cost of the
event loop's process. Records are partitioned exactly like aiokafka's and the Java client's default partitioner
(murmur2 of the key), so a key keeps its partition whichever client produced it.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition

from claimwire.ports import Outgoing, Stream
from claimwire.settings import Settings

__all__ = [
    "CLOSE_TIMEOUT_S",
    "PartitionProducers",
    "murmur2",
    "partition_for",
    "send_all",
    "stop_quietly",
    "transactional_id",
]

CLOSE_TIMEOUT_S = 10.0
_MAX_BATCH_BYTES = 512 * 1024


def transactional_id(settings: Settings, tp: Stream) -> str:
    """The stable transactional id of the producer that owns input partition ``tp``."""
    return f"{settings.app_id}-{settings.group_id}-{tp[0]}-{tp[1]}"


def partition_for(key: bytes, partitions: int) -> int:
    """The partition of a keyed record among ``partitions``, as the default partitioners choose it."""
    return (murmur2(key) & 0x7FFFFFFF) % partitions


_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 (the Java client's ``Utils.murmur2``, seed 0x9747b28c), as aiokafka's ``murmur2`` computes
    it, about three times faster: words are unpacked by ``struct`` rather than byte by byte, and each claim event
    of an article hashes its key on the event loop."""
    length = len(data)
    h = 0x9747B28C ^ length
    whole = length & ~3
    for (word,) in struct.iter_unpack("<I", memoryview(data)[:whole]):
        k = (word * _M) & _MASK
        k = ((k ^ (k >> 24)) * _M) & _MASK
        h = ((h * _M) & _MASK) ^ k
    extra = length & 3
    if extra == 3:
        h ^= data[whole + 2] << 16
    if extra >= 2:
        h ^= data[whole + 1] << 8
    if extra:
        h = ((h ^ data[whole]) * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    return h ^ (h >> 15)


async def send_all(producer: AIOKafkaProducer, outgoing: Sequence[Outgoing]) -> list[asyncio.Future[Any]]:
    """Queue ``outgoing`` on ``producer``, one batch per partition in the records' order (a batch that fills up is
    followed by another); the futures resolve when the broker has acknowledged each batch."""
    futures: list[asyncio.Future[Any]] = []
    counts: dict[str, int] = {}
    by_partition: dict[tuple[str, int], list[Outgoing]] = {}
    for out in outgoing:
        if out.key is None:  # the partitioner's choice for a record without a key (a dead letter of one)
            futures.append(await producer.send(out.topic, out.value, headers=list(out.headers)))
            continue
        count = counts.get(out.topic)
        if count is None:
            count = counts[out.topic] = len(await producer.partitions_for(out.topic))
        by_partition.setdefault((out.topic, partition_for(out.key, count)), []).append(out)
    for (topic, partition), records in by_partition.items():
        batch = producer.create_batch()
        for out in records:
            if batch.append(key=out.key, value=out.value, timestamp=None, headers=list(out.headers)) is None:
                futures.append(await producer.send_batch(batch, topic, partition=partition))
                batch = producer.create_batch()  # an empty batch takes any record, however large
                batch.append(key=out.key, value=out.value, timestamp=None, headers=list(out.headers))
        futures.append(await producer.send_batch(batch, topic, partition=partition))
    return futures


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
