"""Bytes <-> event models, and the CloudEvents Kafka binding headers.

The only place that turns wire bytes into models and back. Every way a value can be bad — too large, not UTF-8,
not JSON, not an object, a schema violation — raises one typed error (``DecodeError`` or ``SchemaError``) whose
message says what is wrong and where, so a dead letter explains itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import orjson
import pydantic

from claimwire.core.errors import DecodeError, SchemaError
from claimwire.core.models import RawArticle

__all__ = [
    "CE_SPECVERSION",
    "CE_TYPE_CLAIM",
    "CE_TYPE_DEAD_LETTER",
    "CE_TYPE_ENRICHED",
    "CE_TYPE_RAW",
    "DEFAULT_MAX_EVENT_BYTES",
    "CloudEventMeta",
    "ce_headers",
    "ce_headers_many",
    "decode_event",
    "decode_raw",
    "encode_event",
    "read_ce_headers",
]

M = TypeVar("M", bound=pydantic.BaseModel)

# Kafka's default max.message.bytes is ~1 MiB; raw pages can be larger when topics allow it, so the cap is
# generous but finite: a 25 MiB record (a 20 MB page plus JSON escaping) is the most one event may carry.
DEFAULT_MAX_EVENT_BYTES = 25 * 1024 * 1024

CE_SPECVERSION = "1.0"
CE_TYPE_RAW = "org.claimwire.article.raw.v1"
CE_TYPE_ENRICHED = "org.claimwire.article.enriched.v1"
CE_TYPE_CLAIM = "org.claimwire.claim.tagged.v1"
CE_TYPE_DEAD_LETTER = "org.claimwire.deadletter.v1"
_CONTENT_TYPE = b"application/json"


def encode_event(event: pydantic.BaseModel) -> bytes:
    """Serialize an event compactly; datetimes as RFC 3339."""
    return orjson.dumps(event.model_dump(mode="json"))


def _load_object(value: bytes | None, *, max_bytes: int) -> dict[str, Any]:
    if value is None:
        raise DecodeError("record has no value (null / tombstone)")
    if len(value) > max_bytes:
        raise DecodeError(f"record value is {len(value)} bytes, over the {max_bytes}-byte cap")
    try:
        value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"value is not valid UTF-8 at byte {exc.start}: {exc.reason}") from None
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(f"value is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise DecodeError(f"value is JSON {type(obj).__name__}, expected an object")
    return obj


def _describe(exc: pydantic.ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False)[:10]:
        where = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{where}: {err['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def decode_event(value: bytes | None, model: type[M], *, max_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> M:
    """Parse and validate one event value, or raise DecodeError / SchemaError saying what and where."""
    obj = _load_object(value, max_bytes=max_bytes)
    try:
        return model.model_validate(obj)
    except pydantic.ValidationError as exc:
        raise SchemaError(f"{model.__name__} schema violation: {_describe(exc)}") from None


def decode_raw(value: bytes | None, *, max_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> RawArticle:
    """Parse a RawArticle v1 value."""
    return decode_event(value, RawArticle, max_bytes=max_bytes)


@dataclass(frozen=True, slots=True)
class CloudEventMeta:
    """The CloudEvents attributes of a Kafka record (binary mode); absent ones are None."""

    specversion: str | None
    id: str | None
    type: str | None
    source: str | None
    time: str | None
    content_type: str | None
    traceparent: str | None


def ce_headers(
    *, ce_type: str, ce_id: str, source: str, time: datetime, traceparent: bytes | None = None
) -> list[tuple[str, bytes]]:
    """Headers of the CloudEvents Kafka protocol binding, binary content mode."""
    return list(ce_headers_many(ce_type=ce_type, ce_ids=[ce_id], source=source, time=time, traceparent=traceparent)[0])


def ce_headers_many(
    *, ce_type: str, ce_ids: Sequence[str], source: str, time: datetime, traceparent: bytes | None = None
) -> list[tuple[tuple[str, bytes], ...]]:
    """``ce_headers`` for several events that differ only in their id (an article's claims): the shared values
    are encoded once, which matters on the event loop, where an article makes a few dozen claim events."""
    head = ("ce_specversion", CE_SPECVERSION.encode())
    tail: tuple[tuple[str, bytes], ...] = (
        ("ce_type", ce_type.encode()),
        ("ce_source", source.encode()),
        ("ce_time", time.isoformat().replace("+00:00", "Z").encode()),
        ("content-type", _CONTENT_TYPE),
    )
    if traceparent:
        tail += (("traceparent", traceparent),)
    return [(head, ("ce_id", ce_id.encode()), *tail) for ce_id in ce_ids]


def read_ce_headers(headers: Sequence[tuple[str, bytes]]) -> CloudEventMeta:
    """Read CloudEvents attributes from Kafka headers; undecodable values read as None, never raise."""
    found: dict[str, str | None] = {}
    for key, raw in headers:
        try:
            found[key] = raw.decode("utf-8") if raw is not None else None
        except UnicodeDecodeError:
            found[key] = None
    return CloudEventMeta(
        specversion=found.get("ce_specversion"),
        id=found.get("ce_id"),
        type=found.get("ce_type"),
        source=found.get("ce_source"),
        time=found.get("ce_time"),
        content_type=found.get("content-type"),
        traceparent=found.get("traceparent"),
    )
