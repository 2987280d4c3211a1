"""Claim types on the contract's taxonomy, read from the sentence and the parts the tagger found."""

from __future__ import annotations

import pytest

from claimwire.core.claims.attribution import Attribution, attribute
from claimwire.core.claims.certainty import find_certainty
from claimwire.core.claims.claim_type import claim_type
from claimwire.core.claims.entities import find_entities
from claimwire.core.claims.quantities import find_quantities
from claimwire.core.claims.sentences import split_sentences
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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The legality of the climate rules is likely to be decided by the Supreme Court.", "prediction"),
        ("The change in approach is likely to placate nervous Democrats.", "prediction"),
        ("Russian forces have likely selected a supposedly 'volunteer model'.", "event"),
    ],
    ids=["likely-to", "is-likely-to", "likely-without-to"],
)
def test_likely_to_looks_ahead_even_in_the_past_tense(sentence: str, expected: ClaimType) -> None:
    """'was/is likely to' is a forecast (PolNeAR dev sentences); 'have likely selected' is not."""
    assert expected == _type(sentence)


def test_a_number_in_what_is_cited_does_not_make_a_quantity_claim() -> None:
    """'Reuters, citing two sources ..., reported that the minister had resigned': the claim is the event."""
    sentence = "Reuters, citing two sources familiar with the matter, reported that the minister had resigned."
    att = attribute(sentence, split_sentences(sentence), outlet=None, entities=find_entities(sentence))[0]
    assert (("Reuters", "two sources familiar with the matter"), "event") == (att.chain, _type(sentence, att))


def test_a_number_in_the_claimants_mention_still_counts() -> None:
    """'Sixty-two percent of Republicans agreed': the poll's figure is in the source and is the claim."""
    sentence = "Sixty-two percent of Republicans agreed."
    attribution = Attribution(
        claimant=Claimant(name="Republicans", mention="Sixty-two percent of Republicans", kind="unknown",
                          char_start=0, char_end=32),
        cue=Cue(text="agreed", char_start=33, char_end=39),
        content=None,
        chain=("Republicans",),
        reporting_verb="agreed",
        quote="indirect",
    )
    assert "quantity" == _type(sentence, attribution)
