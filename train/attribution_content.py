"""Train the attributor's content ranker: which span beside a gold cue and its source is the gold content.

Used by ``train/attribution.py``; candidates and features are the run-time ones in
``claimwire.core.claims._attribution_content``, and the complexes (cue plus adjacent source, with the bounds set
by the sentence's other attributions) are built by the run-time ``complexes`` from the gold cues and sources.
Gold contents that no candidate matches (split around the cue, or starting in another sentence) are skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimwire.core.claims._attribution_content import content_candidates, content_features
from claimwire.core.claims._attribution_extract import complexes
from claimwire.core.claims._attribution_features import SourceCandidate, source_candidates
from claimwire.core.claims._attribution_model import Complex, CueSpan
from claimwire.core.claims._sentence_tokens import Tokens

if TYPE_CHECKING:
    from train.attribution import Example, Perceptron

__all__ = ["content_pass", "gold_candidate"]


def gold_candidate(st: list[int], cs: int, cands: list[SourceCandidate]) -> SourceCandidate:
    """The source candidate a gold source (token indices ``st``) of a cue starting at ``cs`` is."""
    if not st:
        return ("N", 0, 0)
    span = (st[0], st[-1] + 1)
    for side in ("P", "L", "R", "S", "A"):
        if (side, *span) in cands:
            return (side, *span)
    return ("L", *span) if st[0] < cs else ("R", *span)


def _sentence_complexes(example: Example, rates: dict[str, float]) -> list[tuple[Complex, str, list[int]]]:
    """The gold attributions of a sentence as the run time sees them: complexes, cue heads, content tokens."""
    toks = example[0].toks
    cues: list[CueSpan] = []
    sources: list[SourceCandidate] = []
    previous: tuple[int, int] | None = None
    contents = []
    for ct, st, xt in sorted(example[1]):
        cs, ce = ct[0], ct[-1] + 1
        cues.append((cs, ce, max(toks.lower[cs:ce], key=lambda x: rates.get(x, 0.0))))
        src: SourceCandidate = ("N", 0, 0)
        if st and st != [-1]:
            gold = gold_candidate(st, cs, source_candidates(toks, cs, ce, previous))
            src = gold if gold[0] == "P" or gold[1] >= ce or gold[2] <= cs else src
            if st[-1] + 1 <= cs:
                previous = (st[0], st[-1] + 1)
        sources.append(src)
        contents.append(xt)
    return [(c, cue[2], xt) for c, cue, xt in zip(complexes(toks, cues, sources), cues, contents, strict=True)]


def content_pass(model: Perceptron, example: Example, rates: dict[str, float]) -> tuple[int, int]:
    """One ranking update per gold attribution of a sentence; returns (errors, examples)."""
    toks = example[0].toks
    errs = n = 0
    for c, head, xt in _sentence_complexes(example, rates):
        if not xt:
            continue
        cands = content_candidates(toks, c.lo, c.hi, c.left_bound, c.right_bound)
        ends = [_alnum_ends(toks, a, b) for _, a, b in cands]
        if (xt[0], xt[-1]) not in ends:
            continue
        gold = ends.index((xt[0], xt[-1]))
        words = toks.words
        sides = {
            "L": sum(1 for w in words[c.left_bound : c.lo] if w[:1].isalnum()),
            "R": sum(1 for w in words[c.hi : c.right_bound] if w[:1].isalnum()),
        }
        span = (c.lo, c.hi, c.left_bound, c.right_bound)
        feats = [content_features(toks, k, span, head, sides["R" if k[0] == "L" else "L"]) for k in cands]
        model.tick()
        scores = [model.score(f) for f in feats]
        best = max(range(len(cands)), key=scores.__getitem__)
        n += 1
        if best != gold:
            errs += 1
            model.update(feats[gold], 1.0)
            model.update(feats[best], -1.0)
    return errs, n


def _alnum_ends(toks: Tokens, a: int, b: int) -> tuple[int, int]:
    idx = [i for i in range(a, b) if toks.words[i][:1].isalnum()]
    return (idx[0], idx[-1]) if idx else (-1, -1)
