"""Train the normalizer's block classifier on the dev pages and write ``core/normalize/_weights.json``.

    .venv/bin/python bench/_extraction_train.py [--data DIR] [--folds 5] [--modes html,text] [--no-write]

Labels come from the ground truth: a unit is article text when most of its 4-token shingles are in the truth.
Text mode trains on a mix of flattenings of the same pages (lynx, inscriptis, html2text, a browser-like innerText;
see ``_extraction_flatten``) so it does not learn one flattener's quirks. The context layer is trained on
out-of-fold stage-one scores, so it learns how far to trust them on unseen pages. Folds group pages by site, so a
site's pages are never on both sides. The printed figures are unit-level (units scored > 0.5, no run selection);
``bench/extraction.py --cv`` gives the honest end-to-end held-out figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_data import Page, default_data_dir, load_pages
from _extraction_flatten import FLATTENERS, flatten
from _extraction_metric import Score, score_page, summarize
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

#: Rounds of the shared-weight context layer per mode, chosen by the held-out figures: flattened text gains from
#: a second round (evidence travels further along lines), HTML blocks do not.
REPEAT = {"html": 1, "text": 2}
#: Relabel shingle-less units by their neighbours (``_smooth_short``). Off: it moved held-out text F1 by +0.003
#: only, and the model trained with it dropped the second paragraph of a two-paragraph page (a unit test).
SMOOTH_SHORT = False
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


def _unit_weights(units: list[Unit]) -> np.ndarray:
    words = np.array([max(1, len(_tokens(u.text))) for u in units], dtype=float)
    out: np.ndarray = words / words.sum() * 100
    return out


@dataclass
class Sample:
    """One page in one layout, ready for fitting: units, stage-one rows, lexicon offsets, labels, weights."""

    units: list[Unit]
    truth: str
    group: int
    base: list[list[float]]
    offs: list[float]
    y: np.ndarray
    w: np.ndarray


def site_of(page: Page) -> str:
    """The page's host without ``www.``: folds group by it."""
    host = (urlsplit(page.url).hostname or page.id).lower()
    return host[4:] if host.startswith("www.") else host


def site_folds(pages: Sequence[Page], folds: int) -> list[int]:
    """Fold of each page: sites spread over folds by a stable hash, so a site never straddles two folds."""
    sites = sorted({site_of(p) for p in pages}, key=lambda s: zlib.crc32(s.encode()))
    fold_of_site = {s: i % folds for i, s in enumerate(sites)}
    return [fold_of_site[site_of(p)] for p in pages]


def page_units(page: Page, mode: str) -> list[Unit]:
    """The units the normalizer classifies: HTML blocks, or lines of the flattening named by ``mode`` (text:NAME)."""
    if mode == "html":
        return html_units(LexborHTMLParser(page.html), max_depth=256, max_units=20000)
    return text_units(flatten(page, mode.split(":", 1)[1]), max_units=20000)


def _smooth_short(units: list[Unit], labels: list[float], reach: int = 3) -> np.ndarray:
    """Labels where a unit too short for shingles ("2.", "Share", a name) counts as article text only when a
    shingled unit next to it (within ``reach``, either side) does: a lone token is in almost any truth, so the raw
    phrase test alone teaches that list numbers and buttons are article text."""
    long_ = [len(_tokens(u.text)) >= _N for u in units]
    out = list(labels)
    for i, lab in enumerate(labels):
        if lab and not long_[i]:
            near = [labels[j] for j in range(max(0, i - reach), min(len(units), i + reach + 1)) if long_[j]]
            out[i] = 1.0 if any(near) else 0.0
    return np.array(out)


def sample(units: list[Unit], truth: str, group: int) -> Sample:
    """Features, offsets, labels and weights of one page's units."""
    base = stage1_features(units)
    toks = _tokens(truth)
    sh = {tuple(toks[i : i + _N]) for i in range(len(toks) - _N + 1)}
    joined = f" {' '.join(toks)} "
    labels = [_label(u, sh, joined) for u in units]
    y = _smooth_short(units, labels) if SMOOTH_SHORT else np.array(labels)
    return Sample(units, truth, group, base, offsets(base), y, _unit_weights(units) if units else np.zeros(0))


