"""What kind of claim a sentence makes, on the contract's taxonomy.

Fact-checkers route claims by kind: a number is checked against statistics, a prediction can only be watched,
a causal claim needs evidence of a mechanism. The kinds are read from the parts the tagger already found
(quantities, certainty, attribution) and a few closed word classes (future and modal auxiliaries, causal
connectives, comparatives, words of law), in a fixed order of precedence:

    prediction  the content looks ahead: a future or modal auxiliary ("will", "could", "is expected to")
    causal      a causal connective ("because", "in order to", "led to", "as a result")
    quantity    a number, or an amount compared ("more munitions than it has")
    comparison  two things ranked ("worse than", "the highest since")
    rule        a law, rule or obligation ("the law requires", "is banned", "decree")
    event       something happened: a past-tense verb ("started", "had finished", "stopped")
    quote       a direct quotation that is none of the above
    other       anything else

A prediction that carries a number is still a prediction: what can be checked is the forecast, not the count.
Rules, not a model: there is no labelled data for this taxonomy, and the classes are closed lists of words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimwire.core.claims.attribution import Attribution
from claimwire.core.models import Certainty, ClaimType, Quantity

__all__ = ["claim_type"]



def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# "going", "plan" and "likely" only count before "to" ("going to", "plans to", "was likely to close", not "have
# likely selected"); "would" counts too, as reported speech keeps a forecast ahead ("said it would").
_FUTURE = _words(
    "will won't shall could may might would going expected expects forecast forecasts predicted predicts "
    "plans plan planned aims aiming intends intend likely unlikely poised"
)
_BEFORE_TO = _words("going plan plans planned likely unlikely poised")
_CAUSAL = re.compile(
    r"\b(?:because|due to|owing to|caused|causes|causing|led to|leads to|lead to|result(?:s|ed)? in|as a result"
    r"|in order to|so that|thanks to|driven by|blamed|responsible for|contributed to|so as to)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"\b(?:more|fewer|less)\b(?:\s+\w+){0,5}?\s+than\b|\b(?:doubled|tripled|halved|increase[ds]?|decrease[ds]?|"
    r"rose|fell|grew|dropped|declined|percent|per cent)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b\w+er\s+than\b|\b(?:better|worse|bigger|larger|smaller|higher|lower)\b|\b(?:the\s+)?(?:most|least|"
    r"highest|lowest|largest|biggest|smallest|best|worst|first|last)\b.*\b(?:since|ever|in history|record)\b",
    re.IGNORECASE,
)
# A rule claim says what is required, allowed or forbidden; nouns such as "law" or "decree" only name a topic.
_RULE = re.compile(
    r"\b(?:legal|illegal|unlawful|banned|bans|prohibit(?:s|ed)?|forbid(?:s|den)?|mandatory|required by|"
    r"requires that|must|obliged to|allowed to|entitled to|ruled that)\b",
    re.IGNORECASE,
)
_IRREGULAR_PAST = _words(
    "was were had did began begun went came took made gave found left lost won sent spent held kept told said "
    "built fought brought bought sold struck stood broke fell rose grew drew threw shot hit met ran led saw "
    "became caught paid put set cut shut"
)
# Words ending in -ed that are rarely past-tense verbs in news.
_NOT_PAST = _words("need indeed speed seed feed bed red hundred united based armed related supposed")


def _frame(attribution: Attribution | None) -> list[tuple[int, int]]:
    """The spans of the attribution frame: cue, claimant mention and what the claimant cites."""
    if attribution is None:
        return []
    spans = list(attribution.citations)
    if attribution.cue is not None:
        spans.append((attribution.cue.char_start, attribution.cue.char_end))
    claimant = attribution.claimant
    if claimant is not None and claimant.char_start is not None and claimant.char_end is not None:
        spans.append((claimant.char_start, claimant.char_end))
    return spans


def _in_citation(q: Quantity, attribution: Attribution | None) -> bool:
    """A number in what the claimant cites ("citing two sources") says who is cited, not what is claimed. One in
    the claimant's mention still counts: "Sixty-two percent of Republicans agreed" is a poll's figure."""
    if attribution is None or q.char_start is None or q.char_end is None:
        return False
    return any(a <= q.char_start and q.char_end <= b for a, b in attribution.citations)


def _claim_words(sentence: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    """The sentence with its attribution frame blanked out: the claim proper.

    "X reported that Y will rise" is a prediction, not an event, although "reported" is past tense. Blanking the
    frame, rather than keeping only the content span, stays right when the content span is narrower than the claim.
    """
    chars = list(sentence)
    for start, end in spans:
        for i in range(max(0, start - offset), min(len(chars), end - offset)):
            chars[i] = " "
    return "".join(chars)


def _looks_ahead(words: list[str]) -> bool:
    for i, w in enumerate(words):
        if w in _FUTURE or w.endswith("'ll"):
            if w in _BEFORE_TO and (i + 1 >= len(words) or words[i + 1] != "to"):
                continue
            return True
    return False


def _past(words: list[str]) -> bool:
    return any(w in _IRREGULAR_PAST or (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST) for w in words)


def claim_type(
    sentence: str,
    *,
    quantities: Sequence[Quantity],
    certainty: Certainty | None,
    attribution: Attribution | None,
    offset: int = 0,
) -> ClaimType:
    """The claim type of ``sentence``; ``offset`` is where it starts in the text the attribution spans refer to."""
    content = _claim_words(sentence, _frame(attribution), offset)
    counted = [q for q in quantities if not _in_citation(q, attribution)]
    words = [w.lower().replace("’", "'") for w in _WORD.findall(content)]
    past = _past(words)
    # In order of precedence: the first kind that applies wins.
    kinds: tuple[tuple[ClaimType, bool], ...] = (
        ("prediction", _looks_ahead(words) or (certainty is not None and not past)),
        ("causal", _CAUSAL.search(content) is not None),
        ("quantity", bool(counted) or _AMOUNT.search(content) is not None),
        ("comparison", _COMPARISON.search(content) is not None),
        ("rule", _RULE.search(content) is not None),
        ("event", past),
        ("quote", attribution is not None and attribution.quote == "direct"),
    )
    return next((kind for kind, applies in kinds if applies), "other")
