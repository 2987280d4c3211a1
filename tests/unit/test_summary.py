"""The demo's summary shows what a reader needs: title, outlet, time, and one row per claim."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from claimwire.adapters.codec import decode_event
from claimwire.core.models import EnrichedArticle
from claimwire.summary import format_summary

EXAMPLE = Path(__file__).resolve().parents[2] / "schemas" / "examples" / "enriched-article.v1.valid.html.json"


def test_summary_shows_title_outlet_time_and_each_claim_with_its_facts() -> None:
    """Every claim's claimant, quantities and dates appear in its row, the sentence below it."""
    event = decode_event(EXAMPLE.read_bytes(), EnrichedArticle)
    lines = format_summary(event).splitlines()
    assert "Council approves budget" == lines[1]
    assert "Example News · 2024-05-07T17:30:00+02:00 · en · by unknown" == lines[2]
    assert "1 paragraphs, 12 words, 1 claims" == lines[4]
    row = lines[7]
    assert row.startswith("1    quantity    0.91")
    assert "officials" in row
    assert "1,200,000,000 USD; 2024-05-07" in row
    assert lines[8].strip().startswith("[indirect quote, via officials] The city council approved")


def test_a_zone_less_time_is_labelled_local_not_shown_as_utc() -> None:
    """A page that states no zone must not look like UTC in the summary."""
    event = decode_event(EXAMPLE.read_bytes(), EnrichedArticle)
    local = event.article.model_copy(update={"published_at": None, "published_local": datetime(2023, 3, 30, 11, 52)})
    text = format_summary(event.model_copy(update={"article": local}))
    assert "2023-03-30T11:52:00 (local, zone not stated)" in text
