"""Stream throughput and latency of ``claimwire run`` against its ceilings and a FastStream peer, in one run.

    python bench/stream.py [--bootstrap HOST:PORT] [--events 400] [--workers 2] [--rounds 2]

(a) bare aiokafka passthrough (consume -> produce, no work): the transport ceiling;
(b) the offline pipeline rate on the same pages (``process_value`` in a process pool of the same size, and of 1),
    and (b') ``claimwire process`` on them as JSON lines (the service's app with file ports instead of Kafka);
(c) ``claimwire run`` end to end, with 1 and with ``--workers`` workers: articles/s draining a backlog, then p50/p99
    latency from raw produce to enriched visible (read_committed) at half that rate, and peak RSS (the service
    and its workers, summed). The backlog is real: the app is stopped (SIGSTOP) while it is written and resumed
    (SIGCONT) when the clock starts, so this script's producer and the broker's intake of it do not run beside the
    app, just as (b) reads its input from memory; throughput counts the output records without parsing them;
(d) a FastStream subscriber/publisher app calling the same pipeline function, as a team would write it (one process),
    and (d2) two replicas of it in one group, measured the same way as (c).
Pages: the extraction-dev HTML pages (shared/data) plus the test samples, cycled with distinct ids. Without
``--bootstrap`` (or KAFKA_BOOTSTRAP_SERVERS) the script starts its own broker with deploy/kafka-local/kafka.
Each row also says where the machine's CPU went during the throughput phase (the app's main process(es), its
workers, the broker JVM, this script, everything else) and the CPU milliseconds per article, so a missed target can be
read off as overhead or as a busy machine. A short service run before the first round warms the broker up (not
reported). Scenarios (b)-(d2) run ``--rounds`` times, every other round in reverse
order, and rates are averaged, so a change of load during the run weighs on all of them alike.
Numbers on a shared 2-core machine are noisy: run it more than once.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import functools
import gzip
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from claimwire._version import SERVICE_VERSION
from claimwire.adapters.codec import encode_event
from claimwire.app_pool import PipelineStep, process_value
from claimwire.core.models import RawArticle

ROOT = Path(__file__).resolve().parents[1]
KAFKA = ROOT / "deploy" / "kafka-local" / "kafka"
PAGES = [
    *sorted(Path("/work/shared/data/extraction-dev/html").glob("*.html.gz")),
    *sorted((ROOT / "tests" / "data" / "samples").glob("*.html")),
    ROOT / "tests/data/kyiv-independent-2023-03-30.txt",
]
MAX_EVENT = 900_000  # keep every event under the topics' 1 MiB message cap
MiB = 1024 * 1024

# The peer as a team would write it: FastStream parses and validates the JSON into the model, the handler calls the
# same pipeline function and publishes the same events. Per-message logs go to DEBUG (not shown): the peer's best case.
FASTSTREAM_PEER = """
import asyncio, logging, sys
from datetime import UTC, datetime
from faststream import FastStream
from faststream.kafka import KafkaBroker
from claimwire.adapters.codec import encode_event
from claimwire.core.models import RawArticle
from claimwire.core.pipeline import claim_events, enrich
bootstrap, raw, enriched, claims, group = sys.argv[1:6]
broker = KafkaBroker(bootstrap, max_request_size=4 * 1024 * 1024, log_level=logging.DEBUG)
out, claims_out = broker.publisher(enriched), broker.publisher(claims)

@broker.subscriber(raw, group_id=group, auto_offset_reset="earliest", max_partition_fetch_bytes=4 * 1024 * 1024)
async def handle(article: RawArticle) -> None:
    made = enrich(article, now=datetime.now(UTC), service_version="faststream-peer")
    await out.publish(encode_event(made), key=made.canonical_url.encode())
    for event in claim_events(made):
        await claims_out.publish(encode_event(event), key=event.id.encode())

