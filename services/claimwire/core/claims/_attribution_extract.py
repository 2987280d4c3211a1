"""Find every attribution of an article as spans: cue, source mention and content.

This is the span-level extractor that ``bench/attribution.py`` scores against PolNeAR and that
``attribution.attribute`` builds its per-sentence answer on. The learned models (``_attribution_model``) find
the cues and pick each cue's source; the content is the larger of the two stretches of the sentence on either
side of the cue and its source (bounded by neighbouring attributions), widened to a whole quotation when it
starts or ends inside one that crosses the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimwire.core.claims._attribution_features import has_quote_mark
from claimwire.core.claims._attribution_model import CueSpan, load_model
from claimwire.core.claims._attribution_quotes import QuoteIndex
from claimwire.core.claims._sentence_tokens import Tokens, tokenize
from claimwire.core.claims.sentences import Sentence

__all__ = ["AttributionEvent", "SentenceAttributions", "find_attributions"]

_RELATIVE = frozenset({"which", "who", "whom", "as", "that"})
_EDGE_LEFT = frozenset({",", ":", "—", "–", "-", ";"})
_EDGE_RIGHT = frozenset({",", ".", ":", "—", "–", "-", ";", "?", "!"})


@dataclass(frozen=True, slots=True)
class AttributionEvent:
    """One attribution: character spans into the article text (``source``/``content`` may be absent)."""

    sentence: int
    cue: tuple[int, int]
    head: str
    source: tuple[int, int] | None
    source_side: str
    content: tuple[int, int] | None
    nested: bool = False


@dataclass(frozen=True, slots=True)
class SentenceAttributions:
    """A sentence's tokens and the attributions whose cue is in it."""

    tokens: Tokens
    events: list[AttributionEvent]


def _words(toks: Tokens, a: int, b: int) -> int:
    return sum(1 for w in toks.words[a:b] if w[:1].isalnum())


def _trim(toks: Tokens, a: int, b: int) -> tuple[int, int]:
    while a < b and toks.words[a] in _EDGE_LEFT:
        a += 1
    while b > a and toks.words[b - 1] in _EDGE_RIGHT:
        b -= 1
    return a, b


def _content(
    toks: Tokens, complex_: tuple[int, int], bounds: tuple[int, int], quotes: QuoteIndex, cue_char: int
) -> tuple[int, int] | None:
    """The content beside the cue-and-source ``complex_``, within ``bounds``, in characters."""
    (lo, hi), (left_bound, right_bound) = complex_, bounds
    la, lb = _trim(toks, left_bound, lo)
    ra, rb = _trim(toks, hi, right_bound)
    if _words(toks, ra, rb) >= max(1, _words(toks, la, lb)):
        a, b = ra, rb
    elif lb > la:
        a, b = la, lb
    else:
        return None
    start, end = toks.starts[a], toks.ends[b - 1]
    q = quotes.containing(start)
    if q is not None and q[0] < start and not q[0] <= cue_char < q[1]:
        start = q[0]
    q = quotes.containing(end - 1)
    if q is not None and q[1] > end and not q[0] <= cue_char < q[1]:
        end = q[1]
    return start, end


def _nested(toks: Tokens, side: str, sa: int, cue_start: int) -> bool:
    """A relative or parenthetical attribution ("..., which it claimed to be ...", "as X said"): it does not
    bound the content of the sentence's other attributions."""
    first = sa if side == "L" else cue_start
    return toks.lower[first] in _RELATIVE or (first > 0 and toks.lower[first - 1] in _RELATIVE)


def _sentence_events(
    index: int, toks: Tokens, cues: list[CueSpan], sources: list[tuple[str, int, int]], quotes: QuoteIndex
) -> list[AttributionEvent]:
    complexes = []
    for (a, b, _), (side, sa, sb) in zip(cues, sources, strict=True):
        lo = sa if side == "L" else a  # a "P" source is elsewhere in the sentence: not part of this complex
        hi = sb if side == "R" else b
        complexes.append((lo, hi, _nested(toks, side, sa, a)))
    out = []
    for k, ((a, b, head), (side, sa, sb)) in enumerate(zip(cues, sources, strict=True)):
        lo, hi, nested = complexes[k]
        left_bound = max((c[1] for c in complexes[:k] if not c[2] or nested), default=0)
        right_bound = min((c[0] for c in complexes[k + 1 :] if not c[2] or nested), default=len(toks))
        content = _content(toks, (lo, hi), (min(left_bound, lo), max(right_bound, hi)), quotes, toks.starts[a])
        source = (toks.starts[sa], toks.ends[sb - 1]) if side != "N" else None
        cue = (toks.starts[a], toks.ends[b - 1])
        out.append(AttributionEvent(index, cue, head, source, side, content, nested))
    return out


def find_attributions(
    text: str, sentences: Sequence[Sentence], quotes: QuoteIndex | None = None
) -> list[SentenceAttributions]:
    """Per sentence, in order: its tokens and its attributions (cue in that sentence)."""
    model = load_model()
    quotes = quotes if quotes is not None else QuoteIndex(text)
    out = []
    for i, s in enumerate(sentences):
        toks = tokenize(text, s.start, s.end)
        has_quote = has_quote_mark(s.text)
        cues = model.find_cues(toks, has_quote)
        sources: list[tuple[str, int, int]] = []
        previous: tuple[int, int] | None = None
        for c in cues:
            src = model.find_source(toks, c, previous)
            sources.append(src)
            if src[0] != "N":
                previous = (src[1], src[2])
        out.append(SentenceAttributions(toks, _sentence_events(i, toks, cues, sources, quotes)))
    return out
