"""Resolve a source mention to the claimant's name, within the article.

The words a sentence uses for its source are often not a name: "The ministry", "the publication", "the update",
"he", "RFE/RL", "Putin". Each is resolved against what came before in the article, by general rules only:
- a mention holding names takes them (people first, titles dropped; coordinated names are all kept,
  "Putin and ... Shoigu" -> two claimants); a short name takes an earlier fuller one ("Putin" -> "Vladimir
  Putin"), an acronym an earlier name with those initials ("RFE/RL" -> "Radio Free Europe/Radio Liberty");
- a pronoun takes the latest claimant or named entity that fits (he/she: a person; it/they: not a person);
- a definite description takes, by its head noun, the latest media claimant ("the publication"), the claimant
  of the sentence that introduced the document ("the update" -> whoever wrote "its latest intelligence
  update"), or the latest organisation whose name holds the noun ("the ministry" -> "U.K. Defense Ministry");
- a document's mention without a name takes its publisher ("figures from the national weather service" ->
  "national weather service");
- anything else keeps its own words, without a leading article ("people familiar with the plan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimwire.core.claims._attribution_lexicon import (
    DOCUMENT_NOUNS,
    GOVERNMENT_WORDS,
    MEDIA_NOUNS,
    MEDIA_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
)
from claimwire.core.models import ClaimantKind, Entity

__all__ = ["Resolver", "claimant_kind"]

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_OTHER_PRONOUNS = frozenset({"it", "they", "its", "their", "them"})
_SELF_PRONOUNS = frozenset({"i", "we", "who", "which"})
_DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_POSSESSOR = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*)*)['’]s $")
_POINTING = frozenset({"the", "this", "that"})
# "figures from the national weather service", "a report by the state auditor": the publisher is the claimant.
_PUBLISHED = re.compile(
    r"^(?:[\w-]+\s+){0,3}?(?:figures|data|statistics|numbers|report|reports|study|survey|analysis|estimates|"
    r"findings|poll|review)\s+(?:released\s+by|published\s+by|from|by)\s+(?P<who>\w.*)$",
    re.IGNORECASE,
)


def _own_words(mention: str) -> str:
    """A mention that resolves to nothing earlier: its publisher if it names a document, else its own words,
    without a leading article."""
    published = _PUBLISHED.match(mention)
    return _DETERMINER.sub("", published.group("who") if published else mention)


def _initials(name: str) -> str:
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper())


def claimant_kind(name: str, label: str | None) -> ClaimantKind:
    """The kind of a resolved claimant from its name and, when known, its entity label."""
    low = name.lower()
    words = set(re.findall(r"[a-z/.]+", low))
    if label == "person":
        return "person"
    if words & MEDIA_WORDS:
        return "media"
    if words & GOVERNMENT_WORDS or label == "place":
        return "government"
    if label == "organization":
        return "organization"
    return "unknown"


@dataclass
class _Known:
    name: str
    kind: ClaimantKind
    start: int
    sentence_text: str


@dataclass
class Resolver:
    """Resolves mentions left to right through one article, remembering the claimants it has seen."""

    text: str
    entities: list[Entity]
    seen: list[_Known] = field(default_factory=list)

    def _entities_in(self, start: int, end: int) -> list[Entity]:
        return [e for e in self.entities if e.char_start >= start and e.char_end <= end and e.label != "other"]

    def _fuller(self, ent: Entity) -> str:
        """An earlier, fuller name for ``ent``: "Putin" -> "Vladimir Putin", "RFE/RL" -> its expansion."""
        name = ent.text
        acronym = name.replace("/", "").replace(".", "")
        for e in reversed(self.entities):
            if e.char_start >= ent.char_start or ent.label not in (e.label, "organization"):
                continue
            if e.text != name and e.text.endswith(" " + name) and ent.label == "person":
                return e.text
            if acronym.isupper() and len(acronym) >= 2 and " " in e.text and _initials(e.text) == acronym:
                return e.text
        return name

    def _latest(self, before: int, want_person: bool | None, noun: str | None = None) -> tuple[str, str] | None:
        """The latest claimant or named entity before ``before`` that fits (name, kind or label)."""
        best: tuple[int, str, str] | None = None
        for k in reversed(self.seen):
            fits = want_person is None or (k.kind == "person") == want_person
            named = noun is None or noun in k.name.lower() or (noun in MEDIA_NOUNS and k.kind == "media")
            if k.start < before and fits and named:
                best = (k.start, k.name, k.kind)
                break
        for e in reversed(self.entities):
            if e.char_end > before or e.label == "other" or (best is not None and e.char_start <= best[0]):
                continue
            if (want_person is not None and (e.label == "person") != want_person) or e.label == "place":
                continue
            if noun in MEDIA_NOUNS:
                if claimant_kind(e.text, e.label) != "media":
                    continue
            elif noun is not None and noun not in e.text.lower():
                continue
            return self._fuller(e), e.label
        return (best[1], best[2]) if best is not None else None

    def _from_entities(self, inside: list[Entity], start: int) -> list[tuple[str, str]]:
        people = [e for e in inside if e.label == "person"]
        if people:
            return [(self._fuller(e), "person") for e in people]
        names: list[tuple[str, str]] = []
        for e in inside:
            if e.label == "place" and any(o.char_start > e.char_end for o in inside):
                continue  # "Ukraine's General Staff": the place qualifies the organisation
            name = self._fuller(e)
            prefix = self.text[max(start, e.char_start - 40) : e.char_start]
            m = _POSSESSOR.search(prefix)
            if m and name == e.text:
                name = m.group(0) + name
            names.append((name, e.label))
        return names

    def _from_words(self, low: str, start: int) -> tuple[str, str] | None:
        if low in _PERSON_PRONOUNS:
            return self._latest(start, True)
        if low in _OTHER_PRONOUNS or low in _SELF_PRONOUNS:
            return self._latest(start, None if low in _SELF_PRONOUNS else False)
        words = low.split()
        head = words[-1] if words else ""
        if words and words[0] in _POINTING and head in MEDIA_NOUNS | DOCUMENT_NOUNS | ORG_NOUNS:
            if head in DOCUMENT_NOUNS:
                # "the update": whoever the sentence that brought up an update was attributed to
                for k in reversed(self.seen):
                    if head in k.sentence_text.lower():
                        return k.name, k.kind
            return self._latest(start, False, head)
        if words and words[0] == "the" and head in PERSON_NOUNS:
            return self._latest(start, True)
        return None

    def resolve(self, start: int, end: int, sentence_text: str) -> tuple[str, ClaimantKind]:
        """The name and kind for the mention ``text[start:end]``; remembers it for later mentions."""
        mention = self.text[start:end]
        names = self._from_entities(self._entities_in(start, end), start)
        if not names:
            hit = self._from_words(mention.lower().strip(), start)
            names = [hit] if hit else [(_own_words(mention.strip()), "unknown")]
        kinds: list[ClaimantKind] = [
            lab if lab in ("media", "government") else claimant_kind(n, lab)  # type: ignore[misc]
            for n, lab in names
        ]
        name = "; ".join(dict.fromkeys(n for n, _ in names))
        kind = kinds[0]
        self.seen.append(_Known(name, kind, start, sentence_text))
        return name, kind
