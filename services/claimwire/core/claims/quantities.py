"""Quantities in a sentence: value, bounds, range, unit, change and the counted thing.

A hand-written scanner, not a library: it reads digits ("400,000", "$13.6M"), number words ("half a million",
"two dozen") and mixed forms, joins ranges ("5 to 7 per cent", "between $48,000 and $90,000"), and reads bounds and
trends from the words before the number. Dates, clock times, years, phone numbers, ordinals and numbers that are
part of names ("S&P 500", "COVID-19", "Galaxy S23") are not quantities.

How a :class:`~claimwire.core.models.Quantity` is filled:

* a single number: ``value``; "more than X" / "over X" / "at least X": ``value`` X, ``lower`` X, change ``>``;
  "up to X" / "fewer than X": ``value`` X, ``upper`` X, change ``<``; "nearly X" / "almost X": ``upper`` X,
  change ``~``; "about X": change ``~`` and no bound; "rose X" / "fell X": change ``up`` / ``down``.
* a range ("5 to 7", "between 4% and 5%", "tens of thousands"): ``value`` None, ``lower``/``upper`` its ends.
* ``unit`` is the normalised unit: a NewsQuant-style name ("percentage", "kilometre per hour", "metric ton")
  or an ISO 4217 code for money ("USD", "EUR", "USD per barrel"); the surface form stays in ``text``. A count's
  noun goes to ``concept`` ("400,000 professional soldiers" -> concept "professional soldiers", unit None); for a
  share, ``concept`` is what it is a share of.
* ``text`` spans bound words, currency, number, scale and unit ("more than half a million", "US $58.24 per
  barrel"), not the counted noun.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from claimwire.core.claims._numbers import NUMBER_WORD_RE, Token, tokenize
from claimwire.core.claims._quantity_atoms import Atom
from claimwire.core.claims._quantity_context import bound_before, trend_before
from claimwire.core.claims._quantity_scan import scan_atoms
from claimwire.core.models import Quantity

__all__ = ["find_quantities"]


_MAYBE: Final = re.compile(r"\d|" + NUMBER_WORD_RE.pattern, re.IGNORECASE)
_Change = Literal["=", "~", ">", "<", "up", "down"]
_Side = Literal["lower", "upper", "none"]


def _glued(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i].end == tokens[i + 1].start


def _connector(tokens: list[Token], a: Atom, b: Atom) -> str | None:
    """The word joining two atoms into a range ("to", "-", "and" after "between"), or None."""
    gap = [t.lower for t in tokens[a.last : b.first]]
    if gap in (["to"], ["-", "to", "-"], ["through"]):
        return "to"
    if gap in (["-"], ["–"], ["—"]):
        dash = tokens[a.last]
        glued_both = dash.start == tokens[a.last - 1].end and dash.end == tokens[b.first].start
        spaced_both = dash.start != tokens[a.last - 1].end and dash.end != tokens[b.first].start
        return "-" if glued_both or spaced_both or dash.text != "-" else None
    if gap == ["and"] and a.first > 0 and tokens[a.first - 1].lower == "between":
        return "and"
    return None


def _base(unit: str | None) -> str | None:
    return None if unit is None else unit.split(" per ")[0]


def _change_of(tokens: list[Token], a: Atom) -> tuple[_Change, _Side, int]:
    """The change symbol, the bound side and the first token of the bound phrase for an item starting at ``a``."""
    bound = bound_before(tokens, a.first)
    start_tok = bound[2] if bound is not None else a.first
    if bound is not None and bound[0] in (">", "<"):
        return bound[0], bound[1], start_tok
    blocked = start_tok > 0 and tokens[start_tok - 1].lower in ("from", "between")  # "jumped from 240 to 273"
    trend = None if blocked else trend_before(tokens, start_tok)
    symbol: _Change = "="
    if trend is not None:
        symbol = trend
    elif bound is not None:
        symbol = "~"
    elif a.value < 0 and a.unit == "percentage":
        symbol = "down"  # "FTSE -0.6%"
    return symbol, (bound[1] if bound is not None and trend is None else "none"), start_tok


def _inherits(tokens: list[Token], prev: tuple[Atom, Atom | None], a: Atom) -> str | None:
    """How an item restates the one before it: a conversion "(60 miles)" or a level after a change "to RM23.50"."""
    gap = [t.text for t in tokens[(prev[1] or prev[0]).last : a.first]]
    if gap in (["("], ["/"], [",", "or"]) or (len(gap) == 1 and gap[0] == "(" ):
        return "conversion" if gap != [",", "or"] else None
    if gap == ["to"]:
        return "level"
    return None


def _quantity(sentence: str, tokens: list[Token], a: Atom, b: Atom | None, *, offset: int,
              change: tuple[_Change, _Side, int]) -> Quantity:
    symbol, side, start_tok = change
    lower = upper = None
    value: float | None = a.value
    if b is not None:
        value, lower, upper = None, min(a.value, b.value), max(a.value, b.value)
    elif a.vague_upper is not None:
        value, lower, upper = None, a.value, a.vague_upper
    elif side == "lower":
        lower = a.value
    elif side == "upper":
        upper = a.value
    start = tokens[start_tok].start if start_tok < a.first else a.start
    end = (b or a).end
    unit = b.unit if b is not None and b.unit is not None and len(b.unit) >= len(a.unit or "") else a.unit
    return Quantity(
        text=sentence[start:end],
        value=value,
        lower=lower,
        upper=upper,
        unit=unit,
        change=symbol,
        concept=(b.concept if b is not None and b.concept is not None else a.concept),
        char_start=start + offset,
        char_end=end + offset,
    )


def _inherit(a: Atom, b: Atom) -> None:
    """ "$10 to $15 billion", "4 and 5 km": the first end borrows the scale and unit of the second."""
    if a.unit is None:
        a.unit = b.unit
    if not a.scaled and b.scaled and b.scale_factor > 1 and a.value <= b.value / b.scale_factor:
        a.value *= b.scale_factor


def _items(tokens: list[Token], atoms: list[Atom]) -> list[tuple[Atom, Atom | None]]:
    """Atoms grouped into single quantities and ranges."""
    items: list[tuple[Atom, Atom | None]] = []
    k = 0
    while k < len(atoms):
        a = atoms[k]
        b = atoms[k + 1] if k + 1 < len(atoms) else None
        if b is not None and not a.fraction and not b.fraction:
            conn = _connector(tokens, a, b)
            if conn is not None and _is_range(tokens, a, b, conn):
                _inherit(a, b)
                if not _is_score(tokens, a, b, conn):
                    items.append((a, b))
                k += 2
                continue
            if a.unit is None and b.unit is not None and [t.lower for t in tokens[a.last : b.first]] in (["or"],
                                                                                                   ["-", "or"]):
                a.unit = b.unit  # "three or four years", "7- or 8-inch"
        if not _hyphen_tail(tokens, a):
            items.append((a, None))
        k += 1
    return items


def find_quantities(sentence: str, *, offset: int = 0) -> list[Quantity]:
    """Every quantity in ``sentence``, in order; character offsets are shifted by ``offset``."""
    if not _MAYBE.search(sentence):
        return []
    tokens = tokenize(sentence)
    out: list[Quantity] = []
    prev: tuple[Atom, Atom | None] | None = None
    prev_change: tuple[_Change, _Side, int] | None = None
    for item in _items(tokens, scan_atoms(sentence, tokens)):
        change = _change_of(tokens, item[0])
        if prev is not None and prev_change is not None and change[0] == "=":
            how = _inherits(tokens, prev, item[0])
            if how == "conversion":
                change = (prev_change[0], prev_change[1], change[2])
            elif how == "level" and prev_change[0] in ("up", "down"):
                change = (prev_change[0], "none", change[2])
        out.append(_quantity(sentence, tokens, item[0], item[1], offset=offset, change=change))
        prev, prev_change = item, change
    return out


def _is_range(tokens: list[Token], a: Atom, b: Atom, conn: str) -> bool:
    if a.unit is not None and b.unit is not None and _base(a.unit) != _base(b.unit):
        return False
    if conn == "to" and a.unit is not None and (a.first == 0 or tokens[a.first - 1].lower != "from"):
        bound = bound_before(tokens, a.first)
        lead = bound[2] if bound is not None else a.first
        if trend_before(tokens, lead) is not None:
            return False  # "rose 18 sen to RM23.50": a change, then the new level
    return True


def _is_score(tokens: list[Token], a: Atom, b: Atom, conn: str) -> bool:
    """ "beat Charlton 2-1", "tied at 89-89": two bare integers joined by a dash, with nothing measured."""
    return (conn == "-" and a.bare_int and b.bare_int and a.unit is None and b.unit is None
            and b.concept is None and (a.first == 0 or tokens[a.first - 1].lower not in ("from", "between")))


def _hyphen_tail(tokens: list[Token], a: Atom) -> bool:
    """The second half of a dash pair whose first half was dropped ("Euro 2020-21", a score after a name)."""
    k = a.num_first
    return k > 1 and tokens[k - 1].text in "-–" and _glued(tokens, k - 2) and tokens[k - 2].is_num and a.unit is None

