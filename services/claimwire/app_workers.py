"""The service's worker processes, driven from the event loop itself: no helper threads.

``concurrent.futures.ProcessPoolExecutor`` moves every call through two threads of the parent (a queue feeder and a
result manager), and each record then costs several GIL hand-offs and thread wake-ups on the process that must
keep heartbeats, fetches and transactions moving. Here each worker has two pipes; the event loop writes a call
(length-prefixed pickle of the value and the time) without blocking and reads the outcome when the pipe is
readable, so a record costs the loop two writes and a read.

Failure semantics are the executor's: an exception raised in a worker is re-raised by the call's future; a worker
that dies fails every call it holds and every later one (``WorkerCrashed``), which stops the service. A worker
whose parent dies reads end-of-file on its call pipe and exits (and watches its parent besides, in case it is busy).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import struct
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from claimwire.app_pool import Outcome, Step, process_value, warm

__all__ = ["PoolRunner", "WorkerCrashed"]

_HEADER = struct.Struct("!Q")
_READ_CHUNK = 1 << 20
_EXIT_WAIT_S = 5.0


class WorkerCrashed(RuntimeError):
    """A worker process died: the calls it held cannot complete."""


@dataclass
class _Worker:
    pid: int
    calls: int  # the parent's end of the call pipe (written)
    results: int  # the parent's end of the result pipe (read)
    pending: deque[asyncio.Future[Outcome]] = field(default_factory=deque)
    outbox: bytearray = field(default_factory=bytearray)
    inbox: bytearray = field(default_factory=bytearray)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, _READ_CHUNK))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _orphan_watch(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _serve(calls: int, results: int, step: Step, *, max_event_bytes: int, max_output_bytes: int, parent: int) -> None:
    """A worker's life: warm up, say so, then answer calls until the call pipe closes."""
    # Signals are the parent's business: a Ctrl-C (the whole process group) or a SIGTERM sent to the group must not
    # break a worker under a service that is shutting down in order; the parent closes the pipes itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_orphan_watch, args=(parent,), daemon=True, name="orphan-watch").start()
    warm(step)
    _write_all(results, _HEADER.pack(0))  # ready
    while True:
        header = _read_exactly(calls, _HEADER.size)
        if header is None:
            return
        body = _read_exactly(calls, _HEADER.unpack(header)[0])
        if body is None:
            return
        value, now = pickle.loads(body)
        try:
            answer: tuple[bool, object] = (True, process_value(value, now, step, max_event_bytes, max_output_bytes))
        except Exception as exc:  # handed to the parent, whose policy stops the service
            answer = (False, exc)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception that does not pickle still has to say what it was
            data = pickle.dumps((False, RuntimeError(f"{type(answer[1]).__name__}: {answer[1]} ({exc})")))
        _write_all(results, _HEADER.pack(len(data)) + data)


