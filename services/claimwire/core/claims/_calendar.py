"""Calendar patterns shared by the date finder and the quantity scanner.

The date finder resolves these expressions; the quantity scanner must not report their digits as quantities
("March 30", "9 May", "11:52 AM", "0401 GMT"). Keeping one set of patterns means the two never disagree about what
a date is.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CLOCK_RE", "DATE_RE", "MONTHS", "WEEKDAYS", "calendar_spans", "month_number"]

MONTHS: Final[dict[str, int]] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

# Month names are matched capitalised only: lower-case "may" and "march" are a modal and a verb.
_MONTH: Final = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![a-z])"
    r"|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?![a-z])\.?)"
)
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR: Final = r"(?:1[0-9]|20)\d{2}(?![\d%])"
_PARTS: Final = (
    r"[Ee]arly|[Mm]id|[Ll]ate|the end of|the start of|the beginning of|the middle of|[Tt]he first half of"
    r"|[Tt]he second half of"
)


def _part(name: str) -> str:
    """An optional "early"/"mid-"/"late"/"the end of" before a month or year, captured as ``name``."""
    return rf"(?:(?P<{name}>{_PARTS})[\s-]+)?"



_REL: Final = r"(?P<rel>last|this|next)"

DATE_RE: Final = re.compile(
    r"(?P<iso>(?<!\d)(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?:T[\d:.]+Z?)?(?![\d-]))"
    rf"|(?P<dmy>(?<!\d)(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR}))"
    rf"|(?P<mdy>(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR}))"
    rf"|(?P<dm>(?<!\d)(?P<d3>{_DAY})\s+(?:of\s+)?(?P<m3>{_MONTH}))"
    rf"|(?P<md>(?P<m4>{_MONTH})\s+(?P<d4>{_DAY}))"
    rf"|(?P<my>{_part('part')}(?P<m5>{_MONTH}),?\s+(?:of\s+)?(?P<y5>{_YEAR}))"
    rf"|(?P<mrel>{_part('part1')}(?P<m6>{_MONTH})\s+{_REL}\s+year)"
    rf"|(?P<relm>(?P<rel2>last|this|next)\s+(?P<m7>{_MONTH}))"
    rf"|(?P<monp>(?P<part3>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+(?P<m9>{_MONTH})(?![\s,]+(?:of\s+)?\d))"
    r"|(?P<mon>\b(?:in|In|since|Since|by|until|Until|from|From|through|during|of|to|and|or)\s+"
    rf"(?P<m8>{_MONTH})(?![\s,]+(?:of\s+)?\d)(?!\s+(?:last|this|next)\s+year))"
    rf"|(?P<py>(?P<part2>{_PARTS})[\s-]+"
    rf"(?P<y9>{_YEAR}))"
)
CLOCK_RE: Final = re.compile(
    r"(?<![\d.])\d{1,2}[:.]\d{2}(?::\d{2})?\s?(?:[AaPp]\.?[Mm]\b\.?)"
    r"|(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
    r"|(?<![\d.])\d{1,2}\s?(?:[AaPp]\.[Mm]\.|[AaPp][Mm]\b)"
    r"|(?<![\d.])\d{3,4}\s?(?:GMT|UTC|EDT|EST|BST|CET|CEST|PDT|PST|MSK|EET|EEST|ET|PT)\b"
    r"|\+\d[\d\s().-]{7,}\d|(?<!\d)\(?\d{3}\)?[\s.-]\d{3}-\d{4}(?!\d)"
)


# Cheap pre-checks: most sentences have no month name and no clock time, so the long patterns need not run.
_DATE_HINT: Final = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|\d{4}-\d\d-")
_CLOCK_HINT: Final = re.compile(
    r"\d[:.]\d\d|\d\s?[AaPp]\.?[Mm]|\d\s?(?:GMT|UTC|E[DS]T|BST|CES?T|P[DS]T|MSK|EES?T|ET|PT)\b|\+\d|\d{3}-\d{4}"
)


def month_number(name: str) -> int:
    """1–12 for a month name or abbreviation ("Sept.", "October")."""
    return MONTHS[name.rstrip(".").lower()]


def calendar_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dates with digits, clock times and phone numbers: digits inside them are not quantities."""
    spans = [m.span() for m in CLOCK_RE.finditer(text)] if _CLOCK_HINT.search(text) else []
    if _DATE_HINT.search(text):
        spans.extend(m.span() for m in DATE_RE.finditer(text) if any(c.isdigit() for c in m.group()))
    return spans
