"""Find the quotations of an article, across sentence boundaries.

A direct quotation often runs over several sentences ("...personnel shortfall. Russia needs more munitions,"
the ministry wrote), so whether a sentence is quoted cannot be decided sentence by sentence. This module pairs
double quotation marks over the whole text once: curly marks by direction, straight marks by alternation, and a
paragraph break closes an open quotation (news style leaves a quote open at the end of a paragraph when the
next paragraph continues it). Single quotes are left alone: they are apostrophes far more often than quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["QuoteIndex"]

_MARK = re.compile(r"[\"“”«»]|\n\s*\n")


class QuoteIndex:
    """The quotation spans of a text (each from its opening mark to just after its closing mark)."""

    __slots__ = ("_starts", "spans")

    def __init__(self, text: str) -> None:
        spans: list[tuple[int, int]] = []
        open_at = -1
        for m in _MARK.finditer(text):
            c = m.group()
            if c[0] == "\n":
                if open_at >= 0:
                    spans.append((open_at, m.start()))
                open_at = -1
            elif c in "“«":
                if open_at >= 0:  # an unclosed quote followed by a new one: the first ends here
                    spans.append((open_at, m.start()))
                open_at = m.start()
            elif c in "”»":
                if open_at >= 0:
                    spans.append((open_at, m.end()))
                    open_at = -1
            elif open_at >= 0:  # a straight mark closes an open quote
                spans.append((open_at, m.end()))
                open_at = -1
            else:
                open_at = m.start()
        if open_at >= 0:
            spans.append((open_at, len(text)))
        self.spans = spans
        self._starts = [a for a, _ in spans]

    def containing(self, pos: int) -> tuple[int, int] | None:
        """The quotation that contains character ``pos`` (marks included), if any."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i]
        return None

    def inside(self, starts: list[int]) -> list[bool]:
        """Per position of ``starts`` (ascending, e.g. a sentence's token starts), whether it lies inside a
        quotation, after its opening mark."""
        spans, n = self.spans, len(self.spans)
        k = max(0, bisect_right(self._starts, starts[0]) - 1) if starts else 0
        out = []
        for s in starts:
            while k < n and spans[k][1] <= s:
                k += 1
            out.append(k < n and spans[k][0] < s)
        return out

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of ``[start, end)`` are inside quotations."""
        total = 0
        i = max(0, bisect_right(self._starts, start) - 1)
        while i < len(self.spans) and self.spans[i][0] < end:
            a, b = self.spans[i]
            total += max(0, min(b, end) - max(a, start))
            i += 1
        return total
