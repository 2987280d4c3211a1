"""Turn unit scores into the article: keep the likely units of the page's main run, drop repeated passages.

Classifying units one by one leaves stray hits far from the article (comments, a teaser's sentence); the article is
one run, so only likely units inside the run with the largest total evidence (Kadane over score-weighted lengths)
are kept. Pages often carry the story twice (an AMP or print copy, a summary repeating the lead): a unit whose
shingles were already kept adds nothing and is dropped.

Flattened text has fewer cues, so the run is read with more care: a weak line at the article's own indent (a list
item, a sub-heading) breaks the run less than one indented like a menu; prose paragraphs just above the run (a lead
dragged down by the furniture over it) join it; a kept line ending in a colon brings the rest of its block (the list
it introduces); and a reader-comment thread, which looks like prose, ends the article at its header or its
commenters' "X says:" lines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ._units import Unit

__all__ = ["DEFAULT_TUNING", "Tuning", "select_units"]

_WORD = re.compile(r"\w+")
_THRESHOLD = 0.5  # the run is scored around even odds
_REPEAT = 0.8  # share of a unit's shingles already kept that marks it as a repeat
_MIN_REPEAT = 40  # shingles; short lines (labels, list items) may repeat legitimately
_MIN_BODY = 3  # paragraphs of body before a teaser card can end the article
_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
_SINGLE_SHARE = 0.8  # share of the body in one-paragraph blocks that makes that the page's layout
# A comment thread's header ("34 responses to ...", "Leave a reply") or a commenter's signature line ("jo says:").
_THREAD_HEAD = re.compile(
    r"^(?:\d+ (?:responses?|comments?|replies|thoughts)\b|(?:leave a (?:reply|comment)|post a comment|add a comment"
    r"|join the (?:discussion|conversation))\b)",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^\S.{0,60}\s(?:says|said|wrote|writes):$", re.IGNORECASE)
_THREAD_REACH = 12  # units: a second signature this close makes a thread, not a quoted "X says:" in the story
_LEAD_IN = re.compile(r":[\"'”’»)\]]*$")
_LIST_CAP = 80  # lines a lead-in can pull in: a longer block is a layout-less page, not a list
_LIST_MARK = re.compile(r"^\d{1,3}[.)]?$")


@dataclass(frozen=True, slots=True)
class Tuning:
    """The selection's thresholds. HTML uses the defaults; text mode's are chosen by the trainer on held-out
    folds and shipped beside the weights (``_weights.json``, ``text.select``)."""

    keep: float = 0.4  # inside the run, a unit this likely is kept: the run itself vouches for borderline units
    span_penalty: float = 1.0  # weight of an unlikely unit against the run, whatever its length
    same_indent: float = 0.6  # flattened text: an unlikely line at the article's own indent breaks the run less
    lead_words: int = 20  # flattened text: a lead paragraph above the run has this many words (not a caption)...
    lead_floor: float = 0.15  # ... and a score the classifier did not rule out

    @classmethod
    def from_mapping(cls, data: Mapping[str, float]) -> Tuning:
        """A tuning from its JSON form; missing keys keep their defaults."""
        d = cls()
        return cls(
            keep=float(data.get("keep", d.keep)),
            span_penalty=float(data.get("span_penalty", d.span_penalty)),
            same_indent=float(data.get("same_indent", d.same_indent)),
            lead_words=int(data.get("lead_words", d.lead_words)),
            lead_floor=float(data.get("lead_floor", d.lead_floor)),
        )


DEFAULT_TUNING = Tuning()


def _usual_depth(units: Sequence[Unit], scores: Sequence[float]) -> int | None:
    """The indent most of the likely text sits at (flattened text): the article's own indent."""
    weight: dict[int, int] = {}
    for u, s in zip(units, scores, strict=True):
        if s > _THRESHOLD:
            weight[u.depth] = weight.get(u.depth, 0) + len(u.text)
    return max(weight, key=weight.__getitem__) if weight else None


def _main_run(units: Sequence[Unit], scores: Sequence[float], usual: int | None, tuning: Tuning) -> tuple[int, int]:
    best, span = 0.0, (0, 0)
    run, start = 0.0, 0
    for i, (u, s) in enumerate(zip(units, scores, strict=True)):
        if run <= 0:
            run, start = 0.0, i
        cost = tuning.same_indent if u.depth == usual else tuning.span_penalty
        run += (s - _THRESHOLD) * (math.log1p(len(u.text)) if s > _THRESHOLD else cost)
        if run > best:
            best, span = run, (start, i + 1)
    return span


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], words[3:], strict=False))


