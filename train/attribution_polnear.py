"""Load PolNeAR (BRAT standoff) attributions for training and for ``bench/attribution.py``.

Reads ``<split>/text/<doc>.txt`` and, per article, the lexicographically first annotator's ``.ann`` file (so
figures are repeatable), as ``shared/data/attribution/README.md`` prescribes. Events with neither a cue nor a
content (trigger-only) are dropped. Spans are lists of (start, end) character fragments into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_ROOT", "Doc", "GoldEvent", "load_split"]

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "attribution"
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^E\d+\t(.*)$")

Span = list[tuple[int, int]]


@dataclass
class GoldEvent:
    """One gold attribution: its cue, source and content fragments (each possibly empty)."""

    cue: Span = field(default_factory=list)
    source: Span = field(default_factory=list)
    content: Span = field(default_factory=list)


@dataclass
class Doc:
    """One article: its name, text and gold events."""

    name: str
    text: str
    events: list[GoldEvent]


def _parse_ann(path: Path) -> list[GoldEvent]:
    spans: dict[str, Span] = {}
    events: list[GoldEvent] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    for line in lines:
        m = _T_LINE.match(line)
        if m:
            frags = [tuple(int(x) for x in f.split()) for f in m.group(3).split(";")]
            spans[m.group(1)] = [(f[0], f[1]) for f in frags]
    for line in lines:
        m = _E_LINE.match(line)
        if not m:
            continue
        ev = GoldEvent()
        for role in m.group(1).split():
            key, tid = role.split(":")
            name = key.rstrip("0123456789").lower()
            if name in ("cue", "source", "content") and tid in spans:
                getattr(ev, name).extend(spans[tid])
        if ev.cue or ev.content:
            events.append(ev)
    return events


def load_split(split: str, root: Path = DEFAULT_ROOT) -> list[Doc]:
    """All articles of ``split`` ("train" or "dev") in name order, scored against the first annotator."""
    by_doc: dict[str, list[Path]] = {}
    for p in (root / split / "attributions").glob("*.ann"):
        doc = p.stem.rsplit("_", 1)[0]
        by_doc.setdefault(doc, []).append(p)
    docs = []
    for name in sorted(by_doc):
        ann = sorted(by_doc[name])[0]
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        docs.append(Doc(name, text, _parse_ann(ann)))
    return docs
