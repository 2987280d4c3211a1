"""What an operator sees of a running service: Prometheus metrics, liveness and readiness over HTTP.

API for the service loop (``app.py``, ``cli/run.py``)::

    from claimwire.observability import Health, Metrics, ObservabilityServer, record_log_context

    metrics = Metrics()                                   # a private registry; Metrics(registry=REGISTRY) for global
    health = Health(metrics=metrics, broker_check=consumer.topics)   # any coroutine fn; raising/False = no answer
    async with ObservabilityServer(metrics, health, host="0.0.0.0", port=settings.metrics_port) as server:
        ...                                               # server.port: the bound port (port=0 picks a free one)

    # rebalance listener:  health.set_assignment(assigned)  /  health.set_assignment(())   on revoke
    # shutdown:            health.stopping()                 (never ready again)
    # fatal error:         health.fail("why")                (/healthz answers 503, so the pod is restarted)
    # any broker round trip that succeeded (fetch, produce ack, commit): health.broker_ok()  (skips active checks)
    # per record:
    with record_log_context(topic=..., partition=..., offset=..., article_id=None):  # binds structlog contextvars
        metrics.consumed.labels(topic).inc()
        metrics.in_flight.inc(); ...; metrics.in_flight.dec()          # or .set(n); in_flight_bytes likewise
        metrics.produced.labels(out_topic).inc()                           # once per record produced
        metrics.dead_lettered.labels(error.stage, type(error).__name__).inc()
        metrics.retries.labels(error.stage).inc()                          # once per retry attempt
        metrics.observe_processing(seconds, outcome="ok")                  # or "dead_letter" / "error"
    metrics.set_lag(topic, partition, lag)                                 # highwater - position, after a fetch

Endpoints (GET or HEAD): ``/metrics`` (Prometheus text, or OpenMetrics when asked), ``/healthz`` (200 unless
``fail`` was called; answering at all shows the event loop is not stuck), ``/readyz`` (200 only while partitions
are assigned and the broker answered within ``broker_ttl`` seconds; else 503 with the reasons as JSON).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Literal, Self

import orjson
import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client.exposition import choose_encoder

from claimwire._probe_http import ProbeServer, Response
from claimwire._version import SERVICE_VERSION

__all__ = ["PROCESSING_BUCKETS", "Health", "Metrics", "ObservabilityServer", "Outcome", "record_log_context"]

Outcome = Literal["ok", "dead_letter", "error"]
# Parsing and tagging one article takes milliseconds to a few seconds; the buckets cover that range finely.
PROCESSING_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The service's Prometheus metrics, on their own registry so tests and several apps do not collide."""

    def __init__(self, registry: CollectorRegistry | None = None, *, namespace: str = "claimwire") -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        ns, reg = namespace, self.registry
        self.consumed = Counter("records_consumed", "Records consumed", ["topic"], namespace=ns, registry=reg)
        self.produced = Counter(
            "records_produced", "Records produced and acknowledged", ["topic"], namespace=ns, registry=reg
        )
        self.dead_lettered = Counter(
            "records_dead_lettered",
            "Records sent to the dead-letter topic",
            ["stage", "error_type"],
            namespace=ns,
            registry=reg,
        )
        self.retries = Counter(
            "retries", "Retry attempts after retriable errors", ["stage"], namespace=ns, registry=reg
        )
        self.processing_seconds = Histogram(
            "processing_seconds",
            "Time from a record's arrival to its outputs being acknowledged",
            ["outcome"],
            namespace=ns,
            registry=reg,
            buckets=PROCESSING_BUCKETS,
        )
        self.consumer_lag = Gauge(
            "consumer_lag",
            "Records behind the partition's high watermark",
            ["topic", "partition"],
            namespace=ns,
            registry=reg,
        )
        self.in_flight = Gauge("in_flight", "Records being processed or awaiting acks", namespace=ns, registry=reg)
        self.in_flight_bytes = Gauge(
            "in_flight_bytes", "Bytes of records being processed or awaiting acks", namespace=ns, registry=reg
        )
        self.assigned_partitions = Gauge("assigned_partitions", "Partitions assigned", namespace=ns, registry=reg)
        self.ready = Gauge("ready", "1 while /readyz answers 200", namespace=ns, registry=reg)
        Info("build", "Service version", namespace=ns, registry=reg).info({"version": SERVICE_VERSION})

    def observe_processing(self, seconds: float, *, outcome: Outcome = "ok") -> None:
        """Record how long one record took, by how it ended."""
        self.processing_seconds.labels(outcome).observe(seconds)

    def set_lag(self, topic: str, partition: int, lag: int) -> None:
        """Set the lag of one partition (never negative: a racing high watermark reads as 0)."""
        self.consumer_lag.labels(topic, str(partition)).set(max(lag, 0))

    def forget_partition(self, topic: str, partition: int) -> None:
        """Drop a revoked partition's lag series, so another instance's partition is not reported twice."""
        with contextlib.suppress(KeyError):
            self.consumer_lag.remove(topic, str(partition))


