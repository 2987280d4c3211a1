"""claimwire's Kafka security settings against a real broker: SASL_SSL, SASL_PLAINTEXT and mutual TLS.

Every client here is built the way ``claimwire run`` builds its clients (``Settings`` -> ``kafka_config``), and the
processes get the same ``CLAIMWIRE_*`` variables an operator would set. The broker
(``deploy/kafka-local/kafka-secure``) makes its own CA and certificates and SCRAM users for this module only.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError
from pydantic import SecretStr
from tests.integration._secure_broker import Mechanism, Protocol, SecureBroker, read_committed, start_secure_broker
from tests.integration.test_service_support import Instance, wait_until

from claimwire.adapters.kafka_config import check_connection, client_kwargs
from claimwire.core.errors import ConfigError
from claimwire.settings import Settings

__all__: list[str] = []

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "kyiv-independent-2023-03-30.txt"
GOLDEN = json.loads((DATA / "kyiv-independent-2023-03-30.expected.json").read_text(encoding="utf-8"))
SEED_URL = "https://kyivindependent.com/uk-defense-ministry-russia-highly-unlikely-to-call-up-400000-volunteers/"
# Bounds for failures that must come fast: a wrong password or CA is refused at once, never waited on.
FAIL_WITHIN_S = 30


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    """One SASL/TLS broker for this module."""
    yield from start_secure_broker(tmp_path_factory.mktemp("kafka-secure"))


@pytest.fixture(scope="module")
def unrelated_ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA certificate that did not sign the broker's certificate."""
    folder = tmp_path_factory.mktemp("other-ca")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
         "-subj", "/CN=unrelated test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-keyout", str(folder / "ca.key"), "-out", str(folder / "ca.pem")],
        check=True, capture_output=True, timeout=60,
    )
    return folder / "ca.pem"


async def create_topics(settings: Settings, count: int = 1) -> list[str]:
    """Fresh one-partition topics, created by an admin client built from ``settings``."""
    names = [f"sec-{uuid.uuid4().hex[:12]}" for _ in range(count)]
    admin = AIOKafkaAdminClient(**client_kwargs(settings), client_id="it-security-admin")
    await admin.start()
    try:
        response = await admin.create_topics([NewTopic(name, 1, 1) for name in names])
        assert [] == [error for error in response.topic_errors if error[1] != 0]
    finally:
        await admin.close()
    return names


async def transactional_round_trip(settings: Settings) -> list[bytes]:
    """Write one record in a committed transaction and one in an aborted one; what read_committed sees."""
    (topic,) = await create_topics(settings)
    producer = AIOKafkaProducer(**client_kwargs(settings), transactional_id=f"it-sec-{uuid.uuid4().hex}")
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send_and_wait(topic, b"committed", key=b"k")
        await producer.begin_transaction()
        await producer.send_and_wait(topic, b"aborted", key=b"k")
        await producer.abort_transaction()
    finally:
        await producer.stop()
    return [record.value for record in await read_committed(settings, topic)]


async def start_fails(settings: Settings) -> None:
    """A producer built from ``settings`` fails to start, within FAIL_WITHIN_S (a hang fails the test too)."""
    producer = AIOKafkaProducer(**client_kwargs(settings))
    try:
        await asyncio.wait_for(producer.start(), FAIL_WITHIN_S)
    except KafkaConnectionError:
        return
    finally:
        await producer.stop()
    raise AssertionError(f"a producer with {settings.security_protocol} settings started; it should not have")


# --------------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize(
    ("protocol", "mechanism"),
    [("SASL_SSL", "SCRAM-SHA-512"), ("SASL_SSL", "SCRAM-SHA-256"), ("SASL_SSL", "PLAIN"),
     ("SASL_PLAINTEXT", "SCRAM-SHA-256")],
)
async def test_a_transaction_round_trips_over_each_sasl_listener_and_mechanism(
    broker: SecureBroker, protocol: Protocol, mechanism: Mechanism
) -> None:
    """Admin, transactional producer and read_committed consumer all authenticate with the settings' mechanism
    (TLS verified against the generated CA, host name included, on SASL_SSL); only the committed record is read."""
    settings = broker.settings(protocol, mechanism)
    assert (True, protocol == "SASL_SSL") == (settings.ssl_check_hostname, "ssl_context" in client_kwargs(settings))
    await check_connection(settings)
    assert [b"committed"] == await transactional_round_trip(settings)


