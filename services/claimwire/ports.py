"""The ports of the service: where records come from and where results go, as Protocols.

The app (``claimwire.app``) only knows these. Kafka (``adapters.kafka``), JSON lines (``adapters.jsonl``, the offline
``claimwire process`` command) and the in-memory fakes (``adapters.memory``, for tests) implement them, so every mode
runs the one code path: decode -> enrich -> produce -> commit, with the same dead-letter policy.

A *stream* is one ordered input: a Kafka topic-partition, or one input file. Records of a stream are processed in
order of their offsets; a source hands them out in ``Batch``es, each stamped with the stream's *epoch*. The epoch
changes whenever the source moves the stream (assignment, rewind): the app drops batches of an old epoch, which is
how records fetched before a rewind can never be delivered twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "Batch",
    "Headers",
    "Outgoing",
    "Record",
    "Sink",
    "Source",
    "Stream",
    "StreamListener",
]

Headers = tuple[tuple[str, bytes], ...]
Stream = tuple[str, int]
"""(topic, partition); an input file is (its name, 0)."""


@dataclass(frozen=True, slots=True)
class Record:
    """A consumed record exactly as it arrived: these bytes are what a dead letter keeps."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Headers = ()
    timestamp_ms: int | None = None

    @property
    def size(self) -> int:
        """Bytes held in memory for this record, for the in-flight byte budget."""
        return len(self.key or b"") + len(self.value or b"") + sum(len(k) + len(v or b"") for k, v in self.headers)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A record to produce; ``topic`` is one of the configured output topics."""

    topic: str
    key: bytes | None
    value: bytes
    headers: Headers = ()


@dataclass(frozen=True, slots=True)
class Batch:
    """Consecutive records of one stream, fetched in one go, stamped with the stream's epoch."""

    stream: Stream
    epoch: int
    records: Sequence[Record]


class StreamListener(Protocol):
    """What a source tells the app about the streams it hands out (Kafka: partition assignment)."""

    async def streams_assigned(self, assigned: Mapping[Stream, int]) -> None:
        """These streams (with their epochs) will now deliver batches."""

    async def streams_revoked(self, revoked: Collection[Stream]) -> None:
        """Finish or drop all work of these streams; return only when none of it can still be delivered."""


class Source(Protocol):
    """Where records come from."""

    async def start(self, listener: StreamListener) -> None:
        """Connect; from now on report assignments to ``listener``."""

    def batches(self) -> AsyncIterator[Batch]:
        """Batches until the source is exhausted (a file) or ``stop_fetching`` is called (a service)."""

    def stop_fetching(self) -> None:
        """Make ``batches`` end soon; work already handed out may still be delivered."""

    def pause(self, stream: Stream) -> None:
        """Hand out no more batches of ``stream`` until ``resume`` (its lane is full); others keep flowing."""

    def resume(self, stream: Stream) -> None:
        """Undo ``pause``; unknown or unpaused streams are ignored."""

    async def rewind(self, stream: Stream) -> int:
        """Move ``stream`` back to its last committed offset after a failed delivery; return its new epoch.

        May raise ``TransientError`` (then the caller backs off and calls again).
        """

    async def close(self) -> None:
        """Leave (the consumer group) and release connections."""


class Sink(Protocol):
    """Where results go."""

    async def deliver(self, stream: Stream, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        """Publish ``outgoing`` and mark ``stream`` consumed up to ``next_offset`` (exclusive), atomically when the
        sink can (Kafka transactions), otherwise outputs first and offsets after.

        Raises ``TransientError`` when it may work later; then nothing of the call is visible to committed readers.
        """

    async def close(self) -> None:
        """Flush and release connections."""
