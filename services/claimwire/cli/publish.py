"""``claimwire publish``: send pages a crawler saved (files, folders, JSON lines, WARC, stdin) to the raw topic.

The crawler-side twin of the service: each page becomes one RawArticle event keyed by its URL with CloudEvents
headers (through :mod:`claimwire.publisher`), read by :mod:`claimwire.sources_files`. Invalid inputs are reported
one by one (file and line, or WARC offset, and the reason) and counted; the valid ones are still published and the
exit code is 1, so a script notices. ``--dry-run`` validates everything without a broker.
"""

from __future__ import annotations

import argparse

from claimwire.cli._kafka_cli import add_connection_arguments

__all__ = ["register"]

_DESCRIPTION = """\
Send pages a crawler saved to the raw topic: each page becomes one RawArticle v1 event, keyed by its URL (as
given, stripped), with CloudEvents headers. Invalid inputs are reported one by one (file and line, or WARC record
offset, with the reason) and counted; the valid ones are still published and the exit status is 1.
--dry-run reads and validates everything without a broker.
"""
_EPILOG = """\
inputs:
  FILE.html|.htm|.xhtml   one HTML page       FILE.txt|.text   one plain-text page
  FILE.jsonl|.ndjson      RawArticle v1 JSON lines (sent byte for byte after validation)
  FILE.warc[.gz]          2xx HTML/text response and resource records; the rest is ignored, with reasons
  FOLDER                  every file above, recursively, in sorted order (hidden files skipped)
  -                       stdin; the format is sniffed unless --format says it
Pages from files get the URL from --url (one page only), else --base-url + the path relative to the folder,
else their file:// URI; fetched_at is --fetched-at or now; the id is derived from url, time and bytes.

exit status: 0 all published; 1 some inputs rejected (each reported; the others were published);
2 bad usage or settings (credentials or certificates the broker refuses included); 3 broker failure.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``publish`` sub-command."""
    parser = sub.add_parser(
        "publish",
        help="publish saved pages (HTML/text files, folders, JSON lines, WARC, stdin) as RawArticle events",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    parser.add_argument(
        "--format", choices=("auto", "html", "text", "jsonl", "warc"), default="auto", help="force the input format"
    )
    parser.add_argument("--url", help="URL of the page (only with a single page file or stdin)")
    parser.add_argument("--base-url", help="URL prefix for pages in files: BASE/relative/path.html")
    parser.add_argument("--fetched-at", metavar="RFC3339", help="fetch time of pages in files [default: now]")
    parser.add_argument("--outlet", help="outlet name to set on pages from files and WARC")
    parser.add_argument("--language", help="BCP 47 language to set on pages from files and WARC")
    parser.add_argument("--crawler", default="claimwire-publish", help="crawler name to set [default: %(default)s]")
    parser.add_argument("--topic", help="raw topic [default: CLAIMWIRE_TOPIC_RAW, else articles.raw]")
    parser.add_argument(
        "--source", default="/claimwire/publish", help="CloudEvents ce_source header [default: %(default)s]"
    )
    parser.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="largest page file [default: 20 MiB]")
    parser.add_argument("--dry-run", action="store_true", help="read and validate only; list records on stdout")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_connection_arguments(parser)
    parser.set_defaults(handler=_handle, parser=parser)


def _handle(args: argparse.Namespace) -> int:
    from claimwire.cli._publish_run import run

    return run(args)
