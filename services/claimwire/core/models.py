"""The event contract as frozen pydantic models.

These models are the single source of the JSON Schemas in ``schemas/``: a unit test regenerates each schema from
its model and fails on drift. Field names follow ``shared/notes/event-contract.md``; fields may be added, never
renamed or dropped without a new schema version.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NaiveDatetime, model_validator

__all__ = [
    "Article",
    "Certainty",
    "CharSpan",
    "Claim",
    "ClaimEvent",
    "ClaimType",
    "Claimant",
    "ClaimantKind",
    "Cue",
    "DateMention",
    "DeadLetter",
    "DeadLetterError",
    "EnrichedArticle",
    "Entity",
    "KafkaHeader",
    "OriginalRecord",
    "PhiaBand",
    "Processing",
    "Quantity",
    "RawArticle",
]

ClaimType = Literal["quantity", "prediction", "causal", "event", "quote", "rule", "comparison", "other"]
ClaimantKind = Literal["person", "organization", "media", "government", "outlet", "unknown"]
PhiaBand = Literal[
    "remote chance",
    "highly unlikely",
    "unlikely",
    "realistic possibility",
    "likely",
    "highly likely",
    "almost certain",
]
Offset = Annotated[int, Field(ge=0)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class _Frozen(BaseModel):
    """Output models: immutable, and unknown fields are an error so the schema is exact."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_serialization_defaults_required=True)


# --------------------------------------------------------------------------- input


class RawArticle(BaseModel):
    """A page as a crawler fetched it (``articles.raw``). Unknown fields from crawlers are tolerated."""

    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        json_schema_extra={
            "anyOf": [{"required": ["body"]}, {"required": ["body_base64"]}],
            "examples": [
                {
                    "id": "fetch-0001",
                    "url": "https://example.com/news/1",
                    "fetched_at": "2023-03-30T09:00:00Z",
                    "content_type": "text/html",
                    "body": "<html><body><h1>Title</h1><p>Text.</p></body></html>",
                }
            ],
        },
    )

    id: str = Field(min_length=1, max_length=512, description="Unique per fetch.")
    url: str = Field(min_length=1, max_length=8192, description="The URL the page was fetched from.")
    fetched_at: AwareDatetime = Field(description="RFC 3339 time of the fetch, with its zone.")
    content_type: Literal["text/html", "text/plain"]
    body: str | None = Field(default=None, description="The page as fetched, or as a crawler flattened it.")
    body_base64: str | None = Field(
        default=None, description="The bytes as fetched, when the crawler did not decode them."
    )
    charset: str | None = Field(default=None, max_length=64, description="The HTTP charset of body_base64, if known.")
    outlet: str | None = None
    language: str | None = Field(default=None, max_length=35)
    http_status: int | None = Field(default=None, ge=100, le=599)
    crawler: str | None = None

    @model_validator(mode="after")
    def _has_a_body(self) -> RawArticle:
        if self.body is None and self.body_base64 is None:
            raise ValueError("one of 'body' or 'body_base64' is required")
        return self


# --------------------------------------------------------------------------- normalized article


class Article(_Frozen):
    """The clean article the normalizer makes of a page."""

    title: str | None
    authors: list[str] = Field(default_factory=list)
    published_at: AwareDatetime | None = Field(description="Publication time with its zone, when the page states one.")
    published_local: NaiveDatetime | None = Field(
        default=None, description="Zone-less local publication time, when the page gives no zone."
    )
    outlet: str | None
    language: str | None = Field(description="BCP 47 tag of the text's language.")
    canonical_url: str | None = Field(default=None, description="rel=canonical or og:url, tracking parameters removed.")
    paragraphs: list[str]
    text: str = Field(description="The paragraphs joined by a blank line.")
    content_sha256: str = Field(pattern="^[0-9a-f]{64}$", description="SHA-256 of text (UTF-8), hex.")
    simhash64: str = Field(pattern="^[0-9a-f]{16}$", description="64-bit SimHash of the text, 16 hex digits.")


# --------------------------------------------------------------------------- claims


class CharSpan(_Frozen):
    """A half-open span of code-point offsets into ``article.text``."""

    char_start: Offset
    char_end: Offset


