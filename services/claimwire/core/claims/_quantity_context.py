"""Words around a number that change its meaning: bounds ("more than", "up to"), hedges ("about") and trends.

A claim that "more than half a million people" were conscripted asserts a lower bound, not a value; "shares rose
5%" asserts a change, not a level. These tables map the words before a number onto the NewsQuant change symbols
(``>``, ``<``, ``~``, ``up``, ``down``) and onto the ``lower``/``upper`` bound they imply.
"""

from __future__ import annotations

from typing import Final, Literal

from claimwire.core.claims._numbers import Token

__all__ = ["bound_before", "trend_before"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string (easier to read and edit than a list of literals)."""
    return frozenset(text.split())

_Symbol = Literal[">", "<", "~"]
_Side = Literal["lower", "upper", "none"]
_SYMBOLS: Final[dict[str, _Symbol]] = {">": ">", "<": "<", "~": "~"}
_SIDES: Final[dict[str, _Side]] = {"lower": "lower", "upper": "upper", "none": "none"}


def _phrases(spec: str) -> dict[tuple[str, ...], tuple[_Symbol, _Side]]:
    """Parse ``symbol side: phrase | phrase`` lines (a header may repeat over several lines)."""
    out: dict[tuple[str, ...], tuple[_Symbol, _Side]] = {}
    for line in spec.strip().splitlines():
        head, _, forms = line.partition(":")
        sym, side = head.split()
        for form in forms.split("|"):
            out[tuple(form.split())] = (_SYMBOLS[sym], _SIDES[side])
    return out


# "nearly"/"almost" are approximations from below: the true figure is under the number (upper bound).
_BOUNDS: Final = _phrases("""
> lower: more than | over | above | at least | in excess of | upwards of | exceeding | greater than | higher than
> lower: well over | well above | just over | over than | no fewer than | no less than | a minimum of | north of
> lower: surpassed | topped | more than a | some more than
< upper: less than | fewer than | under | below | up to | at most | no more than | not more than | as many as
< upper: as much as | just under | lower than | a maximum of | maximum of | sub - | shy of | just shy of | short of
< upper: not exceeding | a little under | little more than | under the age of
~ upper: nearly | almost | close to | just short of | approaching | barely
~ none: about | around | approximately | approx | approx . | roughly | some | an estimated | estimated | circa | c .
~ none: ~ | more or less | or so | an average of | on average | about a | around a | some a | roughly a
""")
_MAX_BOUND_LEN: Final = max(len(k) for k in _BOUNDS)

_UP: Final = _words(
    "rose rise rises rising risen up gained gain gains gaining climbed climb climbs climbing jumped jump "
    "jumps jumping surged surge surges surging soared soar soars soaring increased increase increases "
    "increasing advanced advance advances advancing added grew grow grows growing grown rallied rally "
    "rallies rallying boosted improved expanded widened spiked accelerated"
)
_DOWN: Final = _words(
    "fell fall falls falling fallen down dropped drop drops dropping declined decline declines declining "
    "lost lose loses losing decreased decrease decreases decreasing slid slide slides sliding slipped "
    "slip slips slipping plunged plunge plunges plunging plummeted plummet plummets plummeting tumbled "
    "tumble tumbles tumbling sank sink sinks sinking eased ease eases easing shed sheds shedding shrank "
    "shrink shrinks shrunk dipped dip dips sagged retreated retreat slumped slump slumps contracted "
    "lowered"
)
_TREND_SKIP: Final = _words(
    "by a further another just only slightly sharply marginally some nearly almost about around roughly "
    "more than over under a to"
)
# "gave up 517 yards", "broke down 3 ways": phrasal verbs, where "up"/"down" is no trend.
_PHRASAL: Final = _words(
    "gave give gives giving went go goes going came come comes took take takes set put made make makes "
    "broke break shut picked pick turned turn signed sign lined line"
)


def bound_before(tokens: list[Token], first: int) -> tuple[_Symbol, _Side, int] | None:
    """The bound or hedge phrase ending just before token ``first``: (symbol, bound side, index of its first token)."""
    for length in range(min(_MAX_BOUND_LEN, first), 0, -1):
        key = tuple(t.lower for t in tokens[first - length : first])
        hit = _BOUNDS.get(key)
        if hit is not None:
            return hit[0], hit[1], first - length
    return None


def _trend_word(tokens: list[Token], k: int) -> Literal["up", "down"] | None:
    w = tokens[k].lower
    if w in ("up", "down") and k > 0 and tokens[k - 1].lower in _PHRASAL:
        return None
    if w in _UP:
        return "up"
    if w in _DOWN:
        return "down"
    return None


def trend_before(tokens: list[Token], first: int) -> Literal["up", "down"] | None:
    """ "up"/"down" when a trend verb governs the number at ``first``.

    The verb stands right before the number ("rose 5%", "fell by about 3 points"), or its object sits between
    the verb and "by" ("increase its army by 400,000 troops", "grow sales by 35 per cent").
    """
    k = first - 1
    skipped = 0
    while k >= 0 and tokens[k].lower in _TREND_SKIP and skipped < 3:
        k -= 1
        skipped += 1
    if k < 0 or not tokens[k].is_word:
        return None
    trend = _trend_word(tokens, k)
    if trend is None and first > 0 and tokens[first - 1].lower == "by":
        for j in range(first - 2, max(first - 6, -1), -1):
            if not tokens[j].is_word:
                break
            trend = _trend_word(tokens, j)
            if trend is not None:
                break
    return trend
