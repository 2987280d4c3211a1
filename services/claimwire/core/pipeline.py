"""The event -> event function: one RawArticle in, one EnrichedArticle out.

This is the whole product in one pure call, shared by the Kafka service, the offline ``claimwire process`` command
and the benchmarks, so they cannot drift apart. The clock and versions come in as arguments.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from claimwire.core.claims import TAGGER_VERSION, TAGGER_VERSION_CNN, tag_article
from claimwire.core.models import ClaimEvent, EnrichedArticle, Processing, RawArticle
from claimwire.core.normalize import NORMALIZER_VERSION, NormalizeLimits, normalize

__all__ = ["ENRICHED_ID_NAMESPACE", "Attribution", "Stage", "claim_events", "enrich"]

Stage = Literal["normalize", "claims"]
#: Which cue model the attributor runs: the MiniLM encoder (better claimants) or the CNN (about 11-16x faster).
Attribution = Literal["encoder", "cnn"]

# Enriched ids are derived from the raw id, so re-processing a record (a retry, a replay) yields the same id and
# downstream consumers can deduplicate on it.
ENRICHED_ID_NAMESPACE = uuid.UUID("6f1c1a52-6f43-4c0e-9a2e-3c1f8b7d9e10")


def enrich(
    raw: RawArticle,
    *,
    now: datetime,
    service_version: str,
    until: Stage = "claims",
    limits: NormalizeLimits | None = None,
    attribution: Attribution = "encoder",
) -> EnrichedArticle:
    """Normalize a raw page and, unless stopped after normalization, tag its claims (``attribution`` picks the
    cue model, and the tagger version stamped with it)."""
    article = normalize(raw, limits=limits)
    stages: list[Stage] = ["normalize"]
    claims = []
    entities = []
    if until == "claims":
        tagging = tag_article(article, fast=attribution == "cnn")
        claims, entities = list(tagging.claims), list(tagging.entities)
        stages.append("claims")
    return EnrichedArticle(
        id=str(uuid.uuid5(ENRICHED_ID_NAMESPACE, raw.id)),
        raw_id=raw.id,
        url=raw.url,
        canonical_url=article.canonical_url or raw.url,
        article=article,
        claims=claims,
        entities=entities,
        processing=Processing(
            normalizer_version=NORMALIZER_VERSION,
            tagger_version=TAGGER_VERSION_CNN if attribution == "cnn" else TAGGER_VERSION,
            service_version=service_version,
            processed_at=now,
            stages=stages,
        ),
    )


def claim_events(enriched: EnrichedArticle) -> list[ClaimEvent]:
    """One standalone event per claim, carrying what a consumer of ``claims.tagged`` needs of its article."""
    art = enriched.article
    return [
        ClaimEvent(
            **claim.model_dump(),
            article_id=enriched.id,
            url=enriched.url,
            canonical_url=enriched.canonical_url,
            outlet=art.outlet,
            published_at=art.published_at,
            published_local=art.published_local,
        )
        for claim in enriched.claims
    ]
