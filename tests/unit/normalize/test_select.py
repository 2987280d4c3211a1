"""How the main run of flattened text is chosen: comment threads end the article, indent keeps list lines in it."""

from __future__ import annotations

from claimwire.core.normalize._select import select_units
from claimwire.core.normalize._units import Unit

BODY = "The council met on Monday to discuss the new budget for the coming year, and agreed on most of it."


def _lines(texts: list[str], depths: list[int] | None = None) -> list[Unit]:
    depths = depths or [3] * len(texts)
    return [Unit(t, "line", container=i, depth=d) for i, (t, d) in enumerate(zip(texts, depths, strict=True))]


def test_a_comment_thread_header_ends_the_article() -> None:
    """A "N responses to" header after the body cuts it, with the likely comments under it."""
    units = _lines([BODY, BODY + " One.", BODY + " Two.", "34 responses to “The budget”", "1.", "A comment here."])
    assert [0, 1, 2] == select_units(units, [0.9] * 6, flat=True)


def test_two_commenter_signatures_close_together_end_the_article() -> None:
    """A thread without a header ends at its first "X says:" line; the list number before it goes too."""
    texts = [BODY, BODY + " One.", BODY + " Two.", "1.", "jo says:", "Nice.", "2.", "al says:", "Bad."]
    assert [0, 1, 2] == select_units(_lines(texts), [0.9] * 9, flat=True)


def test_one_quoted_says_line_is_not_a_thread() -> None:
    """A lone "The mayor says:" inside the story is text, not a comment signature."""
    texts = [BODY, BODY + " One.", BODY + " Two.", "The mayor says:", BODY + " Three."]
    assert [0, 1, 2, 3, 4] == select_units(_lines(texts), [0.9] * 5, flat=True)


def test_unlikely_lines_at_the_article_indent_break_the_run_less() -> None:
    """Four weak list lines between paragraphs keep the run whole at the body's indent, and split it when indented
    like a menu."""
    texts = [BODY, "Meal 1", "Eat every 2 hours", "Meal 2", "Eat every 3 hours", BODY + " Two."]
    scores = [0.9, 0.1, 0.1, 0.1, 0.1, 0.75]
    assert [0, 5] == select_units(_lines(texts, [3, 3, 3, 3, 3, 3]), scores, flat=True)
    assert [0] == select_units(_lines(texts, [3, 6, 6, 6, 6, 3]), scores, flat=True)


def test_a_kept_line_ending_in_a_colon_brings_the_rest_of_its_block() -> None:
    """The terse lines of a list under "Tour dates:" join the article with their lead-in; the next block does not."""
    units = _lines([BODY, BODY + " One.", "Tour dates:", "June 9, Tampa", "June 10, Miami", "Related"])
    units[3].container = units[4].container = units[2].container
    assert [0, 1, 2, 3, 4] == select_units(units, [0.9, 0.9, 0.8, 0.1, 0.1, 0.1], flat=True)


def test_a_prose_paragraph_just_above_the_run_joins_it_as_the_lead() -> None:
    """A long sentence right above the run, dragged down by the furniture over it, is kept; a short line is not."""
    texts = ["Home", "Share on Facebook", BODY, BODY + " One.", BODY + " Two."]
    assert [2, 3, 4] == select_units(_lines(texts), [0.1, 0.1, 0.2, 0.9, 0.9], flat=True)
    assert [3, 4] == select_units(
        _lines(["Home", "Share", "A short dek.", texts[3], texts[4]]), [0.1, 0.1, 0.2, 0.9, 0.9], flat=True
    )


def test_a_colon_line_left_last_is_dropped() -> None:
    """A label such as "Share this:" at the run's end leads in to nothing kept, so it is not article text."""
    units = _lines([BODY, BODY + " One.", BODY + " Two.", "Share this:", "Facebook"])
    assert [0, 1, 2] == select_units(units, [0.9, 0.9, 0.9, 0.8, 0.1], flat=True)
