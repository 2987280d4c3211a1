"""Side-by-side extraction benchmark: claimwire's normalizer against trafilatura and resiliparse, in one run.

    .venv/bin/python bench/extraction.py [--data DIR] [--repeat N] [--no-cv] [--folds 5]

HTML mode: every extractor gets each dev page's HTML. Text mode: every extractor gets the lynx-flattened text of the
same pages (``text-lynx/``); the baseline takes the whole text as the article, and trafilatura is given the text
with one ``<p>`` per line. Then text mode per flattener (lynx, inscriptis, html2text, a browser-like innerText; see
``train/extraction_flatten.py``). Prints precision, recall and F1 (the benchmark's shingle metric, see the data README)
and pages/s per extractor, then claimwire's ratios to trafilatura.

The shipped weights were trained on these very pages, so claimwire's figures above are IN-SAMPLE. The last table
(skip with ``--no-cv``) gives HELD-OUT figures: the classifier retrained per fold with whole sites held out, by the
same procedure as ``train/extraction.py`` (L2 strengths and text thresholds chosen inside the training folds), the
full pipeline run on the held-out pages; quote those for unseen pages. Data: ``$CLAIMWIRE_EXTRACTION_DATA`` or
``../shared/data/extraction-dev`` beside the repo. A benchmark, not a test: speed figures depend on the machine.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import trafilatura
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "services"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train.extraction_data import Page, default_data_dir, load_pages  # noqa: E402
from train.extraction_flatten import FLATTENERS, flattened  # noqa: E402
from train.extraction_metric import Score, score_page, summarize  # noqa: E402

from _extraction_cv import cross_validate  # noqa: E402
from claimwire.core.errors import NormalizeError  # noqa: E402
from claimwire.core.models import RawArticle  # noqa: E402
from claimwire.core.normalize import NORMALIZER_VERSION, normalize  # noqa: E402

Extractor = Callable[[Page], str]
_FETCHED = datetime(2020, 1, 1, tzinfo=UTC)


def _claimwire(content_type: str) -> Extractor:
    def run(page: Page) -> str:
        body = page.html if content_type == "text/html" else page.text or ""
        raw = RawArticle.model_validate(
            {"id": page.id, "url": page.url, "fetched_at": _FETCHED, "content_type": content_type, "body": body}
        )
        try:
            return normalize(raw).text
        except NormalizeError:
            return ""

    return run


def _run_mode(page: Page, mode: str) -> str:
    """claimwire on ``page`` in a cross-validation mode: "html" or "text:<flattener>" (``page.text`` is set)."""
    return _claimwire("text/html" if mode == "html" else "text/plain")(page)


def _trafilatura_html(page: Page) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


def _trafilatura_text(page: Page) -> str:
    wrapped = "".join(f"<p>{html.escape(line)}</p>" for line in (page.text or "").splitlines() if line.strip())
    return trafilatura.extract(f"<html><body>{wrapped}</body></html>") or ""


def _resiliparse_html(page: Page) -> str:
    return str(extract_plain_text(HTMLTree.parse(page.html), main_content=True, alt_texts=False))


def _resiliparse_text(page: Page) -> str:
    wrapped = "".join(f"<p>{html.escape(line)}</p>" for line in (page.text or "").splitlines() if line.strip())
    return str(extract_plain_text(HTMLTree.parse(f"<html><body>{wrapped}</body></html>"), main_content=True))


def _whole_text(page: Page) -> str:
    return page.text or ""


def _measure(extract: Extractor, pages: Sequence[Page], repeat: int) -> tuple[Score, float]:
    outputs: list[str] = []
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        outputs = [extract(p) for p in pages]
        best = min(best, time.perf_counter() - start)
    return summarize(score_page(p.truth, o) for p, o in zip(pages, outputs, strict=True)), len(pages) / best


def _table(title: str, rows: dict[str, tuple[Score, float]]) -> None:
    print(f"\n{title}")
    print(f"| {'extractor':<28} | precision | recall |    F1 | pages/s |")
    print(f"|{'-' * 30}|-----------|--------|-------|---------|")
    for name, (score, speed) in rows.items():
        print(f"| {name:<28} |     {score.precision:.3f} |  {score.recall:.3f} | {score.f1:.3f} | {speed:7.1f} |")


def _ratios(rows: dict[str, tuple[Score, float]], ours: str, peer: str) -> None:
    (mine, my_speed), (theirs, their_speed) = rows[ours], rows[peer]
    print(f"claimwire/trafilatura: F1 x{mine.f1 / theirs.f1:.3f} ({mine.f1 - theirs.f1:+.3f}), "
          f"speed x{my_speed / their_speed:.2f}")  # fmt: skip


def _per_flattener(pages: Sequence[Page], repeat: int) -> dict[str, tuple[Score, float]]:
    rows: dict[str, tuple[Score, float]] = {}
    for name in FLATTENERS:
        flat = flattened(pages, name)
        rows[f"claimwire ({name})"] = _measure(_claimwire("text/plain"), flat, repeat)
        rows[f"whole text ({name})"] = _measure(_whole_text, flat, 1)
    return rows


def _held_out(pages: Sequence[Page], folds: int, in_sample: dict[str, Score]) -> None:
    modes = [f"text:{name}" for name in FLATTENERS]
    by_mode = {"html": pages} | {m: flattened(pages, m.split(":")[1]) for m in modes}

    def run(page: Page, mode: str) -> str:
        return _run_mode(by_mode[mode][pages.index(page)], mode)

    held = cross_validate(pages, run, modes, folds)
    print(f"\nclaimwire IN-SAMPLE (shipped weights, trained on these pages) vs HELD-OUT ({folds} folds by site, "
          "retrained per fold, full pipeline)")  # fmt: skip
    print(f"| {'mode':<16} | in-sample F1 | held-out P | held-out R | held-out F1 |")
    print(f"|{'-' * 18}|--------------|------------|------------|-------------|")
    for mode, score in held.items():
        print(f"| {mode:<16} |        {in_sample[mode].f1:.3f} |      {score.precision:.3f} |      "
              f"{score.recall:.3f} |       {score.f1:.3f} |")  # fmt: skip
    text = [held[m].f1 for m in modes]
    print(f"held-out text F1, mean over flatteners: {sum(text) / len(text):.3f}")


def main() -> None:
    """Run both modes and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=default_data_dir(), help="extraction-dev folder")
    ap.add_argument("--repeat", type=int, default=2, help="timing runs per extractor (best is kept)")
    ap.add_argument("--folds", type=int, default=5, help="folds (by site) for the held-out figures")
    ap.add_argument("--no-cv", action="store_true", help="skip the held-out (retrain per fold) figures")
    args = ap.parse_args()
    pages = load_pages(args.data)
    print(f"{len(pages)} dev pages from {args.data}; claimwire normalizer {NORMALIZER_VERSION}, "
          f"trafilatura {trafilatura.__version__}")  # fmt: skip
    _claimwire("text/html")(pages[0])  # load the model and language identifier outside the timing
    html_rows = {
        "claimwire (html)": _measure(_claimwire("text/html"), pages, args.repeat),
        "trafilatura (default)": _measure(_trafilatura_html, pages, args.repeat),
        "resiliparse (main_content)": _measure(_resiliparse_html, pages, args.repeat),
    }
    _table("HTML mode (html/*.html.gz); claimwire in-sample", html_rows)
    _ratios(html_rows, "claimwire (html)", "trafilatura (default)")
    flat = [p for p in pages if p.text is not None]
    text_rows = {
        "claimwire (text)": _measure(_claimwire("text/plain"), flat, args.repeat),
        "whole text (baseline)": _measure(_whole_text, flat, args.repeat),
        "trafilatura (<p> per line)": _measure(_trafilatura_text, flat, args.repeat),
        "resiliparse (<p> per line)": _measure(_resiliparse_text, flat, args.repeat),
    }
    _table("Text mode (text-lynx/*.txt); claimwire in-sample", text_rows)
    _ratios(text_rows, "claimwire (text)", "trafilatura (<p> per line)")
    flat_rows = _per_flattener(pages, args.repeat)
    _table("Text mode per flattener (same pages); claimwire in-sample", flat_rows)
    if not args.no_cv:
        in_sample = {"html": html_rows["claimwire (html)"][0]} | {
            f"text:{name}": flat_rows[f"claimwire ({name})"][0] for name in FLATTENERS
        }
        _held_out(pages, args.folds, in_sample)


if __name__ == "__main__":
    main()
