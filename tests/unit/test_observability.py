"""Metrics, liveness and readiness: what an operator and Kubernetes see of a running service."""

from __future__ import annotations

import asyncio

import orjson
import pytest
import structlog
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from claimwire.observability import Health, Metrics, ObservabilityServer, record_log_context


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class BrokerCheck:
    """Counts calls; answers, raises or hangs as told."""

    def __init__(self, answer: object = True) -> None:
        self.answer = answer
        self.calls = 0

    async def __call__(self) -> object:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        if self.answer == "hang":
            await asyncio.sleep(10)
        return self.answer


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every exposed sample as {(name, sorted labels): value}."""
    text = generate_latest(metrics.registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_the_service_counters_gauges_and_histogram_are_exposed_with_their_labels() -> None:
    """Consumed, produced, dead-lettered, retries, processing seconds, lag and in-flight are all in /metrics."""
    metrics = Metrics()
    metrics.consumed.labels("articles.raw").inc(3)
    metrics.produced.labels("articles.enriched").inc(2)
    metrics.dead_lettered.labels("normalize", "NormalizeError").inc()
    metrics.retries.labels("io").inc(4)
    metrics.observe_processing(0.03, outcome="ok")
    metrics.set_lag("articles.raw", 2, 17)
    metrics.in_flight.set(5)
    got = samples(metrics)
    assert 3.0 == got[("claimwire_records_consumed_total", (("topic", "articles.raw"),))]
    assert 2.0 == got[("claimwire_records_produced_total", (("topic", "articles.enriched"),))]
    assert (
        1.0
        == got[("claimwire_records_dead_lettered_total", (("error_type", "NormalizeError"), ("stage", "normalize")))]
    )
    assert 4.0 == got[("claimwire_retries_total", (("stage", "io"),))]
    assert 1.0 == got[("claimwire_processing_seconds_count", (("outcome", "ok"),))]
    assert 1.0 == got[("claimwire_processing_seconds_bucket", (("le", "0.05"), ("outcome", "ok")))]
    assert 0.0 == got[("claimwire_processing_seconds_bucket", (("le", "0.025"), ("outcome", "ok")))]
    assert 17.0 == got[("claimwire_consumer_lag", (("partition", "2"), ("topic", "articles.raw")))]
    assert 5.0 == got[("claimwire_in_flight", ())]


def test_lag_is_never_negative_and_revoked_partitions_stop_reporting_it() -> None:
    """A high watermark read before a position can make lag negative: it reads 0; revoking drops the series."""
    metrics = Metrics()
    health = Health(metrics=metrics)
    health.set_assignment([("raw", 0), ("raw", 1)])
    metrics.set_lag("raw", 0, -3)
    metrics.set_lag("raw", 1, 9)
    health.set_assignment([("raw", 1)])
    got = samples(metrics)
    lags = {labels: v for (name, labels), v in got.items() if name == "claimwire_consumer_lag"}
    assert {(("partition", "1"), ("topic", "raw")): 9.0} == lags
    assert 1.0 == got[("claimwire_assigned_partitions", ())]


async def test_not_ready_before_an_assignment_and_ready_once_assigned_with_a_live_broker() -> None:
    """Readiness needs both: partitions assigned and the broker answering."""
    health = Health(broker_check=BrokerCheck(True))
    before = await health.readiness()
    health.set_assignment([("raw", 0)])
    assert ((False, ["no partition assignment yet"]), (True, [])) == (before, await health.readiness())


async def test_an_empty_assignment_is_ready_only_when_partitions_are_not_required() -> None:
    """A group member without partitions is not ready by default, and ready with require_partitions=False."""
    strict, lenient = Health(broker_check=BrokerCheck()), Health(broker_check=BrokerCheck(), require_partitions=False)
    for health in (strict, lenient):
        health.set_assignment([])
    assert ((False, ["no partitions assigned"]), (True, [])) == (await strict.readiness(), await lenient.readiness())


@pytest.mark.parametrize("answer", [False, ConnectionError("refused"), "hang"])
async def test_a_broker_that_refuses_fails_or_hangs_makes_the_service_unready(answer: object) -> None:
    """A check returning False, raising, or outlasting its timeout all read as 'broker does not answer'."""
    health = Health(broker_check=BrokerCheck(answer), check_timeout=0.05)
    health.set_assignment([("raw", 0)])
    with structlog.testing.capture_logs():
        assert (False, ["broker does not answer"]) == await health.readiness()


async def test_a_recent_broker_round_trip_spares_the_active_check() -> None:
    """broker_ok() within broker_ttl answers readiness without calling the check; after the ttl it is called."""
    clock, check = Clock(), BrokerCheck(True)
    health = Health(broker_check=check, broker_ttl=10.0, clock=clock)
    health.set_assignment([("raw", 0)])
    health.broker_ok()
    clock.now += 5
    await health.readiness()
    calls_within_ttl = check.calls
    clock.now += 6
    await health.readiness()
    await health.readiness()  # the successful check counts as a fresh round trip
    assert (0, 1) == (calls_within_ttl, check.calls)


async def test_without_a_check_the_broker_must_have_been_seen_recently() -> None:
    """With no active check, readiness relies on broker_ok() alone."""
    clock = Clock()
    health = Health(broker_ttl=10.0, clock=clock)
    health.set_assignment([("raw", 0)])
    never = await health.readiness()
    health.broker_ok()
    seen = await health.readiness()
    clock.now += 11
    assert (False, True, False) == (never[0], seen[0], (await health.readiness())[0])


async def test_stopping_and_failing_make_the_service_unready_and_failing_makes_it_dead() -> None:
    """stopping() ends readiness for good; fail() also turns liveness off, with the reason."""
    health = Health(broker_check=BrokerCheck())
    health.set_assignment([("raw", 0)])
    health.fail("producer fenced for good")
    failed = (health.liveness(), await health.readiness())
    other = Health(broker_check=BrokerCheck())
    other.set_assignment([("raw", 0)])
    other.stopping()
    assert (
        ((False, ["producer fenced for good"]), (False, ["producer fenced for good"])),
        ((True, []), (False, ["stopping"])),
    ) == (failed, (other.liveness(), await other.readiness()))


async def http(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one raw request; return status, headers and body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    data = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


async def test_the_server_answers_metrics_health_and_readiness_over_http() -> None:
    """GET /metrics is Prometheus text; /healthz and /readyz answer 200 or 503 with JSON reasons."""
    metrics = Metrics()
    health = Health(metrics=metrics, broker_check=BrokerCheck())
    metrics.consumed.labels("articles.raw").inc()
    async with ObservabilityServer(metrics, health, host="127.0.0.1", port=0) as server:
        port = server.port
        scraped = await http(port, b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        alive = await http(port, b"GET /healthz HTTP/1.1\r\n\r\n")
        unready = await http(port, b"GET /readyz?verbose=1 HTTP/1.1\r\n\r\n")
        health.set_assignment([("articles.raw", 0)])
        ready = await http(port, b"GET /readyz HTTP/1.1\r\n\r\n")
    assert (200, True) == (scraped[0], scraped[1]["content-type"].startswith("text/plain"))
    assert 'claimwire_records_consumed_total{topic="articles.raw"} 1.0' in scraped[2].decode()
    assert (200, {"status": "ok", "reasons": []}) == (alive[0], orjson.loads(alive[2]))
    assert (503, {"status": "unavailable", "reasons": ["no partition assignment yet"]}) == (
        unready[0],
        orjson.loads(unready[2]),
    )
    assert (200, 1.0) == (ready[0], samples(metrics)[("claimwire_ready", ())])


async def test_the_server_refuses_what_it_does_not_serve() -> None:
    """Unknown paths are 404, other methods 405, garbage 400, an oversized head 431; HEAD gets no body."""
    metrics = Metrics()
    async with ObservabilityServer(metrics, Health(), host="127.0.0.1", port=0) as server:
        port = server.port
        codes = [
            (await http(port, request))[0]
            for request in (
                b"GET /nope HTTP/1.1\r\n\r\n",
                b"POST /metrics HTTP/1.1\r\n\r\n",
                b"nonsense\r\n\r\n",
                b"GET /metrics HTTP/1.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
            )
        ]
        head = await http(port, b"HEAD /healthz HTTP/1.1\r\n\r\n")
    assert [404, 405, 400, 431] == codes
    body_length = str(len(orjson.dumps({"status": "ok", "reasons": []})))
    assert (200, b"", body_length) == (head[0], head[2], head[1]["content-length"])


async def test_openmetrics_is_served_when_the_scraper_asks_for_it() -> None:
    """An Accept header for OpenMetrics gets OpenMetrics (with its # EOF terminator)."""
    metrics = Metrics()
    async with ObservabilityServer(metrics, Health(), host="127.0.0.1", port=0) as server:
        status, headers, body = await http(
            server.port, b"GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text; version=1.0.0\r\n\r\n"
        )
    assert (200, True, True) == (
        status,
        headers["content-type"].startswith("application/openmetrics-text"),
        body.endswith(b"# EOF\n"),
    )


def test_record_log_context_binds_the_record_coordinates_for_every_log_line() -> None:
    """Inside the context, structlog's contextvars carry topic, partition, offset and article id; after, none."""
    with record_log_context(topic="articles.raw", partition=3, offset=42, article_id="a-1"):
        inside = structlog.contextvars.get_contextvars()
    assert {"topic": "articles.raw", "partition": 3, "offset": 42, "article_id": "a-1"} == inside
    assert {} == structlog.contextvars.get_contextvars()
