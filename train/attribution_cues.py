"""Train the attributor's cue tagger (O/B/I per token) as an averaged structured perceptron on PolNeAR train.

Used by ``train/attribution.py``; the features and the Viterbi decoder are the run-time ones in
``claimwire.core.claims._attribution_cues``, so training decodes exactly as the service will. Weights are kept
relative to the O tag (see that module), so an update only touches the B and I weights of the features on the
gold and the predicted paths where the tags differ.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from claimwire.core.claims._attribution_cues import cue_token_features, decode, emissions
from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["CueExample", "cue_rates", "train_cue_tagger"]

MIN_RATE_COUNT = 3
RATE_PRIOR = 2  # pseudo-occurrences outside cues: a word seen 3 times, 3 in cues, gets 0.6, not 1.0


@dataclass
class CueExample:
    """One sentence: tokens, in-quote flags, whether it holds a double quote, and the gold tags."""

    toks: Tokens
    quoted: list[bool]
    has_quote: bool
    tags: list[int]


def cue_rates(examples: Sequence[CueExample]) -> dict[str, float]:
    """Per word, the share of its training occurrences inside a cue (words seen in cues often enough)."""
    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for ex in examples:
        for w, t in zip(ex.toks.lower, ex.tags, strict=True):
            total[w] += 1
            if t:
                in_cue[w] += 1
    return {
        w: round(n / (total[w] + RATE_PRIOR), 4)
        for w, n in in_cue.items()
        if n >= MIN_RATE_COUNT and n / (total[w] + RATE_PRIOR) >= 0.005
    }


class _Structured:
    def __init__(self) -> None:
        self.w: dict[str, list[float]] = {}
        self.u: dict[str, list[float]] = {}
        self.trans = [[0.0, 0.0, 0.0] for _ in range(4)]
        self.trans_u = [[0.0, 0.0, 0.0] for _ in range(4)]
        self.c = 1

    def update(self, feats: list[list[str]], gold: list[int], pred: list[int]) -> None:
        c = self.c
        for k, (g, p) in enumerate(zip(gold, pred, strict=True)):
            gp = gold[k - 1] if k else 3
            pp = pred[k - 1] if k else 3
            if g == p and gp == pp:
                continue
            self.trans[gp][g] += 1.0
            self.trans_u[gp][g] += c
            self.trans[pp][p] -= 1.0
            self.trans_u[pp][p] -= c
            if g == p:
                continue
            for f in feats[k]:
                w = self.w.get(f)
                if w is None:
                    w = self.w[f] = [0.0, 0.0]
                    self.u[f] = [0.0, 0.0]
                u = self.u[f]
                if g:
                    w[g - 1] += 1.0
                    u[g - 1] += c
                if p:
                    w[p - 1] -= 1.0
                    u[p - 1] -= c

    def averaged(self, min_abs: float) -> tuple[dict[str, list[float]], list[list[float]]]:
        c = self.c
        weights = {}
        for f, w in self.w.items():
            u = self.u[f]
            avg = [round(w[0] - u[0] / c, 2), round(w[1] - u[1] / c, 2)]
            if max(abs(avg[0]), abs(avg[1])) >= min_abs:
                weights[f] = avg
        trans = [
            [round(t - tu / c, 3) for t, tu in zip(row, urow, strict=True)]
            for row, urow in zip(self.trans, self.trans_u, strict=True)
        ]
        return weights, trans


def train_cue_tagger(
    examples: list[CueExample], rates: dict[str, float], epochs: int, seed: int, min_abs: float
) -> tuple[dict[str, list[float]], list[list[float]]]:
    """Learn the tagger's weights (feature -> [B, I] relative to O) and transitions (4 x 3, row 3 = start)."""
    rng = random.Random(seed)
    model = _Structured()
    order = list(range(len(examples)))
    for epoch in range(epochs):
        rng.shuffle(order)
        errors = tokens = 0
        for idx in order:
            ex = examples[idx]
            feats = cue_token_features(ex.toks, rates, ex.quoted, ex.has_quote)
            pred = decode(emissions(feats, model.w), model.trans)  # type: ignore[arg-type]
            tokens += len(pred)
            if pred != ex.tags:
                errors += sum(g != p for g, p in zip(ex.tags, pred, strict=True))
                model.update(feats, ex.tags, pred)
            model.c += 1
        print(f"cue epoch {epoch}: token errors {errors}/{tokens}", flush=True)
    return model.averaged(min_abs)
