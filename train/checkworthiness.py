"""Train the check-worthiness model shipped in ``claimwire/core/claims/model/checkworthiness.json``.

    python train/checkworthiness.py [--data ../shared/data/checkworthiness] [--news ../shared/data/attribution]

Reproducible: fixed data paths, fixed seed, a deterministic solver; it prints its figures and writes the artifact
(use ``--out`` to write elsewhere and compare). Needs the ``train`` extra (scikit-learn, scipy); the artifact it
writes is plain JSON that the runtime applies with no dependency at all.

Method, and why:
- A logistic regression over sparse binary features of one sentence (``_score_features``: word uni- and bigrams,
  shapes of numbers and acronyms, plus sentence cues such as numbers, years, percents and reported speech). The
  lexical block is scaled to unit length; the cues are not. Class-balanced weights, because only 24% of training
  sentences are check-worthy and the task is scored by F1 of that class.
- C = 3 was chosen on train 5-fold cross-validation and dev (C = 3 and 10 tie within noise; the stronger
  regularisation is kept because the model must transfer from debates to news). Features seen in fewer than two
  training sentences are dropped: they cannot generalise, and they would bloat the artifact.
- Calibration: Platt scaling of the model's margin on the dev set, with the two classes weighted equally. The
  share of check-worthy sentences differs a lot between sources (train 24%, dev 23%, dev-test 34%, news about
  70%), so the score is calibrated prior-neutral: it is the probability of "check-worthy" when both classes are
  equally common, and 0.5 is the claim threshold. The probability at the dev prior is printed as well, to show
  that the calibration itself is good (ECE).
- News: debates are not news. A single prior shift (an earlier version: EM label-shift on PolNeAR) cannot fix
  that the debate model under-scores reported statements ("..., according to the update"), which are what news
  fact-checkers check. So a news adapter is stacked on the transcript log-odds and trained on PolNeAR train
  sentences weakly labelled from the gold attributions (``train/checkworthiness_news.py``); PolNeAR dev, with
  the same weak labels, is scored for the report. The transcript model is unchanged by it.
- dev-test is scored once, at the end, for the report; nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "services"))
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:  # the train extra (scikit-learn, scipy) is imported where used, so the data loader needs none
    from sklearn.linear_model import LogisticRegression
from train.checkworthiness_news import NEWS_MIN_DF, NewsModel, fit_news, load_news  # noqa: E402
from train.sparse_design import SparseDesign  # noqa: E402

from claimwire.core.claims._score_features import FEATURES_VERSION, features  # noqa: E402

__all__ = ["load_checkthat", "main"]

SEED = 20240101
C = 3.0
MIN_DF = 2
_ROW = re.compile(r"(\d+)\t([^\t\n]*)\t(Yes|No)")
_FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}
_EXPECTED_ROWS = {"train": 22501, "dev": 1032, "dev-test": 318}
ARTIFACT = ROOT / "services" / "claimwire" / "core" / "claims" / "model" / "checkworthiness.json"


def load_checkthat(data_dir: Path, split: str) -> tuple[list[str], npt.NDArray[np.bool_]]:
    """Sentences and Yes labels of one CheckThat! 2024 English split.

    Rows are read as ``id TAB text TAB label`` records rather than lines: one upstream training row lost its line
    end ("...grow.\\tNo29286\\tYou can't..."), and the record pattern splits it back into two rows.
    """
    text = (data_dir / _FILES[split]).read_text(encoding="utf-8")
    rows = [(m[2], m[3] == "Yes") for m in _ROW.finditer(text)]
    expected = _EXPECTED_ROWS[split]
    if len(rows) != expected:
        raise SystemExit(f"{split}: read {len(rows)} rows, expected {expected}")
    return [r[0] for r in rows], np.array([r[1] for r in rows], dtype=bool)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _f1(y: npt.NDArray[np.bool_], pred: npt.NDArray[np.bool_]) -> tuple[float, float, float]:
    tp = float(np.sum(y & pred))
    precision = tp / max(1.0, float(np.sum(pred)))
    recall = tp / max(1.0, float(np.sum(y)))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def _ece(y: npt.NDArray[np.bool_], p: npt.NDArray[np.float64], bins: int = 10) -> float:
    edges = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = edges == b
        if m.any():
            total += m.sum() / len(p) * abs(float(p[m].mean()) - float(y[m].mean()))
    return total


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-z))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _tree_sha256(root: Path, splits: Sequence[str]) -> str:
    """One hash over the PolNeAR files used (names and bytes), so the artifact says which data it saw."""
    digest = hashlib.sha256()
    for split in splits:
        for path in sorted((root / split).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _news_probability(news: NewsModel, sentences: Sequence[str], transcript: npt.NDArray[np.float64]) -> list[float]:
    """The adapter's probability of a reported claim, as ``score.py`` computes it from the (rounded) weights."""
    out = []
    for s, t in zip(sentences, transcript, strict=True):
        f = features(s)
        lex = [news.lexical[x] for x in f.lexical if x in news.lexical]
        z = news.intercept + news.transcript_weight * float(t)
        z += math.fsum(lex) / math.sqrt(len(lex)) if lex else 0.0
        z += math.fsum(news.cues[x] for x in f.cues if x in news.cues)
        out.append(1.0 / (1.0 + math.exp(-z)))
    return out


