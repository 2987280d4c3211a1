"""``claimwire run``: the service, a consumer-group member enriching every raw-article event exactly once.

All configuration comes from ``CLAIMWIRE_*`` environment variables (listed below); the service itself is
``claimwire.app_service``.
"""

from __future__ import annotations

import argparse

__all__ = ["register"]

_EXIT = """\
  CLAIMWIRE_LOG_LEVEL / CLAIMWIRE_LOG_FORMAT  logging (see `claimwire --help`); logs are JSON lines on stderr

exit status: 0 stopped by SIGTERM/SIGINT after finishing or aborting open transactions; 1 an unrecoverable error
(logged); 2 invalid settings.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` sub-command; its help lists every setting."""
    from claimwire.settings import describe_settings

    parser = sub.add_parser(
        "run",
        help="run the service: consume raw articles, produce enriched articles, claims and dead letters",
        description=__doc__,
        epilog=f"environment variables (settings):\n{describe_settings()}\n\n{_EXIT}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    import asyncio

    import pydantic
    import structlog

    from claimwire.app_service import serve
    from claimwire.settings import Settings

    del args
    try:
        settings = Settings()
    except pydantic.ValidationError as exc:
        structlog.get_logger("claimwire.run").error(
            "invalid settings", errors=exc.errors(include_url=False, include_input=False, include_context=False)
        )
        return 2
    return asyncio.run(serve(settings))
