"""Numeric features of units for the block classifier: sentence-ness, length, furniture cues and context.

Stage one looks at a unit and its page (repeats, position); stage two adds what the classifier said about the
neighbours, because article text comes in runs and furniture in clusters. Every feature is site-agnostic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import islice

from ._lexicon import BOILERPLATE_GROUPS, count_groups, prior_offset
from ._units import Unit

__all__ = ["CONTEXT_NAMES", "STAGE1_NAMES", "STAGE2_NAMES", "offsets", "stage1_features", "stage2_features"]

_WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"[.!?…][\"'”’»)\]]*(?:\s|$)|[。！？]")
_TERMINAL = re.compile(r"[.!?…:;。！？][\"'”’»)\]」』]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")  # a bare character class: sre skips to candidates in C, so it gates the date scan
# Dates start at a word start; the look-around pair is much cheaper in sre than ``\b``.
_DATE = re.compile(
    r"(?<!\w)(?=\w)(?:\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r" \d{1,2},? \d{4}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}|\d{1,2}:\d\d)",
    re.IGNORECASE,
)
_URLISH = re.compile(r"https?://|www\.|(?<=\S)@(?=\S)|\.(?:com|org|net)\b")  # on lower-cased text
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af)\s+\S", re.IGNORECASE)
_MARKER = re.compile(r"\[[^\]]*\]|\((?:BUTTON|IMG|INS)[^)]*\)|_{4,}")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "for",
        "on",
        "at",
        "by",
        "with",
        "from",
        "that",
        "this",
        "it",
        "as",
        "not",
        "but",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "said",
        "says",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "its",
        "our",
        "who",
        "which",
        "what",
        "when",
        "there",
        "than",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "den",
        "von",
        "zu",
        "le",
        "la",
        "les",
        "des",
        "et",
        "est",
        "une",
        "un",
        "du",
        "en",
        "el",
        "los",
        "las",
        "que",
        "y",
        "por",
        "con",
        "se",
        "il",
        "di",
        "che",
        "per",
        "non",
        "o",
        "em",
        "os",
        "as",
        "um",
        "uma",
    ]
)

STAGE1_NAMES: tuple[str, ...] = (
    "bias", "log_words", "log_chars", "terminal", "sentences", "title_case", "digits", "stopwords", "commas",
    "short", "long", "pipes", "urlish", "bullet", "markers", "date", "byline", "repeated", "position",
    "blank_before", "blank_after", "block_size", "first_in_block", "link_density", "all_link", "bad_rel",
    "good_rel", "in_article", "in_chrome", "tag_p", "tag_h", "tag_li", "tag_td", "tag_div", "tag_quote",
    "tag_caption", "tag_line", "depth", *(f"lex_{g}" for g in BOILERPLATE_GROUPS),
)  # fmt: skip
CONTEXT_NAMES: tuple[str, ...] = (
    "s1", "prev1", "prev2", "next1", "next2", "container_mean", "in_span", "span_distance", "window_mean",
    "before_span", "after_span", "block_shape", "card_head", "same_tag", "bad_vs_run", "good_vs_run",
)  # fmt: skip

STAGE2_NAMES: tuple[str, ...] = STAGE1_NAMES + CONTEXT_NAMES

_SAMPLE_WORDS = 60
_SAMPLE_CHARS = 400
_HEAD = 200  # dates, links and markers that matter stand near a unit's start

_PROSE_CHARS = 150  # a unit this long is prose whatever the page: it sets the page's reference class cues

_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


def _text_features(text: str) -> list[float]:
    # Only the head of a unit is tokenised: word shape is clear from the first words, and long paragraphs are
    # the hot path. Length comes from C-level counts over the whole text.
    head = text[:_SAMPLE_CHARS]
    sample = _WORD.findall(head)[:_SAMPLE_WORDS]
    n_words = text.count(" ") + 1
    # Scripts written without spaces: count about two characters as a word so length means the same.
    if not head.isascii() and _CJK.search(head):
        n_words = max(n_words, len(_CJK.findall(text)) // 2)
    n = len(sample) or 1
    firsts = "".join([w[0] for w in sample])
    caps = sum(map(str.isupper, firsts))
    digits = sum(map(str.isdigit, firsts))
    stops = sum(map(_STOP.__contains__, map(str.lower, sample)))
    return [
        math.log1p(n_words),
        math.log1p(len(text)),
        1.0 if _TERMINAL.search(text, max(0, len(text) - 12)) else 0.0,
        float(sum(1 for _ in islice(_SENT_END.finditer(text), 5))),
        caps / n,
        digits / n,
        stops / n,
        min(1.0, text.count(",") / n_words * 5),
        1.0 if n_words < 5 else 0.0,
        1.0 if n_words >= 25 else 0.0,
        float(min(3, text.count("|") + text.count("»") + text.count("›"))),
        1.0 if _URLISH.search(text[:_HEAD].lower()) else 0.0,
    ]


def _weighted_median(pairs: list[tuple[int, int]]) -> int:
    """The value at half the total weight of (value, weight) pairs."""
    pairs.sort()
    half = sum(w for _, w in pairs) / 2
    acc = 0
    for v, w in pairs:
        acc += w
        if acc >= half:
            return v
    return 0


def _prose_cues(units: Sequence[Unit]) -> tuple[int, int]:
    """The furniture and body class-cue counts of the page's prose (medians over long units, by length).

    Class names are read relative to them: a site whose article body sits under a "rail" or "sidebar" wrapper
    gives every paragraph the same furniture cue, and only a cue beyond the prose's own marks a widget."""
    prose = [u for u in units if len(u.text) >= _PROSE_CHARS]
    return (
        _weighted_median([(u.bad_class, len(u.text)) for u in prose]),
        _weighted_median([(u.good_class, len(u.text)) for u in prose]),
    )


