"""One word tokenizer for the sentence splitter, the entity finder and the attributor.

They must agree on what a token is: the attributor's lexicons and learned weights were made from tokens cut this
way (``train/attribution.py``), so a second tokenizer anywhere would silently shift them. Tokens are kept as
parallel lists of strings and offsets rather than objects, because the attributor walks them in hot loops.

A token is one of: an initialism, title, month or initial with its dot ("U.K.", "Mr.", "Jan.", "W."), a word
with inner apostrophes, hyphens, dots or slashes ("Russia's", "pro-Kremlin", "RFE/RL", "3.5"), or a single other
character. The possessive "'s" is a token of its own, so "Estonia's intelligence chief" splits into the place and
what follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QUOTE_CHARS", "Tokens", "is_capitalised", "shape", "tokenize"]

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # initialisms keep their final dot: "U.K." is one token
    # titles and initials keep theirs too, so a name like "Mr. Obama" or "George W. Bush" has no bare dot in it
    r"|(?:Mr|Mrs|Ms|Messrs|Dr|Sens?|Reps?|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Hon|Pres|Del|Atty|Supt"
    r"|Det|Amb|St|Ft|Mt|Jr|Sr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|No|vs|[A-Z])\.(?!\w)"
    r"|['’][sS]\b"  # the possessive is its own token
    r"|\w+(?:(?:['’](?![sS]\b)|[-./&])\w+)*"
    r"|[^\w\s]"
)

QUOTE_CHARS = frozenset("\"“”‘’'«»")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's tokens: the strings, their lower-cased forms, shapes and half-open character offsets."""

    words: list[str]
    lower: list[str]
    starts: list[int]
    ends: list[int]
    shapes: list[str]

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """Tokens of ``text[start:end]``, with offsets into ``text`` itself."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        words.append(m.group())
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(words, [w.lower() for w in words], starts, ends, [shape(w) for w in words])


def is_capitalised(word: str) -> bool:
    """True for a word that starts with an upper-case letter ("Putin", "U.K.", "RFE/RL")."""
    return word[:1].isupper()


def shape(word: str) -> str:
    """A coarse shape: ``X`` all caps, ``Xx`` capitalised, ``x`` lower, ``d`` digits, ``q`` a quote, ``.`` other."""
    c = word[:1]
    if c.isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    if c.isalpha() or c == "_":
        return "x"
    if c.isdigit():
        return "d"
    return "q" if word in QUOTE_CHARS else "."
