"""A small async publisher of RawArticle events, for crawlers written in Python.

A crawler should not have to know the event contract by heart: this module turns a fetched page into a valid
RawArticle, keys it by its URL and adds the CloudEvents headers, exactly as ``claimwire publish`` does::

    from claimwire.publisher import RawPublisher, raw_article

    async with RawPublisher.connect(bootstrap_servers="kafka:9092") as publisher:
        article = raw_article(url=url, body=response_bytes, content_type="text/html", fetched_at=fetched_at,
                              charset=response_charset)
        await publisher.publish(article)          # waits for the broker's ack
        # or: delivery = await publisher.send(article) ... await delivery   (pipelined)

The key is the URL as the crawler gives it, stripped of surrounding whitespace and nothing else: canonicalising is
the service's job, not the crawler's. The producer is idempotent with ``acks="all"`` so retries do not duplicate.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol, Self

from aiokafka import AIOKafkaProducer
from aiokafka.codec import has_zstd

from claimwire.adapters.codec import CE_TYPE_RAW, DEFAULT_MAX_EVENT_BYTES, ce_headers, encode_event
from claimwire.core.models import RawArticle

__all__ = [
    "DEFAULT_RAW_TOPIC",
    "DEFAULT_SOURCE",
    "OutgoingRecord",
    "Producer",
    "RawPublisher",
    "article_id",
    "message_key",
    "raw_article",
    "raw_record",
]

DEFAULT_RAW_TOPIC = "articles.raw"
DEFAULT_SOURCE = "/claimwire/publisher"
# Room for the headers and batch framing around the largest value the service accepts.
_MAX_REQUEST_BYTES = DEFAULT_MAX_EVENT_BYTES + 1024 * 1024
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def article_id(url: str, fetched_at: datetime, body: bytes) -> str:
    """A deterministic id for one fetch: the same page fetched at the same moment gets the same id on re-runs."""
    digest = hashlib.sha256()
    for part in (url.encode("utf-8"), fetched_at.isoformat().encode("ascii"), body):
        digest.update(len(part).to_bytes(8, "big"))  # length-prefixed, so parts cannot run into each other
        digest.update(part)
    return digest.hexdigest()[:32]


def raw_article(
    *,
    url: str,
    body: bytes | str,
    content_type: Literal["text/html", "text/plain"],
    fetched_at: datetime,
    id: str | None = None,
    charset: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    http_status: int | None = None,
    crawler: str | None = None,
) -> RawArticle:
    """Build a RawArticle from a fetched page.

    Bytes that are valid UTF-8 (and not declared as another charset) travel as ``body``; any other bytes travel
    untouched as ``body_base64`` with the declared ``charset`` (if any), so the normaliser, not the crawler,
    decides how to decode them. ``id`` defaults to :func:`article_id`. Raises pydantic's ValidationError for
    values the contract forbids (an empty URL, a naive ``fetched_at``).
    """
    raw = body.encode("utf-8") if isinstance(body, str) else body
    fields: dict[str, Any] = {
        "id": id if id is not None else article_id(url, fetched_at, raw),
        "url": url,
        "fetched_at": fetched_at,
        "content_type": content_type,
        "outlet": outlet,
        "language": language,
        "http_status": http_status,
        "crawler": crawler,
    }
    declared = charset.strip().lower() if charset else None
    text = _as_utf8(raw) if isinstance(body, bytes) and declared in (None, *_UTF8_NAMES) else None
    if isinstance(body, str):
        fields["body"] = body
    elif text is not None:
        fields["body"] = text
    else:
        fields["body_base64"] = base64.b64encode(raw).decode("ascii")
        fields["charset"] = charset
    return RawArticle.model_validate(fields)


def _as_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def message_key(article: RawArticle) -> bytes:
    """The record key: the URL as given, stripped, UTF-8 (the contract's key for ``articles.raw``)."""
    return article.url.strip().encode("utf-8")


@dataclass(frozen=True, slots=True)
class OutgoingRecord:
    """Key, value and headers of one Kafka record, ready to send."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def raw_record(
    article: RawArticle, *, value: bytes | None = None, source: str = DEFAULT_SOURCE, traceparent: bytes | None = None
) -> OutgoingRecord:
    """The record for one article. ``value`` overrides the encoded article (to pass a crawler's JSON line on
    byte for byte, unknown fields included); it must encode the same article."""
    headers = ce_headers(
        ce_type=CE_TYPE_RAW, ce_id=article.id, source=source, time=article.fetched_at, traceparent=traceparent
    )
    return OutgoingRecord(
        key=message_key(article), value=value if value is not None else encode_event(article), headers=headers
    )


class Producer(Protocol):
    """The part of ``aiokafka.AIOKafkaProducer`` the publisher uses (tests pass a fake)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def flush(self) -> None: ...

    async def send(
        self, topic: str, value: bytes | None = None, key: bytes | None = None, *, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[Any]: ...


class RawPublisher:
    """Publishes RawArticle events to the raw topic; an async context manager that starts and stops its producer."""

    def __init__(self, producer: Producer, *, topic: str = DEFAULT_RAW_TOPIC, source: str = DEFAULT_SOURCE) -> None:
        self.producer = producer
        self.topic = topic
        self.source = source

    @classmethod
    def connect(
        cls, *, topic: str = DEFAULT_RAW_TOPIC, source: str = DEFAULT_SOURCE, **client_kwargs: Any
    ) -> RawPublisher:
        """A publisher over a new AIOKafkaProducer (call it inside the running event loop); ``client_kwargs``
        (bootstrap_servers, security, ...) win over the defaults: idempotent, acks=all, zstd (gzip without cramjam),
        large requests and batches for big pages."""
        options: dict[str, Any] = {
            "acks": "all",
            "enable_idempotence": True,
            "compression_type": "zstd" if has_zstd() else "gzip",
            "linger_ms": 20,
            "max_batch_size": 1024 * 1024,  # pages are kilobytes each: the 16 KiB default sends a few per request
            "max_request_size": _MAX_REQUEST_BYTES,
            "client_id": "claimwire-publisher",
        }
        options.update(client_kwargs)
        return cls(AIOKafkaProducer(**options), topic=topic, source=source)

    async def __aenter__(self) -> Self:
        try:
            await self.producer.start()
        except BaseException:
            await self.producer.stop()  # a failed start leaves open connections and a sender task behind
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.producer.stop()  # aiokafka flushes pending records before it stops

    async def send(
        self, article: RawArticle, *, value: bytes | None = None, traceparent: bytes | None = None
    ) -> asyncio.Future[Any]:
        """Queue one article; the returned future resolves to the broker's RecordMetadata (topic, partition,
        offset) once acknowledged, or raises the delivery error."""
        record = raw_record(article, value=value, source=self.source, traceparent=traceparent)
        return await self.producer.send(self.topic, record.value, record.key, headers=record.headers)

    async def publish(
        self, article: RawArticle, *, value: bytes | None = None, traceparent: bytes | None = None
    ) -> Any:
        """Send one article and wait for the broker's acknowledgement; returns its RecordMetadata."""
        return await (await self.send(article, value=value, traceparent=traceparent))

    async def flush(self) -> None:
        """Wait until every queued record is acknowledged or failed."""
        await self.producer.flush()
