"""Number words and digit strings as values: "400,000", "1.5 billion", "half a million", "two dozen".

News writes numbers three ways: digits with separators, words ("four thousand"), and mixed forms ("3.9 million",
"$13.6M", "half a million"). This module turns a run of tokens into one value and says how many tokens it used;
the quantity scanner decides what the number counts and how it is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, NamedTuple

__all__ = [
    "NUMBER_WORD_RE",
    "SCALES",
    "SCALE_SUFFIXES",
    "VAGUE_PLURALS",
    "Token",
    "WordNumber",
    "digits_value",
    "parse_word_number",
    "tokenize",
]

_TOKEN_RE: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")


class Token(NamedTuple):
    """One token: digits, a word, or a single other character, with its code-point span.

    A named tuple rather than a dataclass: a sentence makes dozens of these and tuples are the cheapest to build.
    """

    text: str
    lower: str
    start: int
    end: int
    is_num: bool
    is_word: bool


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into number, word and single-character tokens (spaces dropped)."""
    make = Token._make
    return [
        make((s, s.lower(), m.start(), m.end(), s[0].isdigit(), s[0].isalpha()))
        for m in _TOKEN_RE.finditer(text)
        for s in (m.group(),)
    ]


def digits_value(s: str) -> float:
    """The value of a digit token such as "2,435,000" or "7.36"."""
    return float(s.replace(",", ""))


