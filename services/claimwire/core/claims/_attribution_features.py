"""Candidates and features of the attributor's source decision, shared by training and run time.

Which span is a cue's source? A ranking over the no-source option, the previous attribution's source (shared
subjects: "X said ... and called ..."), the spans that end before the cue (the subject: "the U.K. Defense Ministry
reported", also before auxiliaries, a short aside between commas or either of the last two commas: "Dean, a
former party chairman, ..., tweeting"; before a time phrase or an "-ly" adverb: "Sanders on Tuesday said") and the
spans that start just after it (inversions and prepositions: "said Trump", "according to the publication",
"reported by Bloomberg"; past 20 tokens only ones that end a clause, since PolNeAR's "said X, a lawyer ..., who
..." sources run to the sentence end). A span may hold a short bracketed aside ("Rep. Gwen Moore (D-Wis.) said")
and an abbreviation's dot ("McConnell, R-Ky., said"). The cue tagger and the content ranker have their own modules
(``_attribution_cues``, ``_attribution_content``).

``train/attribution.py`` learns weights for exactly these features; changing them means retraining, so the
artifact records ``FEATURES_VERSION`` and the loader refuses a mismatch.
"""

from __future__ import annotations

from claimwire.core.claims._attribution_far import far_candidates, far_features
from claimwire.core.claims._sentence_tokens import QUOTE_CHARS, Tokens

__all__ = [
    "FEATURES_VERSION",
    "MAX_LEFT",
    "MAX_RIGHT",
    "MAX_RIGHT_LONG",
    "MAX_SPAN",
    "RIGHT_GAP_WORDS",
    "CueContext",
    "SourceCandidate",
    "cue_context",
    "has_quote_mark",
    "mention_end",
    "source_candidates",
    "source_features",
]


_LOOSE_END = frozenset({",", "—", "–", "-", ":", ";"})


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


FEATURES_VERSION = "a6"
MAX_LEFT = 30
MAX_SPAN = 20  # tokens in a source candidate: 99% of PolNeAR train sources are no longer
MAX_RIGHT = 20
MAX_RIGHT_LONG = 45  # a source after "said" runs on through its appositives: only clause-final spans this far
_FAR_COMMAS = 2  # a source may also end before either of the last two commas before the cue
#: A source after the cue may follow one of these ("reported by Bloomberg", "support from unions").
RIGHT_GAP_WORDS = frozenset({"by", "from", "of", "among", "to", "with"})
_AFTER_ABBREVIATION = frozenset({",", ")", "]"})
_CLAUSE_END = frozenset({",", ".", ";", ":", "?", "!", "—", "–"}) | QUOTE_CHARS
_HARD_STOP = frozenset({";", ".", "?", "!", "(", ")", "[", "]"}) | QUOTE_CHARS
_MAX_PAREN = 8  # a parenthetical this short inside a source is an affiliation or an aside: "Rep. Moore (D-Wis.)"
_RELATIVE = frozenset({"who", "which", "whose", "whom", "where"})
_TIME_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning afternoon evening "
    "night week month year earlier later recently"
)

_LY_NOUNS = _words("family assembly ally rally supply monopoly anomaly belly jelly bully weekly monthly daily")
_TIME_PREPS = _words("on in last this earlier late early")
_JOINERS = frozenset({",", "—", "-"})
_NO_START = _JOINERS | {"."}  # a source before the cue starts with neither (an abbreviation's dot is inside one)
_BE = _words("was were been be is are being")
_DOUBLE_QUOTES = frozenset('"“”«»')
_SKIP_LEFT = _words(
    "is was are were has have had also will would could can may might should must does did do 's ’s 're ’re 've "
    "’ve 'd ’d n't n’t not never still already then now later once previously recently repeatedly publicly first "
    "long just even reportedly allegedly again further"
)
#: (side, start, end): a candidate source span in token indices; side is "L" (before the cue), "R" (after it),
#: "S"/"A" (a subject further away, ``_attribution_far``), "P" (the previous attribution's source) or "N" (none).
SourceCandidate = tuple[str, int, int]


def has_quote_mark(sentence: str) -> bool:
    """Whether a sentence holds a double quotation mark (a cue feature: quotes change how cues read)."""
    return any(c in _DOUBLE_QUOTES for c in sentence)


def mention_end(toks: Tokens, sa: int, sb: int) -> int:
    """Where a source mention ``[sa, sb)`` ends without its trailing comma or dash ("Senator Smith, who chairs
    the committee, said")."""
    while sb - sa > 1 and toks.words[sb - 1] in _LOOSE_END:
        sb -= 1
    return sb


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


