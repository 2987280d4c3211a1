"""A dead letter gives back its original record byte for byte, and filters pick dead letters by stage and type."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from claimwire.core.models import DeadLetter, DeadLetterError, KafkaHeader, OriginalRecord
from claimwire.dlq_replay import Replay, ReplayFilter, original_record


def b64(data: bytes) -> str:
    """Base64 text of bytes."""
    return base64.b64encode(data).decode("ascii")


def letter(*, stage: str = "normalize", type_: str = "NormalizeError", value: str | None = None) -> DeadLetter:
    """A dead letter of a record with binary key, value and headers (one header without a value)."""
    return DeadLetter(
        original=OriginalRecord(
            topic="articles.raw",
            partition=2,
            offset=41,
            key_base64=b64("https://ex.com/é".encode()),
            value_base64=b64(b"\xff\x00not json") if value is None else value,
            headers=[
                KafkaHeader(key="ce_id", value_base64=b64(b"id-1")),
                KafkaHeader(key="bin", value_base64=b64(bytes(range(256)))),
                KafkaHeader(key="empty", value_base64=None),
            ],
        ),
        error=DeadLetterError(stage=stage, type=type_, message="no text"),
        failed_at=datetime(2024, 5, 1, tzinfo=UTC),
        attempts=1,
        service_version="0.1.0",
    )


def test_the_original_record_comes_back_byte_for_byte() -> None:
    """Key, value and headers (including binary and null values, in order) are exactly what was consumed."""
    expected = Replay(
        topic="articles.raw",
        key="https://ex.com/é".encode(),
        value=b"\xff\x00not json",
        headers=[("ce_id", b"id-1"), ("bin", bytes(range(256))), ("empty", None)],
    )
    assert expected == original_record(letter())


def test_a_target_topic_overrides_the_original_one() -> None:
    """Replaying to another topic changes only the topic."""
    assert "articles.raw.v2" == original_record(letter(), topic="articles.raw.v2").topic


def test_corrupt_base64_is_a_value_error_naming_the_problem() -> None:
    """A dead letter whose bytes cannot be decoded is refused, not replayed as garbage."""
    with pytest.raises(ValueError, match="corrupt base64"):
        original_record(letter(value="not base64!"))


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        (ReplayFilter(), [True, True, True]),
        (ReplayFilter(stages=frozenset({"decode"})), [False, True, False]),
        (ReplayFilter(error_types=frozenset({"NormalizeError", "SchemaError"})), [True, False, True]),
        (ReplayFilter(stages=frozenset({"validate"}), error_types=frozenset({"SchemaError"})), [False, False, True]),
    ],
)
def test_filters_select_by_stage_and_error_type(select: ReplayFilter, expected: list[bool]) -> None:
    """Empty filters admit everything; given stages and types must both match."""
    letters = [
        letter(stage="normalize", type_="NormalizeError"),
        letter(stage="decode", type_="DecodeError"),
        letter(stage="validate", type_="SchemaError"),
    ]
    assert expected == [select.admits(x) for x in letters]
