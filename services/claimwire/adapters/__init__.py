"""Adapters around the pure core: bytes <-> models, Kafka, JSON lines and in-memory fakes."""

__all__: list[str] = []
