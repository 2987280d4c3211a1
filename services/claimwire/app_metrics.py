"""The app's observer hooks wired to the Prometheus metrics and the health state of ``claimwire.observability``."""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from claimwire.app_observe import Observer
from claimwire.observability import Health, Metrics, Outcome
from claimwire.ports import Stream

__all__ = ["MetricsObserver"]


class MetricsObserver(Observer):
    """Counts, gauges and readiness from what the app reports."""

    def __init__(self, metrics: Metrics, health: Health) -> None:
        self._metrics = metrics
        self._health = health

    def consumed(self, stream: Stream, records: int) -> None:
        self._metrics.consumed.labels(stream[0]).inc(records)

    def produced(self, topic: str, records: int = 1) -> None:
        self._metrics.produced.labels(topic).inc(records)

    def dead_lettered(self, stage: str, error_type: str) -> None:
        self._metrics.dead_lettered.labels(stage, error_type).inc()

    def retried(self, stage: str) -> None:
        self._metrics.retries.labels(stage).inc()

    def processed(self, seconds: float, outcome: str) -> None:
        self._metrics.observe_processing(seconds, outcome=cast(Outcome, outcome))

    def committed(self, stream: Stream, next_offset: int, records: int) -> None:
        self._health.broker_ok()  # a committed transaction is the broker answering

    def in_flight(self, records: int, size: int) -> None:
        self._metrics.in_flight.set(records)

    def assigned(self, streams: Collection[Stream]) -> None:
        self._health.set_assignment(streams)
