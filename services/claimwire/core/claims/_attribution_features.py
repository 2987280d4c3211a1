"""Features of the attributor's two learned decisions, shared by training and run time.

1. Is this token part of a reporting cue ("said", "told", "according to", "claimed")? A binary decision per
   candidate token, whose word was a cue often enough in PolNeAR train to be worth asking about.
2. Which span is the cue's source? A ranking over the no-source option, the spans that end just before the cue
   (the subject: "the U.K. Defense Ministry reported") and the spans that start just after it (inversions and
   prepositions: "said Trump", "according to the publication", "reported by Bloomberg").

``train/attribution.py`` learns weights for exactly these features; changing them means retraining, so the
artifact records ``FEATURES_VERSION`` and the loader refuses a mismatch.
"""

from __future__ import annotations

from claimwire.core.claims._sentence_tokens import QUOTE_CHARS, Tokens

__all__ = [
    "FEATURES_VERSION",
    "MAX_LEFT",
    "MAX_RIGHT",
    "RIGHT_GAP_WORDS",
    "SourceCandidate",
    "cue_features",
    "has_quote_mark",
    "source_candidates",
    "source_features",
]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())

FEATURES_VERSION = "a1"
MAX_LEFT = 30
MAX_RIGHT = 30
#: A source after the cue may follow one of these ("reported by Bloomberg", "support from unions").
RIGHT_GAP_WORDS = frozenset({"by", "from", "of", "among", "to", "with"})
_HARD_STOP = frozenset({";", ".", "?", "!", "(", ")", "[", "]"}) | QUOTE_CHARS

_JOINERS = frozenset({",", "—", "-"})
_DOUBLE_QUOTES = frozenset('"“”«»')
_SKIP_LEFT = _words(
    "is was are were has have had also will would could can may might should must does did do 's ’s 're ’re 've "
    "’ve 'd ’d n't n’t not never still already then now later once previously recently repeatedly publicly first "
    "long just even reportedly allegedly again further"
)
#: (side, start, end): a candidate source span in token indices; side is "L" (before the cue), "R" (after it),
#: "P" (the previous attribution's source) or "N" (no source).
SourceCandidate = tuple[str, int, int]


def has_quote_mark(sentence: str) -> bool:
    """Whether a sentence holds a double quotation mark (a cue feature: quotes change how cues read)."""
    return any(c in _DOUBLE_QUOTES for c in sentence)


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 5:
        return "4-5"
    if n <= 8:
        return "6-8"
    if n <= 12:
        return "9-12"
    return "13+"


def _word(toks: Tokens, i: int) -> str:
    if i < 0:
        return "<s>"
    if i >= len(toks.words):
        return "</s>"
    return toks.lower[i]


def _shape(toks: Tokens, i: int) -> str:
    if i < 0:
        return "<s>"
    if i >= len(toks.words):
        return "</s>"
    return toks.shapes[i]


def cue_features(toks: Tokens, i: int, has_quote: bool) -> list[str]:
    """Features of token ``i`` as a candidate cue word."""
    w = toks.lower[i]
    p1, p2, n1, n2 = _word(toks, i - 1), _word(toks, i - 2), _word(toks, i + 1), _word(toks, i + 2)
    sp1, sn1 = _shape(toks, i - 1), _shape(toks, i + 1)
    q = "q" if has_quote else "-"
    return [
        "b",
        "w=" + w,
        "p1=" + p1,
        "p2=" + p2,
        "n1=" + n1,
        "n2=" + n2,
        "wp1=" + w + "|" + p1,
        "wn1=" + w + "|" + n1,
        "wsp1=" + w + "|" + sp1,
        "wsn1=" + w + "|" + sn1,
        "sp=" + sp1 + sn1,
        "wq=" + w + "|" + q,
        "cap=" + w + "|" + ("C" if toks.words[i][:1].isupper() else "l") + ("0" if i == 0 else "1"),
    ]


