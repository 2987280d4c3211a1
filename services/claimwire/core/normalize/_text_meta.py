"""Title, byline and date of a flattened page, read from the lines just above where the article starts.

Flattened text has no markup, but its header follows a near-universal order: headline, then a byline and/or a
date line, sometimes a dek or a notice, then the body. We read backwards from the first body unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ._dates import DATE_IN_TEXT, parse_text_date
from ._lexicon import count_groups
from ._units import Unit

__all__ = ["Header", "read_header"]

_BY = re.compile(r"^(?:by|written by|words by|von|par|por|door|di)\s+(?P<rest>.+)$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_TAIL = re.compile(r"[\s\-–—|•·,:]+$")
_DESK = re.compile(
    r"^(?P<outlet>.+?)\s+(?:news ?desk|staff|newsroom|editorial (?:board|staff|team|desk)|staff reporters?|wire)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_LOOK_BACK = 10
_DATE_WINDOW = 15


@dataclass
class Header:
    """What the page's header lines say."""

    title: str | None = None
    title_index: int | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published_at: datetime | None = None
    published_local: datetime | None = None
    byline_index: int | None = None


def _byline(text: str) -> tuple[list[str], datetime | None, datetime | None] | None:
    m = _BY.match(text)
    if not m or len(text) > 200:
        return None
    rest = m.group("rest")
    date = DATE_IN_TEXT.search(rest)
    who = _TAIL.sub("", rest[: date.start()] if date else rest).strip()
    names = [n.strip() for n in _SPLIT.split(who) if n.strip()] if who else []
    if not names or any(len(_WORD.findall(n)) > 8 for n in names):
        return None
    aware, naive = parse_text_date(rest) if date else (None, None)
    return names, aware, naive


def _is_headline(text: str) -> bool:
    words = len(_WORD.findall(text))
    if not 3 <= words <= 40 or text.endswith((".", ":", ";", ",")):
        return False
    return not any(count_groups(text)) and not DATE_IN_TEXT.search(text)


def read_header(units: Sequence[Unit], first_body: int) -> Header:
    """Parse the header above unit ``first_body``."""
    head = Header()
    lo = max(0, first_body - _LOOK_BACK)
    for i in range(first_body - 1, lo - 1, -1):
        text = units[i].text
        parsed = _byline(text) if head.byline_index is None else None
        if parsed is not None:
            head.authors, head.published_at, head.published_local = parsed
            head.byline_index = i
            continue
        if _is_headline(text) and not units[i].bullet:
            head.title, head.title_index = text, i
            break
    if head.authors:
        desk = _DESK.match(head.authors[0])
        head.outlet = desk.group("outlet") if desk else None
    if head.published_at is None and head.published_local is None:
        for i in range(max(0, first_body - _DATE_WINDOW), min(len(units), first_body + 3)):
            aware, naive = parse_text_date(units[i].text) if len(units[i].text) < 120 else (None, None)
            if aware or naive:
                head.published_at, head.published_local = aware, naive
                break
    return head
