"""SimHash: near-identical texts differ in few bits, unrelated texts in about half."""

from __future__ import annotations

from claimwire.core.normalize._fingerprint import simhash64

STORY = (
    "The harbour bridge reopened to traffic on Tuesday morning after two years of repairs that cost the city more "
    "than 40 million euros. Engineers replaced the steel cables and resurfaced the whole deck, which had been "
    "closed to lorries since a survey found corrosion. The council will decide next month whether to add a cycle "
    "lane, a plan that residents have asked for since the repairs began. "
)
OTHER = (
    "Shares in Asian markets were mixed on Tuesday as investors weighed mixed signals about trade talks, while oil "
    "prices edged lower and the yen strengthened against the dollar for a third day in a row after weak data. "
)


def _distance(a: str, b: str) -> int:
    return (int(simhash64(a), 16) ^ int(simhash64(b), 16)).bit_count()


def test_a_one_word_edit_moves_few_bits() -> None:
    """Changing one word of a long text flips at most 10 of 64 bits."""
    edited = STORY.replace("Tuesday", "Wednesday")
    assert _distance(STORY * 3, edited + STORY * 2) <= 10


def test_unrelated_texts_are_far_apart() -> None:
    """Two unrelated texts differ in at least 16 bits."""
    assert _distance(STORY, OTHER) >= 16


def test_simhash_is_deterministic_and_empty_text_is_zero() -> None:
    """The same text gives the same value; no words gives zero."""
    assert (simhash64(STORY), "0" * 16) == (simhash64(STORY), simhash64("  \n "))
