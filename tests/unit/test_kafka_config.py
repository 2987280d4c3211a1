"""kafka_config: the settings' servers, TLS context and connection check, without a broker.

The same code against a real broker with SASL and TLS is tested in tests/integration/test_security.py.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from claimwire.adapters.kafka_config import bootstrap_servers, check_connection, client_kwargs, ssl_context
from claimwire.core.errors import ConfigError, TransientError
from claimwire.settings import Settings

__all__: list[str] = []


pytestmark = pytest.mark.usefixtures("clean_claimwire_env")


def test_bootstrap_servers_lose_blanks_and_empty_entries() -> None:
    """"a:1, b:2," (blanks after commas, a trailing comma) means the two servers, not a third empty host."""
    assert ["a:1", "b:2"] == bootstrap_servers(Settings(bootstrap_servers=" a:1, b:2,"))
    assert ["a:1", "b:2"] == client_kwargs(Settings(bootstrap_servers="a:1 ,b:2"))["bootstrap_servers"]


def test_bootstrap_servers_without_a_server_are_refused() -> None:
    """Only commas and blanks is a configuration error, not a client trying host '' forever."""
    with pytest.raises(ConfigError, match="names no server"):
        bootstrap_servers(Settings(bootstrap_servers=" , "))


def test_sasl_plaintext_carries_credentials_but_no_tls_context() -> None:
    """SASL_PLAINTEXT: mechanism, user and the unwrapped password; no TLS context."""
    kwargs = client_kwargs(Settings(security_protocol="SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-256",
                                    sasl_username="svc", sasl_password=SecretStr("pw")))
    assert ("SCRAM-SHA-256", "svc", "pw", False) == (
        kwargs["sasl_mechanism"], kwargs["sasl_plain_username"], kwargs["sasl_plain_password"], "ssl_context" in kwargs
    )


def test_hostname_checking_can_be_turned_off_but_certificates_are_still_verified() -> None:
    """ssl_check_hostname=false only skips the name match; the chain must still verify."""
    context = ssl_context(Settings(security_protocol="SSL", ssl_check_hostname=False))
    assert (False, ssl.CERT_REQUIRED) == (context.check_hostname, context.verify_mode)


def test_a_missing_ca_file_is_a_config_error_naming_the_file(tmp_path: Path) -> None:
    """A wrong ssl_cafile fails when the clients are configured, and says which file."""
    missing = tmp_path / "nope.pem"
    with pytest.raises(ConfigError, match=f"ssl_cafile {missing}"):
        client_kwargs(Settings(security_protocol="SSL", ssl_cafile=missing))


def test_an_unreadable_client_certificate_is_a_config_error_naming_the_files(tmp_path: Path) -> None:
    """A bad ssl_certfile/ssl_keyfile pair fails at configuration with both paths and never the key password."""
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    cert.write_text("not a certificate\n")
    key.write_text("not a key\n")
    settings = Settings(security_protocol="SSL", ssl_certfile=cert, ssl_keyfile=key,
                        ssl_key_password=SecretStr("key-secret"))
    with pytest.raises(ConfigError) as caught:
        ssl_context(settings)
    assert (True, True, False) == (str(cert) in caught.value.message, str(key) in caught.value.message,
                                   "key-secret" in caught.value.message)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_check_connection_calls_an_unreachable_broker_transient() -> None:
    """Nobody listening is an outage to wait out, not a configuration error."""
    settings = Settings(bootstrap_servers=f"127.0.0.1:{_closed_port()}", request_timeout_ms=2000)
    with pytest.raises(TransientError) as caught:
        await check_connection(settings)
    assert type(caught.value) is TransientError


@pytest.fixture
async def not_tls_server() -> AsyncIterator[int]:
    """A TCP server that answers anything with a line of plain text and hangs up (a non-TLS listener)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_check_connection_calls_tls_to_a_plaintext_listener_a_config_error(not_tls_server: int) -> None:
    """TLS spoken to a listener that is not TLS fails the handshake: a ConfigError naming security_protocol."""
    settings = Settings(bootstrap_servers=f"127.0.0.1:{not_tls_server}", security_protocol="SSL",
                        request_timeout_ms=2000)
    with pytest.raises(ConfigError, match="security_protocol"):
        await check_connection(settings)


async def test_check_connection_reports_the_config_error_of_any_server_over_an_outage(not_tls_server: int) -> None:
    """With one server down and one refusing our TLS, the actionable error (config) is the one raised."""
    settings = Settings(bootstrap_servers=f"127.0.0.1:{_closed_port()},127.0.0.1:{not_tls_server}",
                        security_protocol="SSL", request_timeout_ms=2000)
    with pytest.raises(ConfigError):
        await check_connection(settings)


async def test_check_connection_gives_up_on_a_silent_server_within_the_request_timeout() -> None:
    """A listener that accepts and never answers is an outage bounded by request_timeout_ms, not a hang."""

    accepted: list[asyncio.StreamWriter] = []

    async def say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    try:
        settings = Settings(bootstrap_servers=f"127.0.0.1:{server.sockets[0].getsockname()[1]}",
                            request_timeout_ms=1000)
        with pytest.raises(TransientError, match="no answer within request_timeout_ms"):
            await asyncio.wait_for(check_connection(settings), 10)
    finally:
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()
