"""A fine-tuned three-layer MiniLM that reads each sentence whole and scores reporting cues and source mentions.

The perceptron tagger (``_attribution_cues``) sees two words either side and the CNN (``_attribution_cnn``) a
few more; in PolNeAR many cues hang on what the whole sentence says ("is doubling down on", "expected", "much to
the chagrin of"). This encoder is the first three transformer layers of all-MiniLM-L6-v2 (Apache-2.0) with an
O/B/I layer for cues and another for sources on each word's first WordPiece, trained together on PolNeAR train by
``train/attribution_encoder.py``. The cue head's log-odds of B and of I against O, scaled, replace the CNN's beside
the perceptron's emissions before Viterbi. The source head tags source mentions without knowing the cue; the source
ranker adds its span score (``source_span_score``) to each candidate's, so the ranker still decides which mention
goes with which cue.

Three layers, not all six, for half the run time (six were not measured to the end). Run time is plain
numpy; WordPiece is the ``tokenizers`` library with MiniLM's own tokenizer, carried in the artifact. Weights are
stored as int8 with one scale per output column (per row for the embeddings), so the file is about 17 MB; the
dev figures in the README are those of this int8 artifact. On PolNeAR dev it lifts source F1 from 71.0 (CNN)
to 75.5 (74.6 with the cue head alone) and costs about 11 times the run time (``bench/attribution.py`` prints
both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["ENCODER_VERSION", "CueEncoder", "EncodedSentence", "first_pieces", "load_encoder", "source_span_score"]

ENCODER_VERSION = "e2"
_HEADS = 12
_EPS = 1e-12
_MAX_PIECES = 160  # WordPieces per sentence; words past it get no encoder score (PolNeAR's longest: 150 words)
_BATCH = 16  # sentences per forward pass, sorted by length so padding stays small
Floats = npt.NDArray[np.float32]


def first_pieces(offsets: Sequence[tuple[int, int]], toks: Tokens, base: int) -> list[int]:
    """Per token of ``toks``, the index of its first WordPiece (-1 when it has none, e.g. past truncation);
    ``offsets`` are the pieces' character offsets relative to ``base``. Shared by training and run time."""
    first = [-1] * len(toks)
    ti = 0
    n = len(toks)
    for j, (a, b) in enumerate(offsets):
        if a == b:  # [CLS], [SEP]
            continue
        while ti < n and toks.ends[ti] - base <= a:
            ti += 1
        if ti < n and toks.starts[ti] - base < b and first[ti] < 0:
            first[ti] = j
    return first


def _layer_norm(x: Floats, w: Floats, b: Floats) -> Floats:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Floats = (x - mean) / np.sqrt(var + _EPS) * w + b
    return out


def _gelu(x: Floats) -> Floats:
    # The tanh form, as trained (train/attribution_encoder.py): numpy has no erf.
    inner = np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)
    return (np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))).astype(np.float32, copy=False)


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: Floats
    qkv_b: Floats
    o: Floats
    o_b: Floats
    ln1: tuple[Floats, Floats]
    i: Floats
    i_b: Floats
    f: Floats
    f_b: Floats
    ln2: tuple[Floats, Floats]


@dataclass(frozen=True, slots=True)
class EncodedSentence:
    """What the encoder says about one sentence, per token."""

    #: Scaled log-odds of B and of I against O of the cue head, added to the perceptron's emissions.
    cue: list[list[float]]
    #: Scaled log-odds against O of B, of I and of "not I" (O or B) of the source head, for ``source_span_score``.
    source: list[list[float]]


def source_span_score(rows: Sequence[Sequence[float]], start: int, end: int) -> float:
    """How much the source head favours tokens ``[start, end)`` as one source mention over no source there: B at
    ``start``, I inside, and the token after it not inside."""
    out = rows[start][0] + sum(r[1] for r in rows[start + 1 : end])
    return out + rows[end][2] if end < len(rows) else out


