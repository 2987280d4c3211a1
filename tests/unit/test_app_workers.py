"""The event-loop-driven worker processes: calls in order, big values, a dead worker, closing, a dead parent."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from claimwire.adapters.memory import FakeStep
from claimwire.app_pool import Produced
from claimwire.app_workers import PoolRunner, WorkerCrashed

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
MiB = 1024 * 1024


def raw(i: int, body: str = "Title\n\nClaim: rents rose.") -> bytes:
    return orjson.dumps({"id": f"r{i}", "url": f"https://example.com/{i}", "fetched_at": "2024-05-01T10:00:00Z",
                         "content_type": "text/plain", "body": body})


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


async def test_values_larger_than_a_pipe_buffer_come_back_whole_and_in_call_order() -> None:
    """Values of several MiB (written in pieces as the pipe drains) give each call its own outcome."""
    runner = PoolRunner(FakeStep(), workers=2, max_event_bytes=64 * MiB, max_output_bytes=64 * MiB)
    try:
        bodies = [f"Title {i}\n\nClaim: {'x' * (3 * MiB + i)}" for i in range(6)]
        outcomes = await asyncio.gather(*(runner.submit(raw(i, b), NOW) for i, b in enumerate(bodies)))
    finally:
        runner.close()
    assert all(isinstance(o, Produced) for o in outcomes)
    assert [f"enriched-r{i}" for i in range(6)] == [o.article_id for o in outcomes if isinstance(o, Produced)]
    assert [len(b) - len("Title 0\n\nClaim: ") for b in bodies] == [
        len(orjson.loads(o.claims[0][1])["text"]) - len("Claim: ") for o in outcomes if isinstance(o, Produced)
    ]


async def test_a_killed_worker_fails_the_calls_it_held_and_every_later_call() -> None:
    """kill -9 of a busy worker: its call fails with WorkerCrashed (the service then stops), and so does the next."""
    runner = PoolRunner(FakeStep(), workers=1, max_event_bytes=MiB, max_output_bytes=MiB)
    try:
        runner.warm_up()
        busy = runner.submit(raw(1, "Title\n\nSLEEP:5000"), NOW)
        await asyncio.sleep(0.2)
        os.kill(runner.pids[0], 9)
        with pytest.raises(WorkerCrashed, match="exited"):
            await asyncio.wait_for(busy, 10)
        with pytest.raises(WorkerCrashed):
            await runner.submit(raw(2), NOW)
    finally:
        runner.close()


async def test_a_cancelled_call_is_skipped_and_the_next_one_gets_its_own_result() -> None:
    """A record dropped while it runs (a rewind) does not shift the outcomes of the calls behind it."""
    runner = PoolRunner(FakeStep(), workers=1, max_event_bytes=MiB, max_output_bytes=MiB)
    try:
        dropped = runner.submit(raw(1, "Title\n\nSLEEP:200"), NOW)
        kept = runner.submit(raw(2), NOW)
        dropped.cancel()
        outcome = await asyncio.wait_for(kept, 10)
    finally:
        runner.close()
    assert isinstance(outcome, Produced)
    assert "enriched-r2" == outcome.article_id


def test_close_reaps_every_worker() -> None:
    """After close no worker process is left, not even a zombie."""
    runner = PoolRunner(FakeStep(), workers=2, max_event_bytes=MiB, max_output_bytes=MiB)
    runner.warm_up()
    pids = runner.pids
    assert all(alive(pid) for pid in pids)
    runner.close()
    assert not any(alive(pid) for pid in pids)


def test_workers_leave_when_their_parent_is_killed() -> None:
    """kill -9 of the service process: its idle workers see their call pipe close and exit by themselves."""
    script = (
        "import sys, time\n"
        "from claimwire.adapters.memory import FakeStep\n"
        "from claimwire.app_workers import PoolRunner\n"
        "r = PoolRunner(FakeStep(), workers=2, max_event_bytes=1 << 20, max_output_bytes=1 << 20)\n"
        "r.warm_up()\n"
        "print(*r.pids, flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        parent.kill()
    assert 2 == len(pids)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in pids)
