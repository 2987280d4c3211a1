"""Helpers for the service tests on the real broker (start instances, produce inputs, read committed outputs),
and the at-least-once mode's round trip.

Instances run as separate processes, exactly as deployed: ``python -m claimwire run`` for the real pipeline, or
the same service (``claimwire.app_service.serve``) with ``FakeStep`` when a test is about delivery guarantees and
needs records to take a known time (``SLEEP:<ms>`` in a body). Both log JSON lines to a file per instance.
"""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord

__all__ = [
    "Instance",
    "ServiceTopics",
    "fake_raw",
    "free_port",
    "make_topics",
    "produce",
    "raw_ids",
    "read_committed",
    "wait_until",
]

TopicFactory = Callable[..., Awaitable[str]]
Headers = Sequence[tuple[str, bytes]]

_FAKE_SERVICE = (
    "import asyncio, sys\n"
    "from claimwire._logging import configure_logging\n"
    "from claimwire.adapters.memory import FakeStep\n"
    "from claimwire.app_service import serve\n"
    "from claimwire.settings import Settings\n"
    "configure_logging(level='INFO', fmt='json')\n"
    "sys.exit(asyncio.run(serve(Settings(), step=FakeStep())))\n"
)


@dataclass(frozen=True)
class ServiceTopics:
    """One test's input and output topics, and the group its instances share."""

    raw: str
    enriched: str
    claims: str
    dlq: str
    group: str

    def env(self, bootstrap: str) -> dict[str, str]:
        return {
            "CLAIMWIRE_BOOTSTRAP_SERVERS": bootstrap,
            "CLAIMWIRE_TOPIC_RAW": self.raw,
            "CLAIMWIRE_TOPIC_ENRICHED": self.enriched,
            "CLAIMWIRE_TOPIC_CLAIMS": self.claims,
            "CLAIMWIRE_TOPIC_DLQ": self.dlq,
            "CLAIMWIRE_GROUP_ID": self.group,
        }


async def make_topics(topic_factory: TopicFactory, *, partitions: int = 4) -> ServiceTopics:
    """Fresh topics: the input with ``partitions`` partitions, outputs with as many."""
    raw = await topic_factory(partitions)
    enriched = await topic_factory(partitions)
    claims = await topic_factory(partitions)
    dlq = await topic_factory(partitions, configs={"max.message.bytes": str(4 * 1024 * 1024)})
    return ServiceTopics(raw, enriched, claims, dlq, f"it-group-{uuid.uuid4().hex[:8]}")


def fake_raw(i: int, *, sleep_ms: int = 0, claims: int = 1) -> bytes:
    """A RawArticle value for ``FakeStep``: a title, ``claims`` claim paragraphs, an optional delay marker."""
    body = f"Title {i}" + "".join(f"\n\nClaim: figure {i}.{c} rose." for c in range(claims))
    if sleep_ms:
        body += f"\n\nSLEEP:{sleep_ms}"
    return orjson.dumps({"id": f"raw-{i}", "url": f"https://example.com/news/{i}", "fetched_at": "2024-05-01T10:00:00Z",
                         "content_type": "text/plain", "body": body})


async def produce(
    bootstrap: str, topic: str, records: Sequence[tuple[bytes | None, bytes | None, Headers]]
) -> list[tuple[int, int]]:
    """Send (key, value, headers) records, keyed partitioning; their (partition, offset) in order."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=8 * 1024 * 1024)
    await producer.start()
    try:
        futures = [
            await producer.send(topic, value, key=key if key is not None else None, headers=list(headers))
            for key, value, headers in records
        ]
        sent = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return [(meta.partition, meta.offset) for meta in sent]


async def read_committed(bootstrap: str, topic: str, timeout_s: float = 60.0) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of ``topic`` a read_committed consumer sees, up to each partition's last stable offset."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, isolation_level="read_committed", enable_auto_commit=False,
        auto_offset_reset="earliest", max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            await consumer._client.force_metadata_update()  # a fresh consumer may not have the topic's metadata
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        records: list[ConsumerRecord[bytes, bytes]] = []
        deadline = time.monotonic() + timeout_s
        pending = [tp for tp in tps if end[tp] > 0]
        while pending:
            if time.monotonic() > deadline:
                raise AssertionError(f"could not read {topic} to its end within {timeout_s}s")
            batch = await consumer.getmany(*pending, timeout_ms=500)
            for messages in batch.values():
                records.extend(messages)
            pending = [tp for tp in pending if await consumer.position(tp) < end[tp]]
        return records
    finally:
        await consumer.stop()


def raw_ids(records: Sequence[ConsumerRecord[bytes, bytes]]) -> collections.Counter[str]:
    """How many times each raw id appears among enriched-article records."""
    return collections.Counter(orjson.loads(r.value)["raw_id"] for r in records)


async def wait_until(
    check: Callable[[], Awaitable[bool]], *, timeout_s: float, what: str, every_s: float = 0.5
) -> None:
    """Poll ``check`` until it holds; fail with ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await asyncio.sleep(every_s)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Instance:
    """One service process; its JSON log lines go to a file."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path, *, fake: bool) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        command = [sys.executable, "-c", _FAKE_SERVICE] if fake else [sys.executable, "-m", "claimwire", "run"]
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_")}
        full_env.update({"CLAIMWIRE_METRICS_PORT": "0", "CLAIMWIRE_WORKERS": "2", "CLAIMWIRE_SOURCE": f"/it/{name}"})
        full_env.update(env)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, env=full_env, stdout=self._log, stderr=subprocess.STDOUT)

    def events(self) -> list[dict[str, Any]]:
        """The JSON log lines so far (non-JSON lines, e.g. from libraries, are skipped)."""
        out = []
        for line in self.log_path.read_bytes().splitlines():
            try:
                event = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(event, dict):
                out.append(event)
        return out

    def logged(self, event: str) -> list[dict[str, Any]]:
        return [e for e in self.events() if e.get("event") == event]

    def children(self) -> list[int]:
        """Pids of the instance's child processes (its pipeline workers)."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            pids.extend(int(pid) for pid in (task / "children").read_text().split())
        return pids

    def signal(self, sig: signal.Signals) -> None:
        self.process.send_signal(sig)

    async def wait(self, timeout_s: float) -> int:
        """The exit status, waiting at most ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not exit within {timeout_s}s; log {self.log_path}")
            await asyncio.sleep(0.1)
        self._log.close()
        return self.process.returncode

    def kill(self) -> None:
        """Stop it whatever state it is in (test teardown)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)
        self._log.close()


async def test_at_least_once_mode_delivers_every_record(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """With delivery=at-least-once, each input yields its enriched article (no failures, so no duplicates either)."""
    topics = await make_topics(topic_factory, partitions=2)
    await produce(kafka_bootstrap, topics.raw, [(f"k{i}".encode(), fake_raw(i), ()) for i in range(60)])
    instance = Instance("alo", {**topics.env(kafka_bootstrap), "CLAIMWIRE_DELIVERY": "at-least-once"}, tmp_path,
                        fake=True)
    try:
        async def all_there() -> bool:
            return 60 <= len(await read_committed(kafka_bootstrap, topics.enriched))

        await wait_until(all_there, timeout_s=60, what="60 enriched articles")
        instance.signal(signal.SIGTERM)
        assert 0 == await instance.wait(30)
    finally:
        instance.kill()
    assert {f"raw-{i}": 1 for i in range(60)} == dict(raw_ids(await read_committed(kafka_bootstrap, topics.enriched)))
