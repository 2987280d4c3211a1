"""JSON lines as a ``Source`` and a ``Sink``: the offline ``claimwire process`` command runs the service's own app.

The source reads RawArticle v1 lines (one stream: the input file as partition 0, line numbers as offsets, keys
absent) and the sink writes each output topic's records to a file: enriched articles to ``--output``, dead letters
to ``--dead-letter``, claim events to ``--claims`` (or nowhere). A line is a record byte for byte, without its
``\\n``: a dead letter of a bad line replays to the same line. Lines holding only whitespace carry no event and are
skipped (their numbers stay taken, so offsets remain line numbers).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import BinaryIO

from claimwire.core.errors import ConfigError
from claimwire.ports import Batch, Outgoing, Record, Stream, StreamListener

__all__ = ["JsonlSink", "JsonlSource"]


class JsonlSource:
    """Lines of a binary file as records of one stream named ``name``; reads happen in a thread."""

    def __init__(
        self,
        file: BinaryIO,
        *,
        name: str,
        batch_lines: int = 64,
        on_progress: Callable[[int], object] | None = None,
    ) -> None:
        self._file = file
        self.stream: Stream = (name, 0)
        self._batch_lines = batch_lines
        self._on_progress = on_progress
        self._line = 0
        self._stopped = False
        self.records = 0

    async def start(self, listener: StreamListener) -> None:
        await listener.streams_assigned({self.stream: 1})

    def _read_chunk(self) -> list[bytes]:
        lines = []
        for _ in range(self._batch_lines):
            line = self._file.readline()
            if not line:
                break
            lines.append(line)
        return lines

    async def batches(self) -> AsyncIterator[Batch]:
        while not self._stopped:
            lines = await asyncio.to_thread(self._read_chunk)
            if not lines:
                return
            records = []
            for line in lines:
                offset = self._line
                self._line += 1
                value = line[:-1] if line.endswith(b"\n") else line
                if value.strip():
                    records.append(Record(self.stream[0], 0, offset, None, value))
            if self._on_progress is not None:
                self._on_progress(sum(len(line) for line in lines))
            if records:
                self.records += len(records)
                yield Batch(self.stream, 1, records)

    def pause(self, stream: Stream) -> None:
        return None  # one stream, or a fake: the app's budget alone bounds what is held

    def resume(self, stream: Stream) -> None:
        return None

    def stop_fetching(self) -> None:
        self._stopped = True

    async def rewind(self, stream: Stream) -> int:
        raise ConfigError("a JSON lines input cannot be rewound")

    async def close(self) -> None:
        return None


class JsonlSink:
    """Writes each output record's value as one line to the file mapped to its topic; unmapped topics are dropped."""

    def __init__(self, files: Mapping[str, BinaryIO]) -> None:
        self._files = dict(files)
        self.written: dict[str, int] = dict.fromkeys(self._files, 0)

    async def deliver(self, stream: Stream, outgoing: Sequence[Outgoing], next_offset: int) -> None:
        touched = set()
        for out in outgoing:
            file = self._files.get(out.topic)
            if file is None:
                continue
            file.write(out.value + b"\n")
            self.written[out.topic] += 1
            touched.add(out.topic)
        for topic in touched:  # flush per delivery, so a pipe downstream sees results as they come
            self._files[topic].flush()

    async def close(self) -> None:
        for file in self._files.values():
            file.flush()
