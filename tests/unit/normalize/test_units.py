"""How pages are cut into units: link-only menu blocks are dropped, flattened text keeps its indentation."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from claimwire.core.normalize._html_units import html_units
from claimwire.core.normalize._lexicon import BOILERPLATE_GROUPS, count_groups
from claimwire.core.normalize._text_units import text_units

PROSE = "The council met on Monday to discuss the new budget for the coming year, and agreed on most of it."


def _texts(html: str) -> list[str]:
    return [u.text for u in html_units(LexborHTMLParser(html), max_depth=256, max_units=100)]


def test_a_short_all_link_block_is_not_a_unit() -> None:
    """Menu items (short blocks that are all link text) are dropped before classification; prose stays."""
    html = f'<body><ul><li><a href="/a">World news</a></li></ul><p>{PROSE}</p></body>'
    assert [PROSE] == _texts(html)


def test_a_long_linked_paragraph_is_kept() -> None:
    """A block of ten words or more stays a unit even when it is all link text."""
    html = f'<body><p><a href="/a">{PROSE}</a></p></body>'
    assert [PROSE] == _texts(html)


def test_a_block_with_a_link_inside_prose_is_kept() -> None:
    """A short block that is mostly plain text is not a menu item."""
    html = '<body><p>Read the <a href="/r">report</a> here today</p></body>'
    assert ["Read the report here today"] == _texts(html)


def test_flattened_lines_carry_their_indentation_as_depth() -> None:
    """Indentation is the nesting cue of flattened text: it becomes the unit's depth."""
    units = text_units(f"{PROSE}\n\n    * Home\n      * World\n", max_units=100)
    assert [(PROSE, 0), ("Home", 4), ("World", 6)] == [(u.text, u.depth) for u in units]


def test_a_comment_header_line_is_a_furniture_cue() -> None:
    """'name says:' (the usual comment header) counts as a meta cue; 'says' within a sentence does not."""
    meta = BOILERPLATE_GROUPS.index("meta")
    assert (1.0, 0.0) == (count_groups("joetoronto says:")[meta], count_groups("She says the budget is fine.")[meta])
