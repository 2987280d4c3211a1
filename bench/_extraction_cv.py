"""Held-out figures for the normalizer: retrain per fold (sites grouped), run the whole pipeline on the held-out pages.

The shipped weights were trained on all dev pages, so the bench's plain figures are in-sample. Here each fold's
pages are normalized by a model that never saw their site, trained by the very procedure that made the shipped one
(``train/extraction.py``): L2 strengths, and text mode's selection thresholds, are chosen inside the training folds
(nested), so nothing about a held-out page informs how it is read. This is the estimate to quote for unseen pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from unittest import mock

from train.extraction_data import Page
from train.extraction_fit import L2_GRID, REPEAT, fit, samples_for, site_folds
from train.extraction_metric import Score, score_page, summarize
from train.extraction_select import choose_tuning, tuning_json

from claimwire.core.normalize import _model

__all__ = ["cross_validate"]


def cross_validate(
    pages: Sequence[Page],
    run: Callable[[Page, str], str],
    text_modes: Sequence[str],
    folds: int = 5,
) -> dict[str, Score]:
    """Held-out score per mode ("html", "text:lynx", ...); ``run(page, mode)`` is the extractor under test."""
    fold = site_folds(pages, folds)
    html = samples_for(pages, ["html"], folds)
    text = samples_for(pages, text_modes, folds)
    outputs: dict[str, list[str]] = {m: [""] * len(pages) for m in ["html", *text_modes]}
    for f in range(folds):
        text_train = [s for s in text if s.group != f]
        weights = {
            "html": fit([s for s in html if s.group != f], folds, repeat=REPEAT["html"], grid=L2_GRID["html"]),
            "text": fit(text_train, folds, repeat=REPEAT["text"], grid=L2_GRID["text"]),
        }
        weights["text"]["select"] = tuning_json(choose_tuning(text_train, folds, weights["text"])[0])
        layers = {mode: _model.layers_from(weights, mode) for mode in ("html", "text")}
        tunings = {mode: _model.tuning_from(weights, mode) for mode in ("html", "text")}
        with (
            mock.patch.object(_model, "_layers", layers.__getitem__),
            mock.patch.object(_model, "_tuning", tunings.__getitem__),
        ):
            for i, page in enumerate(pages):
                if fold[i] == f:
                    for mode, out in outputs.items():
                        out[i] = run(page, mode)
    return {
        mode: summarize(score_page(p.truth, o) for p, o in zip(pages, out, strict=True))
        for mode, out in outputs.items()
    }
