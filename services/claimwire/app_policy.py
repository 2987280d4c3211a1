"""The failure policy, as a table: which error dead-letters a record, which is retried, which stops the service.

Deterministic failures of one record (bytes that are not an event, a schema violation, a page that cannot be made
into an article, an oversize event) send the record's original bytes and the reason to the dead-letter topic in
the same transaction as the partition's other outputs, and the partition moves on. Passing failures of the outside
world (``TransientError``: the adapters map broker, timeout and coordinator errors to it) are retried with capped
exponential back-off and jitter, without advancing offsets. Anything else is a bug or a misconfiguration: the
service logs it loudly and exits non-zero rather than guess.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from claimwire.core.errors import (
    ConfigError,
    DecodeError,
    NormalizeError,
    SchemaError,
    TagError,
    TransientError,
)

__all__ = ["POLICY", "Action", "Backoff", "action_for"]


class Action(StrEnum):
    """What the service does about an error."""

    DEAD_LETTER = "dead-letter"
    RETRY = "retry"
    CRASH = "crash"


# First match wins (isinstance), so subclasses come before their bases; whatever matches nothing crashes.
POLICY: Final[tuple[tuple[type[BaseException], Action], ...]] = (
    (DecodeError, Action.DEAD_LETTER),
    (SchemaError, Action.DEAD_LETTER),
    (NormalizeError, Action.DEAD_LETTER),
    (TagError, Action.DEAD_LETTER),
    (TransientError, Action.RETRY),
    (ConfigError, Action.CRASH),
)


def action_for(exc: BaseException) -> Action:
    """The policy's verdict on ``exc``; unknown errors crash."""
    for cls, action in POLICY:
        if isinstance(exc, cls):
            return action
    return Action.CRASH


@dataclass(frozen=True)
class Backoff:
    """Capped exponential back-off with "equal jitter": half the step is fixed, half random.

    The fixed half guarantees the wait grows; the random half keeps instances that failed together (a broker
    restart hits all of them) from retrying in lock-step.
    """

    initial_s: float
    max_s: float
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1 for the first retry)."""
        step = min(self.max_s, self.initial_s * 2.0 ** max(0, attempt - 1))
        return step / 2 + self.rng.uniform(0.0, step / 2)
