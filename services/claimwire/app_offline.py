"""The offline run behind ``claimwire process``: JSON-lines adapters plugged into the service's own app.

Opens the files, shows a progress bar (tqdm, on a terminal, for file input), runs ``bootstrap(settings, source,
sink).run()`` to the end of the input, and logs a summary.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Never

import structlog
from tqdm import tqdm

from claimwire.adapters.jsonl import JsonlSink, JsonlSource
from claimwire.bootstrap import bootstrap
from claimwire.settings import Settings

__all__ = ["run_offline"]

log = structlog.get_logger("claimwire.process")


@contextlib.contextmanager
def _open(path: str, mode: str) -> Iterator[BinaryIO]:
    if path == "-":
        yield sys.stdin.buffer if mode == "rb" else sys.stdout.buffer
    else:
        with Path(path).open(mode) as file:
            yield file  # type: ignore[misc]  # open() in binary mode is a BinaryIO


def run_offline(
    settings: Settings,
    *,
    input_path: str,
    output_path: str,
    dead_letter_path: str | None = None,
    claims_path: str | None = None,
    progress: bool = True,
) -> int:
    """Process one JSON-lines input to the end; 0 when every line was enriched or dead-lettered, 1 on a crash."""
    with contextlib.ExitStack() as stack:
        src = stack.enter_context(_open(input_path, "rb"))
        files = {
            settings.topic_enriched: stack.enter_context(_open(output_path, "wb")),
            settings.topic_dlq: (
                stack.enter_context(_open(dead_letter_path, "wb")) if dead_letter_path else sys.stderr.buffer
            ),
        }
        if claims_path:
            files[settings.topic_claims] = stack.enter_context(_open(claims_path, "wb"))
        bar = _progress_bar(input_path, enabled=progress)
        name = "stdin" if input_path == "-" else os.path.basename(input_path)
        source = JsonlSource(src, name=name, on_progress=bar.update if bar is not None else None)
        sink = JsonlSink(files)
        try:
            code = asyncio.run(_run(settings, source, sink))
        finally:
            if bar is not None:
                bar.close()
    if code != 0:
        return code
    log.info(
        "processed",
        records=source.records,
        enriched=sink.written[settings.topic_enriched],
        dead_lettered=sink.written[settings.topic_dlq],
        claims=sink.written.get(settings.topic_claims),
    )
    return code


async def _run(settings: Settings, source: JsonlSource, sink: JsonlSink) -> int:
    try:
        app = bootstrap(settings, source, sink)
    except Exception as exc:  # e.g. the pipeline cannot be imported: say so once, clearly
        log.critical("cannot start the pipeline", error=type(exc).__name__, reason=str(exc), exc_info=exc)
        return 1
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, app.request_stop)
    try:
        await app.run()
    except Exception:  # logged by the app, with its traceback
        return 1
    finally:
        loop.remove_signal_handler(signal.SIGINT)
    return 0


def _progress_bar(input_path: str, *, enabled: bool) -> tqdm[Never] | None:
    if not enabled or input_path == "-" or not sys.stderr.isatty():
        return None
    return tqdm(total=os.path.getsize(input_path), unit="B", unit_scale=True, desc="process", file=sys.stderr)