class Cue(_Frozen):
    """The reporting cue of an attribution ("said", "according to")."""

    text: str
    char_start: Offset
    char_end: Offset


class Claimant(_Frozen):
    """Who a claim is attributed to: the resolved name and the words used for it in the sentence."""

    name: str
    mention: str
    kind: ClaimantKind
    char_start: Offset | None = None
    char_end: Offset | None = None


class Certainty(_Frozen):
    """A hedge or probability word and its place on the UK PHIA probability yardstick."""

    cue: str
    phia_band: PhiaBand | None
    probability: tuple[Probability, Probability] | None
    negated: bool = False


class Quantity(_Frozen):
    """A number in a sentence, normalised; ``lower``/``upper`` carry bounds such as "more than"."""

    text: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    unit: str | None = None
    change: Literal["=", "~", ">", "<", "up", "down"] = "="
    concept: str | None = None
    char_start: Offset | None = None
    char_end: Offset | None = None


class DateMention(_Frozen):
    """A date in a sentence, resolved against the publication date where relative."""

    text: str
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO 8601 date or partial date.")
    precision: Literal["day", "month", "year"]
    char_start: Offset | None = None
    char_end: Offset | None = None


class Entity(_Frozen):
    """A named person, organization or place in ``article.text``."""

    text: str
    label: Literal["person", "organization", "place", "other"]
    char_start: Offset
    char_end: Offset


class Claim(_Frozen):
    """A checkable sentence with its attribution, certainty, quantities and dates."""

    id: str = Field(min_length=1, description="Stable for the same claim text in the same article.")
    text: str
    char_start: Offset
    char_end: Offset
    type: ClaimType
    checkworthiness: Probability
    claimant: Claimant | None
    cue: Cue | None = None
    content: CharSpan | None = None
    attribution_chain: list[str] = Field(default_factory=list, description="Outermost source first.")
    reporting_verb: str | None = None
    quote: Literal["direct", "indirect", "none"] = "none"
    certainty: Certainty | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)


class ClaimEvent(Claim):
    """One claim as an event on ``claims.tagged``, with enough of its article to stand alone."""

    article_id: str
    url: str
    canonical_url: str | None = None
    outlet: str | None = None
    published_at: AwareDatetime | None
    published_local: NaiveDatetime | None = None


# --------------------------------------------------------------------------- enriched article


class Processing(_Frozen):
    """Which code made an event, so consumers can re-process on upgrades."""

    normalizer_version: str
    tagger_version: str
    service_version: str
    processed_at: AwareDatetime
    stages: list[Literal["normalize", "claims"]] = Field(description="The stages that ran.")


class EnrichedArticle(_Frozen):
    """A raw article made clean and tagged (``articles.enriched``)."""

    id: str = Field(min_length=1, description="Deterministic from raw_id, so a replay yields the same id.")
    raw_id: str
    url: str
    canonical_url: str
    article: Article
    claims: list[Claim]
    entities: list[Entity] = Field(default_factory=list)
    processing: Processing


# --------------------------------------------------------------------------- dead letters


class KafkaHeader(_Frozen):
    """One Kafka record header; the value is base64 because headers are bytes."""

    key: str
    value_base64: str | None


class OriginalRecord(_Frozen):
    """The consumed record exactly as it arrived; replaying these bytes reproduces the input."""

    topic: str
    partition: Annotated[int, Field(ge=0)]
    offset: Annotated[int, Field(ge=0)]
    timestamp_ms: int | None = None
    key_base64: str | None
    value_base64: str | None
    headers: list[KafkaHeader] = Field(default_factory=list)


class DeadLetterError(_Frozen):
    """Why a record could not be processed."""

    stage: str = Field(description="decode, validate, normalize, tag, encode or process.")
    type: str = Field(description="The error class name.")
    message: str


class DeadLetter(_Frozen):
    """A record that could not be processed (``articles.dlq``): its original bytes and the reason."""

    original: OriginalRecord
    error: DeadLetterError
    failed_at: AwareDatetime
    attempts: Annotated[int, Field(ge=1)]
    service_version: str

