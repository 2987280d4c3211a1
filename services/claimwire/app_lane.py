"""One lane per input stream: records processed in parallel, delivered in offset order, in group commits.

Order per key comes from order per partition (producers key by URL, so a key lives in one partition). A lane has
two tasks. The *feeder* hands the stream's fetched records to the runner one by one, each after taking a slot of the
shared worker window (a FIFO semaphore of about two records per worker): lanes take turns, so one partition's big
fetch cannot queue ahead of all the others in the pool. The *deliverer* waits for results strictly in offset order;
each delivery takes the longest run of finished results at the head of the queue (up to ``max_batch``) and hands it
to the sink as one unit (one Kafka transaction with the offsets). While one transaction commits more results finish,
so batches grow with load; and while the lane has more records in the works, a finished head waits (up to
``linger_s`` after the previous delivery) for them, because lanes take turns on the workers and a backlog would
otherwise commit one record per transaction. A lane with nothing else in the works delivers at once.

A ``TransientError`` from the sink drops everything the lane holds, backs off, and asks the source to rewind the
stream to its last committed offset; the source answers with a new epoch, and batches of older epochs are refused.
Nothing uncommitted was visible, so nothing is duplicated; nothing is skipped, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from claimwire.app_budget import Budget
from claimwire.app_observe import Observer
from claimwire.app_policy import Backoff
from claimwire.app_pool import Failed, Outcome, Runner
from claimwire.app_records import OutputTopics, outputs_for
from claimwire.core.errors import TransientError
from claimwire.ports import Outgoing, Record, Sink, Source, Stream

__all__ = ["Lane", "LaneContext"]

log = structlog.get_logger("claimwire.app")


@dataclass(frozen=True)
class LaneContext:
    """What all lanes share."""

    source: Source
    sink: Sink
    runner: Runner
    budget: Budget
    window: asyncio.Semaphore
    observer: Observer
    backoff: Backoff
    topics: OutputTopics
    clock: Callable[[], datetime]
    service_version: str
    max_batch: int
    max_output_bytes: int
    lane_cap: int
    # The least time between two deliveries of a lane while it has more records in the works: a finished result
    # waits (up to this long after the previous delivery started) for the lane's next ones. Never when the lane has
    # nothing else in the works, so a lone record is not delayed, nor for the first delivery; and it only ever waits
    # for records already fetched, so below saturation it waits at most for those being processed. Each transaction
    # costs the broker about as much CPU as a record's data (and the event loop a handful of requests), and lanes
    # take turns on the workers, so a backlog would otherwise commit about one record per transaction. Measured on
    # bench/stream.py's backlog scenario run alone (2 workers, 4 partitions), records per transaction / broker +
    # event-loop CPU per article: 100 ms ~1 / ~7 + ~4.6 ms, 500 ms ~2.6 / ~4.5 + ~3.2 ms, 1 s ~6.7 / ~2.8 + ~2.4 ms.
    # 0 turns it off.
    linger_s: float = 1.0


@dataclass(slots=True)
class _Pending:
    record: Record
    future: asyncio.Future[Outcome]
    size: int
    now: datetime
    arrived: float


class Lane:
    """The work of one stream: ``start`` it, ``add`` batches, ``stop`` it."""

    def __init__(self, stream: Stream, epoch: int, ctx: LaneContext) -> None:
        self.stream = stream
        self.epoch: int | None = epoch
        self._ctx = ctx
        self._backlog: deque[tuple[Record, int, float]] = deque()  # fetched, not yet submitted
        self._queue: deque[_Pending] = deque()  # submitted, in offset order
        self._fed = asyncio.Event()
        self._submitted = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._accepting = True
        self._failures = 0  # consecutive failed deliveries; resets on success
        self._delivering: asyncio.Task[None] | None = None
        self._last_delivery = -float("inf")  # monotonic start of the last delivery, for ``linger_s``
        self._tasks: list[asyncio.Task[None]] = []
        self.paused = False  # set by the app when it paused the stream at the source because the lane is full

    @property
    def held(self) -> int:
        """Records of this lane fetched and not yet committed or dropped."""
        return len(self._backlog) + len(self._queue)

    def _maybe_resume(self) -> None:
        # Resume at half the cap, not just below it, so a busy stream is not paused and resumed on every record.
        if self.paused and self.held <= self._ctx.lane_cap // 2:
            self.paused = False
            self._ctx.source.resume(self.stream)

    def start(self, on_crash: Callable[[BaseException], None]) -> None:
        """Start the feeder and the deliverer; an error outside the policy in either is passed to ``on_crash``."""

        def done(task: asyncio.Task[None]) -> None:
            if not task.cancelled() and task.exception() is not None:
                on_crash(task.exception())  # type: ignore[arg-type]  # checked just above

        name = f"{self.stream[0]}[{self.stream[1]}]"
        self._tasks = [
            asyncio.create_task(self._feed(), name=f"feed {name}"),
            asyncio.create_task(self._deliver(), name=f"deliver {name}"),
        ]
        for task in self._tasks:
            task.add_done_callback(done)

    def accepts(self, epoch: int) -> bool:
        """Whether a batch fetched in ``epoch`` may still be added."""
        return self._accepting and self.epoch == epoch

    def add(self, records: Sequence[Record], sizes: Sequence[int]) -> None:
        """Queue fetched records (already counted in the budget) for processing."""
        arrived = time.monotonic()
        self._backlog.extend((record, size, arrived) for record, size in zip(records, sizes, strict=True))
        self._idle.clear()
        self._fed.set()

    async def _feed(self) -> None:
        window = self._ctx.window
        while True:
            while not self._backlog:
                self._fed.clear()
                await self._fed.wait()
            await window.acquire()
            if not self._backlog:  # discarded while we waited for the slot
                window.release()
                continue
            record, size, arrived = self._backlog.popleft()
            now = self._ctx.clock()
            future = self._ctx.runner.submit(record.value, now)
            future.add_done_callback(lambda _: window.release())
            self._queue.append(_Pending(record, future, size, now, arrived))
            self._submitted.set()

    async def _deliver(self) -> None:
        while True:
            while not self._queue:
                self._submitted.clear()
                await self._submitted.wait()
            head = self._queue[0]
            await asyncio.wait([head.future])
            await self._linger()
            taken: list[_Pending] = []
            for pending in self._queue:
                if len(taken) >= self._ctx.max_batch or not pending.future.done():
                    break
                taken.append(pending)
            outgoing = self._outputs(taken)  # raises the error of a failed record: the policy says crash
            self._last_delivery = time.monotonic()
            # The delivery runs as its own task, shielded: cancelling the lane (a revocation, a shutdown) must not
            # cut a transaction in half; ``stop`` waits for it instead.
            delivering = asyncio.create_task(
                self._ctx.sink.deliver(self.stream, outgoing, taken[-1].record.offset + 1)
            )
            self._delivering = delivering
            try:
                await asyncio.shield(delivering)
            except TransientError as exc:
                self._delivering = None
                await self._recover(exc)
                continue
            self._delivering = None
            self._delivered(taken, outgoing)

    async def _linger(self) -> None:
        """Wait, until ``linger_s`` after the previous delivery started, while fewer than ``max_batch`` results are
        done at the head of the queue and more of this lane's records are being processed or waiting for a worker."""
        deadline = self._last_delivery + self._ctx.linger_s
        while self._accepting:  # a stopping lane delivers what it has at once
            done = 0
            waiting_on: asyncio.Future[Outcome] | None = None
            for pending in self._queue:
                if not pending.future.done():
                    waiting_on = pending.future
                    break
                done += 1
            left = deadline - time.monotonic()
            if done >= self._ctx.max_batch or left <= 0 or (waiting_on is None and not self._backlog):
                return
            if waiting_on is not None:
                await asyncio.wait([waiting_on], timeout=left)
            else:  # everything submitted is done; the next record still waits for a worker slot
                self._submitted.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._submitted.wait(), left)

    def _outputs(self, taken: list[_Pending]) -> list[Outgoing]:
        out: list[Outgoing] = []
        for pending in taken:
            outcome = pending.future.result()
            out.extend(
                outputs_for(
                    pending.record,
                    outcome,
                    topics=self._ctx.topics,
                    now=pending.now,
                    attempts=self._failures + 1,
                    service_version=self._ctx.service_version,
                    max_output_bytes=self._ctx.max_output_bytes,
                )
            )
        return out

    def _delivered(self, taken: list[_Pending], outgoing: list[Outgoing]) -> None:
        self._failures = 0
        obs = self._ctx.observer
        done = time.monotonic()
        for pending in taken:
            self._queue.popleft()
            self._ctx.budget.release(pending.size)
            outcome = pending.future.result()
            rec = pending.record
            if isinstance(outcome, Failed):
                obs.processed(done - pending.arrived, "dead_letter")
                obs.dead_lettered(outcome.stage, outcome.type)
                log.warning(
                    "dead-lettered", topic=rec.topic, partition=rec.partition, offset=rec.offset,
                    stage=outcome.stage, error=outcome.type, reason=outcome.message,
                )
            else:
                obs.processed(done - pending.arrived, "ok")
                log.debug("enriched", topic=rec.topic, partition=rec.partition, offset=rec.offset,
                          article_id=outcome.article_id, claims=len(outcome.claims))
        # One call per topic, not per record: an article has a few dozen claim events.
        for topic, count in Counter(out.topic for out in outgoing).items():
            obs.produced(topic, count)
        obs.committed(self.stream, taken[-1].record.offset + 1, len(taken))
        obs.in_flight(self._ctx.budget.records, self._ctx.budget.bytes)
        if not self._queue and not self._backlog:
            self._idle.set()
        self._maybe_resume()

    async def _recover(self, exc: TransientError) -> None:
        self.epoch = None  # refuse batches fetched before the rewind
        while True:
            self._discard()
            self._failures += 1
            delay = self._ctx.backoff.delay(self._failures)
            self._ctx.observer.retried(exc.stage)
            log.warning("transient failure, rewinding", topic=self.stream[0], partition=self.stream[1],
                        error=type(exc).__name__, reason=exc.message, attempt=self._failures,
                        backoff_s=round(delay, 3))
            await asyncio.sleep(delay)
            try:
                epoch = await self._ctx.source.rewind(self.stream)
            except TransientError as again:
                exc = again
                continue
            self._discard()
            self.epoch = epoch
            return

    def _drop_backlog(self) -> None:
        while self._backlog:
            _, size, _ = self._backlog.popleft()
            self._ctx.budget.release(size)
        if not self._queue:
            self._idle.set()

    def _discard(self) -> None:
        self._drop_backlog()
        while self._queue:
            pending = self._queue.popleft()
            pending.future.cancel()  # not started yet: skipped; running in a worker: result ignored
            self._ctx.budget.release(pending.size)
        self._idle.set()
        self._maybe_resume()

    async def wait_idle(self) -> None:
        """Return once the lane holds no records (everything added was delivered or dropped)."""
        await self._idle.wait()

    async def stop(self, *, drain_s: float, grace_s: float) -> None:
        """Refuse new records and drop those not yet submitted; deliver those being processed for up to
        ``drain_s``, then stop; a transaction already committing gets ``grace_s`` to finish. Whatever remains is
        dropped: it was never committed, so whoever owns the stream next processes it."""
        self._accepting = False
        self._drop_backlog()
        running = [task for task in self._tasks if not task.done()]
        if drain_s > 0 and len(running) == len(self._tasks):
            idle = asyncio.ensure_future(self._idle.wait())
            await asyncio.wait([idle, *running], timeout=drain_s, return_when=asyncio.FIRST_COMPLETED)
            idle.cancel()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task  # a crash was already reported by the done-callback
        delivering = self._delivering
        if delivering is not None and not delivering.done():
            await asyncio.wait([delivering], timeout=grace_s)
            if not delivering.done():
                delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await delivering
        self._discard()
