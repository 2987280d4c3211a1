"""``claimwire run`` with the real pipeline on the real broker: the seed page end to end, and 1,000 events with
5% broken in varied ways.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import json
import signal
import subprocess
import sys
import unicodedata
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
from aiokafka.partitioner import DefaultPartitioner
from tests.integration.test_service_support import (
    Instance,
    TopicFactory,
    free_port,
    make_topics,
    produce,
    read_committed,
    wait_until,
)

from claimwire.adapters.codec import CE_TYPE_CLAIM, CE_TYPE_ENRICHED, CE_TYPE_RAW, ce_headers, encode_event
from claimwire.core.models import RawArticle

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "kyiv-independent-2023-03-30.txt"
GOLDEN = json.loads((DATA / "kyiv-independent-2023-03-30.expected.json").read_text(encoding="utf-8"))
TRACEPARENT = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def seed_raw() -> RawArticle:
    return RawArticle(
        id="fetch-kyiv-independent-2023-03-30",
        url="https://kyivindependent.com/uk-defense-ministry-russia-highly-unlikely-to-call-up-400000-volunteers/",
        fetched_at=datetime(2023, 3, 30, 12, 5, 7, tzinfo=timezone(timedelta(hours=3))),
        content_type="text/plain",
        body=SEED.read_text(encoding="utf-8"),
        outlet="The Kyiv Independent",
        language="en",
    )


def norm(text: str) -> str:
    """NFKC and collapsed whitespace, as the golden file says texts are compared."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def assert_matches_golden(enriched: dict[str, Any]) -> None:
    """The article fields and the required claims of the seed page's golden expectations."""
    article, expected = enriched["article"], GOLDEN["article"]
    assert norm(expected["title"]) == norm(article["title"])
    assert expected["authors"] == article["authors"]
    assert (expected["outlet"], expected["language"]) == (article["outlet"], article["language"])
    assert [norm(p) for p in expected["paragraphs"]] == [norm(p) for p in article["paragraphs"]]
    published = article["published_local"] or (article["published_at"] or "")[:19]
    assert expected["published_local"] == published
    assert [] == [phrase for phrase in expected["must_not_contain"] if phrase in article["text"]]
    claim_texts = [norm(c["text"]) for c in enriched["claims"]]
    missing = [
        c["cue"] for c in GOLDEN["claims"]
        if not c.get("optional") and not any(norm(c["cue"]) in text for text in claim_texts)
    ]
    assert [] == missing


def http_get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def test_the_seed_page_comes_out_enriched_with_its_claims_as_the_offline_command_makes_them(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """The seed page in: its EnrichedArticle (golden fields, CloudEvents headers, trace continued) and one claim event
    per claim out, equal to what `claimwire process` makes of the same line; /readyz and /metrics answer meanwhile."""
    topics = await make_topics(topic_factory, partitions=1)
    raw = seed_raw()
    value = encode_event(raw)
    headers = ce_headers(ce_type=CE_TYPE_RAW, ce_id=raw.id, source="/it/crawler", time=raw.fetched_at,
                         traceparent=TRACEPARENT)
    await produce(kafka_bootstrap, topics.raw, [(raw.url.encode(), value, headers)])
    port = free_port()
    service = Instance("seed", {**topics.env(kafka_bootstrap), "CLAIMWIRE_METRICS_PORT": str(port)}, tmp_path,
                       fake=False)
    try:
        async def enriched_out() -> bool:
            return bool(await read_committed(kafka_bootstrap, topics.enriched))

        await wait_until(enriched_out, timeout_s=120, what="the seed's enriched article")
        ready, _ = await asyncio.to_thread(http_get, port, "/readyz")
        _, metrics = await asyncio.to_thread(http_get, port, "/metrics")
        service.signal(signal.SIGTERM)
        assert 0 == await service.wait(60)
    finally:
        service.kill()

    (record,) = await read_committed(kafka_bootstrap, topics.enriched)
    enriched = orjson.loads(record.value)
    heads = dict(record.headers)
    assert (CE_TYPE_ENRICHED.encode(), enriched["id"].encode()) == (heads["ce_type"], heads["ce_id"])
    assert TRACEPARENT.split(b"-")[1] == heads["traceparent"].split(b"-")[1]
    assert enriched["canonical_url"].encode() == record.key

    claims = await read_committed(kafka_bootstrap, topics.claims)
    assert [c["id"] for c in enriched["claims"]] == [orjson.loads(c.value)["id"] for c in claims]
    assert [CE_TYPE_CLAIM.encode()] * len(claims) == [dict(c.headers)["ce_type"] for c in claims]
    assert [c.key for c in claims] == [orjson.loads(c.value)["id"].encode() for c in claims]
    assert [enriched["id"]] * len(claims) == [orjson.loads(c.value)["article_id"] for c in claims]

    offline = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "claimwire", "process", "--input", "-", "--output", "-", "--workers", "0"],
        input=value + b"\n", capture_output=True, check=True, timeout=120,
    )
    made_offline = orjson.loads(offline.stdout)
    for event in (made_offline, enriched):
        event["processing"].pop("processed_at")
    assert made_offline == enriched

    assert 200 == ready
    assert b'claimwire_records_consumed_total{topic="' + topics.raw.encode() + b'"} 1.0' in metrics
    assert_matches_golden(enriched)


