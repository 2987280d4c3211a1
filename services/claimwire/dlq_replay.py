"""Re-publish dead letters' original records, byte for byte, once the reason they failed has been fixed.

A DeadLetter keeps the consumed record exactly (key, value and headers as base64). Replaying decodes those bytes
and produces them unchanged, so the service sees the very input it failed on. The dead-letter topic is read with
``read_committed`` (dead letters of aborted transactions were never real) from the start, or from a consumer
group's committed offsets, up to the end offsets taken when the replay began: dead letters that arrive meanwhile
(perhaps from this very replay) wait for the next run.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import time
from collections import Counter, deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiokafka.structs import TopicPartition

from claimwire.adapters.codec import decode_event
from claimwire.core.errors import ClaimwireError
from claimwire.core.models import DeadLetter

__all__ = ["Replay", "ReplayFilter", "ReplayReport", "original_record", "replay_dead_letters"]

_WINDOW = 1000  # produced records awaiting acks at most
_log = structlog.get_logger("claimwire.replay_dlq")


@dataclass(frozen=True, slots=True)
class ReplayFilter:
    """Which dead letters to replay: by error stage and error type name; an empty set admits all."""

    stages: frozenset[str] = frozenset()
    error_types: frozenset[str] = frozenset()

    def admits(self, letter: DeadLetter) -> bool:
        """Whether this dead letter passes the filter."""
        return (not self.stages or letter.error.stage in self.stages) and (
            not self.error_types or letter.error.type in self.error_types
        )


@dataclass(frozen=True, slots=True)
class Replay:
    """The original record of a dead letter, decoded, and where it goes."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes | None]]


def _unbase64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text, validate=True)


def original_record(letter: DeadLetter, *, topic: str | None = None) -> Replay:
    """The exact key, value and headers a dead letter kept, bound for ``topic`` (default: its original topic).
    Raises ValueError when the base64 is corrupt."""
    try:
        headers = [(h.key, _unbase64(h.value_base64)) for h in letter.original.headers]
        return Replay(
            topic=topic or letter.original.topic,
            key=_unbase64(letter.original.key_base64),
            value=_unbase64(letter.original.value_base64),
            headers=headers,
        )
    except binascii.Error as exc:
        raise ValueError(f"corrupt base64 in the original record: {exc}") from None


@dataclass
class ReplayReport:
    """What a replay did; ``replayed`` counts records produced (or, in a dry run, that would be)."""

    to_scan: int = 0
    scanned: int = 0
    replayed: int = 0
    filtered_out: int = 0
    unreadable: int = 0
    by_topic: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class Scanned:
    """One replayed dead letter, for listing (``--dry-run``) and progress."""

    partition: int
    offset: int
    letter: DeadLetter
    replay: Replay


async def replay_dead_letters(
    consumer: Any,
    producer: Any | None,
    *,
    dlq_topic: str,
    partitions: Collection[int],
    select: ReplayFilter,
    to_topic: str | None,
    max_count: int | None = None,
    commit: bool = False,
    on_scanned: Callable[[Scanned | None], None] = lambda _: None,
    on_total: Callable[[int], None] = lambda _: None,
    idle_timeout_s: float = 30.0,
) -> ReplayReport:
    """Scan ``dlq_topic`` with a started ``consumer`` (read_committed, no auto-commit) and send each admitted
    dead letter's original record with a started ``producer`` (None: dry run). ``commit`` stores the consumer
    group's offsets after every send is acknowledged. ``on_total`` hears how many records there are to scan,
    ``on_scanned`` sees each one scanned: its replay, or None when it was skipped."""
    tps = [TopicPartition(dlq_topic, p) for p in sorted(partitions)]
    consumer.assign(tps)
    if not commit:
        await consumer.seek_to_beginning(*tps)
    ends: dict[TopicPartition, int] = await consumer.end_offsets(tps)
    starts = {tp: await consumer.position(tp) for tp in tps}
    report = ReplayReport(to_scan=sum(max(ends[tp] - starts[tp], 0) for tp in tps))
    on_total(report.to_scan)
    remaining = {tp for tp in tps if starts[tp] < ends[tp]}
    done_upto: dict[TopicPartition, int] = {}
    pending: deque[asyncio.Future[Any]] = deque()
    last_progress = time.monotonic()

    def room() -> bool:
        return max_count is None or report.replayed < max_count

    while remaining and room():
        batches: dict[TopicPartition, list[Any]] = await consumer.getmany(*remaining, timeout_ms=500, max_records=500)
        for tp, records in batches.items():
            for record in (r for r in records if r.offset < ends[tp] and room()):
                scanned = _scan(record, report, select=select, to_topic=to_topic, dlq_topic=dlq_topic)
                on_scanned(scanned)
                done_upto[tp] = record.offset + 1
                if scanned is not None and producer is not None:
                    r = scanned.replay
                    pending.append(await producer.send(r.topic, r.value, r.key, headers=r.headers))
                    while len(pending) > _WINDOW:
                        await pending.popleft()
        # A partition ends by position, not by a last record: transaction markers occupy offsets too.
        remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
        if batches:
            last_progress = time.monotonic()
        elif time.monotonic() - last_progress > idle_timeout_s:
            _log.warning("stopped waiting for dead letters", partitions=sorted(tp.partition for tp in remaining))
            break
    while pending:
        await pending.popleft()  # a failed delivery propagates before any offset is committed
    if commit and done_upto:
        await consumer.commit(done_upto)
    return report


def _scan(
    record: Any, report: ReplayReport, *, select: ReplayFilter, to_topic: str | None, dlq_topic: str
) -> Scanned | None:
    report.scanned += 1
    where = {"topic": record.topic, "partition": record.partition, "offset": record.offset}
    try:
        letter = decode_event(record.value, DeadLetter)
        replay = original_record(letter, topic=to_topic)
    except (ClaimwireError, ValueError) as exc:
        report.unreadable += 1
        _log.warning("unreadable dead letter", reason=str(exc), **where)
        return None
    if not select.admits(letter):
        report.filtered_out += 1
        return None
    if replay.topic == dlq_topic:
        report.unreadable += 1
        _log.warning("refusing to replay into the dead-letter topic itself", **where)
        return None
    report.replayed += 1
    report.by_topic[replay.topic] += 1
    return Scanned(record.partition, record.offset, letter, replay)
