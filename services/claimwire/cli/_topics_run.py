"""The work of ``claimwire topics create|describe``."""

from __future__ import annotations

import argparse
import sys

import pydantic
import structlog
from aiokafka.admin import AIOKafkaAdminClient

from claimwire.cli._kafka_cli import EXIT_BROKER, EXIT_REJECTED, EXIT_USAGE, client_kwargs, load_settings, run_async
from claimwire.settings import Settings
from claimwire.topic_setup import (
    DEFAULT_DLQ_RETENTION_MS,
    DEFAULT_RETENTION_MS,
    broker_count,
    create_topics,
    describe_topics,
    topic_specs,
)

__all__ = ["run"]

_log = structlog.get_logger("claimwire.topics")


def run(args: argparse.Namespace) -> int:
    """Create or describe the topics named by settings and options."""
    parser: argparse.ArgumentParser = args.parser
    extra: dict[str, str] = {}
    for item in getattr(args, "config", []):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            parser.error(f"--config {item!r} is not KEY=VALUE")
        extra[key.strip()] = value.strip()
    if getattr(args, "partitions", 1) < 1:
        parser.error("--partitions must be at least 1")
    try:
        settings = load_settings(args)
    except pydantic.ValidationError as exc:
        _log.error("invalid settings", error=str(exc))
        return EXIT_USAGE
    names = {
        "raw": args.raw_topic or settings.topic_raw,
        "enriched": args.enriched_topic or settings.topic_enriched,
        "claims": args.claims_topic or settings.topic_claims,
        "dlq": args.dlq_topic or settings.topic_dlq,
    }
    if len(set(names.values())) != len(names):
        parser.error(f"the four topics need four different names, got {names}")
    work = _create(args, settings, names, extra) if args.topics_action == "create" else _describe(settings, names)
    return run_async("topics", work, settings)


async def _create(args: argparse.Namespace, settings: Settings, names: dict[str, str], extra: dict[str, str]) -> int:
    admin = AIOKafkaAdminClient(**client_kwargs(settings), client_id="claimwire-topics")
    await admin.start()
    try:
        replication = args.replication_factor or min(3, await broker_count(admin))
        specs = topic_specs(
            **names,
            partitions=args.partitions,
            replication_factor=replication,
            retention_ms=args.retention_ms or DEFAULT_RETENTION_MS,
            dlq_retention_ms=args.dlq_retention_ms or DEFAULT_DLQ_RETENTION_MS,
            compression_type=args.compression_type,
            extra_configs=extra,
        )
        try:
            outcomes = await create_topics(admin, specs)
        except RuntimeError as exc:
            _log.error("topics not created", error=str(exc))
            return EXIT_BROKER
    finally:
        await admin.close()
    for outcome in outcomes:
        print(f"{outcome.name}\t{outcome.status}\t{outcome.partitions} partitions")
        if outcome.status == "exists" and outcome.partitions < args.partitions:
            _log.warning(
                "existing topic has fewer partitions than asked for; left unchanged",
                topic=outcome.name,
                partitions=outcome.partitions,
                asked=args.partitions,
            )
    return 0


async def _describe(settings: Settings, names: dict[str, str]) -> int:
    admin = AIOKafkaAdminClient(**client_kwargs(settings), client_id="claimwire-topics")
    await admin.start()
    try:
        described = await describe_topics(admin, list(names.values()))
    finally:
        await admin.close()
    missing = 0
    for name, info in described.items():
        if info["partitions"] is None:
            missing += 1
            print(f"{name}\tmissing")
            continue
        configs = " ".join(f"{k}={v}" for k, v in sorted(info["configs"].items()))
        print(f"{name}\t{info['partitions']} partitions\treplication {info['replication_factor']}\t{configs}")
    if missing:
        print(f"{missing} topic(s) missing: run `claimwire topics create`", file=sys.stderr)
    return EXIT_REJECTED if missing else 0
