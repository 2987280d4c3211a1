"""The news-domain part of the check-worthiness model: weak labels from PolNeAR, and a model stacked on the
transcript score. Used by ``train/checkworthiness.py`` (training) and ``bench/claims.py`` (evaluation).

Why: CheckThat! labels debate sentences, where "check-worthy" mostly means a speaker's own factual assertion. In
news, what fact-checkers check are largely reported statements: "X said Y", "according to the update, Y". The
debate model under-scores these (an "according to" sentence with no number looks like hedged rhetoric to it).
PolNeAR marks every attribution in 924 news articles, so it gives news labels for free:

- Weak label: a sentence is a *reported claim* when it holds most (more than half the characters) of one
  attribution's content span. Other sentences are not. (Also counting sentences that are mostly attributed
  content was tried: it labels quotation fragments such as "Thank you all." as claims, and 67% of sentences.)
- Adapter: a logistic regression on PolNeAR train over the transcript model's prior-neutral log-odds, the same
  sentence cues and news lexical features (``_score_features``, scaled as in the transcript model). Not
  class-weighted: its output is the probability of a reported claim in news. The transcript model is left
  exactly as it is, so ``domain="transcript"`` figures do not move.
- News score: a news sentence is worth checking if it reports a claim *or* makes a check-worthy statement of
  its own (the outlet's "prices rose 8 percent", which PolNeAR does not label, and CheckThat! does). Both parts
  are learned; they are joined by noisy-OR, 1 - (1 - p_transcript) * (1 - p_reported), with no weight to tune.
- C = 3 was chosen by 5-fold cross-validation on train grouped by article (``--cv`` re-runs it: C = 1 and 3 are
  within noise, 3 slightly ahead); PolNeAR dev is scored once with the same weak labels, for the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from train.attribution_polnear import load_split
from train.sparse_design import SparseDesign

from claimwire.core.claims.sentences import split_sentences

if TYPE_CHECKING:  # the train extra (scikit-learn, scipy) is imported where used, so load_news needs none
    from sklearn.linear_model import LogisticRegression

__all__ = ["NEWS_C", "NEWS_CS", "NEWS_MIN_DF", "NewsData", "NewsModel", "fit_news", "load_news", "weak_labels"]

NEWS_C = 3.0
NEWS_CS = (1.0, 3.0)
NEWS_MIN_DF = 5
MOST = 0.5


@dataclass
class NewsData:
    """Sentences of one PolNeAR split with their weak labels and article index (for grouped folds)."""

    sentences: list[str]
    labels: npt.NDArray[np.bool_]
    groups: npt.NDArray[np.int64]


def weak_labels(text: str, contents: Sequence[Sequence[tuple[int, int]]]) -> list[tuple[str, bool]]:
    """Each non-blank sentence of ``text`` and whether it carries an attribution's content (see module doc)."""
    sizes = [sum(b - a for a, b in c) for c in contents]
    out = []
    for s in split_sentences(text):
        if not s.text.strip():
            continue
        holds_one = any(
            size and sum(max(0, min(b, s.end) - max(a, s.start)) for a, b in c) > MOST * size
            for c, size in zip(contents, sizes, strict=True)
        )
        out.append((s.text, holds_one))
    return out


def load_news(split: str, root: Path) -> NewsData:
    """PolNeAR ``split`` ("train" or "dev") as weakly labelled sentences."""
    sentences: list[str] = []
    labels: list[bool] = []
    groups: list[int] = []
    for k, doc in enumerate(load_split(split, root)):
        for sentence, label in weak_labels(doc.text, [ev.content for ev in doc.events if ev.content]):
            sentences.append(sentence)
            labels.append(label)
            groups.append(k)
    return NewsData(sentences, np.array(labels, dtype=bool), np.array(groups, dtype=np.int64))


@dataclass
class NewsModel:
    """The fitted news adapter, in the artifact's terms."""

    c: float
    intercept: float
    transcript_weight: float
    cues: dict[str, float]
    lexical: dict[str, float]
    cv_f1: dict[float, float]


def _f1(y: npt.NDArray[np.bool_], pred: npt.NDArray[np.bool_]) -> float:
    tp = float(np.sum(y & pred))
    return 2 * tp / max(1.0, float(np.sum(pred) + np.sum(y)))


def fit_news(
    train: NewsData, transcript_logit: Callable[[Sequence[str]], npt.NDArray[np.float64]], *, seed: int, cv: bool
) -> NewsModel:
    """Fit on all of train with ``NEWS_C``; with ``cv``, first print grouped 5-fold CV F1 (at 0.5) per C."""
    design = SparseDesign(train.sentences, min_df=NEWS_MIN_DF, leading=1)
    a = design.matrix(train.sentences, [[z] for z in transcript_logit(train.sentences)])
    y = train.labels

    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - train extra only
    from sklearn.model_selection import GroupKFold  # noqa: PLC0415

    def fit(c: float, rows: npt.NDArray[np.int64] | None = None) -> LogisticRegression:
        model = LogisticRegression(C=c, max_iter=5000, tol=1e-5, random_state=seed)
        return model.fit(a if rows is None else a[rows], y if rows is None else y[rows])

    scores: dict[float, float] = {}
    if cv:
        folds = list(GroupKFold(5).split(np.zeros(len(y)), y, train.groups))
        for c in NEWS_CS:
            scores[c] = float(np.mean([_f1(y[te], fit(c, tr).decision_function(a[te]) >= 0) for tr, te in folds]))
    model = fit(NEWS_C)
    coef = model.coef_[0]
    n_lex = len(design.lexical)
    return NewsModel(
        c=NEWS_C,
        intercept=round(float(model.intercept_[0]), 6),
        transcript_weight=round(float(coef[0]), 6),
        # Rounded as the artifact stores them, so the figures printed are those of the shipped model.
        lexical={f: round(float(w), 5) for f, w in zip(design.lexical, coef[1 : 1 + n_lex], strict=True)
                 if abs(w) >= 1e-4},
        cues={f: round(float(w), 6) for f, w in zip(design.cues, coef[1 + n_lex :], strict=True)},
        cv_f1=scores,
    )
