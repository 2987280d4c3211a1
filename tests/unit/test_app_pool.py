"""The CPU step: bytes in, encoded events out, the same in a process pool as in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import orjson
import pytest

from claimwire.adapters.memory import FakeStep, MemoryTransport
from claimwire.app_pool import Failed, InlineRunner, Produced, process_value
from claimwire.app_workers import PoolRunner
from claimwire.bootstrap import bootstrap
from claimwire.ports import Stream
from claimwire.settings import Settings

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RAW: Stream = ("articles.raw", 0)
MiB = 1024 * 1024


def raw(i: int, body: str = "Title\n\nClaim: rents rose.") -> bytes:
    return orjson.dumps({"id": f"r{i}", "url": f"https://example.com/{i}", "fetched_at": "2024-05-01T10:00:00Z",
                         "content_type": "text/plain", "body": body})


def test_process_value_returns_encoded_events_for_a_good_record() -> None:
    """A good value yields the enriched article and its claim events as JSON bytes, keyed by the canonical URL."""
    outcome = process_value(raw(1), NOW, FakeStep(), MiB, MiB)
    assert isinstance(outcome, Produced)
    assert ("enriched-r1", b"https://example.com/1") == (outcome.article_id, outcome.key)
    assert "r1" == orjson.loads(outcome.enriched)["raw_id"]
    assert ["Claim: rents rose."] == [orjson.loads(body)["text"] for _, body in outcome.claims]


def test_process_value_turns_policy_errors_into_failures_and_lets_bugs_through() -> None:
    """A NormalizeError comes back as a Failed value; a RuntimeError propagates."""
    failed = process_value(raw(1, "FAIL:normalize"), NOW, FakeStep(), MiB, MiB)
    assert isinstance(failed, Failed)
    assert ("normalize", "NormalizeError") == (failed.stage, failed.type)
    with pytest.raises(RuntimeError):
        process_value(raw(1, "FAIL:bug"), NOW, FakeStep(), MiB, MiB)


async def _run(runner: InlineRunner | PoolRunner, values: list[bytes]) -> list[bytes]:
    transport = MemoryTransport.from_values({RAW: values}, batch_size=4)
    app = bootstrap(Settings(workers=0), transport, transport, runner=runner, clock=lambda: NOW)
    await app.run()
    return [out.value for delivery in transport.deliveries for out in delivery.outgoing]


async def test_a_process_pool_produces_exactly_what_in_process_work_produces() -> None:
    """Two worker processes give byte-identical outputs, in the same order, as the in-process runner."""
    values = [raw(i) if i % 5 else b"not json" for i in range(30)]
    inline = await _run(InlineRunner(FakeStep(), MiB, MiB), values)
    pooled = await _run(PoolRunner(FakeStep(), workers=2, max_event_bytes=MiB, max_output_bytes=MiB), values)
    assert inline == pooled
    assert 30 + 24 == len(pooled)


async def test_a_bug_in_a_worker_process_stops_the_app() -> None:
    """An error outside the policy raised in a worker reaches run() in the parent."""
    runner = PoolRunner(FakeStep(), workers=2, max_event_bytes=MiB, max_output_bytes=MiB)
    transport = MemoryTransport.from_values({RAW: [raw(0), raw(1, "FAIL:bug")]})
    with pytest.raises(RuntimeError, match="a bug in the pipeline"):
        await bootstrap(Settings(workers=0), transport, transport, runner=runner, clock=lambda: NOW).run()


def test_loading_the_pipeline_keeps_numpy_to_one_thread_unless_the_operator_says_otherwise() -> None:
    """Workers are single-threaded (processes give the parallelism): no BLAS thread pool beside each one."""
    script = (
        "import os\n"
        "from claimwire.app_pool import PipelineStep\n"
        "PipelineStep('test').load()\n"
        "import numpy\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir('/proc/self/task')))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    alone = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    chosen = subprocess.run([sys.executable, "-c", script], env=env | {"OPENBLAS_NUM_THREADS": "2"},
                            capture_output=True, text=True, check=True)
    assert ("1 1", "2 2") == (alone.stdout.strip(), chosen.stdout.strip())
