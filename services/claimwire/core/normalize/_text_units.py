"""Cut crawler-flattened text into line units, keeping the only layout such text has: blank lines, bullets, indents."""

from __future__ import annotations

import re

from ._units import Unit

__all__ = ["text_units"]

_BULLET = re.compile(r"^(?:[*+•·▪►‣◦-]|o(?= ))\s+")
_WS = re.compile(r"\s+")


def text_units(text: str, *, max_units: int) -> list[Unit]:
    """One unit per non-empty line; blank-line runs delimit blocks (``container``)."""
    units: list[Unit] = []
    block = 0
    blank = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if not blank and units:
                units[-1].blank_after = True
            blank = True
            continue
        if blank:
            block += 1
        bullet = bool(_BULLET.match(line))
        if bullet:
            line = _BULLET.sub("", line, count=1)
        line = _WS.sub(" ", line)
        if units and not blank:
            units[-1].blank_after = False
        # Indentation is the one layout cue flatteners keep for nesting (menus and lists are indented, body text
        # is not); it stands in for the DOM depth of HTML mode.
        indent = len(raw) - len(raw.lstrip())
        units.append(Unit(line, "line", container=block, depth=indent, blank_before=blank, bullet=bullet))
        blank = False
        if len(units) >= max_units:
            break
    return units
