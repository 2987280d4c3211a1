"""Caps that bound the normalizer's time and memory per page; every stage is linear in what the caps let in."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NormalizeLimits"]


@dataclass(frozen=True, slots=True)
class NormalizeLimits:
    """Per-page caps. Input over ``max_input_bytes`` is refused (``NormalizeError``); the others truncate.

    Defaults: 5 MiB of input, markup nested at most 4,096 deep (deeper pages are refused: parsers slow down
    quadratically on them), 256 levels of nesting read as structure (deeper text is read flat), 20,000 text
    blocks, 2,000 paragraphs, 1,000,000 characters of article text, 1 MiB of JSON-LD per page.
    """

    max_input_bytes: int = 5 * 1024 * 1024
    max_nesting: int = 4_096
    max_depth: int = 256
    max_units: int = 20_000
    max_paragraphs: int = 2_000
    max_text_chars: int = 1_000_000
    max_jsonld_bytes: int = 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_input_bytes", "max_nesting", "max_depth", "max_units", "max_paragraphs", "max_text_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_jsonld_bytes < 0:
            raise ValueError("max_jsonld_bytes must not be negative")
