"""Sentence features for the learned check-worthiness model, shared by training and run time.

The model is a linear one over sparse binary features, so the same function must make the features when the
model is trained (``train/checkworthiness.py``) and when it is applied (``score.py``): any drift between the two
would silently change the scores. Features are strings; the trained artifact maps the ones it kept to weights.

Kinds of features (prefix, then value):
    w:  lower-cased word unigrams, numbers replaced by their shape ("400,000" -> "d,ddd")
    b:  word bigrams over the same tokens, with sentence start/end markers
    s:  word shapes other than plain words ("d,ddd", "XX", "X.X.") so unseen numbers and acronyms still count
    f:  sentence-level cues that carry across domains: numbers, years, percents, money, capitalised names
        inside the sentence, first/second person, questions, quotes, length, and reported speech (a reporting
        verb with a third-party or a first/second-person subject, "according to")
The lexical kinds (w, b, s) are scaled together to unit length by the model; the ``f:`` cues are not, so their
weight does not fade in long sentences. Character n-grams were tried and dropped: no gain on train
cross-validation or dev, three times the cost.
Only cues a debate transcript and a news report share are used, so a model trained on the one transfers to the
other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["FEATURES_VERSION", "Features", "features"]

#: Bump when the feature function changes; the artifact records it and ``score.py`` refuses a mismatch.
FEATURES_VERSION = "f1"



def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
_PERCENT = re.compile(r"\d\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_MONEY = re.compile(r"[$£€]\s*\d|\d\s*(?:dollars|billion|million|trillion)\b", re.IGNORECASE)
_FIRST = frozenset({"i", "i'm", "i've", "i'll", "i'd", "me", "my", "mine", "myself"})
_FIRST_PLURAL = frozenset({"we", "we're", "we've", "we'll", "we'd", "us", "our", "ours"})
_SECOND = frozenset({"you", "you're", "you've", "you'll", "you'd", "your", "yours"})
_QUOTES = frozenset('"“”')
# Reporting verbs: a statement put in someone else's mouth is the core of a checkable claim in both debates
# ("he voted against it, he said") and news ("the ministry reported").
_REPORTING = _words(
    "said says told tells reported reports wrote writes claimed claims stated states announced announces called "
    "added noted warned estimated estimates estimate concluded found finds showed shows cited citing confirmed "
    "denied admitted acknowledged revealed insisted argued alleged predicted projected"
)
# Shapes of ordinary words occur in nearly every sentence: under L2 normalisation they would act as a
# length-dependent intercept, so they are left out.
_PLAIN_SHAPES = frozenset({"x", "Xx", "X"})
_PERSONAL = _FIRST | _FIRST_PLURAL | _SECOND


@lru_cache(maxsize=1 << 16)  # words repeat: Zipf makes a small cache hit most of the time
def _shape(token: str) -> str:
    if token[0].isdigit():
        return _DIGITS.sub("d", token)
    out: list[str] = []
    last = ""
    for ch in token:
        kind = "X" if ch.isupper() else "x" if ch.islower() else ch
        if kind != last:
            out.append(kind)
            last = kind
    return "".join(out)


def _length_bucket(n: int) -> str:
    if n <= 4:
        return "len:<=4"
    if n <= 8:
        return "len:<=8"
    if n <= 16:
        return "len:<=16"
    if n <= 32:
        return "len:<=32"
    return "len:>32"


class Features(NamedTuple):
    """The feature strings of one sentence: lexical ones (scaled to unit length) and sentence cues (not)."""

    lexical: set[str]
    cues: set[str]


def _lexical(tokens: list[str]) -> tuple[set[str], list[str], int]:
    """Word, bigram and shape features; also the lower-cased tokens and the count of names inside the sentence."""
    out: set[str] = set()
    add = out.add
    lowered: list[str] = []
    names_inside = 0
    for i, tok in enumerate(tokens):
        shape = _shape(tok)
        low = shape if tok[0].isdigit() else tok.lower().replace("’", "'")
        lowered.append(low)
        add("w:" + low)
        if tok[0].isalnum() and shape not in _PLAIN_SHAPES:
            add("s:" + shape)
        if i > 0 and tok[0].isupper() and tokens[i - 1] not in {".", '"', "“", ":"}:
            names_inside += 1
    prev = "<s>"
    for low in lowered:
        add("b:" + prev + " " + low)
        prev = low
    add("b:" + prev + " </s>")
    return out, lowered, names_inside


def _reported_speech(lowered: list[str]) -> set[str]:
    out: set[str] = set()
    for i, low in enumerate(lowered):
        if low in _REPORTING:
            before = lowered[max(0, i - 2) : i]
            out.add("f:report_self" if any(b in _PERSONAL for b in before) else "f:report_other")
        elif low == "according" and i + 1 < len(lowered) and lowered[i + 1] == "to":
            out.add("f:according_to")
    return out


def features(sentence: str) -> Features:
    """The features of one sentence (deterministic, no state)."""
    tokens: list[str] = _TOKEN.findall(sentence)
    lexical, lowered, names_inside = _lexical(tokens)
    words = set(lowered)
    cues = _reported_speech(lowered)
    checks = (
        ("f:digit", any(ch.isdigit() for ch in sentence)),
        ("f:year", _YEAR.search(sentence) is not None),
        ("f:percent", _PERCENT.search(sentence) is not None),
        ("f:money", _MONEY.search(sentence) is not None),
        ("f:name", names_inside == 1),
        ("f:names", names_inside > 1),
        ("f:first", not words.isdisjoint(_FIRST)),
        ("f:we", not words.isdisjoint(_FIRST_PLURAL)),
        ("f:you", not words.isdisjoint(_SECOND)),
        ("f:question", sentence.rstrip().endswith("?")),
        ("f:quote", any(ch in _QUOTES for ch in sentence)),
    )
    cues.update(name for name, present in checks if present)
    cues.add("f:" + _length_bucket(sum(1 for t in tokens if t[0].isalnum())))
    return Features(lexical, cues)
