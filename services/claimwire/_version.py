"""The service version, stamped into every event's ``processing`` and dead letter."""

__all__ = ["SERVICE_VERSION"]

SERVICE_VERSION = "0.1.0"