async def test_mutual_tls_with_a_password_protected_client_key_round_trips(broker: SecureBroker) -> None:
    """security_protocol=SSL with ssl_certfile, an encrypted ssl_keyfile and its ssl_key_password: the broker that
    requires a client certificate accepts the transaction."""
    settings = broker.settings("SSL")
    await check_connection(settings)
    assert [b"committed"] == await transactional_round_trip(settings)


# --------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(("protocol", "mechanism"), [("SASL_SSL", "SCRAM-SHA-512"), ("SASL_PLAINTEXT", "PLAIN")])
async def test_a_wrong_password_fails_fast_with_an_authentication_error(
    broker: SecureBroker, protocol: Protocol, mechanism: Mechanism
) -> None:
    """The client gives up at once (no retry loop); check_connection names SASL authentication as the cause,
    a ConfigError, without echoing the password."""
    settings = broker.settings(protocol, mechanism, sasl_password=SecretStr("not-the-password"))
    await start_fails(settings)
    with pytest.raises(ConfigError) as caught:
        await asyncio.wait_for(check_connection(settings), FAIL_WITHIN_S)
    assert ("SaslAuthenticationFailed" in caught.value.message, "not-the-password" in caught.value.message) == (
        True, False)


@pytest.mark.parametrize("trust", ["an unrelated CA", "the system store"])
async def test_a_broker_certificate_from_another_ca_is_refused(
    broker: SecureBroker, unrelated_ca: Path, trust: str
) -> None:
    """TLS verification is on: with a CA that did not sign the broker's certificate (or none, so the system
    store) the connection fails, and check_connection says the certificate is not trusted."""
    settings = broker.settings("SASL_SSL", ssl_cafile=unrelated_ca if trust == "an unrelated CA" else None)
    await start_fails(settings)
    with pytest.raises(ConfigError, match="certificate is not trusted") as caught:
        await asyncio.wait_for(check_connection(settings), FAIL_WITHIN_S)
    assert "certificate verify failed" in caught.value.message.lower()


async def test_mutual_tls_without_a_client_certificate_is_refused(broker: SecureBroker) -> None:
    """The SSL listener requires a client certificate: without one, the client cannot bootstrap."""
    settings = broker.settings("SSL", ssl_certfile=None, ssl_keyfile=None, ssl_key_password=None)
    await start_fails(settings)


def test_a_wrong_client_key_password_is_a_config_error_without_the_password(broker: SecureBroker) -> None:
    """A key that does not decrypt fails when the clients are configured, naming the files, not the password."""
    with pytest.raises(ConfigError) as caught:
        client_kwargs(broker.settings("SSL", ssl_key_password=SecretStr("wrong-key-password")))
    assert (str(broker.client_key) in caught.value.message, "wrong-key-password" in caught.value.message) == (
        True, False)


# --------------------------------------------------------------------------------------------- the commands