def _train_news(
    root: Path, transcript_logit: Callable[[Sequence[str]], npt.NDArray[np.float64]], *, cv: bool
) -> dict[str, object]:
    """Fit the news adapter on PolNeAR train, score PolNeAR dev once, and return its artifact section."""
    news_train = load_news("train", root)
    news_dev = load_news("dev", root)
    print(
        f"news weak labels (PolNeAR): train {len(news_train.sentences)} sentences, "
        f"{news_train.labels.mean():.3f} reported claims; dev {len(news_dev.sentences)}, {news_dev.labels.mean():.3f}"
    )
    news = fit_news(news_train, transcript_logit, seed=SEED, cv=cv)
    if cv:
        folds = ", ".join(f"C={c} {f:.4f}" for c, f in news.cv_f1.items())
        print(f"news adapter grouped 5-fold CV F1 on train: {folds}")
    z_dev = transcript_logit(news_dev.sentences)
    reported = np.asarray(_news_probability(news, news_dev.sentences, z_dev))
    p_dev = 1.0 - (1.0 - _sigmoid(z_dev)) * (1.0 - reported)
    metrics: dict[str, float] = {}
    rows = (("transcript", z_dev >= 0), ("adapter only", reported >= 0.5), ("news", p_dev >= 0.5))
    for name, pred in rows:
        f1, precision, recall = _f1(news_dev.labels, pred)
        share = float(pred.mean())
        print(f"PolNeAR dev weak labels, {name:<12} model: F1 {f1:.4f}  P {precision:.4f}  R {recall:.4f}  "
              f"share of claims {share:.3f}")
        metrics = {"polnear_dev_f1": round(f1, 4), "polnear_dev_precision": round(precision, 4),
                   "polnear_dev_recall": round(recall, 4), "polnear_dev_share": round(share, 4)}
    print(f"news adapter: C={news.c}, transcript log-odds weight {news.transcript_weight:+.4f}, "
          f"{len(news.lexical)} lexical features (df >= {NEWS_MIN_DF})")
    return {
        "about": "Reported-claim adapter for news on the transcript log-odds (PolNeAR weak labels), noisy-OR with it.",
        "data_sha256": _tree_sha256(root, ("train", "dev")),
        "C": news.c,
        "min_df": NEWS_MIN_DF,
        "metrics": metrics,
        "intercept": news.intercept,
        "transcript_weight": news.transcript_weight,
        "cues": news.cues,
        "lexical": news.lexical,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Train, calibrate, write the artifact and print its figures."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - train extra only
    from sklearn.model_selection import StratifiedKFold  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "checkworthiness")
    parser.add_argument("--news", type=Path, default=ROOT.parent / "shared" / "data" / "attribution")
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    parser.add_argument("--cv", action="store_true", help="also print 5-fold cross-validated F1 on train")
    args = parser.parse_args(argv)

    x_train, y_train = load_checkthat(args.data, "train")
    x_dev, y_dev = load_checkthat(args.data, "dev")
    x_test, y_test = load_checkthat(args.data, "dev-test")
    print(f"rows: train {len(x_train)}, dev {len(x_dev)}, dev-test {len(x_test)}; seed {SEED}; C {C}")

    design = SparseDesign(x_train, min_df=MIN_DF)
    a_train = design.matrix(x_train)
    print(f"features: {len(design.lexical)} lexical (df >= {MIN_DF}), {len(design.cues)} cues")

    def fit(a: object, y: npt.NDArray[np.bool_]) -> LogisticRegression:
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, tol=1e-6, random_state=SEED)
        return model.fit(a, y)

    if args.cv:
        folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
        scores = []
        for tr, te in folds.split(np.zeros(len(y_train)), y_train):
            m = fit(a_train[tr], y_train[tr])  # type: ignore[index]
            scores.append(_f1(y_train[te], m.decision_function(a_train[te]) >= 0)[0])  # type: ignore[index]
        print(f"train 5-fold CV F1(Yes) at margin 0: {np.mean(scores):.4f} ± {np.std(scores):.4f}")

    model = fit(a_train, y_train)
    z_dev = model.decision_function(design.matrix(x_dev))
    platt = LogisticRegression(C=1e6, class_weight="balanced", max_iter=1000).fit(z_dev[:, None], y_dev)
    pa, pb = float(platt.coef_[0][0]), float(platt.intercept_[0])
    p_dev = _sigmoid(pa * z_dev + pb)
    f1, prec, rec = _f1(y_dev, p_dev >= 0.5)
    dev_prior = float(y_dev.mean())
    p_at_prior = _sigmoid(pa * z_dev + pb + _logit(dev_prior))
    brier = float(np.mean((p_at_prior - y_dev) ** 2))
    print(f"Platt on dev (classes weighted equally): a={pa:.4f} b={pb:.4f}")
    print(f"dev   F1(Yes)@0.5 {f1:.4f}  P {prec:.4f}  R {rec:.4f}")
    print(f"dev   at the dev prior {dev_prior:.3f}: Brier {brier:.4f}  ECE {_ece(y_dev, p_at_prior):.4f}")

    def transcript_logit(sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        return np.asarray(pa * model.decision_function(design.matrix(sentences)) + pb, dtype=np.float64)

    news = _train_news(args.news, transcript_logit, cv=args.cv)

    coef = model.coef_[0]
    n_lex = len(design.lexical)
    artifact = {
        "about": "Check-worthiness: logistic regression over _score_features, Platt-calibrated on CheckThat! dev.",
        "trained_by": "train/checkworthiness.py",
        "features_version": FEATURES_VERSION,
        "data_sha256": {split: _sha256(args.data / name) for split, name in _FILES.items()},
        "seed": SEED,
        "C": C,
        "min_df": MIN_DF,
        "intercept": round(float(model.intercept_[0]), 6),
        "platt": [round(pa, 6), round(pb, 6)],
        "metrics": {"dev_f1": round(f1, 4), "dev_precision": round(prec, 4), "dev_recall": round(rec, 4)},
        "cues": {f: round(float(w), 6) for f, w in zip(design.cues, coef[n_lex:], strict=True)},
        "lexical": {f: round(float(w), 6) for f, w in zip(design.lexical, coef[:n_lex], strict=True)},
        "news": news,
    }
    z_test = model.decision_function(design.matrix(x_test))
    f1_t, prec_t, rec_t = _f1(y_test, _sigmoid(pa * z_test + pb) >= 0.5)
    artifact["metrics"].update(  # type: ignore[attr-defined]
        {"dev_test_f1": round(f1_t, 4), "dev_test_precision": round(prec_t, 4), "dev_test_recall": round(rec_t, 4)}
    )
    print(f"dev-test F1(Yes)@0.5 {f1_t:.4f}  P {prec_t:.4f}  R {rec_t:.4f}   (reported, not tuned on)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(artifact, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
