"""The broker goes away for 20 s mid-stream and comes back: the service recovers by itself, exactly once.

This test needs a broker it may stop, so it starts its own with ``deploy/kafka-local/kafka`` (private port and
state dir), stops that JVM by its pid, and after the outage starts the same command line again on the same data
dir, so topics, committed offsets and open transactions survive as they would on a real restart.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import orjson
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from tests.integration.test_service_support import (
    Instance,
    ServiceTopics,
    fake_raw,
    free_port,
    produce,
    raw_ids,
    read_committed,
    wait_until,
)

_KAFKA_LOCAL = Path(__file__).resolve().parents[2] / "deploy" / "kafka-local" / "kafka"


class OwnBroker:
    """A broker of this test alone, which it can stop and start again on the same data."""

    def __init__(self, state_dir: Path) -> None:
        self.port = free_port()
        self.controller_port = free_port()
        self.state_dir = state_dir
        self.bootstrap = f"127.0.0.1:{self.port}"
        self._command: list[str] = []
        self._restarted: subprocess.Popen[bytes] | None = None

    def _script(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(_KAFKA_LOCAL), "--port", str(self.port), "--controller-port", str(self.controller_port), *args],
            env={**os.environ, "CLAIMWIRE_KAFKA_STATE_DIR": str(self.state_dir)},
            capture_output=True, text=True, timeout=900, check=False, stdin=subprocess.DEVNULL,
        )

    def _pid(self) -> int:
        return int((self.state_dir / f"port-{self.port}" / "kafka.pid").read_text().strip())

    def start(self) -> None:
        started = self._script("--stop-with", str(os.getpid()), "start")
        if started.returncode != 0:
            pytest.fail(f"could not start a private broker: {started.stderr}", pytrace=False)

    async def stop(self) -> None:
        """SIGTERM the broker JVM and wait for it to exit (a clean shutdown, as an operator's restart does)."""
        pid = self._pid() if self._restarted is None else self._restarted.pid
        if self._restarted is None:
            self._command = _cmdline(pid)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while _alive(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(0.2)

    def _spawn(self) -> None:
        with (self.state_dir / f"port-{self.port}" / "restarted.log").open("ab") as log:
            self._restarted = subprocess.Popen(self._command, stdout=log, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL, start_new_session=True)

    async def restart(self) -> None:
        """Start the stopped broker's exact command line again and wait until it serves clients."""
        await asyncio.to_thread(self._spawn)
        deadline = time.monotonic() + 120
        while True:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=5000)
            try:
                await admin.start()
                await admin.list_topics()
                return
            except Exception:  # not up yet
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
            finally:
                await admin.close()

    def close(self) -> None:
        if self._restarted is not None and self._restarted.poll() is None:
            self._restarted.terminate()
            try:
                self._restarted.wait(60)
            except subprocess.TimeoutExpired:
                self._restarted.kill()
        else:
            self._script("stop")


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").decode().split("\0")


def _alive(pid: int) -> bool:
    """Running and not a zombie (the script's setsid parent may never reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in (b"Z", b"X")


@pytest.fixture
async def own_broker(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[OwnBroker]:
    broker = OwnBroker(tmp_path_factory.mktemp("own-kafka"))
    await asyncio.to_thread(broker.start)
    try:
        yield broker
    finally:
        await asyncio.to_thread(broker.close)


async def _topics(bootstrap: str) -> ServiceTopics:
    names = ServiceTopics("raw", "enriched", "claims", "dlq", "outage-group")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(n, 4, 1) for n in (names.raw, names.enriched, names.claims, names.dlq)])
    finally:
        await admin.close()
    return names


async def test_the_service_rides_out_a_20_second_broker_outage_exactly_once(
    own_broker: OwnBroker, tmp_path: Path
) -> None:
    """Stop the broker for 20 s mid-stream, start it again: every input ends up enriched exactly once, with no
    help from outside (the instance is never restarted)."""
    bootstrap = own_broker.bootstrap
    total = 500
    topics = await _topics(bootstrap)
    count: Callable[[], Awaitable[int]]

    async def count() -> int:
        return len(await read_committed(bootstrap, topics.enriched))

    await produce(bootstrap, topics.raw, [(f"k{i}".encode(), fake_raw(i, sleep_ms=30), ()) for i in range(total)])
    # Transactions time out well within the outage, so the service's own abort-rewind-retry path runs (with the
    # defaults, aiokafka's internal retries alone would bridge 20 s).
    env = {**topics.env(bootstrap), "CLAIMWIRE_RETRY_MAX_S": "2", "CLAIMWIRE_MAX_IN_FLIGHT": "32",
           "CLAIMWIRE_REQUEST_TIMEOUT_MS": "5000", "CLAIMWIRE_TRANSACTION_TIMEOUT_MS": "8000"}
    instance = Instance("survivor", env, tmp_path, fake=True)
    try:
        async def started() -> bool:
            return 50 <= await count()

        await wait_until(started, timeout_s=90, what="the first outputs")
        await own_broker.stop()
        await asyncio.sleep(20)
        assert instance.process.poll() is None, "the service gave up while the broker was down"
        await own_broker.restart()
        done_at_restart = await count()
        assert done_at_restart < total, "the stream ended before the outage; make records slower"

        async def all_enriched() -> bool:
            return total <= await count()

        await wait_until(all_enriched, timeout_s=180, what=f"{total} enriched articles after the outage")
        await asyncio.sleep(2)
        instance.signal(signal.SIGTERM)
        assert 0 == await instance.wait(60)
    finally:
        instance.kill()
    enriched = await read_committed(bootstrap, topics.enriched)
    assert {f"raw-{i}": 1 for i in range(total)} == dict(raw_ids(enriched))
    assert [] == [orjson.loads(r.value) for r in await read_committed(bootstrap, topics.dlq)]
    assert instance.logged("transient failure, rewinding"), "the outage was not noticed: the test proves nothing"
