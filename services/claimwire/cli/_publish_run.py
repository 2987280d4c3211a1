"""The work of ``claimwire publish``, kept apart from its parser so ``--help`` never imports aiokafka or pydantic.

Inputs are read in a thread of their own (stdin may block for minutes while a crawler works; the producer's network
I/O must go on meanwhile), handed over one by one as they come, and sent through a window of at most ``_WINDOW``
unacknowledged records.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import threading
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pydantic
import structlog
from aiokafka.errors import MessageSizeTooLargeError
from tqdm import tqdm

from claimwire.cli._kafka_cli import EXIT_REJECTED, EXIT_USAGE, client_kwargs, load_settings, run_async
from claimwire.publisher import RawPublisher, raw_record
from claimwire.settings import Settings
from claimwire.sources_files import Ignored, Item, Loaded, PageOptions, Rejected, iter_inputs

__all__ = ["Tally", "run"]

_WINDOW = 1000  # records awaiting acks at most; aiokafka batches within it
_READ_AHEAD = 256  # items the reader thread may get ahead of the producer
_log = structlog.get_logger("claimwire.publish")


@dataclass
class Tally:
    """What happened to the inputs."""

    published: int = 0
    rejected: int = 0
    ignored: Counter[str] = field(default_factory=Counter)

    def count(self, item: Rejected | Ignored) -> None:
        """Report a rejected input as a warning (file and line, reason) and an ignored one at debug level."""
        if isinstance(item, Rejected):
            self.rejected += 1
            _log.warning("input rejected", origin=item.origin, reason=item.reason)
        else:
            self.ignored[item.reason] += 1
            _log.debug("input ignored", origin=item.origin, reason=item.reason)


def run(args: argparse.Namespace) -> int:
    """Validate the options, read the inputs and publish them (or list them, with ``--dry-run``)."""
    parser: argparse.ArgumentParser = args.parser
    if args.url is not None and (len(args.inputs) != 1 or Path(args.inputs[0]).is_dir()):
        parser.error("--url names one page: give exactly one page file or -")
    try:
        fetched_at = datetime.fromisoformat(args.fetched_at) if args.fetched_at else datetime.now(UTC)
    except ValueError:
        parser.error(f"--fetched-at {args.fetched_at!r} is not an RFC 3339 time")
    if fetched_at.tzinfo is None:
        parser.error("--fetched-at needs a time zone (e.g. 2023-03-30T09:00:00Z)")
    options = PageOptions(
        fetched_at=fetched_at,
        url=args.url,
        base_url=args.base_url,
        outlet=args.outlet,
        language=args.language,
        crawler=args.crawler or None,
        max_bytes=args.max_bytes,
    )
    stdin = sys.stdin.buffer if isinstance(sys.stdin.buffer, io.BufferedReader) else None
    items = iter_inputs(args.inputs, options=options, fmt=args.format, stdin=stdin)
    tally = Tally()
    if args.dry_run:
        _list(items, tally)
        return _finish(tally, topic=None)
    try:
        settings = load_settings(args)
    except pydantic.ValidationError as exc:
        _log.error("invalid settings", error=str(exc))
        return EXIT_USAGE
    topic = args.topic or settings.topic_raw
    code = run_async("publish", _publish(args, settings, topic, items, tally), settings)
    return code or _finish(tally, topic=topic)


def _list(items: Iterator[Item], tally: Tally) -> None:
    for item in items:
        if not isinstance(item, Loaded):
            tally.count(item)
            continue
        record = raw_record(item.article, value=item.value)
        sys.stdout.write(f"{item.origin}\t{record.key.decode()}\t{item.article.id}\t{len(record.value)} bytes\n")
        tally.published += 1


async def _publish(
    args: argparse.Namespace, settings: Settings, topic: str, items: Iterator[Item], tally: Tally
) -> int:
    publisher = RawPublisher.connect(topic=topic, source=args.source, **client_kwargs(settings))
    pending: deque[tuple[asyncio.Future[Any], str]] = deque()
    with tqdm(unit=" records", desc=f"publish → {topic}", disable=True if args.no_progress else None) as bar:
        async with publisher:
            async for item in _read_in_thread(items):
                if not isinstance(item, Loaded):
                    tally.count(item)
                    continue
                try:
                    delivery = await publisher.send(item.article, value=item.value)
                except MessageSizeTooLargeError as exc:
                    tally.count(Rejected(item.origin, f"too large to publish: {exc}"))
                    continue
                delivery.add_done_callback(lambda _: bar.update(1))
                pending.append((delivery, item.origin))
                while len(pending) > _WINDOW:
                    await _settle(*pending.popleft(), tally)
            while pending:
                await _settle(*pending.popleft(), tally)
    return 0


async def _read_in_thread(items: Iterator[Item]) -> AsyncIterator[Item]:
    """The items, read by one thread and handed to the event loop as each arrives (an executor call per item
    costs as much as publishing it)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Item | BaseException | None] = asyncio.Queue()
    slots = threading.Semaphore(_READ_AHEAD)
    stop = threading.Event()

    def hand(item: Item | BaseException | None) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the loop is closed: the command ended (a broker failure) while we read
            return False
        return True

    def pump() -> None:
        try:
            for item in items:
                slots.acquire()
                if stop.is_set() or not hand(item):
                    return
        except BaseException as exc:  # handed to the loop, which re-raises it
            hand(exc)
        else:
            hand(None)

    # A daemon: a thread blocked on an idle stdin must not keep a failed command alive.
    threading.Thread(target=pump, name="claimwire-publish-reader", daemon=True).start()
    try:
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            slots.release()
            yield item
    finally:
        stop.set()
        slots.release()


async def _settle(delivery: asyncio.Future[Any], origin: str, tally: Tally) -> None:
    """Wait for one ack. A record the broker finds too large is that input's fault; any other error is the
    broker's and propagates."""
    try:
        await delivery
    except MessageSizeTooLargeError as exc:
        tally.count(Rejected(origin, f"the broker refused it as too large: {exc}"))
    else:
        tally.published += 1


def _finish(tally: Tally, *, topic: str | None) -> int:
    ignored = sum(tally.ignored.values())
    reasons = ", ".join(f"{n} {reason}" for reason, n in tally.ignored.most_common(5))
    done = f"published {tally.published} records to {topic}" if topic else f"would publish {tally.published} records"
    summary = f"{done}; rejected {tally.rejected}; ignored {ignored}" + (f" ({reasons})" if reasons else "")
    print(summary, file=sys.stderr)  # stdout is left to --dry-run's listing
    return EXIT_REJECTED if tally.rejected else 0
