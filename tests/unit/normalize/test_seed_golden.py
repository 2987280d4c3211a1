"""The seed page (a crawler-flattened Kyiv Independent story) normalizes to its expected article."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from claimwire.core.models import Article
from claimwire.core.normalize import normalize

from .conftest import make_raw

SEED = "kyiv-independent-2023-03-30"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "data" / f"{SEED}.expected.json"
    return dict(json.loads(path.read_text("utf-8"))["article"])


@pytest.fixture(scope="module")
def article() -> Article:
    body = (Path(__file__).resolve().parents[2] / "data" / f"{SEED}.txt").read_text("utf-8")
    return normalize(make_raw(body, content_type="text/plain", url="urn:claimwire:seed"))


def test_the_seed_keeps_exactly_the_nine_body_paragraphs(expected: dict[str, Any], article: Article) -> None:
    """The body is the nine expected paragraphs, in order, after NFKC and whitespace normalisation."""
    assert [_norm(p) for p in expected["paragraphs"]] == [_norm(p) for p in article.paragraphs]


def test_the_seed_text_holds_none_of_the_page_furniture(expected: dict[str, Any], article: Article) -> None:
    """No appeal, widget, teaser card or news-feed string survives."""
    assert [] == [s for s in expected["must_not_contain"] if _norm(s) in _norm(article.text)]


def test_the_seed_title_authors_and_outlet_come_from_its_header(expected: dict[str, Any], article: Article) -> None:
    """Title, byline and outlet are read from the header lines and the byline."""
    assert (_norm(expected["title"]), expected["authors"], expected["outlet"]) == (
        _norm(article.title or ""),
        article.authors,
        article.outlet,
    )


def test_the_seed_time_is_zone_less_local_time_not_utc(expected: dict[str, Any], article: Article) -> None:
    """The byline's "March 30, 2023 11:52 AM" has no zone, so it is published_local and published_at is None."""
    assert (None, expected["published_local"]) == (
        article.published_at,
        article.published_local.isoformat() if article.published_local else None,
    )


def test_the_seed_is_english_and_its_text_joins_its_paragraphs(expected: dict[str, Any], article: Article) -> None:
    """Language is detected offline, and text is the paragraphs joined by a blank line."""
    assert (expected["language"], "\n\n".join(article.paragraphs)) == (article.language, article.text)