def claimwire(args: list[str], env: dict[str, str], timeout_s: float = 120) -> subprocess.CompletedProcess[bytes]:
    """``python -m claimwire ARGS`` with only the given CLAIMWIRE_* variables, JSON logs on stderr."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_") and k != "KAFKA_BOOTSTRAP_SERVERS"}
    return subprocess.run([sys.executable, "-m", "claimwire", *args], env={**clean, **env,
                          "CLAIMWIRE_LOG_FORMAT": "json"}, capture_output=True, timeout=timeout_s, check=False)


def publish_seed(env: dict[str, str], topic: str) -> subprocess.CompletedProcess[bytes]:
    return claimwire(["publish", "--no-progress", "--topic", topic, "--url", SEED_URL,
                      "--fetched-at", "2023-03-30T12:05:07+03:00", "--outlet", "The Kyiv Independent",
                      "--language", "en", str(SEED)], env)


async def test_publish_with_a_wrong_password_exits_with_a_settings_error_naming_authentication(
    broker: SecureBroker,
) -> None:
    """`claimwire publish` over SASL_SSL with a wrong password ends promptly with exit 2 (bad settings), its log
    names the refusal (authentication failed), and the password is not logged."""
    env = {**broker.env(), "CLAIMWIRE_SASL_PASSWORD": "not-the-password"}
    done = await asyncio.to_thread(publish_seed, env, "sec-never-created")
    assert (2, True, True, False) == (done.returncode, b"SaslAuthenticationFailed" in done.stderr,
                                      b"the broker refused the settings" in done.stderr,
                                      b"not-the-password" in done.stderr)


async def test_the_service_with_a_wrong_password_stops_with_an_error_instead_of_retrying(
    broker: SecureBroker, tmp_path: Path
) -> None:
    """`claimwire run` refused by the broker (wrong password) exits non-zero promptly with the cause in its log,
    rather than waiting for an outage to end that never will; the password is not logged."""
    env = {**broker.env(), "CLAIMWIRE_SASL_PASSWORD": "not-the-password", "CLAIMWIRE_TOPIC_RAW": "sec-never-created",
           "CLAIMWIRE_GROUP_ID": f"sec-{uuid.uuid4().hex[:8]}", "CLAIMWIRE_WORKERS": "1"}
    service = Instance("refused", env, tmp_path, fake=False)
    try:
        code = await service.wait(FAIL_WITHIN_S + 30)
    finally:
        service.kill()
    log = service.log_path.read_bytes()
    assert (1, True, False) == (code, b"SaslAuthenticationFailed" in log, b"not-the-password" in log)


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


async def test_the_seed_page_is_published_and_enriched_end_to_end_over_sasl_ssl(
    broker: SecureBroker, tmp_path: Path
) -> None:
    """`claimwire publish` then `claimwire run` (exactly-once), both configured only by CLAIMWIRE_* variables for
    SASL_SSL + SCRAM-SHA-512: the seed comes out enriched with its claims, and the password is never logged."""
    settings = broker.settings("SASL_SSL", "SCRAM-SHA-512")
    raw, enriched, claims, dlq = await create_topics(settings, 4)
    published = await asyncio.to_thread(publish_seed, broker.env(), raw)
    assert 0 == published.returncode, published.stderr.decode()

    topics = {"CLAIMWIRE_TOPIC_RAW": raw, "CLAIMWIRE_TOPIC_ENRICHED": enriched, "CLAIMWIRE_TOPIC_CLAIMS": claims,
              "CLAIMWIRE_TOPIC_DLQ": dlq, "CLAIMWIRE_GROUP_ID": f"sec-{uuid.uuid4().hex[:8]}"}
    service = Instance("secure", {**broker.env(), **topics, "CLAIMWIRE_WORKERS": "1"}, tmp_path, fake=False)
    try:
        async def enriched_out() -> bool:
            if service.process.poll() is not None:  # no point waiting for a service that has stopped
                tail = b"\n".join(service.log_path.read_bytes().splitlines()[-5:]).decode(errors="replace")
                raise AssertionError(f"claimwire run exited {service.process.returncode}; its log ends:\n{tail}")
            return bool(await read_committed(settings, enriched))

        await wait_until(enriched_out, timeout_s=120, what="the seed's enriched article over SASL_SSL")
        service.signal(signal.SIGTERM)
        assert 0 == await service.wait(60)
    finally:
        service.kill()

    (raw_record,) = await read_committed(settings, raw)
    (record,) = await read_committed(settings, enriched)
    article: dict[str, Any] = orjson.loads(record.value)
    claim_records = await read_committed(settings, claims)
    assert (orjson.loads(raw_record.value)["id"], norm(GOLDEN["article"]["title"])) == (
        article["raw_id"], norm(article["article"]["title"]))
    assert [c["id"] for c in article["claims"]] == [orjson.loads(c.value)["id"] for c in claim_records]
    assert [] != claim_records
    assert [] == await read_committed(settings, dlq)
    log = service.log_path.read_bytes() + published.stderr
    assert (False, True) == (broker.password.encode() in log, b'"sasl_password": "**********"' in log)
