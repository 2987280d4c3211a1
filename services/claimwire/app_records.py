"""What a processed record becomes on the wire: keys, CloudEvents headers, trace context and dead letters.

Keys follow the event contract: the canonical URL for an enriched article, the claim id for a claim, the original
key for a dead letter. Every output carries the CloudEvents binary-mode headers; a valid W3C ``traceparent`` on the
input is continued (same trace, a new span id derived from the record's position, so a re-processed record gets the
same headers as the first time).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from claimwire.adapters.codec import (
    CE_TYPE_CLAIM,
    CE_TYPE_DEAD_LETTER,
    CE_TYPE_ENRICHED,
    ce_headers,
    ce_headers_many,
    encode_event,
)
from claimwire.app_pool import Failed, Outcome, Produced
from claimwire.core.models import DeadLetter, DeadLetterError, KafkaHeader, OriginalRecord
from claimwire.ports import Headers, Outgoing, Record

__all__ = ["OutputTopics", "continue_trace", "dead_letter", "outputs_for"]

_TRACEPARENT = re.compile(rb"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


@dataclass(frozen=True, slots=True)
class OutputTopics:
    """Where each kind of output goes, and the ``ce_source`` it is stamped with."""

    enriched: str
    claims: str
    dead_letters: str
    source: str


def continue_trace(headers: Headers, record_id: str) -> bytes | None:
    """The input's ``traceparent`` with a new span id (same trace, same flags), or None if absent or invalid."""
    value = next((v for k, v in headers if k == "traceparent"), None)
    if value is None:
        return None
    match = _TRACEPARENT.match(value)
    if match is None or match.group(1) == b"ff" or set(match.group(2)) == {ord("0")}:
        return None
    span = hashlib.blake2b(value + record_id.encode(), digest_size=8).hexdigest().encode()
    return b"-".join((match.group(1), match.group(2), span, match.group(4)))


def dead_letter(
    record: Record, failure: Failed, *, now: datetime, attempts: int, service_version: str, keep_value: bool = True
) -> DeadLetter:
    """A DeadLetter v1 holding the record's key, value and headers byte for byte, and the reason."""

    def b64(data: bytes | None) -> str | None:
        return None if data is None else base64.b64encode(data).decode("ascii")

    return DeadLetter(
        original=OriginalRecord(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            timestamp_ms=record.timestamp_ms,
            key_base64=b64(record.key),
            value_base64=b64(record.value) if keep_value else None,
            headers=[KafkaHeader(key=k, value_base64=b64(v)) for k, v in record.headers],
        ),
        error=DeadLetterError(stage=failure.stage, type=failure.type, message=failure.message),
        failed_at=now,
        attempts=attempts,
        service_version=service_version,
    )


def outputs_for(
    record: Record,
    outcome: Outcome,
    *,
    topics: OutputTopics,
    now: datetime,
    attempts: int,
    service_version: str,
    max_output_bytes: int,
) -> list[Outgoing]:
    """The records to produce for one processed input record."""
    record_id = f"{record.topic}/{record.partition}/{record.offset}"
    trace = continue_trace(record.headers, record_id)
    if isinstance(outcome, Produced):
        out = [
            Outgoing(
                topics.enriched,
                outcome.key,
                outcome.enriched,
                tuple(ce_headers(ce_type=CE_TYPE_ENRICHED, ce_id=outcome.article_id, source=topics.source,
                                 time=now, traceparent=trace)),
            )
        ]
        ids = [f"{outcome.article_id}/{claim_id}" for claim_id, _ in outcome.claims]
        each = ce_headers_many(ce_type=CE_TYPE_CLAIM, ce_ids=ids, source=topics.source, time=now, traceparent=trace)
        out.extend(
            Outgoing(topics.claims, claim_id.encode(), body, headers)
            for (claim_id, body), headers in zip(outcome.claims, each, strict=True)
        )
        return out
    letter = dead_letter(record, outcome, now=now, attempts=attempts, service_version=service_version)
    body = encode_event(letter)
    if len(body) > max_output_bytes:
        # The original is too big to fit a dead-letter message (base64 adds a third). Keep everything but the value;
        # topic, partition and offset still point at the bytes in the input topic for as long as it retains them.
        shrunk = Failed(
            outcome.stage,
            outcome.type,
            f"{outcome.message} [value of {len(record.value or b'')} bytes omitted: the dead letter would exceed "
            f"the {max_output_bytes}-byte message cap; read it from {record_id}]",
            outcome.seconds,
        )
        letter = dead_letter(record, shrunk, now=now, attempts=attempts, service_version=service_version,
                             keep_value=False)
        body = encode_event(letter)
    headers = ce_headers(ce_type=CE_TYPE_DEAD_LETTER, ce_id=record_id, source=topics.source, time=now,
                         traceparent=trace)
    return [Outgoing(topics.dead_letters, record.key, body, tuple(headers))]
