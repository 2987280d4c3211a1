"""Apply the learned cue and source models (``data/attribution_model.json``, made by ``train/attribution.py``).

Kept apart from the rules in ``attribution.py`` so the learned part is one small, replaceable piece: the artifact
is plain JSON of sparse weights, loaded once, and scoring is a sum of dictionary look-ups (no numpy), which keeps
the attributor at thousands of sentences a second on one core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from claimwire.core.claims._attribution_features import (
    FEATURES_VERSION,
    SourceCandidate,
    cue_features,
    source_candidates,
    source_features,
)
from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["AttributionModel", "CueSpan", "load_model"]

#: A cue in token indices ``[start, end)`` with its main word (the one most often a cue in training).
CueSpan = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """The learned lexicons and weights, with the two decisions they make."""

    cue_vocab: dict[str, float]
    right_ext: frozenset[tuple[str, str]]
    cue_weights: dict[str, float]
    source_weights: dict[str, float]

    def find_cues(self, toks: Tokens, has_quote: bool) -> list[CueSpan]:
        """The reporting cues of one sentence, left to right."""
        vocab, weights, lower = self.cue_vocab, self.cue_weights, toks.lower
        hits = [
            i
            for i, w in enumerate(lower)
            if w in vocab and sum(weights.get(f, 0.0) for f in cue_features(toks, i, has_quote)) > 0.0
        ]
        spans: list[CueSpan] = []
        for i in hits:
            if spans and spans[-1][1] == i:
                spans[-1] = (spans[-1][0], i + 1, "")
            else:
                spans.append((i, i + 1, ""))
        out: list[CueSpan] = []
        for a, b, _ in spans:
            end = b + 1 if b < len(lower) and (lower[b - 1], lower[b]) in self.right_ext else b
            head = max(lower[a:end], key=lambda w: vocab.get(w, 0.0))
            out.append((a, end, head))
        return out

    def find_source(self, toks: Tokens, cue: CueSpan, previous: tuple[int, int] | None) -> SourceCandidate:
        """The best-scoring source span for ``cue`` (side "N" when it has none in the sentence); ``previous`` is
        the source of the sentence's previous attribution, as token indices."""
        a, b, head = cue
        weights = self.source_weights
        best: SourceCandidate = ("N", 0, 0)
        best_score = float("-inf")
        for cand in source_candidates(toks, a, b, previous):
            score = sum(weights.get(f, 0.0) for f in source_features(toks, cand, a, b, head))
            if score > best_score:
                best, best_score = cand, score
        return best


@cache
def load_model() -> AttributionModel:
    """The packaged model, loaded once per process."""
    raw = resources.files("claimwire.core.claims").joinpath("data/attribution_model.json").read_text("utf-8")
    data = json.loads(raw)
    if data.get("features_version") != FEATURES_VERSION:
        raise RuntimeError(
            f"attribution model was trained on features {data.get('features_version')!r}, "
            f"code makes {FEATURES_VERSION!r}: rerun train/attribution.py"
        )
    return AttributionModel(
        cue_vocab=dict(data["cue_vocab"]),
        right_ext=frozenset(tuple(p.split(" ", 1)) for p in data["right_ext"]),
        cue_weights=dict(data["cue_weights"]),
        source_weights=dict(data["source_weights"]),
    )