@dataclass(frozen=True, slots=True)
class CueEncoder:
    """The weights, dequantised at load except the word embeddings (looked up as int8 rows and scaled)."""

    tokenizer: Tokenizer
    emb_q: npt.NDArray[np.int8]
    emb_scale: Floats
    pos: Floats
    ln0: tuple[Floats, Floats]
    layers: tuple[_Layer, ...]
    out_w: Floats  # (384, 2): B and I log-odds against O, already scaled
    out_b: Floats
    src_w: Floats  # (384, 3): the source head's O/B/I logits
    src_b: Floats
    src_scale: float

    def scores(self, text: str, sentences: Sequence[Tokens]) -> list[EncodedSentence]:
        """Per sentence, both heads' scores of each token (zeros for a token past truncation)."""
        kept = [k for k, t in enumerate(sentences) if len(t)]
        out = [EncodedSentence([], []) for _ in sentences]
        if not kept:
            return out
        spans = [text[sentences[k].starts[0] : sentences[k].ends[-1]] for k in kept]
        encs = self.tokenizer.encode_batch(spans)
        order = sorted(range(len(kept)), key=lambda j: len(encs[j].ids))
        for at in range(0, len(order), _BATCH):
            chunk = order[at : at + _BATCH]
            length = max(len(encs[j].ids) for j in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.intp)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, j in enumerate(chunk):
                ids[row, : len(encs[j].ids)] = encs[j].ids
                mask[row, : len(encs[j].ids)] = 1.0
            hidden = self._forward(ids, mask)
            for row, j in enumerate(chunk):
                toks = sentences[kept[j]]
                first = np.array(first_pieces(encs[j].offsets, toks, toks.starts[0]), dtype=np.intp)
                words = hidden[row, np.maximum(first, 0)]
                logit = words @ self.out_w + self.out_b
                logit[first < 0] = 0.0
                out[kept[j]] = EncodedSentence(logit.tolist(), self._source_rows(words, first < 0).tolist())
        return out

    def _source_rows(self, words: Floats, missing: npt.NDArray[np.bool_]) -> Floats:
        logit = words @ self.src_w + self.src_b
        logp = logit - np.logaddexp.reduce(logit, axis=-1, keepdims=True)
        rows = np.stack([logp[:, 1], logp[:, 2], np.logaddexp(logp[:, 0], logp[:, 1])], 1) - logp[:, :1]
        rows[missing] = 0.0
        out: Floats = (rows * np.float32(self.src_scale)).astype(np.float32)
        return out

    def _forward(self, ids: npt.NDArray[np.intp], mask: Floats) -> Floats:
        batch, length = ids.shape
        x = self.emb_q[ids].astype(np.float32) * self.emb_scale[ids] + self.pos[:length]
        x = _layer_norm(x, *self.ln0)
        dim = x.shape[-1]
        head = dim // _HEADS
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_b).reshape(batch, length, 3, _HEADS, head).transpose(2, 0, 3, 1, 4)
            att = qkv[0] @ qkv[1].transpose(0, 1, 3, 2) * scale + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch, length, dim)
            x = _layer_norm(x + ctx @ layer.o + layer.o_b, *layer.ln1)
            x = _layer_norm(x + _gelu(x @ layer.i + layer.i_b) @ layer.f + layer.f_b, *layer.ln2)
        return x


def _dequant(data: np.lib.npyio.NpzFile, name: str) -> Floats:
    out: Floats = data[name + "_q"].astype(np.float32) * data[name + "_s"].astype(np.float32)
    return out


@cache
def load_encoder() -> CueEncoder | None:
    """The packaged encoder, loaded once per process (None when the package ships none)."""
    res = resources.files("claimwire.core.claims").joinpath("data/attribution_encoder.npz")
    if not res.is_file():
        return None
    with res.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
        if str(data["version"]) != ENCODER_VERSION:
            raise RuntimeError(f"attribution encoder is {data['version']!s}, code expects {ENCODER_VERSION}: retrain")
        tokenizer = Tokenizer.from_str(str(data["tokenizer"]))
        f32 = {k: data[k].astype(np.float32) for k in data.files if k.endswith(("_b", "_w", "_pos", "_te"))}
        layers = tuple(
            _Layer(
                qkv=_dequant(data, f"l{n}_qkv"),
                qkv_b=f32[f"l{n}_qkv_b"],
                o=_dequant(data, f"l{n}_o"),
                o_b=f32[f"l{n}_o_b"],
                ln1=(f32[f"l{n}_ln1_w"], f32[f"l{n}_ln1_b"]),
                i=_dequant(data, f"l{n}_i"),
                i_b=f32[f"l{n}_i_b"],
                f=_dequant(data, f"l{n}_f"),
                f_b=f32[f"l{n}_f_b"],
                ln2=(f32[f"l{n}_ln2_w"], f32[f"l{n}_ln2_b"]),
            )
            for n in range(int(data["layers"]))
        )
        cue_scale, cue_bias = float(data["scale"]), float(data["bias"])
        cls_w, cls_b = f32["cls_w"], f32["cls_b"]
        src_w, src_b, src_scale = f32["src_w"], f32["src_b"], float(data["src_scale"])
        emb_q = data["emb_q"]
        emb_scale = data["emb_s"].astype(np.float32)
        pos = f32["emb_pos"] + f32["emb_te"]  # one segment: the token-type row folds into the positions
        ln0 = (f32["emb_ln_w"], f32["emb_ln_b"])
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=_MAX_PIECES)
    out_w = ((cls_w[:, 1:] - cls_w[:, :1]) * cue_scale).astype(np.float32)
    out_b = ((cls_b[1:] - cls_b[0]) * cue_scale + np.array([cue_bias, 0.0])).astype(np.float32)
    return CueEncoder(tokenizer, emb_q, emb_scale, pos, ln0, layers, out_w, out_b, src_w, src_b, src_scale)