asyncio.run(FastStream(broker).run())
"""


# ----------------------------------------------------------------------------------------------- inputs


def load_pages() -> list[tuple[str, str]]:
    pages = []
    for path in PAGES:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        kind = "text/plain" if path.suffix == ".txt" else "text/html"
        pages.append((kind, data.decode("utf-8", errors="replace")))
    return pages


def make_events(count: int, pages: list[tuple[str, str]]) -> list[bytes]:
    events: list[bytes] = []
    start = datetime(2024, 5, 1, tzinfo=UTC)
    for i in range(count * 3):
        kind, body = pages[i % len(pages)]
        raw = RawArticle(id=f"bench-{uuid.uuid4().hex[:8]}-{i}", url=f"https://bench.example/{i}",
                         fetched_at=start + timedelta(seconds=i), content_type=kind, body=body)
        value = encode_event(raw)
        if len(value) <= MAX_EVENT:
            events.append(value)
        if len(events) == count:
            break
    return events


def raw_id(value: bytes) -> str:
    return str(orjson.loads(value)["id"])


# ----------------------------------------------------------------------------------------------- broker


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def make_topics(bootstrap: str, *names: str, partitions: int = 4) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(n, partitions, 1, topic_configs={"max.message.bytes": str(4 * MiB)})
                                   for n in names])
    finally:
        await admin.close()


async def produce(bootstrap: str, topic: str, values: list[bytes], *, rate: float | None = None) -> dict[str, float]:
    """Send values (keyed by their id); the send time of each id. ``rate`` paces them (per second)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=4 * MiB, linger_ms=5)
    await producer.start()
    sent: dict[str, float] = {}
    try:
        start = time.monotonic()
        futures = []
        for n, value in enumerate(values):
            if rate:
                await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            key = raw_id(value)
            sent[key] = time.monotonic()
            futures.append(await producer.send(topic, value, key=key.encode()))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sent


class Watcher:
    """Reads an output topic (read_committed): counts its records, and notes when each raw id becomes visible.

    Parsing every value for its raw id costs this process about as much CPU as a small part of the app under test,
    so it is switched off (``parse = False``) while throughput is measured; counting records is enough there, since
    each raw event makes exactly one output on this topic."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.bootstrap, self.topic = bootstrap, topic
        self.seen: dict[str, float] = {}
        self.parse = True
        self.count = 0
        self.last = 0.0  # when the latest record became visible
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Watcher:
        consumer = AIOKafkaConsumer(self.topic, bootstrap_servers=self.bootstrap, isolation_level="read_committed",
                                    auto_offset_reset="earliest", enable_auto_commit=False,
                                    max_partition_fetch_bytes=8 * MiB)
        await consumer.start()

        async def run() -> None:
            try:
                while True:
                    for messages in (await consumer.getmany(timeout_ms=100)).values():
                        now = time.monotonic()
                        self.count += len(messages)
                        self.last = now
                        if self.parse:
                            for m in messages:
                                self.seen.setdefault(str(orjson.loads(m.value)["raw_id"]), now)
            finally:
                await consumer.stop()

        self._task = asyncio.create_task(run())
        return self

    async def wait(self, ids: set[str], within_s: float) -> None:
        deadline = time.monotonic() + within_s
        while not ids <= self.seen.keys():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(ids - self.seen.keys())} outputs missing on {self.topic}")
            await asyncio.sleep(0.05)

    async def wait_count(self, count: int, within_s: float) -> None:
        deadline = time.monotonic() + within_s
        while self.count < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{count - self.count} outputs missing on {self.topic}")
            await asyncio.sleep(0.02)
        if self.count > count:
            raise RuntimeError(f"{self.count - count} more outputs than inputs on {self.topic}: duplicates")

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


# ----------------------------------------------------------------------------------------------- processes


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MiB (shared pages are counted in each)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total / 1024


CLK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK


def children(pid: int) -> list[int]:
    """All descendants of a process."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = [int(c) for c in (task / "children").read_text().split()]
                found.extend(kids)
                todo.extend(kids)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores, all processes)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / CLK


