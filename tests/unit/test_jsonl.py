"""The JSON-lines adapters run the service's app offline: order kept, bad lines dead-lettered byte for byte."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from typing import Any

import orjson

from claimwire.adapters.jsonl import JsonlSink, JsonlSource
from claimwire.adapters.memory import FakeStep
from claimwire.bootstrap import bootstrap
from claimwire.settings import Settings

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def raw(i: int, body: str = "Title\n\nClaim: it rained.") -> bytes:
    return orjson.dumps({"id": f"r{i}", "url": f"https://example.com/{i}", "fetched_at": "2024-05-01T10:00:00Z",
                         "content_type": "text/plain", "body": body})


async def process(data: bytes, *, claims: bool = False, **settings: Any) -> dict[str, list[bytes]]:
    """Run the app over ``data`` with JSON-lines ports; the lines written per output."""
    cfg = Settings(workers=0, **settings)
    files = {"articles.enriched": io.BytesIO(), "articles.dlq": io.BytesIO()}
    if claims:
        files["claims.tagged"] = io.BytesIO()
    source = JsonlSource(io.BytesIO(data), name="pages.jsonl", batch_lines=3)
    sink = JsonlSink(files)
    await bootstrap(cfg, source, sink, step=FakeStep(), clock=lambda: NOW).run()
    return {topic: file.getvalue().splitlines() for topic, file in files.items()}


async def test_lines_come_out_enriched_in_input_order() -> None:
    """Twenty lines in, twenty enriched articles out in the same order; no dead letters."""
    out = await process(b"".join(raw(i) + b"\n" for i in range(20)))
    assert [f"r{i}" for i in range(20)] == [orjson.loads(line)["raw_id"] for line in out["articles.enriched"]]
    assert [] == out["articles.dlq"]


async def test_a_bad_line_is_dead_lettered_with_its_bytes_and_line_number() -> None:
    """A broken line becomes a dead letter holding the line exactly (CR included), its offset the line number."""
    bad = b'{"id": "r1", "url": \r'
    out = await process(raw(0) + b"\n" + bad + b"\n" + raw(2) + b"\n")
    (line,) = out["articles.dlq"]
    letter = orjson.loads(line)
    assert (bad, "pages.jsonl", 1, "DecodeError") == (
        base64.b64decode(letter["original"]["value_base64"]),
        letter["original"]["topic"],
        letter["original"]["offset"],
        letter["error"]["type"],
    )
    assert ["r0", "r2"] == [orjson.loads(x)["raw_id"] for x in out["articles.enriched"]]


async def test_blank_lines_are_skipped_but_keep_their_numbers() -> None:
    """Whitespace-only lines carry no event; the line after them is still numbered as in the file."""
    out = await process(raw(0) + b"\n\n   \n" + b"junk\n")
    (line,) = out["articles.dlq"]
    assert 3 == orjson.loads(line)["original"]["offset"]
    assert 1 == len(out["articles.enriched"])


async def test_a_last_line_without_newline_is_processed() -> None:
    """The final line needs no trailing newline."""
    out = await process(raw(0) + b"\n" + raw(1))
    assert ["r0", "r1"] == [orjson.loads(x)["raw_id"] for x in out["articles.enriched"]]


async def test_claim_events_go_to_the_claims_file_when_one_is_given() -> None:
    """With a claims output, each claim is one line; without one, claims are not written anywhere."""
    with_claims = await process(raw(0) + b"\n", claims=True)
    assert ["Claim: it rained."] == [orjson.loads(x)["text"] for x in with_claims["claims.tagged"]]
    without = await process(raw(0) + b"\n")
    assert {"articles.enriched", "articles.dlq"} == set(without)
