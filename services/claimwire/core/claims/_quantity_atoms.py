"""One number with what sits right next to it: currency before, scale and unit after, the counted noun.

The quantity finder walks a sentence's tokens and asks this module, at each number, for an :class:`Atom`. Bounds
("more than"), trends ("rose") and ranges ("5 to 7 per cent") are decided one level up, from atoms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from claimwire.core.claims._counted import counted_phrase, share_of
from claimwire.core.claims._numbers import SCALE_SUFFIXES, SCALES, Token, digits_value, parse_word_number
from claimwire.core.claims._units import (
    CURRENCY_NAMES,
    UNITS_LOWER,
    currency_prefix,
    match_unit,
    per_unit,
    us_after_dollar,
)

__all__ = ["Atom", "read_atom", "simple_fraction"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string (easier to read and edit than a list of literals)."""
    return frozenset(text.split())


# After "NNm": a length reading of a lone "m" ("a 50m swim", "72.7m long"); otherwise news means million.
_METRE_CONTEXT: Final = _words(
    "long high deep tall wide away above below under from to and or in race sprint swim freestyle hurdles "
    "dash run depth altitude tower wall jump"
)
_AGES: Final = ("year of age", "month of age", "week of age", "day of age")
# One-letter symbols that, glued into a longer word ("5G", "3Dl"), are a name rather than a unit.
_LETTER_UNITS: Final = ("C", "F", "g", "l", "L", "W", "V")
_DENOMINATORS: Final = frozenset([2, 3, 4, 5, 8, 10, 16, 32, 64, 100, 128])


@dataclass(slots=True)
class Atom:
    """A number and its neighbours. Token indices are half-open; ``first`` includes a currency prefix."""

    first: int
    num_first: int
    num_last: int  # exclusive end of the number and its scale words
    last: int  # exclusive end including unit
    start: int  # char span of the text to report (currency, number, scale, unit)
    end: int
    value: float
    unit: str | None = None
    concept: str | None = None
    scaled: bool = False
    scale_factor: float = 1.0
    bare_int: bool = False
    words: bool = False
    fraction: bool = False
    vague_upper: float | None = None
    currency: bool = False
    compound: bool = False  # "five-year", "3-D": a number inside a hyphenated modifier


