"""All configuration of the service in one frozen, typed object, read from ``CLAIMWIRE_*`` environment variables.

Settings are read once, at the edge (``claimwire run`` / ``claimwire process``), and passed down; nothing else reads
the environment. Secrets are ``SecretStr`` so they print as ``**********`` in logs and reprs.
``claimwire run --help`` lists every variable, generated from the field descriptions below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from claimwire.adapters.codec import DEFAULT_MAX_EVENT_BYTES

__all__ = ["ENV_PREFIX", "Delivery", "Settings", "describe_settings"]

ENV_PREFIX = "CLAIMWIRE_"

Delivery = Literal["exactly-once", "at-least-once"]
SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


def _cores() -> int:
    # sched_getaffinity respects CPU pinning (containers, taskset); cpu_count does not.
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Settings(BaseSettings):
    """Service settings; every field is the environment variable ``CLAIMWIRE_<FIELD NAME IN CAPITALS>``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="ignore", case_sensitive=False, env_ignore_empty=True
    )  # an empty variable (CLAIMWIRE_SSL_CAFILE=) means unset, not Path(".")

    # ---- broker connection
    bootstrap_servers: str = Field(default="localhost:9092", description="Kafka bootstrap servers, comma-separated.")
    security_protocol: SecurityProtocol = Field(default="PLAINTEXT", description="How to talk to the brokers.")
    sasl_mechanism: SaslMechanism = Field(default="SCRAM-SHA-512", description="SASL mechanism for SASL_* protocols.")
    sasl_username: str | None = Field(default=None, description="SASL user name (SASL_* protocols).")
    sasl_password: SecretStr | None = Field(default=None, description="SASL password (SASL_* protocols).")
    ssl_cafile: Path | None = Field(default=None, description="CA bundle to verify brokers (SSL, SASL_SSL).")
    ssl_certfile: Path | None = Field(default=None, description="Client certificate for mutual TLS.")
    ssl_keyfile: Path | None = Field(default=None, description="Client private key for mutual TLS.")
    ssl_key_password: SecretStr | None = Field(default=None, description="Password of the client private key.")
    ssl_check_hostname: bool = Field(default=True, description="Verify that broker certificates match host names.")
    client_id: str = Field(default="claimwire", description="Client id prefix sent to the brokers.")

    # ---- topics and group (defaults from the event contract)
    topic_raw: str = Field(default="articles.raw", description="Input topic of RawArticle v1 events.")
    topic_enriched: str = Field(default="articles.enriched", description="Output topic of EnrichedArticle v1.")
    topic_claims: str = Field(default="claims.tagged", description="Output topic, one Claim v1 event per claim.")
    topic_dlq: str = Field(default="articles.dlq", description="Dead-letter topic (DeadLetter v1).")
    group_id: str = Field(default="claimwire", description="Consumer group of the service instances.")
    app_id: str = Field(
        default="claimwire",
        description="Prefix of transactional ids: <app_id>-<group_id>-<topic>-<partition>.",
    )
    auto_offset_reset: Literal["earliest", "latest"] = Field(
        default="earliest", description="Where a group without committed offsets starts."
    )
    source: str = Field(default="/claimwire", description="CloudEvents ce_source of the events the service emits.")

    # ---- delivery
    delivery: Delivery = Field(
        default="exactly-once",
        description="exactly-once: one transaction per batch per input partition; at-least-once: idempotent producer, "
        "offsets committed after outputs are acknowledged.",
    )
    transaction_timeout_ms: int = Field(default=60_000, ge=1_000, description="Producer transaction timeout.")
    session_timeout_ms: int = Field(default=10_000, ge=1_000, description="Consumer group session timeout.")
    heartbeat_interval_ms: int = Field(default=3_000, ge=100, description="Consumer group heartbeat interval.")
    max_poll_interval_ms: int = Field(default=300_000, ge=1_000, description="Longest pause between fetches.")
    request_timeout_ms: int = Field(default=30_000, ge=1_000, description="Broker request timeout.")

    # ---- work and backpressure
    workers: int = Field(
        default_factory=_cores,
        ge=0,
        description="Processes running the pipeline (default: the usable cores; 0 runs it in the event loop's "
        "process, for debugging).",
    )
    max_in_flight: int = Field(default=256, ge=1, description="Records fetched but not yet committed, at most.")
    max_in_flight_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1024, description="Bytes of records fetched but not yet committed, at most."
    )
    max_lane_records: int = Field(
        default=64, ge=1, description="Records held per input partition before its fetching pauses (fairness)."
    )
    max_batch: int = Field(default=200, ge=1, description="Records per transaction (or per offset commit), at most.")
    compression_type: Literal["none", "gzip", "snappy", "lz4", "zstd"] = Field(
        default="zstd", description="Compression of produced batches; match the topics' compression.type (zstd by "
        "`claimwire topics create`) so brokers store batches as sent instead of recompressing them."
    )
    txn_linger_ms: int = Field(
        default=1000, ge=0, le=10_000, description="While a partition has more of its fetched records in work, how "
        "long after its last transaction a finished result may wait for them, so one transaction carries several "
        "records (each costs the broker and the event loop a few ms of CPU). Never for a record with nothing behind "
        "it; below saturation it waits only for records already being processed."
    )
    fetch_max_records: int = Field(default=500, ge=1, description="Records taken from the consumer per poll.")
    fetch_partition_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Bytes the broker returns per partition per fetch (a larger "
        "first record batch still comes whole). Small fetches keep the event loop's buffers reused: 16 MiB ones "
        "cost it twice the page faults and system time per article."
    )
    max_event_bytes: int = Field(
        default=DEFAULT_MAX_EVENT_BYTES, ge=1024, description="Largest input or output event; bigger inputs are "
        "dead-lettered."
    )
    max_message_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest record the service produces (match the topics' max.message.bytes); a bigger output "
        "dead-letters its input.",
    )
    until: Literal["normalize", "claims"] = Field(default="claims", description="Last pipeline stage to run.")
    attribution: Literal["encoder", "cnn"] = Field(
        default="encoder", description="Cue model of the attributor: encoder (fine-tuned MiniLM; source F1 75.5 on "
        "PolNeAR dev) or cnn (source F1 71.0, about 11-16x faster attribution; stamps its own tagger_version)."
    )

    # ---- failure policy
    retry_initial_s: float = Field(default=0.2, gt=0, description="First back-off after a transient failure.")
    retry_max_s: float = Field(default=15.0, gt=0, description="Cap of the exponential back-off.")
    shutdown_timeout_s: float = Field(
        default=20.0, gt=0, description="On SIGTERM/SIGINT, time to finish open work before aborting it."
    )

    # ---- observability
    metrics_host: str = Field(default="0.0.0.0", description="Address of the /metrics, /healthz, /readyz server.")
    metrics_port: int = Field(default=9108, ge=0, le=65535, description="Port of that server; 0 turns it off.")

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.security_protocol.startswith("SASL") and (self.sasl_username is None or self.sasl_password is None):
            raise ValueError(f"security_protocol {self.security_protocol} needs sasl_username and sasl_password")
        if (self.ssl_keyfile is None) != (self.ssl_certfile is None):
            raise ValueError("ssl_certfile and ssl_keyfile go together")
        if self.retry_max_s < self.retry_initial_s:
            raise ValueError("retry_max_s must be at least retry_initial_s")
        if self.heartbeat_interval_ms * 3 > self.session_timeout_ms:
            raise ValueError("heartbeat_interval_ms must be at most a third of session_timeout_ms")
        if self.transaction_timeout_ms > self.max_poll_interval_ms:
            raise ValueError("transaction_timeout_ms must not exceed max_poll_interval_ms")
        return self

    def kafka_client_kwargs(self) -> dict[str, Any]:
        """Connection keyword arguments (servers, TLS context, SASL) for any aiokafka client."""
        from claimwire.adapters.kafka_config import client_kwargs  # noqa: PLC0415 - it imports this module

        return client_kwargs(self)


def describe_settings() -> str:
    """One line per environment variable with its default and meaning, for ``--help``."""
    lines = []
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = "number of usable cores" if name == "workers" else "(computed)"
        elif isinstance(field.default, Path | str | int | float | bool):
            default = str(field.default)
        else:
            default = "unset"
        lines.append(f"  {ENV_PREFIX}{name.upper():<26} {field.description} [default: {default}]")
    return "\n".join(lines)