def _left_ends(toks: Tokens, cue_start: int, lo: int) -> list[int]:
    """Where a source before the cue may end: at the cue, before auxiliaries and adverbs ("Trump is now
    stressing"), or before a parenthetical between commas ("Trump, in particular, has criticized")."""
    ends = [cue_start]
    e = cue_start
    commas = [j for j in range(cue_start - 1, lo, -1) if toks.words[j] == ","][:_FAR_COMMAS]
    ends.extend(j for j in commas if j < cue_start - 1)
    while e > lo and (toks.lower[e - 1] in _SKIP_LEFT or _adverb(toks.words[e - 1])):
        e -= 1
    t = _time_before(toks.lower, e, lo)
    if t < e and t not in ends:
        ends.append(t)  # "Sanders on Tuesday said": the time phrase is not part of the source
    if e != cue_start and e not in ends:
        ends.append(e)
    if e - 2 > lo and toks.words[e - 1] == ",":
        for j in range(e - 2, max(lo, e - 6), -1):
            w = toks.words[j]
            if w == ",":
                if j < e - 2 and j not in ends:
                    ends.append(j)
                break
            if not w[:1].islower():
                break
    return ends


def _adverb(word: str) -> bool:
    """A lower-case "-ly" adverb between a subject and its verb ("Gingrich cynically dismissed")."""
    return len(word) >= 5 and word.endswith("ly") and word.islower() and word not in _LY_NOUNS


def _time_before(lower: list[str], e: int, lo: int) -> int:
    """Where a time phrase that ends at ``e`` starts ("on Tuesday", "in 2001", "last week"), or ``e``."""
    if e - 2 >= lo and lower[e - 2] in _TIME_PREPS and (lower[e - 1] in _TIME_WORDS or _year(lower[e - 1])):
        return e - 2
    return e


def _year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


def source_candidates(
    toks: Tokens, cue_start: int, cue_end: int, previous: tuple[int, int] | None = None
) -> list[SourceCandidate]:
    """The no-source option, every contiguous span next to the cue ``[cue_start, cue_end)``, and the source of
    the sentence's previous attribution (``previous``, shared by "the mayor said, adding ..." and "X said ...
    and called ...")."""
    out: list[SourceCandidate] = [("N", 0, 0)]
    if previous is not None and previous[1] <= cue_start:
        out.append(("P", previous[0], previous[1]))
    lo = max(0, cue_start - MAX_LEFT)
    _left(toks.words, _left_ends(toks, cue_start, lo), lo, out)
    _right(toks, cue_end, out)
    far_candidates(toks, cue_start, cue_end, out)
    return out


def _left(words: list[str], ends: list[int], lo: int, out: list[SourceCandidate]) -> None:
    for end in ends:
        j = end - 1
        stop = max(lo, end - MAX_SPAN)
        while j >= stop:
            w = words[j]
            if w == ")":
                k = _match(words, j, "(", -1, lo)
                if k < 0:
                    break
                j = k - 1  # a span may hold a short parenthetical but not start inside one
                continue
            if w in _HARD_STOP and not _soft_dot(words, j):
                break
            if w not in _NO_START:
                out.append(("L", j, end))
            j -= 1


def _right(toks: Tokens, cue_end: int, out: list[SourceCandidate]) -> None:
    words, n = toks.words, len(toks.words)
    start = cue_end
    if start < n and toks.lower[start] in RIGHT_GAP_WORDS:
        start += 1
    hi = min(n, start + MAX_RIGHT_LONG)
    k = start + 1
    while k <= hi:
        w = words[k - 1]
        if w == "(" and k > start + 1:
            m = _match(words, k - 1, ")", 1, hi - 1)
            if m < 0:
                break
            out.append(("R", start, m + 1))
            k = m + 2
            continue
        if w in _HARD_STOP and not _soft_dot(words, k - 1):
            break
        # Past MAX_RIGHT only spans that end a clause: "said X, a lawyer ..., who represents ..." to the end.
        if w not in _JOINERS and (k - start <= MAX_RIGHT or k == n or words[k] in _CLAUSE_END):
            out.append(("R", start, k))
        k += 1


def _soft_dot(words: list[str], i: int) -> bool:
    """Whether the "." at ``i`` ends an abbreviation inside the sentence ("McConnell, R-Ky., said") rather than
    the sentence: the splitter already cut at sentence ends, so a dot followed by a comma or bracket is not one."""
    return words[i] == "." and i + 1 < len(words) and words[i + 1] in _AFTER_ABBREVIATION


