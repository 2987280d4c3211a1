"""Find every attribution of an article as spans: cue, source mention and content.

This is the span-level extractor that ``bench/attribution.py`` scores against PolNeAR and that
``attribution.attribute`` builds its per-sentence answer on. The learned models (``_attribution_model``) find
the cues, pick each cue's source and pick the content among the stretches on either side of the cue and its
source (bounded by neighbouring attributions, cut at clause breaks); the content is then widened to a whole
quotation when it starts or ends inside one that crosses the sentence. The cue tagger's scores get the sentence
context of a fine-tuned MiniLM encoder (``_cue_encoder``, whose source head also scores the source candidates),
or with ``fast`` of a small CNN (``_attribution_cnn``, about 11 times faster and 4.5 points of source F1 lower on
PolNeAR dev), run once over all sentences of the article; two layout conventions the tagger rarely sees (a
signature after a quotation, a transcript's speaker label) are added by rule (``_attribution_rules``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from claimwire.core.claims._attribution_cnn import load_cnn, token_ids
from claimwire.core.claims._attribution_features import SourceCandidate, has_quote_mark, mention_end
from claimwire.core.claims._attribution_model import AttributionModel, Complex, CueSpan, load_model
from claimwire.core.claims._attribution_quotes import QuoteIndex
from claimwire.core.claims._attribution_rules import colon_speaker, dash_signature
from claimwire.core.claims._cue_encoder import load_encoder
from claimwire.core.claims._sentence_tokens import Tokens, tokenize
from claimwire.core.claims.sentences import Sentence

__all__ = ["AttributionEvent", "SentenceAttributions", "complexes", "find_attributions"]

_RELATIVE = frozenset({"which", "who", "whom", "as", "that"})
_APOSTROPHES = frozenset({"'", "’"})


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
    #: The rest of an interrupted quotation ('"A," he said. "B."': the "B." part), when there is one.
    resumed: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class SentenceAttributions:
    """A sentence's tokens and the attributions whose cue is in it."""

    tokens: Tokens
    events: list[AttributionEvent]


def _content(toks: Tokens, span: tuple[int, int], quotes: QuoteIndex, cue_char: int) -> tuple[int, int]:
    """The content's token ``span`` in characters, widened to a whole quotation when it starts or ends inside
    one that does not hold the cue."""
    a, b = span
    start, end = toks.starts[a], toks.ends[b - 1]
    q = quotes.containing(start)
    if q is not None and q[0] < start and not q[0] <= cue_char < q[1]:
        start = q[0]
    q = quotes.containing(end - 1)
    if q is not None and q[1] > end and not q[0] <= cue_char < q[1]:
        end = q[1]
    return start, end


def _nested(toks: Tokens, side: str, sa: int, cue_start: int) -> bool:
    """A relative or parenthetical attribution ("..., which it claimed to be ...", "as X said"), or one whose
    source is the far subject of the sentence ("X will start ..., aiming to ..., Y reported"): it does not bound
    the content of the sentence's other attributions."""
    if side in ("S", "A"):
        return True
    first = sa if side == "L" else cue_start
    return toks.lower[first] in _RELATIVE or (first > 0 and toks.lower[first - 1] in _RELATIVE)


def _possessor(toks: Tokens, sa: int) -> int:
    """Where a source mention starts once a plural possessive is put back ("Farmers' groups", "the farmers’
    union"): the tokenizer splits the apostrophe off, and the trained spans never start before it."""
    glued = sa >= 2 and toks.ends[sa - 2] == toks.starts[sa - 1] and toks.ends[sa - 1] < toks.starts[sa]
    if not (glued and toks.words[sa - 1] in _APOSTROPHES and toks.lower[sa - 2].endswith("s")):
        return sa
    if not toks.words[sa][:1].islower():
        return sa  # "called them 'experts' Smith said": a closing quotation mark, not a possessive
    return sa - 3 if sa >= 3 and toks.lower[sa - 3] == "the" else sa - 2


def complexes(toks: Tokens, cues: list[CueSpan], sources: list[SourceCandidate]) -> list[Complex]:
    """Per cue: its complex with its source (``lo``, ``hi``), the bounds its content may reach (the neighbouring
    complexes, unless they are nested), and whether it is nested itself."""
    spans = []
    for (a, b, _), (side, sa, sb) in zip(cues, sources, strict=True):
        lo = sa if side == "L" else a  # a "P" source is elsewhere in the sentence: not part of this complex
        hi = sb if side == "R" else b
        spans.append((lo, hi, _nested(toks, side, sa, a)))
    out = []
    for k, (lo, hi, nested) in enumerate(spans):
        left_bound = max((c[1] for c in spans[:k] if not c[2] or nested), default=0)
        right_bound = min((c[0] for c in spans[k + 1 :] if not c[2] or nested), default=len(toks))
        out.append(Complex(lo, hi, min(left_bound, lo), max(right_bound, hi), nested))
    return out


