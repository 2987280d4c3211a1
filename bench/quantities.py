"""Quantity extraction on NewsQuant (dev half): claimwire's scanner against quantulum3, same data, same run.

Usage: ``.venv/bin/python bench/quantities.py [--data PATH] [--repeat N] [--errors]``

Metrics, as CQE (Almasian et al., EMNLP 2023) defines them, with strict one-to-one matching inside a sentence
(a maximum bipartite matching per metric, so one prediction never counts for two gold quantities):

* value: the numbers agree (relative tolerance 1e-5). A gold range "lo-hi" matches a predicted range whose
  ends agree; the ends are compared sorted, because NewsQuant writes a fall "from 4.8 to 4.7" as "4.8-4.7"
  while a :class:`Quantity` keeps ``lower <= upper``.
* value+unit: also the lower-cased normalised unit. Our ``unit`` names already follow NewsQuant's vocabulary;
  a count has no unit, so its counted noun (``concept``, lower-cased, last word singular) stands in for it, as
  NewsQuant uses counted nouns as units ("13 people" -> "people").
* value+change: also the change symbol (``= ~ > < up down``).

How a Quantity becomes a NewsQuant value: a range (``value`` None) is (``lower``, ``upper``); anything else is
``value`` (for "more than X" that is X, with change ">").

quantulum3 is scored as CQE's own evaluation scores it: its units mapped to NewsQuant names, gold ranges
averaged (quantulum3 reports the mean of a range), and no change (it has none).
"""

from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claimwire.core.claims.quantities import find_quantities

__all__ = ["main"]

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "quantities" / "NewsQuant.dev.json"

Value = float | tuple[float, float]
Pred = tuple[Value, str, str]  # value, normalised unit, change

# Our unit names that NewsQuant spells differently (a vocabulary mapping, not per sentence): currencies are ISO
# codes in claimwire and English names in NewsQuant, which calls a plain dollar "dollar".
_OUR_UNIT_TO_NQ = {
    "times": "count", "USD": "dollar", "HKD": "hong kong dollar", "SGD": "singaporean dollar",
    "AUD": "australian dollar", "CAD": "canadian dollar", "NZD": "new zealand dollar", "EUR": "euro",
    "GBP": "pound sterling", "JPY": "japanese yen", "CNY": "chinese yuan", "INR": "indian rupee",
    "UAH": "ukrainian hryvnia", "RUB": "russian ruble", "ILS": "shekel", "DKK": "danish krone",
    "SEK": "swedish krona", "NOK": "norwegian krone", "CHF": "swiss franc", "KRW": "south korean won",
    "MYR": "malaysian ringgit", "ZAR": "south african rand", "TRY": "turkish lira", "PLN": "polish zloty",
    "THB": "thai baht", "BTC": "bitcoin",
}  # fmt: skip


def _nq_unit(unit: str) -> str:
    return " per ".join(_OUR_UNIT_TO_NQ.get(part, part) for part in unit.split(" per "))
# quantulum3 unit names -> NewsQuant (the same intent as CQE's evaluation adapter).
_QUANTULUM_TO_NQ = {
    "dimensionless": "-", "unk": "-", "per cent": "percentage", "percentage drop": "percentage",
    "dollar dollar": "dollar", "united states dollar": "dollar", "tonne": "metric ton", "degree angle": "degree",
    "degree celsius": "celsius", "degree fahrenheit": "fahrenheit", "second of arc": "second",
    "minute of arc": "minute", "yard yard": "yard", "cubic centimetre": "millilitre",
}  # fmt: skip
_IRREGULAR = {
    "gas": "gas", "news": "news", "series": "series", "people": "people", "men": "man", "women": "woman",
    "children": "child", "staff": "staff", "feet": "foot", "police": "police", "personnel": "personnel",
}  # fmt: skip


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "uses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_STOPWORDS = frozenset(["and", "of", "the", "a", "an"])


def _concept_unit(concept: str) -> str:
    """A counted noun as NewsQuant writes it as a unit: lower case, no stop words, each word singular."""
    return " ".join(_singular(w) for w in concept.lower().split() if w not in _STOPWORDS)


def ours(sentence: str) -> list[Pred]:
    """claimwire's quantities as NewsQuant triples."""
    out: list[Pred] = []
    for q in find_quantities(sentence):
        ranged = q.value is None and q.lower is not None and q.upper is not None
        value: Value | None = (q.lower, q.upper) if ranged else q.value  # type: ignore[assignment]
        if value is None:
            continue
        if q.unit is not None:
            unit = _nq_unit(q.unit)
        elif q.concept is not None:
            unit = _concept_unit(q.concept)
        else:
            unit = "-"
        out.append((value, unit, q.change))
    return out


def _quantulum() -> Callable[[str], list[Pred]] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import classifier, parser  # type: ignore[import-untyped]  # noqa: PLC0415 - optional peer
    except ImportError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            classifier.classifier("en_US", None)
    except Exception:
        classifier.USE_CLF = False

    def run(sentence: str) -> list[Pred]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = parser.parse(sentence)
        out: list[Pred] = []
        for q in found:
            unit = str(q.unit.name).lower()
            out.append((float(q.value), _QUANTULUM_TO_NQ.get(unit, unit).strip(), "="))
        return out

    return run


