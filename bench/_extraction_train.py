"""Train the normalizer's block classifier on the dev pages and write ``core/normalize/_weights.json``.

    .venv/bin/python bench/_extraction_train.py [--data DIR] [--folds 5] [--no-write]

Labels come from the ground truth: a unit is article text when most of its 4-token shingles are in the truth.
Stage two is trained on out-of-fold stage-one scores, so it learns how far to trust them on unseen pages; the
printed cross-validated F1 (pages held out by fold) is the honest estimate, the in-sample figure is not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_data import default_data_dir, load_pages
from _extraction_metric import score_page, summarize
from claimwire.core.normalize._features import (
    STAGE1_NAMES,
    STAGE2_NAMES,
    offsets,
    stage1_features,
    stage2_features,
)
from claimwire.core.normalize._html_units import html_units
from claimwire.core.normalize._text_units import text_units
from claimwire.core.normalize._units import Unit

WEIGHTS = Path(__file__).resolve().parent.parent / "services/claimwire/core/normalize/_weights.json"
_N = 4


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _label(unit: Unit, truth_shingles: set[tuple[str, ...]], truth_joined: str) -> float:
    toks = _tokens(unit.text)
    if not toks:
        return 0.0
    if len(toks) < _N:
        return 1.0 if f" {' '.join(toks)} " in truth_joined else 0.0
    sh = [tuple(toks[i : i + _N]) for i in range(len(toks) - _N + 1)]
    return 1.0 if sum(s in truth_shingles for s in sh) / len(sh) >= 0.5 else 0.0


LEX_L2 = 200.0  # cue weights stay near their fixed prior unless the data insist


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> dict[str, object]:
    off = x[:, -1]
    x = x[:, :-1]
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    # Cue counts stay in raw units: rare cues would otherwise be blown up by a tiny spread and swamp the prior.
    is_lex = np.array([n.startswith("lex_") for n in STAGE2_NAMES[: x.shape[1]]])
    mean[is_lex], scale[is_lex] = 0.0, 1.0
    z = (x - mean) / scale
    z = np.hstack([z, np.ones((len(z), 1))])
    beta = np.zeros(z.shape[1])
    lex = [LEX_L2 if n.startswith("lex_") else 1.0 for n in STAGE2_NAMES[: len(beta) - 1]]
    reg = np.r_[lex, 0]

    def loss(b: np.ndarray) -> float:
        t = z @ b + off
        return float(np.sum(w * (np.logaddexp(0, t) - y * t)) + 0.5 * l2 * np.sum(reg * b * b))

    current = loss(beta)
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(z @ beta + off, -30, 30)))
        grad = z.T @ (w * (p - y)) + l2 * reg * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + l2 * np.diag(reg)
        step = np.linalg.solve(hess + 1e-6 * np.eye(len(beta)), grad)
        t = 1.0
        while t > 1e-4 and loss(beta - t * step) > current:  # damped Newton: never let the loss go up
            t /= 2
        beta -= t * step
        new = loss(beta)
        if current - new < 1e-9:
            break
        current = new
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": beta[:-1].tolist(), "intercept": float(beta[-1])}


def _predict(model: dict[str, object], x: np.ndarray) -> np.ndarray:
    z = (x[:, :-1] - np.array(model["mean"])) / np.array(model["scale"])
    logit = z @ np.array(model["coef"]) + float(model["intercept"]) + x[:, -1]  # type: ignore[arg-type]
    out: np.ndarray = 1 / (1 + np.exp(-np.clip(logit, -30, 30)))
    return out


def _with_offsets(rows: list[list[float]], off: list[float]) -> np.ndarray:
    """Feature rows with the lexicon prior as a last column (the fit uses it as a fixed offset)."""
    return np.array([[*r, o] for r, o in zip(rows, off, strict=True)])


def _weights(units: list[Unit]) -> np.ndarray:
    words = np.array([max(1, len(_tokens(u.text))) for u in units], dtype=float)
    out: np.ndarray = words / words.sum() * 100
    return out


def train(mode: str, data: list[tuple[list[Unit], str]], folds: int, stages: int) -> dict[str, object]:
    """Fit both stages for one mode; print cross-validated and in-sample F1."""
    base = [stage1_features(u) for u, _ in data]
    offs = [offsets(b) for b in base]
    x1 = [_with_offsets(b, o) for b, o in zip(base, offs, strict=True)]
    ys, ws = [], []
    for units, truth in data:
        toks = _tokens(truth)
        sh = {tuple(toks[i : i + _N]) for i in range(len(toks) - _N + 1)}
        joined = f" {' '.join(toks)} "
        ys.append(np.array([_label(u, sh, joined) for u in units]))
        ws.append(_weights(units))
    fold_of = [i % folds for i in range(len(data))]
    y_all, w_all = np.concatenate(ys), np.concatenate(ws)

    def out_of_fold(xs: list[np.ndarray]) -> list[np.ndarray]:
        oof = [np.zeros(len(x)) for x in xs]
        for f in range(folds):
            tr = [i for i in range(len(data)) if fold_of[i] != f]
            m = _fit(
                np.vstack([xs[i] for i in tr]), np.concatenate([ys[i] for i in tr]), np.concatenate([ws[i] for i in tr])
            )
            for i in range(len(data)):
                if fold_of[i] == f:
                    oof[i] = _predict(m, xs[i])
        return oof

    def report(name: str, scores: list[np.ndarray]) -> None:
        pages = []
        for i, (units, truth) in enumerate(data):
            out = "\n\n".join(u.text for u, s in zip(units, scores[i], strict=True) if s > 0.5)
            pages.append(score_page(truth, out))
        print(f"{mode} {name}: cross-validated ({folds} folds) {summarize(pages)}")

    oof = out_of_fold(x1)
    report("stage 1", oof)
    layers = [_fit(np.vstack(x1), y_all, w_all)]
    full = [_predict(layers[0], x) for x in x1]
    context = []
    for k in range(stages):
        # Each context layer is trained on out-of-fold scores of the layer before, as it will see on new pages.
        xk = [_with_offsets(stage2_features(u, list(oof[i]), base[i]), offs[i]) for i, (u, _) in enumerate(data)]
        oof = out_of_fold(xk)
        report(f"context {k + 1}", oof)
        model = _fit(np.vstack(xk), y_all, w_all)
        context.append({"features": list(STAGE2_NAMES), **model})
        full = [
            _predict(model, _with_offsets(stage2_features(u, list(full[i]), base[i]), offs[i]))
            for i, (u, _) in enumerate(data)
        ]
    report_in = [
        score_page(t, "\n\n".join(u.text for u, s in zip(us, full[i], strict=True) if s > 0.5))
        for i, (us, t) in enumerate(data)
    ]
    print(f"{mode} in-sample: {summarize(report_in)}")
    return {"stage1": {"features": list(STAGE1_NAMES), **layers[0]}, "context": context}


def main() -> None:
    """Train both modes and write the weights file."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--stages", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--modes", default="html,text")
    args = ap.parse_args()
    pages = load_pages(args.data)
    out: dict[str, object] = json.loads(WEIGHTS.read_text()) if WEIGHTS.exists() else {}
    for mode in args.modes.split(","):
        if mode == "html":
            data = [(html_units(LexborHTMLParser(p.html), max_depth=400, max_units=20000), p.truth) for p in pages]
        else:
            data = [(text_units(p.text or "", max_units=20000), p.truth) for p in pages]
        out[mode] = train(mode, data, args.folds, args.stages)
    if not args.no_write:
        WEIGHTS.write_text(json.dumps(out, indent=1) + "\n")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