class PoolRunner:
    """``workers`` forked processes, warmed up front, fed from the running event loop.

    Processes are forked so they share the parent's imported modules copy-on-write and any picklable step (test
    doubles included) works; the pool is created before any broker connection, so no socket is inherited.
    """

    def __init__(self, step: Step, *, workers: int, max_event_bytes: int, max_output_bytes: int) -> None:
        self.workers = workers
        self._workers: list[_Worker] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._broken: str | None = None
        self._ready = False
        parent = os.getpid()
        for _ in range(workers):
            call_r, call_w = os.pipe()
            result_r, result_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: keep only its own two ends
                code = 0
                try:
                    for fd in (call_w, result_r, *(fd for w in self._workers for fd in (w.calls, w.results))):
                        os.close(fd)
                    _serve(call_r, result_w, step, max_event_bytes=max_event_bytes, max_output_bytes=max_output_bytes,
                           parent=parent)
                except BaseException:
                    traceback.print_exc()  # the parent only sees the pipe close; say why here
                    code = 1
                finally:
                    os._exit(code)
            os.close(call_r)
            os.close(result_w)
            self._workers.append(_Worker(pid, call_w, result_r))

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids."""
        return [worker.pid for worker in self._workers]

    def warm_up(self) -> None:
        """Wait until every worker has loaded the pipeline (each says so once it has)."""
        for worker in self._workers:
            if _read_exactly(worker.results, _HEADER.size) is None:
                raise WorkerCrashed(f"worker {worker.pid} died while warming up")
            os.set_blocking(worker.results, False)
            os.set_blocking(worker.calls, False)
        self._ready = True

    def _attach(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            if not self._ready:
                self.warm_up()
            self._loop = loop
            for worker in self._workers:
                loop.add_reader(worker.results, self._on_readable, worker)
        return loop

    def submit(self, value: bytes | None, now: datetime) -> asyncio.Future[Outcome]:
        loop = self._attach()
        future: asyncio.Future[Outcome] = loop.create_future()
        if self._broken is not None:
            future.set_exception(WorkerCrashed(self._broken))
            return future
        worker = min(self._workers, key=lambda w: len(w.pending))
        data = pickle.dumps((value, now), protocol=pickle.HIGHEST_PROTOCOL)
        worker.pending.append(future)
        idle = not worker.outbox
        worker.outbox += _HEADER.pack(len(data))
        worker.outbox += data
        if idle:
            self._flush(worker)
        return future

    def _flush(self, worker: _Worker) -> None:
        try:
            while worker.outbox:
                written = os.write(worker.calls, worker.outbox)
                del worker.outbox[:written]
        except BlockingIOError:
            pass
        except OSError as exc:  # the worker is gone; its result pipe reports it too
            self._crashed(worker, f"worker {worker.pid} stopped reading: {exc}")
            return
        loop = self._loop
        if loop is not None:
            if worker.outbox:
                loop.add_writer(worker.calls, self._flush, worker)
            else:
                loop.remove_writer(worker.calls)

    def _on_readable(self, worker: _Worker) -> None:
        try:
            chunk = os.read(worker.results, _READ_CHUNK)
        except BlockingIOError:
            return
        if not chunk:
            self._crashed(worker, f"worker {worker.pid} exited")
            return
        inbox = worker.inbox
        inbox += chunk
        while len(inbox) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(inbox)
            if len(inbox) < _HEADER.size + size:
                break
            ok, payload = pickle.loads(memoryview(inbox)[_HEADER.size : _HEADER.size + size])
            del inbox[: _HEADER.size + size]
            future = worker.pending.popleft()
            if future.done():  # cancelled: the record was dropped while it ran
                continue
            if ok:
                future.set_result(payload)
            else:
                future.set_exception(payload)

    def _crashed(self, worker: _Worker, why: str) -> None:
        if self._broken is None:
            self._broken = why
        if self._loop is not None:
            self._loop.remove_reader(worker.results)
            self._loop.remove_writer(worker.calls)
        while worker.pending:
            future = worker.pending.popleft()
            if not future.done():
                future.set_exception(WorkerCrashed(why))

    def close(self) -> None:
        """Close the call pipes (each worker finishes its call and exits), reap them, kill those that linger."""
        for worker in self._workers:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(worker.results)
                self._loop.remove_writer(worker.calls)
            with contextlib.suppress(OSError):
                os.close(worker.calls)
            for future in worker.pending:
                future.cancel()
            worker.pending.clear()
        deadline = time.monotonic() + _EXIT_WAIT_S
        for worker in self._workers:
            with contextlib.suppress(ChildProcessError):
                while os.waitpid(worker.pid, os.WNOHANG) == (0, 0):
                    if time.monotonic() > deadline:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(worker.pid, signal.SIGKILL)
                        os.waitpid(worker.pid, 0)
                        break
                    time.sleep(0.01)
            with contextlib.suppress(OSError):
                os.close(worker.results)
        self._workers = []
