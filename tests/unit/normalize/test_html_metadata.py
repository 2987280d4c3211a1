"""HTML pages: metadata from JSON-LD, OpenGraph and meta tags; the article body without the page chrome."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimwire.core.models import Article
from claimwire.core.normalize import normalize

from .conftest import make_raw


@pytest.fixture(scope="module")
def article() -> Article:
    html = (Path(__file__).resolve().parents[2] / "data" / "normalize" / "newsarticle.html").read_text("utf-8")
    return normalize(make_raw(html, url="https://courier.example/news/bridge-reopens?utm_medium=social"))


def test_json_ld_gives_headline_authors_and_zoned_time(article: Article) -> None:
    """schema.org NewsArticle inside @graph wins over og:title and the zone-less meta time."""
    assert (
        "Harbour bridge reopens after two years of repairs",
        ["Ada Brown", "Lee Chan"],
        datetime(2021, 6, 1, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        None,
    ) == (article.title, article.authors, article.published_at, article.published_local)


def test_outlet_language_and_canonical_url_are_clean(article: Article) -> None:
    """og:site_name is the outlet, the text is English, og:url loses utm_* and its fragment."""
    assert ("The Coastal Courier", "en", "https://courier.example/news/bridge-reopens?id=42") == (
        article.outlet,
        article.language,
        article.canonical_url,
    )


def test_the_body_is_the_four_paragraphs_without_chrome(article: Article) -> None:
    """Menus, cookie banner, share links, related stories and footer are left out."""
    starts = ["The harbour bridge reopened", "Engineers replaced the steel", '"We expect journey times',
              "The council will decide"]  # fmt: skip
    assert starts == [p[: len(s)] for p, s in zip(article.paragraphs, starts + [""] * 10, strict=False)]


def test_a_zone_less_meta_time_is_local_not_utc() -> None:
    """Without JSON-LD, a meta time with no offset lands in published_local, never silently in UTC."""
    html = (
        '<html><head><meta property="article:published_time" content="2021-06-01T08:00:00"></head><body>'
        "<article><p>" + "The council met on Monday to discuss the new budget for the coming year. " * 4 + "</p>"
        "<p>" + "Members agreed to raise spending on schools and on the repair of local roads. " * 4 + "</p>"
        "</article></body></html>"
    )
    article = normalize(make_raw(html))
    assert (None, datetime(2021, 6, 1, 8, 0)) == (article.published_at, article.published_local)


def test_the_crawlers_outlet_wins_over_the_pages() -> None:
    """An outlet sent by the crawler is kept as given."""
    html = (
        '<html><head><meta property="og:site_name" content="Page Name"></head><body><article><p>'
        + "The council met on Monday to discuss the new budget for the coming year. " * 5
        + "</p></article></body></html>"
    )
    assert "Crawler Name" == normalize(make_raw(html, outlet="Crawler Name")).outlet


def test_fingerprints_follow_the_text(article: Article) -> None:
    """content_sha256 is the SHA-256 of text, and simhash64 is 16 hex digits."""
    assert (hashlib.sha256(article.text.encode()).hexdigest(), 16) == (article.content_sha256, len(article.simhash64))
