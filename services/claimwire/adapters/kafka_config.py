"""Settings -> keyword arguments of aiokafka clients: bootstrap servers, TLS and SASL, in one place.

Consumers, producers and admin clients of the service (and helpers such as ``publish``) connect the same way; the
TLS context is built here from the CA/cert/key paths, and secrets leave their ``SecretStr`` only at this border.

``check_connection`` exists because aiokafka's clients hide why they could not bootstrap: a wrong password or an
untrusted certificate ends as ``KafkaConnectionError: Unable to bootstrap``, which reads like a broker outage (and
is retried as one). It connects once the same way and names the cause, as a ``ConfigError`` when retrying cannot
help.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

import aiokafka.errors as ke
from aiokafka.conn import collect_hosts, create_conn

from claimwire.adapters.kafka_errors import translate
from claimwire.core.errors import ClaimwireError, ConfigError, TransientError
from claimwire.settings import Settings

__all__ = ["bootstrap_servers", "check_connection", "client_kwargs", "ssl_context"]


def bootstrap_servers(settings: Settings) -> list[str]:
    """``host:port`` entries of the setting, blanks around commas and empty entries (a trailing comma) dropped."""
    servers = [server.strip() for server in settings.bootstrap_servers.split(",") if server.strip()]
    if not servers:
        raise ConfigError(f"bootstrap_servers names no server: {settings.bootstrap_servers!r}")
    return servers


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """A client TLS context verifying brokers against ``ssl_cafile`` (or the system store)."""
    try:
        context = ssl.create_default_context(
            purpose=ssl.Purpose.SERVER_AUTH,
            cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None,
        )
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot build the TLS context: ssl_cafile {settings.ssl_cafile}: {exc}") from exc
    context.check_hostname = settings.ssl_check_hostname
    if settings.ssl_certfile is not None and settings.ssl_keyfile is not None:
        password = settings.ssl_key_password.get_secret_value() if settings.ssl_key_password else None
        try:
            context.load_cert_chain(str(settings.ssl_certfile), str(settings.ssl_keyfile), password=password)
        except (OSError, ssl.SSLError) as exc:
            # OpenSSL's reason ("bad decrypt", "key values mismatch") is in exc; never the password.
            raise ConfigError(
                f"cannot build the TLS context: ssl_certfile {settings.ssl_certfile} / ssl_keyfile "
                f"{settings.ssl_keyfile}: {exc}"
            ) from exc
    return context


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection arguments shared by every aiokafka client of the service."""
    kwargs: dict[str, Any] = {
        "bootstrap_servers": bootstrap_servers(settings),
        "security_protocol": settings.security_protocol,
        "request_timeout_ms": settings.request_timeout_ms,
    }
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        kwargs["ssl_context"] = ssl_context(settings)
    if settings.security_protocol.startswith("SASL"):
        kwargs["sasl_mechanism"] = settings.sasl_mechanism
        kwargs["sasl_plain_username"] = settings.sasl_username
        kwargs["sasl_plain_password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password is not None else None
        )
    return kwargs


def _why(exc: BaseException, server: str) -> ClaimwireError:
    where = f"connecting to Kafka at {server}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ConfigError(f"{where}: the broker's TLS certificate is not trusted (check ssl_cafile and "
                           f"ssl_check_hostname): {exc}")
    if isinstance(exc, ssl.SSLError):
        return ConfigError(f"{where}: TLS handshake failed (is this a TLS listener? check security_protocol): {exc}")
    if isinstance(exc, ke.KafkaError):
        return translate(exc, where)  # authentication and SASL mechanism errors are ConfigError there
    if isinstance(exc, TimeoutError):
        return TransientError(f"{where}: no answer within request_timeout_ms")
    return TransientError(f"{where}: {type(exc).__name__}: {exc}")


async def check_connection(settings: Settings) -> None:
    """Connect and authenticate to the bootstrap servers as the clients would; return at the first that accepts.

    Raises ``ConfigError`` when a server refused us for a reason retrying cannot fix (authentication, SASL mechanism,
    TLS verification or a TLS/plaintext mismatch), else ``TransientError`` (unreachable, timed out). Each attempt is
    bounded by ``request_timeout_ms``.
    """
    kwargs = client_kwargs(settings)
    timeout_s = settings.request_timeout_ms / 1000
    failures: list[ClaimwireError] = []
    for host, port, _ in collect_hosts(kwargs["bootstrap_servers"], randomize=False):
        server = f"{host}:{port}"
        try:
            conn = await asyncio.wait_for(
                create_conn(
                    host,
                    port,
                    client_id=f"{settings.client_id}-check",
                    request_timeout_ms=settings.request_timeout_ms,
                    ssl_context=kwargs.get("ssl_context"),
                    security_protocol=settings.security_protocol,
                    sasl_mechanism=kwargs.get("sasl_mechanism"),
                    sasl_plain_username=kwargs.get("sasl_plain_username"),
                    sasl_plain_password=kwargs.get("sasl_plain_password"),
                ),
                timeout_s,
            )
        except (OSError, TimeoutError, ke.KafkaError) as exc:
            failures.append(_why(exc, server))
            continue
        conn.close()
        return
    raise next((f for f in failures if isinstance(f, ConfigError)), failures[0])
