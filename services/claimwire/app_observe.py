"""What the app reports as it works, as no-op hooks to override, so the app does not depend on a metrics library.

``claimwire run`` plugs in the Prometheus metrics and health state (``app_metrics.MetricsObserver``); tests and the
offline command use the base class, which ignores everything, or a recording subclass.
"""

from __future__ import annotations

from collections.abc import Collection

from claimwire.ports import Stream

__all__ = ["Observer"]


class Observer:
    """Hooks called by the app; the base class ignores them all (subclass and override what you need)."""

    def consumed(self, stream: Stream, records: int) -> None:
        """``records`` of ``stream`` were handed to its lane."""

    def produced(self, topic: str, records: int = 1) -> None:
        """``records`` records were produced (and committed) to ``topic``."""

    def dead_lettered(self, stage: str, error_type: str) -> None:
        """One input record was dead-lettered, failing at ``stage`` with ``error_type``."""

    def retried(self, stage: str) -> None:
        """A delivery failed transiently and will be retried."""

    def processed(self, seconds: float, outcome: str) -> None:
        """One record went from arrival to committed outputs in ``seconds``; outcome "ok" or "dead_letter"."""

    def committed(self, stream: Stream, next_offset: int, records: int) -> None:
        """``stream`` is committed up to ``next_offset`` (exclusive); the batch held ``records`` inputs."""

    def in_flight(self, records: int, size: int) -> None:
        """Records (and their bytes) fetched but not yet committed."""

    def assigned(self, streams: Collection[Stream]) -> None:
        """The streams (partitions) this instance now works on."""
