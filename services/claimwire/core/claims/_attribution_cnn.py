"""A small convolutional token model that adds sentence context to the cue tagger's scores.

The perceptron tagger (``_attribution_cues``) sees words two tokens either side. Whether a verb is a reporting cue
in PolNeAR also depends on what the whole sentence holds: a "said" elsewhere takes the verbs of its content, a
subject before and a clause after make "expected" or "demands" a cue. This model embeds each token (word, suffix,
shape, quotation flags, cue-rate bucket), runs two convolutions (widths 5 and 3) and adds the sentence's max-pooled
first layer before scoring O/B/I, so similar words share evidence and the whole sentence is seen. Its log-odds of
B and I against O are added, scaled, to the perceptron's emissions before Viterbi (an ensemble: the two models
err differently). Trained by ``train/attribution_cnn.py`` on PolNeAR train; the weights are a small ``.npz``.

Run time is plain numpy: all sentences of an article are stacked into one matrix (with zero rows between them so
windows never cross a sentence), so an article costs a handful of matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from claimwire.core.claims._attribution_cues import rate_bucket
from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["CNN_VERSION", "EMIT_CLIP", "EMIT_SCALE", "GAP", "CueCnn", "SentenceInput", "load_cnn", "token_ids"]

CNN_VERSION = "k2"
GAP = 2  # zero rows between sentences: half the widest window
EMIT_SCALE = 1 / 30  # the perceptron's (B, I) emissions as inputs, brought to about unit size and clipped
EMIT_CLIP = 3.0
_BLOCK = 32  # rows per block of a product: 32 x 225 x 32 multiply-adds, under OpenBLAS's threading threshold
SHAPES = ("X", "Xx", "x", "d", "q", ".")
_PARAMS = ("emb_word", "emb_suf", "emb_shape", "emb_rate", "w1", "b1", "w2", "b2", "w3", "b3")
BUCKETS = ("0", "a", "b", "c", "d", "e")
_SHAPE_ID = {s: i for i, s in enumerate(SHAPES)}
_BUCKET_ID = {b: i for i, b in enumerate(BUCKETS)}
#: Per token: word id, suffix id, shape id, rate-bucket id, flags (quoted, sentence has a quote, first token).
SentenceInput = tuple[list[int], list[int], list[int], list[int], list[int]]
Floats = npt.NDArray[np.float32]


def token_ids(
    toks: Tokens, quoted: list[bool], has_quote: bool, *, vocab: dict[str, int], suffixes: dict[str, int],
    rates: dict[str, float],
) -> SentenceInput:
    """The model's integer inputs for one sentence (id 0 = unknown); shared by training and run time."""
    low = toks.lower
    shape_id, bucket_id = _SHAPE_ID, _BUCKET_ID
    flags = [(1 if q else 0) + (2 if has_quote else 0) + (4 if i == 0 else 0) for i, q in enumerate(quoted)]
    return (
        [vocab.get(w, 0) for w in low],
        [suffixes.get(w[-3:], 0) for w in low],
        [shape_id.get(s, 5) for s in toks.shapes],
        [bucket_id[rate_bucket(rates.get(w, 0.0))] for w in low],
        flags,
    )


