"""The learned check-worthiness score: how likely a sentence is a claim worth checking, in 0..1.

The score must be learned, not hand-weighted, and the tagger must stay fast (thousands of sentences a second on
one core), so the model is a logistic regression over sparse sentence features (``_score_features``), trained by
``train/checkworthiness.py`` on the CLEF CheckThat! 2024 English data and shipped as JSON next to this module.
Applying it is a dictionary lookup per feature: no numpy, no model runtime, nothing downloaded.

The score is Platt-calibrated on the CheckThat! dev set with both classes weighted equally (prior-neutral), and
0.5 is the claim threshold. ``domain="news"`` moves it to the share of claims in news (estimated without labels on
the PolNeAR news texts; see the training script), which the tagger uses for articles.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from claimwire.core.claims._score_features import FEATURES_VERSION, features
from claimwire.core.errors import TagError

__all__ = ["CLAIM_THRESHOLD", "Domain", "checkworthiness", "model_info"]

CLAIM_THRESHOLD = 0.5
Domain = Literal["transcript", "news"]
_ARTIFACT = "checkworthiness.json"


@dataclass(frozen=True, slots=True)
class _Model:
    lexical: dict[str, float]
    cues: dict[str, float]
    intercept: float
    platt_a: float
    platt_b: float
    news_shift: float
    info: dict[str, object]


@cache
def _model() -> _Model:
    raw = resources.files("claimwire.core.claims").joinpath("model", _ARTIFACT).read_text(encoding="utf-8")
    data = json.loads(raw)
    if data.get("features_version") != FEATURES_VERSION:
        # A model trained on other features would score silently wrong; refuse instead.
        raise TagError(
            f"check-worthiness model was trained with features {data.get('features_version')!r}, "
            f"code has {FEATURES_VERSION!r}: retrain with train/checkworthiness.py"
        )
    a, b = data["platt"]
    return _Model(
        lexical=data["lexical"],
        cues=data["cues"],
        intercept=float(data["intercept"]),
        platt_a=float(a),
        platt_b=float(b),
        news_shift=float(data["news_logit_shift"]),
        info={k: v for k, v in data.items() if k not in {"lexical", "cues"}},
    )


def model_info() -> dict[str, object]:
    """The artifact's metadata (training data hashes, seed, metrics), without its weights."""
    return dict(_model().info)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def checkworthiness(sentences: Sequence[str], *, domain: Domain = "transcript") -> list[float]:
    """Calibrated check-worthiness in 0..1 of each sentence, in order; a sentence scoring >= 0.5 is a claim."""
    model = _model()
    lexical, cues = model.lexical, model.cues
    offset = model.platt_b + (model.news_shift if domain == "news" else 0.0)
    out: list[float] = []
    for sentence in sentences:
        f = features(sentence)
        weights = [lexical[x] for x in f.lexical if x in lexical]
        # The lexical block was scaled to unit length over the features the model knows, as in training.
        z = model.intercept + (math.fsum(weights) / math.sqrt(len(weights)) if weights else 0.0)
        z += math.fsum(cues[x] for x in f.cues if x in cues)
        out.append(_sigmoid(model.platt_a * z + offset))
    return out
