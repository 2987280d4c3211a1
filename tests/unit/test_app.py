"""The app's contract, on in-memory fakes: outputs, dead letters, retries, crashes, order, backpressure, shutdown.

Everything here runs the same ``App`` as ``claimwire run`` through ``bootstrap``, with ``MemoryTransport`` in place of
Kafka and ``FakeStep`` in place of the models, so each test is about the plumbing alone.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from claimwire._version import SERVICE_VERSION
from claimwire.adapters.codec import CE_TYPE_CLAIM, CE_TYPE_DEAD_LETTER, CE_TYPE_ENRICHED
from claimwire.adapters.memory import FakeStep, MemoryTransport, fail_times
from claimwire.app import App
from claimwire.app_observe import Observer
from claimwire.app_pool import InlineRunner, Outcome, process_value
from claimwire.bootstrap import bootstrap
from claimwire.core.errors import ConfigError, TransientError
from claimwire.ports import Outgoing, Record, Stream
from claimwire.settings import Settings

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RAW: Stream = ("articles.raw", 0)


def raw(i: int, body: str = "Title\n\nClaim: prices rose 5%.\n\nOther text.", **extra: Any) -> bytes:
    """A RawArticle v1 value."""
    return orjson.dumps(
        {
            "id": f"r{i}",
            "url": f"https://example.com/{i}",
            "fetched_at": "2024-05-01T10:00:00Z",
            "content_type": "text/plain",
            "body": body,
            **extra,
        }
    )


def settings(**overrides: Any) -> Settings:
    """Fast settings: in-process work, tiny back-off."""
    base: dict[str, Any] = {"workers": 0, "retry_initial_s": 0.001, "retry_max_s": 0.004, "shutdown_timeout_s": 2}
    return Settings(**{**base, **overrides})


class Recorder(Observer):
    """Keeps what the app reports."""

    def __init__(self) -> None:
        self.retries: list[str] = []
        self.dead: list[tuple[str, str]] = []
        self.assignments: list[set[Stream]] = []

    def retried(self, stage: str) -> None:
        self.retries.append(stage)

    def dead_lettered(self, stage: str, error_type: str) -> None:
        self.dead.append((stage, error_type))

    def assigned(self, streams: Collection[Stream]) -> None:
        self.assignments.append(set(streams))


def app_for(transport: MemoryTransport, **kwargs: Any) -> App:
    """The app over the fake transport with the fake pipeline and a fixed clock."""
    cfg = kwargs.pop("cfg", None) or settings()
    return bootstrap(cfg, transport, transport, step=kwargs.pop("step", FakeStep()), clock=lambda: NOW, **kwargs)


def values(outs: list[Outgoing]) -> list[dict[str, Any]]:
    return [orjson.loads(o.value) for o in outs]


def header(out: Outgoing, name: str) -> bytes | None:
    return next((v for k, v in out.headers if k == name), None)


# ---------------------------------------------------------------------------------------------- outputs


async def test_every_good_record_yields_one_enriched_article_in_input_order() -> None:
    """Thirty good records in, thirty enriched articles out, in offset order, and the offset fully committed."""
    transport = MemoryTransport.from_values({RAW: [raw(i) for i in range(30)]}, batch_size=7)
    await app_for(transport).run()
    assert [f"r{i}" for i in range(30)] == [v["raw_id"] for v in values(transport.produced("articles.enriched"))]
    assert {RAW: 30} == transport.committed


async def test_each_claim_becomes_one_claim_event_keyed_by_its_id() -> None:
    """An article with two claims yields two claim events whose keys are the claim ids."""
    body = "Title\n\nClaim: one.\n\nClaim: two."
    transport = MemoryTransport.from_values({RAW: [raw(0, body)]})
    await app_for(transport).run()
    claims = transport.produced("claims.tagged")
    assert ["Claim: one.", "Claim: two."] == [v["text"] for v in values(claims)]
    assert [v["id"].encode() for v in values(claims)] == [c.key for c in claims]
    assert {"enriched-r0"} == {v["article_id"] for v in values(claims)}


async def test_outputs_are_keyed_and_carry_cloudevents_headers() -> None:
    """The enriched article is keyed by its canonical URL and has the binary-mode CloudEvents headers."""
    transport = MemoryTransport.from_values({RAW: [raw(7)]})
    await app_for(transport).run()
    enriched = transport.produced("articles.enriched")[0]
    claim = transport.produced("claims.tagged")[0]
    assert b"https://example.com/7" == enriched.key
    assert {
        "ce_specversion": b"1.0",
        "ce_id": b"enriched-r7",
        "ce_type": CE_TYPE_ENRICHED.encode(),
        "ce_source": b"/claimwire",
        "ce_time": b"2024-05-01T12:00:00Z",
        "content-type": b"application/json",
    } == dict(enriched.headers)
    assert CE_TYPE_CLAIM.encode() == header(claim, "ce_type")


async def test_traceparent_is_continued_with_the_same_trace_and_a_new_span() -> None:
    """A valid input traceparent is passed on with its trace id and flags and a fresh span id; invalid ones are not."""
    parent = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    records = [
        Record("articles.raw", 0, 0, b"k", raw(0), (("traceparent", parent),)),
        Record("articles.raw", 0, 1, b"k", raw(1), (("traceparent", b"not-a-trace"),)),
    ]
    transport = MemoryTransport({RAW: records})
    await app_for(transport).run()
    first, second = transport.produced("articles.enriched")
    continued = header(first, "traceparent")
    assert continued is not None
    version, trace, span, flags = continued.split(b"-")
    assert (b"00", b"4bf92f3577b34da6a3ce929d0e0e4736", b"01") == (version, trace, flags)
    assert 16 == len(span)
    assert b"00f067aa0ba902b7" != span
    assert continued == header(transport.produced("claims.tagged")[0], "traceparent")
    assert None is header(second, "traceparent")


# ---------------------------------------------------------------------------------------------- dead letters

BAD_INPUTS = {
    "not UTF-8": (b'{"id": "\xff\xfe"}', "decode", "DecodeError"),
    "not JSON": (b"<html>not json</html>", "decode", "DecodeError"),
    "a JSON array": (b"[1, 2, 3]", "decode", "DecodeError"),
    "a tombstone": (None, "decode", "DecodeError"),
    "missing url": (orjson.dumps({"id": "x", "fetched_at": "2024-05-01T10:00:00Z", "content_type": "text/plain",
                                  "body": "b"}), "validate", "SchemaError"),
    "zone-less fetched_at": (raw(1, fetched_at="2024-05-01T10:00:00"), "validate", "SchemaError"),
    "oversize": (raw(1, body="x" * 5000), "decode", "DecodeError"),
    "a page that cannot be normalized": (raw(1, body="FAIL:normalize"), "normalize", "NormalizeError"),
    "a page the tagger fails on": (raw(1, body="FAIL:tag"), "tag", "TagError"),
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
async def test_a_bad_record_becomes_a_dead_letter_with_its_original_bytes(kind: str) -> None:
    """Each kind of bad input is dead-lettered with key, value and headers byte for byte, and the partition moves on."""
    value, stage, error_type = BAD_INPUTS[kind]
    headers = (("ce_id", b"abc"), ("x-bin", b"\x00\xff"))
    records = [
        Record("articles.raw", 0, 0, b"k0", raw(0)),
        Record("articles.raw", 0, 1, b"\xffkey", value, headers, 1714557600000),
        Record("articles.raw", 0, 2, b"k2", raw(2)),
    ]
    transport = MemoryTransport({RAW: records})
    observer = Recorder()
    await app_for(transport, cfg=settings(max_event_bytes=4096), observer=observer).run()

    (letter_out,) = transport.produced("articles.dlq")
    letter = orjson.loads(letter_out.value)
    original = letter["original"]
    assert b"\xffkey" == letter_out.key
    assert ("articles.raw", 0, 1, 1714557600000) == (
        original["topic"], original["partition"], original["offset"], original["timestamp_ms"]
    )
    assert value == (None if original["value_base64"] is None else base64.b64decode(original["value_base64"]))
    assert b"\xffkey" == base64.b64decode(original["key_base64"])
    assert list(headers) == [(h["key"], base64.b64decode(h["value_base64"])) for h in original["headers"]]
    assert (stage, error_type) == (letter["error"]["stage"], letter["error"]["type"])
    assert (1, SERVICE_VERSION, "2024-05-01T12:00:00Z") == (
        letter["attempts"], letter["service_version"], letter["failed_at"]
    )
    assert CE_TYPE_DEAD_LETTER.encode() == header(letter_out, "ce_type")
    assert ["r0", "r2"] == [v["raw_id"] for v in values(transport.produced("articles.enriched"))]
    assert {RAW: 3} == transport.committed
    assert [(stage, error_type)] == observer.dead


async def test_a_dead_letter_is_delivered_together_with_its_offset() -> None:
    """The delivery that commits past a bad record is the one that holds its dead letter (one transaction)."""
    transport = MemoryTransport.from_values({RAW: [raw(0), b"junk", raw(2)]}, batch_size=1)
    await app_for(transport, cfg=settings(max_batch=1)).run()
    holding = [d for d in transport.deliveries if any(o.topic == "articles.dlq" for o in d.outgoing)]
    assert [2] == [d.next_offset for d in holding]


async def test_an_output_over_the_message_cap_dead_letters_its_input() -> None:
    """An enriched article larger than max_message_bytes is not produced; its input is dead-lettered instead."""
    transport = MemoryTransport.from_values({RAW: [raw(0, body="Title\n\n" + "word " * 400)]})
    await app_for(transport, cfg=settings(max_message_bytes=2048)).run()
    (letter,) = values(transport.produced("articles.dlq"))
    assert ("encode", "OutputTooLarge") == (letter["error"]["stage"], letter["error"]["type"])
    assert [] == transport.produced("articles.enriched")


async def test_a_dead_letter_too_big_for_the_cap_keeps_everything_but_the_value() -> None:
    """When the original value cannot fit a dead letter, the letter says so and points at its offset."""
    transport = MemoryTransport.from_values({RAW: [b"x" * 3000]})
    await app_for(transport, cfg=settings(max_message_bytes=2048)).run()
    (out,) = transport.produced("articles.dlq")
    letter = orjson.loads(out.value)
    assert None is letter["original"]["value_base64"]
    assert "omitted" in letter["error"]["message"]
    assert "articles.raw/0/0" in letter["error"]["message"]
    assert len(out.value) <= 2048


# ---------------------------------------------------------------------------------------------- failures


async def test_transient_delivery_failures_are_retried_without_loss_or_duplicates() -> None:
    """Three failed deliveries: the stream is rewound each time and still every input yields exactly one output."""
    transport = MemoryTransport.from_values({RAW: [raw(i) for i in range(25)]}, batch_size=4)
    transport.fail_deliveries = fail_times(3)
    observer = Recorder()
    await app_for(transport, observer=observer).run()
    assert [f"r{i}" for i in range(25)] == [v["raw_id"] for v in values(transport.produced("articles.enriched"))]
    assert (3, ["io", "io", "io"]) == (transport.rewinds, observer.retries)


async def test_a_dead_letter_counts_the_attempts_it_took() -> None:
    """A bad record whose delivery failed twice before it went through says attempts = 3."""
    transport = MemoryTransport.from_values({RAW: [b"junk"]})
    transport.fail_deliveries = fail_times(2)
    await app_for(transport).run()
    assert [3] == [v["attempts"] for v in values(transport.produced("articles.dlq"))]


async def test_an_error_outside_the_policy_stops_the_app_and_commits_nothing_of_it() -> None:
    """A bug in the pipeline is re-raised by run(); records from the failing one on are neither output nor committed."""
    transport = MemoryTransport.from_values({RAW: [raw(0), raw(1), raw(2, body="FAIL:bug"), raw(3)]}, batch_size=1)
    with pytest.raises(RuntimeError, match="a bug in the pipeline"):
        await app_for(transport, cfg=settings(max_batch=1)).run()
    assert transport.committed[RAW] <= 2
    assert {"r0", "r1"} >= {v["raw_id"] for v in values(transport.produced("articles.enriched"))}
    assert transport.closed


async def test_a_config_error_from_the_sink_stops_the_app() -> None:
    """Errors the policy calls fatal (ConfigError) are not retried."""
    def refuse(stream: Stream, outgoing: object, next_offset: int) -> None:
        raise ConfigError("not authorized to write")

    transport = MemoryTransport.from_values({RAW: [raw(0)]})
    transport.fail_deliveries = refuse
    with pytest.raises(ConfigError):
        await app_for(transport).run()
    assert 0 == transport.rewinds


# ---------------------------------------------------------------------------------------------- order and flow


class ReversedRunner(InlineRunner):
    """Finishes later submissions sooner, so results arrive out of order."""

    count = 0

    def submit(self, value: bytes | None, now: datetime) -> asyncio.Future[Outcome]:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        outcome = process_value(value, now, self.step, self.max_event_bytes, self.max_output_bytes)
        self.count += 1
        asyncio.get_running_loop().call_later(max(0.0, 0.03 - 0.002 * self.count), future.set_result, outcome)
        return future


async def test_results_finishing_out_of_order_are_delivered_in_offset_order() -> None:
    """Per stream, outputs follow input offsets even when the workers finish in reverse order."""
    streams: dict[Stream, list[bytes | None]] = {
        ("articles.raw", 0): [raw(i) for i in range(12)],
        ("articles.raw", 1): [raw(100 + i) for i in range(12)],
    }
    transport = MemoryTransport.from_values(streams, batch_size=12)
    runner = ReversedRunner(FakeStep(), 25 * 1024 * 1024, 1024 * 1024)
    await app_for(transport, runner=runner).run()
    out = [v["raw_id"] for v in values(transport.produced("articles.enriched"))]
    assert [f"r{i}" for i in range(12)] == [r for r in out if int(r[1:]) < 100]
    assert [f"r{100 + i}" for i in range(12)] == [r for r in out if int(r[1:]) >= 100]
    assert {("articles.raw", 0): 12, ("articles.raw", 1): 12} == transport.committed


class GatedRunner(InlineRunner):
    """Holds every result until the gate opens, counting submissions."""

    def __init__(self) -> None:
        super().__init__(FakeStep(), 25 * 1024 * 1024, 1024 * 1024)
        self.submitted = 0
        self.open = asyncio.Event()

    def submit(self, value: bytes | None, now: datetime) -> asyncio.Future[Outcome]:
        self.submitted += 1
        outcome = process_value(value, now, self.step, self.max_event_bytes, self.max_output_bytes)

        async def later() -> Outcome:
            await self.open.wait()
            return outcome

        return asyncio.ensure_future(later())


@pytest.mark.parametrize(
    ("limits", "expected_in_flight"),
    [({"max_in_flight": 5}, 5), ({"max_in_flight_bytes": 1024}, 2)],
    ids=["records", "bytes"],
)
async def test_records_in_flight_are_bounded(limits: dict[str, int], expected_in_flight: int) -> None:
    """With results held back, fetching stops once max_in_flight records (or max_in_flight_bytes: two ~700-byte
    records reach 1 KiB) are held, then resumes."""
    transport = MemoryTransport.from_values(
        {RAW: [raw(i, body="Title " + "x" * 600) for i in range(20)]}, batch_size=1
    )
    runner = GatedRunner()
    task = asyncio.create_task(app_for(transport, runner=runner, cfg=settings(**limits)).run())
    for _ in range(50):
        await asyncio.sleep(0)
    assert expected_in_flight == runner.submitted
    runner.open.set()
    await task
    assert 20 == len(transport.produced("articles.enriched"))


async def test_a_rebalance_mid_stream_loses_and_duplicates_nothing() -> None:
    """Revoking and re-assigning the stream while records are in flight still yields each output exactly once."""
    transport = MemoryTransport.from_values({RAW: [raw(i) for i in range(40)]}, batch_size=3)
    runner = GatedRunner()
    observer = Recorder()
    app = app_for(transport, runner=runner, observer=observer, cfg=settings(max_in_flight=8))
    task = asyncio.create_task(app.run())
    for _ in range(20):
        await asyncio.sleep(0)
    await transport.rebalance(app)
    runner.open.set()
    await task
    assert [f"r{i}" for i in range(40)] == [v["raw_id"] for v in values(transport.produced("articles.enriched"))]
    assert [{RAW}, set(), {RAW}] == observer.assignments


class LaterRunner(InlineRunner):
    """Hands each result over ``delay_s`` after submission, without blocking the event loop."""

    delay_s = 0.005

    def submit(self, value: bytes | None, now: datetime) -> asyncio.Future[Outcome]:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        outcome = process_value(value, now, self.step, self.max_event_bytes, self.max_output_bytes)
        asyncio.get_running_loop().call_later(self.delay_s, future.set_result, outcome)
        return future


async def test_stop_request_ends_the_run_with_committed_outputs_matching_committed_offsets() -> None:
    """After request_stop, run() returns normally, having finished only the records being processed (not the rest of
    the fetched batch), and the outputs are exactly those of the committed offsets."""
    transport = MemoryTransport.from_values({RAW: [raw(i) for i in range(200)]}, batch_size=100)
    runner = LaterRunner(FakeStep(), 25 * 1024 * 1024, 1024 * 1024)
    app = app_for(transport, runner=runner, cfg=settings(max_in_flight=5))
    task = asyncio.create_task(app.run())
    while not transport.deliveries:  # noqa: ASYNC110 - polling the fake is the point
        await asyncio.sleep(0.001)
    app.request_stop()
    await task
    done = transport.committed[RAW]
    assert 0 < done < 20
    assert [f"r{i}" for i in range(done)] == [v["raw_id"] for v in values(transport.produced("articles.enriched"))]
    assert transport.closed


async def test_a_sink_failing_transiently_forever_does_not_advance_the_offset() -> None:
    """While every delivery fails, nothing is committed and no output appears; a stop request still ends the run."""

    def down(stream: Stream, outgoing: object, next_offset: int) -> None:
        raise TransientError("broker unavailable")

    transport = MemoryTransport.from_values({RAW: [raw(i) for i in range(5)]})
    transport.fail_deliveries = down
    app = app_for(transport)
    task = asyncio.create_task(app.run())
    while transport.rewinds < 5:  # noqa: ASYNC110 - polling the fake is the point
        await asyncio.sleep(0.005)
    app.request_stop()
    await asyncio.wait_for(task, 5)
    assert ({}, []) == (transport.committed, transport.deliveries)
