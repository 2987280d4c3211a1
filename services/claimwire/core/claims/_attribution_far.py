"""Source candidates that are not next to their cue: the subject at the head of the sentence or of its main
clause.

Participles and coordinated verbs take the sentence's subject as their source although other words stand between
("[Hillary Clinton] chimed in on Twitter, saying ...", "[A Quinnipiac University poll] released in late August
found ...", "In defending himself, [Trump] offered ..."). The adjacent spans of ``_attribution_features`` never
reach these, so about one gold source in twenty was not even a candidate. Two more kinds are offered to the same
ranker, each with its own side letter so their weights stay apart from the adjacent ones:

- "S": spans before the cue that start the sentence (after an opening quote mark) or start just after its first
  comma (a fronted phrase), and that end before a word in lower case or a comma;
- "A": spans after the cue that start just after the first comma following it ("Claiming ..., [Trump] told").
"""

from __future__ import annotations

from claimwire.core.claims._sentence_tokens import QUOTE_CHARS, Tokens

__all__ = ["MAX_FAR", "far_candidates", "far_features"]

Cand = tuple[str, int, int]

MAX_FAR = 12  # tokens in a far candidate: such subjects are short noun phrases
_STOP = frozenset({";", ".", "?", "!", "(", ")", "[", "]", ":", "—", "–", "―"}) | QUOTE_CHARS
_MAX_LEAD = 12  # a fronted phrase before the first comma is at most this long


def _ends_ok(toks: Tokens, e: int) -> bool:
    """Whether a far span may end before token ``e``: a verb or aside follows, and the span's last token is a
    word."""
    w = toks.words[e]
    return (w == "," or w[:1].islower()) and toks.words[e - 1][:1].isalnum()


def _spans(toks: Tokens, side: str, bounds: tuple[int, int], taken: set[tuple[int, int]], out: list[Cand]) -> None:
    """Append the spans of ``side`` that start at ``bounds[0]`` and end at most at ``bounds[1]``."""
    start, limit = bounds
    words = toks.words
    if start >= limit or not words[start][:1].isalnum():
        return
    for e in range(start + 1, min(limit, start + MAX_FAR) + 1):
        if words[e - 1] in _STOP:
            return
        if e < len(words) and (start, e) not in taken and _ends_ok(toks, e):
            out.append((side, start, e))


def far_candidates(toks: Tokens, cue_start: int, cue_end: int, out: list[Cand]) -> None:
    """Append the "S" and "A" candidates of the cue ``[cue_start, cue_end)`` to ``out`` (which already holds
    the adjacent ones, so none is repeated)."""
    taken = {(a, b) for _, a, b in out}
    words = toks.words
    first = 1 if words and words[0] in QUOTE_CHARS else 0
    starts = [first]
    comma = next((j for j in range(first, min(cue_start, first + _MAX_LEAD)) if words[j] == ","), -1)
    if comma > first:
        starts.append(comma + 1)
    for s in starts:
        _spans(toks, "S", (s, cue_start - 1), taken, out)
    after = next((j for j in range(cue_end, min(len(words), cue_end + _MAX_LEAD)) if words[j] == ","), -1)
    if after >= 0:
        _spans(toks, "A", (after + 1, len(words) - 1), taken, out)


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


def far_features(toks: Tokens, cand: Cand, cue: tuple[int, int], head: str) -> list[str]:
    """What a far candidate adds to the shared span features: the word after it (the verb it is the subject
    of), how far the cue is, and whether a comma separates them."""
    side, a, b = cand
    cue_start, cue_end = cue
    nxt = toks.lower[b] if b < len(toks) else "</s>"
    gap = cue_start - b if side == "S" else a - cue_end
    between = toks.words[b:cue_start] if side == "S" else toks.words[cue_end:a]
    commas = str(min(2, between.count(",")))
    return [
        side + "nx=" + nxt,
        side + "hnx=" + head + "|" + nxt,
        side + "gap=" + _bucket(gap),
        side + "hgap=" + head[-3:] + "|" + _bucket(gap) + commas,
        side + "st=" + ("0" if a <= 1 else "c"),
        side + "hs=" + head + "|" + ("0" if a <= 1 else "c"),
    ]
