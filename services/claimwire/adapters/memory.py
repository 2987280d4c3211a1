"""In-memory fakes of the ports: a broker-less ``Source`` + ``Sink`` with Kafka's delivery semantics, for tests,
and ``FakeStep``, a model-free stand-in for the pipeline.

``MemoryTransport`` keeps input streams, committed offsets and committed outputs in dictionaries. A delivery is
atomic (outputs and offset together, like a Kafka transaction) and may be made to fail with ``TransientError``
through ``fail_deliveries``; ``rewind`` moves a stream back to its committed offset under a new epoch, as the Kafka
adapter does. Its ``batches`` ends once every record is committed, so an ``App`` run over it terminates.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from claimwire.core.errors import NormalizeError, TagError, TransientError
from claimwire.core.models import Article, Claim, ClaimEvent, EnrichedArticle, Processing, RawArticle
from claimwire.ports import Batch, Outgoing, Record, Stream, StreamListener

__all__ = ["Delivery", "FakeStep", "MemoryTransport", "fail_times"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One successful ``deliver`` call, as the fake saw it."""

    stream: Stream
    outgoing: tuple[Outgoing, ...]
    next_offset: int


@dataclass
class MemoryTransport:
    """Source and Sink over lists. ``fail_deliveries(stream, outgoing, next_offset)`` may raise to inject faults."""

    inputs: dict[Stream, list[Record]]
    batch_size: int = 10
    fail_deliveries: Callable[[Stream, Sequence[Outgoing], int], None] | None = None
    committed: dict[Stream, int] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    rewinds: int = 0
    _position: dict[Stream, int] = field(default_factory=dict)
    _epoch: dict[Stream, int] = field(default_factory=dict)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _stopped: bool = False
    closed: bool = False

    @classmethod
    def from_values(
        cls, values: Mapping[Stream, Sequence[bytes | None]], *, keys: bool = True, batch_size: int = 10
    ) -> MemoryTransport:
        """Streams of records with these values (keys ``k<offset>`` unless ``keys`` is False)."""
        inputs = {
            stream: [
                Record(stream[0], stream[1], offset, f"k{offset}".encode() if keys else None, value)
                for offset, value in enumerate(vals)
            ]
            for stream, vals in values.items()
        }
        return cls(inputs, batch_size=batch_size)

    # ------------------------------------------------------------------ Source

    async def start(self, listener: StreamListener) -> None:
        for stream in self.inputs:
            self._position[stream] = self.committed.get(stream, 0)
            self._epoch[stream] = 1
        await listener.streams_assigned(dict(self._epoch))

    def _done(self) -> bool:
        return all(self.committed.get(s, 0) >= len(records) for s, records in self.inputs.items())

    async def batches(self) -> AsyncIterator[Batch]:
        while not self._stopped and not self._done():
            self._changed.clear()
            handed = False
            for stream, records in self.inputs.items():
                start = self._position[stream]
                chunk = records[start : start + self.batch_size]
                if chunk:
                    self._position[stream] = start + len(chunk)
                    handed = True
                    yield Batch(stream, self._epoch[stream], chunk)
            if not handed:
                await self._changed.wait()

    def pause(self, stream: Stream) -> None:
        return None  # one stream, or a fake: the app's budget alone bounds what is held

    def resume(self, stream: Stream) -> None:
        return None

    def stop_fetching(self) -> None:
        self._stopped = True
        self._changed.set()

    async def rebalance(self, listener: StreamListener) -> None:
        """Revoke every stream and assign it again from its committed offset, as a group rebalance does."""
        await listener.streams_revoked(list(self.inputs))
        for stream in self.inputs:
            self._position[stream] = self.committed.get(stream, 0)
            self._epoch[stream] += 1
        await listener.streams_assigned(dict(self._epoch))
        self._changed.set()

    async def rewind(self, stream: Stream) -> int:
        self.rewinds += 1
        self._position[stream] = self.committed.get(stream, 0)
        self._epoch[stream] += 1
        self._changed.set()
        return self._epoch[stream]

    # ------------------------------------------------------------------ Sink

    async def deliver(self, stream: Stream, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        await asyncio.sleep(0)  # a real sink yields to the loop; so must the fake, or races could hide
        if self.fail_deliveries is not None:
            self.fail_deliveries(stream, outgoing, next_offset)
        if next_offset <= self.committed.get(stream, 0):
            raise AssertionError(f"{stream}: offset {next_offset} committed twice")
        self.deliveries.append(Delivery(stream, tuple(outgoing), next_offset))
        self.committed[stream] = next_offset
        self._changed.set()

    async def close(self) -> None:
        self.closed = True

    # ------------------------------------------------------------------ for assertions

    def produced(self, topic: str) -> list[Outgoing]:
        """Committed outputs to ``topic``, in delivery order."""
        return [out for d in self.deliveries for out in d.outgoing if out.topic == topic]


def fail_times(
    times: int, error: type[TransientError] = TransientError
) -> Callable[[Stream, Sequence[Outgoing], int], None]:
    """A fault injector failing the first ``times`` deliveries with ``error``."""
    left = [times]

    def inject(stream: Stream, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        if left[0] > 0:
            left[0] -= 1
            raise error(f"injected failure delivering {stream} up to {next_offset}")

    return inject


@dataclass(frozen=True)
class FakeStep:
    """A stand-in pipeline step (picklable, fast, no models) for tests of the plumbing.

    The body's blank-line-separated blocks become paragraphs; each paragraph starting with ``Claim:`` becomes a
    claim. Markers in the body trigger failures: ``FAIL:normalize`` (NormalizeError), ``FAIL:tag`` (TagError),
    ``FAIL:bug`` (RuntimeError, outside the policy); ``SLEEP:<ms>`` sleeps that long first.
    """

    service_version: str = "test"

    def __call__(self, raw: RawArticle, now: datetime) -> tuple[EnrichedArticle, list[ClaimEvent]]:
        body = raw.body or ""
        sleep = re.search(r"SLEEP:(\d+)", body)
        if sleep:
            time.sleep(int(sleep.group(1)) / 1000)
        if "FAIL:normalize" in body:
            raise NormalizeError("fake: page cannot be normalized")
        if "FAIL:tag" in body:
            raise TagError("fake: tagger failed")
        if "FAIL:bug" in body:
            raise RuntimeError("fake: a bug in the pipeline")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        text = "\n\n".join(paragraphs)
        article = Article(
            title=paragraphs[0] if paragraphs else None,
            published_at=None,
            outlet=raw.outlet,
            language="en",
            paragraphs=paragraphs,
            text=text,
            content_sha256=hashlib.sha256(text.encode()).hexdigest(),
            simhash64="0" * 16,
        )
        claims = []
        start = 0
        for paragraph in paragraphs:
            start = text.index(paragraph, start)
            if paragraph.startswith("Claim:"):
                claim_id = hashlib.sha256(f"{raw.id}|{paragraph}".encode()).hexdigest()[:16]
                claims.append(Claim(id=claim_id, text=paragraph, char_start=start, char_end=start + len(paragraph),
                                    type="other", checkworthiness=0.9, claimant=None))
        enriched = EnrichedArticle(
            id=f"enriched-{raw.id}",
            raw_id=raw.id,
            url=raw.url,
            canonical_url=raw.url,
            article=article,
            claims=claims,
            processing=Processing(normalizer_version="fake", tagger_version="fake",
                                  service_version=self.service_version, processed_at=now,
                                  stages=["normalize", "claims"]),
        )
        events = [
            ClaimEvent(**c.model_dump(), article_id=enriched.id, url=raw.url, published_at=None) for c in claims
        ]
        return enriched, events
