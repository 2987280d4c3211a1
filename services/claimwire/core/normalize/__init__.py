"""The normalizer: RawArticle -> Article (title, byline, date, outlet, language, canonical URL, clean paragraphs).

    from claimwire.core.normalize import normalize, NormalizeLimits, NORMALIZER_VERSION

HTML pages are cut into blocks with lexbor, flattened text into lines; a small trained classifier over
site-agnostic features keeps the article's main run. Pure and bounded: see ``NormalizeLimits`` for the caps.
"""

from __future__ import annotations

from ._limits import NormalizeLimits
from ._normalize import normalize

__all__ = ["NORMALIZER_VERSION", "NormalizeLimits", "normalize"]

#: Bump on any change that can change output (code, lexicon or _weights.json), so consumers can re-process.
NORMALIZER_VERSION = "1.3.0"
