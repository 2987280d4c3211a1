"""Settings: read from CLAIMWIRE_* variables, frozen, secrets masked, contradictions refused."""

from __future__ import annotations

import os
import ssl

import pydantic
import pytest

from claimwire.adapters.kafka_config import client_kwargs
from claimwire.adapters.kafka_producers import PartitionProducers
from claimwire.settings import Settings, describe_settings

pytestmark = pytest.mark.usefixtures("clean_claimwire_env")


def test_defaults_follow_the_event_contract() -> None:
    """Without variables: contract topic names, exactly-once, one worker per usable core."""
    settings = Settings()
    assert ("articles.raw", "articles.enriched", "claims.tagged", "articles.dlq") == (
        settings.topic_raw, settings.topic_enriched, settings.topic_claims, settings.topic_dlq
    )
    assert ("exactly-once", len(os.sched_getaffinity(0))) == (settings.delivery, settings.workers)


def test_values_come_from_prefixed_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLAIMWIRE_<FIELD> sets each field, with types converted."""
    monkeypatch.setenv("CLAIMWIRE_BOOTSTRAP_SERVERS", "k1:9093,k2:9093")
    monkeypatch.setenv("CLAIMWIRE_DELIVERY", "at-least-once")
    monkeypatch.setenv("CLAIMWIRE_WORKERS", "3")
    monkeypatch.setenv("CLAIMWIRE_TOPIC_RAW", "crawl.pages")
    settings = Settings()
    assert ("k1:9093,k2:9093", "at-least-once", 3, "crawl.pages") == (
        settings.bootstrap_servers, settings.delivery, settings.workers, settings.topic_raw
    )


def test_an_empty_variable_means_unset_rather_than_an_empty_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLAIMWIRE_SSL_CAFILE= (as env files and compose often leave it) keeps the default, not Path(".")."""
    monkeypatch.setenv("CLAIMWIRE_SSL_CAFILE", "")
    monkeypatch.setenv("CLAIMWIRE_WORKERS", "")
    settings = Settings()
    assert (None, len(os.sched_getaffinity(0))) == (settings.ssl_cafile, settings.workers)


def test_settings_are_frozen() -> None:
    """Nothing can change settings after they are read."""
    settings = Settings()
    with pytest.raises(pydantic.ValidationError):
        settings.group_id = "other"  # type: ignore[misc]


def test_secrets_are_masked_in_reprs_and_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SASL password never appears in repr() or a JSON dump (which the service logs at start)."""
    monkeypatch.setenv("CLAIMWIRE_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("CLAIMWIRE_SASL_USERNAME", "svc")
    monkeypatch.setenv("CLAIMWIRE_SASL_PASSWORD", "hunter2-secret")
    settings = Settings()
    assert "hunter2-secret" not in repr(settings)
    assert "hunter2-secret" not in str(settings.model_dump(mode="json"))
    assert "hunter2-secret" == client_kwargs(settings)["sasl_plain_password"]


@pytest.mark.parametrize(
    "env",
    [
        {"CLAIMWIRE_DELIVERY": "maybe-once"},
        {"CLAIMWIRE_SECURITY_PROTOCOL": "SASL_SSL"},
        {"CLAIMWIRE_SASL_MECHANISM": "GSSAPI"},
        {"CLAIMWIRE_WORKERS": "-1"},
        {"CLAIMWIRE_SSL_CERTFILE": "/tmp/cert.pem"},
        {"CLAIMWIRE_RETRY_INITIAL_S": "5", "CLAIMWIRE_RETRY_MAX_S": "1"},
        {"CLAIMWIRE_HEARTBEAT_INTERVAL_MS": "5000"},
    ],
    ids=["unknown delivery", "SASL without credentials", "unsupported mechanism", "negative workers",
         "certificate without key", "retry cap below start", "heartbeat too slow for the session"],
)
def test_contradictory_or_unknown_values_are_refused(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    """Settings that cannot work fail at start, not at the first record."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(pydantic.ValidationError):
        Settings()


def test_client_kwargs_build_tls_and_scram_for_sasl_ssl(monkeypatch: pytest.MonkeyPatch) -> None:
    """SASL_SSL with SCRAM-SHA-256 yields a verifying TLS context and the SASL credentials."""
    monkeypatch.setenv("CLAIMWIRE_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("CLAIMWIRE_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("CLAIMWIRE_SASL_USERNAME", "svc")
    monkeypatch.setenv("CLAIMWIRE_SASL_PASSWORD", "pw")
    kwargs = client_kwargs(Settings())
    assert ("SASL_SSL", "SCRAM-SHA-256", "svc") == (
        kwargs["security_protocol"], kwargs["sasl_mechanism"], kwargs["sasl_plain_username"]
    )
    assert ssl.CERT_REQUIRED == kwargs["ssl_context"].verify_mode


def test_plaintext_client_kwargs_carry_no_security_options() -> None:
    """PLAINTEXT needs neither a TLS context nor SASL options."""
    kwargs = client_kwargs(Settings(bootstrap_servers="a:1,b:2"))
    expected = {"bootstrap_servers": ["a:1", "b:2"], "security_protocol": "PLAINTEXT", "request_timeout_ms": 30000}
    assert expected == kwargs


def test_the_help_text_lists_every_setting_as_an_environment_variable() -> None:
    """`claimwire run --help` documents each field as CLAIMWIRE_<NAME>."""
    text = describe_settings()
    assert [f"CLAIMWIRE_{name.upper()}" for name in Settings.model_fields] == [
        line.split()[0] for line in text.splitlines()
    ]


@pytest.mark.parametrize(("setting", "expected"), [("zstd", "zstd"), ("none", None), ("lz4", "lz4")])
async def test_produced_batches_are_compressed_as_the_setting_says(setting: str, expected: str | None) -> None:
    """Producers compress like the topics (zstd by default), so brokers need not recompress; "none" sends raw.

    aiokafka refuses a codec whose library is missing when the producer is built, so this also proves the
    runtime dependencies bring zstd and lz4.
    """
    producer = PartitionProducers(Settings(compression_type=setting), {}).idempotent()  # type: ignore[arg-type]
    try:
        assert expected == producer._compression_type
    finally:
        await producer.stop()  # never started; stopping it only marks it closed


def test_an_unknown_compression_is_refused() -> None:
    """A codec aiokafka does not know fails at start-up, not at the first produce."""
    with pytest.raises(pydantic.ValidationError):
        Settings(compression_type="brotli")  # type: ignore[arg-type]
