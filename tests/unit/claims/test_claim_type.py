"""Claim types on the contract's taxonomy, read from the sentence and the parts the tagger found."""

from __future__ import annotations

import pytest

from claimwire.core.claims.attribution import Attribution
from claimwire.core.claims.certainty import find_certainty
from claimwire.core.claims.claim_type import claim_type
from claimwire.core.claims.quantities import find_quantities
from claimwire.core.models import Claimant, ClaimType, Cue


def _type(sentence: str, attribution: Attribution | None = None) -> ClaimType:
    return claim_type(
        sentence, quantities=find_quantities(sentence), certainty=find_certainty(sentence), attribution=attribution
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia's Defense Ministry will start a new recruitment campaign on April 1.", "prediction"),
        ("Prices could rise again next year.", "prediction"),
        ("The plant closed because demand collapsed.", "causal"),
        ("Moscow managed to conscript more than half a million people in 2022.", "quantity"),
        ("Russia needs more munitions and military equipment supplies than it currently has available.", "quantity"),
        ("Our schools are better than theirs.", "comparison"),
        ("Carrying a gun in the building is illegal.", "rule"),
        ("Mobilization in Russia had never actually stopped.", "event"),
        ("Hope is a good thing.", "other"),
    ],
)
def test_each_type_is_recognised_from_its_wording(sentence: str, expected: ClaimType) -> None:
    """One sentence per type, each unambiguous."""
    assert expected == _type(sentence)


def test_a_prediction_with_a_number_is_still_a_prediction() -> None:
    """What can be checked is the forecast, not the count: "will ... 400,000" is a prediction."""
    assert "prediction" == _type("Russia will manage to attract 400,000 volunteer professional soldiers.")


def test_the_reporting_verb_does_not_make_a_claim_an_event() -> None:
    """"X reported that Y" is typed by Y: the past-tense cue of the frame is not read as the claim's verb."""
    sentence = "The ministry reported that the new campaign remains popular."
    attribution = Attribution(
        claimant=Claimant(name="ministry", mention="The ministry", kind="government", char_start=0, char_end=12),
        cue=Cue(text="reported", char_start=13, char_end=21),
        content=None,
        chain=("ministry",),
        reporting_verb="reported",
        quote="indirect",
    )
    assert ("event", "other") == (_type(sentence), _type(sentence, attribution))


def test_a_direct_quotation_of_nothing_more_specific_is_a_quote() -> None:
    """A direct quote without future, cause, number, comparison, rule or past event is typed quote."""
    sentence = '"This is a very good thing for the people," he says.'
    attribution = Attribution(
        claimant=Claimant(name="he", mention="he", kind="person", char_start=44, char_end=46),
        cue=Cue(text="says", char_start=47, char_end=51),
        content=None,
        chain=(),
        reporting_verb="says",
        quote="direct",
    )
    assert "quote" == _type(sentence, attribution)


def test_a_plan_named_as_a_noun_does_not_make_a_prediction() -> None:
    """"citing people familiar with the plan" is not a forecast; "plans to" is."""
    assert ("quantity", "prediction") == (
        _type("Bloomberg reported Russia's intentions to increase its army by 400,000 troops, citing people "
              "familiar with the plan."),
        _type("The city plans to close the bridge."),
    )
