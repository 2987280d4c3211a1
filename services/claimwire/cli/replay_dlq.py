"""``claimwire replay-dlq``: re-publish dead letters' original records once their cause is fixed.

Each selected dead letter's original key, value and headers are produced byte for byte — by default to the raw
topic, or with ``--to-original`` to the topic each record was consumed from. The dead-letter topic is read with
read_committed from its beginning (or, with ``--group-id``, from that group's committed offsets, which are advanced
after a successful replay) up to its end as of the start. ``--dry-run`` lists what would be replayed.
"""

from __future__ import annotations

import argparse

from claimwire.cli._kafka_cli import add_connection_arguments

__all__ = ["register"]

_DESCRIPTION = """\
Re-publish dead letters' original records, key, value and headers byte for byte: to the raw topic, or with
--to-original to the topic each record was consumed from. The dead-letter topic is read with read_committed from
its beginning (or, with --group-id, from that group's committed offsets, advanced after a successful replay) up to
its end as of the start. --dry-run lists what would be replayed (partition:offset, stage, type, target, key,
message) on stdout and sends nothing.
"""
_EPILOG = """\
examples:
  claimwire replay-dlq --dry-run                       list every dead letter and where it would go
  claimwire replay-dlq --stage normalize --max-count 100
  claimwire replay-dlq --error-type NormalizeError --group-id replay-2024-05   resumable, run after run

exit status: 0 done; 1 done, but some dead letters were unreadable (each reported);
2 bad usage or settings (credentials or certificates the broker refuses included);
3 broker failure (nothing is committed then; a rerun may replay some records twice).
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``replay-dlq`` sub-command."""
    parser = sub.add_parser(
        "replay-dlq",
        help="re-publish dead letters' original records (byte for byte) to the raw topic",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dlq-topic", help="dead-letter topic [default: CLAIMWIRE_TOPIC_DLQ, else articles.dlq]")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--to-topic", help="where to replay [default: CLAIMWIRE_TOPIC_RAW, else articles.raw]")
    target.add_argument(
        "--to-original", action="store_true", help="replay each record to the topic it was originally consumed from"
    )
    parser.add_argument(
        "--stage",
        action="append",
        default=[],
        metavar="STAGE",
        help="only dead letters of this error stage (decode, validate, normalize, tag, encode, process); repeatable",
    )
    parser.add_argument(
        "--error-type",
        action="append",
        default=[],
        metavar="TYPE",
        help="only dead letters of this error class name (e.g. NormalizeError); repeatable",
    )
    parser.add_argument("--max-count", type=int, metavar="N", help="replay at most N dead letters")
    parser.add_argument("--dry-run", action="store_true", help="list what would be replayed on stdout; send nothing")
    parser.add_argument(
        "--group-id", help="consumer group to resume from and commit to (without it, every run starts at the beginning)"
    )
    parser.add_argument(
        "--idle-timeout", type=float, default=30.0, metavar="S", help="give up after S seconds without records"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_connection_arguments(parser)
    parser.set_defaults(handler=_handle, parser=parser)


def _handle(args: argparse.Namespace) -> int:
    from claimwire.cli._replay_run import run

    return run(args)
