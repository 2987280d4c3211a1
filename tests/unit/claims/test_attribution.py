"""The attributor: cue, claimant (resolved across the article), quote kind and chain, on real news text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimwire.core.claims._attribution_extract import _possessor
from claimwire.core.claims._sentence_tokens import tokenize
from claimwire.core.claims.attribution import Attribution, attribute
from claimwire.core.claims.attribution import _verb as reporting_verb
from claimwire.core.claims.entities import find_entities
from claimwire.core.claims.sentences import split_sentences

_SEED = Path(__file__).resolve().parents[2] / "data" / "kyiv-independent-2023-03-30.expected.json"


def _attribute(text: str, outlet: str | None = "The Outlet") -> list[Attribution]:
    return attribute(text, split_sentences(text), outlet=outlet, entities=find_entities(text))


def _seed() -> tuple[str, list[tuple[str, Attribution]], list[dict[str, Any]]]:
    expected = json.loads(_SEED.read_text(encoding="utf-8"))
    text = "\n\n".join(expected["article"]["paragraphs"])
    sentences = split_sentences(text)
    found = attribute(text, sentences, outlet=expected["article"]["outlet"], entities=find_entities(text))
    claims = [c for c in expected["claims"] if not c.get("optional")]
    return text, [(s.text, a) for s, a in zip(sentences, found, strict=True)], claims


_TEXT, _FOUND, _CLAIMS = _seed()


@pytest.mark.parametrize("claim", _CLAIMS, ids=[c["cue"][:40] for c in _CLAIMS])
def test_seed_article_claims_get_the_expected_claimant(claim: dict[str, Any]) -> None:
    """Each expected claim of the seed page gets its claimant, mention, verb, quote kind and chain."""
    att = next(a for sentence, a in _FOUND if claim["cue"] in sentence)
    assert att.claimant is not None
    expected = {
        "claimant": claim["claimant"].replace("Sergei Shoigu", "Shoigu"),  # the article never gives his first name
        "quote": claim["quote"],
        "mention": claim.get("claimant_mention", att.claimant.mention),
        "verb": claim.get("reporting_verb", att.reporting_verb),
        "chain": claim.get("attribution_chain", list(att.chain)),
    }
    actual = {
        "claimant": att.claimant.name,
        "quote": att.quote,
        "mention": att.claimant.mention,
        "verb": att.reporting_verb,
        "chain": list(att.chain),
    }
    assert expected == actual


def test_seed_offsets_point_into_the_article_text() -> None:
    """Cue, claimant mention and content offsets slice the article text to what they name."""
    for _, att in _FOUND:
        if att.cue is not None:
            assert att.cue.text == _TEXT[att.cue.char_start : att.cue.char_end]
        if att.claimant is not None and att.claimant.char_start is not None:
            assert att.claimant.mention == _TEXT[att.claimant.char_start : att.claimant.char_end]


def test_an_unattributed_statement_is_the_outlets_own() -> None:
    """A sentence with no reporting cue gets the outlet as claimant, kind "outlet", and no offsets."""
    att = _attribute("Moscow managed to conscript more than half a million people in 2022.")[0]
    assert ("The Outlet", "", "outlet", None, "none") == (
        att.claimant and att.claimant.name,
        att.claimant and att.claimant.mention,
        att.claimant and att.claimant.kind,
        att.cue,
        att.quote,
    )


def test_without_an_outlet_an_unattributed_statement_has_no_claimant() -> None:
    """No outlet given: the claimant is left empty rather than invented."""
    assert _attribute("Moscow managed to conscript more than half a million people.", outlet=None)[0].claimant is None


def test_a_direct_quote_after_the_speaker_with_a_citation_chain() -> None:
    """A 'told ..., citing X' sentence names the speaker, the verb and the chain to what is cited."""
    text = (
        "Over 220,000 Russian troops have been killed or injured since the start of the full-scale invasion, "
        "U.K. Defense Secretary Ben Wallace told Sky News, citing U.S. intelligence."
    )
    att = _attribute(text)[0]
    assert ("Ben Wallace", "person", "told", ("Ben Wallace", "U.S. intelligence"), "indirect") == (
        att.claimant and att.claimant.name,
        att.claimant and att.claimant.kind,
        att.reporting_verb,
        att.chain,
        att.quote,
    )


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        (
            "Reuters, citing two sources familiar with the matter, reported that the deal was likely to close "
            "in late October.",
            ("Reuters", "two sources familiar with the matter"),
        ),
        (
            "Citing U.S. officials, CNN reported that the talks had stalled.",
            ("CNN", "U.S. officials"),
        ),
        (
            "Politico reported, quoting a senior aide, that the bill would pass.",
            ("Politico", "senior aide"),
        ),
    ],
    ids=["citing-between-source-and-verb", "citing-first", "quoting-after-verb"],
)
def test_a_citation_before_or_after_the_reporting_verb_joins_the_chain(text: str, chain: tuple[str, ...]) -> None:
    """'X, citing Y, reported' and 'Citing Y, X reported' chain to Y as 'X reported ..., citing Y' does."""
    assert chain == _attribute(text)[0].chain


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said the strike killed 12 civilians, while Moscow claimed, citing its own sources, "
        "that only soldiers died.",
        "Clinton unveiled a list of endorsements from 95 retired generals and admirals -- most of whom had "
        "previously announced their support -- who cited her years as secretary of State and as a U.S. senator.",
    ],
    ids=["another-speaker", "a-relative-clause"],
)
def test_a_citation_by_someone_else_stays_out_of_the_chain(text: str) -> None:
    """What another speaker cites, or someone in a relative clause, is not in the main claimant's chain."""
    att = _attribute(text)[0]
    assert att.claimant is not None
    assert (att.claimant.name,) == att.chain


