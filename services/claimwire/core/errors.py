"""The one error tree of claimwire; adapters translate library exceptions into it at the border.

    ClaimwireError              base; carries ``stage`` and ``retriable``
    ├── DecodeError             bytes are not a valid event (UTF-8, JSON, object, size)   -> dead letter
    ├── SchemaError             a JSON object that violates the event schema              -> dead letter
    ├── NormalizeError          the page cannot be made into an article                  -> dead letter
    ├── TagError                the claim tagger failed on an article                    -> dead letter
    ├── TransientError          broker unavailable, timeouts, coordinator moves          -> retry with backoff
    └── ConfigError             bad settings; the service refuses to start

Deterministic errors (``retriable`` False) dead-letter the record and let the partition move on; retriable ones
are retried without advancing offsets. Anything outside this tree is a bug: the service logs it and exits.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "ClaimwireError",
    "ConfigError",
    "DecodeError",
    "NormalizeError",
    "SchemaError",
    "TagError",
    "TransientError",
]


class ClaimwireError(Exception):
    """Base of every error claimwire raises on purpose."""

    stage: ClassVar[str] = "process"
    retriable: ClassVar[bool] = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DecodeError(ClaimwireError):
    """The bytes are not a decodable event: invalid UTF-8, not JSON, not an object, or too large."""

    stage = "decode"


class SchemaError(ClaimwireError):
    """The event is a JSON object but violates its schema; the message names the offending fields."""

    stage = "validate"


class NormalizeError(ClaimwireError):
    """The page cannot be made into an article (empty, binary, over a cap, undecodable)."""

    stage = "normalize"


class TagError(ClaimwireError):
    """The claim tagger cannot process the article."""

    stage = "tag"


class TransientError(ClaimwireError):
    """A passing failure of the outside world; retry with backoff."""

    stage = "io"
    retriable = True


class ConfigError(ClaimwireError):
    """Settings that cannot work; raised before the service starts."""

    stage = "config"
