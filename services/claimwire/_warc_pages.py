"""WARC files (plain or gzipped, as crawlers write them) as RawArticles, via warcio.

A WARC record already says what a crawler knows about a fetch: the URL (``WARC-Target-URI``), the time
(``WARC-Date``), a unique id (``WARC-Record-ID``), the HTTP status and content type. Only HTML and plain-text
``response``/``resource`` records with a 2xx status are pages; everything else (``request``, ``metadata``,
``revisit``, redirects, images) is reported as Ignored with the reason. Bodies are de-chunked and
content-decoded by warcio; a record whose body cannot be decoded, or a file that is not WARC at all, is Rejected
with the record's byte offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO, Literal

import pydantic
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimwire.publisher import raw_article
from claimwire.sources_files import Ignored, Item, Loaded, PageOptions, Rejected

__all__ = ["read_warc"]

_PAGE_TYPES: dict[str, Literal["text/html", "text/plain"]] = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
}


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset="UTF-8"'."""
    if not content_type:
        return "", None
    media, *params = content_type.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _warc_time(value: str | None, default: datetime) -> datetime:
    if not value:
        return default
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return default
    return parsed if parsed.tzinfo is not None else default


def _strip_angles(value: str) -> str:
    return value[1:-1] if value.startswith("<") and value.endswith(">") else value


def _page_kind(record: Any) -> tuple[str | None, int | None, str | None, str | None]:
    """(reason to ignore or None, HTTP status, media type, charset) of one record."""
    if record.rec_type not in ("response", "resource"):
        return f"WARC {record.rec_type} record", None, None, None
    status: int | None = None
    if record.http_headers is not None:
        status = int(record.http_headers.get_statuscode() or 0)
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    media, charset = _media_type(content_type)
    if status is not None and not 200 <= status < 300:
        return f"HTTP status {status}", status, media, charset
    if media not in _PAGE_TYPES:
        return f"content type {media or 'missing'}", status, media, charset
    return None, status, media, charset


def _page(record: Any, it: ArchiveIterator, origin: str, options: PageOptions) -> Item:
    ignore, status, media, charset = _page_kind(record)
    if ignore is not None or media is None:
        return Ignored(f"{origin}@{it.get_record_offset()}", ignore or "not a page")
    try:
        body = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # warcio surfaces gzip/brotli/chunking errors as assorted types
        return Rejected(f"{origin}@{it.get_record_offset()}", f"cannot decode the body: {exc}")
    where = f"{origin}@{it.get_record_offset()}"  # only after reading: warcio computes it by reading to the end
    if len(body) > options.max_bytes:
        return Rejected(where, f"page is over the {options.max_bytes}-byte limit")
    url = _strip_angles(record.rec_headers.get_header("WARC-Target-URI") or "")
    record_id = _strip_angles(record.rec_headers.get_header("WARC-Record-ID") or "") or None
    try:
        article = raw_article(
            url=url,
            body=body,
            content_type=_PAGE_TYPES[media],
            fetched_at=_warc_time(record.rec_headers.get_header("WARC-Date"), options.fetched_at),
            id=record_id,
            charset=charset,
            outlet=options.outlet,
            language=options.language,
            http_status=status,
            crawler=options.crawler,
        )
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        return Rejected(where, f"not a valid RawArticle: {'.'.join(map(str, err['loc']))}: {err['msg']}")
    return Loaded(article, where)


def read_warc(stream: BinaryIO, *, origin: str, options: PageOptions) -> Iterator[Item]:
    """One item per WARC record, in file order; a broken archive ends with one Rejected item."""
    it = ArchiveIterator(stream)
    try:
        for record in it:
            if record.format != "warc":  # warcio reads unknown text as ARC (not supported): stop, do not guess
                yield Rejected(f"{origin}@{it.get_record_offset()}", "not a WARC record (ARC or not an archive)")
                return
            yield _page(record, it, origin, options)
    except ArchiveLoadFailed as exc:
        yield Rejected(origin, f"not a valid WARC file: {exc}")
    except Exception as exc:  # warcio fails on truncated or corrupt archives with assorted exception types
        yield Rejected(origin, f"corrupt WARC file: {type(exc).__name__}: {exc}")