def _flags(words: list[str]) -> str:
    """Whether a candidate holds a relative pronoun, a time word, a parenthetical."""
    rel = "r" if _RELATIVE.intersection(words) else "-"
    return rel + ("t" if _TIME_WORDS.intersection(words) else "-") + ("p" if "(" in words else "-")


def _match(words: list[str], i: int, mark: str, step: int, limit: int) -> int:
    """The index of the bracket ``mark`` closing the one at ``i``, at most ``_MAX_PAREN`` tokens away, or -1."""
    j = i + step
    while (j >= limit if step < 0 else j <= limit) and abs(j - i) <= _MAX_PAREN:
        if words[j] == mark:
            return j
        if words[j] == words[i]:
            return -1  # nested brackets: not a short aside
        j += step
    return -1


def _pattern(shapes: list[str]) -> str:
    """A span's shapes with repeats collapsed ("Xx Xx x Xx" -> "Xx x Xx"): noun phrases have few patterns."""
    out: list[str] = []
    for sh in shapes:
        if not out or out[-1] != sh:
            out.append(sh)
    return " ".join(out) if len(out) <= 6 else "long"


def _passive(cue: list[str]) -> str:
    """Whether a cue is a passive verb group ("was accused", "have been blamed for")."""
    return "v" if _BE.intersection(cue) and any(w.endswith(("ed", "en")) for w in cue[1:]) else "-"


#: What every candidate of one cue shares: the words before and after it, their shapes, the cue's form.
CueContext = tuple[str, str, str, str]


def cue_context(toks: Tokens, cue_start: int, cue_end: int) -> CueContext:
    """The candidate-independent part of ``source_features``, made once per cue rather than once per candidate."""
    cue = toks.lower[cue_start:cue_end]
    return (_word(toks, cue_start - 1), _word(toks, cue_end), _shape(toks, cue_start - 1) + _shape(toks, cue_end),
            cue[0] + "|" + _passive(cue))


def source_features(
    toks: Tokens, cand: SourceCandidate, cue_start: int, cue_end: int, head: str, *, shared: CueContext | None = None
) -> list[str]:
    """Features of one source candidate for the cue whose main word is ``head``; ``shared`` is the cue's
    ``cue_context`` (made here when not given)."""
    side, a, b = cand
    before, after, ctx, form = shared if shared is not None else cue_context(toks, cue_start, cue_end)
    if side == "P":
        suffix = "ing" if head.endswith("ing") else "-"
        return ["P", "Ph=" + head, "Pb=" + before, "Phb=" + head + "|" + before, "Ps=" + suffix + "|" + before]
    if side == "N":
        return ["N", "Nh=" + head, "Nb=" + before, "Na=" + after, "Nc=" + ctx, "Nhc=" + head + "|" + ctx, "Nf=" + form]
    words = toks.lower[a:b]
    first, last = words[0], words[-1]
    fshape, lshape = toks.shapes[a], toks.shapes[b - 1]
    before_cue = side in ("L", "S")
    outer = _word(toks, a - 1) if before_cue else _word(toks, b)
    oshape = _shape(toks, a - 1) if before_cue else _shape(toks, b)
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
        side + "x=" + _flags(words),
        side + "l2=" + _word(toks, b - 2) + "|" + last,
        side + "cf=" + form,  # a passive cue's subject is not its source: "Mr. Quiros was accused of"
        side + "lx=" + (last[-2:] if lshape == "x" else lshape),  # "Gingrich cynically", "the IMF report"
        side + "pat=" + _pattern(toks.shapes[a:b]),
    ]
    # The words inside: a verb or preposition there ("The ad uses footage of ...") makes a poor mention.
    feats.extend(side + "in=" + w for w in dict.fromkeys(words[1:-1]))
    if commas:
        after_comma = _word(toks, a + words.index(",") + 1)
        feats.append(side + "ac=" + after_comma)
    if side in ("S", "A"):
        feats.extend(far_features(toks, cand, (cue_start, cue_end), head))
    if side == "R" and a > cue_end:
        feats.append("Rgap=" + toks.lower[cue_end])
    elif side == "L" and b < cue_start:
        gap = "," if toks.words[b] == "," else "aux"
        feats.append("Lgap=" + gap)
        feats.append("Lgapw=" + toks.lower[b] + "|" + toks.lower[cue_start - 1])
        feats.append("Lgaph=" + gap + "|" + head)
        feats.append("Lgapn=" + _bucket(cue_start - b) + "|" + head[-3:])
    return feats
