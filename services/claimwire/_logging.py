"""structlog set up once, at the process edge (``__main__``); the core never configures logging.

Library loggers (aiokafka's above all) go through the same renderer, so every line on stderr is one JSON object
that a log pipeline can parse, with the same timestamp and level fields as claimwire's own lines.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

import structlog

__all__ = ["configure_logging"]


def configure_logging(*, level: str = "INFO", fmt: Literal["json", "console"] = "json") -> None:
    """JSON lines to stderr by default (stdout may carry data, e.g. ``claimwire process --output -``)."""
    numeric = logging.getLevelNamesMapping()[level.upper()]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name, structlog.stdlib.ExtraAdder()],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # Client libraries are chatty at INFO (every rebalance, every reconnect attempt); their warnings still show.
    root.setLevel(max(numeric, logging.WARNING))
