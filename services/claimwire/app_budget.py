"""Backpressure: a bound on the records, and their bytes, fetched but not yet committed.

Before it takes the next batch from the source, the fetch loop waits until the records (and bytes) the app holds are
below their bounds; the lanes count each record out once it is committed or dropped. A slow pipeline therefore slows
fetching instead of filling memory. The bound is soft by one fetch (a batch is admitted whole, so its records can be
spread over the lanes at once): at most ``max_records`` + one batch, ``max_bytes`` + one batch's bytes.
"""

from __future__ import annotations

import asyncio

__all__ = ["Budget", "BudgetClosed"]


class BudgetClosed(Exception):
    """The service is stopping; no more records are admitted."""


class Budget:
    """Counts records and bytes held; ``wait_for_room`` waits while either bound is reached."""

    def __init__(self, *, max_records: int, max_bytes: int) -> None:
        self.max_records = max_records
        self.max_bytes = max_bytes
        self.records = 0
        self.bytes = 0
        self._freed = asyncio.Event()
        self._closed = False

    def _room(self) -> bool:
        return self.records < self.max_records and self.bytes < self.max_bytes

    async def wait_for_room(self) -> None:
        """Wait until both counts are below their bounds."""
        while not self._room():
            if self._closed:
                raise BudgetClosed
            self._freed.clear()
            await self._freed.wait()
        if self._closed:
            raise BudgetClosed

    def add(self, size: int) -> None:
        """Count one record of ``size`` bytes in."""
        self.records += 1
        self.bytes += size

    def release(self, size: int) -> None:
        """Count one record of ``size`` bytes out."""
        self.records -= 1
        self.bytes -= size
        self._freed.set()

    def close(self) -> None:
        """Wake any waiter with ``BudgetClosed``."""
        self._closed = True
        self._freed.set()
