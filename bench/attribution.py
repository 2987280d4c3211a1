"""Benchmark the attributor on PolNeAR dev beside a reporting-verb lexicon baseline run in the same process.

    .venv/bin/python bench/attribution.py [--split dev] [--root ../shared/data/attribution]

Prints cue / source / content-exact / content-overlap precision, recall and F1 (definitions in
``_attribution_metric.py``) for claimwire's attributor and for the baseline (a fixed reporting-verb lexicon, the
nearest name or pronoun next to the verb as source, the rest of the sentence as content), the F1 ratio
claimwire / baseline, and the attributor's speed in sentences per second, per wall-clock and per CPU second (best
of three passes; the machine is shared, so run it more than once). claimwire is scored twice: by default (cues
from the fine-tuned MiniLM encoder) and with ``fast=True`` (cues from the CNN), with both speeds. Both systems
split text with ``claims.sentences`` and score against the lexicographically first annotator of each article;
trigger-only gold events are dropped.

Anchors from elsewhere (not run here): Citron on PARC 3.0 82.3 / 82.0 / 59.3 / 83.3.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._attribution_metric import Counts, Span, score_article
from threadpoolctl import threadpool_limits
from train.attribution_polnear import DEFAULT_ROOT, load_split

from claimwire.core.claims._attribution_extract import find_attributions
from claimwire.core.claims.attribution import attribute
from claimwire.core.claims.entities import find_entities
from claimwire.core.claims.sentences import Sentence, split_sentences

__all__ = ["baseline", "claimwire_spans", "main"]

Triple = tuple[Span, Span, Span]

_BASELINE_CUES = re.compile(
    r"\b(?:said|says|say|told|tells|added|wrote|writes|reported|reports|claimed|claims|stated|announced|noted|"
    r"explained|argued|asked|tweeted|insisted|warned|according to|citing|cited|quoted|believes?|thinks?)\b"
)
_NAME = re.compile(r"(?:\b(?:he|she|they|it|we|I)\b|(?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*)")


def baseline(text: str, sentences: Sequence[Sentence]) -> list[Triple]:
    """Reporting-verb lexicon + nearest-name rule: the simple peer the attributor is compared with."""
    out: list[Triple] = []
    for s in sentences:
        for m in _BASELINE_CUES.finditer(s.text):
            cue = (s.start + m.start(), s.start + m.end())
            before = list(_NAME.finditer(s.text, 0, m.start()))
            after = _NAME.search(s.text, m.end())
            src: list[tuple[int, int]] = []
            if before and before[-1].end() >= m.start() - 1:
                src = [(s.start + before[-1].start(), s.start + before[-1].end())]
            elif after and after.start() <= m.end() + 1:
                src = [(s.start + after.start(), s.start + after.end())]
            left = (s.start, (src[0][0] if src and src[0][0] < cue[0] else cue[0]))
            right = (max(cue[1], src[0][1] if src else cue[1]), s.end)
            content = right if right[1] - right[0] > left[1] - left[0] else left
            out.append(([cue], src, [content]))
    return out


def claimwire_spans(text: str, sentences: Sequence[Sentence], *, fast: bool = False) -> list[Triple]:
    """Every attribution claimwire's extractor finds, as (cue, source, content) fragments."""
    out: list[Triple] = []
    for sa in find_attributions(text, sentences, fast=fast):
        for ev in sa.events:
            content = [ev.content] if ev.content else []
            out.append(([ev.cue], [ev.source] if ev.source else [], content + ([ev.resumed] if ev.resumed else [])))
    return out


def _row(name: str, c: Counts) -> list[float]:
    cue, src, con = c.prf("cue"), c.prf("source"), c.prf("content")
    op, orr = c.prf("overlap_p")[0], c.prf("overlap_r")[1]
    of1 = 2 * op * orr / (op + orr) if op + orr else 0.0
    cells = [cue, src, con, (op, orr, of1)]
    print(f"{name:<22}" + "  ".join(f"{100 * p:5.1f} {100 * r:5.1f} {100 * f:5.1f}" for p, r, f in cells))
    return [f for _, _, f in cells]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = ap.parse_args()
    docs = load_split(args.split, args.root)
    split = [split_sentences(d.text) for d in docs]
    ours, fast, base = Counts(), Counts(), Counts()
    for doc, sents in zip(docs, split, strict=True):
        gold: list[Triple] = [(e.cue, e.source, e.content) for e in doc.events]
        score_article(doc.text, claimwire_spans(doc.text, sents), gold, ours)
        score_article(doc.text, claimwire_spans(doc.text, sents, fast=True), gold, fast)
        score_article(doc.text, baseline(doc.text, sents), gold, base)
    n_gold = sum(len(d.events) for d in docs)
    n_sent = sum(len(s) for s in split)
    print(f"PolNeAR {args.split}: {len(docs)} articles, {n_sent} sentences, {n_gold} gold attributions")
    print(
        f"{'':<22}" + "  ".join(f"{h:^17}" for h in ("cue P R F1", "source P R F1", "content-exact", "content-overlap"))
    )
    f_ours = _row("claimwire", ours)
    _row("claimwire fast (CNN)", fast)
    f_base = _row("baseline (lexicon)", base)
    print(
        f"{'ratio F1 (ours/base)':<22}"
        + "  ".join(f"{a / b if b else 0.0:^17.2f}" for a, b in zip(f_ours, f_base, strict=True))
    )
    for name, c in (("claimwire", ours), ("claimwire fast", fast), ("baseline", base)):
        print(
            f"where source F1 is lost, {name}: {100 * c.prf('cue_touch')[1]:.1f}% of gold cues touched by a predicted"
            f" cue; source right for {100 * c.prf('source_given_cue')[0]:.1f}% of predictions whose cue touches one"
        )
    entities = [find_entities(d.text) for d in docs]
    with threadpool_limits(limits=1):  # one core, as the service's workers run it (app_pool pins BLAS threads)
        runs = {
            name: _timed(
                lambda f=f: [  # type: ignore[misc]
                    attribute(d.text, s, outlet="Outlet", entities=e, fast=f)
                    for d, s, e in zip(docs, split, entities, strict=True)
                ]
            )
            for name, f in (("attribute()", False), ("attribute(fast=True)", True))
        }
    base_wall, base_cpu = _timed(lambda: [baseline(d.text, s) for d, s in zip(docs, split, strict=True)])
    for name, (wall, cpu) in runs.items():
        print(
            f"speed: {name} {n_sent / wall:,.0f} sentences/s wall, {n_sent / cpu:,.0f} per CPU-second (entities given)"
        )
    print(f"speed: baseline {n_sent / base_wall:,.0f} wall, {n_sent / base_cpu:,.0f} per CPU-second; best of 3")
    slow, quick = runs["attribute()"][0], runs["attribute(fast=True)"][0]
    print(f"speed ratio fast / default: {slow / quick:.1f}x (wall)")


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best process-CPU seconds of three runs (CPU time is steadier on a shared machine)."""
    wall = cpu = float("inf")
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    return wall, cpu


if __name__ == "__main__":
    main()
