"""Train the attributor's convolutional cue model (``claimwire.core.claims._attribution_cnn``) on PolNeAR train.

    .venv/bin/python train/attribution_cnn.py [--epochs 3] [--seed 13] [--out PATH]

Called by ``train/attribution.py`` too. JAX and optax are used here only (the ``train`` extra); the artifact is a
``.npz`` that run time reads with numpy. The network is the run-time one: embeddings of word, suffix, shape,
cue-rate bucket and three flags; a width-5 and a width-3 convolution with ReLU; the sentence's max-pooled first
layer beside the second; a dense O/B/I layer trained with token cross-entropy. Words are dropped to the unknown id
at random in training so the unknown embedding means something. Prints the training loss per epoch.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jax
import jax.numpy as jnp
import optax
from train.attribution_cues import CueExample, cue_rates, train_cue_tagger

from claimwire.core.claims._attribution_cnn import BUCKETS, CNN_VERSION, EMIT_CLIP, EMIT_SCALE, SHAPES, token_ids
from claimwire.core.claims._attribution_cues import cue_token_features, emissions

__all__ = ["CNN_BIAS", "CNN_SCALE", "DEFAULT_OUT", "oof_emissions", "train_cnn"]

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "services/claimwire/core/claims/data/attribution_cnn.npz"
#: How much the CNN's log-odds count beside the perceptron's emissions (swept on dev: 0.5 ... 4).
CNN_SCALE = 6.0
CNN_BIAS = 6.0  # added to the B log-odds (recall against precision; with the scale swept on dev, 0 ... 8)
_FOLDS = 4
_CUE_EPOCHS = 5
_CUE_MIN_ABS = 1.5  # as train/attribution.py prunes the shipped tagger
_DIMS = {"word": 16, "suf": 16, "shape": 4, "rate": 4}
_H = 32  # 64 scored the same on dev and cost four times the run time
_BATCH = 32
_WORD_DROP = 0.3  # more than 0.1: the network memorises words (dev F1 +1 at 0.3 with 3 epochs)
_MAX_LEN = 128


def _init(key: jax.Array, n_words: int, n_suf: int) -> dict[str, jax.Array]:
    ks = jax.random.split(key, 7)
    d_in = sum(_DIMS.values()) + 5

    def glorot(k: jax.Array, shape: tuple[int, int]) -> jax.Array:
        return jax.random.normal(k, shape) * np.sqrt(2.0 / (shape[0] + shape[1]))

    return {
        "emb_word": jax.random.normal(ks[0], (n_words + 1, _DIMS["word"])) * 0.1,
        "emb_suf": jax.random.normal(ks[1], (n_suf + 1, _DIMS["suf"])) * 0.1,
        "emb_shape": jax.random.normal(ks[2], (len(SHAPES), _DIMS["shape"])) * 0.1,
        "emb_rate": jax.random.normal(ks[3], (len(BUCKETS), _DIMS["rate"])) * 0.1,
        "w1": glorot(ks[4], (5 * d_in, _H)),
        "b1": jnp.zeros(_H),
        "w2": glorot(ks[5], (3 * _H, _H)),
        "b2": jnp.zeros(_H),
        "w3": glorot(ks[6], (2 * _H, 3)),
        "b3": jnp.zeros(3),
    }


def _conv(x: jax.Array, w: jax.Array, b: jax.Array, width: int) -> jax.Array:
    half = width // 2
    pad = jnp.pad(x, ((0, 0), (half, half), (0, 0)))
    n = x.shape[1]
    cols = jnp.concatenate([pad[:, k : k + n] for k in range(width)], -1)
    return jax.nn.relu(cols @ w + b)


def _logits(params: dict[str, jax.Array], ids: jax.Array, em: jax.Array, mask: jax.Array) -> jax.Array:
    """ids: (batch, len, 5) int; em: (batch, len, 2) scaled perceptron emissions; mask: (batch, len) float;
    returns (batch, len, 3)."""
    bits = ((ids[..., 4:5] >> jnp.arange(3)) & 1).astype(jnp.float32)
    x = jnp.concatenate(
        [params["emb_word"][ids[..., 0]], params["emb_suf"][ids[..., 1]], params["emb_shape"][ids[..., 2]],
         params["emb_rate"][ids[..., 3]], bits, em], -1,
    ) * mask[..., None]
    h1 = _conv(x, params["w1"], params["b1"], 5) * mask[..., None]
    h2 = _conv(h1, params["w2"], params["b2"], 3)
    pooled = jnp.broadcast_to(h1.max(axis=1, keepdims=True), h1.shape)
    return jnp.concatenate([h2, pooled], -1) @ params["w3"] + params["b3"]


def _loss(params: dict[str, jax.Array], ids: jax.Array, em: jax.Array, mask: jax.Array, tags: jax.Array) -> jax.Array:
    logp = jax.nn.log_softmax(_logits(params, ids, em, mask))
    picked = jnp.take_along_axis(logp, tags[..., None], -1)[..., 0]
    return -(picked * mask).sum() / mask.sum()


Row = tuple[np.ndarray, np.ndarray, np.ndarray]


def _batches(rows: list[Row], order: list[int]) -> list[tuple[np.ndarray, ...]]:
    out = []
    for k in range(0, len(order), _BATCH):
        chunk = [rows[i] for i in order[k : k + _BATCH]]
        width = max(8, -(-max(len(t) for _, _, t in chunk) // 16) * 16)
        ids = np.zeros((len(chunk), width, 5), dtype=np.int32)
        em = np.zeros((len(chunk), width, 2), dtype=np.float32)
        mask = np.zeros((len(chunk), width), dtype=np.float32)
        tags = np.zeros((len(chunk), width), dtype=np.int32)
        for j, (x, e, t) in enumerate(chunk):
            ids[j, : len(t)], em[j, : len(t)], mask[j, : len(t)], tags[j, : len(t)] = x, e, 1.0, t
        out.append((ids, em, mask, tags))
    return out


def oof_emissions(
    folds: list[list[CueExample]], seed: int
) -> list[list[tuple[float, float]]]:
    """The perceptron tagger's emissions for every example, each from a tagger trained on the other folds (so
    the CNN learns how far to trust them on unseen text, as at run time); in fold order."""
    out: list[list[tuple[float, float]]] = []
    for k, held in enumerate(folds):
        rest = [ex for j, f in enumerate(folds) if j != k for ex in f]
        rates = cue_rates(rest)
        weights, _ = train_cue_tagger(rest, rates, _CUE_EPOCHS, seed, _CUE_MIN_ABS)
        table = {f: (w[0], w[1]) for f, w in weights.items()}
        for ex in held:
            out.append(emissions(cue_token_features(ex.toks, rates, ex.quoted, ex.has_quote), table))
        print(f"fold {k}: {len(held)} sentences scored", flush=True)
    return out


def train_cnn(
    examples: list[CueExample], emits: list[list[tuple[float, float]]], rates: dict[str, float], epochs: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Learn the CNN on the cue examples and their out-of-fold perceptron emissions; returns the arrays of the
    ``.npz`` artifact."""
    counts = Counter(w for ex in examples for w in ex.toks.lower)
    words = sorted(w for w, n in counts.items() if n >= 2)
    suf_counts = Counter(w[-3:] for ex in examples for w in ex.toks.lower)
    sufs = sorted(s for s, n in suf_counts.items() if n >= 5)
    vocab = {w: i + 1 for i, w in enumerate(words)}
    suffixes = {s: i + 1 for i, s in enumerate(sufs)}
    rows = []
    for ex, em in zip(examples, emits, strict=True):
        ids = token_ids(ex.toks, ex.quoted, ex.has_quote, vocab=vocab, suffixes=suffixes, rates=rates)
        x = np.array(ids, dtype=np.int32).T
        e = np.clip(np.array(em, dtype=np.float32).reshape(-1, 2) * EMIT_SCALE, -EMIT_CLIP, EMIT_CLIP)
        rows.append((x[:_MAX_LEN], e[:_MAX_LEN], np.array(ex.tags[:_MAX_LEN], dtype=np.int32)))
    key = jax.random.PRNGKey(seed)
    key, k0 = jax.random.split(key)
    params = _init(k0, len(words), len(sufs))
    opt = optax.adam(2e-3)
    state = opt.init(params)

    @jax.jit
    def step(params, state, batch, k):  # type: ignore[no-untyped-def]
        ids, em, mask, tags = batch
        drop = jax.random.bernoulli(k, _WORD_DROP, ids.shape[:2])
        ids = ids.at[..., 0].set(jnp.where(drop, 0, ids[..., 0]))
        loss, grads = jax.value_and_grad(_loss)(params, ids, em, mask, tags)
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss

    rng = np.random.default_rng(seed)
    by_len = sorted(range(len(rows)), key=lambda i: len(rows[i][2]))
    for epoch in range(epochs):
        batches = _batches(rows, by_len)
        rng.shuffle(batches)  # type: ignore[arg-type]
        total = 0.0
        for batch in batches:
            key, k = jax.random.split(key)
            params, state, loss = step(params, state, batch, k)
            total += float(loss)
        print(f"cnn epoch {epoch}: mean token loss {total / len(batches):.4f}", flush=True)
    out = {k: np.asarray(v, dtype=np.float16 if k.startswith("emb_word") else np.float32) for k, v in params.items()}
    out["vocab"], out["suffixes"] = np.array(words), np.array(sufs)
    out["version"], out["scale"] = np.array(CNN_VERSION), np.array(CNN_SCALE, dtype=np.float32)
    out["bias"] = np.array(CNN_BIAS, dtype=np.float32)
    return out


def fit(seed: int, epochs: int) -> dict[str, np.ndarray]:
    """The whole recipe from PolNeAR train: folds by article, out-of-fold emissions, then the CNN."""
    from train.attribution import _examples  # noqa: PLC0415 - shares the sentence examples of the main script
    from train.attribution_polnear import load_split  # noqa: PLC0415

    docs = load_split("train")
    folds = [[ex for ex, _ in _examples(docs[k::_FOLDS])] for k in range(_FOLDS)]
    examples = [ex for f in folds for ex in f]
    emits = oof_emissions(folds, seed)
    return train_cnn(examples, emits, cue_rates(examples), epochs, seed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    arrays = fit(args.seed, args.epochs)
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    print(f"wrote {args.out}: {len(arrays['vocab'])} words, {len(arrays['suffixes'])} suffixes")


if __name__ == "__main__":
    main()
