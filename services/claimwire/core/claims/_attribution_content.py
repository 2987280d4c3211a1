"""Where an attribution's content starts and ends within its sentence: candidates and features of a ranker.

The content is on one side of the cue and its source ("X said [that ...]", "[...], X said"), but it does not
always run to the sentence edge: a trailing clause ("..., but still lost the election"), an aside after a dash or
the next attribution's words may be outside it. Candidates are the spans on either side of the cue-and-source
complex that start (left side) or end (right side) at the complex's bound or at a clause break (punctuation or
a conjunction); an averaged perceptron trained on PolNeAR train (``train/attribution.py``) ranks them. Features
are the words at and around both edges, the size, the side and the cue's main word.
"""

from __future__ import annotations

from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["CONTENT_FEATURES_VERSION", "ContentCandidate", "content_candidates", "content_features"]

CONTENT_FEATURES_VERSION = "t2"
#: (side, start, end) in token indices, side "L" (before the cue) or "R" (after it).
ContentCandidate = tuple[str, int, int]

_EDGE_LEFT = frozenset({",", ":", "—", "–", "-", "--", ";"})
_EDGE_RIGHT = frozenset({",", ".", ":", "—", "–", "-", "--", ";", "?", "!"})
_CLAUSE = frozenset({
    "but", "and", "while", "whereas", "because", "as", "which", "who", "although", "though", "since", "after",
    "before", "when", "if", "unless", "especially", "including", "so", "yet", "or",
})  # fmt: skip


def _trim(toks: Tokens, a: int, b: int) -> tuple[int, int]:
    words = toks.words
    while a < b and words[a] in _EDGE_LEFT:
        a += 1
    while b > a and words[b - 1] in _EDGE_RIGHT:
        b -= 1
    return a, b


def _is_break(toks: Tokens, k: int) -> bool:
    w = toks.words[k]
    return not w[:1].isalnum() or toks.lower[k] in _CLAUSE


def content_candidates(toks: Tokens, lo: int, hi: int, left_bound: int, right_bound: int) -> list[ContentCandidate]:
    """Spans after the complex ``[lo, hi)`` up to ``right_bound`` and before it from ``left_bound``, cut at the
    bounds or at clause breaks; trimmed of edge punctuation; each holding a word."""
    out: list[ContentCandidate] = []
    seen: set[tuple[int, int]] = set()
    for e in range(hi + 1, right_bound + 1):
        if e == right_bound or _is_break(toks, e):
            a, b = _trim(toks, hi, e)
            if b > a and (a, b) not in seen and any(w[:1].isalnum() for w in toks.words[a:b]):
                seen.add((a, b))
                out.append(("R", a, b))
    seen.clear()
    for s in range(lo - 1, left_bound - 1, -1):
        if s == left_bound or _is_break(toks, s - 1):
            a, b = _trim(toks, s, lo)
            if b > a and (a, b) not in seen and any(w[:1].isalnum() for w in toks.words[a:b]):
                seen.add((a, b))
                out.append(("L", a, b))
    return out


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 10:
        return "7-10"
    if n <= 18:
        return "11-18"
    return "19+"


def _word(toks: Tokens, i: int) -> str:
    if i < 0:
        return "<s>"
    if i >= len(toks.lower):
        return "</s>"
    return toks.lower[i]


def content_features(
    toks: Tokens, cand: ContentCandidate, span: tuple[int, int, int, int], head: str, other_words: int
) -> list[str]:
    """Features of one content candidate; ``span`` is (complex start, complex end, left bound, right bound) and
    ``other_words`` the number of words on the complex's other side."""
    side, a, b = cand
    lo, hi, left_bound, right_bound = span
    n = sum(1 for w in toks.words[a:b] if w[:1].isalnum())
    pre, post = _word(toks, a - 1), _word(toks, b)
    first, last = toks.lower[a], toks.lower[b - 1]
    at_edge = "E" if (b >= right_bound - 1 if side == "R" else a <= left_bound + 1) else "-"
    near = "N" if (a - hi <= 1 if side == "R" else lo - b <= 1) else "-"
    size = _bucket(n)
    return [
        side,
        side + "h=" + head,
        side + "n=" + size,
        side + "o=" + _bucket(other_words),
        side + "no=" + size + "|" + _bucket(other_words),
        side + "pre=" + pre,
        side + "post=" + post,
        side + "f=" + first,
        side + "pf=" + pre + "|" + first,  # ", but he still lost": a clause the writer adds, after the report
        side + "l=" + last,
        side + "e=" + at_edge + near,
        side + "eh=" + at_edge + near + "|" + head,
        side + "hpost=" + head + "|" + post,
        side + "hpre=" + head + "|" + pre,
        side + "ep=" + at_edge + "|" + post + "|" + _word(toks, b + 1),
        side + "c=" + str(min(3, toks.words[a:b].count(","))),
    ]
