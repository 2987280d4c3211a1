"""Transactions and consumer groups on the real broker behave as claimwire's exactly-once pipeline relies on.

The service writes its outputs and its input offsets in one transaction and downstream consumers read with
``read_committed``; a single-node broker only supports that when its internal topics are configured for one replica.
These tests prove both the broker set-up and aiokafka's side of it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Literal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import OffsetAndMetadata

__all__: list[str] = []

TopicFactory = Callable[..., Awaitable[str]]
Isolation = Literal["read_committed", "read_uncommitted"]


async def _write_committed_aborted_committed(bootstrap: str, topic: str) -> None:
    """c1 committed, then a1 and a2 in an aborted transaction, then c2 committed."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"it-txn-{uuid.uuid4().hex}")
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send_and_wait(topic, b"c1", partition=0)
        await producer.begin_transaction()
        await producer.send_and_wait(topic, b"a1", partition=0)
        await producer.send_and_wait(topic, b"a2", partition=0)
        await producer.abort_transaction()
        async with producer.transaction():
            await producer.send_and_wait(topic, b"c2", partition=0)
    finally:
        await producer.stop()


async def _read_to_end(bootstrap: str, topic: str, isolation_level: Isolation, timeout_s: float = 30.0) -> list[bytes]:
    """Every value on partition 0 up to its end offset (the last stable offset for read_committed)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level=isolation_level,
    )
    await consumer.start()
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        end = (await consumer.end_offsets([partition]))[partition]
        values: list[bytes] = []
        deadline = time.monotonic() + timeout_s
        while await consumer.position(partition) < end:
            if time.monotonic() > deadline:
                raise AssertionError(f"stuck at offset {await consumer.position(partition)} of {end} on {topic}")
            batches = await consumer.getmany(partition, timeout_ms=500)
            values.extend(record.value for records in batches.values() for record in records if record.value)
        return values
    finally:
        await consumer.stop()


async def test_a_read_committed_consumer_sees_committed_writes_and_none_of_the_aborted(
    kafka_bootstrap: str, topic_factory: TopicFactory
) -> None:
    """Aborted transactional writes are invisible to read_committed consumers; committed ones all arrive, in order."""
    topic = await topic_factory(partitions=1)
    await _write_committed_aborted_committed(kafka_bootstrap, topic)

    assert [b"c1", b"c2"] == await _read_to_end(kafka_bootstrap, topic, "read_committed")


async def test_a_read_uncommitted_consumer_does_see_the_aborted_writes(
    kafka_bootstrap: str, topic_factory: TopicFactory
) -> None:
    """The aborted records really reached the log, so the read_committed test above can fail."""
    topic = await topic_factory(partitions=1)
    await _write_committed_aborted_committed(kafka_bootstrap, topic)

    assert [b"c1", b"a1", b"a2", b"c2"] == await _read_to_end(kafka_bootstrap, topic, "read_uncommitted")


async def _consume_one_and_forward(
    bootstrap: str, source: str, sink: str, group_id: str, *, commit: bool
) -> tuple[int, bytes]:
    """One consume-transform-produce step: forward one record and its next offset in a transaction."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"{group_id}-{source}-0")
    await consumer.start()
    await producer.start()
    try:
        partition = TopicPartition(source, 0)
        consumer.assign([partition])
        record = await asyncio.wait_for(consumer.getone(), timeout=30)
        assert record.value is not None
        await producer.begin_transaction()
        await producer.send_and_wait(sink, record.value.upper(), partition=0)
        await producer.send_offsets_to_transaction({partition: OffsetAndMetadata(record.offset + 1, "")}, group_id)
        if commit:
            await producer.commit_transaction()
        else:
            await producer.abort_transaction()
        return record.offset, record.value
    finally:
        await producer.stop()
        await consumer.stop()


async def _committed_offset(bootstrap: str, topic: str, group_id: str) -> int | None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group_id, enable_auto_commit=False)
    await consumer.start()
    try:
        offset: int | None = await consumer.committed(TopicPartition(topic, 0))
        return offset
    finally:
        await consumer.stop()


async def test_offsets_sent_in_a_transaction_commit_with_its_output_and_roll_back_with_it(
    kafka_bootstrap: str, topic_factory: TopicFactory
) -> None:
    """An aborted step leaves no output and no offset, so it is redone; a committed step moves the group on."""
    source, sink = await topic_factory(partitions=1), await topic_factory(partitions=1)
    group_id = f"it-group-{uuid.uuid4().hex[:10]}"
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for value in (b"first", b"second"):
            await producer.send_and_wait(source, value, partition=0)
    finally:
        await producer.stop()

    aborted = await _consume_one_and_forward(kafka_bootstrap, source, sink, group_id, commit=False)
    offset_after_abort = await _committed_offset(kafka_bootstrap, source, group_id)
    redone = await _consume_one_and_forward(kafka_bootstrap, source, sink, group_id, commit=True)
    offset_after_commit = await _committed_offset(kafka_bootstrap, source, group_id)
    then = await _consume_one_and_forward(kafka_bootstrap, source, sink, group_id, commit=True)

    assert (0, b"first") == aborted
    assert offset_after_abort is None
    assert (0, b"first") == redone
    assert 1 == offset_after_commit
    assert (1, b"second") == then
    assert [b"FIRST", b"SECOND"] == await _read_to_end(kafka_bootstrap, sink, "read_committed")
    assert [b"FIRST", b"FIRST", b"SECOND"] == await _read_to_end(kafka_bootstrap, sink, "read_uncommitted")
