"""A raw article crosses a real Kafka broker unchanged: value, key and CloudEvents headers, byte for byte.

This is the contract between crawlers and claimwire on the wire, checked against the broker rather than a fake.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from claimwire.adapters.codec import CE_TYPE_RAW, CloudEventMeta, ce_headers, decode_raw, encode_event, read_ce_headers
from claimwire.core.models import RawArticle

__all__: list[str] = []

_SEED = Path(__file__).resolve().parents[1] / "data" / "kyiv-independent-2023-03-30.txt"
_TRACEPARENT = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def _seed_article() -> RawArticle:
    return RawArticle(
        id="fetch-kyiv-independent-2023-03-30",
        url="https://kyivindependent.com/uk-defense-ministry-russia-highly-unlikely-to-call-up-400000-volunteers/",
        fetched_at=datetime(2023, 3, 30, 12, 5, 7, 250000, tzinfo=timezone(timedelta(hours=3))),
        content_type="text/plain",
        body=_SEED.read_text(encoding="utf-8"),
        outlet="The Kyiv Independent",
        language="en",
        http_status=200,
        crawler="claimwire-integration-test",
    )


async def _read_one(bootstrap: str, topic: str, timeout_s: float = 30.0) -> ConsumerRecord[bytes, bytes]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            batches = await consumer.getmany(partition, timeout_ms=1000)
            for records in batches.values():
                if records:
                    return records[0]
        raise AssertionError(f"no record on {topic} within {timeout_s}s")
    finally:
        await consumer.stop()


async def test_a_raw_article_round_trips_through_the_broker_byte_for_byte(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]]
) -> None:
    """What a crawler produces (codec value, key, CE headers) is what claimwire consumes, to the byte and model."""
    topic = await topic_factory(partitions=1)
    raw = _seed_article()
    value, key = encode_event(raw), raw.url.encode()
    headers = ce_headers(
        ce_type=CE_TYPE_RAW, ce_id=raw.id, source="urn:claimwire:tests", time=raw.fetched_at, traceparent=_TRACEPARENT
    )
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        sent = await producer.send_and_wait(topic, value=value, key=key, headers=headers, partition=0)
    finally:
        await producer.stop()

    record = await asyncio.wait_for(_read_one(kafka_bootstrap, topic), timeout=60)

    assert (sent.topic, sent.partition, sent.offset) == (record.topic, record.partition, record.offset)
    assert value == record.value
    assert key == record.key
    assert headers == list(record.headers)
    assert raw == decode_raw(record.value)
    assert _SEED.read_text(encoding="utf-8") == decode_raw(record.value).body
    expected_meta = CloudEventMeta(
        specversion="1.0",
        id=raw.id,
        type=CE_TYPE_RAW,
        source="urn:claimwire:tests",
        time="2023-03-30T12:05:07.250000+03:00",
        content_type="application/json",
        traceparent=_TRACEPARENT.decode(),
    )
    assert expected_meta == read_ce_headers(record.headers)
