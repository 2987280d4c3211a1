"""Language of the article text, with py3langid (offline, a model shipped inside the wheel)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["detect_language"]

_SAMPLE = 700  # py3langid scores byte by byte in Python; 700 characters of body text settle the language
_MIN_CHARS = 40
_MIN_PROB = 0.6


@cache
def _identifier() -> LanguageIdentifier:
    # Normalised probabilities let a weak guess on short or mixed text fall back to the page's own hint.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, hints: tuple[str | None, ...] = ()) -> str | None:
    """A BCP 47 primary tag for the text, else the first usable hint (crawler value, ``<html lang>``)."""
    if len(text) >= _MIN_CHARS:
        lang, prob = _identifier().classify(text[:_SAMPLE])
        if prob >= _MIN_PROB or not any(hints):
            return str(lang)
    for hint in hints:
        if hint:
            tag = hint.strip().replace("_", "-").split("-")[0].lower()
            if 2 <= len(tag) <= 3 and tag.isalpha():
                return tag
    return None
