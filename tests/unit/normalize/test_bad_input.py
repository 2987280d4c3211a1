"""Hostile or broken pages give a clean article or a NormalizeError with a reason, quickly, never anything else."""

from __future__ import annotations

import pytest

from claimwire.core.errors import NormalizeError
from claimwire.core.models import RawArticle
from claimwire.core.normalize import NormalizeLimits, normalize

from .conftest import make_raw

PARA = "<p>" + "The council met on Monday to discuss the new budget for the coming year. " * 5 + "</p>"
SENTENCE = "The council met on Monday to discuss the new budget for the coming year."


def _reason(raw_kwargs: dict[str, object], body: str | None = None, limits: NormalizeLimits | None = None) -> str:
    with pytest.raises(NormalizeError) as caught:
        normalize(make_raw(body, **raw_kwargs), limits=limits)  # type: ignore[arg-type]
    return caught.value.message


def test_an_empty_body_is_refused_as_empty() -> None:
    """An empty or blank body says it is empty."""
    assert ["empty", "empty"] == [
        "empty" if "empty" in _reason({}, "") else "?",
        "empty" if "empty" in _reason({"content_type": "text/plain"}, " \n\t ") else "?",
    ]


def test_binary_garbage_is_refused_as_binary() -> None:
    """Random-looking bytes with control characters are not a page."""
    junk = bytes(range(256)) * 64
    assert "binary" in _reason({"data": junk})


def test_invalid_base64_is_refused() -> None:
    """A body_base64 that is not base64 says so."""
    raw = RawArticle.model_validate(
        {"id": "b", "url": "u", "fetched_at": "2020-01-01T00:00:00Z", "content_type": "text/html", "body_base64": "@@@"}
    )
    with pytest.raises(NormalizeError, match="base64"):
        normalize(raw)


def test_a_20_mb_page_is_refused_by_the_default_cap() -> None:
    """Over max_input_bytes (5 MiB by default) the page is refused before any parsing."""
    body = "<html><body>" + PARA * (20_000_000 // len(PARA)) + "</body></html>"
    assert "cap" in _reason({}, body)


def test_a_20_mb_page_under_a_raised_cap_is_cut_at_the_paragraph_cap() -> None:
    """With the input cap raised, a huge page still yields at most max_paragraphs paragraphs."""
    body = "<html><body>" + PARA * (20_000_000 // len(PARA)) + "</body></html>"
    limits = NormalizeLimits(max_input_bytes=25_000_000, max_paragraphs=50)
    assert 50 == len(normalize(make_raw(body), limits=limits).paragraphs)


@pytest.mark.parametrize("opening", ["<div>", "<b>", "<table><tr><td>", "<span><a href=x>"])
def test_100k_deep_nesting_is_refused_as_too_deep(opening: str) -> None:
    """Markup nested 100,000 deep is refused up front: parsers slow down quadratically on it."""
    assert "deep" in _reason({}, opening * 100_000 + PARA)


def test_deep_but_allowed_nesting_still_finds_the_text() -> None:
    """Nesting under the cap but past max_depth is read flat, and the text is kept."""
    body = "<div>" * 1000 + PARA + "</div>" * 1000
    assert SENTENCE in normalize(make_raw(body)).text


def test_unclosed_tags_are_read_like_a_browser_would() -> None:
    """Unclosed <p>, <div> and <b> do not lose the text."""
    body = "<html><body><div><p><b>" + PARA[3:-4] + "<p>" + PARA[3:-4]
    assert [5, 5] == [p.count(SENTENCE) for p in normalize(make_raw(body)).paragraphs]


def test_a_lying_http_charset_is_not_obeyed() -> None:
    """Bytes in windows-1251 labelled utf-8 are decoded by the page's meta charset instead."""
    text = "Правительство одобрило новый бюджет на следующий год после долгого обсуждения в парламенте."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{text} {text}</p></body></html>'
    article = normalize(make_raw(data=page.encode("cp1251"), charset="utf-8"))
    assert text in article.text


def test_an_unknown_charset_falls_back_to_detection() -> None:
    """A charset name nobody knows is skipped; UTF-8 bytes are still read."""
    page = "<html><body><p>" + "Café owners in Zürich said the new rules were fair. " * 4 + "</p></body></html>"
    assert "Café owners in Zürich" in normalize(make_raw(data=page.encode("utf-8"), charset="x-no-such")).text


def test_a_bom_decides_when_no_charset_is_given() -> None:
    """A UTF-16 byte-order mark is honoured."""
    page = "<html><body><p>" + "Café owners in Zürich said the new rules were fair. " * 4 + "</p></body></html>"
    assert "Café owners" in normalize(make_raw(data=page.encode("utf-16"))).text


def test_entity_expansion_tricks_are_not_expanded() -> None:
    """A DOCTYPE internal subset (billion laughs) defines nothing in HTML; the output stays small."""
    bomb = (
        '<!DOCTYPE x [<!ENTITY a "'
        + "a" * 1000
        + '">'
        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
        + "]>"
    )
    article = normalize(make_raw(bomb + "<html><body>" + PARA + "&i;&i;&i;</body></html>"))
    assert len(article.text) < 10_000


def test_a_page_without_any_text_is_refused() -> None:
    """Markup with no visible text has no article."""
    assert "no article text" in _reason({}, "<html><body><div><img src=a.png></div><script>x()</script></body></html>")


def test_limits_must_be_positive() -> None:
    """A zero cap is a configuration error, raised when the limits are made."""
    with pytest.raises(ValueError, match="max_paragraphs"):
        NormalizeLimits(max_paragraphs=0)
