"""``claimwire process``: the pipeline offline, JSON lines in and out, through the service's own code path.

Reads RawArticle v1 JSON lines and writes EnrichedArticle v1 JSON lines in input order. It runs the same app as
``claimwire run`` (``claimwire.bootstrap``) with the JSON-lines adapter in place of Kafka: same decoding, pipeline,
process pool and dead-letter policy. A line that cannot be processed becomes a DeadLetter v1 line (its bytes and
the reason) and processing goes on; nothing is dropped silently.
"""

from __future__ import annotations

import argparse

__all__ = ["register"]

_EPILOG = """\
dead letters: with --dead-letter FILE they go there; without it they are written to stderr as JSON lines (one
DeadLetter v1 object per line, among the log lines, which are JSON too and never have an "original" field).
Lines holding only whitespace are skipped. Settings such as CLAIMWIRE_MAX_EVENT_BYTES apply as in `claimwire run`.

exit status: 0 every line was processed (enriched or dead-lettered); 1 an unrecoverable error (logged);
2 bad usage or settings.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``process`` sub-command."""
    parser = sub.add_parser(
        "process",
        help="enrich RawArticle JSON lines offline (no broker), in input order",
        description=__doc__,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--input", "-i", required=True, metavar="FILE|-", help="RawArticle v1 JSON lines")
    parser.add_argument("--output", "-o", required=True, metavar="FILE|-", help="EnrichedArticle v1 JSON lines")
    parser.add_argument("--dead-letter", metavar="FILE", help="DeadLetter v1 JSON lines [default: stderr]")
    parser.add_argument("--claims", metavar="FILE", help="also write one Claim v1 event per claim here")
    parser.add_argument(
        "--until", choices=("normalize", "claims"), default=None, help="last stage to run [default: claims]"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes [default: CLAIMWIRE_WORKERS, else the usable cores; 0: in this process]",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    import pydantic
    import structlog

    from claimwire.app_offline import run_offline
    from claimwire.settings import Settings

    log = structlog.get_logger("claimwire.process")
    overrides: dict[str, object] = {}
    if args.workers is not None:
        if args.workers < 0:
            log.error("--workers must be 0 or more")
            return 2
        overrides["workers"] = args.workers
    if args.until is not None:
        overrides["until"] = args.until
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]  # validated by pydantic
    except pydantic.ValidationError as exc:
        log.error("invalid settings", errors=exc.errors(include_url=False, include_input=False, include_context=False))
        return 2
    try:
        return run_offline(
            settings,
            input_path=args.input,
            output_path=args.output,
            dead_letter_path=args.dead_letter,
            claims_path=args.claims,
            progress=not args.no_progress,
        )
    except OSError as exc:
        log.error("cannot read or write a file", error=str(exc))
        return 2
