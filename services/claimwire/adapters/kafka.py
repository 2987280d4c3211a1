"""Kafka as the service's ``Source`` and ``Sink``: a group consumer, and exactly-once delivery per partition.

Exactly-once (the default) follows Faust's pattern, because aiokafka commits transactional offsets with the group id
only (no generation), so a consumer that lost a partition could still commit into it (aiokafka issue 844):

* one transactional producer per assigned input partition, ``transactional_id = <app>-<group>-<topic>-<partition>``,
  stable across restarts and instances. It is started on assignment; its first ``InitProducerId`` fences any
  zombie that still holds that id and makes the coordinator finish (abort) the zombie's open transaction;
* only then the partition's committed offset is read and the consumer seeks to it, so the new owner starts exactly
  where the last committed transaction ended;
* each delivery is one transaction on that producer: outputs, dead letters and ``send_offsets_to_transaction``;
* on revocation the producer is closed (an open transaction is aborted); any failed transaction makes
  ``rewind`` replace the producer (which fences and aborts whatever the old one left) and seek back.

Input is read ``read_committed``. Records handed out carry an epoch per partition that changes on every assignment
and rewind; records below the next expected offset are dropped, so a fetch racing a seek cannot hand out a record
twice. In ``at-least-once`` mode one idempotent producer sends, and offsets are committed after the acks.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import ConsumerStoppedError, KafkaError

from claimwire.adapters.kafka_config import check_connection, client_kwargs
from claimwire.adapters.kafka_errors import FencedError, translate
from claimwire.adapters.kafka_producers import CLOSE_TIMEOUT_S, PartitionProducers, send_all, stop_quietly
from claimwire.core.errors import TransientError
from claimwire.ports import Batch, Outgoing, Record, Stream, StreamListener
from claimwire.settings import Settings

__all__ = ["KafkaTransport"]

log = structlog.get_logger("claimwire.kafka")


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]  # aiokafka ships no type hints
    def __init__(self, transport: KafkaTransport) -> None:
        self._transport = transport

    # aiokafka logs and swallows a listener's exception, which would leave partitions assigned but unserved; the
    # transport re-raises it from ``batches`` instead, so the service stops loudly.

    async def on_partitions_revoked(self, revoked: Collection[TopicPartition]) -> None:
        try:
            await self._transport._revoked(revoked)
        except Exception as exc:
            self._transport._fail(exc)
            raise

    async def on_partitions_assigned(self, assigned: Collection[TopicPartition]) -> None:
        try:
            await self._transport._assigned(assigned)
        except Exception as exc:
            self._transport._fail(exc)
            raise


class KafkaTransport:
    """Consumer group member + per-partition transactional producers (or one idempotent producer)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._eos = settings.delivery == "exactly-once"
        self._client = client_kwargs(settings)
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None  # at-least-once
        self._producers = PartitionProducers(settings, self._client)  # exactly-once: one per input partition
        self._epochs: dict[TopicPartition, int] = {}
        self._next: dict[TopicPartition, int] = {}
        self._committed: dict[TopicPartition, int] = {}
        self._epoch_counter = 0
        self._listener: StreamListener | None = None
        self._stopping = asyncio.Event()
        self._fenced: set[TopicPartition] = set()
        self._paused: set[TopicPartition] = set()
        self._failure: BaseException | None = None

    def _fail(self, exc: BaseException) -> None:
        if self._failure is None:
            self._failure = exc
        self._stopping.set()

    # ------------------------------------------------------------------ lifecycle

    @property
    def consumer(self) -> AIOKafkaConsumer:
        if self._consumer is None:
            raise RuntimeError("the transport is not started")
        return self._consumer

    async def start(self, listener: StreamListener) -> None:
        """Create the clients and join the group; connection trouble is retried with a fixed pause."""
        self._listener = listener
        s = self._settings
        while True:
            consumer = AIOKafkaConsumer(
                **self._client,
                client_id=f"{s.client_id}-consumer",
                group_id=s.group_id,
                enable_auto_commit=False,
                isolation_level="read_committed",
                auto_offset_reset=s.auto_offset_reset,
                session_timeout_ms=s.session_timeout_ms,
                heartbeat_interval_ms=s.heartbeat_interval_ms,
                max_poll_interval_ms=s.max_poll_interval_ms,
                max_partition_fetch_bytes=s.fetch_partition_bytes,
            )
            consumer.subscribe([s.topic_raw], listener=_Listener(self))
            self._consumer = consumer  # the listener may run as soon as start() joins the group
            try:
                await consumer.start()
                if not self._eos:
                    self._producer = self._producers.idempotent()
                    await self._producer.start()
            except (KafkaError, OSError) as exc:
                err = translate(exc, "connecting to Kafka")
                self._consumer = None
                with contextlib.suppress(Exception):
                    await consumer.stop()
                if self._stopping.is_set():
                    return  # asked to stop before we ever connected: nothing to finish
                if not isinstance(err, TransientError):
                    raise err from exc
                # aiokafka reports refused credentials or an untrusted certificate only as "Unable to bootstrap":
                # one direct connection tells those (ConfigError: stop, retrying cannot fix them) from an outage.
                with contextlib.suppress(TransientError):
                    await check_connection(s)
                log.warning("cannot reach Kafka yet; retrying", error=err.message)
                await asyncio.sleep(min(5.0, s.retry_max_s))
                continue
            return

    async def _start_offsets(self, tps: Sequence[TopicPartition]) -> dict[TopicPartition, int]:
        """Where each partition resumes: its committed offset (read after fencing), else the reset policy's end."""
        consumer = self.consumer
        offsets: dict[TopicPartition, int] = {}
        for tp in tps:
            committed = await consumer.committed(tp)
            if committed is not None:
                offsets[tp] = int(committed)
        missing = [tp for tp in tps if tp not in offsets]
        if missing:
            ends = await (
                consumer.beginning_offsets(missing)
                if self._settings.auto_offset_reset == "earliest"
                else consumer.end_offsets(missing)
            )
            offsets.update({tp: int(ends[tp]) for tp in missing})
        return offsets

    def _publish(self, tp: TopicPartition, epoch: int, offset: int) -> None:
        """Hand out ``tp`` from ``offset`` under ``epoch``. Synchronous on purpose: the seek drops whatever the
        consumer fetched ahead on its own, and no batch can be stamped between the seek and the new epoch."""
        self.consumer.seek(tp, offset)
        self._epochs[tp] = epoch
        self._next[tp] = self._committed[tp] = offset

    async def _assigned(self, assigned: Collection[TopicPartition]) -> None:
        tps = sorted(assigned)
        while True:
            try:
                if self._eos:  # fence first, so the committed offsets read next are final
                    await asyncio.gather(*(self._producers.start(tp) for tp in tps))
                offsets = await self._start_offsets(tps)
                break
            except (KafkaError, OSError, TimeoutError) as exc:
                err = translate(exc, "taking over partitions")
                if not isinstance(err, TransientError) or self._stopping.is_set():
                    raise err from exc
                log.warning("taking over partitions failed; retrying", error=err.message)
                await asyncio.sleep(1.0)
        streams: dict[Stream, int] = {}
        for tp in tps:
            self._epoch_counter += 1
            streams[(tp.topic, tp.partition)] = self._epoch_counter
        if self._listener is not None:
            await self._listener.streams_assigned(streams)  # lanes exist before any batch is stamped for them
        for tp in tps:
            self._publish(tp, streams[(tp.topic, tp.partition)], offsets[tp])
            log.info("partition assigned", topic=tp.topic, partition=tp.partition, offset=offsets[tp])

    async def _revoked(self, revoked: Collection[TopicPartition]) -> None:
        for tp in revoked:
            self._fenced.discard(tp)
            self._paused.discard(tp)  # a revoked partition is no longer paused; re-assigned, it starts fresh
            self._epochs.pop(tp, None)
            self._next.pop(tp, None)
            self._committed.pop(tp, None)
        if self._listener is not None:
            await self._listener.streams_revoked([(tp.topic, tp.partition) for tp in revoked])
        await asyncio.gather(*(self._producers.close(tp) for tp in revoked))

    # ------------------------------------------------------------------ Source

    async def batches(self) -> AsyncIterator[Batch]:
        if self._consumer is None:  # stopped before it connected
            return
        consumer = self._consumer
        while not self._stopping.is_set() and self._failure is None:
            try:
                data = await self._poll(consumer)
            except ConsumerStoppedError:
                return
            except KafkaError as exc:
                err = translate(exc, "fetching")
                if not isinstance(err, TransientError):
                    raise err from exc
                log.warning("fetch failed; retrying", error=err.message)
                await asyncio.sleep(1.0)
                continue
            for tp, messages in data.items():
                epoch = self._epochs.get(tp, -1)
                if epoch < 0:  # not (or no longer) ours, or being taken over or rewound: a seek will re-fetch
                    continue
                floor = self._next[tp]
                records = [
                    Record(m.topic, m.partition, m.offset, m.key, m.value, tuple(m.headers or ()), m.timestamp)
                    for m in messages
                    if m.offset >= floor
                ]
                if records:
                    self._next[tp] = records[-1].offset + 1
                    yield Batch((tp.topic, tp.partition), epoch, records)
        if self._failure is not None:
            raise self._failure

    async def _poll(self, consumer: AIOKafkaConsumer) -> dict[TopicPartition, list[Any]]:
        """A few records from every partition that has some, so one partition's backlog cannot starve the rest
        (aiokafka drains its buffers in a fixed order); waits briefly when none has any."""
        s = self._settings
        ready = [tp for tp, epoch in self._epochs.items() if epoch >= 0 and tp not in self._paused]
        share = max(1, min(s.fetch_max_records, s.max_lane_records, s.max_in_flight // max(1, len(ready))))
        data: dict[TopicPartition, list[Any]] = {}
        for tp in ready:
            data.update(await consumer.getmany(tp, timeout_ms=0, max_records=share))
        if not data:
            # Also keeps the consumer polling while every partition is paused (max_poll_interval_ms).
            data = await consumer.getmany(*ready, timeout_ms=200, max_records=share) if ready else {}
            if not ready:
                await asyncio.sleep(0.05)
        return data

    def stop_fetching(self) -> None:
        self._stopping.set()

    def pause(self, stream: Stream) -> None:
        tp = TopicPartition(*stream)
        if tp in self._epochs:
            self._paused.add(tp)
            self.consumer.pause(tp)

    def resume(self, stream: Stream) -> None:
        tp = TopicPartition(*stream)
        if tp in self._paused:
            self._paused.discard(tp)
            if tp in self._epochs:
                self.consumer.resume(tp)

    async def rewind(self, stream: Stream) -> int:
        tp = TopicPartition(*stream)
        if tp not in self._epochs:
            raise TransientError(f"{stream[0]}[{stream[1]}] is not assigned to this instance")
        self._epochs[tp] = -1  # hand out nothing of it until the seek below
        try:
            if tp in self._fenced:
                # Someone else holds our transactional id, so the partition probably moved: give the group a
                # session timeout to revoke it from us before we fence them back.
                await asyncio.sleep(self._settings.session_timeout_ms / 1000)
            if self._eos:
                await self._producers.start(tp)
                self._fenced.discard(tp)
            offset = (await self._start_offsets([tp]))[tp]
        except (KafkaError, OSError, TimeoutError) as exc:
            raise translate(exc, f"rewinding {stream[0]}[{stream[1]}]") from exc
        if tp not in self._epochs:  # revoked while we were at it
            raise TransientError(f"{stream[0]}[{stream[1]}] was revoked during the rewind")
        self._epoch_counter += 1
        self._publish(tp, self._epoch_counter, offset)
        log.info("partition rewound", topic=tp.topic, partition=tp.partition, offset=offset)
        return self._epoch_counter

    async def close(self) -> None:
        """Abort what is open, close the producers, then leave the group."""
        self._stopping.set()
        await self._producers.close_all()
        if self._producer is not None:
            await stop_quietly(self._producer)
            self._producer = None
        if self._consumer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._consumer.stop(), CLOSE_TIMEOUT_S)
            self._consumer = None

    # ------------------------------------------------------------------ Sink

    async def deliver(self, stream: Stream, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        tp = TopicPartition(*stream)
        doing = f"delivering {stream[0]}[{stream[1]}] up to offset {next_offset}"
        try:
            async with asyncio.timeout(self._settings.transaction_timeout_ms / 1000):
                if self._eos:
                    await self._deliver_in_transaction(tp, outgoing, next_offset)
                else:
                    await self._deliver_then_commit(tp, outgoing, next_offset)
        except (KafkaError, OSError, TimeoutError) as exc:
            err = translate(exc, doing)
            if isinstance(err, FencedError):
                self._fenced.add(tp)
            raise err from exc
        if tp in self._committed:
            self._committed[tp] = next_offset

    async def _deliver_in_transaction(self, tp: TopicPartition, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        producer = self._producers.get(tp)
        if producer is None:
            raise TransientError(f"no producer for {tp.topic}[{tp.partition}]: not assigned")
        await producer.begin_transaction()
        sent = await send_all(producer, outgoing)
        # The outputs are acknowledged before the offsets join the transaction. Otherwise aiokafka sends the
        # produce requests while AddOffsetsToTxn is pending at the coordinator, the broker's check that the
        # partitions are in the transaction (KIP-890) answers CONCURRENT_TRANSACTIONS, reported as
        # NOT_ENOUGH_REPLICAS, and aiokafka re-sends the batches after 100 ms: measured on one in four transactions.
        await asyncio.gather(*sent)  # also surfaces any per-record error
        await producer.send_offsets_to_transaction({tp: next_offset}, self._settings.group_id)
        await producer.commit_transaction()

    async def _deliver_then_commit(self, tp: TopicPartition, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        producer = self._producer
        if producer is None:
            raise RuntimeError("the transport is not started")
        await asyncio.gather(*await send_all(producer, outgoing))
        await self.consumer.commit({tp: next_offset})

    # ------------------------------------------------------------------ observability

    def assignment(self) -> set[Stream]:
        """The partitions this instance currently works on."""
        return {(tp.topic, tp.partition) for tp in self._epochs}

    def lag(self) -> dict[Stream, int]:
        """Records between each assigned partition's committed offset and its end (the last stable offset when
        reading committed), as of the last fetch."""
        consumer = self.consumer
        result = {}
        for tp in list(self._epochs):
            end = consumer.last_stable_offset(tp)
            committed = self._committed.get(tp)
            if end is not None and committed is not None:
                result[(tp.topic, tp.partition)] = max(0, int(end) - committed)
        return result
