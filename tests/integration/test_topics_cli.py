"""``claimwire topics create`` makes the four topics with the expected settings, and running it again is harmless."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from claimwire.topic_setup import DEFAULT_DLQ_RETENTION_MS, DEFAULT_RETENTION_MS, describe_topics, existing_topics

__all__: list[str] = []


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m claimwire`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "claimwire", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=dict(os.environ),
    )


@pytest.fixture
async def names(kafka_admin: AIOKafkaAdminClient) -> AsyncIterator[dict[str, str]]:
    """Four unique topic names; whichever of them exist at the end are deleted."""
    stem = f"it-topics-{uuid.uuid4().hex[:8]}"
    chosen = {kind: f"{stem}-{kind}" for kind in ("raw", "enriched", "claims", "dlq")}
    yield chosen
    leftover = await existing_topics(kafka_admin, list(chosen.values()))
    if leftover:
        await kafka_admin.delete_topics(leftover)


def name_options(names: dict[str, str]) -> list[str]:
    """--raw-topic X --enriched-topic Y ... for the CLI."""
    return [arg for kind, name in names.items() for arg in (f"--{kind}-topic", name)]


async def test_create_makes_four_topics_with_partitions_and_settings_and_is_idempotent(
    kafka_bootstrap: str, kafka_admin: AIOKafkaAdminClient, names: dict[str, str]
) -> None:
    """First run creates, second reports 'exists' with the partitions there and changes nothing."""
    connect = ["--bootstrap-servers", kafka_bootstrap]
    first = await asyncio.to_thread(run_cli, "topics", "create", "--partitions", "3", *name_options(names), *connect)
    again = await asyncio.to_thread(run_cli, "topics", "create", "--partitions", "5", *name_options(names), *connect)
    assert (0, 0) == (first.returncode, again.returncode), first.stderr + again.stderr
    assert [f"{n}\tcreated\t3 partitions" for n in names.values()] == first.stdout.splitlines()
    assert [f"{n}\texists\t3 partitions" for n in names.values()] == again.stdout.splitlines()
    assert "fewer partitions than asked for" in again.stderr
    described = await describe_topics(kafka_admin, list(names.values()))
    assert [3, 3, 3, 3] == [d["partitions"] for d in described.values()]
    raw, dlq = described[names["raw"]]["configs"], described[names["dlq"]]["configs"]
    assert ("delete", "zstd", str(DEFAULT_RETENTION_MS)) == (
        raw["cleanup.policy"],
        raw["compression.type"],
        raw["retention.ms"],
    )
    assert str(DEFAULT_DLQ_RETENTION_MS) == dlq["retention.ms"]
    assert int(dlq["max.message.bytes"]) > int(raw["max.message.bytes"]) > 1024 * 1024


async def test_describe_reports_missing_topics_without_creating_them(
    kafka_bootstrap: str, kafka_admin: AIOKafkaAdminClient, names: dict[str, str]
) -> None:
    """describe exits 1 for missing topics and, even on brokers that auto-create, leaves them missing."""
    done = await asyncio.to_thread(
        run_cli, "topics", "describe", *name_options(names), "--bootstrap-servers", kafka_bootstrap
    )
    assert (1, [f"{n}\tmissing" for n in names.values()]) == (done.returncode, done.stdout.splitlines())
    assert [] == await existing_topics(kafka_admin, list(names.values()))


async def test_a_replication_factor_the_cluster_cannot_meet_is_refused_with_the_reason(
    kafka_bootstrap: str, kafka_admin: AIOKafkaAdminClient, names: dict[str, str]
) -> None:
    """Asking for more replicas than brokers fails with exit 3 and the broker's reason in the log."""
    brokers = len((await kafka_admin.describe_cluster())["brokers"])
    done = await asyncio.to_thread(
        run_cli,
        "topics",
        "create",
        "--replication-factor",
        str(brokers + 1),
        *name_options(names),
        "--bootstrap-servers",
        kafka_bootstrap,
    )
    assert (3, True) == (done.returncode, "topics not created" in done.stderr), done.stderr
    assert "replicat" in done.stderr.lower()
