"""Turn unit scores into the article: keep the likely units of the page's main run, drop repeated passages.

Classifying units one by one leaves stray hits far from the article (comments, a teaser's sentence); the article is
one run, so only likely units inside the run with the largest total evidence (Kadane over score-weighted lengths)
are kept. Pages often carry the story twice (an AMP or print copy, a summary repeating the lead): a unit whose
shingles were already kept adds nothing and is dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ._units import Unit

__all__ = ["select_units"]

_WORD = re.compile(r"\w+")
_THRESHOLD = 0.5  # the run is scored around even odds
_KEEP = 0.4  # inside the run, a unit this likely is kept: the run itself vouches for borderline units
_SPAN_PENALTY = 1.0  # weight of an unlikely unit against the run, whatever its length
_REPEAT = 0.8  # share of a unit's shingles already kept that marks it as a repeat
_MIN_REPEAT = 40  # shingles; short lines (labels, list items) may repeat legitimately
_MIN_BODY = 3  # paragraphs of body before a teaser card can end the article
_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
_SINGLE_SHARE = 0.8  # share of the body in one-paragraph blocks that makes that the page's layout


def _main_run(units: Sequence[Unit], scores: Sequence[float]) -> tuple[int, int]:
    best, span = 0.0, (0, 0)
    run, start = 0.0, 0
    for i, (u, s) in enumerate(zip(units, scores, strict=True)):
        if run <= 0:
            run, start = 0.0, i
        run += (s - _THRESHOLD) * (math.log1p(len(u.text)) if s > _THRESHOLD else _SPAN_PENALTY)
        if run > best:
            best, span = run, (start, i + 1)
    return span


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], words[3:], strict=False))


def _is_card_head(units: Sequence[Unit], i: int, sizes: dict[int, int]) -> bool:
    """A short unpunctuated line opening a multi-line block: the headline of a teaser card."""
    u = units[i]
    if i + 1 >= len(units) or units[i + 1].container != u.container or sizes[u.container] < 2:
        return False
    if i > 0 and units[i - 1].container == u.container:
        return False
    dek = units[i + 1].text
    head_ok = 3 <= len(_WORD.findall(u.text)) <= 15 and not _END.search(u.text)
    return head_ok and len(_WORD.findall(dek)) >= 8 and bool(_END.search(dek))


def _trim_odd_shapes(units: Sequence[Unit], kept: list[int]) -> list[int]:
    """Where the article sets each paragraph apart, cut widgets stuck to its edges.

    The article ends at the first teaser card (a headline line with a one-sentence dek right under it, no break
    between) that follows a body of separate paragraphs.
    """
    sizes: dict[int, int] = {}
    for u in units:
        sizes[u.container] = sizes.get(u.container, 0) + 1
    lo = 0
    single = total = 0
    for j in range(lo, len(kept)):
        if j - lo >= _MIN_BODY and single >= _SINGLE_SHARE * total and _is_card_head(units, kept[j], sizes):
            return kept[lo:j]
        n = len(units[kept[j]].text)
        total += n
        single += n if sizes[units[kept[j]].container] == 1 else 0
    return kept


def select_units(units: Sequence[Unit], scores: Sequence[float], *, flat: bool) -> list[int]:
    """Indexes of the units that make the article, in order."""
    lo, hi = _main_run(units, scores)
    seen: set[tuple[str, ...]] = set()
    kept: list[int] = []
    for i in range(lo, hi):
        if scores[i] <= _KEEP:
            continue
        sh = _shingles(units[i].text)
        if sh and len(sh & seen) >= _REPEAT * len(sh) and len(sh) >= _MIN_REPEAT:
            continue
        seen |= sh
        kept.append(i)
    # Blocks of flattened text are blank-line runs; in HTML a block is an element, and the cue does not apply.
    return _trim_odd_shapes(units, kept) if flat else kept
