"""Two layout conventions of attribution that the learned cue tagger rarely sees, found by rule.

- A signature after a quotation: '... our greatest shame.” ― Sonya Herridge'. The dash is the cue, the name after
  it the source and the quotation before it the content (PolNeAR annotates it so; readers' reactions and
  epigraphs are laid out this way).
- A transcript's speaker label: '"WALLACE: Let's start with ...', 'JAKE TAPPER: Do you think ...'. The colon is
  the cue, the capitalised label the source and the rest of the sentence the content. Labels that are page
  furniture ("BYLINE:", "UPDATE:") are not speakers.

Both are rare in PolNeAR train (the tagger's weights for them stay weak) but unambiguous when present, so a rule is
both cheaper and surer than more features. Each returns token indices ``(cue, source, content)``.
"""

from __future__ import annotations

from claimwire.core.claims._sentence_tokens import Tokens

__all__ = ["RuleMatch", "colon_speaker", "dash_signature"]

#: (cue start, cue end), (source start, source end), (content start, content end) in token indices; content is
#: None when it lies before the sentence (a signature's quotation is found in characters by the caller).
RuleMatch = tuple[tuple[int, int], tuple[int, int], tuple[int, int] | None]

_DASHES = frozenset({"―", "—"})
_CLOSING = frozenset({"”", '"'})
_MAX_NAME = 4
_MAX_LABEL = 3
_NOT_SPEAKERS = frozenset({
    "BYLINE", "UPDATE", "UPDATED", "RELATED", "NOTE", "EDITOR", "EDITORS", "PHOTO", "VIDEO", "WATCH", "READ",
    "SOURCE", "SOURCES", "CORRECTION", "CLARIFICATION", "BREAKING", "EXCLUSIVE", "STAT", "WARNING", "ALERT",
    "CAPTION", "CREDIT", "LISTEN",
})  # fmt: skip


def dash_signature(toks: Tokens) -> RuleMatch | None:
    """A dash right after a closing quotation mark, followed only by a short capitalised name."""
    words = toks.words
    for k in range(1, len(words) - 1):
        if words[k] in _DASHES and words[k - 1] in _CLOSING:
            end = len(words)
            while end > k + 1 and words[end - 1] in (".", ","):
                end -= 1
            name = words[k + 1 : end]
            if 1 <= len(name) <= _MAX_NAME and all(w[:1].isupper() for w in name):
                return (k, k + 1), (k + 1, end), None
            return None
    return None


def colon_speaker(toks: Tokens) -> RuleMatch | None:
    """A sentence opening (after an optional quotation mark) with an all-capitals label and a colon."""
    words = toks.words
    first = 1 if words and words[0] in ('"', "“") else 0
    for k in range(first + 1, min(len(words) - 1, first + _MAX_LABEL + 1)):
        if words[k] != ":":
            continue
        label = words[first:k]
        if not all(len(w) > 1 and w.isupper() and w.isalpha() for w in label):
            return None
        if label[0] in _NOT_SPEAKERS or not words[k + 1][:1].isalnum():
            return None
        end = len(words)
        while end > k + 2 and not words[end - 1][:1].isalnum():
            end -= 1
        return (k, k + 1), (first, k), (k + 1, end)
    return None
