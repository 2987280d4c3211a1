"""A human-readable summary of an EnrichedArticle, for the demo and for eyeballing a topic.

Plain text with fixed-width columns, so it reads the same in a terminal, a CI log and a test.
"""

from __future__ import annotations

import textwrap

from claimwire.core.models import Claim, EnrichedArticle, Quantity

__all__ = ["format_summary"]

_COLUMNS = (("#", 3), ("type", 10), ("score", 5), ("claimant", 30), ("certainty", 30), ("quantities / dates", 32))


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _quantity(q: Quantity) -> str:
    if q.value is not None:
        number = f"{q.value:,.10g}"
    else:
        number = f"{q.lower:,.10g}" if q.lower is not None else "?"
        number += f"–{q.upper:,.10g}" if q.upper is not None else ""
    bound = {">": "> ", "<": "< ", "~": "~"}.get(q.change, "")
    unit = {"percentage": "%", None: ""}.get(q.unit, f" {q.unit}")
    return f"{bound}{number}{unit}"


def _certainty(claim: Claim) -> str:
    c = claim.certainty
    if c is None:
        return ""
    if c.probability is None:
        return c.cue
    low, high = c.probability
    return f"{c.phia_band} {low:.0%}–{high:.0%}"


def _row(i: int, claim: Claim) -> str:
    facts = [_quantity(q) for q in claim.quantities] + [d.value for d in claim.dates]
    who = claim.claimant.name if claim.claimant else ""
    values = (str(i), claim.type, f"{claim.checkworthiness:.2f}", who, _certainty(claim), "; ".join(facts))
    return "  ".join(_cell(v, w).ljust(w) for v, (_, w) in zip(values, _COLUMNS, strict=True)).rstrip()


def format_summary(event: EnrichedArticle, *, width: int = 118) -> str:
    """Title, outlet, date and language, then one table row per claim with its sentence underneath."""
    art = event.article
    when = art.published_at.isoformat() if art.published_at else (
        f"{art.published_local.isoformat()} (local, zone not stated)" if art.published_local else "unknown"
    )
    lines = [
        "═" * width,
        art.title or "(no title)",
        f"{art.outlet or 'unknown outlet'} · {when} · {art.language or '?'} · by {', '.join(art.authors) or 'unknown'}",
        f"{event.canonical_url}",
        f"{len(art.paragraphs)} paragraphs, {len(art.text.split())} words, {len(event.claims)} claims",
        "─" * width,
        "  ".join(name.ljust(w) for name, w in _COLUMNS).rstrip(),
    ]
    for i, claim in enumerate(event.claims, 1):
        lines.append(_row(i, claim))
        chain = " ← ".join(claim.attribution_chain)
        quote = f"[{claim.quote} quote{', via ' + chain if chain else ''}] " if claim.quote != "none" else ""
        pad = " " * 5
        lines.extend(textwrap.wrap(quote + claim.text, width=width - 5, initial_indent=pad, subsequent_indent=pad))
    return "\n".join(lines)