def stage1_features(units: Sequence[Unit]) -> list[list[float]]:
    """Per unit: what its text looks like, where it is, and what its markup says."""
    counts = Counter(u.text.casefold() for u in units)
    block_sizes = Counter(u.container for u in units)
    total = max(1, len(units) - 1)
    bad_ref, good_ref = _prose_cues(units)
    rows: list[list[float]] = []
    prev_container = -1
    for i, u in enumerate(units):
        text = u.text
        tag = u.tag
        density = u.link_chars / len(text) if text else 0.0
        row = [1.0, *_text_features(text)]
        row += [
            1.0 if u.bullet else 0.0,
            float(min(3, len(_MARKER.findall(text, 0, _HEAD)))),
            1.0 if _DIGIT.search(text, 0, _HEAD) and _DATE.search(text, 0, _HEAD) else 0.0,
            1.0 if _BYLINE.match(text) else 0.0,
            1.0 if counts[text.casefold()] > 1 else 0.0,
            i / total,
            1.0 if u.blank_before else 0.0,
            1.0 if u.blank_after else 0.0,
            math.log(block_sizes[u.container]),
            1.0 if u.container != prev_container else 0.0,
            density,
            1.0 if density > 0.9 else 0.0,
            float(max(-3, min(3, u.bad_class - bad_ref))),
            float(max(-3, min(3, u.good_class - good_ref))),
            1.0 if u.in_article else 0.0,
            1.0 if u.in_chrome else 0.0,
            1.0 if tag == "p" else 0.0,
            1.0 if tag in _HEADINGS else 0.0,
            1.0 if tag in ("li", "dt", "dd") else 0.0,
            1.0 if tag in ("td", "th") else 0.0,
            1.0 if tag in ("div", "section", "article", "main", "body") else 0.0,
            1.0 if tag in ("blockquote", "pre") else 0.0,
            1.0 if u.in_figure or tag in ("figcaption", "caption", "figure") else 0.0,
            1.0 if tag == "line" else 0.0,
            min(1.0, u.depth / 40),
        ]
        row += count_groups(text)
        prev_container = u.container
        rows.append(row)
    return rows


