"""The quantity finder reads values, bounds, ranges, units and changes from news sentences."""

from __future__ import annotations

import pytest

from claimwire.core.claims.quantities import find_quantities
from claimwire.core.models import Quantity

SEED_1 = (
    'Russia will "highly unlikely" manage to attract 400,000 volunteer professional soldiers, which it claimed to be '
    "the goal of its new recruitment campaign, the U.K. Defense Ministry reported on March 30."
)
SEED_2 = "According to the publication, Moscow managed to conscript more than half a million people in 2022."


def _values(sentence: str) -> list[tuple[float | None, float | None, float | None, str | None, str]]:
    return [(q.value, q.lower, q.upper, q.unit, q.change) for q in find_quantities(sentence)]


def test_a_count_with_thousands_separators_is_read_with_its_counted_noun() -> None:
    """ "400,000 volunteer professional soldiers" is 400000, and the soldiers are what is counted."""
    expected = [
        Quantity(text="400,000", value=400000.0, concept="volunteer professional soldiers", char_start=48,
                 char_end=55)
    ]
    assert expected == find_quantities(SEED_1)


def test_more_than_half_a_million_is_a_lower_bound() -> None:
    """ "more than half a million" gives lower 500000 and change ">"; the year 2022 is not a quantity."""
    (q,) = find_quantities(SEED_2)
    assert ("more than half a million", 500000.0, 500000.0, ">", "people") == (q.text, q.value, q.lower, q.change,
                                                                              q.concept)


def test_offsets_are_shifted_into_the_article() -> None:
    """With ``offset`` the span points into the article text, not the sentence."""
    (q,) = find_quantities(SEED_2, offset=1000)
    assert (1058, 1082) == (q.char_start, q.char_end)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ministry said 1.5 billion dollars had been spent.", [(1.5e9, None, None, "USD", "=")]),
        ("Two dozen drones were shot down overnight.", [(24.0, None, None, None, "=")]),
        ("Revenue rose to $7.36 billion from $6.78 billion.", [(7.36e9, None, None, "USD", "up"),
                                                                (6.78e9, None, None, "USD", "=")]),
        ("The company has more than 80 million followers.", [(8e7, 8e7, None, None, ">")]),
        ("Up to 400 jobs will be created.", [(400.0, None, 400.0, None, "<")]),
        ("Nearly 70% of voters backed the plan.", [(70.0, None, 70.0, "percentage", "~")]),
        ("About 300 residents were evacuated.", [(300.0, None, None, None, "~")]),
        ("Fewer than 20 minutes later the lights came back.", [(20.0, None, 20.0, "minute", "<")]),
    ],
)
def test_scales_currencies_and_bounds_are_normalised(
    sentence: str, expected: list[tuple[float | None, float | None, float | None, str | None, str]]
) -> None:
    """Scale words multiply out, currencies become ISO codes, and bound words set lower/upper and the change."""
    assert expected == _values(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Growth is forecast at between 4% and 5% next year.", [(None, 4.0, 5.0, "percentage", "=")]),
        ("The fine could be $3 billion to $5 billion.", [(None, 3e9, 5e9, "USD", "=")]),
        ("Let us get from $10 to $15 billion first.", [(None, 1e10, 1.5e10, "USD", "=")]),
        ("Claims ranged from $200 to $4 million.", [(None, 200.0, 4e6, "USD", "=")]),
        ("Temperatures dropped by 1 to 1.5 degrees Celsius.", [(None, 1.0, 1.5, "celsius", "down")]),
        ("We used a 5-10W laser.", [(None, 5.0, 10.0, "watt", "=")]),
        ("The stamp duty adds tens of thousands of dollars to a home.", [(None, 1e4, 1e5, "USD", "=")]),
    ],
)
def test_ranges_carry_both_ends_and_share_scale_and_unit(
    sentence: str, expected: list[tuple[float | None, float | None, float | None, str | None, str]]
) -> None:
    """A range has no single value; the first end borrows the second's unit, and its scale when smaller."""
    assert expected == _values(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Shares of the retailer were down 2.3% before the bell.", [(2.3, None, None, "percentage", "down")]),
        ("Heineken Malaysia rose 18 sen to RM23.50.", [(18.0, None, None, "sen", "up"),
                                                        (23.5, None, None, "MYR", "up")]),
        ("In Europe: Stoxx 50 -1.3% FTSE -0.6%.", [(-1.3, None, None, "percentage", "down"),
                                                    (-0.6, None, None, "percentage", "down")]),
        ("The moths can fly more than 100 kilometers (60 miles).", [(100.0, 100.0, None, "kilometre", ">"),
                                                                    (60.0, 60.0, None, "mile", ">")]),
        ("Horsepower jumped from 240 to 273.", [(None, 240.0, 273.0, None, "=")]),
        ("Russia intends to increase its army by 400,000 troops.", [(400000.0, None, None, None, "up")]),
    ],
)
def test_trend_words_and_conversions_set_the_change(
    sentence: str, expected: list[tuple[float | None, float | None, float | None, str | None, str]]
) -> None:
    """ "rose"/"down" mark a change, a level reached by it keeps the direction, a conversion keeps the bound."""
    assert expected == _values(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Prices rose 5 percent a year.", "percentage per year"),
        ("The contract was up 19 cents at US $58.24 per barrel.", "USD per barrel"),
        ("They have a $3500 a month mortgage.", "USD per month"),
        ("The car hits 87 mph (140 km/h) flat out.", "kilometre per hour"),
        ("Samsung doubled it to 256GB.", "gigabyte"),
        ("Mr Smith, a 50 year-old man from Lithuania, pleaded guilty.", "year of age"),
        ("All pack sizes of Tylenol 500mg tablets are affected.", "milligram"),
        ("The airline gave a £1,000 payment to staff.", "GBP"),
        ("Kyiv allocated ₴2.5 billion for repairs.", "UAH"),
    ],
)
def test_units_are_named_in_one_vocabulary(sentence: str, expected: str) -> None:
    """Units are normalised names and rates append their denominator; the last quantity's unit is checked."""
    assert expected == find_quantities(sentence)[-1].unit


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks began on March 29, 2023 at 11:52 AM.",
        "Compass was founded in 2012 and SoftBank invested in 2017.",
        "Swansea finished in 10th place in the 1990s.",
        "The S&P 500 and the FTSE 100 opened flat, as did Game 7 of the series.",
        "COVID-19 cases rose in Galaxy S23 owners, said Part 3 of the report.",
        "Bristol City came from behind to beat Charlton 2-1.",
        "Call +44 20 7946 0958 or visit us 24/7.",
        "It was one of the best wireless speakers, the same one as before.",
        "Go crazy, said the Kick Six commentator.",
        "A five-year plan was approved.",
    ],
)
def test_dates_years_ordinals_names_and_scores_are_not_quantities(sentence: str) -> None:
    """Numbers that are dates, times, years, ordinals, parts of names, scores or pronouns are not reported."""
    assert [] == find_quantities(sentence)


