"""The work of ``claimwire replay-dlq``: connect, scan the dead-letter topic, replay or list, report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pydantic
import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.codec import has_zstd
from tqdm import tqdm

from claimwire.adapters.codec import DEFAULT_MAX_EVENT_BYTES
from claimwire.cli._kafka_cli import EXIT_BROKER, EXIT_REJECTED, EXIT_USAGE, client_kwargs, load_settings, run_async
from claimwire.dlq_replay import ReplayFilter, ReplayReport, Scanned, replay_dead_letters
from claimwire.settings import Settings
from claimwire.topic_setup import existing_topics

__all__ = ["run"]

_log = structlog.get_logger("claimwire.replay_dlq")


def run(args: argparse.Namespace) -> int:
    """Check the options, then replay (or list) the selected dead letters."""
    parser: argparse.ArgumentParser = args.parser
    if args.max_count is not None and args.max_count < 1:
        parser.error("--max-count must be at least 1")
    try:
        settings = load_settings(args)
    except pydantic.ValidationError as exc:
        _log.error("invalid settings", error=str(exc))
        return EXIT_USAGE
    dlq = args.dlq_topic or settings.topic_dlq
    to_topic = None if args.to_original else (args.to_topic or settings.topic_raw)
    reports: list[ReplayReport] = []
    code = run_async("replay-dlq", _replay(args, settings, dlq, to_topic, reports), settings)
    if code or not reports:
        return code
    report = reports[0]
    targets = ", ".join(f"{n} to {topic}" for topic, n in sorted(report.by_topic.items())) or "none"
    verb = "would replay" if args.dry_run else "replayed"
    print(
        f"{verb} {report.replayed} dead letters ({targets}); scanned {report.scanned} of {report.to_scan}, "
        f"filtered out {report.filtered_out}, unreadable {report.unreadable}",
        file=sys.stderr,
    )
    return EXIT_REJECTED if report.unreadable else 0


async def _partitions(kwargs: dict[str, Any], topic: str) -> list[int] | None:
    admin = AIOKafkaAdminClient(**kwargs)
    await admin.start()
    try:
        if not await existing_topics(admin, [topic]):  # never name a missing topic: brokers may auto-create it
            return None
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(p["partition"] for p in described["partitions"])


def _lister(dry_run: bool, bar: tqdm[Any]) -> Any:
    def on_scanned(scanned: Scanned | None) -> None:
        bar.update(1)
        if dry_run and scanned is not None:
            err = scanned.letter.error
            key = scanned.replay.key.decode("utf-8", "replace") if scanned.replay.key is not None else ""
            message = " ".join(err.message.split())[:200]
            fields = (f"{scanned.partition}:{scanned.offset}", err.stage, err.type, scanned.replay.topic, key, message)
            bar.write("\t".join(fields), file=sys.stdout)

    return on_scanned


async def _replay(
    args: argparse.Namespace, settings: Settings, dlq: str, to_topic: str | None, out: list[ReplayReport]
) -> int:
    kwargs = client_kwargs(settings)
    partitions = await _partitions(kwargs, dlq)
    if partitions is None:
        _log.error("dead-letter topic not found", topic=dlq)
        return EXIT_BROKER
    consumer = AIOKafkaConsumer(
        **kwargs,
        group_id=args.group_id,
        enable_auto_commit=False,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        client_id="claimwire-replay-dlq",
        fetch_max_bytes=64 * 1024 * 1024,
        max_partition_fetch_bytes=DEFAULT_MAX_EVENT_BYTES * 2,
    )
    producer = None
    if not args.dry_run:
        producer = AIOKafkaProducer(
            **kwargs,
            acks="all",
            enable_idempotence=True,
            compression_type="zstd" if has_zstd() else "gzip",
            max_request_size=DEFAULT_MAX_EVENT_BYTES + 1024 * 1024,
            client_id="claimwire-replay-dlq",
        )
    select = ReplayFilter(stages=frozenset(args.stage), error_types=frozenset(args.error_type))
    await consumer.start()
    try:
        if producer is not None:
            await producer.start()
        with tqdm(unit=" records", desc=f"replay {dlq}", disable=True if args.no_progress else None) as bar:

            def on_total(total: int) -> None:
                bar.total = total
                bar.refresh()

            report = await replay_dead_letters(
                consumer,
                producer,
                dlq_topic=dlq,
                partitions=partitions,
                select=select,
                to_topic=to_topic,
                max_count=args.max_count,
                commit=args.group_id is not None and not args.dry_run,
                on_scanned=_lister(args.dry_run, bar),
                on_total=on_total,
                idle_timeout_s=args.idle_timeout,
            )
    finally:
        if producer is not None:
            await producer.stop()
        await consumer.stop()
    out.append(report)
    return 0
