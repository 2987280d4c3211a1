"""A real Kafka broker for the integration tests, and uniquely named topics for each test.

The broker comes from, in order: ``KAFKA_BOOTSTRAP_SERVERS`` (CI and developers with a Kafka of their own); a
testcontainers Kafka when a Docker engine answers; else the project's own broker from Maven Central jars
(``deploy/kafka-local/kafka``), started on a free port for the session and stopped at its end. Not finding a
broker fails the tests: an integration test that was not run has not passed.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlparse

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

__all__ = ["TopicFactory"]

_HERE = Path(__file__).resolve().parent
_KAFKA_LOCAL = _HERE.parents[1] / "deploy" / "kafka-local" / "kafka"
# A cold machine downloads the broker jars first (tens of MB); a warm start takes seconds.
_LOCAL_START_TIMEOUT_S = 900
# testcontainers' KafkaContainer drives Confluent's image layout; 7.9 is Apache Kafka 3.9 in KRaft mode.
_CONTAINER_IMAGE = os.environ.get("CLAIMWIRE_TEST_KAFKA_IMAGE", "confluentinc/cp-kafka:7.9.0")

TopicFactory = Callable[..., Awaitable[str]]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/integration as ``integration`` so ``-m 'not integration'`` leaves them out."""
    del config
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)


# --------------------------------------------------------------------------------------------- broker


def _docker_answers(timeout_s: float = 1.0) -> bool:
    """Whether a Docker engine answers ``/_ping``: a bare socket request, so no Docker SDK import or warning."""
    url = urlparse(os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    try:
        if url.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: str | tuple[str, int] = url.path
        elif url.scheme in {"tcp", "http"} and url.hostname:
            sock = socket.socket(socket.AF_INET6 if ":" in url.hostname else socket.AF_INET, socket.SOCK_STREAM)
            address = (url.hostname, url.port or 2375)
        else:
            # TLS or ssh engines: point KAFKA_BOOTSTRAP_SERVERS at a broker instead.
            return False
        with sock:
            sock.settimeout(timeout_s)
            sock.connect(address)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            reply = sock.recv(1024)
    except OSError:
        return False
    return reply.startswith(b"HTTP/1.") and b" 200 " in reply.split(b"\r\n", 1)[0]


def _check_reachable(bootstrap: str, timeout_s: float = 5.0) -> None:
    """Fail with the address in the message, rather than with a client timeout deep inside the first test."""
    errors = []
    for server in bootstrap.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
                return
        except (OSError, ValueError) as exc:
            errors.append(f"{server.strip()}: {exc}")
    pytest.fail(f"KAFKA_BOOTSTRAP_SERVERS={bootstrap} accepts no connection ({'; '.join(errors)})", pytrace=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_kafka_local(*args: str, state_dir: Path, timeout_s: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_KAFKA_LOCAL), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
        env={**os.environ, "CLAIMWIRE_KAFKA_STATE_DIR": str(state_dir)},
    )


def _local_broker(state_dir: Path) -> Iterator[str]:
    port, controller_port = _free_port(), _free_port()
    while controller_port == port:
        controller_port = _free_port()
    ports = ("--port", str(port), "--controller-port", str(controller_port))
    # --stop-with: a session killed before its teardown still takes its broker down.
    start = (*ports, "--stop-with", str(os.getpid()), "start")
    where = f"broker log: {state_dir}/port-{port}/broker.log"
    try:
        started = _run_kafka_local(*start, state_dir=state_dir, timeout_s=_LOCAL_START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _run_kafka_local(*ports, "stop", state_dir=state_dir, timeout_s=120)
        pytest.fail(f"{_KAFKA_LOCAL} start did not finish within {_LOCAL_START_TIMEOUT_S}s; {where}", pytrace=False)
    if started.returncode != 0:
        _run_kafka_local(*ports, "stop", state_dir=state_dir, timeout_s=120)
        pytest.fail(
            "no Kafka broker for the integration tests: KAFKA_BOOTSTRAP_SERVERS is unset, no Docker engine answers, "
            f"and {_KAFKA_LOCAL} start failed (exit {started.returncode}); {where}\n{started.stderr}",
            pytrace=False,
        )
    try:
        yield started.stdout.strip() or f"127.0.0.1:{port}"
    finally:
        stopped = _run_kafka_local(*ports, "stop", state_dir=state_dir, timeout_s=120)
        if stopped.returncode != 0:
            pytest.fail(f"stopping the local broker failed: {stopped.stderr}", pytrace=False)


def _container_broker() -> Iterator[str]:
    # Imported only when a Docker engine answers: the Docker SDK is slow to import and unused otherwise.
    try:
        from testcontainers.community.kafka import KafkaContainer  # noqa: PLC0415
    except ImportError:  # older testcontainers releases kept it at the top level
        from testcontainers.kafka import KafkaContainer  # noqa: PLC0415
    with KafkaContainer(_CONTAINER_IMAGE).with_kraft() as kafka:
        yield str(kafka.get_bootstrap_server())


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ``host:port`` of a real Kafka broker for this test session."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    if configured:
        _check_reachable(configured)
        yield configured
    elif _docker_answers():
        yield from _container_broker()
    else:
        # Config, data and log in pytest's temporary tree (outside the repo; pytest prunes old sessions').
        yield from _local_broker(tmp_path_factory.mktemp("kafka-local"))


# --------------------------------------------------------------------------------------------- topics


async def _wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str], timeout_s: float = 30.0) -> None:
    """Create returns before every partition has a leader; producers and assign() want one."""
    deadline = time.monotonic() + timeout_s
    pending = names
    while pending:
        described = await admin.describe_topics(names)
        pending = [
            topic["topic"]
            for topic in described
            if topic["error_code"] != 0 or any(part["leader"] < 0 for part in topic["partitions"])
        ]
        if pending and time.monotonic() > deadline:
            raise TimeoutError(f"topics without partition leaders after {timeout_s}s: {pending}")
        if pending:
            await asyncio.sleep(0.1)


@pytest.fixture
async def kafka_admin(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaAdminClient]:
    """A started admin client on the session's broker."""
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


@pytest.fixture
async def topic_factory(
    kafka_admin: AIOKafkaAdminClient, request: pytest.FixtureRequest
) -> AsyncIterator[TopicFactory]:
    """``await topic_factory(partitions=1, configs={...})`` creates a topic only this test uses; all go at teardown."""
    created: list[str] = []
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", request.node.name).strip("-")[:80]

    async def make(partitions: int = 1, *, configs: Mapping[str, str] | None = None) -> str:
        name = f"it-{stem}-{uuid.uuid4().hex[:10]}"
        topic = NewTopic(name, num_partitions=partitions, replication_factor=1, topic_configs=dict(configs or {}))
        response = await kafka_admin.create_topics([topic])
        errors = [(t[0], t[1], t[2] if len(t) > 2 else None) for t in response.topic_errors if t[1] != 0]
        if errors:
            raise RuntimeError(f"create_topics failed: {errors}")
        created.append(name)
        await _wait_for_leaders(kafka_admin, [name])
        return name

    yield make
    if created:
        await kafka_admin.delete_topics(created)
