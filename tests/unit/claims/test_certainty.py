"""Hedges and probability words are placed on the UK PHIA yardstick, with negation and simple scope rules."""

from __future__ import annotations

import pytest

from claimwire.core.claims.certainty import find_certainty
from claimwire.core.models import Certainty


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            'Russia will "highly unlikely" manage to attract 400,000 volunteer professional soldiers, which it '
            "claimed to be the goal of its new recruitment campaign, the U.K. Defense Ministry reported on March 30.",
            Certainty(cue="highly unlikely", phia_band="highly unlikely", probability=(0.1, 0.2)),
        ),
        (
            'The ministry called it "realistic" that the distinction between a call for volunteer, professional '
            "personnel and a new mandatory mobilization will be blurred.",
            Certainty(cue="realistic", phia_band="realistic possibility", probability=(0.4, 0.5)),
        ),
        (
            '"Russian authorities have likely selected a supposedly \'volunteer model\' to meet their personnel '
            'shortfall," the U.K. Defense Ministry wrote in its latest intelligence update.',
            Certainty(cue="likely", phia_band="likely", probability=(0.55, 0.75)),
        ),
        (
            "This may indicate that a second wave of conscription for the war against Ukraine could begin.",
            Certainty(cue="may", phia_band=None, probability=None),
        ),
    ],
)
def test_the_seed_articles_cues_land_on_their_bands(sentence: str, expected: Certainty) -> None:
    """The seed page's hedges get the yardstick band and range the golden file expects."""
    assert expected == find_certainty(sentence)


@pytest.mark.parametrize(
    ("sentence", "band", "probability"),
    [
        ("Kyiv will almost certainly retain the city through the winter.", "almost certain", (0.95, 1.0)),
        ("Russia has highly likely lost more than 100 aircraft.", "highly likely", (0.8, 0.9)),
        ("The strike was probably carried out by a drone.", "likely", (0.55, 0.75)),
        ("A ceasefire before spring is unlikely, officials said.", "unlikely", (0.25, 0.35)),
        ("There is a remote chance that the dam will be repaired this year.", "remote chance", (0.0, 0.05)),
        ("Forecasters put the chance at a 30% chance of a recession.", "unlikely", (0.25, 0.35)),
    ],
)
def test_each_yardstick_phrase_maps_to_its_range(
    sentence: str, band: str, probability: tuple[float, float]
) -> None:
    """Every band of the 2019 yardstick is reachable, including a stated percentage chance."""
    got = find_certainty(sentence)
    assert got is not None
    assert (band, probability) == (got.phia_band, got.probability)


@pytest.mark.parametrize(
    ("sentence", "band"),
    [
        ("The offensive is not likely to succeed before the summer.", "unlikely"),
        ("Officials said a breakthrough isn't very likely.", "unlikely"),
        ("Such an escalation is not unlikely, the analyst said.", "realistic possibility"),
        ("It is not certain that the talks will resume.", None),
    ],
)
def test_negation_moves_the_band_and_is_flagged(sentence: str, band: str | None) -> None:
    """A negated cue names another band ("not likely" -> unlikely) and sets ``negated``."""
    got = find_certainty(sentence)
    assert got is not None
    assert (band, True) == (got.phia_band, got.negated)


def test_a_yardstick_cue_beats_an_earlier_modal() -> None:
    """ "may ... highly likely": the yardstick phrase is the more specific statement of how sure."""
    got = find_certainty("Moscow may announce a new wave in April and analysts judge it highly likely to succeed.")
    assert got is not None
    assert "highly likely" == got.phia_band


def test_may_not_is_a_negated_modal_without_band() -> None:
    """ "may not" hedges without a place on the yardstick."""
    assert Certainty(cue="may", phia_band=None, probability=None, negated=True) == find_certainty(
        "The bill may not pass the Rada this week."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "He could not attend the meeting in Brussels.",
        "Officials met in May to discuss the plan.",
        "Reporters asked whether prices could fall further.",
        "Is it likely that rates will rise again?",
        "Russia, which may have lost 200 tanks, said the operation continues.",
        "It was an unlikely alliance between the two parties.",
        "Certain people disagreed with the decision.",
        "The ministry said 400,000 soldiers would be recruited.",
    ],
)
def test_non_hedges_and_out_of_scope_cues_give_no_certainty(sentence: str) -> None:
    """Past ability, the month May, reported and direct questions, side clauses and adjectives are no hedges."""
    assert find_certainty(sentence) is None