@pytest.mark.parametrize(
    "text",
    [
        "Citing an unfounded conspiracy theory, Trump repeatedly accused Rafael Cruz, who was born and raised in "
        "Cuba, of associating with Lee Harvey Oswald.",
        "Foreign policy analysts said geopolitical factors have contributed to elevating Burma's bipartisan appeal, "
        "citing the strategic importance of a nation that borders China.",
        "The country has made dramatic changes for the better, McConnell said in June 2012, citing the release of "
        "political prisoners.",
    ],
    ids=["theory", "importance-of-a-nation", "release-of-prisoners"],
)
def test_a_citation_that_gives_a_reason_is_no_link_of_the_chain(text: str) -> None:
    """The chain is a list of names: 'citing the strategic importance of ...' gives a reason, not a source."""
    att = _attribute(text)[0]
    assert att.claimant is not None
    assert (att.claimant.name,) == att.chain


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("The ministry said, citing the findings of a study by Harvard University, that deaths fell.", "study"),
        ("The senator said, citing Pentagon officials, that the base would close.", "Pentagon officials"),
        ("The company said, citing internal data, that sales rose 5%.", "internal data"),
    ],
    ids=["findings-of-a-study", "named-officials", "data"],
)
def test_a_citation_that_names_a_source_is_a_link_of_the_chain(text: str, chain: str) -> None:
    """A cited person, organisation, document or body of data is the chain's next link."""
    assert chain in _attribute(text)[0].chain[-1]


def test_cited_as_a_verb_cites_nothing() -> None:
    """'The four "loopholes" he cited are "..." The Hill reported': what follows 'cited' is a predicate."""
    text = (
        "The four “loopholes” he cited are “the ability to use real estate losses to offset other income, to "
        "claim losses on real estate investments beyond what was invested,” The Hill reported."
    )
    assert [] == [link for att in _attribute(text) for link in att.chain if link.startswith("are")]


def test_a_quotation_is_direct_and_a_pronoun_resolves_to_the_last_person() -> None:
    """'"...," EU spokesperson Peter Stano said.' is direct; a later 'he said' is Peter Stano."""
    text = (
        "\"While we're assessing the full facts, it's obvious that such an attack would mark yet another clear "
        'escalation," EU foreign affairs spokesperson Peter Stano said.\n\n'
        "He said the bloc would respond together."
    )
    first, second = _attribute(text)
    assert [("Peter Stano", "direct"), ("Peter Stano", "indirect")] == [
        (first.claimant and first.claimant.name, first.quote),
        (second.claimant and second.claimant.name, second.quote),
    ]
    assert second.claimant is not None
    assert "He" == second.claimant.mention


def test_a_quotation_running_over_sentences_keeps_its_speaker() -> None:
    """The sentences of one quotation all belong to the speaker named once at its end."""
    text = '"We will not retreat. We will win this war," Ukrainian President Volodymyr Zelensky said.'
    names = [a.claimant and a.claimant.name for a in _attribute(text)]
    quotes = [a.quote for a in _attribute(text)]
    assert (["Volodymyr Zelensky", "Volodymyr Zelensky"], ["direct", "direct"]) == (names, quotes)


