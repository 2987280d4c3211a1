"""The crawler-side publisher builds valid RawArticles, keys them by URL and adds the CloudEvents headers."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pydantic
import pytest

from claimwire.adapters.codec import CE_TYPE_RAW, decode_raw, read_ce_headers
from claimwire.publisher import RawPublisher, article_id, message_key, raw_article, raw_record

FETCHED = datetime(2023, 3, 30, 9, 0, tzinfo=UTC)
URL = "https://example.com/news/1"


def test_utf8_bytes_travel_as_the_body_text() -> None:
    """A page whose bytes are UTF-8 is sent as ``body`` text, with no base64 copy."""
    article = raw_article(url=URL, body="<p>Kyiv — 12 °C</p>".encode(), content_type="text/html", fetched_at=FETCHED)
    assert ("<p>Kyiv — 12 °C</p>", None, None) == (article.body, article.body_base64, article.charset)


def test_bytes_in_another_charset_travel_untouched_as_base64() -> None:
    """Bytes that are not UTF-8 are not guessed at: they go as body_base64 with the declared charset."""
    data = "Café à Genève".encode("cp1252")
    article = raw_article(url=URL, body=data, content_type="text/plain", fetched_at=FETCHED, charset="windows-1252")
    assert (None, data, "windows-1252") == (article.body, base64.b64decode(article.body_base64 or ""), article.charset)


def test_a_declared_non_utf8_charset_wins_even_over_ascii_bytes() -> None:
    """When the crawler declares a charset other than UTF-8, the normaliser gets the bytes and that charset."""
    article = raw_article(url=URL, body=b"plain ascii", content_type="text/plain", fetched_at=FETCHED, charset="koi8-r")
    assert (None, "koi8-r") == (article.body, article.charset)


def test_the_default_id_is_deterministic_per_url_time_and_bytes() -> None:
    """Re-running a publish gives the same id; any change of URL, time or bytes gives another."""
    base = article_id(URL, FETCHED, b"x")
    variants = {
        article_id(URL + "?", FETCHED, b"x"),
        article_id(URL, FETCHED + timedelta(seconds=1), b"x"),
        article_id(URL, FETCHED, b"y"),
    }
    assert (base, 32, False) == (article_id(URL, FETCHED, b"x"), len(base), base in variants)
    assert 3 == len(variants)


def test_a_fetch_time_without_a_zone_is_refused() -> None:
    """The contract wants RFC 3339 times with a zone; a naive datetime is a ValidationError."""
    with pytest.raises(pydantic.ValidationError):
        raw_article(url=URL, body=b"x", content_type="text/plain", fetched_at=datetime(2023, 3, 30, 9, 0))


def test_the_key_is_the_url_as_given_only_stripped() -> None:
    """Keys are the URL as the crawler gave it: surrounding whitespace goes, nothing is canonicalised."""
    article = raw_article(
        url="  HTTPS://Example.com/a?utm_source=x#top \n", body=b"x", content_type="text/plain", fetched_at=FETCHED
    )
    assert b"HTTPS://Example.com/a?utm_source=x#top" == message_key(article)


def test_a_record_carries_the_cloudevents_headers_of_a_raw_article() -> None:
    """Headers follow the CloudEvents Kafka binding: id = article id, time = fetch time, JSON content type."""
    article = raw_article(
        url=URL,
        body=b"x",
        content_type="text/plain",
        fetched_at=datetime(2023, 3, 30, 12, 0, tzinfo=timezone(timedelta(hours=3))),
    )
    record = raw_record(article, source="/crawler/a", traceparent=b"00-abc-def-01")
    meta = read_ce_headers(record.headers)
    expected = ("1.0", article.id, CE_TYPE_RAW, "/crawler/a", "2023-03-30T12:00:00+03:00", "application/json")
    assert expected == (meta.specversion, meta.id, meta.type, meta.source, meta.time, meta.content_type)
    assert "00-abc-def-01" == meta.traceparent


def test_a_record_value_decodes_back_to_the_same_article() -> None:
    """What the publisher sends is exactly what the service's codec reads."""
    article = raw_article(url=URL, body=b"\xff\xfe broken", content_type="text/html", fetched_at=FETCHED, outlet="X")
    assert article == decode_raw(raw_record(article).value)


def test_a_given_value_is_sent_byte_for_byte() -> None:
    """A crawler's own JSON line (with fields claimwire ignores) is passed on unchanged."""
    line = (
        b'{"id":"a","url":"https://x/","fetched_at":"2023-01-01T00:00:00Z","content_type":"text/html","body":"","x":1}'
    )
    assert line == raw_record(decode_raw(line), value=line).value


class FakeProducer:
    """Records what is sent; acknowledges with increasing offsets."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]] = []
        self.calls: list[str] = []

    async def start(self) -> None:
        self.calls.append("start")

    async def stop(self) -> None:
        self.calls.append("stop")

    async def flush(self) -> None:
        self.calls.append("flush")

    async def send(
        self, topic: str, value: bytes | None = None, key: bytes | None = None, *, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[Any]:
        self.sent.append((topic, key, value, headers))
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_result((topic, 0, len(self.sent) - 1))
        return future


async def test_the_publisher_sends_keyed_records_with_headers_to_its_topic() -> None:
    """publish() sends one record to the configured topic and returns the broker's acknowledgement."""
    producer = FakeProducer()
    article = raw_article(url=URL, body=b"<p>x</p>", content_type="text/html", fetched_at=FETCHED)
    async with RawPublisher(producer, topic="raw.test", source="/crawler") as publisher:
        ack = await publisher.publish(article)
        delivery = await publisher.send(article)
        await publisher.flush()
    expected = raw_record(article, source="/crawler")
    assert [("raw.test", expected.key, expected.value, expected.headers)] * 2 == producer.sent
    assert (("raw.test", 0, 0), ("raw.test", 0, 1)) == (ack, await delivery)
    assert ["start", "flush", "stop"] == producer.calls
