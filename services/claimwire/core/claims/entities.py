"""Find named people, organisations and places in article text, fast and without a model download.

Why our own method: the run-time budget is the whole claim tagger at 1,000+ sentences a second on one core, the
service must install from PyPI alone (spaCy's English models are not PyPI packages; they download from GitHub at
install or run time), and the attributor needs names mostly to resolve claimants ("Putin" -> "Vladimir Putin",
"RFE/RL" -> "Radio Free Europe/Radio Liberty"), where a chunker with closed-class cues does well.

Method: runs of capitalised tokens (joined by "of", "for", "the", "&" inside names such as "Institute for the
Study of War") are names; a leading sentence-opener ("The", "According") is dropped; a role word splits a run
("Defense Minister Shoigu" -> person "Shoigu"). Labels: a place from the packaged place list, an organisation when
an organisation word or an acronym is in it, a person after a title or role word or when it is two or more
plain capitalised words, a person when it repeats the last word of an earlier person; anything else "other".
Known weak spots: single-word first mentions of people ("Trump said") are "other"; nationality adjectives are
skipped by a suffix rule.
"""

from __future__ import annotations

import re

from claimwire.core.claims._attribution_lexicon import CAP_STOPWORDS, MONTHS_DAYS, ORG_WORDS, ROLE_WORDS, places
from claimwire.core.claims._sentence_tokens import Tokens, tokenize
from claimwire.core.models import Entity

__all__ = ["find_entities"]

_CONNECTORS = frozenset({"of", "for", "the", "&", "de", "von", "van", "bin", "al", "du", "la", "le"})
_PLACE_SUFFIXES = frozenset({"Oblast", "Province", "Region", "County", "City", "Island", "Islands", "Krai"})
_PLACE_INITIALISMS = frozenset({"U.S.", "U.K.", "UK", "US", "USA", "U.S.A.", "UAE", "DRC"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&./-]*[A-Z0-9.]$")
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|ch|can|ani|ic)$")


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def _runs(toks: Tokens) -> list[tuple[int, int]]:
    runs = []
    words, n, i = toks.words, len(toks), 0
    while i < n:
        if not _is_name_word(words[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _is_name_word(words[j]):
                j += 1
            elif toks.lower[j] in _CONNECTORS and j + 1 < n and j > i:
                k = j
                while k < n and toks.lower[k] in _CONNECTORS:
                    k += 1
                if k < n and _is_name_word(words[k]) and k - j <= 2:
                    j = k + 1
                else:
                    break
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _label(words: list[str], after_role: bool, persons_last: set[str]) -> str:
    text = " ".join(words)
    single = len(words) == 1
    if after_role:
        label = "person"
    elif text in places() or text in _PLACE_INITIALISMS or (not single and words[-1] in _PLACE_SUFFIXES):
        label = "place"
    elif any(w.lower() in ORG_WORDS for w in words) or (
        single and _ACRONYM.match(text) is not None and sum(c.isupper() for c in text) >= 2
    ):
        label = "organization"
    elif (not single and all(w[:1].isupper() for w in words)) or (single and text in persons_last):
        label = "person"
    else:
        label = "other"
    return label


def _trim(toks: Tokens, a: int, b: int) -> tuple[int, int, bool]:
    """Drop sentence openers and dangling connectors; a role word inside the run starts a person
    ("Defense Minister Shoigu", "President Vladimir Putin"). Returns the span and whether a role precedes it."""
    while a < b and (toks.lower[a] in CAP_STOPWORDS or toks.lower[a] in MONTHS_DAYS):
        a += 1
    while b > a and toks.lower[b - 1] in _CONNECTORS:
        b -= 1
    roles = [k for k in range(a, b) if toks.lower[k] in ROLE_WORDS]
    after_role = a > 0 and toks.lower[a - 1] in ROLE_WORDS
    if roles and not any(toks.lower[k] in ORG_WORDS for k in range(a, b)):
        a, after_role = roles[-1] + 1, True  # a run that is only a title ends up empty
    return a, b, after_role


def _known(word: str) -> bool:
    return word in places() or _ACRONYM.match(word) is not None or word.lower() in ORG_WORDS


def find_entities(text: str) -> list[Entity]:
    """Named people, organisations and places in ``text`` (offsets into it), in order."""
    toks = tokenize(text)
    out: list[Entity] = []
    persons_last: set[str] = set()
    for run_start, run_end in _runs(toks):
        a, b, after_role = _trim(toks, run_start, run_end)
        if a >= b:
            continue
        words = toks.words[a:b]
        w = words[0]
        if len(words) == 1 and not after_role and _DEMONYM.search(w) and not _known(w):
            continue  # a nationality adjective: "Russian", "Ukrainian"
        label = _label(words, after_role, persons_last)
        if label == "person":
            persons_last.add(words[-1])
        start, end = toks.starts[a], toks.ends[b - 1]
        out.append(Entity(text=text[start:end], label=label, char_start=start, char_end=end))
    return out