def _page(i: int, template: str) -> bytes:
    raw = RawArticle(
        id=f"fetch-{i:04d}",
        url=f"https://news.example.org/2024/05/story-{i:04d}",
        fetched_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC) + timedelta(seconds=i),
        content_type="text/html",
        body=template.replace("</h1>", f" (update {i})</h1>", 1),
    )
    return encode_event(raw)


def _broken(kind: int, i: int) -> bytes | None:
    """Ten ways an input can be broken; each is deterministic for the service (a dead letter, never a retry)."""
    base = {"id": f"bad-{i}", "url": f"https://news.example.org/bad/{i}", "fetched_at": "2024-05-01T09:00:00Z",
            "content_type": "text/html", "body": "<p>x</p>"}
    return [
        b"\xff\xfe\x00 not utf-8 " + str(i).encode(),
        b'{"id": "truncated-' + str(i).encode(),
        b"[1, 2, 3]",
        None,  # a tombstone
        orjson.dumps({k: v for k, v in base.items() if k != "url"}),
        orjson.dumps({**base, "content_type": "application/pdf"}),
        orjson.dumps({**base, "fetched_at": "2024-05-01 09:00"}),
        orjson.dumps({**base, "body": "x" * 300_000}),  # over CLAIMWIRE_MAX_EVENT_BYTES below
        orjson.dumps({**base, "body": ""}),  # NormalizeError: empty page
        orjson.dumps({**base, "body": "\x00\x01\x02\x03" * 64}),  # NormalizeError: binary
    ][kind % 10]


async def test_a_thousand_events_five_percent_broken_yield_exactly_one_output_or_dead_letter_each(
    kafka_bootstrap: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """1,000 events, 50 broken ten ways: read_committed holds one enriched article per good input and one dead letter
    per bad input, whose original key and value equal the input's bytes; every enriched article and claim sits in the
    partition the default (Java-compatible murmur2) partitioner picks for its key."""
    templates = [p.read_text(encoding="utf-8") for p in sorted((DATA / "samples").glob("*.html"))]
    inputs: list[tuple[bytes | None, bytes | None]] = []
    for i in range(1000):
        key = f"key-{i}".encode()
        inputs.append((key, _broken(i // 20, i) if i % 20 == 7 else _page(i, templates[i % len(templates)])))
    positions = await produce(kafka_bootstrap, (topics := await make_topics(topic_factory)).raw,
                              [(k, v, ()) for k, v in inputs])
    bad = {pos: inputs[n] for n, pos in enumerate(positions) if n % 20 == 7}
    good_ids = {f"fetch-{n:04d}" for n in range(1000) if n % 20 != 7}
    env = {**topics.env(kafka_bootstrap), "CLAIMWIRE_MAX_EVENT_BYTES": str(256 * 1024)}
    service = Instance("thousand", env, tmp_path, fake=False)
    try:
        async def all_out() -> bool:
            enriched = await read_committed(kafka_bootstrap, topics.enriched)
            letters = await read_committed(kafka_bootstrap, topics.dlq)
            return len(enriched) >= len(good_ids) and len(letters) >= len(bad)

        await wait_until(all_out, timeout_s=400, what="950 enriched articles and 50 dead letters", every_s=2)
        await asyncio.sleep(2)
        service.signal(signal.SIGTERM)
        assert 0 == await service.wait(60)
    finally:
        service.kill()

    enriched = await read_committed(kafka_bootstrap, topics.enriched)
    assert dict.fromkeys(good_ids, 1) == dict(collections.Counter(orjson.loads(r.value)["raw_id"] for r in enriched))
    letters = [(r.key, orjson.loads(r.value)) for r in await read_committed(kafka_bootstrap, topics.dlq)]
    found = {}
    for key, letter in letters:
        original = letter["original"]
        value = None if original["value_base64"] is None else base64.b64decode(original["value_base64"])
        assert (topics.raw, key) == (original["topic"], base64.b64decode(original["key_base64"]))
        found[(original["partition"], original["offset"])] = (key, value)
    assert bad == found
    stages = collections.Counter(letter["error"]["stage"] for _, letter in letters)
    assert {"decode": 25, "validate": 15, "normalize": 10} == dict(stages)

    claims = await read_committed(kafka_bootstrap, topics.claims)
    keyed = [*enriched, *claims]
    partitions = [0, 1, 2, 3]
    assert len(claims) > 100
    assert [DefaultPartitioner()(r.key, partitions, partitions) for r in keyed] == [r.partition for r in keyed]