def _sentence_events(
    index: int,
    toks: Tokens,
    *,
    cues: list[CueSpan],
    sources: list[SourceCandidate],
    quotes: QuoteIndex,
    model: AttributionModel,
) -> list[AttributionEvent]:
    out = []
    for c, (a, b, head), (side, sa, sb) in zip(complexes(toks, cues, sources), cues, sources, strict=True):
        span = model.find_content(toks, c, head)
        content = _content(toks, span, quotes, toks.starts[a]) if span else None
        source = (toks.starts[_possessor(toks, sa)], toks.ends[mention_end(toks, sa, sb) - 1]) if side != "N" else None
        cue = (toks.starts[a], toks.ends[b - 1])
        out.append(AttributionEvent(index, cue, head, source, side, content, c.nested))
    return out


def _resumed(text: str, toks: Tokens, ev: AttributionEvent, quotes: QuoteIndex) -> tuple[int, int] | None:
    """The quotation that resumes right after the sentence when ``ev`` closes it after a quoted content:
    '"Sequestration severely handicapped our military," he said. "It was demoralizing. ..."'."""
    if ev.content is None or ev.content[1] > ev.cue[0] or ev.source_side == "P":
        return None
    start, end = ev.content
    if 2 * quotes.quoted_chars(start, end) < end - start:
        return None
    last = max(ev.cue[1], ev.source[1] if ev.source and ev.source_side == "R" else 0)
    if any(c.isalnum() for c in text[last : toks.ends[-1]]):
        return None  # the sentence goes on after the cue and its source
    nxt = toks.ends[-1]
    while nxt < len(text) and text[nxt] in " \t\u00a0":
        nxt += 1
    q = quotes.containing(nxt)
    return q if q is not None and q[0] == nxt else None


def find_attributions(
    text: str, sentences: Sequence[Sentence], quotes: QuoteIndex | None = None, *, fast: bool = False
) -> list[SentenceAttributions]:
    """Per sentence, in order: its tokens and its attributions (cue in that sentence); ``fast`` scores cues with
    the CNN instead of the encoder."""
    model = load_model()
    quotes = quotes if quotes is not None else QuoteIndex(text)
    out = []
    all_toks = [tokenize(text, s.start, s.end) for s in sentences]
    flags = [(quotes.inside(t.starts), has_quote_mark(s.text)) for t, s in zip(all_toks, sentences, strict=True)]
    emits = [model.emissions(t, q, hq) for t, (q, hq) in zip(all_toks, flags, strict=True)]
    encoder = None if fast else load_encoder()
    cnn = load_cnn() if encoder is None else None
    extra: list[list[list[float]] | None] = [None] * len(all_toks)
    encoded: list[list[list[float]] | None] = [None] * len(all_toks)
    if encoder is not None:
        both = encoder.scores(text, all_toks)
        extra, encoded = [e.cue for e in both], [e.source for e in both]
    elif cnn is not None:
        rows = [
            token_ids(t, q, hq, vocab=cnn.vocab, suffixes=cnn.suffixes, rates=model.cue_rates)
            for t, (q, hq) in zip(all_toks, flags, strict=True)
        ]
        extra = list(cnn.scores(rows, emits))
    for i, toks in enumerate(all_toks):
        cues = model.find_cues(toks, emits[i], extra[i])
        sources: list[tuple[str, int, int]] = []
        previous: tuple[int, int] | None = None
        for c in cues:
            src = model.find_source(toks, c, previous, encoded[i])
            sources.append(src)
            if src[0] != "N":
                previous = (src[1], src[2])
        events = _sentence_events(i, toks, cues=cues, sources=sources, quotes=quotes, model=model)
        if len(events) == 1:
            more = _resumed(text, toks, events[0], quotes)
            if more is not None:
                events = [replace(events[0], resumed=more)]
        out.append(SentenceAttributions(toks, _with_rules(i, toks, events, quotes)))
    return out


def _with_rules(index: int, toks: Tokens, events: list[AttributionEvent], quotes: QuoteIndex) -> list[AttributionEvent]:
    """``events`` plus a signature or speaker-label attribution (``_attribution_rules``) whose cue the tagger
    missed, in cue order."""
    if not len(toks):
        return events
    for rule in (dash_signature, colon_speaker):
        found = rule(toks)
        if found is None:
            continue
        (ca, cb), (sa, sb), span = found
        cue = (toks.starts[ca], toks.ends[cb - 1])
        if any(e.cue[0] < cue[1] and cue[0] < e.cue[1] for e in events):
            continue
        if span is not None:
            content: tuple[int, int] | None = (toks.starts[span[0]], toks.ends[span[1] - 1])
        else:
            content = quotes.containing(toks.starts[ca - 1])
        side = "R" if sa >= cb else "L"
        source = (toks.starts[sa], toks.ends[sb - 1])
        ev = AttributionEvent(index, cue, toks.lower[ca], source, side, content)
        events = sorted([*events, ev], key=lambda e: e.cue)
    return events
