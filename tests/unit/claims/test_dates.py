"""Dates are found, given their precision, and relative ones resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from claimwire.core.claims.dates import find_dates
from claimwire.core.models import DateMention

PUBLISHED = date(2023, 3, 30)  # the seed article, a Thursday


def _resolved(sentence: str, reference: date | None = PUBLISHED) -> list[tuple[str, str, str]]:
    return [(d.text, d.value, d.precision) for d in find_dates(sentence, reference=reference)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Russia's Defense Ministry will start a new recruitment campaign on April 1, aiming to conclude "
            "contracts with 400,000 professional soldiers, the Russian service of Radio Free Europe/Radio Liberty "
            "reported on March 15.",
            [("April 1", "2023-04-01", "day"), ("March 15", "2023-03-15", "day")],
        ),
        (
            "On March 29, Bloomberg also reported Russia's intentions to increase its army by 400,000 troops.",
            [("March 29", "2023-03-29", "day")],
        ),
        (
            "According to the publication, Moscow managed to conscript more than half a million people in 2022.",
            [("2022", "2022", "year")],
        ),
        (
            "In late October 2022, Putin and Russia's Defense Minister Shoigu claimed that the mobilization had "
            "finished.",
            [("late October 2022", "2022-10", "month")],
        ),
        (
            "Residents started to receive summonses as it was in September last year following the so-called "
            "partial mobilization.",
            [("September last year", "2022-09", "month")],
        ),
    ],
)
def test_the_seed_articles_dates_resolve_as_the_golden_file_says(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    """Month-day without a year takes the publication year; "September last year" is 2022-09."""
    assert expected == _resolved(sentence)


def test_offsets_are_shifted_into_the_article() -> None:
    """With ``offset`` the span points into the article text."""
    expected = [DateMention(text="2022", value="2022", precision="year", char_start=107, char_end=111)]
    assert expected == find_dates("Moscow managed to conscript more than half a million people in 2022.",
                                  reference=None, offset=44)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The summit was held on 9 May 2021 in Brussels.", [("9 May 2021", "2021-05-09", "day")]),
        ("Published Dec 20, 2019 by the desk.", [("Dec 20, 2019", "2019-12-20", "day")]),
        ("Sales fell in mid-2022 and recovered by the end of 2023.", [("mid-2022", "2022", "year"),
                                                                      ("the end of 2023", "2023", "year")]),
        ("The two sides have been negotiating since June of 2018.", [("June of 2018", "2018-06", "month")]),
        ("The record dates from 2019-09-01T10:38:07Z.", [("2019-09-01", "2019-09-01", "day")]),
    ],
)
def test_absolute_dates_keep_the_precision_they_are_written_with(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    """A day, a month or a year, as written; "mid-"/"the end of" keep the year."""
    assert expected == _resolved(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Prices rose last year and will rise next year.", [("last year", "2022", "year"),
                                                             ("next year", "2024", "year")]),
        ("The decree was signed yesterday.", [("yesterday", "2023-03-29", "day")]),
        ("The talks will resume tomorrow.", [("tomorrow", "2023-03-31", "day")]),
        ("The strike happened on Tuesday.", [("Tuesday", "2023-03-28", "day")]),
        ("The delegation will arrive on Tuesday.", [("Tuesday", "2023-04-04", "day")]),
        ("The plant closed last Thursday.", [("last Thursday", "2023-03-23", "day")]),
        ("The dam was destroyed three years ago.", [("three years ago", "2020", "year")]),
        ("The offensive stalled in September.", [("September", "2022-09", "month")]),
        ("The vote will take place in September.", [("September", "2023-09", "month")]),
        ("Exports collapsed last September.", [("last September", "2022-09", "month")]),
    ],
)
def test_relative_dates_are_resolved_against_the_reference(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    """Relative dates and bare months follow the sentence's tense, nearest to the publication date."""
    assert expected == _resolved(sentence)


def test_without_a_reference_only_absolute_dates_are_returned() -> None:
    """ "on April 1" needs a year from somewhere; "October 2022" does not."""
    assert [("October 2022", "2022-10", "month")] == _resolved("It began on April 1, not in October 2022.", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 2000 people and 1,900 vehicles crossed, 2000 km from the front.",
        "The Euro zone grew in the 1990s.",
        "Officials said the plan may change over the last week.",
    ],
)
def test_numbers_that_are_not_years_and_weeks_are_not_dates(sentence: str) -> None:
    """Counts, distances, decades and week-precision phrases are not reported as dates."""
    assert [] == _resolved(sentence)
