"""Read publication times from machine values (ISO 8601) and from human date lines, keeping the zone honest.

A value that states its offset (``+03:00``, ``Z``, ``GMT+3``) becomes an aware datetime; one that does not is
returned as naive local time, never assumed to be UTC. Named zone abbreviations (CST, IST...) are ambiguous across
the world, so they do not make a time aware either.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["DATE_IN_TEXT", "parse_machine_date", "parse_text_date"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")]
    )
    for m in names
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:(?:,|\s+at|\s*[-–|•])?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d\d)(?::\d\d)?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<zone>(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d\d)?|gmt|utc|z\b))?)?"
)
DATE_IN_TEXT = re.compile(
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>[a-z]{{3,9}})\.?,?\s+(?P<year2>(?:19|20)\d\d)"
    rf"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)){_TIME}",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"([+-])(\d{1,2}):?(\d\d)?$")


def _fix_offset(value: str) -> str:
    value = value.strip()
    if value.endswith(("Z", "z")):
        return value[:-1] + "+00:00"
    m = re.search(r"([+-])(\d\d)(\d\d)$", value)
    if m and ("T" in value or " " in value):
        return value[: m.start()] + f"{m.group(1)}{m.group(2)}:{m.group(3)}"
    return value


def parse_machine_date(value: str) -> tuple[datetime | None, datetime | None]:
    """(aware, naive) from an ISO 8601-like value; both None when it is not one."""
    value = value.strip()[:64]
    if not re.match(r"(?:19|20)\d\d-\d\d-\d\d", value):
        parsed = parse_text_date(value)
        return parsed
    try:
        dt = datetime.fromisoformat(_fix_offset(value).replace(" ", "T", 1))
    except ValueError:
        try:
            dt = datetime.fromisoformat(value[:10])
        except ValueError:
            return None, None
    return (dt, None) if dt.tzinfo is not None else (None, dt)


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    t = text.lower().replace(" ", "")
    if t in ("gmt", "utc", "z"):
        return UTC
    m = _OFFSET.search(t)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if m.group(1) == "-" else delta)


def parse_text_date(text: str) -> tuple[datetime | None, datetime | None]:
    """(aware, naive) from the first human-written date in ``text`` ("March 30, 2023 11:52 AM")."""
    m = DATE_IN_TEXT.search(text)
    if not m:
        return None, None
    g = m.groupdict()
    try:
        if g["iso"]:
            year, month, day = (int(x) for x in g["iso"].split("-"))
        else:
            name = (g["month"] or g["month2"] or "").lower().rstrip(".")
            month = _MONTHS.get(name) or _MONTHS.get(name[:3], 0)
            year, day = int(g["year"] or g["year2"]), int(g["day"] or g["day2"])
        hour, minute = int(g["hour"] or 0), int(g["minute"] or 0)
        ampm = (g["ampm"] or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        dt = datetime(year, month, day, hour, minute)
    except ValueError:
        return None, None
    zone = _zone(g["zone"]) if g["hour"] else None
    return (dt.replace(tzinfo=zone), None) if zone is not None else (None, dt)
