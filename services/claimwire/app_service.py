"""The long-running service: Kafka adapter + process pool + metrics/health server + signals around the app.

``claimwire run`` calls ``serve``. Order matters: the pool forks first (before any socket, signal handler or server
exists in this process), then signal handlers, the HTTP endpoints, and the app, which joins the group.
"""

from __future__ import annotations

import asyncio
import signal

import structlog

from claimwire._version import SERVICE_VERSION
from claimwire.adapters.kafka import KafkaTransport
from claimwire.app_metrics import MetricsObserver
from claimwire.app_pool import Step
from claimwire.bootstrap import bootstrap
from claimwire.core.errors import ConfigError
from claimwire.observability import Health, Metrics, ObservabilityServer
from claimwire.settings import Settings

__all__ = ["serve"]

log = structlog.get_logger("claimwire.run")

_LAG_EVERY_S = 5.0


async def serve(settings: Settings, *, step: Step | None = None) -> int:
    """Run until SIGTERM/SIGINT (exit status 0) or an unrecoverable error (1).

    ``step`` replaces the pipeline (tests of the plumbing only; ``claimwire run`` never passes it).
    """
    transport = KafkaTransport(settings)
    metrics = Metrics()

    async def broker_answers() -> object:
        return await transport.consumer.topics()

    health = Health(metrics=metrics, broker_check=broker_answers)
    log.info("starting", version=SERVICE_VERSION, settings=settings.model_dump(mode="json"))
    try:
        app = bootstrap(settings, transport, transport, step=step, observer=MetricsObserver(metrics, health))
    except Exception as exc:  # e.g. the pipeline cannot be imported: say so once, clearly
        log.critical("cannot start the pipeline", error=type(exc).__name__, reason=str(exc), exc_info=exc)
        return 1

    def stop() -> None:
        health.stopping()
        app.request_stop()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    server = ObservabilityServer(metrics, health, host=settings.metrics_host, port=settings.metrics_port)
    if settings.metrics_port:
        await server.start()
        log.info("metrics and health endpoints up", port=server.port)
    lag = asyncio.create_task(_report_lag(transport, metrics))
    try:
        await app.run()
    except ConfigError as exc:
        health.fail(exc.message)
        log.critical("stopped: configuration error", reason=exc.message)
        return 1
    except Exception as exc:  # the app logged it, with its traceback
        health.fail(f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        lag.cancel()
        if settings.metrics_port:
            await server.stop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    log.info("stopped")
    return 0


async def _report_lag(transport: KafkaTransport, metrics: Metrics) -> None:
    while True:
        await asyncio.sleep(_LAG_EVERY_S)
        for (topic, partition), lag in transport.lag().items():
            metrics.set_lag(topic, partition, lag)