def _glued(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start


def simple_fraction(tokens: list[Token], i: int) -> float | None:
    """ "1/2", "3/4", "1⁄128": a proper fraction with a usual denominator (not "9/11", "24/7" or a date)."""
    if i + 2 >= len(tokens) or tokens[i + 1].text not in "/⁄" or not tokens[i + 2].is_num:
        return None
    if not (_glued(tokens, i) and _glued(tokens, i + 1)):
        return None
    if i + 3 < len(tokens) and tokens[i + 3].text in "/⁄" and _glued(tokens, i + 2):
        return None
    a, b = tokens[i].text, tokens[i + 2].text
    if not (a.isdigit() and b.isdigit()) or int(b) not in _DENOMINATORS or not 0 < int(a) < int(b):
        return None
    return int(a) / int(b)


def _number(tokens: list[Token], i: int) -> Atom | None:
    """The bare number at ``i``: digits, a fraction, or words."""
    t = tokens[i]
    if t.is_num:
        frac = simple_fraction(tokens, i)
        if frac is not None:
            return Atom(i, i, i + 3, i + 3, t.start, tokens[i + 2].end, frac)
        return Atom(i, i, i + 1, i + 1, t.start, t.end, digits_value(t.text), bare_int=t.text.isdigit())
    wn = parse_word_number(tokens, i)
    if wn is None or (t.lower in ("a", "an") and not wn.fraction and wn.end == i + 1):
        return None
    return Atom(i, i, wn.end, wn.end, t.start, tokens[wn.end - 1].end, wn.value, words=True, fraction=wn.fraction,
                vague_upper=wn.vague_upper)


def _currency(text: str, tokens: list[Token], atom: Atom) -> None:
    """Currency written before the number ("$", "US $", "RM"); "$-50.8bn" has the sign in between."""
    i = atom.first
    t = tokens[i]
    cut = t.start - 1 if i > 0 and tokens[i - 1].text in "-−" and tokens[i - 1].end == t.start else t.start
    cur = currency_prefix(text[max(0, cut - 8) : cut])
    if cur is not None:
        atom.unit, atom.currency = cur[0], True
        atom.start = cut - cur[1]
        while atom.first > 0 and tokens[atom.first - 1].start >= atom.start:
            atom.first -= 1


def _scale(tokens: list[Token], atom: Atom) -> None:
    """Scale after digits: glued ("13.6M", "25k", "35m") or spaced ("1.5 billion", "two dozen")."""
    j, n = atom.num_last, len(tokens)
    if not tokens[atom.num_first].is_num or j >= n or atom.num_last != atom.num_first + 1:
        return
    nxt = tokens[j]
    factor = 1.0
    if _glued(tokens, j - 1) and nxt.is_word:
        if nxt.text in SCALE_SUFFIXES and not (_glued(tokens, j) and tokens[j + 1].is_word):
            factor = SCALE_SUFFIXES[nxt.text]
        elif nxt.text == "m" and (
            atom.currency or (j + 1 < n and tokens[j + 1].is_word and tokens[j + 1].lower not in _METRE_CONTEXT)
        ):
            factor = 1e6
    elif nxt.lower in SCALES and not _glued(tokens, j - 1):
        factor = SCALES[nxt.lower]
        if j + 1 < n and tokens[j + 1].lower in ("million", "billion", "trillion") and nxt.lower in (
            "hundred", "thousand"
        ):
            factor *= SCALES[tokens[j + 1].lower]
            j += 1
    elif nxt.lower == "dozen":
        factor = 12.0
    if factor != 1.0:
        atom.scale_factor, atom.scaled = factor, True
        atom.value *= factor
        atom.num_last = atom.last = j + 1
        atom.end = tokens[j].end


def _hyphen_unit(tokens: list[Token], atom: Atom) -> bool:
    """ "6.1-inch", "185-hp", "five-year-old"; "five-year" and "3-D" are modifiers (``compound``). True if taken."""
    j, n = atom.num_last, len(tokens)
    if not (j + 1 < n and tokens[j].text in "-‐" and _glued(tokens, j - 1) and _glued(tokens, j)
            and tokens[j + 1].is_word):
        return False
    got = match_unit(tokens, j + 1) or match_unit(tokens, j)
    if got is None or (atom.words and got[0] not in _AGES):
        atom.compound = True
        return True
    if atom.unit is None or got[0] in _AGES:
        atom.unit = got[0]
    atom.last, atom.end = got[1], tokens[got[1] - 1].end
    return True


def _unit(tokens: list[Token], atom: Atom) -> int:
    """The unit after the number (and its rate, "per barrel"); returns where a counted noun would start."""
    j, n = atom.last, len(tokens)
    if atom.currency and atom.unit == "USD":
        j += us_after_dollar(tokens, j)
        atom.last, atom.end = j, tokens[j - 1].end
    if atom.vague_upper is not None and j + 1 < n and tokens[j].lower == "of":
        j += 1  # "tens of thousands of dollars", "millions of Americans"
    got = match_unit(tokens, j)
    if got is not None and tokens[j].text in _LETTER_UNITS and _glued(tokens, j) and tokens[j + 1].is_word:
        got = None
    if got is not None and (not atom.currency or got[0] in CURRENCY_NAMES):
        if not atom.currency:
            atom.unit = got[0]
        j = got[1]
        atom.last, atom.end = j, tokens[j - 1].end
    if atom.unit is not None:
        unit, j2 = per_unit(tokens, atom.last, atom.unit)
        if j2 != atom.last:
            atom.unit, atom.last, atom.end = unit, j2, tokens[j2 - 1].end
    return j


def _concept(tokens: list[Token], atom: Atom, j: int) -> None:
    """The counted noun ("400,000 troops"), or what a share is of ("60% of its revenue", "half the condos")."""
    if atom.fraction:
        atom.concept = share_of(tokens, atom.num_last)
    elif atom.unit == "percentage":
        if atom.last < len(tokens) and tokens[atom.last].lower == "of":
            atom.concept = share_of(tokens, atom.last)
    elif atom.unit is None:
        atom.concept = counted_phrase(tokens, j, atom.value)
        if atom.concept is not None and " " in atom.concept:
            head = (atom.concept.rsplit(" ", 1)[1].lower(),)
            if head in UNITS_LOWER and UNITS_LOWER[head] not in CURRENCY_NAMES:
                atom.unit, atom.concept = UNITS_LOWER[head], None  # "517 rushing yards"


def read_atom(text: str, tokens: list[Token], i: int) -> Atom | None:
    """Read the number starting at token ``i`` (digits or words) with its currency, scale and unit, or None."""
    atom = _number(tokens, i)
    if atom is None:
        return None
    _currency(text, tokens, atom)
    _scale(tokens, atom)
    if _hyphen_unit(tokens, atom):
        return atom
    _concept(tokens, atom, _unit(tokens, atom))
    return atom
