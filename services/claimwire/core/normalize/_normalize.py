"""The normalizer: a RawArticle in, a clean Article out, or a NormalizeError saying why not.

Both modes cut the page into units (HTML blocks or flattened lines), score them with the same trained classifier,
keep the main run and read metadata around it. Pure: no I/O, no clock, no network; caps in NormalizeLimits bound
time and memory, and every stage is a linear pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from claimwire.core.errors import NormalizeError
from claimwire.core.models import Article, RawArticle

from ._dates import parse_machine_date
from ._decode import body_text
from ._fingerprint import content_sha256, simhash64
from ._html_meta import html_meta
from ._html_units import html_units
from ._language import detect_language
from ._limits import NormalizeLimits
from ._model import Mode, score_units, select_tuning
from ._nesting import markup_depth
from ._select import select_units
from ._text_meta import Header, read_header
from ._text_units import text_units
from ._units import Unit
from ._urls import clean_url

__all__ = ["normalize"]

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b-\x1f\x7f]")
_WS = re.compile(r"\s+")
_TITLE_SEP = re.compile(r"\s+[|\-–—:·•»]\s+")
_FALLBACK_SCORE = 0.2


def _clean(text: str) -> str:
    return _WS.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text))).strip()


def _strip_site(title: str | None, site: str | None) -> str | None:
    """'Headline | Site' -> 'Headline' when the tail names the site."""
    if not title:
        return None
    parts = _TITLE_SEP.split(title)
    if len(parts) > 1 and site and parts[-1].casefold() in site.casefold():
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»")
    return title


def _pick(units: Sequence[Unit], mode: Mode) -> list[int]:
    scores = score_units(units, mode)
    kept = select_units(units, scores, flat=mode == "text", tuning=select_tuning(mode))
    if not kept and scores:
        best = max(range(len(scores)), key=scores.__getitem__)
        kept = [best] if scores[best] >= _FALLBACK_SCORE else []
    return kept


def _paragraphs(texts: Sequence[str], title: str | None, limits: NormalizeLimits) -> list[str]:
    out: list[str] = []
    size = 0
    folded_title = title.casefold() if title else None
    for raw in texts:
        text = _clean(raw)
        if not text or (not out and folded_title == text.casefold()):
            continue
        if size + len(text) > limits.max_text_chars or len(out) >= limits.max_paragraphs:
            break
        out.append(text)
        size += len(text) + 2
    return out


def _article(
    raw: RawArticle,
    *,
    title: str | None,
    authors: list[str],
    published: tuple[datetime | None, datetime | None],
    outlet: str | None,
    canonical: str | None,
    paragraphs: list[str],
    lang_hint: str | None,
) -> Article:
    if not paragraphs:
        raise NormalizeError("no article text found on the page")
    text = "\n\n".join(paragraphs)
    return Article(
        title=_clean(title) if title else None,
        authors=[_clean(a) for a in authors if _clean(a)][:20],
        published_at=published[0],
        published_local=published[1],
        outlet=raw.outlet or (_clean(outlet) if outlet else None),
        language=detect_language(text, hints=(raw.language, lang_hint)),
        canonical_url=canonical,
        paragraphs=paragraphs,
        text=text,
        content_sha256=content_sha256(text),
        simhash64=simhash64(text),
    )


def _from_html(raw: RawArticle, body: str, limits: NormalizeLimits) -> Article:
    depth = markup_depth(body, at_least=limits.max_nesting)
    if depth > limits.max_nesting:
        raise NormalizeError(f"the markup nests {depth} elements deep, over the cap of {limits.max_nesting}")
    tree = LexborHTMLParser(body)
    meta = html_meta(tree, limits)
    units = html_units(tree, max_depth=limits.max_depth, max_units=limits.max_units)
    kept = _pick(units, "html")
    title = meta.headline or _strip_site(meta.title, meta.site_name) or meta.h1
    published = parse_machine_date(meta.published) if meta.published else (None, None)
    head = read_header(units, kept[0]) if kept else Header()
    if published == (None, None):
        published = (head.published_at, head.published_local)
    canonical = clean_url(meta.canonical, raw.url) if meta.canonical else None
    return _article(
        raw,
        title=title or head.title,
        authors=meta.authors or head.authors,
        published=published,
        outlet=meta.site_name or head.outlet,
        canonical=canonical,
        paragraphs=_paragraphs([units[i].text for i in kept], title, limits),
        lang_hint=meta.lang,
    )


def _from_text(raw: RawArticle, body: str, limits: NormalizeLimits) -> Article:
    units = text_units(body, max_units=limits.max_units)
    kept = _pick(units, "text")
    head = read_header(units, kept[0]) if kept else Header()
    skip = {head.title_index, head.byline_index}
    return _article(
        raw,
        title=head.title,
        authors=head.authors,
        published=(head.published_at, head.published_local),
        outlet=head.outlet,
        canonical=None,
        paragraphs=_paragraphs([units[i].text for i in kept if i not in skip], head.title, limits),
        lang_hint=None,
    )


def normalize(raw: RawArticle, *, limits: NormalizeLimits | None = None) -> Article:
    """The clean article of a raw page; raises NormalizeError (only) for pages that cannot be one."""
    limits = limits or NormalizeLimits()
    body = body_text(raw, limits)
    try:
        if raw.content_type == "text/html":
            return _from_html(raw, body, limits)
        return _from_text(raw, body, limits)
    except (RecursionError, UnicodeError, OverflowError) as exc:
        raise NormalizeError(f"the page could not be read: {type(exc).__name__}") from None
