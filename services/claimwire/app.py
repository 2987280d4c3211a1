"""The service loop: fetch batches, process each record off the event loop, deliver in order, with the DLQ policy.

``App`` is a thin async shell around the pure pipeline. It only knows the ports (``Source``, ``Sink``, ``Runner``),
so the Kafka service, the offline ``claimwire process`` command and the unit tests all run this same code:

    source.batches() --(budget: bounded records/bytes held)--> Lane per stream --(shared worker window)-->
        runner --> outcomes --in offset order, group-committed--> sink.deliver(outputs + dead letters, next offset)

Errors: a record's deterministic failure becomes a dead letter (``app_policy``); a transient delivery failure makes
its lane rewind and retry (``app_lane``); anything else stops every lane, closes the ports and is re-raised by
``run`` so the process exits non-zero.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection, Mapping

import structlog

from claimwire.app_budget import Budget, BudgetClosed
from claimwire.app_lane import Lane, LaneContext
from claimwire.ports import Batch, Stream

__all__ = ["App"]

log = structlog.get_logger("claimwire.app")


class App:
    """One service instance (or one offline run). Also the ``StreamListener`` its source reports to."""

    def __init__(self, ctx: LaneContext, *, shutdown_timeout_s: float) -> None:
        self._ctx = ctx
        self._budget: Budget = ctx.budget
        self._shutdown_timeout_s = shutdown_timeout_s
        # A transaction already committing when a lane stops gets this long to finish before it is cut off.
        self._grace_s = min(5.0, shutdown_timeout_s)
        self._lanes: dict[Stream, Lane] = {}
        self._failure: BaseException | None = None
        self._stopping = False
        self._failed = asyncio.Event()
        self._stopped = asyncio.Event()

    # ------------------------------------------------------------------ StreamListener

    async def streams_assigned(self, assigned: Mapping[Stream, int]) -> None:
        for stream, epoch in assigned.items():
            old = self._lanes.pop(stream, None)
            if old is not None:  # the source re-assigned without revoking first
                await old.stop(drain_s=0, grace_s=self._grace_s)
            lane = Lane(stream, epoch, self._ctx)
            lane.start(self._fail)
            self._lanes[stream] = lane
        self._ctx.observer.assigned(list(self._lanes))
        if assigned:
            log.info("streams assigned", streams=sorted(f"{t}[{p}]" for t, p in assigned))

    async def streams_revoked(self, revoked: Collection[Stream]) -> None:
        lanes = [lane for lane in (self._lanes.pop(stream, None) for stream in revoked) if lane is not None]
        await asyncio.gather(*(lane.stop(drain_s=0, grace_s=self._grace_s) for lane in lanes))
        self._ctx.observer.assigned(list(self._lanes))
        if revoked:
            log.info("streams revoked", streams=sorted(f"{t}[{p}]" for t, p in revoked))

    # ------------------------------------------------------------------ running

    def request_stop(self) -> None:
        """Stop fetching and shut down gracefully (SIGTERM, SIGINT)."""
        if not self._stopping:
            log.info("stopping: no more fetches; finishing open work", timeout_s=self._shutdown_timeout_s)
        self._stopping = True
        self._stopped.set()
        self._ctx.source.stop_fetching()

    def _fail(self, exc: BaseException) -> None:
        if self._failure is not None:
            return
        self._failure = exc
        log.critical("unrecoverable error; stopping", error=type(exc).__name__, reason=str(exc), exc_info=exc)
        self._failed.set()
        self._budget.close()
        self._ctx.source.stop_fetching()

    async def run(self) -> None:
        """Process until the source is exhausted (drain all) or stopped (drain within the shutdown timeout).

        Raises the first error outside the failure policy, after closing everything.
        """
        ctx = self._ctx
        try:
            await ctx.source.start(self)
            fetching = asyncio.create_task(self._fetch())
            failed = asyncio.create_task(self._failed.wait())
            stopped = asyncio.create_task(self._stopped.wait())  # the fetch loop may be waiting for room
            await asyncio.wait([fetching, failed, stopped], return_when=asyncio.FIRST_COMPLETED)
            failed.cancel()
            stopped.cancel()
            if not fetching.done():
                fetching.cancel()
            with contextlib.suppress(asyncio.CancelledError, BudgetClosed):
                await fetching  # its own unexpected error is re-raised here
            drain = 0.0 if self._failure is not None else (self._shutdown_timeout_s if self._stopping else None)
            await self._stop_lanes(drain)
        except asyncio.CancelledError:
            await self._stop_lanes(0.0)
            raise
        except BaseException as exc:
            self._fail(exc)
            await self._stop_lanes(0.0)
        finally:
            self._budget.close()
            with contextlib.suppress(Exception):
                await ctx.source.close()
            with contextlib.suppress(Exception):
                await ctx.sink.close()
            ctx.runner.close()
        if self._failure is not None:
            raise self._failure

    async def _fetch(self) -> None:
        observer = self._ctx.observer
        async for batch in self._ctx.source.batches():
            await self._dispatch(batch)
            observer.in_flight(self._budget.records, self._budget.bytes)

    async def _dispatch(self, batch: Batch) -> None:
        await self._budget.wait_for_room()
        lane = self._lanes.get(batch.stream)
        if lane is None or not lane.accepts(batch.epoch) or self._stopping:
            return  # revoked or rewound meanwhile (the source re-delivers), or stopping (stays uncommitted)
        sizes = [record.size for record in batch.records]
        for size in sizes:
            self._budget.add(size)
        lane.add(batch.records, sizes)
        self._ctx.observer.consumed(batch.stream, len(sizes))
        if lane.held >= self._ctx.lane_cap and not lane.paused:
            # A full lane pauses only its own stream, so the others keep being fetched and processed.
            lane.paused = True
            self._ctx.source.pause(batch.stream)

    async def _stop_lanes(self, drain_s: float | None) -> None:
        """Stop all lanes; ``drain_s`` None waits until everything held is delivered (or a lane fails)."""
        lanes = list(self._lanes.values())
        self._lanes.clear()
        if drain_s is None:
            idle: asyncio.Future[object] = asyncio.ensure_future(self._all_idle(lanes))
            failed: asyncio.Future[object] = asyncio.ensure_future(self._failed.wait())
            await asyncio.wait([idle, failed], return_when=asyncio.FIRST_COMPLETED)
            failed.cancel()
            idle.cancel()
            drain_s = 0.0
        await asyncio.gather(*(lane.stop(drain_s=drain_s, grace_s=self._grace_s) for lane in lanes))

    @staticmethod
    async def _all_idle(lanes: list[Lane]) -> None:
        for lane in lanes:
            await lane.wait_idle()
