"""Markup cues are read relative to the page's own prose; captions are marked; text thresholds ship with the weights."""

from __future__ import annotations

import json
from importlib import resources

from selectolax.lexbor import LexborHTMLParser

from claimwire.core.normalize._features import STAGE1_NAMES, STAGE2_NAMES, stage1_features, stage2_features
from claimwire.core.normalize._html_units import html_units
from claimwire.core.normalize._model import select_tuning, tuning_from
from claimwire.core.normalize._select import DEFAULT_TUNING, Tuning, select_units
from claimwire.core.normalize._units import Unit

PROSE = "The council met on Monday to discuss the new budget for the coming year, and agreed on most of it today."


def _units(html: str) -> list[Unit]:
    return html_units(LexborHTMLParser(html), max_depth=256, max_units=100)


def test_class_cues_count_from_the_prose_level() -> None:
    """Paragraphs under a "rail" wrapper read as level 0; a widget under one more furniture class reads as 1."""
    html = (
        f'<body><div class="page-rail"><div class="story"><p>{PROSE} {PROSE}</p><p>{PROSE} {PROSE}</p>'
        '<div class="related-box"><p>More on the budget</p></div></div></div></body>'
    )
    units = _units(html)
    col = STAGE1_NAMES.index("bad_rel")
    assert [0.0, 0.0, 1.0] == [row[col] for row in stage1_features(units)]


def test_a_unit_marked_up_unlike_the_likely_text_stands_out() -> None:
    """The context layer sees whether a unit shares the tag of most likely text: a div among paragraphs does not."""
    units = [Unit(PROSE, "p"), Unit(PROSE + " Two.", "p"), Unit("Photo: the council chamber", "div")]
    rows = stage2_features(units, [0.9, 0.9, 0.6], stage1_features(units))
    col = STAGE2_NAMES.index("same_tag")
    assert [1.0, 1.0, 0.0] == [row[col] for row in rows]


def test_text_inside_a_figure_is_marked_as_a_caption() -> None:
    """A paragraph inside <figure> is flagged even though its own tag is <p>; body paragraphs are not."""
    units = _units(f"<body><p>{PROSE}</p><figure><img src=x><div><p>The chamber, in May.</p></div></figure></body>")
    assert [(PROSE, False), ("The chamber, in May.", True)] == [(u.text, u.in_figure) for u in units]


def test_tuning_from_weights_overrides_only_what_it_names() -> None:
    """A mode's "select" mapping sets its thresholds; a mode without one keeps the defaults."""
    weights = {"text": {"select": {"keep": 0.3, "lead_words": 15.0}}, "html": {}}
    assert Tuning(keep=0.3, lead_words=15) == tuning_from(weights, "text")
    assert DEFAULT_TUNING == tuning_from(weights, "html")


def test_the_keep_threshold_decides_borderline_units_inside_the_run() -> None:
    """A 0.45 unit between likely paragraphs is kept at keep=0.4 and dropped at keep=0.5."""
    units = [Unit(PROSE, "p", container=i) for i in range(3)]
    scores = [0.9, 0.45, 0.9]
    assert [0, 1, 2] == select_units(units, scores, flat=False, tuning=Tuning(keep=0.4))
    assert [0, 2] == select_units(units, scores, flat=False, tuning=Tuning(keep=0.5))


def test_the_shipped_weights_carry_text_thresholds_and_html_keeps_the_defaults() -> None:
    """Text mode's five thresholds come from training and are what the normalizer uses; HTML's are the defaults."""
    shipped = json.loads(resources.files("claimwire.core.normalize").joinpath("_weights.json").read_text("utf-8"))
    assert {"keep", "span_penalty", "same_indent", "lead_words", "lead_floor"} == set(shipped["text"]["select"])
    assert Tuning.from_mapping(shipped["text"]["select"]) == select_tuning("text")
    assert DEFAULT_TUNING == select_tuning("html")
