"""``make demo``: the whole product on one machine, in one command.

Starts the local Kafka broker (unless ``CLAIMWIRE_BOOTSTRAP_SERVERS`` points at one), creates the topics, starts
``claimwire run``, publishes the sample pages with ``claimwire publish`` and prints a readable summary of each
enriched article as it arrives on ``articles.enriched``. It drives the real commands as subprocesses, so what it
shows is what a user gets.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from claimwire.adapters.codec import decode_event
from claimwire.core.models import EnrichedArticle
from claimwire.settings import Settings
from claimwire.summary import format_summary

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[2]
KAFKA = ROOT / "deploy" / "kafka-local" / "kafka"
SAMPLES = [ROOT / "tests/data/kyiv-independent-2023-03-30.txt", *sorted((ROOT / "tests/data/samples").glob("*"))]


def _claimwire(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimwire", "--log-format", "console", *args]


def _start_broker(port: int) -> str:
    print(f"▶ starting the local Kafka broker on 127.0.0.1:{port} (the first start downloads its jars)…", flush=True)
    out = subprocess.run([str(KAFKA), "--port", str(port), "start"], check=True, stdout=subprocess.PIPE, text=True)
    return out.stdout.strip().splitlines()[-1]


async def _reader(bootstrap: str, topic: str) -> AIOKafkaConsumer:
    """A committed-only reader positioned at the topic's end, so it shows only what this demo run produces."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"claimwire-demo-{uuid.uuid4().hex[:8]}",
        isolation_level="read_committed",
        auto_offset_reset="latest",
        enable_auto_commit=False,
    )
    await consumer.start()
    deadline = time.monotonic() + 60
    while not consumer.assignment():  # the group's first join; getmany drives it
        if time.monotonic() > deadline:
            await consumer.stop()
            raise SystemExit(f"the demo reader got no partitions of {topic}")
        await consumer.getmany(timeout_ms=200)
    for tp in consumer.assignment():
        await consumer.position(tp)
    return consumer


async def _show(consumer: AIOKafkaConsumer, expected: int, wait_s: float) -> int:
    seen = 0
    deadline = time.monotonic() + wait_s
    while seen < expected and time.monotonic() < deadline:
        batches = await consumer.getmany(timeout_ms=500)
        for records in batches.values():
            for record in records:
                event = decode_event(record.value, EnrichedArticle)
                print(format_summary(event), flush=True)
                seen += 1
    return seen


def main(argv: list[str] | None = None) -> int:
    """Run the demo; returns 0 when every sample page came out enriched."""
    parser = argparse.ArgumentParser(prog="python -m claimwire.demo", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLAIMWIRE_KAFKA_PORT", "9092")))
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the enriched output")
    parser.add_argument("--keep-broker", action="store_true", help="leave the broker running afterwards")
    parser.add_argument("pages", nargs="*", type=Path, default=SAMPLES)
    args = parser.parse_args(argv)
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # a fresh broker makes the reader retry; not news

    bootstrap = os.environ.get("CLAIMWIRE_BOOTSTRAP_SERVERS") or ""
    started_broker = not bootstrap
    if started_broker:
        bootstrap = _start_broker(args.port)
    env = {**os.environ, "CLAIMWIRE_BOOTSTRAP_SERVERS": bootstrap}
    service = None
    try:
        print(f"▶ creating topics on {bootstrap}", flush=True)
        subprocess.run(_claimwire("topics", "create"), check=True, env=env)
        log = ROOT / ".demo-service.log"
        print(f"▶ starting `claimwire run` (its log: {log.name})", flush=True)
        with log.open("w") as sink:
            service = subprocess.Popen(_claimwire("run"), env=env, stdout=sink, stderr=sink)
        seen = asyncio.run(_publish_and_show(bootstrap, env, args.pages, args.timeout))
        print(f"▶ {seen} of {len(args.pages)} pages came out enriched", flush=True)
        return 0 if seen == len(args.pages) else 1
    finally:
        if service is not None:
            service.send_signal(signal.SIGTERM)
            service.wait(timeout=60)
        if started_broker and not args.keep_broker:
            subprocess.run([str(KAFKA), "--port", str(args.port), "stop"], check=False)


async def _publish_and_show(bootstrap: str, env: dict[str, str], pages: list[Path], wait_s: float) -> int:
    settings = Settings()  # the same CLAIMWIRE_* topics the service and `claimwire publish` use
    consumer = await _reader(bootstrap, settings.topic_enriched)
    try:
        print(f"▶ publishing {len(pages)} pages to {settings.topic_raw}", flush=True)
        proc = await asyncio.create_subprocess_exec(*_claimwire("publish", *map(str, pages)), env=env)
        if await proc.wait() != 0:
            raise SystemExit("claimwire publish failed")
        return await _show(consumer, len(pages), wait_s)
    finally:
        await consumer.stop()


if __name__ == "__main__":
    sys.exit(main())
