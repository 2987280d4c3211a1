"""The failure policy table and the back-off it uses."""

from __future__ import annotations

import random

import aiokafka.errors as ke
import pytest

from claimwire.adapters.kafka_errors import FencedError, translate
from claimwire.app_policy import Action, Backoff, action_for
from claimwire.core.errors import (
    ClaimwireError,
    ConfigError,
    DecodeError,
    NormalizeError,
    SchemaError,
    TagError,
    TransientError,
)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (DecodeError("x"), Action.DEAD_LETTER),
        (SchemaError("x"), Action.DEAD_LETTER),
        (NormalizeError("x"), Action.DEAD_LETTER),
        (TagError("x"), Action.DEAD_LETTER),
        (TransientError("x"), Action.RETRY),
        (FencedError("x"), Action.RETRY),
        (ConfigError("x"), Action.CRASH),
        (ClaimwireError("x"), Action.CRASH),
        (RuntimeError("x"), Action.CRASH),
        (KeyError("x"), Action.CRASH),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_each_error_class_maps_to_its_documented_action(error: BaseException, expected: Action) -> None:
    """Deterministic record errors dead-letter, transient ones retry, everything else crashes."""
    assert expected == action_for(error)


def test_backoff_doubles_up_to_its_cap_with_bounded_jitter() -> None:
    """Each delay lies in [step/2, step] where step doubles from the initial value and stops at the cap."""
    backoff = Backoff(0.1, 1.0, rng=random.Random(7))
    steps = [0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]
    delays = [backoff.delay(attempt) for attempt in range(1, 8)]
    assert all(step / 2 <= delay <= step for step, delay in zip(steps, delays, strict=True))


def test_backoff_jitter_spreads_instances_that_failed_together() -> None:
    """Two instances retrying the same attempt do not wait exactly the same time."""
    first, second = Backoff(1.0, 10.0, rng=random.Random(1)), Backoff(1.0, 10.0, rng=random.Random(2))
    assert first.delay(3) != second.delay(3)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ke.KafkaConnectionError("down"), TransientError),
        (ke.KafkaTimeoutError(), TransientError),
        (ke.NotCoordinatorForGroupError(), TransientError),
        (ke.CommitFailedError("rebalanced"), TransientError),
        (ke.ProducerFenced(), FencedError),
        (ke.TopicAuthorizationFailedError(), ConfigError),
        (ke.SaslAuthenticationFailed(), ConfigError),
        (ke.MessageSizeTooLargeError(), ConfigError),
        (TimeoutError(), TransientError),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else v.__name__,
)
def test_kafka_errors_are_translated_once_into_the_error_tree(error: BaseException, expected: type) -> None:
    """The Kafka adapter maps client errors to retry (transient, fenced) or stop (configuration)."""
    assert expected is type(translate(error, "testing"))


def test_errors_from_outside_kafka_are_not_translated() -> None:
    """A programming error is not dressed up as a Kafka problem: it propagates as it is."""
    with pytest.raises(KeyError):
        translate(KeyError("bug"), "testing")
