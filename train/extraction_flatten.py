"""Flattened-text versions of the dev pages, as different crawlers would send them, for text-mode training and eval.

``lynx`` is the dataset's own ``text-lynx/`` folder. The others are made here from the same HTML, so the text-mode
classifier can be trained and measured on several layouts rather than on lynx's quirks alone:

- ``inscriptis``: layout-aware rendering (indented lists, tables as columns), as a Python crawler might use;
- ``html2text``: Markdown-flavoured text (``*`` bullets, ``#`` headings), links and images dropped, no wrapping;
- ``innertext``: a browser's select-all copy, approximated the way ``HTMLElement.innerText`` lays text out: every
  block on its own line, a blank line around paragraphs only, table cells separated by tabs, nothing hidden by
  markup left out (menus, footers and banners stay, as they do on screen).

Outputs are cached under the system temp folder, keyed by flattener and page id.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import html2text
from inscriptis import get_text  # type: ignore[import-untyped]
from selectolax.lexbor import LexborHTMLParser, LexborNode
from train.extraction_data import Page

__all__ = ["FLATTENERS", "flatten", "flattened"]

_CACHE = Path(tempfile.gettempdir()) / "claimwire-extraction-flat-v1"
_INVISIBLE = ["script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object", "select"]
_BLOCK = frozenset([
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "html", "legend", "li", "main", "menu", "nav", "ol", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "caption",
])  # fmt: skip
_WS = re.compile(r"[ \t\r\n\f]+")


def _innertext(html: str) -> str:
    """Block-per-line text of the page: an approximation of a browser's select-all copy."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    root.strip_tags(_INVISIBLE)
    out: list[str | int] = []  # text, or a required line-break count
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag or ""
        if closing:
            out.append(2 if tag == "p" else 1)
            continue
        if tag == "-text":
            out.append(_WS.sub(" ", node.text_content or ""))
            continue
        if tag.startswith("-"):
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag in ("td", "th"):
            out.append("\t")
        if tag in _BLOCK or tag == "p":
            out.append(2 if tag == "p" else 1)
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    text: list[str] = []
    breaks = 0
    for item in out:
        if isinstance(item, int):
            breaks = max(breaks, item)
            continue
        if breaks:
            text.append("\n" * breaks)
            breaks = 0
        text.append(item)
    lines = (line.strip(" ") for line in "".join(text).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _inscriptis(html: str) -> str:
    return str(get_text(html))


def _html2text(html: str) -> str:
    h = html2text.HTML2Text()
    h.ignore_links = True
    h.ignore_images = True
    h.body_width = 0
    return str(h.handle(html))


FLATTENERS: dict[str, Callable[[str], str] | None] = {
    "lynx": None,  # the dataset's text-lynx/ files
    "inscriptis": _inscriptis,
    "html2text": _html2text,
    "innertext": _innertext,
}


def flatten(page: Page, flattener: str) -> str:
    """The page as ``flattener`` lays it out (cached)."""
    make = FLATTENERS[flattener]
    if make is None:
        return page.text or ""
    path = _CACHE / flattener / f"{page.id}.txt"
    if path.exists():
        return path.read_text("utf-8")
    text = make(page.html)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return text


def flattened(pages: Sequence[Page], flattener: str) -> list[Page]:
    """Copies of ``pages`` whose ``text`` is their ``flattener`` rendering."""
    return [Page(p.id, p.url, p.html, flatten(p, flattener), p.truth) for p in pages]