def test_one_attribution_per_sentence_in_order() -> None:
    """attribute returns exactly one Attribution per sentence it was given."""
    text = "Kyiv said it shot down 30 drones. Moscow denied it. The talks continue."
    assert 3 == len(_attribute(text))


def test_a_party_affiliation_stays_in_the_mention_but_not_in_the_name() -> None:
    """'Rep. Gwen Moore (D-Wis.) said': the mention keeps the brackets, the claimant is the person."""
    att = _attribute('"It is a dog whistle," Rep. Gwen Moore (D-Wis.) said Friday.')[0]
    assert ("Gwen Moore", "Rep. Gwen Moore (D-Wis.)", "direct") == (
        att.claimant and att.claimant.name,
        att.claimant and att.claimant.mention,
        att.quote,
    )


def test_a_multi_word_cue_is_one_cue() -> None:
    """'said in a statement' is the cue as a whole, and the content follows it."""
    text = "The ministry said in a statement that it had shot down 30 drones."
    att = _attribute(text)[0]
    assert att.cue is not None
    assert att.content is not None
    assert ("said in a statement", "that it had shot down 30 drones") == (
        att.cue.text,
        text[att.content.char_start : att.content.char_end],
    )


def test_the_content_stops_at_a_clause_outside_the_report() -> None:
    """'X, the survey found, but he still lost': the outlet's own 'but' clause is not the survey's content."""
    text = "Mitt Romney had a ten-point lead among the group in 2012, the survey found, but he still lost the election."
    att = _attribute(text)[0]
    assert att.content is not None
    assert (
        "Mitt Romney had a ten-point lead among the group in 2012"
        == text[att.content.char_start : att.content.char_end]
    )


def test_a_relative_clause_mention_ends_before_its_comma() -> None:
    """'Senator Jane Smith, who chairs the committee, said': the mention has no trailing comma."""
    att = _attribute("Senator Jane Smith, who chairs the committee, said the bill would pass.")[0]
    assert att.claimant is not None
    assert ("Jane Smith", "Senator Jane Smith, who chairs the committee") == (att.claimant.name, att.claimant.mention)


@pytest.mark.parametrize(
    ("cue", "verb"),
    [
        ("wrote in its", "wrote"),  # "the U.K. Defense Ministry wrote in its latest intelligence update"
        ("said in a statement", "said"),
        ("has said", "said"),
        ("according to", "according to"),
        ("told reporters on", "told reporters"),
    ],
)
def test_the_reporting_verb_drops_auxiliaries_and_the_setting_of_the_cue(cue: str, verb: str) -> None:
    """A cue span that runs on into where or when it was said keeps only its verb."""
    assert verb == reporting_verb(cue)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Farmers' groups warned that yields of wheat and barley could fall by up to a fifth this year.",
         "Farmers' groups"),
        ("The farmers’ union said prices would rise.", "The farmers’ union"),
        ("Workers' representatives said the plant would close.", "Workers' representatives"),
    ],
)
def test_a_plural_possessive_stays_in_the_claimants_mention(text: str, mention: str) -> None:
    """'Farmers' groups warned': the claimant is the farmers' groups, not 'groups'."""
    att = _attribute(text)[0]
    assert att.claimant is not None
    assert mention == att.claimant.mention


def test_a_closing_quotation_mark_is_not_a_possessive() -> None:
    """In "the 'experts' Smith hired", the apostrophe closes a quotation: a mention at "Smith" keeps its start."""
    toks = tokenize("The 'experts' Smith hired said the dam was safe.")
    smith = toks.words.index("Smith")
    groups = tokenize("Farmers' groups said so.")
    assert (smith, 0) == (_possessor(toks, smith), _possessor(groups, groups.words.index("groups")))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Rainfall in July was 45 per cent below the long-term average, according to figures from the national "
            "weather service.",
            "national weather service",
        ),
        ("Spending rose by 12%, a report by the state auditor found.", "state auditor"),
        ("Unemployment fell to 4.1%, according to new data released by the statistics office.", "statistics office"),
    ],
    ids=["figures-from", "report-by", "data-released-by"],
)
def test_a_document_without_a_name_is_claimed_by_its_publisher(text: str, name: str) -> None:
    """'according to figures from the national weather service': the claimant is the weather service."""
    att = _attribute(text)[0]
    assert att.claimant is not None
    assert name == att.claimant.name