@dataclass(frozen=True, slots=True)
class CueCnn:
    """The weights, arranged for scoring at load time: each embedding table ends with a zero row (the index of
    the gaps between sentences), and the output layer is folded into scaled (B, I) log-odds against O with the
    bias added (``train/attribution_cnn.py`` has the network as trained)."""

    vocab: dict[str, int]
    suffixes: dict[str, int]
    tables: tuple[Floats, ...]  # word, suffix, shape, rate bucket, flag bits; each with a zero row last
    w1: Floats
    b1: Floats
    w2: Floats
    b2: Floats
    w_tok: Floats  # second layer -> (B, I) log-odds
    w_sent: Floats  # the sentence's max-pooled first layer -> (B, I) log-odds
    b_out: Floats

    def scores(self, rows: list[SentenceInput], emits: list[list[tuple[float, float]]]) -> list[list[list[float]]]:
        """Per sentence, per token, the scaled log-odds of B and of I against O, given the perceptron's
        emissions ``emits``; all sentences are scored together."""
        sizes = [len(r[0]) for r in rows]
        kept = [k for k, n in enumerate(sizes) if n]
        if not kept:
            return [[] for _ in sizes]
        gaps = [[len(t) - 1] * GAP for t in self.tables]
        cols: list[list[int]] = [list(g) for g in gaps]
        em: list[tuple[float, float]] = [(0.0, 0.0)] * GAP
        for k in kept:
            for c, ids, g in zip(cols, rows[k], gaps, strict=True):
                c.extend(ids)
                c.extend(g)
            em += emits[k]
            em += [(0.0, 0.0)] * GAP
        total = len(em)
        idx = np.array(cols, dtype=np.intp)
        e = np.clip(np.array(em, dtype=np.float32) * EMIT_SCALE, -EMIT_CLIP, EMIT_CLIP)
        x = np.concatenate([t[i] for t, i in zip(self.tables, idx, strict=True)] + [e], 1)
        inner = total - 2 * GAP  # positions GAP .. total - GAP - 1 hold every token (and the inner gaps)
        h1 = np.maximum(_matmul(np.concatenate([x[k : k + inner] for k in range(5)], 1), self.w1) + self.b1, 0.0)
        hp = np.zeros((inner + 2, h1.shape[1]), dtype=np.float32)
        counts = [sizes[k] for k in kept]
        if len(kept) == 1:  # one sentence (a transcript line): no inner gaps, fewer steps
            hp[1:-1] = h1
            h2 = np.maximum(_matmul(np.concatenate([hp[k : k + inner] for k in range(3)], 1), self.w2) + self.b2, 0.0)
            out = (h2 @ self.w_tok + (h1.max(axis=0) @ self.w_sent + self.b_out)).tolist()
        else:
            real = idx[4, GAP : total - GAP] != len(self.tables[4]) - 1
            hp[1:-1] = h1 * real[:, None]
            h2 = np.maximum(_matmul(np.concatenate([hp[k : k + inner] for k in range(3)], 1), self.w2) + self.b2, 0.0)
            where = np.flatnonzero(real)
            starts = np.cumsum([0, *counts[:-1]])
            pooled = np.maximum.reduceat(hp[1:-1][where], starts, axis=0) @ self.w_sent
            out = (h2[where] @ self.w_tok + np.repeat(pooled, counts, axis=0) + self.b_out).tolist()
        result: list[list[list[float]]] = [[] for _ in sizes]
        at = 0
        for k, n in zip(kept, counts, strict=True):
            result[k] = out[at : at + n]
            at += n
        return result


def _matmul(a: Floats, w: Floats) -> Floats:
    """``a @ w`` in blocks of ``_BLOCK`` rows, as one stacked product.

    OpenBLAS starts its worker threads for a product of more than about 262,144 multiply-adds, and those threads
    then spin on the second core between calls: an article's whole matrix would double the CPU the tagger burns
    (it must stay on one core). Each block here stays under that size, so the product runs on the calling thread.
    """
    m = a.shape[0]
    if m <= _BLOCK:
        small: Floats = a @ w
        return small
    blocks = np.zeros((m + (-m % _BLOCK), a.shape[1]), dtype=np.float32)
    blocks[:m] = a
    out: Floats = (blocks.reshape(-1, _BLOCK, a.shape[1]) @ w).reshape(-1, w.shape[1])[:m]
    return out


@cache
def load_cnn() -> CueCnn | None:
    """The packaged model, loaded once per process (None when the package ships none)."""
    res = resources.files("claimwire.core.claims").joinpath("data/attribution_cnn.npz")
    if not res.is_file():
        return None
    with res.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
        if str(data["version"]) != CNN_VERSION:
            raise RuntimeError(f"attribution CNN is {data['version']!s}, code expects {CNN_VERSION}: retrain")
        words = [str(w) for w in data["vocab"]]
        sufs = [str(s) for s in data["suffixes"]]
        p = {k: data[k].astype(np.float32) for k in _PARAMS}
        scale, bias = float(data["scale"]), float(data["bias"])
    bits = ((np.arange(8)[:, None] >> np.arange(3)) & 1).astype(np.float32)
    tables = tuple(
        np.vstack([t, np.zeros((1, t.shape[1]), dtype=np.float32)])
        for t in (p["emb_word"], p["emb_suf"], p["emb_shape"], p["emb_rate"], bits)
    )
    w3 = (p["w3"][:, 1:] - p["w3"][:, :1]) * scale
    hidden = p["w2"].shape[1]
    b_out = (p["b3"][1:] - p["b3"][0]) * scale + np.array([bias, 0.0], dtype=np.float32)
    return CueCnn(
        vocab={w: i + 1 for i, w in enumerate(words)},
        suffixes={s: i + 1 for i, s in enumerate(sufs)},
        tables=tables,
        w1=p["w1"],
        b1=p["b1"],
        w2=p["w2"],
        b2=p["b2"],
        w_tok=np.ascontiguousarray(w3[:hidden]),
        w_sent=np.ascontiguousarray(w3[hidden:]),
        b_out=b_out.astype(np.float32),
    )
