"""How sure a sentence says its claim is: hedge and probability words placed on the UK PHIA yardstick.

Rules (simple on purpose, and each one testable):

* Cues are the yardstick phrases and their common variants (see ``_phia.CUES``: "highly unlikely", "realistic
  possibility", "likely", "probably", "almost certainly", ...). The longest phrase at a place wins. "realistic"
  alone counts only as the yardstick's verdict ("called it 'realistic' that ...", "it is realistic that"), and
  "certain" only before "that"/"to" ("is certain to", not "certain people").
  "a 70% chance" names its own probability and gets the band containing it.
* Modal hedges ("may", "might", "could", "possibly", "perhaps", "it is possible that") are returned with
  ``phia_band`` and ``probability`` None: the yardstick deliberately has no place for them.
* When several cues occur, the first yardstick cue wins over any modal (a yardstick word is the more specific
  statement); among modals, the first one (it governs what follows: "This may indicate that ... could begin").
* Negation within three words before the cue ("not likely", "isn't very likely", "never likely") sets
  ``negated`` and moves the band as ``_phia.NEGATED`` says ("not likely" -> unlikely; "not certain" -> no band).
  "may not" / "might not" are negated modals. "could not" / "couldn't" is past ability, not a hedge.
* Scope: cues inside a non-restrictive relative clause (", which ...", ", who ..."), an "if" clause or a
  reported question ("whether ...", "asked if ...") do not govern the claim and are skipped; a sentence that is
  itself a question asserts nothing and has no certainty.
"""

from __future__ import annotations

import re
from typing import Final

from claimwire.core.claims._numbers import Token, tokenize
from claimwire.core.claims._phia import CUES, MODALS, NEGATED, YARDSTICK, band_for_probability
from claimwire.core.models import Certainty, PhiaBand

