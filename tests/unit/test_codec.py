"""The codec turns wire bytes into events and back, and every kind of bad bytes raises one typed, explained error."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimwire.adapters.codec import (
    CE_TYPE_RAW,
    ce_headers,
    ce_headers_many,
    decode_event,
    decode_raw,
    encode_event,
    read_ce_headers,
)
from claimwire.core.errors import ClaimwireError, DecodeError, SchemaError
from claimwire.core.models import DeadLetter, RawArticle

GOOD = {
    "id": "f-1",
    "url": "https://example.com/a",
    "fetched_at": "2023-03-30T09:00:00+03:00",
    "content_type": "text/plain",
    "body": "Some text.",
}


def test_a_raw_article_decodes_and_encodes_back_to_the_same_fields() -> None:
    """Encoding a decoded event yields the same JSON object, with the zone kept."""
    raw = decode_raw(orjson.dumps(GOOD))
    assert {**GOOD, "fetched_at": "2023-03-30T09:00:00+03:00"} == {
        k: v for k, v in orjson.loads(encode_event(raw)).items() if v is not None
    }


def test_unknown_fields_from_a_crawler_are_tolerated() -> None:
    """Crawlers may add fields; the contract says consumers ignore what they do not know."""
    assert "f-1" == decode_raw(orjson.dumps({**GOOD, "x_crawler_extra": [1, 2]})).id


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "no value"),
        (b"\xff\xfe{}", "not valid UTF-8 at byte 0"),
        (b'{"id": "a", "body": "caf\xc3', "not valid UTF-8 at byte 24"),
        (b"{not json", "not JSON"),
        (b"", "not JSON"),
        (b"[1, 2]", "JSON list, expected an object"),
        (b'"text"', "JSON str, expected an object"),
    ],
)
def test_bad_bytes_raise_a_decode_error_saying_what_and_where(value: bytes | None, message: str) -> None:
    """Each way a value can fail to be an object names itself in the error."""
    with pytest.raises(DecodeError, match=message) as info:
        decode_raw(value)
    assert "decode" == info.value.stage
    assert info.value.retriable is False


def test_an_oversize_value_is_refused_before_parsing() -> None:
    """The size cap is checked first, so a huge record costs no parsing."""
    with pytest.raises(DecodeError, match="over the 100-byte cap"):
        decode_raw(b" " * 101, max_bytes=100)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"content_type": "application/pdf"}, "content_type"),
        ({"fetched_at": "2023-03-30T09:00:00"}, "fetched_at"),
        ({"id": ""}, "id"),
        ({"body": None}, "one of 'body' or 'body_base64' is required"),
        ({"http_status": 999}, "http_status"),
    ],
)
def test_schema_violations_raise_a_schema_error_naming_the_field(change: dict[str, object], where: str) -> None:
    """A JSON object that breaks the contract says which field is wrong."""
    with pytest.raises(SchemaError, match=where) as info:
        decode_raw(orjson.dumps({**GOOD, **change}))
    assert "validate" == info.value.stage


def test_a_missing_required_field_is_named() -> None:
    """Missing fields are listed by name."""
    obj = dict(GOOD)
    del obj["url"]
    with pytest.raises(SchemaError, match="url: Field required"):
        decode_raw(orjson.dumps(obj))


def test_decode_event_reads_other_contracts_too() -> None:
    """The same function decodes dead letters (used by replay-dlq)."""
    with pytest.raises(SchemaError, match="DeadLetter schema violation"):
        decode_event(b"{}", DeadLetter)


def test_cloudevents_headers_follow_the_kafka_binary_binding() -> None:
    """Headers carry the ce_ attributes, the content type and a passed-on traceparent."""
    tp = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    headers = ce_headers(
        ce_type=CE_TYPE_RAW, ce_id="f-1", source="urn:test", time=datetime(2023, 3, 30, 9, tzinfo=UTC), traceparent=tp
    )
    assert [
        ("ce_specversion", b"1.0"),
        ("ce_id", b"f-1"),
        ("ce_type", b"org.claimwire.article.raw.v1"),
        ("ce_source", b"urn:test"),
        ("ce_time", b"2023-03-30T09:00:00Z"),
        ("content-type", b"application/json"),
        ("traceparent", tp),
    ] == headers
    meta = read_ce_headers(headers)
    assert ("1.0", "f-1", CE_TYPE_RAW, tp.decode()) == (meta.specversion, meta.id, meta.type, meta.traceparent)


def test_headers_of_many_events_are_those_of_each_event_alone() -> None:
    """An article's claim events get, in order, exactly the headers ``ce_headers`` gives each one."""
    when = datetime(2023, 3, 30, 9, 5, tzinfo=UTC)
    tp = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    for trace in (tp, None):
        ids = ["a/1", "a/2", "a/3"]
        many = ce_headers_many(ce_type=CE_TYPE_RAW, ce_ids=ids, source="urn:t", time=when, traceparent=trace)
        alone = [ce_headers(ce_type=CE_TYPE_RAW, ce_id=i, source="urn:t", time=when, traceparent=trace) for i in ids]
        assert alone == [list(h) for h in many]


def test_reading_headers_never_raises_on_undecodable_values() -> None:
    """A crawler's broken header must not stop the record; it reads as absent."""
    assert read_ce_headers([("ce_id", b"\xff")]).id is None


@given(st.binary(max_size=300))
def test_arbitrary_bytes_either_decode_or_raise_a_claimwire_error(value: bytes) -> None:
    """No input makes the codec raise anything but its own typed errors."""
    with contextlib.suppress(ClaimwireError):
        assert isinstance(decode_raw(value), RawArticle)


_FIELDS = st.sampled_from([*sorted(GOOD), "charset", "http_status"])
_VALUES = st.none() | st.text() | st.integers(min_value=-(2**63), max_value=2**63 - 1)


@given(st.dictionaries(_FIELDS, _VALUES))
def test_arbitrary_objects_either_decode_or_raise_a_claimwire_error(obj: dict[str, object]) -> None:
    """Any JSON object is either a RawArticle or a typed schema error."""
    with contextlib.suppress(ClaimwireError):
        decode_raw(orjson.dumps(obj))