UNITS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: Final[dict[str, float]] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# Glued to digits: "$13.6M", "25k", "$8bn", "S$1mil". A lone "m" is handled by the scanner (metres or million).
SCALE_SUFFIXES: Final[dict[str, float]] = {
    "k": 1e3, "K": 1e3, "M": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "b": 1e9, "B": 1e9,
    "bln": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# "tens of thousands", "millions of": vague magnitudes, read as the decade they name.
VAGUE_PLURALS: Final[dict[str, float]] = {
    "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}  # fmt: skip
_FRACTIONS: Final[dict[str, float]] = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip

NUMBER_WORD_RE: Final = re.compile(
    r"\b(?:" + "|".join([*UNITS, *TENS, *SCALES, *VAGUE_PLURALS, *_FRACTIONS, "dozen"])
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class WordNumber:
    """A value read from tokens ``[start, end)``; ``fraction`` marks "a third", "half the" (a share, not a count)."""

    value: float
    end: int
    fraction: bool = False
    vague_upper: float | None = None


def _glued(tokens: list[Token], i: int) -> bool:
    """True when token ``i`` and ``i + 1`` touch (no space between)."""
    return i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start


def _small(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A number below 100 spelled in words at ``i`` ("seven", "twenty-five", "twenty five"): (value, next index)."""
    w = tokens[i].lower
    if w in UNITS:
        return UNITS[w], i + 1
    if w in TENS:
        v = TENS[w]
        j = i + 1
        if j + 1 < len(tokens) and tokens[j].text in "-‐" and _glued(tokens, i) and _glued(tokens, j):
            k = tokens[j + 1].lower
            if k in UNITS and UNITS[k] < 10:
                return v + UNITS[k], j + 2
        if j < len(tokens) and tokens[j].lower in UNITS and 0 < UNITS[tokens[j].lower] < 10:
            return v + UNITS[tokens[j].lower], j + 1
        return v, j
    return None


def _words_at(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A cardinal in words from ``i``: "two hundred and fifty thousand", "a million", "four thousand"."""
    total = 0.0
    current = 0.0
    j = i
    seen = False
    n = len(tokens)
    if tokens[i].lower in ("a", "an") and i + 1 < n and tokens[i + 1].lower in ("hundred", "thousand", "million",
                                                                                "billion", "trillion", "dozen"):
        current, j, seen = 1.0, i + 1, True
    while j < n:
        w = tokens[j].lower
        small = _small(tokens, j)
        if small is not None and (not seen or (current == 0 and total > 0) or (current % 100 == 0 and current > 0)):
            current += small[0]
            j, seen = small[1], True
            continue
        if seen and w == "hundred":
            current = (current or 1) * 100
            j += 1
            if j + 1 < n and tokens[j].lower == "and" and _small(tokens, j + 1) is not None:
                j += 1
            continue
        if seen and w == "dozen":
            current = (current or 1) * 12
            j += 1
            continue
        if seen and w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * SCALES[w]
            current = 0.0
            j += 1
            continue
        break
    if not seen:
        return None
    return total + current, j


def parse_word_number(tokens: list[Token], i: int) -> WordNumber | None:
    """Read a spelled-out number, fraction or vague magnitude starting at token ``i``, or None."""
    n = len(tokens)
    w = tokens[i].lower
    if w == "half":
        return _half(tokens, i)
    if w in ("tens", "hundreds") or w in VAGUE_PLURALS:
        vague = _vague(tokens, i)
        if vague is not None:
            return vague
    # fractions: "a third of", "two-thirds of", "three quarters of"
    frac = _fraction(tokens, i)
    if frac is not None:
        return frac
    got = _words_at(tokens, i)
    if got is None:
        return None
    value, j = got
    # "two and a half years", "one and a half million"
    if j + 2 < n and tokens[j].lower == "and" and tokens[j + 1].lower == "a" and tokens[j + 2].lower == "half":
        value += 0.5
        j += 3
        if j < n and tokens[j].lower in ("million", "billion", "thousand", "trillion"):
            value *= SCALES[tokens[j].lower]
            j += 1
    return WordNumber(value, j)


def _half(tokens: list[Token], i: int) -> WordNumber | None:
    """ "half a million", "half a dozen" (values); "half the condos", "half of" (a share)."""
    n = len(tokens)
    if i + 2 < n and tokens[i + 1].lower == "a" and tokens[i + 2].lower in ("million", "billion", "thousand",
                                                                           "trillion", "dozen", "hundred"):
        scale = 12.0 if tokens[i + 2].lower == "dozen" else SCALES[tokens[i + 2].lower]
        return WordNumber(0.5 * scale, i + 3)
    if i + 1 < n and tokens[i + 1].lower in ("the", "of", "its", "their", "all") and not _glued(tokens, i):
        return WordNumber(0.5, i + 1, fraction=True)
    return None


def _vague(tokens: list[Token], i: int) -> WordNumber | None:
    """ "tens of thousands", "hundreds of thousands", "millions of": the decade named, up to ten times it.

    The number ends before the "of" that introduces what is counted, in both forms.
    """
    n = len(tokens)
    w = tokens[i].lower
    if w in ("tens", "hundreds") and i + 2 < n and tokens[i + 1].lower == "of" and tokens[i + 2].lower in VAGUE_PLURALS:
        base = (10.0 if w == "tens" else 100.0) * VAGUE_PLURALS[tokens[i + 2].lower]
        return WordNumber(base, i + 3, vague_upper=base * 10)
    if w in VAGUE_PLURALS and i + 1 < n and tokens[i + 1].lower == "of":
        base = VAGUE_PLURALS[w]
        return WordNumber(base, i + 1, vague_upper=base * 10)
    return None


_AFTER_SHARE: Final = frozenset(
    {"this", "last", "next", "in", "on", "from", "since", "over", "to", "and", "or", "but", "than", "compared"}
    | {"during", "after", "before", "while", "as", "at"}
)


def _fraction(tokens: list[Token], i: int) -> WordNumber | None:
    """ "a third of", "one quarter of", "two-thirds of", "three quarters of": a share (value below 1)."""
    n = len(tokens)
    w = tokens[i].lower
    if w in ("a", "one"):
        num, j = 1.0, i + 1
    elif w in UNITS and 1 < UNITS[w] < 10:
        num, j = float(UNITS[w]), i + 1
    else:
        return None
    hyphen = j < n and tokens[j].text in "-‐" and _glued(tokens, j - 1) and _glued(tokens, j)
    if hyphen:
        j += 1
    if j >= n or tokens[j].lower not in _FRACTIONS or tokens[j].lower == "half":
        return None
    plural = tokens[j].lower.endswith("s")
    if (num == 1) == plural:
        return None
    value = WordNumber(num * _FRACTIONS[tokens[j].lower], j + 1, fraction=True)
    if j + 1 < n and tokens[j + 1].lower in ("of", "the"):
        return value
    # "two-thirds said" is a share; so is "rose by a third" or "fall by up to a fifth this year" when the phrase
    # ends there; "a third term", "by a third party" and "three quarters of growth" (fiscal) are not.
    ends = j + 1 >= n or not tokens[j + 1].is_word or tokens[j + 1].lower in _AFTER_SHARE
    after_by = any(t.lower == "by" for t in tokens[max(0, i - 3) : i])
    return value if (plural and hyphen) or (after_by and ends) else None
