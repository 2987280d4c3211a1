"""Choose text mode's selection thresholds (``_select.Tuning``) on held-out scores, inside the pages given.

The thresholds decide how the main run is read from unit scores, so they must be judged on scores the model
gives to pages it did not train on: each site-grouped fold of the given pages is scored by a model fitted on the
others, then a coordinate search over a small grid per threshold keeps the setting with the best benchmark F1
(mean over flatteners). Called on a training fold, this is the inner loop of a nested cross-validation: the outer
held-out pages never inform the thresholds they are scored with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace

import numpy as np
from train.extraction_fit import REPEAT, Sample, chosen_l2, fit, unit_level
from train.extraction_metric import score_page, summarize

from claimwire.core.normalize._select import DEFAULT_TUNING, Tuning, select_units

__all__ = ["GRID", "choose_tuning", "tuning_json"]

#: Values tried per threshold; the search starts from the defaults and moves one threshold at a time.
GRID: dict[str, tuple[float, ...]] = {
    "keep": (0.3, 0.35, 0.4, 0.45, 0.5),
    "span_penalty": (0.6, 0.8, 1.0, 1.25, 1.5),
    "same_indent": (0.3, 0.45, 0.6, 0.8, 1.0),
    "lead_words": (10, 15, 20, 30, 40),
    "lead_floor": (0.05, 0.1, 0.15, 0.25, 0.35),
}
_PASSES = 2
_MIN_GAIN = 1e-4  # a move must beat the current setting by this much: ties keep the defaults


def _held_out_scores(samples: Sequence[Sample], folds: int, l2: Sequence[float]) -> list[np.ndarray]:
    """Each sample's unit scores from a text model fitted without its site-grouped fold."""
    out: list[np.ndarray] = [np.zeros(0)] * len(samples)
    for g in sorted({s.group for s in samples}):
        train_ = [s for s in samples if s.group != g]
        weights = fit(train_, folds, repeat=REPEAT["text"], l2=l2)
        idx = [i for i, s in enumerate(samples) if s.group == g]
        for i, sc in zip(idx, unit_level([samples[i] for i in idx], weights), strict=True):
            out[i] = sc
    return out


def _f1(samples: Sequence[Sample], scores: Sequence[np.ndarray], tuning: Tuning) -> float:
    """Mean over flatteners of the benchmark F1 of the units ``tuning`` selects (the normalizer's text, short of
    its header and clean-up steps)."""
    by_mode: dict[str, list[tuple[str, str]]] = {}
    for s, sc in zip(samples, scores, strict=True):
        kept = select_units(s.units, list(sc), flat=True, tuning=tuning) if s.units else []
        by_mode.setdefault(s.mode, []).append((s.truth, "\n\n".join(s.units[i].text for i in kept)))
    f1s = [summarize(score_page(t, o) for t, o in pairs).f1 for pairs in by_mode.values()]
    return sum(f1s) / len(f1s)


def choose_tuning(samples: Sequence[Sample], folds: int, weights: dict[str, object]) -> tuple[Tuning, float]:
    """The thresholds that read held-out scores of ``samples`` best, and their F1; ``weights`` is the text model
    fitted on all of ``samples`` (its L2 strengths are reused for the per-fold models)."""
    scores = _held_out_scores(samples, folds, chosen_l2(weights))
    best, best_f1 = DEFAULT_TUNING, _f1(samples, scores, DEFAULT_TUNING)
    for _ in range(_PASSES):
        moved = False
        for name, values in GRID.items():
            for value in values:
                candidate = replace(best, **{name: int(value) if name == "lead_words" else value})
                if candidate == best:
                    continue
                f1 = _f1(samples, scores, candidate)
                if f1 > best_f1 + _MIN_GAIN:
                    best, best_f1, moved = candidate, f1, True
        if not moved:
            break
    return best, best_f1


def tuning_json(tuning: Tuning) -> dict[str, float]:
    """The JSON form shipped in ``_weights.json``."""
    return {k: float(v) for k, v in asdict(tuning).items()}
