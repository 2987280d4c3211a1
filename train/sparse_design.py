"""The design matrix both check-worthiness models are trained on, built one way for both.

Columns: optional leading numeric columns (the news adapter's transcript log-odds), then the lexical features seen
in at least ``min_df`` training sentences scaled to unit length per sentence, then the raw cue features. The
runtime scorer (``claimwire.core.claims.score``) applies the learned weights in the same terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from claimwire.core.claims._score_features import features

if TYPE_CHECKING:  # scipy is in the train extra only; imported where used
    from scipy.sparse import csr_matrix

__all__ = ["SparseDesign"]


class SparseDesign:
    """Learns the feature vocabulary from training sentences and turns sentences into a sparse matrix."""

    def __init__(self, sentences: Iterable[str], *, min_df: int, leading: int = 0) -> None:
        df: Counter[str] = Counter()
        cues: set[str] = set()
        for s in sentences:
            f = features(s)
            df.update(f.lexical)
            cues |= f.cues
        self.leading = leading
        self.lexical = sorted(f for f, n in df.items() if n >= min_df)
        self.cues = sorted(cues)
        self._lex = {f: leading + i for i, f in enumerate(self.lexical)}
        self._cue = {f: leading + len(self.lexical) + i for i, f in enumerate(self.cues)}

    def matrix(self, sentences: Sequence[str], leading: Sequence[Sequence[float]] | None = None) -> csr_matrix:
        """One row per sentence; ``leading`` gives each row's leading column values (as many as ``self.leading``)."""
        from scipy.sparse import csr_matrix  # noqa: PLC0415 - train extra only

        firsts = leading if leading is not None else [()] * len(sentences)
        data: list[float] = []
        cols: list[int] = []
        ptr = [0]
        for s, first in zip(sentences, firsts, strict=True):
            if len(first) != self.leading:
                raise ValueError(f"expected {self.leading} leading values, got {len(first)}")
            f = features(s)
            lex = sorted(self._lex[x] for x in f.lexical if x in self._lex)
            scale = 1.0 / math.sqrt(len(lex)) if lex else 0.0
            cue = sorted(self._cue[x] for x in f.cues if x in self._cue)
            cols += [*range(self.leading), *lex, *cue]
            data += [float(v) for v in first] + [scale] * len(lex) + [1.0] * len(cue)
            ptr.append(len(cols))
        width = self.leading + len(self.lexical) + len(self.cues)
        return csr_matrix((np.array(data), np.array(cols, dtype=np.int64), np.array(ptr)), shape=(len(ptr) - 1, width))