def _best_span(gains: Sequence[float]) -> tuple[int, int]:
    """The contiguous run with the largest total gain (Kadane); (0, 0) when none is positive."""
    best, best_span = 0.0, (0, 0)
    run, start = 0.0, 0
    for i, g in enumerate(gains):
        if run <= 0:
            run, start = 0.0, i
        run += g
        if run > best:
            best, best_span = run, (start, i + 1)
    return best_span


def stage2_features(units: Sequence[Unit], s1: Sequence[float], base: Sequence[Sequence[float]]) -> list[list[float]]:
    """Per unit: its own features, the previous stage's score for it and its neighbours, its container's mean
    score, where it lies relative to the page's densest run of article-like units, and how its markup compares
    with that of the likely article text."""
    n = len(units)
    sums: dict[int, float] = {}
    sizes: Counter[int] = Counter()
    for u, s in zip(units, s1, strict=True):
        sums[u.container] = sums.get(u.container, 0.0) + s
        sizes[u.container] += 1
    gains = [(s - 0.5) * math.log1p(len(u.text)) for u, s in zip(units, s1, strict=True)]
    # The article's usual block shape (one paragraph per block, or runs of lines): a unit in a block of another
    # shape, such as a headline-plus-sentence teaser card under a story of single paragraphs, stands out.
    likely = [u for u, s in zip(units, s1, strict=True) if s > 0.5]
    likely_sizes = sorted(sizes[u.container] for u in likely)
    usual = math.log(likely_sizes[len(likely_sizes) // 2]) if likely_sizes else 0.0
    lo, hi = _best_span(gains)
    # The article's own markup: the tag most of the likely text sits in and its class cues. A site's body is
    # marked up one way throughout, so a unit marked up otherwise (a caption div among paragraphs, a widget under
    # one more "related" wrapper) stands out, whatever the site's class names mean.
    if not likely and units:  # nothing likely yet (a short or foreign page): the likeliest unit stands for it
        likely = [units[max(range(n), key=s1.__getitem__)]]
    tag_weight: Counter[str] = Counter()
    for u in likely:
        tag_weight[u.tag] += len(u.text)
    run_tag = tag_weight.most_common(1)[0][0] if tag_weight else ""
    run_bad = _weighted_median([(u.bad_class, len(u.text)) for u in likely])
    run_good = _weighted_median([(u.good_class, len(u.text)) for u in likely])
    rows: list[list[float]] = []
    for i, u in enumerate(units):
        w = s1[max(0, i - 3) : i + 4]
        dist = 0 if lo <= i < hi else (lo - i if i < lo else i - hi + 1)
        rows.append(
            [
                *base[i],
                s1[i],
                s1[i - 1] if i >= 1 else 0.0,
                s1[i - 2] if i >= 2 else 0.0,
                s1[i + 1] if i + 1 < n else 0.0,
                s1[i + 2] if i + 2 < n else 0.0,
                sums[u.container] / sizes[u.container],
                1.0 if dist == 0 else 0.0,
                min(1.0, math.log1p(dist) / 4),
                sum(w) / len(w),
                1.0 if i < lo else 0.0,
                1.0 if i >= hi else 0.0,
                abs(math.log(sizes[u.container]) - usual),
                1.0
                if sizes[u.container] > 1
                and (i + 1 < n and units[i + 1].container == u.container)
                and (i == 0 or units[i - 1].container != u.container)
                and not _TERMINAL.search(u.text)
                else 0.0,
                1.0 if u.tag == run_tag else 0.0,
                float(max(-3, min(3, u.bad_class - run_bad))),
                float(max(-3, min(3, u.good_class - run_good))),
            ]
        )
    return rows


_LEX_START = len(STAGE1_NAMES) - len(BOILERPLATE_GROUPS)


def offsets(base: Sequence[Sequence[float]]) -> list[float]:
    """The lexicon prior of each unit, from its stage-one feature row."""
    return [prior_offset(list(row[_LEX_START:])) for row in base]
