"""Number words and mixed forms become values: "half a million", "two dozen", "tens of thousands"."""

from __future__ import annotations

import pytest

from claimwire.core.claims._numbers import parse_word_number, tokenize


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("half a million people", 500000.0),
        ("two dozen drones", 24.0),
        ("a dozen eggs", 12.0),
        ("four thousand five hundred troops", 4500.0),
        ("two hundred and fifty thousand", 250000.0),
        ("twenty-five years", 25.0),
        ("two and a half million barrels", 2500000.0),
        ("a million dollar house", 1000000.0),
        ("a third of those screened", 1 / 3),
        ("two-thirds of the sales", 2 / 3),
        ("half the condos", 0.5),
    ],
)
def test_spelled_numbers_are_read_as_values(text: str, value: float) -> None:
    """The parser reads words, scales, "and a half" and fractions."""
    got = parse_word_number(tokenize(text), 0)
    assert got is not None
    assert value == pytest.approx(got.value)


def test_vague_magnitudes_span_a_decade() -> None:
    """ "tens of thousands" is 10,000 up to 100,000."""
    got = parse_word_number(tokenize("tens of thousands of dollars"), 0)
    assert got is not None
    assert (10000.0, 100000.0) == (got.value, got.vague_upper)


@pytest.mark.parametrize("text", ["a year ago", "half-staff", "third round", "quarter finals"])
def test_words_that_only_look_like_numbers_are_not_read(text: str) -> None:
    """An article, a hyphenated "half", an ordinal and a "quarter" without "a"/"of" are not numbers."""
    assert parse_word_number(tokenize(text), 0) is None
