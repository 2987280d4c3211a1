"""``claimwire replay-dlq`` re-publishes dead letters' original records byte for byte, on a real broker.

Dead letters are built by hand and written in transactions, one of them aborted: read_committed must never see it.
"""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from tests.integration.kafka_read import read_committed

from claimwire.adapters.codec import encode_event
from claimwire.core.models import DeadLetter, DeadLetterError, KafkaHeader, OriginalRecord

__all__: list[str] = []

Original = tuple[bytes | None, bytes | None, list[tuple[str, bytes | None]]]


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m claimwire`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "claimwire", *args], capture_output=True, timeout=180, check=False, env=dict(os.environ)
    )


def b64(data: bytes | None) -> str | None:
    """Base64 text, or None."""
    return None if data is None else base64.b64encode(data).decode("ascii")


def dead_letter(topic: str, offset: int, original: Original, *, stage: str, type_: str) -> DeadLetter:
    """A dead letter for an original (key, value, headers) consumed from ``topic``."""
    key, value, headers = original
    return DeadLetter(
        original=OriginalRecord(
            topic=topic,
            partition=0,
            offset=offset,
            key_base64=b64(key),
            value_base64=b64(value),
            headers=[KafkaHeader(key=k, value_base64=b64(v)) for k, v in headers],
        ),
        error=DeadLetterError(stage=stage, type=type_, message=f"{type_} at offset {offset}"),
        failed_at=datetime(2024, 5, 1, tzinfo=UTC),
        attempts=1,
        service_version="0.1.0",
    )


ORIGINALS: list[tuple[Original, str, str]] = [
    ((b"https://ex.com/a", b'{"id":"a"}', [("ce_id", b"a"), ("trace", b"\x00\xff")]), "validate", "SchemaError"),
    ((None, b"\xff\xfe not utf-8", [("empty", None)]), "decode", "DecodeError"),
    (("https://ex.com/é".encode(), b"<p>no body</p>", []), "normalize", "NormalizeError"),
]
ABORTED: Original = (b"https://ex.com/aborted", b"never committed", [])


async def write_dead_letters(bootstrap: str, dlq: str, origin: str, *, garbage: bool = False) -> None:
    """The ORIGINALS as dead letters in one committed transaction; one more in an aborted one (after it)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"it-dlq-{uuid.uuid4().hex}")
    await producer.start()
    try:
        async with producer.transaction():
            for offset, (original, stage, type_) in enumerate(ORIGINALS):
                letter = dead_letter(origin, offset, original, stage=stage, type_=type_)
                await producer.send(dlq, encode_event(letter), key=original[0], partition=offset % 2)
            if garbage:
                await producer.send(dlq, b"not a dead letter", key=b"junk", partition=0)
        await producer.begin_transaction()
        aborted = dead_letter(origin, 99, ABORTED, stage="normalize", type_="NormalizeError")
        await producer.send_and_wait(dlq, encode_event(aborted), key=ABORTED[0], partition=1)
        await producer.abort_transaction()
    finally:
        await producer.stop()


async def read_all(bootstrap: str, topic: str, partitions: int = 1) -> list[Original]:
    """Every committed record of a topic now, as (key, value, headers), sorted."""
    records = await read_committed(bootstrap, topic, partitions)
    return sorted(((r.key, r.value, list(r.headers)) for r in records), key=repr)


def expected(*indexes: int) -> list[Original]:
    """The ORIGINALS at these indexes, sorted as read_all sorts."""
    return sorted((ORIGINALS[i][0] for i in indexes), key=repr)


async def test_dead_letters_are_replayed_byte_for_byte_and_aborted_ones_never(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]]
) -> None:
    """Keys (also null), values and headers (also null) arrive exactly; a non-DeadLetter is reported, exit 1."""
    dlq, raw = await topic_factory(partitions=2), await topic_factory()
    await write_dead_letters(kafka_bootstrap, dlq, "articles.raw", garbage=True)
    done = await asyncio.to_thread(
        run_cli,
        "replay-dlq",
        "--dlq-topic",
        dlq,
        "--to-topic",
        raw,
        "--bootstrap-servers",
        kafka_bootstrap,
        "--no-progress",
    )
    assert 1 == done.returncode, done.stderr
    assert b"unreadable dead letter" in done.stderr
    assert b"replayed 3 dead letters (3 to " + raw.encode() + b"); scanned 4 of " in done.stderr
    assert expected(0, 1, 2) == await read_all(kafka_bootstrap, raw)


async def test_filters_dry_run_and_original_topics_choose_what_goes_where(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]]
) -> None:
    """A dry run sends nothing; --stage/--error-type select; --to-original sends to each record's own topic."""
    dlq, origin = await topic_factory(partitions=2), await topic_factory()
    await write_dead_letters(kafka_bootstrap, dlq, origin)
    common = ("--dlq-topic", dlq, "--to-original", "--bootstrap-servers", kafka_bootstrap, "--no-progress")
    dry = await asyncio.to_thread(run_cli, "replay-dlq", *common, "--stage", "decode", "--dry-run")
    listed = [line.split("\t")[1:4] for line in dry.stdout.decode().splitlines()]
    assert (0, [["decode", "DecodeError", origin]]) == (dry.returncode, listed), dry.stderr
    assert [] == await read_all(kafka_bootstrap, origin)
    real = await asyncio.to_thread(
        run_cli, "replay-dlq", *common, "--error-type", "SchemaError", "--error-type", "NormalizeError"
    )
    assert 0 == real.returncode, real.stderr
    assert expected(0, 2) == await read_all(kafka_bootstrap, origin)


async def test_a_consumer_group_resumes_where_the_last_replay_stopped(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]]
) -> None:
    """--max-count stops early and --group-id commits only what was replayed; the next run takes the rest."""
    dlq, raw = await topic_factory(partitions=1), await topic_factory()
    await write_dead_letters_one_partition(kafka_bootstrap, dlq)
    common = ("--dlq-topic", dlq, "--to-topic", raw, "--bootstrap-servers", kafka_bootstrap, "--no-progress")
    group = f"it-replay-{uuid.uuid4().hex[:8]}"
    first = await asyncio.to_thread(run_cli, "replay-dlq", *common, "--group-id", group, "--max-count", "2")
    after_first = await read_all(kafka_bootstrap, raw)
    second = await asyncio.to_thread(run_cli, "replay-dlq", *common, "--group-id", group)
    third = await asyncio.to_thread(run_cli, "replay-dlq", *common, "--group-id", group)
    assert (0, 0, 0) == (first.returncode, second.returncode, third.returncode), first.stderr
    assert (expected(0, 1), expected(0, 1, 2)) == (after_first, await read_all(kafka_bootstrap, raw))
    assert b"replayed 0 dead letters" in third.stderr


async def write_dead_letters_one_partition(bootstrap: str, dlq: str) -> None:
    """The ORIGINALS as dead letters on partition 0, in order, without transactions."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        for offset, (original, stage, type_) in enumerate(ORIGINALS):
            letter = dead_letter("articles.raw", offset, original, stage=stage, type_=type_)
            await producer.send_and_wait(dlq, encode_event(letter), key=original[0], partition=0)
    finally:
        await producer.stop()
