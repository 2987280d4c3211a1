"""aiokafka's exceptions mapped once into claimwire's error tree.

Passing trouble (no broker, timeouts, coordinator moves, a rebalance under way, a transaction in a bad state, being
fenced) becomes ``TransientError``: the app aborts, rewinds and retries. Trouble that retrying cannot fix (wrong
credentials, missing permissions, an unsupported broker, a topic whose message limit is below the settings) becomes
``ConfigError``, and the service stops.
"""

from __future__ import annotations

import aiokafka.errors as ke

from claimwire.core.errors import ClaimwireError, ConfigError, TransientError

__all__ = ["FencedError", "translate"]


class FencedError(TransientError):
    """Another producer with our transactional id took over: the partition moved; wait for the rebalance."""


_FATAL: tuple[type[BaseException], ...] = (
    ke.AuthenticationFailedError,
    ke.AuthenticationMethodNotSupported,
    ke.SaslAuthenticationFailed,
    ke.UnsupportedSaslMechanismError,
    ke.TopicAuthorizationFailedError,
    ke.GroupAuthorizationFailedError,
    ke.ClusterAuthorizationFailedError,
    ke.TransactionalIdAuthorizationFailed,
    ke.UnsupportedVersionError,
    ke.IncompatibleBrokerVersion,
    ke.UnrecognizedBrokerVersion,
    ke.KafkaConfigurationError,
    ke.InvalidTransactionTimeout,
    ke.InvalidTopicError,
)


def translate(exc: BaseException, doing: str) -> ClaimwireError:
    """The claimwire error for an exception raised while ``doing`` something with Kafka."""
    if isinstance(exc, ClaimwireError):
        return exc
    what = f"{doing}: {type(exc).__name__}: {exc}"
    if isinstance(exc, ke.ProducerFenced | ke.InvalidProducerEpoch | ke.TransactionCoordinatorFenced):
        return FencedError(what)
    if isinstance(exc, _FATAL):
        return ConfigError(what)
    if isinstance(exc, ke.MessageSizeTooLargeError | ke.RecordTooLargeError):
        # The service dead-letters outputs over CLAIMWIRE_MAX_MESSAGE_BYTES itself, so a broker that still refuses
        # one has a smaller limit than the settings say: every retry would be refused the same way.
        return ConfigError(f"{what} (the topic's max.message.bytes is below CLAIMWIRE_MAX_MESSAGE_BYTES; match them)")
    if isinstance(exc, ke.KafkaError | TimeoutError | ConnectionError):
        # Everything else the client raises is either marked retriable or a transaction/commit error that an
        # abort, a rewind and a fresh producer recover from (the guidance for transactional clients).
        return TransientError(what)
    raise exc