class Health:
    """Liveness and readiness state, fed by the service loop; ``broker_check`` is awaited only when needed."""

    def __init__(
        self,
        *,
        metrics: Metrics | None = None,
        broker_check: Callable[[], Awaitable[object]] | None = None,
        broker_ttl: float = 10.0,
        check_timeout: float = 2.0,
        require_partitions: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``require_partitions=False`` counts a group member with an empty assignment as ready (for groups
        deliberately run with more instances than partitions)."""
        self._metrics = metrics
        self._check = broker_check
        self._ttl = broker_ttl
        self._timeout = check_timeout
        self._require_partitions = require_partitions
        self._clock = clock
        self._assignment: frozenset[tuple[str, int]] | None = None
        self._stopping = False
        self._failure: str | None = None
        self._broker_seen: float | None = None
        self._lock = asyncio.Lock()

    @property
    def assignment(self) -> frozenset[tuple[str, int]] | None:
        """The (topic, partition) pairs assigned, or None before the first assignment and after stopping."""
        return self._assignment

    def set_assignment(self, partitions: Iterable[tuple[str, int]]) -> None:
        """The consumer's whole current assignment (aiokafka TopicPartitions work as they are)."""
        new = frozenset((tp[0], tp[1]) for tp in partitions)
        if self._metrics is not None:
            for topic, partition in (self._assignment or frozenset()) - new:
                self._metrics.forget_partition(topic, partition)
            self._metrics.assigned_partitions.set(len(new))
        self._assignment = new

    def stopping(self) -> None:
        """The service is shutting down: not ready from now on."""
        self._stopping = True
        self.set_assignment(())

    def fail(self, reason: str) -> None:
        """A fatal state the process cannot leave by itself: /healthz answers 503 with ``reason``."""
        self._failure = reason

    def broker_ok(self) -> None:
        """The broker just answered a request of the service's own."""
        self._broker_seen = self._clock()

    def liveness(self) -> tuple[bool, list[str]]:
        """(alive, reasons): alive unless ``fail`` was called."""
        return (self._failure is None, [] if self._failure is None else [self._failure])

    async def readiness(self) -> tuple[bool, list[str]]:
        """(ready, reasons why not); may await ``broker_check``, bounded by ``check_timeout``."""
        reasons = []
        if self._stopping:
            reasons.append("stopping")
        elif self._assignment is None:
            reasons.append("no partition assignment yet")
        elif self._require_partitions and not self._assignment:
            reasons.append("no partitions assigned")
        if self._failure is not None:
            reasons.append(self._failure)
        if not await self._broker_answers():
            reasons.append("broker does not answer")
        if self._metrics is not None:
            self._metrics.ready.set(0 if reasons else 1)
        return (not reasons, reasons)

    async def _broker_answers(self) -> bool:
        async with self._lock:  # concurrent probes share one check
            if self._broker_seen is not None and self._clock() - self._broker_seen < self._ttl:
                return True
            if self._check is None:
                return False
            try:
                answered = await asyncio.wait_for(self._check(), self._timeout)
            except Exception:  # any failure of the check means the same thing: the broker did not answer
                structlog.get_logger(__name__).warning("broker check failed", exc_info=True)
                return False
            if answered is False:
                return False
            self.broker_ok()
            return True


class ObservabilityServer:
    """Serves /metrics, /healthz and /readyz on ``host:port``; an async context manager."""

    def __init__(self, metrics: Metrics, health: Health, *, host: str = "0.0.0.0", port: int = 9464) -> None:
        self.metrics = metrics
        self.health = health
        self._server = ProbeServer(self._route, host=host, port=port)

    @property
    def port(self) -> int:
        """The bound port (useful with port=0)."""
        return self._server.port

    async def start(self) -> None:
        """Bind and start serving in the running event loop."""
        await self._server.start()

    async def stop(self) -> None:
        """Stop accepting and close the listening socket."""
        await self._server.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _route(self, path: str, headers: dict[str, str]) -> Response:
        if path == "/metrics":
            encoder, content_type = choose_encoder(headers.get("accept", ""))
            return Response(200, content_type, encoder(self.metrics.registry))
        if path == "/healthz":
            return _status(*self.health.liveness())
        if path == "/readyz":
            return _status(*await self.health.readiness())
        return Response(404, "application/json", b'{"status":"not found"}')


def _status(ok: bool, reasons: list[str]) -> Response:
    body = orjson.dumps({"status": "ok" if ok else "unavailable", "reasons": reasons})
    return Response(200 if ok else 503, "application/json", body)


@contextlib.contextmanager
def record_log_context(*, topic: str, partition: int, offset: int, article_id: str | None = None) -> Iterator[None]:
    """Bind the record's coordinates to every structlog line logged inside (the JSON lines operators grep)."""
    with structlog.contextvars.bound_contextvars(
        topic=topic, partition=partition, offset=offset, article_id=article_id
    ):
        yield
