"""The attribution benchmark's metric: BBC Citron's cue / source / content definitions over word-token sets.

Spans (lists of character fragments) become sets of word tokens of the article: the tokens of the claim tagger's
tokenizer that contain a letter or digit and overlap a fragment (a span with no such token, such as a ":" cue,
keeps its punctuation tokens). Punctuation at span edges, which annotators include or not at random, therefore
does not count. Definitions, per article, summed over articles:

- cue: a predicted cue is a true positive when some gold cue has exactly its token set (and vice versa for recall);
- source / content exact: a predicted attribution counts when its cue shares a token with a gold cue whose source
  (content, all fragments) has exactly the same token set; two absent sources match;
- content overlap: precision = predicted content tokens inside gold content / predicted content tokens, recall =
  gold content tokens covered / gold content tokens, independent of cues (sets of tokens per article).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimwire.core.claims._sentence_tokens import tokenize

__all__ = ["Counts", "Event", "score_article"]

Span = Sequence[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Event:
    """An attribution as token sets."""

    cue: frozenset[int]
    source: frozenset[int]
    content: frozenset[int]


@dataclass
class Counts:
    """True/false positive and negative counts per measure, summed over articles."""

    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, tp: int, fp: int, fn: int) -> None:
        self.tp[key] = self.tp.get(key, 0) + tp
        self.fp[key] = self.fp.get(key, 0) + fp
        self.fn[key] = self.fn.get(key, 0) + fn

    def prf(self, key: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp.get(key, 0), self.fp.get(key, 0), self.fn.get(key, 0)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class _Tokens:
    def __init__(self, text: str) -> None:
        toks = tokenize(text)
        self.starts, self.ends = toks.starts, toks.ends
        self.word = [w[:1].isalnum() or any(c.isalnum() for c in w) for w in toks.words]

    def of(self, span: Span) -> frozenset[int]:
        every: set[int] = set()
        for a, b in span:
            lo = bisect_right(self.ends, a)
            hi = bisect_left(self.starts, b)
            every.update(range(lo, hi))
        words = frozenset(i for i in every if self.word[i])
        return words or frozenset(every)


def _events(toks: _Tokens, spans: Sequence[tuple[Span, Span, Span]]) -> list[Event]:
    return [Event(toks.of(c), toks.of(s), toks.of(t)) for c, s, t in spans]


def _matched(preds: list[Event], golds: list[Event], same: str) -> tuple[int, int]:
    """(predictions with a matching gold, golds with a matching prediction) under the ``same`` criterion."""

    def ok(p: Event, g: Event) -> bool:
        if same == "cue":
            return p.cue == g.cue
        if not p.cue & g.cue:
            return False
        return p.source == g.source if same == "source" else p.content == g.content

    return sum(any(ok(p, g) for g in golds) for p in preds), sum(any(ok(p, g) for p in preds) for g in golds)


def score_article(
    text: str, predicted: Sequence[tuple[Span, Span, Span]], gold: Sequence[tuple[Span, Span, Span]], counts: Counts
) -> None:
    """Add one article's counts; each attribution is (cue, source, content) as character fragments."""
    toks = _Tokens(text)
    preds, golds = _events(toks, predicted), _events(toks, gold)
    for key in ("cue", "source", "content"):
        p_ok, g_ok = _matched(preds, golds, key)
        counts.add(key, p_ok, len(preds) - p_ok, len(golds) - g_ok)
    # Diagnostics: how many gold cues any predicted cue touches, and how often the source is right when it does.
    touched = sum(any(p.cue & g.cue for p in preds) for g in golds)
    counts.add("cue_touch", touched, 0, len(golds) - touched)
    near = [p for p in preds if any(p.cue & g.cue for g in golds)]
    right = sum(any(p.cue & g.cue and p.source == g.source for g in golds) for p in near)
    counts.add("source_given_cue", right, len(near) - right, 0)
    pc = frozenset().union(*(p.content for p in preds)) if preds else frozenset()
    gc = frozenset().union(*(g.content for g in golds)) if golds else frozenset()
    inter = len(pc & gc)
    counts.add("overlap_p", inter, len(pc) - inter, 0)
    counts.add("overlap_r", inter, 0, len(gc) - inter)
