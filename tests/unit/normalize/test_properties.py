"""Property: whatever the body, normalize returns an Article or raises NormalizeError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimwire.core.errors import NormalizeError
from claimwire.core.models import Article
from claimwire.core.normalize import normalize

from .conftest import make_raw

_TAGS = st.sampled_from(
    ["<p>", "</p>", "<div class='story'>", "</div>", "<br>", "<a href='x'>", "</a>", "<script>", "</script>",
     "<li>", "<h1>", "</h1>", "<table><tr><td>", "&amp;", "&#0;", "&#xD800;", "<!--", "-->",
     "<![CDATA[", "<meta charset='x'>",
     '<script type="application/ld+json">{"@type":"NewsArticle","headline":', "}</script>", "\x00", "\ufeff"]
)  # fmt: skip
_HTML = st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=60).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(**kwargs: object) -> str:
    try:
        result = normalize(make_raw(**kwargs))  # type: ignore[arg-type]
    except NormalizeError:
        return "refused"
    return "article" if isinstance(result, Article) else "other"


@_SETTINGS
@given(_HTML)
def test_any_html_string_gives_an_article_or_a_normalize_error(body: str) -> None:
    """Fragments of markup, entities, NULs and JSON-LD in any order never raise anything else."""
    assert _outcome(body=body) in {"article", "refused"}


@_SETTINGS
@given(st.text(max_size=2000))
def test_any_flattened_text_gives_an_article_or_a_normalize_error(body: str) -> None:
    """Any text sent as text/plain never raises anything else."""
    assert _outcome(body=body, content_type="text/plain") in {"article", "refused"}


@_SETTINGS
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "utf-16", "x-bogus", "shift_jis"]))
def test_any_bytes_with_any_charset_give_an_article_or_a_normalize_error(data: bytes, charset: str | None) -> None:
    """Raw bytes under any declared charset never raise anything else."""
    assert _outcome(data=data, charset=charset) in {"article", "refused"}
