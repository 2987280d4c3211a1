"""What an attribution cites: the links of its chain after the claimant ("Bloomberg, citing people familiar").

A sentence may hold several reporting cues and several "citing"/"quoting" cues; each citation belongs to the
nearest reporting cue before it, or to the first after it when none comes before ("Reuters, citing two sources,
reported"; "Citing U.S. officials, CNN reported"). Only the participles link a chain: a finite "cites" or "cited"
has a subject of its own ("the website cites so many claims as inaccurate", "the loopholes he cited are"). The
contract's chain is a list of names, so a citation counts only when it names a source (a person or organisation,
or a source noun: "people familiar with the plan", "a new survey"), not when it gives a reason ("citing her work
after the Sept. 11 attacks", "citing the strategic importance of a nation").
"""

from __future__ import annotations

from collections.abc import Sequence

from claimwire.core.claims._attribution_extract import AttributionEvent, SentenceAttributions
from claimwire.core.claims._attribution_lexicon import DOCUMENT_NOUNS, MEDIA_NOUNS, ORG_NOUNS, PERSON_NOUNS
from claimwire.core.claims._sentence_tokens import Tokens
from claimwire.core.models import Entity

__all__ = ["CITING", "Citation", "citations"]

CITING = frozenset({"citing", "quoting", "cited", "quoted", "cites", "quotes"})
_LINKING = frozenset({"citing", "quoting"})
_STOP = frozenset({",", ";", ".", ":", "(", ")", "—", "–"})
_DETERMINERS = frozenset({"the", "a", "an"})


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Where a cited phrase's head noun ends: "people | familiar with", "officials | in Kyiv", "the release | of".
_HEAD_END = _words(
    "of in on at after before with from for familiar close who whom which that whose and or as to about over"
)
_SOURCE_NOUNS = (
    PERSON_NOUNS
    | MEDIA_NOUNS
    | DOCUMENT_NOUNS
    | ORG_NOUNS
    | _words(
        "people officials sources experts analysts aide aides insiders diplomats witnesses residents researchers "
        "scientists authorities police prosecutors investigators data figures statistics records documents "
        "intelligence estimates polls reports"
    )
)

#: The cited words, and the span from the citing cue to their end (part of the attribution's frame).
Citation = tuple[str, tuple[int, int]]


def _owner(ev: AttributionEvent, reporting: Sequence[AttributionEvent]) -> AttributionEvent | None:
    before = [r for r in reporting if r.cue[0] < ev.cue[0]]
    return before[-1] if before else next((r for r in reporting if r.cue[0] > ev.cue[0]), None)


def _names_a_source(toks: Tokens, first: int, last: int, entities: Sequence[Entity]) -> bool:
    end = first
    while end < last and toks.lower[end] not in _HEAD_END:
        end += 1
    if end == first:
        return False
    if end + 1 < last and toks.lower[end] == "of":
        # "the findings of a study" names a source, "the release of political prisoners" does not
        after = end + 2 if toks.lower[end + 1] in _DETERMINERS else end + 1
        return _names_a_source(toks, after, last, entities)
    head_start, head_end = toks.starts[end - 1], toks.ends[end - 1]
    named = any(
        e.label in ("person", "organization") and e.char_start <= head_start and head_end <= e.char_end
        for e in entities
    )
    head = toks.lower[end - 1]
    return named or head in _SOURCE_NOUNS or head.removesuffix("s") in _SOURCE_NOUNS


def _cited(text: str, toks: Tokens, ev: AttributionEvent, entities: Sequence[Entity]) -> Citation | None:
    """The source a citing cue names (the words after it up to the next punctuation), or None."""
    first = next((i for i, s in enumerate(toks.starts) if s >= ev.cue[1]), None)
    if first is None:
        return None
    last = first
    while last < len(toks) and toks.words[last] not in _STOP:
        last += 1
    if first < len(toks) and toks.lower[first] in _DETERMINERS:
        first += 1
    if last <= first or not _names_a_source(toks, first, last, entities):
        return None
    return text[toks.starts[first] : toks.ends[last - 1]], (ev.cue[0], toks.ends[last - 1])


def citations(
    text: str, sa: SentenceAttributions, main: AttributionEvent, entities: Sequence[Entity]
) -> list[Citation]:
    """The sources ``main`` cites in its sentence, in text order: its chain after the claimant."""
    reporting = sorted((e for e in sa.events if e.head not in CITING), key=lambda e: e.cue[0])
    out = []
    for ev in sorted(sa.events, key=lambda e: e.cue[0]):
        if ev is not main and ev.head in _LINKING and _owner(ev, reporting) is main:
            cited = _cited(text, sa.tokens, ev, entities)
            if cited:
                out.append(cited)
    return out
