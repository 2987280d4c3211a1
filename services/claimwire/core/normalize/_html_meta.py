"""Article metadata from a page's markup: schema.org JSON-LD first, then OpenGraph and meta tags, then the DOM.

JSON-LD is read with bounded size and a bounded walk (objects, lists and ``@graph``), so a hostile or huge block
costs little. Each field takes the first source that has it, in order of how deliberately sites fill them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ._limits import NormalizeLimits

__all__ = ["HtmlMeta", "html_meta"]

_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle|blog|webpage|opinion|review", re.IGNORECASE)
_WS = re.compile(r"\s+")
_MAX_NODES = 5000
_MAX_NEST = 20
_DATE_METAS = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "article.published", "og:published_time", "published_time", "cxenseparse:recs:publishtime",
)  # fmt: skip


@dataclass
class HtmlMeta:
    """What the markup says about the article; every field may be missing."""

    title: str | None = None
    headline: str | None = None
    h1: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    canonical: str | None = None
    lang: str | None = None
    article_body: str | None = None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", value).strip()
    return text[:1000] or None


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    stack: list[tuple[Any, int]] = [(data, 0)]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, depth = stack.pop()
        seen += 1
        if depth > _MAX_NEST:
            continue
        if isinstance(node, list):
            stack.extend((x, depth + 1) for x in reversed(node))
        elif isinstance(node, dict):
            yield node
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack.extend((x, depth + 1) for x in reversed(graph))


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items[:20]:
        name = _clean(item.get("name")) if isinstance(item, dict) else _clean(item)
        if name and not name.startswith("http"):
            out.append(name)
    return out


def _read_jsonld(tree: LexborHTMLParser, meta: HtmlMeta, budget: int) -> None:
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True)
        budget -= len(raw)
        if budget < 0:
            return
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for obj in _walk(data):
            kind = obj.get("@type")
            kinds = " ".join(k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str))
            if not _ARTICLE_TYPES.search(kinds):
                continue
            is_page = "webpage" in kinds.lower() and "article" not in kinds.lower()
            if not is_page:
                meta.headline = meta.headline or _clean(obj.get("headline")) or _clean(obj.get("name"))
                meta.authors = meta.authors or _names(obj.get("author"))
                body = obj.get("articleBody")
                if isinstance(body, str) and not meta.article_body:
                    meta.article_body = body
            meta.published = meta.published or _clean(obj.get("datePublished"))
            publisher = obj.get("publisher")
            if isinstance(publisher, dict):
                meta.site_name = meta.site_name or _clean(publisher.get("name"))


def html_meta(tree: LexborHTMLParser, limits: NormalizeLimits) -> HtmlMeta:
    """Read title, authors, date, site name, canonical URL and language from the markup (before stripping)."""
    meta = HtmlMeta()
    _read_jsonld(tree, meta, limits.max_jsonld_bytes)
    props: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = attrs.get("content")
        if key and content and key not in props:
            props[key] = content
    meta.title = _clean(props.get("og:title")) or _clean(props.get("twitter:title"))
    meta.site_name = meta.site_name or _clean(props.get("og:site_name")) or _clean(props.get("application-name"))
    if not meta.authors:
        author = _clean(props.get("author")) or _clean(props.get("article:author")) or _clean(props.get("byl"))
        if author and not author.startswith("http"):
            meta.authors = [re.sub(r"^by\s+", "", author, flags=re.IGNORECASE)]
    if not meta.published:
        meta.published = next((v for k in _DATE_METAS if (v := _clean(props.get(k)))), None)
    if not meta.published:
        time = tree.css_first("time[datetime]")
        meta.published = _clean(time.attributes.get("datetime")) if time is not None else None
    link = tree.css_first('link[rel="canonical"]')
    meta.canonical = (_clean(link.attributes.get("href")) if link is not None else None) or _clean(props.get("og:url"))
    html = tree.css_first("html")
    meta.lang = _clean(html.attributes.get("lang")) if html is not None else None
    meta.lang = meta.lang or _clean(props.get("og:locale"))
    h1 = tree.css_first("h1")
    meta.h1 = _clean(h1.text(deep=True)) if h1 is not None else None
    if not meta.title:
        title = tree.css_first("title")
        meta.title = _clean(title.text(deep=True)) if title is not None else None
    return meta