__all__ = ["find_certainty"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string (easier to read and edit than a list of literals)."""
    return frozenset(text.split())

_MAX_CUE: Final = max(len(k) for k in CUES)
_FIRST_WORDS: Final = frozenset(k[0] for k in CUES) | MODALS | {"realistic", "certain"}
_HINT: Final = re.compile(
    r"likel|probab|certain|realistic|chance|possib|doubt|definitely|undoubtedly|perhaps|maybe|\bmay\b|might|could"
    r"|potentially|conceivably",
    re.IGNORECASE,
)
_NEGATORS: Final = _words("not never hardly no nor")
_BETWEEN_NEG: Final = _words(
    "be is was are were seem seems seemed appear appears very so too particularly that considered deemed "
    "thought as"
)
_QUOTES: Final = frozenset("\"'“”‘’«»")
_CHANCE_WORDS: Final = _words("chance probability likelihood odds")


def _negated_before(tokens: list[Token], k: int) -> bool:
    """A negator within three tokens before token ``k``, with only copulas and intensifiers between."""
    j = k - 1
    steps = 0
    while j >= 0 and steps < 3:
        w = tokens[j].lower
        if w in _NEGATORS or w.endswith(("n't", "n’t")):
            return True
        if w not in _BETWEEN_NEG and w not in _QUOTES:
            return False
        j -= 1
        steps += 1
    return False


def _out_of_scope(tokens: list[Token]) -> list[bool]:
    """Per token: True inside a non-restrictive relative clause, an "if" clause or a reported question."""
    out = [False] * len(tokens)
    inside = False
    for k, t in enumerate(tokens):
        w = t.lower
        if t.text in ",;:" and inside:
            inside = False
        if w in ("whether",) or (w == "if" and (k == 0 or tokens[k - 1].text in ",;" or tokens[k - 1].lower in (
                "asked", "ask", "asks", "wondered", "wonder", "know", "unclear", "even"))):
            inside = True
        if w in ("which", "who", "whose") and k > 0 and tokens[k - 1].text == ",":
            inside = True
        out[k] = inside
    return out


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().rstrip("\"'”’»)").endswith("?")


def _realistic_cue(tokens: list[Token], k: int) -> bool:
    """ "realistic" as a verdict: followed (past a quote) by "that", or after "it"/"it is" ("called it realistic")."""
    j = k + 1
    while j < len(tokens) and tokens[j].text in _QUOTES:
        j += 1
    if j < len(tokens) and tokens[j].lower == "that":
        return True
    i = k - 1
    while i >= 0 and (tokens[i].text in _QUOTES or tokens[i].lower in ("is", "was", "seems", "as", "be")):
        i -= 1
    return i >= 0 and tokens[i].lower == "it"


def _chance(sentence: str, tokens: list[Token], k: int) -> tuple[PhiaBand, int] | None:
    """ "a 70% chance", "30 per cent probability": the band containing the stated probability."""
    if not tokens[k].is_num:
        return None
    j = k + 1
    if j < len(tokens) and tokens[j].text == "%":
        j += 1
    elif j + 1 < len(tokens) and tokens[j].lower in ("percent", "per"):
        j += 2 if tokens[j].lower == "per" else 1
    else:
        return None
    if j < len(tokens) and tokens[j].lower in _CHANCE_WORDS:
        p = float(tokens[k].text.replace(",", "")) / 100
        if 0 <= p <= 1:
            return band_for_probability(p), j + 1
    return None


def _match(tokens: list[Token], k: int) -> tuple[PhiaBand, int] | None:
    """The longest yardstick phrase starting at token ``k``: (band, index after it)."""
    for length in range(min(_MAX_CUE, len(tokens) - k), 0, -1):
        band = CUES.get(tuple(t.lower for t in tokens[k : k + length]))
        if band is not None:
            return band, k + length
    return None


def _modal_ok(tokens: list[Token], k: int) -> bool:
    t = tokens[k]
    nxt = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    if t.lower == "may" and t.text != "may":
        return False  # "May": the month or a name
    if t.lower == "could" and nxt in ("not", "n't", "never"):
        return False  # past ability
    if t.lower == "possible":
        prev = tokens[k - 1].lower if k > 0 else ""
        return nxt == "that" or prev in ("is", "was", "it's", "it’s", "be", "seems")
    return t.lower not in ("couldn't", "couldn’t")


def find_certainty(sentence: str) -> Certainty | None:
    """The hedge or probability cue that governs ``sentence``'s claim, placed on the PHIA yardstick, or None."""
    if not _HINT.search(sentence) or _is_question(sentence):
        return None
    tokens = tokenize(sentence)
    skip = _out_of_scope(tokens)
    modal: Certainty | None = None
    for k, t in enumerate(tokens):
        if skip[k]:
            continue
        hit = _chance(sentence, tokens, k) if t.is_num else None
        if hit is None and t.lower in _FIRST_WORDS:
            hit = _match(tokens, k)
            if hit is None and t.lower == "realistic" and _realistic_cue(tokens, k):
                hit = ("realistic possibility", k + 1)
            if hit is None and t.lower == "certain" and k + 1 < len(tokens) and tokens[k + 1].lower in ("that", "to"):
                hit = ("almost certain", k + 1)  # "is certain to", "not certain that"; not "certain people"
        if hit is not None:
            band: PhiaBand | None = hit[0]
            if (band in ("unlikely", "likely") and k > 0 and tokens[k - 1].lower in ("a", "an")
                    and t.lower in ("unlikely", "likely", "improbable")):
                continue  # "an unlikely alliance": surprising, not improbable
            negated = _negated_before(tokens, k)
            if negated and band is not None:
                band = NEGATED[band]
            cue = sentence[t.start : tokens[hit[1] - 1].end]
            return Certainty(cue=cue, phia_band=band, probability=YARDSTICK[band] if band else None, negated=negated)
        if modal is None and t.lower in MODALS and _modal_ok(tokens, k):
            negated = k + 1 < len(tokens) and tokens[k + 1].lower in ("not", "never")
            modal = Certainty(cue=t.text, phia_band=None, probability=None, negated=negated)
    return modal
