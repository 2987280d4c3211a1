"""How deep a page's markup nests, measured before parsing, because HTML parsers slow down quadratically on it.

lexbor takes ~0.5 s for 20,000 nested ``<div>`` and minutes for 100,000; such pages are refused up front. The
estimate counts start and end tags of elements that must be closed (void elements and those with optional end
tags are left out), with the running depth and its floor computed by C-level ``accumulate`` rather than a loop.
"""

from __future__ import annotations

import operator
import re
from itertools import accumulate

__all__ = ["markup_depth"]

_TAG = re.compile(
    r"<(/?)(?!(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr|p|li|dt|dd|tr|td|th|option"
    r"|optgroup|thead|tbody|tfoot|colgroup|rb|rt|rp|param|keygen|basefont|frame|html|head|body)\b)[a-zA-Z]",
)
_STEP = {"": 1, "/": -1}


def markup_depth(html: str, *, at_least: int = 0) -> int:
    """An estimate of the deepest element nesting in ``html`` (end tags never take it below zero).

    Nesting cannot exceed the number of start tags; when a C-level count of those is already at most
    ``at_least``, that count is returned without tokenizing the page.
    """
    # One count first: any "<" bounds the start tags, and most pages have fewer than the cap in all.
    starts = html.count("<")
    if starts > at_least:
        starts -= html.count("</") + html.count("<!")
    if starts <= at_least:
        return max(0, starts)
    steps = list(map(_STEP.__getitem__, _TAG.findall(html)))
    if not steps:
        return 0
    level = list(accumulate(steps))
    floor = accumulate(level, min, initial=0)
    return int(max(0, *map(operator.sub, level, floor)))
