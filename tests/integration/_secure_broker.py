"""A throwaway Kafka broker with SASL and TLS listeners for the security tests, and claimwire settings for it.

``deploy/kafka-local/kafka-secure`` starts it on free ports (SASL_SSL and SASL_PLAINTEXT with SCRAM-SHA-512,
SCRAM-SHA-256 and PLAIN; SSL with mutual TLS), with a fresh CA, broker and client certificates. ``start_secure_broker``
is the body of a module fixture; it lives here rather than in the shared conftest.py, which only the security tests
need it from. A broker that cannot start fails the tests (never skips them): a security test that did not run has
not passed.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import SecretStr
from tests.integration.kafka_read import read_committed_with

from claimwire.adapters.kafka_config import client_kwargs
from claimwire.settings import Settings

__all__ = ["Mechanism", "Protocol", "SecureBroker", "read_committed", "start_secure_broker"]

KAFKA_SECURE = Path(__file__).resolve().parents[2] / "deploy" / "kafka-local" / "kafka-secure"
# A cold machine downloads the broker jars first (tens of MB); a warm start takes about ten seconds.
_START_TIMEOUT_S = 900
# Fixed ports of the project's other brokers (CI, compose, developers): never taken, even while free.
_RESERVED_PORTS = frozenset({9092, 19092, 29092, 39092})

Protocol = Literal["SASL_SSL", "SASL_PLAINTEXT", "SSL"]
Mechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


@dataclass(frozen=True)
class SecureBroker:
    """Where the broker listens, and the credentials and certificates a client needs."""

    sasl_ssl: str
    sasl_plaintext: str
    ssl: str
    ca_file: Path
    username: str
    password: str
    client_cert: Path
    client_key: Path
    client_key_password: str
    state_dir: Path

    def settings(
        self, protocol: Protocol = "SASL_SSL", mechanism: Mechanism = "SCRAM-SHA-512", **overrides: Any
    ) -> Settings:
        """claimwire Settings for one listener: SASL credentials for SASL_*, the CA for TLS, the client
        certificate for SSL (mutual TLS); ``overrides`` win."""
        fields: dict[str, Any] = {"security_protocol": protocol, "request_timeout_ms": 10_000}
        if protocol == "SASL_SSL":
            fields |= {"bootstrap_servers": self.sasl_ssl, "ssl_cafile": self.ca_file}
        elif protocol == "SSL":
            fields |= {"bootstrap_servers": self.ssl, "ssl_cafile": self.ca_file, "ssl_certfile": self.client_cert,
                       "ssl_keyfile": self.client_key, "ssl_key_password": SecretStr(self.client_key_password)}
        else:
            fields["bootstrap_servers"] = self.sasl_plaintext
        if protocol.startswith("SASL"):
            fields |= {"sasl_mechanism": mechanism, "sasl_username": self.username,
                       "sasl_password": SecretStr(self.password)}
        return Settings(**(fields | overrides))

    def env(self) -> dict[str, str]:
        """CLAIMWIRE_* variables for a claimwire process over SASL_SSL with SCRAM-SHA-512, as an operator sets them."""
        return {
            "CLAIMWIRE_BOOTSTRAP_SERVERS": self.sasl_ssl,
            "CLAIMWIRE_SECURITY_PROTOCOL": "SASL_SSL",
            "CLAIMWIRE_SASL_MECHANISM": "SCRAM-SHA-512",
            "CLAIMWIRE_SASL_USERNAME": self.username,
            "CLAIMWIRE_SASL_PASSWORD": self.password,
            "CLAIMWIRE_SSL_CAFILE": str(self.ca_file),
        }


def _free_ports(count: int) -> list[int]:
    """Distinct free ports the kernel hands out, none of the reserved ones (held open until all are drawn)."""
    held: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < count:
            sock = socket.socket()
            held.append(sock)
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
            if port not in _RESERVED_PORTS:
                ports.append(port)
        return ports
    finally:
        for sock in held:
            sock.close()


def _run(args: list[str], env: dict[str, str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KAFKA_SECURE), *args], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout_s, check=False, env=env)


def start_secure_broker(state_root: Path) -> Iterator[SecureBroker]:
    """Start the broker (state under ``state_root``), yield it, stop it; any failure fails the test loudly."""
    port, sasl_port, ssl_port, controller_port = _free_ports(4)
    ports = ["--port", str(port), "--sasl-plaintext-port", str(sasl_port), "--ssl-port", str(ssl_port),
             "--controller-port", str(controller_port)]
    env = {**os.environ, "CLAIMWIRE_KAFKA_STATE_DIR": str(state_root),
           "CLAIMWIRE_KAFKA_SECURE_PASSWORD": secrets.token_urlsafe(18)}
    where = f"broker log: {state_root}/secure-port-{port}/broker.log"
    began = time.monotonic()
    try:
        # --stop-with: a session killed before its teardown still takes its broker down.
        started = _run([*ports, "--stop-with", str(os.getpid()), "start"], env, _START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _run([*ports, "stop"], env, 120)
        pytest.fail(f"{KAFKA_SECURE} start did not finish within {_START_TIMEOUT_S}s; {where}", pytrace=False)
    if started.returncode != 0:
        _run([*ports, "stop"], env, 120)
        pytest.fail(f"the SASL/TLS broker for the security tests did not start ({KAFKA_SECURE} exit "
                    f"{started.returncode}); {where}\n{started.stderr}", pytrace=False)
    out = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    broker = SecureBroker(
        sasl_ssl=out["sasl_ssl"], sasl_plaintext=out["sasl_plaintext"], ssl=out["ssl"], ca_file=Path(out["ca_file"]),
        username=out["username"], password=Path(out["password_file"]).read_text().strip(),
        client_cert=Path(out["client_cert"]), client_key=Path(out["client_key"]),
        client_key_password=Path(out["client_key_password_file"]).read_text().strip(),
        state_dir=Path(out["state_dir"]),
    )
    print(f"kafka-secure broker ready in {time.monotonic() - began:.1f}s: {broker.sasl_ssl} (SASL_SSL)")
    try:
        yield broker
    finally:
        stopped = _run([*ports, "stop"], env, 120)
        if stopped.returncode != 0:
            pytest.fail(f"stopping the SASL/TLS broker failed: {stopped.stderr}", pytrace=False)


async def read_committed(settings: Settings, topic: str, *, partitions: int = 1, timeout_s: float = 60.0) -> list[Any]:
    """Every committed record of ``topic`` up to its end offsets now, read by a client built from ``settings``."""
    return await read_committed_with(client_kwargs(settings), topic, partitions, timeout_s=timeout_s)
