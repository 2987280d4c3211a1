"""The UK PHIA probability yardstick (2019 version) and the hedge words that land on it.

The Professional Head of Intelligence Assessment's yardstick gives each probability phrase a range. UK defence
and intelligence updates ("highly unlikely", "realistic possibility", "likely") use it literally, and news that
quotes them keeps the words, so the band can be read off the text. Gaps between bands (e.g. 5-10%) are
deliberate in the yardstick: a phrase is never meant to sit there.
"""

from __future__ import annotations

from typing import Final

from claimwire.core.models import PhiaBand

__all__ = ["CUES", "MODALS", "NEGATED", "YARDSTICK", "band_for_probability"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string (easier to read and edit than a list of literals)."""
    return frozenset(text.split())

YARDSTICK: Final[dict[PhiaBand, tuple[float, float]]] = {
    "remote chance": (0.0, 0.05),
    "highly unlikely": (0.10, 0.20),
    "unlikely": (0.25, 0.35),
    "realistic possibility": (0.40, 0.50),
    "likely": (0.55, 0.75),
    "highly likely": (0.80, 0.90),
    "almost certain": (0.95, 1.0),
}

# Cue phrase (lower-case words) -> band. Longer phrases win over their parts ("highly unlikely" over "unlikely").
_CUE_TEXT: Final[dict[str, PhiaBand]] = {
    "remote chance": "remote chance", "remote possibility": "remote chance", "almost no chance": "remote chance",
    "virtually no chance": "remote chance", "extremely unlikely": "remote chance", "no chance": "remote chance",
    "highly unlikely": "highly unlikely", "very unlikely": "highly unlikely", "highly improbable": "highly unlikely",
    "unlikely": "unlikely", "improbable": "unlikely", "doubtful": "unlikely", "little chance": "unlikely",
    "slim chance": "unlikely",
    "realistic possibility": "realistic possibility", "real possibility": "realistic possibility",
    "realistic prospect": "realistic possibility", "realistic chance": "realistic possibility",
    "likely": "likely", "probably": "likely", "probable": "likely", "good chance": "likely",
    "more likely than not": "likely", "most likely": "likely", "strong chance": "likely",
    "highly likely": "highly likely", "very likely": "highly likely", "very probably": "highly likely",
    "highly probable": "highly likely", "extremely likely": "highly likely",
    "almost certain": "almost certain", "almost certainly": "almost certain", "virtually certain": "almost certain",
    "near certain": "almost certain", "nearly certain": "almost certain", "all but certain": "almost certain",
    "certainly": "almost certain", "definitely": "almost certain", "undoubtedly": "almost certain",
}  # fmt: skip
CUES: Final[dict[tuple[str, ...], PhiaBand]] = {tuple(k.split()): v for k, v in _CUE_TEXT.items()}

# Hedges with no place on the yardstick: PHIA guidance avoids them because readers spread them over 10-90%.
MODALS: Final[frozenset[str]] = _words("may might could possibly perhaps maybe possible potentially conceivably")

# A negated cue names another band: "not likely" is "unlikely", "not unlikely" is a (weak) realistic possibility.
# "not certain" says only that it is below 95%, so it maps to no band.
NEGATED: Final[dict[PhiaBand, PhiaBand | None]] = {
    "almost certain": None,
    "highly likely": "unlikely",
    "likely": "unlikely",
    "realistic possibility": "unlikely",
    "unlikely": "realistic possibility",
    "highly unlikely": "realistic possibility",
    "remote chance": "realistic possibility",
}


def band_for_probability(p: float) -> PhiaBand:
    """The band containing ``p``, or the nearest one when ``p`` falls in a gap between bands."""
    best: PhiaBand = "remote chance"
    best_dist = 2.0
    for band, (lo, hi) in YARDSTICK.items():
        dist = 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))
        if dist < best_dist:
            best, best_dist = band, dist
    return best