class CpuSplit:
    """Where the machine's CPU went during a phase: the app's main process(es), its workers, the broker, this
    script (producing and watching), and everything else (other users of the shared machine)."""

    def __init__(self, mains: list[int], broker: int | None) -> None:
        self.mains, self.broker = mains, broker
        self.workers = [c for m in mains for c in children(m)]

    def _now(self) -> list[float]:
        bench = cpu_s(os.getpid()) if os.getpid() not in self.mains else 0.0
        return [sum(map(cpu_s, self.mains)), sum(map(cpu_s, self.workers)),
                cpu_s(self.broker) if self.broker else 0.0, bench, machine_busy_s(), time.monotonic()]

    def __enter__(self) -> CpuSplit:
        self._start = self._now()
        return self

    def __exit__(self, *exc: object) -> None:
        main, workers, broker, bench, busy, wall = (b - a for a, b in zip(self._start, self._now(), strict=True))
        self.seconds = {"main": main, "workers": workers, "broker": broker, "bench": bench,
                        "others": max(0.0, busy - main - workers - broker - bench)}
        self.wall = wall


def signal_all(pids: list[int], signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def start_procs(commands: list[list[str]], env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    procs = []
    for n, command in enumerate(commands):
        with (logs / f"proc-{n}-{uuid.uuid4().hex[:6]}.log").open("wb") as log:
            procs.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT))
    return procs


async def stop_procs(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            await asyncio.to_thread(proc.wait, 60)
        except subprocess.TimeoutExpired:
            proc.kill()


async def measure_app(name: str, bootstrap: str, commands: list[list[str]], env: dict[str, str], *,
                      topics: dict[str, str], events: list[bytes], latency_events: list[bytes],
                      logs: Path, broker: int | None) -> dict[str, Any]:
    """Throughput with a backlog, then latency at half that rate, and peak RSS, of an app reading topics["raw"]."""
    procs = await asyncio.to_thread(start_procs, commands, env, logs)
    peak = 0.0

    async def sample_rss() -> None:
        nonlocal peak
        while True:
            peak = max(peak, sum(tree_rss_mb(p.pid) for p in procs))
            await asyncio.sleep(0.2)

    sampler = asyncio.create_task(sample_rss())
    try:
        async with Watcher(bootstrap, topics["enriched"]) as watcher:
            warm = events[:8]  # joins the group and loads models before the clock starts
            await produce(bootstrap, topics["raw"], warm)
            await watcher.wait({raw_id(v) for v in warm}, within_s=300)
            body = events[8:]
            # A real backlog: the app (its workers too) is stopped while the backlog is written and resumed when
            # the clock starts, so neither this script's producer nor the broker's intake of it runs beside the
            # app. Stopped for a second or two, it stays in its group (session timeout 10 s).
            watcher.parse = False
            tree = [p.pid for p in procs] + [c for p in procs for c in children(p.pid)]
            signal_all(tree, signal.SIGSTOP)
            try:
                await produce(bootstrap, topics["raw"], body)
            except BaseException:
                signal_all(tree, signal.SIGCONT)
                raise
            with CpuSplit([p.pid for p in procs], broker) as split:
                signal_all(tree, signal.SIGCONT)
                start = time.monotonic()
                await watcher.wait_count(len(warm) + len(body), within_s=1800)
            rate = len(body) / (watcher.last - start)
            watcher.parse = True
            sent = await produce(bootstrap, topics["raw"], latency_events, rate=rate / 2)
            await watcher.wait(set(sent), within_s=600)
            latencies = sorted((watcher.seen[i] - t) * 1000 for i, t in sent.items())
    finally:
        sampler.cancel()
        await stop_procs(procs)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {"name": name, "rate": rate, "p50": statistics.median(latencies), "p99": p99, "rss": peak,
            "lat": latencies, "cpu": split, "n": len(body)}


# ----------------------------------------------------------------------------------------------- scenarios


async def passthrough(bootstrap: str, events: list[bytes]) -> dict[str, Any]:
    """(a) consume -> produce with no work, committing after each batch's acks."""
    src, dst = f"bench-a-{uuid.uuid4().hex[:6]}", f"bench-a-out-{uuid.uuid4().hex[:6]}"
    await make_topics(bootstrap, src, dst)
    await produce(bootstrap, src, events)
    consumer = AIOKafkaConsumer(src, bootstrap_servers=bootstrap, group_id=f"pt-{src}", enable_auto_commit=False,
                                auto_offset_reset="earliest", max_partition_fetch_bytes=8 * MiB)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=4 * MiB, linger_ms=5)
    await consumer.start()
    await producer.start()
    moved, start = 0, time.monotonic()
    try:
        while moved < len(events):
            batch = await consumer.getmany(timeout_ms=200)
            futures = [await producer.send(dst, m.value, key=m.key) for ms in batch.values() for m in ms]
            await asyncio.gather(*futures)
            if batch:
                await consumer.commit()
            moved += len(futures)
    finally:
        await consumer.stop()
        await producer.stop()
    return {"name": "(a) aiokafka passthrough, no work", "rate": moved / (time.monotonic() - start)}


