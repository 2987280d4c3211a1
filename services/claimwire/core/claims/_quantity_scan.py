"""Which numbers in a sentence are quantities, read one by one with their unit and counted noun.

Not every number is a quantity: dates and clock times ("March 30", "11:52"), years ("in 2022"), ordinals ("10th"),
decades ("1990s"), codes and names ("COVID-19", "Galaxy S23", "S&P 500", "Game 7", "the Kick Six"), a pronoun
"one" ("the same one") and scores are skipped here. What is left is read by :func:`read_atom`.
"""

from __future__ import annotations

from typing import Final

from claimwire.core.claims._calendar import MONTHS, calendar_spans
from claimwire.core.claims._numbers import SCALE_SUFFIXES, TENS, UNITS, Token
from claimwire.core.claims._quantity_atoms import Atom, read_atom, simple_fraction
from claimwire.core.claims._units import match_unit

__all__ = ["scan_atoms"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string (easier to read and edit than a list of literals)."""
    return frozenset(text.split())


_WORD_STARTS: Final = frozenset([*UNITS, *TENS, "a", "an", "half", "tens", "hundreds", "thousands", "millions",
                                 "billions", "trillions"])
_A_NEXT: Final = _words("hundred thousand million billion trillion dozen third quarter fifth tenth")
_ORDINAL: Final = _words("st nd rd th")
# Capitalised words that may stand before a number without making it part of a name ("Over 220,000").
_FREE_CAPS: Final = _words(
    "over about around nearly almost some more less fewer up under at by in on of to from since and or "
    "but the a an with for than only just roughly approximately another all exactly top page"
) | frozenset(MONTHS)
_YEAR_PREPS: Final = _words("in since between from until till before after during circa c by around")


def _in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _glued(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start


def _digit_blocked(tokens: list[Token], i: int) -> bool:
    """True for digits that are part of a name, code, ordinal, decade or fraction ("COVID-19", "10th", "1990s")."""
    n = len(tokens)
    if i > 0 and _glued(tokens, i - 1):
        prev = tokens[i - 1]
        if prev.is_word and prev.text not in ("RM", "PS", "USD", "Rs", "EUR", "GBP", "JPY", "UAH", "RUB", "CHF",
                                              "NIS", "INR", "HK", "US", "S", "A", "C", "NZ"):
            return True
        if prev.text in "/.#":
            return True
        if (prev.text in "-‐" and i > 1 and _glued(tokens, i - 2) and tokens[i - 2].is_word
                and tokens[i - 2].lower not in ("sub", "to")):
            return True  # "COVID-19", "F-35"; but "sub-7", "0-to-60"
    if i + 1 < n and _glued(tokens, i):
        nxt = tokens[i + 1]
        if nxt.is_word and (nxt.lower in _ORDINAL or (nxt.text not in SCALE_SUFFIXES and nxt.text != "m"
                                                      and match_unit(tokens, i + 1) is None)):
            return True
        if nxt.text in "/⁄" and i + 2 < n and tokens[i + 2].is_num and simple_fraction(tokens, i) is None:
            return True  # "24/7", "9/11", "3/30/2023"
    return i > 1 and tokens[i - 1].text == "." and tokens[i - 2].lower == "no"  # "No. 1"


def _is_year(atom: Atom, tokens: list[Token]) -> bool:
    if not atom.bare_int or atom.unit is not None or atom.scaled or len(tokens[atom.num_first].text) != 4:
        return False
    v = atom.value
    prev = tokens[atom.first - 1].lower if atom.first > 0 else ""
    if prev in ("than", "over", "about", "around", "some", "nearly", "almost", "approximately", "roughly", "least"):
        return False
    if 1900 <= v <= 2100:
        return True
    return 1000 <= v < 1900 and prev in _YEAR_PREPS


def _is_name_part(atom: Atom, tokens: list[Token]) -> bool:
    """ "Game 7", "FTSE 100", "Part 3": a bare integer right after a capitalised word is a name's part."""
    if not atom.bare_int or atom.unit is not None or atom.scaled or atom.words or atom.first < 2:
        return False
    prev = tokens[atom.first - 1]
    return prev.is_word and not prev.text.islower() and prev.lower not in _FREE_CAPS


def _appositive_age(atom: Atom, tokens: list[Token]) -> bool:
    """ "Maddon, 66, has used": a bare number between commas right after a name is the person's age."""
    k, e = atom.first, atom.num_last
    return (atom.bare_int and atom.unit is None and 0 < atom.value < 120 and k > 1 and e < len(tokens)
            and tokens[k - 1].text == "," and tokens[e].text == "," and tokens[k - 2].is_word
            and tokens[k - 2].text[0].isupper())


def scan_atoms(sentence: str, tokens: list[Token]) -> list[Atom]:
    """The numbers of ``sentence`` that are quantities, each read with its unit and counted noun."""
    blocked = calendar_spans(sentence)
    atoms: list[Atom] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.is_num:
            if _in_spans(t.start, t.end, blocked) or _digit_blocked(tokens, i):
                i += 1
                continue
        elif not (t.is_word and t.lower in _WORD_STARTS) or (
            t.lower in ("a", "an") and (i + 1 >= n or tokens[i + 1].lower not in _A_NEXT)
        ):
            i += 1
            continue
        atom = read_atom(sentence, tokens, i)
        if atom is None:
            i += 1
            continue
        _apply_sign(tokens, atom)
        i = max(atom.last, atom.num_last, i + 1)
        if atom.compound and (atom.words or not tokens[atom.num_last + 1].text[0].islower()
                              or len(tokens[atom.num_last + 1].text) == 1):
            continue
        if atom.words and atom.value == 1 and atom.unit is None and atom.concept is None and not atom.scaled:
            continue  # "one" as a pronoun: "the same one", "one of the best"
        if atom.words and atom.first > 0 and (tokens[atom.first - 1].lower == "no" or (
            t.text[0].isupper() and tokens[atom.first - 1].text not in ".:;\"“‘'(")):
            continue  # "no one"; "the Kick Six", "Big Ten": a capitalised number word inside a sentence is a name
        if _is_year(atom, tokens) or _is_name_part(atom, tokens):
            continue
        if _appositive_age(atom, tokens):
            atom.unit, atom.concept = "year of age", None
        atoms.append(atom)
    return atoms


def _apply_sign(tokens: list[Token], atom: Atom) -> None:
    """A minus written before the number ("-1.3%", "$-50.8bn", "minus 233 Celsius") makes it negative."""
    k = atom.num_first
    if k > 0 and tokens[k - 1].text in "-−" and _glued(tokens, k - 1):
        # a dash glued on both sides joins a range ("5-10"); spaced before and glued after, it is a sign
        if k == 1 or not _glued(tokens, k - 2) or tokens[k - 2].text in "$€£(":
            atom.value = -atom.value
            atom.start = min(atom.start, tokens[k - 1].start)
            atom.first = min(atom.first, k - 1)
    elif k > 0 and tokens[k - 1].lower == "minus":
        atom.value = -atom.value
        atom.start, atom.first = tokens[k - 1].start, k - 1
