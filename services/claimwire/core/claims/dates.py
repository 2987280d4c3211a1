"""Dates in a sentence, resolved against the article's publication date.

Absolute dates ("March 30, 2023", "late October 2022", "2022", "2019-09-01") are returned as written, with the
precision written (day, month or year; "late"/"early"/"mid-" keep the month or year they qualify). Relative
dates need ``reference`` (the publication date) and are omitted without it:

* month and day without a year ("on March 29", "April 1"), or a bare month ("in September"): the occurrence
  nearest to the reference that fits the sentence's tense: the past when it has only past cues ("was", "said",
  "-ed"), the future when it has only future cues ("will", "is due to", "plans to", "next"); with both or
  neither, the nearest one, a future one counting double the distance (news mostly reports the past). So on
  2023-03-30 "March 29" is 2023-03-29, "will start on April 1" is 2023-04-01, "came in May" is 2022-05.
* "September last year" / "last September" / "next September"; "last year", "this year", "next year",
  "last month", "this month", "next month"; "yesterday", "today", "tomorrow"; "three years ago".
* a weekday ("on Tuesday") is the most recent such day up to and including the reference day, or the next one
  on or after it when the sentence speaks only of the future; "last Tuesday" / "next Tuesday" exclude the day
  itself.

Weeks ("last week") have no precision here and are not returned.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final, Literal

from claimwire.core.claims._calendar import DATE_RE, MONTHS, WEEKDAYS, month_number
from claimwire.core.claims._units import UNITS_EXACT, UNITS_LOWER, currency_prefix
from claimwire.core.models import DateMention

__all__ = ["find_dates"]

Precision = Literal["day", "month", "year"]

_HINT: Final = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day\b|today|tomorrow|year|month", re.IGNORECASE
)
_FUTURE: Final = re.compile(
    r"\b(?:will|won't|shall|(?:is|are|was|were) (?:due|set|scheduled|expected|going|planned) to|plans? to|upcoming"
    r"|next|intends? to|aims? to)\b|'ll\b",
    re.IGNORECASE,
)
_PAST: Final = re.compile(
    r"\b(?:was|were|had|did|said|says|came|went|began|took|made|told|saw|met|left|won|lost|fell|rose|ago|last"
    r"|[a-z]{3,}ed)\b"
)
_YEAR_RE: Final = re.compile(r"(?<![\d,.\-/])(1[0-9]\d{2}|20\d{2})(?![\d,.]\d|\d|%|s\b|-\d{2}-)")
_YEAR_PREPS: Final = re.compile(r"(?:in|since|between|from|until|till|before|after|during|circa|of|by|and|to)\s+$",
                                re.IGNORECASE)
_NOT_YEAR_BEFORE: Final = re.compile(
    r"(?:than|over|about|around|some|nearly|almost|approximately|roughly|least|under|No\.|#|[A-Z][a-z]*-)\s*$"
)
# Cheap literal pre-checks, so the long patterns run only on sentences that can match them.
_CALENDAR_HINT: Final = re.compile(
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d{4}-\d\d-|(?:arly|id|ate|of)[\s-]+\d{4}"
)
_RELATIVE_HINT: Final = re.compile(r"day\b|[Tt]omorrow|ago\b|(?:ast|his|ext) (?:year|month)")
_FOUR_DIGITS: Final = re.compile(r"\d{4}")
_NEXT_WORD: Final = re.compile(r"\s*([^\W\d_]+)")
_NUMBER_WORDS: Final = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                        "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_RELATIVE: Final = re.compile(
    r"\b(?P<word>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b"
    r"|(?<!the )\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<unit>year|month)\b"
    r"|\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<agounit>year|month|day)s?\s+ago\b"
    r"|(?:\b(?P<wrel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?"
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def _mention(text: str, found: tuple[int, int, str, Precision], offset: int) -> DateMention:
    start, end, value, precision = found
    return DateMention(text=text[start:end], value=value, precision=precision, char_start=start + offset,
                       char_end=end + offset)


Tense = Literal["past", "future", "mixed"]


def _nearest(candidates: list[tuple[int, str]], tense: Tense) -> str:
    """The candidate (signed distance, value) that fits the tense, nearest the reference.

    A past-tense sentence takes the nearest occurrence up to the reference, a future one the nearest from it on;
    mixed or unknown tense takes the nearest with future distances counted double (news mostly reports the past).
    """
    if tense != "mixed":
        fitting = [c for c in candidates if (c[0] <= 0) == (tense == "past") or c[0] == 0]
        candidates = fitting or candidates
    return min(candidates, key=lambda c: (abs(c[0]) * (2.0 if c[0] > 0 else 1.0), c[0] > 0))[1]


def _month_day(ref: date, month: int, day: int, tense: Tense) -> str | None:
    cands: list[tuple[int, str]] = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        cands.append(((d - ref).days, d.isoformat()))
    return _nearest(cands, tense) if cands else None


def _month(ref: date, month: int, tense: Tense) -> str:
    here = ref.year * 12 + ref.month - 1
    cands = [((y * 12 + month - 1) - here, f"{y:04d}-{month:02d}") for y in (ref.year - 1, ref.year, ref.year + 1)]
    return _nearest(cands, tense)


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _absolute(m: re.Match[str]) -> tuple[str | None, Precision]:
    """Value and precision of a date that names its year ("March 30, 2023", "late October 2022", "mid-2022")."""
    g = m.groupdict()
    kind = m.lastgroup
    if kind == "iso":
        return _day(int(g["iy"]), int(g["im"]), int(g["id"])), "day"
    if kind in ("dmy", "mdy"):
        y, mo, d = (g["y1"], g["m1"], g["d1"]) if kind == "dmy" else (g["y2"], g["m2"], g["d2"])
        return _day(int(y), month_number(mo), int(d.rstrip("stndrh"))), "day"
    if kind == "my":
        return f"{int(g['y5']):04d}-{month_number(g['m5']):02d}", "month"
    return f"{int(g['y9']):04d}", "year"


def _anchored(m: re.Match[str], ref: date, tense: Tense) -> tuple[str | None, Precision]:
    """Value and precision of a date whose year comes from the reference ("April 1", "September last year")."""
    g = m.groupdict()
    kind = m.lastgroup
    if kind in ("dm", "md"):
        mo, d = (g["m3"], g["d3"]) if kind == "dm" else (g["m4"], g["d4"])
        return _month_day(ref, month_number(mo), int(d.rstrip("stndrh")), tense), "day"
    if kind == "mrel":
        y = ref.year + {"last": -1, "this": 0, "next": 1}[g["rel"]]
        return f"{y:04d}-{month_number(g['m6']):02d}", "month"
    if kind == "relm":
        mo = month_number(g["m7"])
        y = ref.year
        if g["rel2"] == "last":
            y -= mo >= ref.month
        elif g["rel2"] == "next":
            y += mo <= ref.month
        return f"{y:04d}-{mo:02d}", "month"
    return _month(ref, month_number(g["m9"] or g["m8"]), tense), "month"


def _resolve(m: re.Match[str], ref: date | None, tense: Tense) -> tuple[str, Precision, int, int] | None:
    """(value, precision, start, end) for one calendar match, or None when it needs a reference it lacks."""
    start, end = m.span("m8") if m.lastgroup == "mon" else m.span()
    if m.lastgroup in ("iso", "dmy", "mdy", "my", "py"):
        value, precision = _absolute(m)
        end = start + 10 if m.lastgroup == "iso" else end
    elif ref is not None:
        value, precision = _anchored(m, ref, tense)
    else:
        return None
    return (value, precision, start, end) if value is not None else None


def _weekday(name: str, rel: str, ref: date, tense: Tense) -> str:
    wd = WEEKDAYS[name.lower()]
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if rel == "last":
        delta = -(back or 7)
    elif rel == "next":
        delta = ahead or 7
    else:
        delta = ahead if tense == "future" else -back
    return (ref + timedelta(days=delta)).isoformat()


def _shift_months(ref: date, months: int) -> str:
    k = ref.year * 12 + ref.month - 1 + months
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def _relative(m: re.Match[str], ref: date, tense: Tense) -> tuple[str, Precision]:
    g = m.groupdict()
    if g["word"]:
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]
        return (ref + timedelta(days=shift)).isoformat(), "day"
    if g["rel"] or g["agounit"]:
        unit = g["unit"] or g["agounit"]
        if g["rel"]:
            step = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        else:
            step = -(int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()])
        if unit == "year":
            return f"{ref.year + step:04d}", "year"
        if unit == "month":
            return _shift_months(ref, step), "month"
        return (ref + timedelta(days=step)).isoformat(), "day"
    return _weekday(g["wd"], (g["wrel"] or "").lower(), ref, tense), "day"


def _is_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 14) : start]
    if _NOT_YEAR_BEFORE.search(before) or currency_prefix(before) is not None:
        return False
    nxt = _NEXT_WORD.match(text, end)
    if nxt is not None and nxt.start(1) == end:
        return False  # glued letters: "2022s", "2000mAh"
    if nxt is not None and ((nxt.group(1).lower(),) in UNITS_LOWER or (nxt.group(1),) in UNITS_EXACT):
        return nxt.group(1).lower() in MONTHS  # "2000 km" is a distance; "2022 May" would still be a year
    return int(text[start:end]) >= 1900 or _YEAR_PREPS.search(before) is not None


def find_dates(sentence: str, *, reference: date | None, offset: int = 0) -> list[DateMention]:
    """Dates in ``sentence`` with their ISO value and precision; offsets shifted by ``offset``."""
    if not _HINT.search(sentence):
        return []
    future, past = _FUTURE.search(sentence) is not None, _PAST.search(sentence) is not None
    tense: Tense = "mixed" if future == past else "future" if future else "past"
    found: list[tuple[int, int, str, Precision]] = []
    taken: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(sentence) if _CALENDAR_HINT.search(sentence) else ():
        taken.append(m.span())
        got = _resolve(m, reference, tense)
        if got is not None:
            found.append((got[2], got[3], got[0], got[1]))
    if reference is not None and _RELATIVE_HINT.search(sentence):
        for m in _RELATIVE.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            rel = _relative(m, reference, tense)
            taken.append(m.span())
            found.append((m.start(), m.end(), rel[0], rel[1]))
    for m in _YEAR_RE.finditer(sentence) if _FOUR_DIGITS.search(sentence) else ():
        s, e = m.span(1)
        if not any(a < e and s < b for a, b in taken) and _is_year(sentence, s, e):
            found.append((s, e, m.group(1), "year"))
    found.sort()
    return [_mention(sentence, f, offset) for f in found]
