"""Walk an HTML tree (lexbor, via selectolax) once and cut its visible text into block units.

Invisible subtrees and page chrome are dropped, and inline formatting unwrapped, by lexbor in C; then one linear
pass with an explicit stack: no recursion, so a 100k-deep page cannot overflow the interpreter, and
nesting beyond ``max_depth`` is read as flat text rather than refused.
"""

from __future__ import annotations

import re
from itertools import repeat

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ._lexicon import CLASS_BAD, CLASS_GOOD
from ._units import Unit

__all__ = ["html_units"]

_DROP = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select",
    "option", "button", "input", "textarea", "head", "title", "video", "audio", "map", "dialog", "img", "picture",
    "source", "meta", "link", "wbr",
    # Page chrome by its own markup: dropping it in C halves the walk, at no measured cost in recall.
    "nav", "footer", "aside",
]  # fmt: skip
# Inline formatting carries no block structure; unwrapping it in C (then merging text) shortens the Python walk.
_INLINE = [
    "span", "font", "b", "i", "em", "strong", "u", "small", "sup", "sub", "abbr", "mark", "cite", "s", "ins", "del",
    "bdi", "bdo", "q", "time",
]  # fmt: skip
_DROP_SELECTOR = ",".join(_DROP)
_INLINE_SELECTOR = ",".join(_INLINE)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figure",
        "figcaption",
        "header",
        "footer",
        "aside",
        "nav",
        "form",
        "fieldset",
        "address",
        "center",
        "details",
        "summary",
        "hr",
        "br",
        "body",
        "html",
        "menu",
        "legend",
        "label",
    ]
)
_CHROME = frozenset(["nav", "aside", "footer", "header", "form", "menu", "label"])
_FIGURE = frozenset(["figure", "figcaption", "caption"])
_HIDDEN = re.compile(r"display:\s*none|visibility:\s*hidden", re.IGNORECASE)
# A short block that is all link text is a menu item, tag or teaser link. About 40% of a page's blocks are such;
# dropping them before features halves the classifier's work, and they hold almost no article text.
_LINK_SHARE = 0.9
_LINK_WORDS = 10


def html_units(tree: LexborHTMLParser, *, max_depth: int, max_units: int) -> list[Unit]:  # noqa: PLR0912, PLR0915
    """The page's visible text as block units in reading order.

    One function on purpose: the walk is the hot loop of HTML mode, and local names are faster than calls.
    """
    root = tree.body or tree.root
    if root is None:
        return []
    # One CSS pass per list (strip_tags/unwrap_tags walk the tree once per tag), in reverse document order so a
    # descendant is removed before its ancestor and no handle outlives its node.
    for dropped in reversed(root.css(_DROP_SELECTOR)):
        dropped.decompose()
    for inline in reversed(root.css(_INLINE_SELECTOR)):
        inline.unwrap()
    root.merge_text_nodes()
    units: list[Unit] = []
    buf: list[str] = []
    link_chars = 0
    # Per open element: (tag, bad, good, article, chrome, in_link, container, figure)
    state = ("body", 0, 0, False, False, False, 0, False)
    next_container = 1
    cues: dict[str, tuple[int, int]] = {}
    stack: list[tuple[LexborNode | None, tuple[str, int, int, bool, bool, bool, int, bool]]] = [(root, state)]

    def flush(st: tuple[str, int, int, bool, bool, bool, int, bool], depth: int) -> None:
        nonlocal link_chars
        if buf:
            text = " ".join("".join(buf).split())
            if text and not (link_chars >= _LINK_SHARE * len(text) and text.count(" ") < _LINK_WORDS - 1):
                links = min(link_chars, len(text))
                units.append(Unit(text, st[0], links, st[1], st[2], st[3], st[4], st[6], depth, in_figure=st[7]))
            buf.clear()
        link_chars = 0

    while stack and len(units) < max_units:
        node, st = stack.pop()
        if node is None:  # the end of a block element
            if buf:
                flush(st, len(stack))
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                buf.append(text)
                if st[5]:
                    link_chars += len(text.strip())
            continue
        if tag is None or tag.startswith("-"):  # comments, doctype
            continue
        name, bad, good, article, chrome, in_link, container, figure = st
        attrs = node.attributes
        if attrs:
            style = attrs.get("style")
            if "hidden" in attrs or attrs.get("aria-hidden") == "true" or (style and _HIDDEN.search(style)):
                continue
            cls = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
            if len(cls) > 2:
                cue = cues.get(cls)
                if cue is None:  # class strings repeat across a page; each is matched once
                    low = cls.lower()
                    cue = cues[cls] = (1 if CLASS_BAD.search(low) else 0, 1 if CLASS_GOOD.search(low) else 0)
                bad += cue[0]
                good += cue[1]
        if tag in _BLOCK:
            if buf:
                flush(st, len(stack))
            if tag in ("br", "hr"):
                continue
            container = next_container
            next_container += 1
            name = tag
        article = article or tag in ("article", "main")
        chrome = chrome or tag in _CHROME
        in_link = in_link or tag == "a"
        figure = figure or tag in _FIGURE
        child_state = (name, bad, good, article, chrome, in_link, container, figure)
        if tag in _BLOCK:
            stack.append((None, child_state))
        if len(stack) >= max_depth:
            text = node.text(deep=True)
            if text:
                buf.append(text)
            continue
        stack.extend(zip(reversed(list(node.iter(include_text=True))), repeat(child_state)))
    flush(state, 0)
    return units