def test_a_sentence_without_numbers_has_no_quantities() -> None:
    """Prose with no digits and no number words yields nothing."""
    assert [] == find_quantities("The ministry called it realistic that the distinction will be blurred.")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Farmers' groups warned that yields of wheat and barley could fall by up to a fifth this year.",
            [("up to a fifth", 0.2, 0.2)],
        ),
        ("Prices rose by a third.", [("a third", 1 / 3, None)]),
        ("Sales fell by two-thirds.", [("two-thirds", 2 / 3, None)]),
        ("Output was cut by nearly a quarter in 2023.", [("nearly a quarter", 0.25, 0.25)]),
        ("Two-thirds said they would vote.", [("Two-thirds", 2 / 3, None)]),
    ],
    ids=["by-up-to-a-fifth", "by-a-third", "by-two-thirds", "by-nearly-a-quarter", "two-thirds-said"],
)
def test_a_fraction_of_change_is_a_share(sentence: str, expected: list[tuple[str, float | None, float | None]]) -> None:
    """'rose by a third', 'fall by up to a fifth': a share with its bound, though no 'of' follows."""
    got = [(q.text, q.value, q.upper) for q in find_quantities(sentence)]
    assert [(t, pytest.approx(v) if v else v, u) for t, v, u in expected] == got


@pytest.mark.parametrize(
    "sentence",
    [
        "The firm was bought by a third party.",
        "He is running for a third term.",
        "Unemployment rose for a fifth straight month.",
    ],
)
def test_an_ordinal_after_a_is_not_a_share(sentence: str) -> None:
    """'a third party', 'a third term', 'a fifth straight month' are ordinals, not fractions."""
    assert [] == find_quantities(sentence)
