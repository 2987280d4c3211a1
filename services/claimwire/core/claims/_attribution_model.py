"""Apply the learned cue tagger, source ranker and content ranker (``data/attribution_model.json``, made by
``train/attribution.py`` from PolNeAR train).

Kept apart from the rules in ``attribution.py`` so the learned part is one small, replaceable piece: the artifact
is plain JSON of sparse weights (pruned to about 3 MB), loaded once, and scoring is a sum of dictionary look-ups
(no numpy), which keeps the attributor at thousands of sentences a second on one core. The cue tagger's
single-word features are summed once per distinct word and kept in a bounded per-process cache. Its emissions are
exposed so the CNN of ``_attribution_cnn`` can read them and add its own before decoding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat

from claimwire.core.claims._attribution_content import (
    CONTENT_FEATURES_VERSION,
    content_candidates,
    content_features,
)
from claimwire.core.claims._attribution_cues import (
    CUE_FEATURES_VERSION,
    NEIGHBOURS,
    context_features,
    decode,
    word_features,
)
from claimwire.core.claims._attribution_features import (
    FEATURES_VERSION,
    SourceCandidate,
    cue_context,
    mention_end,
    source_candidates,
    source_features,
)
from claimwire.core.claims._cue_encoder import source_span_score
from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["AttributionModel", "Complex", "CueSpan", "load_model"]

_MAX_CACHED_WORDS = 50_000
_ZEROS = repeat(0.0)  # the default weight, for map(dict.get, features, _ZEROS)


@dataclass(frozen=True, slots=True)
class Complex:
    """A cue with its adjacent source as token indices ``[lo, hi)``, the bounds its content may reach, and whether
    it is a nested (relative or parenthetical) attribution."""

    lo: int
    hi: int
    left_bound: int
    right_bound: int
    nested: bool


#: A cue in token indices ``[start, end)`` with its main word (the one with the highest cue rate in training).
CueSpan = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """The learned cue rates and weights, with the three decisions they make."""

    cue_rates: dict[str, float]
    cue_b: dict[str, float]
    cue_i: dict[str, float]
    cue_trans: list[list[float]]
    source_weights: dict[str, float]
    content_weights: dict[str, float]
    word_rows: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def _word_row(self, word: str) -> tuple[float, ...]:
        """What a word adds to the (B, I) scores as the token itself, then as its neighbour at each offset of
        ``NEIGHBOURS``: the single-word features summed once per word instead of once per token."""
        get_b, get_i = self.cue_b.get, self.cue_i.get
        own = word_features(word)
        row = [sum(map(get_b, own, _ZEROS)), sum(map(get_i, own, _ZEROS))]
        for _, prefix in NEIGHBOURS:
            row += (get_b(prefix + word, 0.0), get_i(prefix + word, 0.0))
        if len(self.word_rows) >= _MAX_CACHED_WORDS:
            self.word_rows.clear()
        out = self.word_rows[word] = tuple(row)
        return out

    def emissions(self, toks: Tokens, quoted: list[bool], has_quote: bool) -> list[tuple[float, float]]:
        """Per token of a sentence, the tagger's (B, I) scores relative to O; ``quoted`` flags the tokens inside
        quotations."""
        rows_get, word_row = self.word_rows.get, self._word_row
        rows = [rows_get(w) or word_row(w) for w in ("<s>", "<s>", *toks.lower, "</s>", "</s>")]
        get_b, get_i = self.cue_b.get, self.cue_i.get
        out = []
        for k, fs in enumerate(context_features(toks, self.cue_rates, quoted, has_quote)):
            p2, p1, w, n1, n2 = rows[k : k + 5]
            e_b = w[0] + p1[2] + p2[4] + n1[6] + n2[8] + sum(map(get_b, fs, _ZEROS))
            e_i = w[1] + p1[3] + p2[5] + n1[7] + n2[9] + sum(map(get_i, fs, _ZEROS))
            out.append((e_b, e_i))
        return out

    def find_cues(
        self, toks: Tokens, emit: list[tuple[float, float]], extra: list[list[float]] | None = None
    ) -> list[CueSpan]:
        """The reporting cues of one sentence, left to right, from its ``emissions`` plus ``extra`` per-token
        (B, I) scores (the CNN's, ``_attribution_cnn``)."""
        if extra is not None:
            emit = [(b + x[0], i + x[1]) for (b, i), x in zip(emit, extra, strict=True)]
        tags = decode(emit, self.cue_trans)
        rates, lower = self.cue_rates, toks.lower
        out: list[CueSpan] = []
        start = -1
        for i, t in enumerate([*tags, 0]):
            if start >= 0 and t != 2:
                out.append((start, i, max(lower[start:i], key=lambda w: rates.get(w, 0.0))))
                start = -1
            if t == 1:
                start = i
        return out

    def find_source(
        self,
        toks: Tokens,
        cue: CueSpan,
        previous: tuple[int, int] | None,
        encoded: Sequence[Sequence[float]] | None = None,
    ) -> SourceCandidate:
        """The best-scoring source span for ``cue`` (side "N" when it has none in the sentence); ``previous`` is
        the source of the sentence's previous attribution, as token indices; ``encoded`` adds the encoder's source
        head (``_cue_encoder.source_span_score``) to the ranker's score."""
        a, b, head = cue
        get = self.source_weights.get
        best: SourceCandidate = ("N", 0, 0)
        best_score = float("-inf")
        shared = cue_context(toks, a, b)
        for cand in source_candidates(toks, a, b, previous):
            score = sum(map(get, source_features(toks, cand, a, b, head, shared=shared), _ZEROS))
            if encoded and cand[0] != "N":
                score += source_span_score(encoded, cand[1], mention_end(toks, cand[1], cand[2]))
            if score > best_score:
                best, best_score = cand, score
        return best

    def find_content(self, toks: Tokens, c: Complex, head: str) -> tuple[int, int] | None:
        """The best-scoring content span (token indices) beside the complex ``c`` of a cue with main word
        ``head``, or None when neither side holds a word."""
        cands = content_candidates(toks, c.lo, c.hi, c.left_bound, c.right_bound)
        if not cands:
            return None
        words = toks.words
        sides = {
            "L": sum(1 for w in words[c.left_bound : c.lo] if w[:1].isalnum()),
            "R": sum(1 for w in words[c.hi : c.right_bound] if w[:1].isalnum()),
        }
        get = self.content_weights.get
        span = (c.lo, c.hi, c.left_bound, c.right_bound)
        best, best_score = cands[0], float("-inf")
        for cand in cands:
            other = sides["R" if cand[0] == "L" else "L"]
            score = sum(map(get, content_features(toks, cand, span, head, other), _ZEROS))
            if score > best_score:
                best, best_score = cand, score
        return best[1], best[2]


@cache
def load_model() -> AttributionModel:
    """The packaged model, loaded once per process."""
    raw = resources.files("claimwire.core.claims").joinpath("data/attribution_model.json").read_text("utf-8")
    data = json.loads(raw)
    versions = (data.get("features_version"), data.get("cue_features_version"), data.get("content_features_version"))
    if versions != (FEATURES_VERSION, CUE_FEATURES_VERSION, CONTENT_FEATURES_VERSION):
        raise RuntimeError(
            f"attribution model was trained on features {versions!r}, "
            f"code makes {(FEATURES_VERSION, CUE_FEATURES_VERSION, CONTENT_FEATURES_VERSION)!r}: "
            "rerun train/attribution.py"
        )
    return AttributionModel(
        cue_rates=dict(data["cue_rates"]),
        cue_b={f: w[0] for f, w in data["cue_weights"].items() if w[0]},
        cue_i={f: w[1] for f, w in data["cue_weights"].items() if w[1]},
        cue_trans=[list(row) for row in data["cue_trans"]],
        source_weights=dict(data["source_weights"]),
        content_weights=dict(data["content_weights"]),
    )
