"""The trained block classifier: two logistic layers per mode, scored in plain Python from a small JSON file.

Weights come from ``train/extraction.py`` (logistic regression over the site-agnostic features in ``_features``),
with text mode's selection thresholds beside them; the file is data, not code, so retraining never touches this
module. Pure Python keeps numpy out of the service's runtime and is fast enough for a few hundred units per page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import mul
from typing import Any, Literal

from ._features import STAGE1_NAMES, STAGE2_NAMES, offsets, stage1_features, stage2_features
from ._select import DEFAULT_TUNING, Tuning
from ._units import Unit

__all__ = ["Layer", "Mode", "layers_from", "score_units", "select_tuning", "tuning_from"]

Mode = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Layer:
    """One standardised logistic layer."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def predict(self, rows: Sequence[Sequence[float]], offsets: Sequence[float]) -> list[float]:
        """Probability of "article text" for each feature row, given each row's fixed log-odds offset."""
        # Fold the standardisation into the weights once, so each row is one C-level dot product.
        weights = [c / s for c, s in zip(self.coef, self.scale, strict=True)]
        bias = self.intercept - sum(w * m for w, m in zip(weights, self.mean, strict=True))
        out: list[float] = []
        for row, offset in zip(rows, offsets, strict=True):
            z = bias + offset + sum(map(mul, weights, row))
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out


def _layer(data: Mapping[str, Any], names: Sequence[str]) -> Layer:
    if data.get("features") != list(names):
        raise ValueError("weights were trained on other features; retrain with train/extraction.py")
    return Layer(
        tuple(float(x) for x in data["mean"]),
        tuple(float(x) for x in data["scale"]),
        tuple(float(x) for x in data["coef"]),
        float(data["intercept"]),
    )


def layers_from(weights: Mapping[str, Any], mode: Mode) -> tuple[Layer, tuple[Layer, ...]]:
    """The layers of one mode from a weights mapping (the parsed ``_weights.json``, or a training fold's)."""
    first = _layer(weights[mode]["stage1"], STAGE1_NAMES)
    return first, tuple(_layer(layer, STAGE2_NAMES) for layer in weights[mode]["context"])


def tuning_from(weights: Mapping[str, Any], mode: Mode) -> Tuning:
    """The selection thresholds of one mode from a weights mapping (defaults where it has none)."""
    data = weights[mode].get("select")
    return Tuning.from_mapping(data) if data else DEFAULT_TUNING


@cache
def _weights() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath("_weights.json").read_text("utf-8"))
    return data


@cache
def _layers(mode: Mode) -> tuple[Layer, tuple[Layer, ...]]:
    return layers_from(_weights(), mode)


@cache
def _tuning(mode: Mode) -> Tuning:
    return tuning_from(_weights(), mode)


def select_tuning(mode: Mode) -> Tuning:
    """The shipped selection thresholds of ``mode``."""
    return _tuning(mode)


def score_units(units: Sequence[Unit], mode: Mode) -> list[float]:
    """Probability that each unit belongs to the article body."""
    if not units:
        return []
    first, context = _layers(mode)
    base = stage1_features(units)
    prior = offsets(base)
    scores = first.predict(base, prior)
    for layer in context:
        scores = layer.predict(stage2_features(units, scores, base), prior)
    return scores
