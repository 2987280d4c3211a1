"""Broker connection for the operator commands (publish, replay-dlq, topics), read from the service's Settings.

The commands connect exactly as the service does — same ``CLAIMWIRE_*`` variables, same security options — so an
operator who can run the service can run its tools. ``--bootstrap-servers`` overrides the setting; without either,
``KAFKA_BOOTSTRAP_SERVERS`` is honoured too, as most Kafka tooling does.

Exit codes shared by the commands: 0 done, 1 done but some inputs were rejected or unreadable (each one is
reported), 2 bad usage or settings (refused credentials included), 3 the broker failed (unreachable, missing
topic, delivery error).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from claimwire.settings import Settings

__all__ = [
    "EXIT_BROKER",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "add_connection_arguments",
    "client_kwargs",
    "load_settings",
    "run_async",
]

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_BROKER = 0, 1, 2, 3


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """``--bootstrap-servers``; everything else about the connection comes from CLAIMWIRE_* settings."""
    group = parser.add_argument_group(
        "broker connection",
        "Security (SASL, TLS) and client options come from the service's CLAIMWIRE_* environment variables "
        "(see `claimwire run --help`).",
    )
    group.add_argument(
        "--bootstrap-servers",
        metavar="HOST:PORT[,...]",
        help="Kafka bootstrap servers [default: CLAIMWIRE_BOOTSTRAP_SERVERS, else KAFKA_BOOTSTRAP_SERVERS, "
        "else localhost:9092]",
    )


def load_settings(args: argparse.Namespace) -> Settings:
    """The service settings with the command line's overrides; raises pydantic's ValidationError when invalid."""
    from claimwire.settings import Settings

    overrides: dict[str, Any] = {}
    if args.bootstrap_servers:
        overrides["bootstrap_servers"] = args.bootstrap_servers
    elif not os.environ.get("CLAIMWIRE_BOOTSTRAP_SERVERS") and os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        overrides["bootstrap_servers"] = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    return Settings(**overrides)


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection keyword arguments shared by aiokafka's producer, consumer and admin client: the service's own
    mapping (servers, TLS context, SASL), so the tools connect exactly as the service does."""
    return settings.kafka_client_kwargs()


def run_async(command: str, main: Coroutine[Any, Any, int], settings: Settings | None = None) -> int:
    """Run a command's coroutine; broker failures end it with a one-line reason and EXIT_BROKER, bad TLS files
    with EXIT_USAGE, not a trace. aiokafka reports refused credentials or an untrusted certificate only as
    "Unable to bootstrap", so with ``settings`` a failure is diagnosed by one direct connection: a refusal that
    retrying cannot fix is a settings error (EXIT_USAGE) and the log names its cause."""
    from aiokafka.errors import KafkaError

    from claimwire.adapters.kafka_config import check_connection
    from claimwire.core.errors import ConfigError, TransientError

    log = structlog.get_logger(command)
    try:
        return asyncio.run(main)
    except ConfigError as exc:
        log.error("invalid settings", command=command, error=exc.message)
        return EXIT_USAGE
    except KafkaError as exc:
        if settings is not None:
            try:
                asyncio.run(check_connection(settings))
            except ConfigError as cause:
                log.error("the broker refused the settings", command=command, error=cause.message)
                return EXIT_USAGE
            except TransientError:
                pass  # unreachable: the broker failure below says so
        log.error("broker failure", command=command, error=f"{type(exc).__name__}: {exc}")
        return EXIT_BROKER
