"""``claimwire publish`` puts saved pages, JSON lines and WARC records on a real broker, keyed, with CE headers.

The command runs as a user runs it (a subprocess); the topic is then read back record by record.
"""

from __future__ import annotations

import asyncio
import base64
import io
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from tests.integration.kafka_read import read_committed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimwire.adapters.codec import CE_TYPE_RAW, decode_raw, read_ce_headers

__all__: list[str] = []

JSONL_GOOD = [
    b'{"id":"j-1","url":"https://news.example/j1","fetched_at":"2023-03-30T09:00:00Z","content_type":"text/html",'
    b'"body":"<p>One</p>","crawler_field":[1,2]}',
    b'{"id":"j-2","url":"https://news.example/j2 ","fetched_at":"2023-03-30T09:00:00+03:00",'
    b'"content_type":"text/plain","body":"Two."}',
]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m claimwire`` as a user would; JSON log lines on stderr."""
    return subprocess.run(
        [sys.executable, "-m", "claimwire", *args],
        input=stdin,
        capture_output=True,
        timeout=180,
        check=False,
        env={**os.environ, "CLAIMWIRE_LOG_FORMAT": "json"},
    )


def log_events(stderr: bytes) -> list[dict[str, Any]]:
    """The JSON log lines of a run."""
    return [orjson.loads(line) for line in stderr.splitlines() if line.startswith(b"{")]


async def read_all(bootstrap: str, topic: str, partitions: int) -> list[Any]:
    """Every committed record of a topic, up to its end offsets now."""
    return await read_committed(bootstrap, topic, partitions)


def small_warc() -> bytes:
    """A request and its HTML response, gzipped as crawlers write them."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    request = StatusAndHeaders("GET /w HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example/w", "request", http_headers=request))
    body = "<html><body><p>From the archive — 3 dead.</p></body></html>".encode()
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], "HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/w", "response", payload=io.BytesIO(body), length=len(body), http_headers=http
        )
    )
    return buffer.getvalue()


async def test_a_folder_of_pages_jsonl_and_warc_is_published_keyed_with_headers_and_bad_lines_reported(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]], tmp_path: Path
) -> None:
    """Every valid input becomes one keyed record with CE headers; the broken JSON line is named and exits 1."""
    topic = await topic_factory(partitions=2)
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "a.html").write_text("<html><body><p>Alpha said 5 were hurt.</p></body></html>", encoding="utf-8")
    (site / "sub" / "b.txt").write_bytes("Beta — in cp1252: Café".encode("cp1252"))
    (site / "feed.jsonl").write_bytes(JSONL_GOOD[0] + b"\n{broken\n" + JSONL_GOOD[1] + b"\n")
    (site / "crawl.warc.gz").write_bytes(small_warc())
    done = await asyncio.to_thread(
        run_cli,
        "publish",
        str(site),
        "--base-url",
        "https://mirror.example/",
        "--topic",
        topic,
        "--bootstrap-servers",
        kafka_bootstrap,
        "--no-progress",
    )
    rejected = [(e["origin"], e["reason"][:17]) for e in log_events(done.stderr) if e["event"] == "input rejected"]
    assert (1, [(f"{site}/feed.jsonl:2", "value is not JSON")]) == (done.returncode, rejected), done.stderr
    records = await read_all(kafka_bootstrap, topic, 2)
    by_key = {r.key: r for r in records}
    assert {
        b"https://mirror.example/a.html",
        b"https://mirror.example/sub/b.txt",
        b"https://news.example/j1",
        b"https://news.example/j2",
        b"https://news.example/w",
    } == set(by_key)
    assert 5 == len(records)
    for record in records:
        article = decode_raw(record.value)
        meta = read_ce_headers(record.headers)
        assert (CE_TYPE_RAW, article.id, "application/json", "1.0") == (
            meta.type,
            meta.id,
            meta.content_type,
            meta.specversion,
        )
    assert JSONL_GOOD[1] == by_key[b"https://news.example/j2"].value  # the crawler's own bytes, stray space and all
    cp1252 = decode_raw(by_key[b"https://mirror.example/sub/b.txt"].value)
    assert (None, "Beta — in cp1252: Café".encode("cp1252")) == (
        cp1252.body,
        base64.b64decode(cp1252.body_base64 or ""),
    )


async def test_a_page_on_stdin_is_published_under_the_given_url(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]]
) -> None:
    """``publish - --url`` reads one page from stdin; all valid means exit 0 and a summary on stderr."""
    topic = await topic_factory()
    page = b"<p>Stdin page.</p>"
    done = await asyncio.to_thread(
        run_cli,
        "publish",
        "-",
        "--url",
        "https://news.example/stdin",
        "--topic",
        topic,
        "--bootstrap-servers",
        kafka_bootstrap,
        "--no-progress",
        stdin=page,
    )
    (record,) = await read_all(kafka_bootstrap, topic, 1)
    assert (0, b"https://news.example/stdin", "<p>Stdin page.</p>") == (
        done.returncode,
        record.key,
        decode_raw(record.value).body,
    )
    assert b"published 1 records to " + topic.encode() in done.stderr


async def test_a_dry_run_lists_records_without_a_broker(tmp_path: Path) -> None:
    """--dry-run validates and lists (origin, key, id, size) and never connects."""
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(JSONL_GOOD))
    done = await asyncio.to_thread(
        run_cli, "publish", str(tmp_path / "feed.jsonl"), "--dry-run", "--bootstrap-servers", "127.0.0.1:1"
    )
    listed = [line.split("\t")[:3] for line in done.stdout.decode().splitlines()]
    assert (
        0,
        [
            [f"{tmp_path}/feed.jsonl:1", "https://news.example/j1", "j-1"],
            [f"{tmp_path}/feed.jsonl:2", "https://news.example/j2", "j-2"],
        ],
    ) == (done.returncode, listed)


async def test_an_unreachable_broker_is_exit_status_3_with_the_reason(tmp_path: Path) -> None:
    """No broker at the address: the command says so in one log line and exits 3."""
    (tmp_path / "a.txt").write_text("x")
    done = await asyncio.to_thread(
        run_cli, "publish", str(tmp_path / "a.txt"), "--bootstrap-servers", "127.0.0.1:1", "--no-progress"
    )
    failures = [e for e in log_events(done.stderr) if e["event"] == "broker failure"]
    assert (3, 1) == (done.returncode, len(failures)), done.stderr


async def test_records_from_a_slow_stdin_are_published_while_it_is_still_open(
    kafka_bootstrap: str, topic_factory: Callable[..., Awaitable[str]]
) -> None:
    """A crawler piping JSON lines gets each one onto the topic without waiting for the end of its input."""
    topic = await topic_factory()
    args = ["publish", "-", "--topic", topic, "--bootstrap-servers", kafka_bootstrap, "--no-progress"]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "claimwire",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stderr is not None
    try:
        process.stdin.write(JSONL_GOOD[0] + b"\n")
        await process.stdin.drain()
        first: list[Any] = []
        for _ in range(60):  # up to ~30 s for a cold interpreter and producer
            first = await read_all(kafka_bootstrap, topic, 1)
            if first:
                break
            await asyncio.sleep(0.5)
        process.stdin.write(JSONL_GOOD[1] + b"\n")
        process.stdin.close()
        stderr = await asyncio.wait_for(process.stderr.read(), 60)
        code = await asyncio.wait_for(process.wait(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert ([JSONL_GOOD[0]], 0) == ([r.value for r in first], code), stderr
    assert [JSONL_GOOD[0], JSONL_GOOD[1]] == [r.value for r in await read_all(kafka_bootstrap, topic, 1)]