def _stack(samples: Sequence[Sample], rows: Sequence[list[list[float]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.vstack([_with_offsets(r, s.offs) for s, r in zip(samples, rows, strict=True) if s.units])
    y = np.concatenate([s.y for s in samples if s.units])
    w = np.concatenate([s.w for s in samples if s.units])
    return x, y, w


def _scores(model: dict[str, object], s: Sample, rows: list[list[float]]) -> np.ndarray:
    return _predict(model, _with_offsets(rows, s.offs)) if s.units else np.zeros(0)


def _out_of_fold(samples: Sequence[Sample], rows: Sequence[list[list[float]]], folds: int) -> list[np.ndarray]:
    """Each sample's scores from a layer fitted without its (site-grouped) fold."""
    oof = [np.zeros(len(s.units)) for s in samples]
    groups = sorted({s.group % folds for s in samples})
    for g in groups if len(groups) > 1 else []:
        train_ = [i for i, s in enumerate(samples) if s.group % folds != g]
        m = _fit(*_stack([samples[i] for i in train_], [rows[i] for i in train_]))
        for i, s in enumerate(samples):
            if s.group % folds == g:
                oof[i] = _scores(m, s, rows[i])
    return oof


def fit(samples: Sequence[Sample], folds: int, stages: int = 1, repeat: int = 1) -> dict[str, object]:
    """All layers of one mode; each context layer learns from the layer before's out-of-fold scores, as it will
    see them on unseen pages. The last context layer is applied ``repeat`` times (shared weights): each pass lets
    evidence travel further along the page, like the rounds of an iterative smoother."""
    rows = [s.base for s in samples]
    first = _fit(*_stack(samples, rows))
    oof = _out_of_fold(samples, rows, folds)
    context = []
    for k in range(stages):
        rows = [stage2_features(s.units, list(o), s.base) for s, o in zip(samples, oof, strict=True)]
        context.append({"features": list(STAGE2_NAMES), **_fit(*_stack(samples, rows))})
        if k + 1 < stages:
            oof = _out_of_fold(samples, rows, folds)
    context += context[-1:] * (repeat - 1)
    return {"stage1": {"features": list(STAGE1_NAMES), **first}, "context": context}


def unit_level(samples: Sequence[Sample], weights: dict[str, object]) -> list[np.ndarray]:
    """Each sample's unit scores under ``weights`` (one mode's), as the normalizer computes them."""
    first = weights["stage1"]
    out = []
    for s in samples:
        sc = _scores(first, s, s.base)  # type: ignore[arg-type]
        for layer in weights["context"]:  # type: ignore[attr-defined]
            sc = _scores(layer, s, stage2_features(s.units, list(sc), s.base))
        out.append(sc)
    return out


def _unit_f1(samples: Sequence[Sample], scores: Sequence[np.ndarray]) -> Score:
    return summarize(
        score_page(s.truth, "\n\n".join(u.text for u, p in zip(s.units, sc, strict=True) if p > 0.5))
        for s, sc in zip(samples, scores, strict=True)
    )


def text_modes(flatteners: str) -> list[str]:
    """``text:NAME`` for each flattener named (comma-separated, or "all")."""
    names = list(FLATTENERS) if flatteners == "all" else flatteners.split(",")
    return [f"text:{n}" for n in names]


def samples_for(pages: Sequence[Page], modes: Sequence[str], folds: int) -> list[Sample]:
    """Samples of every page in every mode listed (all text flattenings of a page share its site group)."""
    fold = site_folds(pages, folds)
    return [sample(page_units(p, m), p.truth, fold[i]) for m in modes for i, p in enumerate(pages)]


def main() -> None:
    """Train both modes, print unit-level held-out and in-sample F1, and write the weights file."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--stages", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--modes", default="html,text")
    ap.add_argument("--flatteners", default="all", help="text-mode training mix (comma-separated, or all)")
    args = ap.parse_args()
    pages = load_pages(args.data)
    out: dict[str, object] = json.loads(WEIGHTS.read_text()) if WEIGHTS.exists() else {}
    for mode in args.modes.split(","):
        modes = ["html"] if mode == "html" else text_modes(args.flatteners)
        data = samples_for(pages, modes, args.folds)
        held: list[np.ndarray] = [np.zeros(0)] * len(data)
        for f in range(args.folds):
            weights = fit([s for s in data if s.group != f], args.folds, args.stages, REPEAT[mode])
            idx = [i for i, s in enumerate(data) if s.group == f]
            for i, sc in zip(idx, unit_level([data[i] for i in idx], weights), strict=True):
                held[i] = sc
        out[mode] = fit(data, args.folds, args.stages, REPEAT[mode])
        full = unit_level(data, out[mode])  # type: ignore[arg-type]
        for m in modes:
            part = [i for i, s in enumerate(data) if i // len(pages) == modes.index(m)]
            print(f"{m:<16} unit-level F1: held out by site ({args.folds} folds) "
                  f"{_unit_f1([data[i] for i in part], [held[i] for i in part]).f1:.3f}, "
                  f"in-sample {_unit_f1([data[i] for i in part], [full[i] for i in part]).f1:.3f}")  # fmt: skip
    if not args.no_write:
        WEIGHTS.write_text(json.dumps(out, indent=1) + "\n")
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