def _left_ends(toks: Tokens, cue_start: int, lo: int) -> list[int]:
    """Where a source before the cue may end: at the cue, before auxiliaries and adverbs ("Trump is now
    stressing"), or before a parenthetical between commas ("Trump, in particular, has criticized")."""
    ends = [cue_start]
    e = cue_start
    while e > lo and toks.lower[e - 1] in _SKIP_LEFT:
        e -= 1
    if e != cue_start:
        ends.append(e)
    if e - 2 > lo and toks.words[e - 1] == ",":
        for j in range(e - 2, max(lo, e - 6), -1):
            w = toks.words[j]
            if w == ",":
                if j < e - 2:
                    ends.append(j)
                break
            if not w[:1].islower():
                break
    return ends


def source_candidates(
    toks: Tokens, cue_start: int, cue_end: int, previous: tuple[int, int] | None = None
) -> list[SourceCandidate]:
    """The no-source option, every contiguous span next to the cue ``[cue_start, cue_end)``, and the source of
    the sentence's previous attribution (``previous``, shared by "the mayor said, adding ..." and "X said ...
    and called ...")."""
    out: list[SourceCandidate] = [("N", 0, 0)]
    if previous is not None and previous[1] <= cue_start:
        out.append(("P", previous[0], previous[1]))
    n = len(toks.words)
    lo = max(0, cue_start - MAX_LEFT)
    for end in _left_ends(toks, cue_start, lo):
        for j in range(end - 1, lo - 1, -1):
            w = toks.words[j]
            if w in _HARD_STOP:
                break
            if w not in _JOINERS:
                out.append(("L", j, end))
    start = cue_end
    if start < n and toks.lower[start] in RIGHT_GAP_WORDS:
        start += 1
    hi = min(n, start + MAX_RIGHT)
    for k in range(start + 1, hi + 1):
        w = toks.words[k - 1]
        if w in _HARD_STOP:
            break
        if w not in _JOINERS:
            out.append(("R", start, k))
    return out


def source_features(toks: Tokens, cand: SourceCandidate, cue_start: int, cue_end: int, head: str) -> list[str]:
    """Features of one source candidate for the cue whose main word is ``head``."""
    side, a, b = cand
    before = _word(toks, cue_start - 1)
    after = _word(toks, cue_end)
    ctx = _shape(toks, cue_start - 1) + _shape(toks, cue_end)
    if side == "P":
        suffix = "ing" if head.endswith("ing") else "-"
        return ["P", "Ph=" + head, "Pb=" + before, "Phb=" + head + "|" + before, "Ps=" + suffix + "|" + before]
    if side == "N":
        return ["N", "Nh=" + head, "Nb=" + before, "Na=" + after, "Nc=" + ctx, "Nhc=" + head + "|" + ctx]
    words = toks.lower[a:b]
    first, last = words[0], words[-1]
    fshape, lshape = toks.shapes[a], toks.shapes[b - 1]
    outer = _word(toks, a - 1) if side == "L" else _word(toks, b)
    oshape = _shape(toks, a - 1) if side == "L" else _shape(toks, b)
    commas = words.count(",")
    lowers = toks.shapes[a:b].count("x")
    size = _bucket(b - a)
    feats = [
        side,
        side + "fw=" + first,
        side + "fs=" + fshape,
        side + "lw=" + last,
        side + "ls=" + lshape,
        side + "o=" + outer,
        side + "os=" + oshape,
        side + "ofs=" + oshape + fshape,
        side + "n=" + size,
        side + "c=" + str(min(commas, 3)),
        side + "lo=" + _bucket(lowers),
        side + "h=" + head,
        side + "hn=" + head + "|" + size,
        side + "ctx=" + ctx,
        side + "hctx=" + head + "|" + ctx,
        side + "ob=" + outer + "|" + before,
        side + "cl=" + str(min(commas, 3)) + "|" + _bucket(lowers),
    ]
    if side == "R" and a > cue_end:
        feats.append("Rgap=" + toks.lower[cue_end])
    elif side == "L" and b < cue_start:
        gap = "," if toks.words[b] == "," else "aux"
        feats.append("Lgap=" + gap)
        feats.append("Lgapw=" + toks.lower[b] + "|" + toks.lower[cue_start - 1])
        feats.append("Lgaph=" + gap + "|" + head)
    return feats
