"""Wire the app in one place: settings + a source + a sink (+ optional test doubles) -> an ``App``.

Every entry point goes through here: ``claimwire run`` with the Kafka adapter, ``claimwire process`` with JSON lines,
unit tests with the in-memory fakes and an injected pipeline step. Only the ports differ.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from claimwire._version import SERVICE_VERSION
from claimwire.app import App
from claimwire.app_budget import Budget
from claimwire.app_lane import LaneContext
from claimwire.app_observe import Observer
from claimwire.app_policy import Backoff
from claimwire.app_pool import InlineRunner, PipelineStep, Runner, Step
from claimwire.app_records import OutputTopics
from claimwire.app_workers import PoolRunner
from claimwire.ports import Sink, Source
from claimwire.settings import Settings

__all__ = ["bootstrap", "make_runner", "utc_now"]


def utc_now() -> datetime:
    """The wall clock, in UTC: the ``processed_at`` of events."""
    return datetime.now(UTC)


def make_runner(settings: Settings, step: Step) -> Runner:
    """A process pool of ``settings.workers`` processes, or in-process work when it is 0."""
    if isinstance(step, PipelineStep):
        step.load()
    if settings.workers == 0:
        return InlineRunner(step, settings.max_event_bytes, settings.max_message_bytes)
    runner = PoolRunner(
        step,
        workers=settings.workers,
        max_event_bytes=settings.max_event_bytes,
        max_output_bytes=settings.max_message_bytes,
    )
    runner.warm_up()
    return runner


def bootstrap(
    settings: Settings,
    source: Source,
    sink: Sink,
    *,
    step: Step | None = None,
    runner: Runner | None = None,
    observer: Observer | None = None,
    clock: Callable[[], datetime] = utc_now,
    service_version: str = SERVICE_VERSION,
) -> App:
    """The app for these ports. ``step`` defaults to the real pipeline; ``runner`` to ``make_runner``."""
    if runner is None:
        step = step or PipelineStep(service_version, until=settings.until, attribution=settings.attribution)
        runner = make_runner(settings, step)
    ctx = LaneContext(
        source=source,
        sink=sink,
        runner=runner,
        budget=Budget(max_records=settings.max_in_flight, max_bytes=settings.max_in_flight_bytes),
        # About two records per worker keeps every worker busy while lanes take turns; in-process work needs none.
        window=asyncio.Semaphore(2 * settings.workers if settings.workers else settings.max_in_flight),
        observer=observer or Observer(),
        backoff=Backoff(settings.retry_initial_s, settings.retry_max_s),
        topics=OutputTopics(settings.topic_enriched, settings.topic_claims, settings.topic_dlq, settings.source),
        clock=clock,
        service_version=service_version,
        max_batch=settings.max_batch,
        linger_s=settings.txn_linger_ms / 1000,
        max_output_bytes=settings.max_message_bytes,
        lane_cap=settings.max_lane_records,
    )
    return App(ctx, shutdown_timeout_s=settings.shutdown_timeout_s)
