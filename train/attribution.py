"""Train the attributor's cue and source models on PolNeAR train (never dev).

    .venv/bin/python train/attribution.py [--epochs 5] [--out PATH]   # default: claims/data/attribution_model.json

What is learned, all from the train split:
- the cue vocabulary: words that were inside a gold cue at least ``MIN_CUE_COUNT`` times and at a rate of at least
  ``MIN_CUE_RATE`` (so "said" and "according" are asked about, "the" never is), with each word's rate;
- which following words join a strong cue word ("pointed out", "lashed out");
- an averaged perceptron deciding, per candidate word, whether it is part of a cue;
- an averaged perceptron ranking the source candidates of each gold cue (none, a span ending at the cue, a span
  starting after it).
The artifact is JSON (weights rounded, near-zero ones dropped) so it diffs and loads without numpy.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train.attribution_polnear import Doc, load_split

from claimwire.core.claims._attribution_features import (
    FEATURES_VERSION,
    SourceCandidate,
    cue_features,
    has_quote_mark,
    source_candidates,
    source_features,
)
from claimwire.core.claims._sentence_tokens import Tokens, tokenize
from claimwire.core.claims.sentences import split_sentences

__all__ = ["main"]

MIN_CUE_COUNT = 3
MIN_CUE_RATE = 0.02
EXT_MIN_COUNT = 4
EXT_MIN_RATE = 0.5
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "services/claimwire/core/claims/data/attribution_model.json"


class Perceptron:
    """Averaged perceptron over sparse string features (binary or ranking updates)."""

    def __init__(self) -> None:
        self.w: dict[str, float] = defaultdict(float)
        self.total: dict[str, float] = defaultdict(float)
        self.stamp: dict[str, int] = defaultdict(int)
        self.t = 0

    def score(self, feats: list[str]) -> float:
        w = self.w
        return sum(w.get(f, 0.0) for f in feats)

    def update(self, feats: list[str], delta: float) -> None:
        for f in feats:
            self.total[f] += (self.t - self.stamp[f]) * self.w[f]
            self.stamp[f] = self.t
            self.w[f] += delta

    def tick(self) -> None:
        self.t += 1

    def averaged(self, min_abs: float) -> dict[str, float]:
        out = {}
        for f, w in self.w.items():
            tot = self.total[f] + (self.t - self.stamp[f]) * w
            avg = tot / max(1, self.t)
            if abs(avg) >= min_abs:
                out[f] = round(avg, 4)
        return out


def _token_set(toks: Tokens, frags: list[tuple[int, int]]) -> list[int]:
    return [i for i in range(len(toks)) if any(a < toks.ends[i] and toks.starts[i] < b for a, b in frags)]


def _examples(docs: list[Doc]) -> list[tuple[Tokens, bool, set[int], list[tuple[list[int], list[int]]]]]:
    """Per sentence: tokens, has-quote, cue token set, and (cue tokens, source tokens) pairs."""
    out = []
    for doc in docs:
        for s in split_sentences(doc.text):
            toks = tokenize(doc.text, s.start, s.end)
            if not len(toks):
                continue
            cue_tokens: set[int] = set()
            pairs = []
            for ev in doc.events:
                if not ev.cue or not (s.start <= ev.cue[0][0] < s.end):
                    continue
                ct = _token_set(toks, ev.cue)
                if not ct:
                    continue
                cue_tokens.update(ct)
                st = _token_set(toks, ev.source) if ev.source else []
                if ev.source and not st:
                    st = [-1]  # source outside the sentence: not learnable here
                pairs.append((ct, st))
            has_quote = has_quote_mark(s.text)
            out.append((toks, has_quote, cue_tokens, pairs))
    return out


def _lexicons(data: list[tuple[Tokens, bool, set[int], list[tuple[list[int], list[int]]]]]) -> dict[str, object]:
    in_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for toks, _, cues, _pairs in data:
        for i, w in enumerate(toks.lower):
            total[w] += 1
            if i in cues:
                in_cue[w] += 1
    vocab = {
        w: round(in_cue[w] / total[w], 4)
        for w in in_cue
        if in_cue[w] >= MIN_CUE_COUNT and in_cue[w] / total[w] >= MIN_CUE_RATE and any(c.isalpha() for c in w)
    }
    return {"vocab": vocab}


Example = tuple[Tokens, bool, set[int], list[tuple[list[int], list[int]]]]


def _right_ext(data: list[Example], vocab: dict[str, float]) -> list[str]:
    """Word pairs where the second word joins a strong cue word in most of its occurrences there."""
    right: Counter[tuple[str, str]] = Counter()
    right_tot: Counter[tuple[str, str]] = Counter()
    for toks, _, cues, _ in data:
        for i in range(len(toks) - 1):
            if i in cues and vocab.get(toks.lower[i], 0.0) >= 0.3 and toks.lower[i + 1] not in vocab:
                key = (toks.lower[i], toks.lower[i + 1])
                right_tot[key] += 1
                if i + 1 in cues:
                    right[key] += 1
    return sorted(
        f"{a} {b}"
        for (a, b), n in right.items()
        if b.isalpha() and n >= EXT_MIN_COUNT and n / right_tot[(a, b)] >= EXT_MIN_RATE
    )


def _cue_pass(model: Perceptron, example: Example, vocab: dict[str, float]) -> tuple[int, int]:
    toks, has_quote, cues, _ = example
    errs = n = 0
    for i, w in enumerate(toks.lower):
        if w not in vocab:
            continue
        model.tick()
        feats = cue_features(toks, i, has_quote)
        gold = i in cues
        n += 1
        if (model.score(feats) > 0) != gold:
            errs += 1
            model.update(feats, 1.0 if gold else -1.0)
    return errs, n


def _gold_candidate(st: list[int], cs: int, cands: list[SourceCandidate]) -> SourceCandidate:
    if not st:
        return ("N", 0, 0)
    span = (st[0], st[-1] + 1)
    if ("P", *span) in cands:
        return ("P", *span)
    return ("L", *span) if st[0] < cs else ("R", *span)


def _source_pass(model: Perceptron, example: Example, vocab: dict[str, float]) -> tuple[int, int]:
    toks, _, _, pairs = example
    errs = n = 0
    previous: tuple[int, int] | None = None
    for ct, st in sorted(pairs):
        if st == [-1]:
            previous = None
            continue
        cs, ce = min(ct), max(ct) + 1
        head = max(toks.lower[cs:ce], key=lambda x: vocab.get(x, 0.0))
        cands = source_candidates(toks, cs, ce, previous)
        if st and st[-1] + 1 <= cs:
            previous = (st[0], st[-1] + 1)
        gold = _gold_candidate(st, cs, cands)
        if gold not in cands:
            continue
        model.tick()
        feats_all = [source_features(toks, c, cs, ce, head) for c in cands]
        scores = [model.score(f) for f in feats_all]
        best = max(range(len(cands)), key=scores.__getitem__)
        n += 1
        if cands[best] != gold:
            errs += 1
            model.update(feats_all[cands.index(gold)], 1.0)
            model.update(feats_all[best], -1.0)
    return errs, n


def train(epochs: int, seed: int) -> dict[str, object]:
    """Learn the lexicons and both perceptrons on PolNeAR train; returns the artifact as a dict."""
    data = _examples(load_split("train"))
    vocab: dict[str, float] = _lexicons(data)["vocab"]  # type: ignore[assignment]
    rng = random.Random(seed)
    cue_model, src_model = Perceptron(), Perceptron()
    for epoch in range(epochs):
        rng.shuffle(data)
        totals = [0, 0, 0, 0]
        for example in data:
            e1, n1 = _cue_pass(cue_model, example, vocab)
            e2, n2 = _source_pass(src_model, example, vocab)
            totals = [totals[0] + e1, totals[1] + n1, totals[2] + e2, totals[3] + n2]
        print(f"epoch {epoch}: cue errors {totals[0]}/{totals[1]}, source errors {totals[2]}/{totals[3]}", flush=True)
    return {
        "features_version": FEATURES_VERSION,
        "trained_on": "PolNeAR v1.0.0 train (first annotator per article)",
        "cue_vocab": vocab,
        "right_ext": _right_ext(data, vocab),
        "cue_weights": cue_model.averaged(0.01),
        "source_weights": src_model.averaged(0.01),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    model = train(args.epochs, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(
        f"wrote {args.out}: {len(model['cue_vocab'])} cue words, "  # type: ignore[arg-type]
        f"{len(model['cue_weights'])} cue / {len(model['source_weights'])} source weights"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
