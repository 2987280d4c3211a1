"""The CPU-bound part of handling a record, and where it runs: a process pool sized to the cores.

``process_value`` is everything between the input bytes and the output bytes (decode -> enrich -> encode) in one
picklable call, so a worker process receives raw bytes and returns encoded events: pickling stays cheap and the
event loop only moves bytes, never parses HTML. It turns the policy's dead-letter errors into a ``Failed`` value;
any other error propagates, and the service stops.

Runners hide where the call runs: ``app_workers.PoolRunner`` (the service; heartbeats, fetches and commits never
wait on CPU work) or ``InlineRunner`` (tests, and ``workers=0`` for debugging).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

from claimwire.adapters.codec import decode_raw, encode_event
from claimwire.app_policy import Action, action_for
from claimwire.core.errors import ClaimwireError
from claimwire.core.models import ClaimEvent, EnrichedArticle, RawArticle

__all__ = [
    "Failed",
    "InlineRunner",
    "Outcome",
    "PipelineStep",
    "Produced",
    "Runner",
    "Step",
    "process_value",
    "warm",
]

Step = Callable[[RawArticle, datetime], tuple[EnrichedArticle, Sequence[ClaimEvent]]]
"""The pipeline as the app sees it: a raw article and the processing time in, the events out. Must be picklable
(a module-level function or a dataclass instance) to cross into worker processes."""


@dataclass(frozen=True)
class PipelineStep:
    """The real pipeline (``claimwire.core.pipeline``) as a picklable ``Step``."""

    service_version: str
    until: Literal["normalize", "claims"] = "claims"
    attribution: Literal["encoder", "cnn"] = "encoder"

    def load(self) -> None:
        """Import the pipeline now: in the parent before forking (workers then share it copy-on-write), and so
        that a broken install fails at start with its real error rather than as a broken pool."""
        # One pipeline runs on one thread; processes give the parallelism. A BLAS thread pool in every worker (numpy
        # starts one per core) would only spin beside the other workers: about 5% more CPU per article, measured.
        # It must be set before numpy's first import; an operator's own setting wins.
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
        importlib.import_module("claimwire.core.pipeline")

    def __call__(self, raw: RawArticle, now: datetime) -> tuple[EnrichedArticle, Sequence[ClaimEvent]]:
        from claimwire.core.pipeline import claim_events, enrich  # noqa: PLC0415 - heavy: models load in workers

        enriched = enrich(
            raw, now=now, service_version=self.service_version, until=self.until, attribution=self.attribution
        )
        return enriched, claim_events(enriched)


@dataclass(frozen=True, slots=True)
class Produced:
    """A record processed: its events, encoded."""

    article_id: str
    key: bytes
    enriched: bytes
    claims: tuple[tuple[str, bytes], ...]
    seconds: float


@dataclass(frozen=True, slots=True)
class Failed:
    """A record that must be dead-lettered, and why."""

    stage: str
    type: str
    message: str
    seconds: float


Outcome = Produced | Failed


def process_value(
    value: bytes | None, now: datetime, step: Step, max_event_bytes: int, max_output_bytes: int
) -> Outcome:
    """Decode, enrich and encode one record value; dead-letter errors become ``Failed``, others propagate."""
    started = time.perf_counter()
    try:
        raw = decode_raw(value, max_bytes=max_event_bytes)
        enriched, events = step(raw, now)
        body = encode_event(enriched)
        claims = tuple((event.id, encode_event(event)) for event in events)
    except ClaimwireError as exc:
        if action_for(exc) is not Action.DEAD_LETTER:
            raise
        return Failed(exc.stage, type(exc).__name__, exc.message, time.perf_counter() - started)
    largest = max([len(body), *(len(c) for _, c in claims)])
    if largest > max_output_bytes:
        return Failed(
            "encode",
            "OutputTooLarge",
            f"an output event is {largest} bytes, over the {max_output_bytes}-byte message cap",
            time.perf_counter() - started,
        )
    return Produced(enriched.id, enriched.canonical_url.encode(), body, claims, time.perf_counter() - started)


class Runner(Protocol):
    """Runs ``process_value`` somewhere and hands back an awaitable result."""

    def submit(self, value: bytes | None, now: datetime) -> asyncio.Future[Outcome]:
        """Start processing one value; the future holds its outcome or the error that must stop the service."""

    def close(self) -> None:
        """Release the workers."""


@dataclass
class InlineRunner:
    """Runs the step at once, in this process: deterministic, for tests and ``workers=0``."""

    step: Step
    max_event_bytes: int
    max_output_bytes: int

    def submit(self, value: bytes | None, now: datetime) -> asyncio.Future[Outcome]:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        try:
            future.set_result(process_value(value, now, self.step, self.max_event_bytes, self.max_output_bytes))
        except Exception as exc:  # handed to the awaiting lane, which applies the policy
            future.set_exception(exc)
        return future

    def close(self) -> None:
        return None


def warm(step: Step) -> None:
    """Run the step once on a tiny page: a worker loads the pipeline's models before its first record, since a cold
    start would otherwise land on the first transaction and look like a stall."""
    sample = RawArticle(
        id="warm-up",
        url="https://example.com/warm-up",
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        content_type="text/html",
        body="<html><body><h1>Warm</h1><p>The ministry said on Monday that 12 people were hurt.</p></body></html>",
    )
    with contextlib.suppress(ClaimwireError):
        step(sample, datetime(2024, 1, 1, tzinfo=UTC))
