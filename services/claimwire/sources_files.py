"""Turn what a crawler left on disk — HTML or text files, folders, JSON lines, WARC files, stdin — into RawArticles.

``claimwire publish`` reads through this module, one item per page or line or WARC record, in input order. Every
input ends up as exactly one of three things, so nothing is dropped silently:

- :class:`Loaded`: a valid RawArticle (with the exact JSON line for JSON-lines input, so crawlers' extra fields
  travel on untouched);
- :class:`Rejected`: input that should have been a page but is not (unreadable file, invalid JSON line, schema
  violation, corrupt WARC), with ``origin`` naming the file and line (``pages.jsonl:7``) or WARC record offset
  (``crawl.warc.gz@1234``) and a reason;
- :class:`Ignored`: input that is not meant to be a page (a WARC request record, a redirect, an image, a file of
  unknown type inside a folder), with the reason.

Formats come from file suffixes (``.html .htm .xhtml .shtml``, ``.txt .text``, ``.jsonl .ndjson``,
``.warc .warc.gz``); an explicitly named file of another suffix, and stdin (``-``), are sniffed from their first
bytes. Inside folders (walked recursively in sorted order) hidden files and folders are skipped.
"""

from __future__ import annotations

import io
import os
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

import pydantic

from claimwire.adapters.codec import DEFAULT_MAX_EVENT_BYTES, decode_raw
from claimwire.core.errors import ClaimwireError
from claimwire.core.models import RawArticle
from claimwire.publisher import raw_article

__all__ = [
    "DEFAULT_MAX_PAGE_BYTES",
    "Format",
    "Ignored",
    "InputFormat",
    "Item",
    "Loaded",
    "PageOptions",
    "Rejected",
    "format_of",
    "iter_inputs",
    "read_jsonl",
    "read_page",
    "sniff",
]

InputFormat = Literal["html", "text", "jsonl", "warc"]
Format = Literal["auto", "html", "text", "jsonl", "warc"]

# A page's body must fit one event under the codec's cap, with room for JSON escaping.
DEFAULT_MAX_PAGE_BYTES = 20 * 1024 * 1024

_SUFFIXES: dict[str, InputFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}
_CONTENT_TYPES: dict[str, Literal["text/html", "text/plain"]] = {"html": "text/html", "text": "text/plain"}


@dataclass(frozen=True, slots=True)
class Loaded:
    """A valid article; ``value`` is the exact event bytes to send, when the input already was an event."""

    article: RawArticle
    origin: str
    value: bytes | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """Input that should have been a page but cannot be published; ``origin`` is file[:line] or file@offset."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class Ignored:
    """Input that is not a page by design (WARC request records, non-HTML responses, unknown files in folders)."""

    origin: str
    reason: str


Item = Loaded | Rejected | Ignored


@dataclass(frozen=True, slots=True)
class PageOptions:
    """How to make a RawArticle of a bare page file, which carries no URL or fetch time of its own.

    The URL is ``url`` when given (for a single file or stdin), else ``base_url`` joined with the path relative to
    the named folder (or the file name), else the file's ``file://`` URI. WARC records carry their own URL and time.
    """

    fetched_at: datetime
    url: str | None = None
    base_url: str | None = None
    outlet: str | None = None
    language: str | None = None
    crawler: str | None = "claimwire-publish"
    max_bytes: int = DEFAULT_MAX_PAGE_BYTES


def format_of(name: str) -> InputFormat | None:
    """The format a file name's suffix implies, or None."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    return _SUFFIXES.get(os.path.splitext(lower)[1])


def sniff(head: bytes) -> InputFormat:
    """Guess a format from the first bytes: WARC magic (plain or gzip), a JSON object, markup, else text."""
    if head.startswith((b"WARC/", b"\x1f\x8b")):
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return "html"
    return "text"


