"""Train the normalizer's block classifier and text-mode selection thresholds; write ``core/normalize/_weights.json``.

    .venv/bin/python train/extraction.py [--data ../shared/data/extraction-dev] [--folds 5] [--out FILE] [--check]

Reproducible: fixed data (the dev pages and flatteners' cached output), deterministic folds (sites by CRC32), a
deterministic Newton solver and no random numbers, so a rerun rewrites the shipped file byte for byte (``--check``
compares instead of writing; ``--out`` writes elsewhere). Needs numpy, plus the bench's html2text and inscriptis for
the text-mode flatteners.

Method, and why:
- Units are HTML blocks (``html``) or lines of flattened text (``text``); a unit is labelled article text when most
  of its 4-token shingles are in the page's truth. Text mode trains on a mix of flattenings of the same pages (lynx,
  inscriptis, html2text, a browser-like innerText; ``extraction_flatten``) so it does not learn one's quirks.
- Two logistic layers per mode (``extraction_fit``): stage one on a unit's own features, a context layer on those
  plus out-of-fold stage-one scores of its neighbours, its container and the page's likely run. Folds group pages
  by site, so a site is never on both sides. Each layer's L2 strength is chosen by the same folds (log-loss).
- Text mode's five selection thresholds (``_select.Tuning``) are chosen on scores of held-out folds
  (``extraction_select``) and shipped beside the weights; HTML keeps the defaults.
- Figures printed: unit-level F1 (units scored over 0.5, no run selection) held out by site and in-sample, and
  the chosen L2 strengths and thresholds. ``bench/extraction.py`` gives the end-to-end (nested) held-out figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "services"))
sys.path.insert(0, str(ROOT))

from train.extraction_data import default_data_dir, load_pages  # noqa: E402
from train.extraction_fit import L2_GRID, REPEAT, chosen_l2, fit, samples_for, text_modes, unit_f1, unit_level  # noqa: E402
from train.extraction_select import choose_tuning, tuning_json  # noqa: E402

__all__ = ["WEIGHTS", "main"]

WEIGHTS = ROOT / "services/claimwire/core/normalize/_weights.json"


def main() -> None:
    """Train both modes, print their figures and write (or check) the weights file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=default_data_dir(), help="extraction-dev folder")
    ap.add_argument("--folds", type=int, default=5, help="site-grouped folds for L2, thresholds and figures")
    ap.add_argument("--out", type=Path, default=WEIGHTS, help="where to write the weights")
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    ap.add_argument("--no-figures", action="store_true", help="skip the per-fold unit-level figures")
    args = ap.parse_args()
    pages = load_pages(args.data)
    out: dict[str, object] = {}
    for mode in ("html", "text"):
        modes = ["html"] if mode == "html" else text_modes("all")
        data = samples_for(pages, modes, args.folds)
        weights = fit(data, args.folds, repeat=REPEAT[mode], grid=L2_GRID[mode])
        if mode == "text":
            tuning, f1 = choose_tuning(data, args.folds, weights)
            weights["select"] = tuning_json(tuning)
            print(f"text selection thresholds (held-out F1 {f1:.3f}): {weights['select']}")
        out[mode] = weights
        print(f"{mode} L2 per layer: {chosen_l2(weights)}")
        if args.no_figures:
            continue
        held: list[np.ndarray] = [np.zeros(0)] * len(data)
        for f in range(args.folds):
            fold_weights = fit([s for s in data if s.group != f], args.folds, repeat=REPEAT[mode], grid=L2_GRID[mode])
            idx = [i for i, s in enumerate(data) if s.group == f]
            for i, sc in zip(idx, unit_level([data[i] for i in idx], fold_weights), strict=True):
                held[i] = sc
        full = unit_level(data, weights)
        for m in modes:
            part = [i for i, s in enumerate(data) if s.mode == m]
            print(f"{m:<16} unit-level F1: held out by site ({args.folds} folds) "
                  f"{unit_f1([data[i] for i in part], [held[i] for i in part]).f1:.3f}, "
                  f"in-sample {unit_f1([data[i] for i in part], [full[i] for i in part]).f1:.3f}")  # fmt: skip
    text = json.dumps(out, indent=1) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == text
        print(f"{args.out}: {'identical' if same else 'DIFFERS'}")
        sys.exit(0 if same else 1)
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
