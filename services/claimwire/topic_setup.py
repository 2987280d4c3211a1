"""The four topics the service expects, with the settings it relies on, created idempotently.

Why these settings:

- ``max.message.bytes``: a raw page may be large; the topic must take any event the codec accepts
  (``DEFAULT_MAX_EVENT_BYTES`` plus headroom), and a dead letter carries that record again as base64 (4/3 larger).
- ``compression.type=zstd``: HTML compresses several-fold; the broker stores what the producers (also zstd) send.
- ``retention.ms``: a week for the event topics; a month for dead letters, which wait for a human and a fix.
- ``min.insync.replicas=2`` when there are at least 3 replicas, so ``acks=all`` means two copies.
- ``cleanup.policy=delete``: keys are URLs and claim ids, but every event is a fact to keep, not a latest state.

Existing topics are left as they are (reported with their partition count), so running this twice is harmless.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from aiokafka.admin import NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from claimwire.adapters.codec import DEFAULT_MAX_EVENT_BYTES

__all__ = [
    "DEFAULT_DLQ_RETENTION_MS",
    "DEFAULT_RETENTION_MS",
    "TopicOutcome",
    "TopicSpec",
    "create_topics",
    "describe_topics",
    "existing_topics",
    "topic_specs",
]

DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000
DEFAULT_DLQ_RETENTION_MS = 30 * 24 * 3600 * 1000
_EVENT_BYTES = DEFAULT_MAX_EVENT_BYTES + 1024 * 1024
_DEAD_LETTER_BYTES = DEFAULT_MAX_EVENT_BYTES * 4 // 3 + 2 * 1024 * 1024
_TOPIC_ALREADY_EXISTS = 36
_UNKNOWN_TOPIC = 3


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """A topic to create."""

    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str]


@dataclass(frozen=True, slots=True)
class TopicOutcome:
    """What became of one spec: created, or already there (with the partitions it has)."""

    name: str
    status: Literal["created", "exists"]
    partitions: int


def topic_specs(
    *,
    raw: str,
    enriched: str,
    claims: str,
    dlq: str,
    partitions: int,
    replication_factor: int,
    retention_ms: int = DEFAULT_RETENTION_MS,
    dlq_retention_ms: int = DEFAULT_DLQ_RETENTION_MS,
    compression_type: str = "zstd",
    extra_configs: Mapping[str, str] | None = None,
) -> list[TopicSpec]:
    """The service's topics with the settings it expects; ``extra_configs`` apply to all four, last."""
    common = {"cleanup.policy": "delete", "compression.type": compression_type, "retention.ms": str(retention_ms)}
    if replication_factor >= 3:
        common["min.insync.replicas"] = "2"
    per_topic = {
        raw: {"max.message.bytes": str(_EVENT_BYTES)},
        enriched: {"max.message.bytes": str(_EVENT_BYTES)},
        claims: {},
        dlq: {"max.message.bytes": str(_DEAD_LETTER_BYTES), "retention.ms": str(dlq_retention_ms)},
    }
    return [
        TopicSpec(name, partitions, replication_factor, {**common, **own, **(extra_configs or {})})
        for name, own in per_topic.items()
    ]


async def broker_count(admin: Any) -> int:
    """How many brokers the cluster has (for a replication factor that fits it)."""
    cluster: dict[str, Any] = await admin.describe_cluster()
    return len(cluster["brokers"])


async def create_topics(admin: Any, specs: Sequence[TopicSpec], *, timeout_s: float = 30.0) -> list[TopicOutcome]:
    """Create what is missing and wait until every partition has a leader; raises RuntimeError with the broker's
    reasons when a topic can be neither created nor found."""
    new = [NewTopic(s.name, s.partitions, s.replication_factor, topic_configs=dict(s.configs)) for s in specs]
    response = await admin.create_topics(new, timeout_ms=int(timeout_s * 1000))
    errors = {t[0]: (t[1], t[2] if len(t) > 2 else None) for t in response.topic_errors}  # v0 has no message
    failures = [
        f"{name}: {message or f'error code {code}'}"
        for name, (code, message) in errors.items()
        if code not in (0, _TOPIC_ALREADY_EXISTS)
    ]
    if failures:
        raise RuntimeError("cannot create topics: " + "; ".join(failures))
    partitions = await _wait_for_leaders(admin, [s.name for s in specs], timeout_s=timeout_s)
    return [
        TopicOutcome(s.name, "exists" if errors[s.name][0] == _TOPIC_ALREADY_EXISTS else "created", partitions[s.name])
        for s in specs
    ]


async def _wait_for_leaders(admin: Any, names: list[str], *, timeout_s: float) -> dict[str, int]:
    """Creation returns before partitions have leaders; producers that start right after need them."""
    deadline = time.monotonic() + timeout_s
    while True:
        described = await admin.describe_topics(names)
        ready = {
            t["topic"]: len(t["partitions"])
            for t in described
            if t["error_code"] == 0 and t["partitions"] and all(p["leader"] >= 0 for p in t["partitions"])
        }
        if len(ready) == len(names):
            return ready
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"topics without partition leaders after {timeout_s}s: {sorted(set(names) - set(ready))}"
            )
        await asyncio.sleep(0.1)


async def existing_topics(admin: Any, names: Sequence[str]) -> list[str]:
    """Which of ``names`` exist, asked without naming them (brokers with auto.create.topics.enable create topics
    that a metadata request names)."""
    present = set(await admin.list_topics())
    return [n for n in names if n in present]


async def describe_topics(admin: Any, names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """For each topic: ``partitions`` and ``replication_factor`` (None if the topic is missing) and ``configs``
    set on the topic itself (not broker defaults)."""
    existing = await existing_topics(admin, names)
    # Only existing topics are described: a metadata request for a missing one may auto-create it.
    described = {t["topic"]: t for t in await admin.describe_topics(existing)} if existing else {}
    found = [n for n in names if described.get(n, {}).get("error_code", _UNKNOWN_TOPIC) == 0]
    configs: dict[str, dict[str, str]] = {n: {} for n in names}
    if found:
        responses = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, n) for n in found])
        for response in responses:
            for _code, _message, _type, name, entries, *_ in response.resources:
                # config_source 1 = set on this topic; the rest are broker or static defaults
                configs[name] = {entry[0]: entry[1] for entry in entries if entry[3] == 1}
    result: dict[str, dict[str, Any]] = {}
    for name in names:
        topic = described.get(name)
        ok = topic is not None and topic["error_code"] == 0
        parts = topic["partitions"] if ok and topic is not None else []
        result[name] = {
            "partitions": len(parts) if ok else None,
            "replication_factor": len(parts[0]["replicas"]) if parts else None,
            "configs": configs[name],
        }
    return result
