"""The ``claimwire`` command: one sub-command per module in ``claimwire.cli``.

Each sub-command module registers its own parser; heavy imports happen inside handlers so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from claimwire._logging import configure_logging
from claimwire._version import SERVICE_VERSION

__all__ = ["main"]

_COMMANDS = ("run", "process", "tag", "publish", "replay_dlq", "topics")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimwire",
        description="News ingestion over Kafka: raw pages in, clean articles and tagged checkable claims out.",
    )
    parser.add_argument("--version", action="version", version=f"claimwire {SERVICE_VERSION}")
    parser.add_argument(
        "--log-level", default=os.environ.get("CLAIMWIRE_LOG_LEVEL", "INFO"), help="DEBUG, INFO, WARNING, ERROR"
    )
    parser.add_argument(
        "--log-format",
        choices=("json", "console"),
        default=os.environ.get("CLAIMWIRE_LOG_FORMAT", "json"),
        help="log lines on stderr: JSON (default) or human-readable",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMANDS:
        importlib.import_module(f"claimwire.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, configure logging once, run the chosen command and return its exit code."""
    args = _parser().parse_args(argv)
    configure_logging(level=args.log_level, fmt=args.log_format)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
