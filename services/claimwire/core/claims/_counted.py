"""The counted thing after a number: "400,000 volunteer professional soldiers", "13 people".

A count's noun phrase is what the number is about, so it becomes ``Quantity.concept``. Without a tagger the phrase
is read by shape: up to four words that are not function words, ending at the first plural.
"""

from __future__ import annotations

from typing import Final

from claimwire.core.claims._numbers import UNITS, Token

__all__ = ["STOP", "counted_phrase", "plural", "share_of"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string (easier to read and edit than a list of literals)."""
    return frozenset(text.split())


# Words that end a counted noun phrase ("400,000 troops, citing"): function words and common verbs.
STOP: Final = _words(
    "a an the of in on at to for from by with and or but nor as than that which who whom whose this these "
    "those is are was were be been being am has have had will would shall should can could may might must "
    "do does did it its they their them he his she her we our you your i my me us not no only just also "
    "so such then there here into out off up down over under about around since after before during while "
    "until per each every all both either neither more less most least many much some any few several "
    "other another last next ago earlier later respectively annually each when where why how what if "
    "because though although across among through within without against between including said says say "
    "told according ended left reached rose fell percent per cent year years"
)
_IRREGULAR_PLURALS: Final = _words(
    "people men women children staff police personnel cattle sheep fish deer crew data media aircraft "
    "livestock youth faculty clergy feet teeth mice geese"
)
_S_SINGULARS: Final = _words(
    "gas bus news series species means physics economics lens chaos bias atlas alias canvas corps always"
)


def plural(w: str) -> bool:
    """True for a word that reads as a plural noun ("troops", "people"; not "gas", "Russia's")."""
    lw = w.lower()
    if lw in _IRREGULAR_PLURALS:
        return True
    if lw in _S_SINGULARS:
        return False
    return len(lw) > 2 and lw.endswith("s") and not lw.endswith(("ss", "us", "is", "'s", "’s"))


def counted_phrase(tokens: list[Token], j: int, value: float) -> str | None:
    """The counted noun phrase after a number ("400,000 volunteer professional soldiers"), or None.

    Up to four words, ending at the first plural; "and" may join modifiers ("Kia and Hyundai vehicles") and
    "of" may add a bare noun after the plural ("5,700 categories of products").
    """
    words: list[Token] = []
    k = j
    n = len(tokens)
    while k < n and len(words) < 4:
        t = tokens[k]
        if t.lower == "and" and words and k + 1 < n and tokens[k + 1].is_word and tokens[k + 1].lower not in STOP:
            words.append(t)
            k += 1
            continue
        if not t.is_word or t.lower in STOP or t.lower in UNITS:
            break
        words.append(t)
        k += 1
        if plural(t.text):
            if k + 1 < n and tokens[k].lower == "of" and tokens[k + 1].is_word and tokens[k + 1].lower not in STOP:
                words.extend(tokens[k : k + 2])
            break
        if k < n and tokens[k].start != t.end and tokens[k].text == "-":
            break
    while words and (words[-1].lower == "and" or not (plural(words[-1].text) or value == 1 or "of" in
                                                      [w.lower for w in words])):
        words.pop()
    if not words or (value != 1 and not any(plural(w.text) for w in words)):
        return None
    return " ".join(w.text for w in words)


def share_of(tokens: list[Token], k: int) -> str | None:
    """What a share is of: "60 per cent of its revenue" -> "revenue", "half the condos" -> "condos"."""
    n = len(tokens)
    if k < n and tokens[k].lower == "of":
        k += 1
    if k < n and tokens[k].lower in ("the", "its", "their", "his", "her", "all", "those", "our"):
        k += 1
    phrase = counted_phrase(tokens, k, 2.0)
    if phrase is None and k < n and tokens[k].is_word and tokens[k].lower not in STOP:
        phrase = tokens[k].text
    return phrase