def _gold(record: dict[str, Any], *, average_ranges: bool) -> list[Pred]:
    out: list[Pred] = []
    for q in record["quantities"]:
        raw = q["value"].strip()
        value: Value
        head = raw.lstrip("-")
        if "-" in head and "E" not in raw.upper():
            lo, hi = (float(x) for x in (raw[: len(raw) - len(head)] + head).split("-", 1) if x.strip())
            value = (lo + hi) / 2 if average_ranges else (lo, hi)
        else:
            value = float(raw)
        out.append((value, q["normalized_unit"].strip().lower(), q["change"]))
    return out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def values_match(gold: Value, pred: Value) -> bool:
    """Same number, or the same range with its ends compared sorted."""
    if isinstance(gold, tuple) and isinstance(pred, tuple):
        g, p = sorted(gold), sorted(pred)
        return _close(g[0], p[0]) and _close(g[1], p[1])
    if isinstance(gold, tuple) or isinstance(pred, tuple):
        return False
    return _close(gold, pred)


def max_matching(gold: Sequence[Pred], pred: Sequence[Pred], ok: Callable[[Pred, Pred], bool]) -> int:
    """Size of a maximum one-to-one matching between gold and predictions (augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in range(len(pred)):
            if p not in seen and ok(gold[g], pred[p]):
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    return sum(augment(g, set()) for g in range(len(gold)))


METRICS: dict[str, Callable[[Pred, Pred], bool]] = {
    "value": lambda g, p: values_match(g[0], p[0]),
    "value+unit": lambda g, p: values_match(g[0], p[0]) and g[1] == p[1].lower(),
    "value+change": lambda g, p: values_match(g[0], p[0]) and g[2] == p[2],
}


def score(data: list[dict[str, Any]], preds: list[list[Pred]], *, average_ranges: bool) -> dict[str, tuple[float, ...]]:
    """P, R, F1 (percent) per metric."""
    golds = [_gold(r, average_ranges=average_ranges) for r in data]
    n_gold = sum(map(len, golds))
    n_pred = sum(map(len, preds))
    out: dict[str, tuple[float, ...]] = {}
    for name, ok in METRICS.items():
        tp = sum(max_matching(g, p, ok) for g, p in zip(golds, preds, strict=True))
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = (100 * prec, 100 * rec, 100 * f1)
    return out


def _timed(fn: Callable[[str], list[Pred]], texts: list[str], repeat: int) -> tuple[list[list[Pred]], float]:
    preds = [fn(t) for t in texts]  # warm-up, and the predictions scored
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            fn(t)
    return preds, repeat * len(texts) / (time.perf_counter() - t0)


def _errors(data: list[dict[str, Any]], preds: list[list[Pred]]) -> None:
    for rec, pred in zip(data, preds, strict=True):
        gold = _gold(rec, average_ranges=False)
        if max_matching(gold, pred, METRICS["value+change"]) != len(gold) or len(pred) != len(gold):
            print(rec["text"])
            print("   gold:", [(g[0], g[1], g[2]) for g in gold])
            print("   ours:", pred)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the data for our scanner")
    ap.add_argument("--errors", action="store_true", help="print sentences where we differ from gold")
    args = ap.parse_args(argv)
    data = json.loads(args.data.read_text(encoding="utf-8"))
    texts = [r["text"] for r in data]
    n_gold = sum(len(r["quantities"]) for r in data)
    print(f"NewsQuant dev: {len(texts)} sentences, {n_gold} gold quantities ({args.data.name})")
    our_preds, our_rate = _timed(ours, texts, args.repeat)
    table = {"claimwire": (score(data, our_preds, average_ranges=False), our_rate)}
    peer = _quantulum()
    if peer is not None:
        q_preds, q_rate = _timed(peer, texts, 1)
        table["quantulum3"] = (score(data, q_preds, average_ranges=True), q_rate)
    print(f"{'system':<12} {'metric':<13} {'P':>6} {'R':>6} {'F1':>6}")
    for system, (metrics, _) in table.items():
        for name, (p, r, f) in metrics.items():
            note = "  (no change output)" if system == "quantulum3" and name == "value+change" else ""
            print(f"{system:<12} {name:<13} {p:6.1f} {r:6.1f} {f:6.1f}{note}")
    print("anchors (published/README): CQE 92.0 / 85.6 / 88.1; quantulum3 73.4 / 46.0 (value / value+unit / +change)")
    if "quantulum3" in table:
        for name in ("value", "value+unit"):
            ratio = table["claimwire"][0][name][2] / max(table["quantulum3"][0][name][2], 1e-9)
            print(f"ratio claimwire/quantulum3 {name} F1: {ratio:.2f}")
        speed = table["claimwire"][1] / table["quantulum3"][1]
        print(f"speed: claimwire {our_rate:,.0f} sentences/s, quantulum3 {table['quantulum3'][1]:,.0f} sentences/s"
              f" (x{speed:.0f})")
    else:
        print(f"speed: claimwire {our_rate:,.0f} sentences/s; quantulum3 not installed (pip install quantulum3)")
    if args.errors:
        _errors(data, our_preds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