def read_page(data: bytes, *, fmt: Literal["html", "text"], url: str, origin: str, options: PageOptions) -> Item:
    """One page file's bytes as an article, or the reason it cannot be one."""
    if len(data) > options.max_bytes:
        return Rejected(origin, f"page is {len(data)} bytes, over the {options.max_bytes}-byte limit")
    try:
        article = raw_article(
            url=url,
            body=data,
            content_type=_CONTENT_TYPES[fmt],
            fetched_at=options.fetched_at,
            outlet=options.outlet,
            language=options.language,
            crawler=options.crawler,
        )
    except pydantic.ValidationError as exc:
        return Rejected(origin, f"not a valid RawArticle: {exc.errors(include_url=False)[0]['msg']}")
    return Loaded(article, origin)


def read_jsonl(stream: BinaryIO, *, origin: str, max_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> Iterator[Item]:
    """RawArticle v1 JSON lines; blank lines are skipped, every other line is Loaded or Rejected."""
    for lineno, line in enumerate(stream, start=1):
        value = line.strip()
        if lineno == 1:
            value = value.removeprefix(b"\xef\xbb\xbf")  # editors on Windows start files with a UTF-8 BOM
        if not value:
            continue
        where = f"{origin}:{lineno}"
        try:
            yield Loaded(decode_raw(value, max_bytes=max_bytes), where, value)
        except ClaimwireError as exc:
            yield Rejected(where, exc.message)


def _page_url(path: Path, relative: str, options: PageOptions) -> str:
    if options.url is not None:
        return options.url
    if options.base_url is not None:
        return options.base_url.rstrip("/") + "/" + urllib.parse.quote(relative)
    return path.resolve().as_uri()


def _read_stream(
    stream: BinaryIO, fmt: InputFormat, *, origin: str, url: str | None, options: PageOptions
) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from read_jsonl(stream, origin=origin)
    elif fmt == "warc":
        from claimwire._warc_pages import read_warc  # noqa: PLC0415 - warcio only for WARC input; avoids a cycle

        yield from read_warc(stream, origin=origin, options=options)
    elif url is None:
        yield Rejected(origin, "a page read from stdin needs --url")
    else:
        yield read_page(stream.read(options.max_bytes + 1), fmt=fmt, url=url, origin=origin, options=options)


def _read_file(path: Path, relative: str, fmt: InputFormat | None, options: PageOptions) -> Iterator[Item]:
    origin = str(path)
    try:
        with path.open("rb") as stream:
            if fmt is None:
                fmt = sniff(stream.peek(64)[:64])
            url = _page_url(path, relative, options)
            yield from _read_stream(stream, fmt, origin=origin, url=url, options=options)
    except OSError as exc:
        yield Rejected(origin, f"cannot read: {exc.strerror or exc}")


def _walk(root: Path, fmt: Format, options: PageOptions) -> Iterator[Item]:
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith("."):
                yield Ignored(str(path), "hidden file")
                continue
            found = format_of(name) if fmt == "auto" else fmt
            if found is None:
                yield Ignored(str(path), "unknown file type (use --format to force one)")
                continue
            yield from _read_file(path, path.relative_to(root).as_posix(), found, options)


def iter_inputs(
    inputs: Sequence[str], *, options: PageOptions, fmt: Format = "auto", stdin: io.BufferedReader | None = None
) -> Iterator[Item]:
    """Every item of every input, in order. ``-`` is ``stdin`` (buffered, so its first bytes can be sniffed)."""
    for name in inputs:
        if name == "-":
            if stdin is None:
                yield Rejected("<stdin>", "no stdin to read")
                continue
            found = sniff(stdin.peek(64)[:64]) if fmt == "auto" else fmt
            yield from _read_stream(stdin, found, origin="<stdin>", url=options.url, options=options)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, fmt, options)
        elif not path.exists():
            yield Rejected(name, "no such file or directory")
        else:
            yield from _read_file(path, path.name, format_of(name) if fmt == "auto" else fmt, options)