def offline(events: list[bytes], workers: int) -> dict[str, Any]:
    """(b) the pipeline alone, same pages, a fork pool of ``workers`` (warmed first)."""
    step = PipelineStep(SERVICE_VERSION)
    step.load()
    now = datetime.now(UTC)
    ctx = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        list(pool.map(process_value, events[:8], [now] * 8, [step] * 8, [25 * MiB] * 8, [MiB] * 8))
        start = time.monotonic()
        n = len(events)
        with CpuSplit([os.getpid()], None) as split:
            list(pool.map(process_value, events, [now] * n, [step] * n, [25 * MiB] * n, [MiB] * n, chunksize=4))
        took = time.monotonic() - start
    return {"name": f"(b) offline pipeline, {workers} worker(s)", "rate": n / took, "cpu": split, "n": n}


def offline_command(events: list[bytes], workers: int, logs: Path) -> dict[str, Any]:
    """(b') ``claimwire process`` on the same pages as JSON lines: the service's own app (lanes, worker pool,
    ordered delivery) with file ports instead of Kafka. Its start-up (imports, warming the workers) is taken out
    by timing a run of the first 8 events too: rate = (n - 8) / (time of n - time of 8)."""
    times = []
    for count in (8, len(events)):
        src = logs / f"process-in-{uuid.uuid4().hex[:6]}.jsonl"
        src.write_bytes(b"".join(v + b"\n" for v in events[:count]))
        command = [sys.executable, "-m", "claimwire", "process", "--input", str(src), "--output", os.devnull,
                   "--claims", os.devnull, "--workers", str(workers), "--no-progress"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_")}
        env["CLAIMWIRE_LOG_LEVEL"] = "WARNING"
        start = time.monotonic()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.monotonic() - start)
        src.unlink()
    return {"name": f"(b') claimwire process, {workers} worker(s)", "rate": (len(events) - 8) / (times[1] - times[0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    parser.add_argument("--events", type=int, default=400, help="events per throughput phase")
    parser.add_argument("--latency-events", type=int, default=150, help="events in each paced latency phase")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--rounds", type=int, default=2,
                        help="run (b)-(d2) this many times, every other round in reverse order, and average")
    parser.add_argument("--skip-faststream", action="store_true")
    args = parser.parse_args()

    pages = load_pages()
    events = make_events(args.events + 8, pages)
    latency_events = make_events(args.latency_events, pages)
    state = Path(tempfile.mkdtemp(prefix="bench-stream-"))
    kafka_env = {**os.environ, "CLAIMWIRE_KAFKA_STATE_DIR": str(state)}
    bootstrap, own, broker = args.bootstrap, None, None
    if not bootstrap:
        port = free_port()
        own = ["--port", str(port), "--controller-port", str(free_port())]
        for attempt in range(3):  # kafka-local's start can fail on a random cluster id starting with "-"
            out = subprocess.run([str(KAFKA), *own, "--stop-with", str(os.getpid()), "start"], env=kafka_env,
                                 check=attempt == 2, capture_output=True, text=True)
            if out.returncode == 0:
                break
        bootstrap = out.stdout.strip().splitlines()[-1]
        broker = int((state / f"port-{port}" / "kafka.pid").read_text().split()[0])
    try:
        results = asyncio.run(run_all(bootstrap, args, events, latency_events, state, broker=broker))
    finally:
        if own is not None:
            subprocess.run([str(KAFKA), *own, "stop"], env=kafka_env, check=False, capture_output=True)
        shutil.rmtree(state, ignore_errors=True)
    report(results, args, events[8:])


async def run_all(bootstrap: str, args: argparse.Namespace, events: list[bytes], latency_events: list[bytes],
                  logs: Path, *, broker: int | None) -> list[list[dict[str, Any]]]:
    """(a) once, then rounds of (b1) (b) (c1) (c) (d) (d2), every other round reversed, so a change of the machine's
    load during the run weighs on every scenario alike."""
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_")}

    async def offline_run(workers: int) -> dict[str, Any]:
        return await asyncio.to_thread(offline, events, workers)

    async def offline_cli(workers: int) -> dict[str, Any]:
        return await asyncio.to_thread(offline_command, events, workers, logs)

    async def service(workers: int, *, body: list[bytes] = events, paced: list[bytes] = latency_events
                      ) -> dict[str, Any]:
        topics = {k: f"bench-c{workers}-{k}-{uuid.uuid4().hex[:6]}" for k in ("raw", "enriched", "claims", "dlq")}
        await make_topics(bootstrap, *topics.values())
        env = {**base_env, "CLAIMWIRE_BOOTSTRAP_SERVERS": bootstrap, "CLAIMWIRE_WORKERS": str(workers),
               "CLAIMWIRE_METRICS_PORT": "0", "CLAIMWIRE_GROUP_ID": f"bench-{topics['raw']}",
               "CLAIMWIRE_LOG_LEVEL": "WARNING", **{f"CLAIMWIRE_TOPIC_{k.upper()}": v for k, v in topics.items()}}
        return await measure_app(
            f"(c) claimwire run, {workers} worker(s)", bootstrap, [[sys.executable, "-m", "claimwire", "run"]],
            env, topics=topics, events=body, latency_events=paced, logs=logs, broker=broker)

    async def peer(replicas: int) -> dict[str, Any]:
        topics = {k: f"bench-d{replicas}-{k}-{uuid.uuid4().hex[:6]}" for k in ("raw", "enriched", "claims")}
        await make_topics(bootstrap, *topics.values())
        command = [sys.executable, "-c", FASTSTREAM_PEER, bootstrap, topics["raw"], topics["enriched"],
                   topics["claims"], f"bench-{topics['raw']}"]
        label = "(d) FastStream peer, 1 process" if replicas == 1 else "(d2) FastStream peer, 2 replicas"
        return await measure_app(label, bootstrap, [command] * replicas, base_env, topics=topics, events=events,
                                 latency_events=latency_events, logs=logs, broker=broker)

    scenarios: list[Callable[[], Awaitable[dict[str, Any]]]] = []
    for workers in sorted({1, args.workers}):
        scenarios += [functools.partial(offline_run, workers), functools.partial(offline_cli, workers),
                      functools.partial(service, workers)]
    if not args.skip_faststream:
        scenarios += [functools.partial(peer, 1), functools.partial(peer, 2)]
    rounds = [[await passthrough(bootstrap, events)]]
    # A short service run first, not reported: a freshly started broker JIT-compiles its transaction, fetch and
    # produce paths during its first minute, which would otherwise be charged to whichever scenario runs first.
    print("warm-up: a short claimwire run, not reported", file=sys.stderr)
    await service(args.workers, body=events[:48], paced=latency_events[:10])
    for n in range(args.rounds):
        order = scenarios if n % 2 == 0 else scenarios[::-1]
        print(f"round {n + 1}/{args.rounds} (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
        done = [await run() for run in order]
        rounds.append(done if n % 2 == 0 else done[::-1])
    return rounds


def report(rounds: list[list[dict[str, Any]]], args: argparse.Namespace, events: list[bytes]) -> None:  # noqa: PLR0912
    cores = len(os.sched_getaffinity(0))
    print(f"\nbench/stream.py: {len(events)} events (extraction-dev pages + samples, mean "
          f"{statistics.mean(map(len, events)) / 1024:.0f} KiB), up to {args.workers} worker(s), {cores} cores, "
          f"{args.rounds} round(s) (rates: mean over rounds; latency percentiles over all rounds' events)")
    merged: dict[str, dict[str, Any]] = {}
    for results in rounds:
        for r in results:
            m = merged.setdefault(r["name"], {"name": r["name"], "rates": [], "lat": [], "rss": 0.0, "cpu": []})
            m["rates"].append(r["rate"])
            m["lat"] += r.get("lat", [])
            m["rss"] = max(m["rss"], r.get("rss", 0.0))
            if "cpu" in r:
                m["cpu"].append((r["cpu"], r["n"]))
    print(f"{'scenario':<38} {'articles/s':>10} {'per round':>13} {'p50 ms':>7} {'p99 ms':>7} {'RSS MiB':>8}"
          f"   CPU % of one core (main/workers/broker/bench/others)")
    for m in merged.values():
        m["rate"] = statistics.mean(m["rates"])
        lat = sorted(m["lat"])
        p50 = f"{statistics.median(lat):.0f}" if lat else "-"
        p99 = f"{lat[min(len(lat) - 1, int(len(lat) * 0.99))]:.0f}" if lat else "-"
        rss = f"{m['rss']:.0f}" if m["rss"] else "-"
        per = "/".join(f"{r:.0f}" for r in m["rates"])
        cpu = ""
        if m["cpu"]:
            wall = sum(split.wall for split, _ in m["cpu"])
            shares = {k: 100 * sum(split.seconds[k] for split, _ in m["cpu"]) / wall
                      for k in ("main", "workers", "broker", "bench", "others")}
            cpu = "/".join(f"{v:.0f}" for v in shares.values())
        print(f"{m['name']:<38} {m['rate']:>10.1f} {per:>13} {p50:>7} {p99:>7} {rss:>8}   {cpu}")
    print("CPU ms per article (main/workers/broker):")
    for m in merged.values():
        if m["cpu"]:
            n = sum(count for _, count in m["cpu"])
            ms = [1000 * sum(split.seconds[k] for split, _ in m["cpu"]) / n for k in ("main", "workers", "broker")]
            print(f"  {m['name']:<36} {ms[0]:6.1f} {ms[1]:6.1f} {ms[2]:6.1f}")
    w = args.workers

    def rate(name: str) -> float | None:
        return merged[name]["rate"] if name in merged else None

    c_max, c_one = rate(f"(c) claimwire run, {w} worker(s)"), rate("(c) claimwire run, 1 worker(s)")
    b_max, b_one = rate(f"(b) offline pipeline, {w} worker(s)"), rate("(b) offline pipeline, 1 worker(s)")
    d, d2 = rate("(d) FastStream peer, 1 process"), rate("(d2) FastStream peer, 2 replicas")
    p_max = rate(f"(b') claimwire process, {w} worker(s)")
    if c_max and b_max:
        print(f"(c)/(b) service vs offline pipeline, {w} workers each: {c_max / b_max:.2f}  (target >= 0.9)")
    if c_max and p_max:
        print(f"(c)/(b') service vs `claimwire process` (same app, file ports), {w} workers each: {c_max / p_max:.2f}")
    if c_max and d:
        print(f"(c)/(d) service ({w} workers) vs FastStream peer (1 process): {c_max / d:.2f}  (target >= 1.5)")
    if c_max and d2:
        print(f"(c)/(d2) service ({w} workers) vs FastStream peer (2 replicas): {c_max / d2:.2f}")
    if c_max and c_one and w != 1:
        print(f"1 -> {w} workers speed-up, service: {c_max / c_one:.2f}  (target >= 1.7)")
    if b_max and b_one and w != 1:
        print(f"1 -> {w} workers speed-up, offline pipeline (what this machine allows now): {b_max / b_one:.2f}")


if __name__ == "__main__":
    main()
