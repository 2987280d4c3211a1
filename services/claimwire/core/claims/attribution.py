"""Who says so: one attribution per sentence, with the claimant resolved across the article.

A claim is only checkable against its source, so each sentence gets the reporting cue ("reported",
"according to"), the claimant's mention and resolved name, the content span, the chain of sources ("Bloomberg
... citing people familiar with the plan"), and whether the claim is a direct quotation. The spans come from the
learned extractor (``_attribution_extract``, trained on PolNeAR), names from ``_attribution_resolve``; this module
picks each sentence's main attribution and applies the article-level rules:

- the main attribution of a sentence is the one with a source whose content is the longest;
- its chain runs outermost first: the claimant, then the sources it cites (``_attribution_citations``);
- a sentence without a cue that is a quotation, right after an attributed sentence, continues that attribution
  as a direct quote (the speaker of a quote running over sentences is named once);
- a sentence inside the content of an earlier attribution (a quotation crossing sentences) belongs to it;
- any other sentence is the outlet's own statement: claimant kind "outlet", empty mention, no offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from claimwire.core.claims._attribution_citations import CITING, citations
from claimwire.core.claims._attribution_extract import AttributionEvent, SentenceAttributions, find_attributions
from claimwire.core.claims._attribution_quotes import QuoteIndex
from claimwire.core.claims._attribution_resolve import Resolver
from claimwire.core.claims.sentences import Sentence
from claimwire.core.models import CharSpan, Claimant, Cue, Entity

__all__ = ["Attribution", "attribute"]


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


QuoteKind = Literal["direct", "indirect", "none"]
_AUX = _words("has have had is was were are be been will would also has not just")
_TRAILING = frozenset({"in", "on", "at", "during", "with", "for", "from", "by", ":"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_MOSTLY_QUOTED = 0.6
_LOOKAHEAD = 5  # sentences a quotation may run before its speaker is named


@dataclass(frozen=True, slots=True)
class Attribution:
    """The attribution of one sentence; offsets are into the article text."""

    claimant: Claimant | None
    cue: Cue | None
    content: CharSpan | None
    chain: tuple[str, ...]
    reporting_verb: str | None
    quote: QuoteKind
    #: Where each link of the chain after the claimant is cited ("citing people familiar with the plan"): part of
    #: the attribution's frame, not of the claim.
    citations: tuple[tuple[int, int], ...] = ()


def _verb(cue_text: str) -> str:
    words = cue_text.lower().split()
    kept = [w for w in words if w not in _AUX] or words
    # A cue span that runs into its setting ("wrote in its update", "said on Monday") keeps only the verb.
    cut = next((i for i, w in enumerate(kept) if i > 0 and w in _TRAILING), len(kept))
    return " ".join(kept[:cut])


def _main(events: list[AttributionEvent]) -> AttributionEvent | None:
    candidates = (
        [e for e in events if e.head not in CITING and not e.nested]
        or [e for e in events if e.head not in CITING]
        or events
    )
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.source is not None, (e.content[1] - e.content[0]) if e.content else 0))


def _own_attribution(
    text: str, s: Sentence, sa: SentenceAttributions, quotes: QuoteIndex, resolver: Resolver
) -> Attribution | None:
    """The attribution of a sentence that has a cue of its own, or None."""
    main = _main(sa.events)
    if main is None:
        return None
    if main.source is not None:
        words = text[main.source[0] : main.source[1]].lower().split()
        if words[0] in _DEMONSTRATIVES and len(words) <= 2:
            return None  # "This may indicate ...": the outlet's own inference, not a source
    claimant = None
    if main.source is not None:
        a, b = main.source
        name, kind = resolver.resolve(a, b, s.text)
        claimant = Claimant(name=name, mention=text[a:b], kind=kind, char_start=a, char_end=b)
    content = CharSpan(char_start=main.content[0], char_end=main.content[1]) if main.content else None
    direct = content is not None and 2 * quotes.quoted_chars(content.char_start, content.char_end) >= (
        content.char_end - content.char_start
    )
    cue_text = text[main.cue[0] : main.cue[1]]
    cited = citations(text, sa, main, resolver.entities)
    return Attribution(
        claimant=claimant,
        cue=Cue(text=cue_text, char_start=main.cue[0], char_end=main.cue[1]),
        content=content,
        chain=(*([claimant.name] if claimant else []), *(name for name, _ in cited)),
        reporting_verb=_verb(cue_text),
        quote="direct" if direct else "indirect",
        citations=tuple(span for _, span in cited),
    )


def _continued(att: Attribution, s: Sentence, quoted: float) -> Attribution:
    """``att`` carried over to sentence ``s``, part of the same quotation or content."""
    return Attribution(
        claimant=att.claimant,
        cue=att.cue,
        content=CharSpan(char_start=s.start, char_end=s.end),
        chain=att.chain,
        reporting_verb=att.reporting_verb,
        quote="direct" if quoted >= _MOSTLY_QUOTED else att.quote,
    )


def attribute(
    text: str, sentences: Sequence[Sentence], *, outlet: str | None, entities: Sequence[Entity], fast: bool = False
) -> list[Attribution]:
    """One attribution per sentence, in order (see the module docstring for the rules); ``fast`` as in
    ``find_attributions``."""
    quotes = QuoteIndex(text)
    found = find_attributions(text, sentences, quotes, fast=fast)
    resolver = Resolver(text, sorted(entities, key=lambda e: e.char_start))
    own = Claimant(name=outlet, mention="", kind="outlet") if outlet else None
    unattributed = Attribution(claimant=own, cue=None, content=None, chain=(), reporting_verb=None, quote="none")
    firsts = [_own_attribution(text, s, sa, quotes, resolver) for s, sa in zip(sentences, found, strict=True)]
    out: list[Attribution] = []
    last: Attribution | None = None
    last_para = -10
    for i, s in enumerate(sentences):
        att = firsts[i]
        quoted = quotes.quoted_chars(s.start, s.end) / max(1, s.end - s.start)
        if att is not None:
            last, last_para = att, s.paragraph
            out.append(att)
            continue
        # A quotation whose speaker comes later ('"We will not retreat. We will win," Zelensky said.').
        later = next(
            (
                f
                for f in firsts[i + 1 : i + 1 + _LOOKAHEAD]
                if f is not None and f.content is not None and f.content.char_start <= s.start < f.content.char_end
            ),
            None,
        )
        if later is not None:
            out.append(_continued(later, s, quoted))
        elif last is not None and (
            (last.content is not None and s.start < last.content.char_end)
            or (quoted >= _MOSTLY_QUOTED and s.paragraph - last_para <= 1)
        ):
            out.append(_continued(last, s, quoted))
            last_para = s.paragraph
        else:
            out.append(unattributed)
            last = None
    return out
