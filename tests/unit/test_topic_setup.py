"""The service's topics are specified with the settings it relies on."""

from __future__ import annotations

from claimwire.adapters.codec import DEFAULT_MAX_EVENT_BYTES
from claimwire.topic_setup import DEFAULT_DLQ_RETENTION_MS, DEFAULT_RETENTION_MS, TopicSpec, topic_specs


def make_specs(
    *, partitions: int = 1, replication_factor: int = 1, extra: dict[str, str] | None = None
) -> list[TopicSpec]:
    """The specs for the contract's default topic names."""
    return topic_specs(
        raw="articles.raw",
        enriched="articles.enriched",
        claims="claims.tagged",
        dlq="articles.dlq",
        partitions=partitions,
        replication_factor=replication_factor,
        extra_configs=extra,
    )


def test_four_topics_share_partitions_replication_and_common_settings() -> None:
    """Each topic gets the asked partitions and replicas, delete cleanup and zstd."""
    specs = make_specs(partitions=6)
    assert [
        ("articles.raw", 6, 1, "delete", "zstd"),
        ("articles.enriched", 6, 1, "delete", "zstd"),
        ("claims.tagged", 6, 1, "delete", "zstd"),
        ("articles.dlq", 6, 1, "delete", "zstd"),
    ] == [
        (s.name, s.partitions, s.replication_factor, s.configs["cleanup.policy"], s.configs["compression.type"])
        for s in specs
    ]


def test_dead_letters_are_kept_longer_and_may_be_larger() -> None:
    """The DLQ keeps a month (events a week) and takes a base64 copy of the largest event."""
    raw, _, claims, dlq = make_specs()
    assert (str(DEFAULT_RETENTION_MS), str(DEFAULT_DLQ_RETENTION_MS)) == (
        raw.configs["retention.ms"],
        dlq.configs["retention.ms"],
    )
    assert int(raw.configs["max.message.bytes"]) > DEFAULT_MAX_EVENT_BYTES
    assert int(dlq.configs["max.message.bytes"]) > DEFAULT_MAX_EVENT_BYTES * 4 // 3
    assert "max.message.bytes" not in claims.configs


def test_min_insync_replicas_is_two_only_with_three_or_more_replicas() -> None:
    """acks=all means two copies once there are three replicas; with fewer the setting would block writes."""
    small = make_specs(replication_factor=2)[0].configs
    big = make_specs(replication_factor=3)[0].configs
    assert (None, "2") == (small.get("min.insync.replicas"), big.get("min.insync.replicas"))


def test_extra_configs_win_over_the_defaults_on_every_topic() -> None:
    """--config KEY=VALUE applies last, to all four topics."""
    specs = make_specs(extra={"retention.ms": "1000"})
    assert ["1000"] * 4 == [s.configs["retention.ms"] for s in specs]
