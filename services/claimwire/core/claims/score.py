"""The learned check-worthiness score: how likely a sentence is a claim worth checking, in 0..1.

The score must be learned, not hand-weighted, and the tagger must stay fast (thousands of sentences a second on
one core), so the model is a logistic regression over sparse sentence features (``_score_features``), trained by
``train/checkworthiness.py`` on the CLEF CheckThat! 2024 English data and shipped as JSON next to this module.
Applying it is a dictionary lookup per feature: no numpy, no model runtime, nothing downloaded.

The score is Platt-calibrated on the CheckThat! dev set with both classes weighted equally (prior-neutral), and
0.5 is the claim threshold. Debates are not news: there, what fact-checkers check is mostly reported statements
("..., according to the update"), which the debate model under-scores. ``domain="news"`` (what the tagger uses for
articles) adds a news adapter stacked on the transcript score: a second logistic regression over the transcript
log-odds and the same features, trained on PolNeAR news sentences weakly labelled by whether they hold an
attribution's content (``train/checkworthiness_news.py``), giving the probability of a reported claim. A news
sentence is worth checking if it reports a claim or makes a check-worthy statement of its own, so the news score
is the noisy-OR of the two: 1 - (1 - transcript) * (1 - reported).
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
class _News:
    lexical: dict[str, float]
    cues: dict[str, float]
    intercept: float
    transcript_weight: float


@dataclass(frozen=True, slots=True)
class _Model:
    lexical: dict[str, float]
    cues: dict[str, float]
    intercept: float
    platt_a: float
    platt_b: float
    news: _News
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
    if "news" not in data:
        raise TagError("check-worthiness model has no news adapter: retrain with train/checkworthiness.py")
    a, b = data["platt"]
    news = data["news"]
    return _Model(
        lexical=data["lexical"],
        cues=data["cues"],
        intercept=float(data["intercept"]),
        platt_a=float(a),
        platt_b=float(b),
        news=_News(
            lexical=news["lexical"],
            cues=news["cues"],
            intercept=float(news["intercept"]),
            transcript_weight=float(news["transcript_weight"]),
        ),
        info={k: v for k, v in data.items() if k not in {"lexical", "cues", "news"}}
        | {"news": {k: v for k, v in news.items() if k not in {"lexical", "cues"}}},
    )


def model_info() -> dict[str, object]:
    """The artifact's metadata (training data hashes, seed, metrics), without its weights."""
    return dict(_model().info)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _linear(lexical: dict[str, float], cues: dict[str, float], lex: set[str], cue: set[str]) -> float:
    weights = [lexical[x] for x in lex if x in lexical]
    # The lexical block was scaled to unit length over the features the model knows, as in training.
    z = math.fsum(weights) / math.sqrt(len(weights)) if weights else 0.0
    return z + math.fsum(cues[x] for x in cue if x in cues)


def checkworthiness(sentences: Sequence[str], *, domain: Domain = "transcript") -> list[float]:
    """Calibrated check-worthiness in 0..1 of each sentence, in order; a sentence scoring >= 0.5 is a claim.

    ``domain="transcript"``: the CheckThat! model, prior-neutral. ``domain="news"``: noisy-OR of that and the news
    adapter's probability of a reported claim.
    """
    model = _model()
    news = model.news if domain == "news" else None
    out: list[float] = []
    for sentence in sentences:
        f = features(sentence)
        z = model.intercept + _linear(model.lexical, model.cues, f.lexical, f.cues)
        z = model.platt_a * z + model.platt_b
        p = _sigmoid(z)
        if news is not None:
            z_news = news.intercept + news.transcript_weight * z
            reported = _sigmoid(z_news + _linear(news.lexical, news.cues, f.lexical, f.cues))
            p = 1.0 - (1.0 - p) * (1.0 - reported)
        out.append(p)
    return out
