"""``claimwire topics``: create the service's topics with the settings it expects, or show what is there.

``create`` is idempotent: topics that exist are left untouched and reported with their partition count (a warning
says when that is fewer than asked for; partitions are never changed behind an operator's back).
"""

from __future__ import annotations

import argparse

from claimwire.cli._kafka_cli import add_connection_arguments

__all__ = ["register"]

_DESCRIPTION = """\
Create the service's four topics with the settings it expects, or show what is there. `create` is idempotent:
existing topics are left untouched and reported with their partition count (with a warning when that is fewer
than asked for: partitions are never changed behind an operator's back).
"""
_TOPICS_HELP = """\
topic names come from CLAIMWIRE_TOPIC_RAW, _ENRICHED, _CLAIMS and _DLQ (defaults: articles.raw, articles.enriched,
claims.tagged, articles.dlq) unless the topic-name options say otherwise.

exit status: 0 done (created or already there); 1 (describe) a topic is missing;
2 bad usage or settings (credentials or certificates the broker refuses included); 3 broker failure or refusal.
"""


def _add_topic_names(parser: argparse.ArgumentParser) -> None:
    names = parser.add_argument_group("topic names")
    names.add_argument("--raw-topic", help="RawArticle input topic")
    names.add_argument("--enriched-topic", help="EnrichedArticle output topic")
    names.add_argument("--claims-topic", help="Claim output topic")
    names.add_argument("--dlq-topic", help="dead-letter topic")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``topics`` sub-command with its ``create`` and ``describe`` actions."""
    parser = sub.add_parser(
        "topics",
        help="create the service's topics (idempotent) or describe them",
        description=_DESCRIPTION,
        epilog=_TOPICS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="topics_action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        help="create missing topics with the expected settings",
        description="Create articles.raw, articles.enriched, claims.tagged and articles.dlq (or the configured names) "
        "with cleanup.policy=delete, zstd compression, a week's retention (a month for dead letters), message sizes "
        "that fit the largest event, and min.insync.replicas=2 at 3+ replicas. Existing topics are left as they are.",
        epilog=_TOPICS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    create.add_argument("--partitions", type=int, default=6, help="partitions per topic [default: %(default)s]")
    create.add_argument(
        "--replication-factor",
        type=int,
        metavar="N",
        help="replicas per partition [default: 3, or the number of brokers if fewer]",
    )
    create.add_argument("--retention-ms", type=int, help="retention of the event topics [default: 7 days]")
    create.add_argument("--dlq-retention-ms", type=int, help="retention of the dead-letter topic [default: 30 days]")
    create.add_argument("--compression-type", default="zstd", help="topic compression.type [default: %(default)s]")
    create.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra topic config applied to all four topics, last (repeatable)",
    )
    _add_topic_names(create)
    add_connection_arguments(create)
    create.set_defaults(handler=_handle, parser=create)

    describe = actions.add_parser(
        "describe",
        help="show partitions, replication and topic-level configs of the service's topics",
        epilog=_TOPICS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_topic_names(describe)
    add_connection_arguments(describe)
    describe.set_defaults(handler=_handle, parser=describe)


def _handle(args: argparse.Namespace) -> int:
    from claimwire.cli._topics_run import run

    return run(args)
