"""Settings -> keyword arguments of aiokafka clients: bootstrap servers, TLS and SASL, in one place.

Consumers, producers and admin clients of the service (and helpers such as ``publish``) connect the same way; the
TLS context is built here from the CA/cert/key paths, and secrets leave their ``SecretStr`` only at this border.
"""

from __future__ import annotations

import ssl
from typing import Any

from claimwire.core.errors import ConfigError
from claimwire.settings import Settings

__all__ = ["client_kwargs", "ssl_context"]


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """A client TLS context verifying brokers against ``ssl_cafile`` (or the system store)."""
    try:
        context = ssl.create_default_context(
            purpose=ssl.Purpose.SERVER_AUTH,
            cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None,
        )
        context.check_hostname = settings.ssl_check_hostname
        if settings.ssl_certfile is not None and settings.ssl_keyfile is not None:
            password = settings.ssl_key_password.get_secret_value() if settings.ssl_key_password else None
            context.load_cert_chain(str(settings.ssl_certfile), str(settings.ssl_keyfile), password=password)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot build the TLS context: {exc}") from exc
    return context


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection arguments shared by every aiokafka client of the service."""
    kwargs: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers.split(","),
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
