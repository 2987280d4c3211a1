"""``claimwire tag``: tag plain text line by line, for scoring transcripts and for evaluation.

Each input line is one sentence or paragraph of plain text. Each output line is one JSON object for the input
line of the same number: ``{"line", "text", "is_claim", "checkworthiness", "claims"}``, where ``claims`` are
Claim v1 objects with offsets into that line's text, and ``checkworthiness`` is the highest score of the line's
sentences. Scores use the transcript model, not the news adapter (see ``claimwire.core.claims.score``), so
they are comparable with the CheckThat! figures of ``bench/claims.py``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import IO

__all__ = ["register"]

_EPILOG = """\
example: printf 'Unemployment fell to 3.5 percent in 2019.\\nThank you all.\\n' | claimwire tag -i - -o -

exit status: 0 every line was tagged; 1 the input could not be read (not UTF-8, missing file); 2 bad usage.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``tag`` sub-command."""
    parser = sub.add_parser(
        "tag",
        help="tag plain text lines: is each a claim, its check-worthiness, and its claims",
        description=__doc__,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--input", "-i", required=True, metavar="FILE|-", help="UTF-8 text, one item per line")
    parser.add_argument("--output", "-o", required=True, metavar="FILE|-", help="JSON lines, one per input line")
    parser.add_argument(
        "--reference", type=date.fromisoformat, metavar="YYYY-MM-DD", help="date that relative dates refer to"
    )
    parser.add_argument("--outlet", metavar="NAME", help="claimant of unattributed statements [default: none]")
    parser.add_argument(
        "--attribution",
        choices=("encoder", "cnn"),
        default="encoder",
        help="cue model: the MiniLM encoder, or the CNN (faster, fewer right claimants) [default: encoder]",
    )
    parser.set_defaults(handler=_handle)


def _open_in(path: str) -> IO[str]:
    if path == "-":
        return open(sys.stdin.fileno(), encoding="utf-8", errors="strict", newline=None, closefd=False)
    return open(path, encoding="utf-8", errors="strict", newline=None)


def _open_out(path: str) -> IO[bytes]:
    if path == "-":
        return open(sys.stdout.fileno(), "wb", closefd=False)
    return open(path, "wb")


def _handle(args: argparse.Namespace) -> int:
    import orjson
    import structlog

    from claimwire.core.claims import tag_text

    log = structlog.get_logger("claimwire.tag")
    count = 0
    try:
        with _open_in(args.input) as src, _open_out(args.output) as dst:
            for count, raw in enumerate(src, start=1):
                text = raw.rstrip("\n")
                result = tag_text(
                    text, reference=args.reference, outlet=args.outlet, fast=args.attribution == "cnn"
                )
                record = {
                    "line": count,
                    "text": text,
                    "is_claim": result.is_claim,
                    "checkworthiness": result.checkworthiness,
                    "claims": [c.model_dump(mode="json") for c in result.claims],
                }
                dst.write(orjson.dumps(record) + b"\n")
    except (OSError, UnicodeDecodeError) as exc:
        log.error("cannot read or write", error=str(exc), line=count + 1)
        return 1
    log.info("tagged", lines=count)
    return 0
