"""The article-extraction benchmark's metric: 4-token shingle precision/recall, averaged over pages.

Text is split into ``\\w+`` tokens (case kept); truth and output become multisets of 4-token shingles. Precision is
averaged over pages with non-empty output, recall over all pages, F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PageScore", "Score", "score_page", "summarize"]

_TOKEN = re.compile(r"\w+")
_N = 4


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _N:
        # Very short texts still count: one shingle of what there is.
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _N]) for i in range(len(tokens) - _N + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Precision and recall of one page; precision is None when the output is empty."""

    precision: float | None
    recall: float


@dataclass(frozen=True, slots=True)
class Score:
    """Averages over pages and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def score_page(truth: str, output: str) -> PageScore:
    """Score one page's output against its truth."""
    want, got = _shingles(truth), _shingles(output)
    overlap = sum((want & got).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    precision = overlap / n_got if n_got else None
    recall = overlap / n_want if n_want else 1.0
    return PageScore(precision, recall)


def summarize(pages: Iterable[PageScore]) -> Score:
    """Average page scores the benchmark's way."""
    scores = list(pages)
    precisions = [p.precision for p in scores if p.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(p.recall for p in scores) / len(scores) if scores else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)
