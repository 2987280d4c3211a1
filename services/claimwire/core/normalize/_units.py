"""The unit both extraction modes classify: one block of text with the layout cues its source gives.

HTML gives tags, links and class names; flattened text gives only blank lines, bullets and order. Both become
``Unit`` so one feature set and one selection step serve both, with the HTML-only cues left at zero in text mode.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Unit"]


@dataclass(slots=True)
class Unit:
    """A block of text in reading order, with its structural cues."""

    text: str
    tag: str = "p"  # nearest block tag ("p", "h2", "li", "td", "div", ...); "line" in text mode
    link_chars: int = 0  # characters of the text inside <a>
    bad_class: int = 0  # ancestors whose class/id looks like furniture
    good_class: int = 0  # ancestors whose class/id looks like an article body
    in_article: bool = False  # under <article> or <main>
    in_chrome: bool = False  # under <nav>, <aside>, <footer>, <header> or a form control
    container: int = 0  # id of the block element holding it (text mode: the blank-line block)
    depth: int = 0
    blank_before: bool = True
    blank_after: bool = True
    bullet: bool = False
    in_figure: bool = False  # under <figure>, <figcaption> or a table <caption>: a picture's caption or credit