def _is_card_head(units: Sequence[Unit], i: int, sizes: dict[int, int]) -> bool:
    """A short unpunctuated line opening a multi-line block: the headline of a teaser card."""
    u = units[i]
    if i + 1 >= len(units) or units[i + 1].container != u.container or sizes[u.container] < 2:
        return False
    if i > 0 and units[i - 1].container == u.container:
        return False
    dek = units[i + 1].text
    head_ok = 3 <= len(_WORD.findall(u.text)) <= 15 and not _END.search(u.text)
    return head_ok and len(_WORD.findall(dek)) >= 8 and bool(_END.search(dek))


def _trim_odd_shapes(units: Sequence[Unit], kept: list[int]) -> list[int]:
    """Where the article sets each paragraph apart, cut widgets stuck to its edges.

    The article ends at the first teaser card (a headline line with a one-sentence dek right under it, no break
    between) that follows a body of separate paragraphs.
    """
    sizes: dict[int, int] = {}
    for u in units:
        sizes[u.container] = sizes.get(u.container, 0) + 1
    lo = 0
    single = total = 0
    for j in range(lo, len(kept)):
        if j - lo >= _MIN_BODY and single >= _SINGLE_SHARE * total and _is_card_head(units, kept[j], sizes):
            return kept[lo:j]
        n = len(units[kept[j]].text)
        total += n
        single += n if sizes[units[kept[j]].container] == 1 else 0
    return kept


def _cut_thread(units: Sequence[Unit], kept: list[int]) -> list[int]:
    """End the article where a reader-comment thread starts (after some body): a thread header, or the first of
    two commenter signatures close together; a bare list number just before it belongs to the thread."""
    for j in range(_MIN_BODY, len(kept)):
        text = units[kept[j]].text
        head = bool(_THREAD_HEAD.match(text))
        if not head and _SIGNATURE.match(text):
            near = kept[j + 1 : j + 1 + _THREAD_REACH]
            head = any(_SIGNATURE.match(units[k].text) for k in near)
        if head:
            end = j
            while end > _MIN_BODY and _LIST_MARK.match(units[kept[end - 1]].text):
                end -= 1
            return kept[:end]
    return kept


def _list_end(units: Sequence[Unit], i: int) -> int:
    """End (exclusive) of the list a lead-in line at ``i`` opens: the rest of its block; ``i + 1`` when the line ends
    its block or the block runs past the cap (then it is a layout-less page, not a list)."""
    j = i + 1
    while j < len(units) and j - i <= _LIST_CAP and units[j].container == units[i].container:
        j += 1
    return j if j - i <= _LIST_CAP else i + 1


def _lead_in_lists(units: Sequence[Unit], kept: list[int]) -> list[int]:
    """A kept line ending in a colon vouches for the list it leads in (tour dates, features, ingredients), whose
    terse lines score low one by one."""
    out: list[int] = []
    for i in kept:
        if out and i <= out[-1]:
            continue
        out.append(i)
        if _LEAD_IN.search(units[i].text):
            out.extend(range(i + 1, _list_end(units, i)))
    return out


def _grow_head(
    units: Sequence[Unit], scores: Sequence[float], span: tuple[int, int], usual: int | None, tuning: Tuning
) -> int:
    """Flattened text: the run's start moved up over whole prose paragraphs at the article's indent. A story's
    lead sits right under the page furniture, which drags its score down; a paragraph-sized sentence there is
    rarely anything else."""
    lo, hi = span
    while 0 < lo < hi:
        u = units[lo - 1]
        if scores[lo - 1] < tuning.lead_floor or u.depth != usual or len(_WORD.findall(u.text)) < tuning.lead_words:
            break
        if not _END.search(u.text):
            break
        lo -= 1
    return lo


def select_units(
    units: Sequence[Unit], scores: Sequence[float], *, flat: bool, tuning: Tuning = DEFAULT_TUNING
) -> list[int]:
    """Indexes of the units that make the article, in order."""
    usual = _usual_depth(units, scores) if flat else None
    lo, hi = _main_run(units, scores, usual, tuning)
    start = _grow_head(units, scores, (lo, hi), usual, tuning) if flat else lo
    seen: set[tuple[str, ...]] = set()
    kept: list[int] = []
    for i in range(start, hi):
        if scores[i] <= tuning.keep and i >= lo:
            continue
        sh = _shingles(units[i].text)
        if sh and len(sh & seen) >= _REPEAT * len(sh) and len(sh) >= _MIN_REPEAT:
            continue
        seen |= sh
        kept.append(i)
    # Blocks of flattened text are blank-line runs; in HTML a block is an element, and the cue does not apply.
    if not flat:
        return kept
    kept = _cut_thread(units, _trim_odd_shapes(units, _lead_in_lists(units, kept)))
    # A colon line left last leads in to nothing kept: a widget's label ("Share this:"), not the story.
    while len(kept) > 1 and _LEAD_IN.search(units[kept[-1]].text):
        kept.pop()
    return kept
