"""Assemble the tagger's parts into Claims: the one place that knows the order of the steps.

    split sentences -> find entities -> attribute (article-wide) -> per sentence: score, certainty,
    quantities, dates, type -> a Claim for each sentence scoring >= 0.5

Pure and deterministic: the same article gives the same claims with the same ids. A claim's id is a hash of the
article's content hash, the claim's offset and its text, so it is stable across re-processing and distinct for a
sentence repeated in one article. Offsets are into ``article.text``; the per-sentence finders work on the
sentence and their offsets are shifted by its start.

Only sentences that score as claims become Claim objects: consumers (fact-checkers, the ``claims.tagged`` topic)
want claims, and the score of every sentence is available from ``claimwire tag`` for evaluation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from claimwire.core.claims.attribution import Attribution, attribute
from claimwire.core.claims.certainty import find_certainty
from claimwire.core.claims.claim_type import claim_type
from claimwire.core.claims.dates import find_dates
from claimwire.core.claims.entities import find_entities
from claimwire.core.claims.quantities import find_quantities
from claimwire.core.claims.score import CLAIM_THRESHOLD, Domain, checkworthiness
from claimwire.core.claims.sentences import Sentence, split_sentences
from claimwire.core.errors import TagError
from claimwire.core.models import Article, Claim, Entity

__all__ = ["Tagging", "TextTagging", "claim_id", "tag_article", "tag_text"]


@dataclass(frozen=True)
class Tagging:
    """What the tagger found in an article: its claims, and the named entities of its text."""

    claims: list[Claim]
    entities: list[Entity]


@dataclass(frozen=True)
class TextTagging:
    """One piece of plain text (a sentence or a paragraph): is it a claim, its best score, and its claims."""

    is_claim: bool
    checkworthiness: float
    claims: list[Claim]


def claim_id(content_sha256: str, char_start: int, text: str) -> str:
    """Stable id of a claim: same article, same place, same text -> same id (32 hex digits)."""
    digest = hashlib.sha256(f"{content_sha256}\n{char_start}\n{text}".encode())
    return digest.hexdigest()[:32]


def _claim(
    sentence: Sentence,
    attribution: Attribution,
    score: float,
    *,
    reference: date | None,
    content_sha256: str,
) -> Claim:
    start = sentence.start
    quantities = find_quantities(sentence.text, offset=start)
    certainty = find_certainty(sentence.text)
    return Claim(
        id=claim_id(content_sha256, start, sentence.text),
        text=sentence.text,
        char_start=start,
        char_end=sentence.end,
        type=claim_type(
            sentence.text, quantities=quantities, certainty=certainty, attribution=attribution, offset=start
        ),
        checkworthiness=score,
        claimant=attribution.claimant,
        cue=attribution.cue,
        content=attribution.content,
        attribution_chain=list(attribution.chain),
        reporting_verb=attribution.reporting_verb,
        quote=attribution.quote,
        certainty=certainty,
        quantities=quantities,
        dates=find_dates(sentence.text, reference=reference, offset=start),
    )


def _tag(
    text: str,
    *,
    outlet: str | None,
    reference: date | None,
    domain: Domain,
    content_sha256: str,
    fast: bool = False,
) -> tuple[list[Claim], list[Entity], list[float]]:
    sentences = [s for s in split_sentences(text) if s.text.strip()]
    if not sentences:
        return [], [], []
    scores = checkworthiness([s.text for s in sentences], domain=domain)
    entities = find_entities(text)
    attributions = attribute(text, sentences, outlet=outlet, entities=entities, fast=fast)
    claims = [
        _claim(s, a, score, reference=reference, content_sha256=content_sha256)
        for s, a, score in zip(sentences, attributions, scores, strict=True)
        if score >= CLAIM_THRESHOLD
    ]
    return claims, entities, scores


def _reference(article: Article) -> date | None:
    # The local calendar date of publication: relative dates ("on March 29") are meant in the outlet's zone.
    if article.published_at is not None:
        return article.published_at.date()
    if article.published_local is not None:
        return article.published_local.date()
    return None


def tag_article(article: Article, *, fast: bool = False) -> Tagging:
    """The claims and entities of a normalized article (news: scores use the news adapter); ``fast`` finds
    attribution cues with the CNN instead of the encoder (``attribution.attribute``)."""
    try:
        claims, entities, _ = _tag(
            article.text,
            outlet=article.outlet,
            reference=_reference(article),
            domain="news",
            content_sha256=article.content_sha256,
            fast=fast,
        )
    except (ValueError, IndexError, KeyError) as exc:
        # An input that trips a finder (or yields a value the contract rejects) must not become a poison pill that
        # stops the service on every restart: the article goes to the dead-letter topic with the reason.
        raise TagError(f"tagging failed: {type(exc).__name__}: {exc}") from exc
    return Tagging(claims=claims, entities=entities)


def tag_text(
    text: str, *, reference: date | None = None, outlet: str | None = None, fast: bool = False
) -> TextTagging:
    """Tag one sentence or paragraph of plain text (transcripts, evaluation): no news adapter; ``fast`` as in
    ``tag_article``."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    claims, _, scores = _tag(
        text, outlet=outlet, reference=reference, domain="transcript", content_sha256=sha, fast=fast
    )
    best = max(scores, default=0.0)
    return TextTagging(is_claim=best >= CLAIM_THRESHOLD, checkworthiness=best, claims=claims)
