"""The entity finder: people, organisations and places with exact offsets, from real news sentences."""

from __future__ import annotations

from claimwire.core.claims.entities import find_entities


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in find_entities(text)]


def test_organisations_with_initialisms_and_inner_connectors_are_one_entity() -> None:
    """'U.K. Defense Ministry' and 'Institute for the Study of War' are single organisations."""
    text = "The U.K. Defense Ministry and the Institute for the Study of War disagreed."
    assert [("organization", "U.K. Defense Ministry"), ("organization", "Institute for the Study of War")] == _found(
        text
    )


def test_a_role_word_introduces_a_person_and_is_left_out() -> None:
    """'Russian dictator Vladimir Putin' and 'Defense Minister Shoigu' yield the names only."""
    text = "Russian dictator Vladimir Putin met Russia's Defense Minister Shoigu."
    assert [("person", "Vladimir Putin"), ("place", "Russia"), ("person", "Shoigu")] == _found(text)


def test_a_possessive_place_is_split_from_what_it_owns() -> None:
    """ "Estonia's intelligence chief Margo Grosberg" is a place and a person."""
    text = "Estonia's intelligence chief Margo Grosberg said that mobilization had never stopped."
    assert [("place", "Estonia"), ("person", "Margo Grosberg")] == _found(text)


def test_sentence_openers_months_and_nationality_adjectives_are_not_entities() -> None:
    """'According to', 'On March 29' and 'Russian' are not names; 'Bloomberg' and 'Moscow' are."""
    text = "On March 29, Bloomberg reported that Russian forces left Moscow. According to the RFE/RL, it rained."
    assert [("organization", "Bloomberg"), ("place", "Moscow"), ("organization", "RFE/RL")] == _found(text)


def test_a_repeated_surname_is_a_person() -> None:
    """After 'Ben Wallace', a bare 'Wallace' is the same kind of entity."""
    text = "U.K. Defense Secretary Ben Wallace spoke. Wallace said more."
    assert ("person", "Wallace") in _found(text)


def test_offsets_index_the_entity_text() -> None:
    """Every entity's char_start/char_end slice the input to its text."""
    text = "Putin and Russia's Defense Minister Shoigu claimed, according to Ukraine's General Staff, that it ended."
    entities = find_entities(text)
    assert [e.text for e in entities] == [text[e.char_start : e.char_end] for e in entities]
    assert ["Putin", "Russia", "Shoigu", "Ukraine", "General Staff"] == [e.text for e in entities]
