"""The sentence splitter on news prose: abbreviations, numbers, quotes, ellipses, paragraphs, exact offsets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimwire.core.claims.sentences import Sentence, split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia's Defense Ministry will start a campaign, the U.K. Defense Ministry reported. The ministry agreed.",
            [
                "Russia's Defense Ministry will start a campaign, the U.K. Defense Ministry reported.",
                "The ministry agreed.",
            ],
        ),
        (
            "Sen. Elizabeth Warren spoke on Jan. 6 outside No. 10 Downing Street. Mr. Obama did not.",
            ["Sen. Elizabeth Warren spoke on Jan. 6 outside No. 10 Downing Street.", "Mr. Obama did not."],
        ),
        (
            "Growth slowed to 3.5 percent in 2022. Prices rose.",
            ["Growth slowed to 3.5 percent in 2022.", "Prices rose."],
        ),
        (
            "Former President George W. Bush declined to comment.",
            ["Former President George W. Bush declined to comment."],
        ),
        ("He was born in the U.S. The family moved later.", ["He was born in the U.S.", "The family moved later."]),
        ("Troops left the U.S. Embassy in Kabul.", ["Troops left the U.S. Embassy in Kabul."]),
        (
            "He paused... Then he went on. Wait … what?",
            ["He paused...", "Then he went on.", "Wait … what?"],
        ),
    ],
)
def test_news_prose_splits_where_sentences_end(text: str, expected: list[str]) -> None:
    """Dots after titles, months, numbers, initials and mid-name initialisms do not end a sentence."""
    assert expected == _texts(text)


def test_a_quotation_spanning_sentences_is_split_inside_with_its_marks_kept() -> None:
    """The closing quote and attribution stay with the last quoted sentence."""
    text = '"We will not retreat. Russia will lose," Zelensky said. He left.'
    assert ['"We will not retreat.', 'Russia will lose," Zelensky said.', "He left."] == _texts(text)


def test_a_quoted_question_followed_by_lowercase_is_one_sentence() -> None:
    """'"Why now?" he asked.' does not split after the question mark."""
    assert ['"Why now?" he asked.'] == _texts('"Why now?" he asked.')


def test_paragraphs_are_numbered_by_blank_lines_and_lines_always_end_sentences() -> None:
    """A blank line starts a new paragraph; a single line break (a headline) ends a sentence."""
    text = "Headline without a stop\nFirst sentence. Second one.\n\nNext paragraph.\n\n\n\nLast one."
    expected = [
        ("Headline without a stop", 0),
        ("First sentence.", 0),
        ("Second one.", 0),
        ("Next paragraph.", 1),
        ("Last one.", 2),
    ]
    assert expected == [(s.text, s.paragraph) for s in split_sentences(text)]


def test_offsets_point_at_the_sentence_text() -> None:
    """Each sentence's start and end index its own text, with surrounding spaces left out."""
    text = "  Kyiv said so.   Moscow denied it.  "
    assert [Sentence(2, 15, "Kyiv said so.", 0), Sentence(18, 35, "Moscow denied it.", 0)] == split_sentences(text)


@given(st.text(alphabet=st.sampled_from(list('ab .?!"“”\n U.K. Mr. 3.5 …')), max_size=200))
def test_offsets_are_exact_for_any_text(text: str) -> None:
    """For any input, text[start:end] is the sentence, sentences are ordered and do not overlap."""
    sentences = split_sentences(text)
    assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text for s in sentences)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))
