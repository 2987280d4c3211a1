"""Saved pages, JSON lines and WARC files become RawArticles; every bad input is reported, nothing is dropped."""

from __future__ import annotations

import base64
import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimwire.sources_files import (
    Item,
    Loaded,
    PageOptions,
    Rejected,
    format_of,
    iter_inputs,
    read_jsonl,
    sniff,
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
OPTIONS = PageOptions(fetched_at=NOW)
GOOD_LINE = (
    b'{"id":"j-1","url":"https://news.example/a","fetched_at":"2023-03-30T09:00:00Z",'
    b'"content_type":"text/html","body":"<p>A</p>","crawler_extra":{"depth":2}}'
)


def summary(items: list[Item]) -> list[tuple[str, str, str]]:
    """(kind, origin, url-or-reason) per item, for compact expectations."""
    out = []
    for item in items:
        if isinstance(item, Loaded):
            out.append(("loaded", item.origin, item.article.url))
        else:
            out.append((type(item).__name__.lower(), item.origin, item.reason))
    return out


def warc_bytes(*, compress: bool = True) -> bytes:
    """A small crawl: a request, an HTML page, a gzip-encoded cp1252 page, a 404, an image, a text resource."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)

    def response(url: str, status: str, headers: list[tuple[str, str]], body: bytes, when: str) -> None:
        http = StatusAndHeaders(status, [*headers, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),  # known lengths keep warcio from spooling to temporary files
            http_headers=http,
            warc_headers_dict={"WARC-Date": when},
        )
        writer.write_record(record)

    request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example/a", "request", http_headers=request))
    response(
        "https://news.example/a",
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8")],
        "<p>Zürich</p>".encode(),
        "2023-03-30T09:00:00Z",
    )
    response(
        "https://news.example/b",
        "200 OK",
        [("Content-Type", 'text/html; charset="windows-1252"'), ("Content-Encoding", "gzip")],
        gzip.compress("<p>Café</p>".encode("cp1252")),
        "2023-03-30T09:01:00Z",
    )
    response(
        "https://news.example/gone", "404 Not Found", [("Content-Type", "text/html")], b"nope", "2023-03-30T09:02:00Z"
    )
    response(
        "https://news.example/i.png", "200 OK", [("Content-Type", "image/png")], b"\x89PNG", "2023-03-30T09:03:00Z"
    )
    resource = writer.create_warc_record(
        "file:///notes.txt",
        "resource",
        payload=io.BytesIO(b"Plain notes."),
        length=12,
        warc_content_type="text/plain",
        warc_headers_dict={"WARC-Date": "2023-03-30T09:04:00Z"},
    )
    writer.write_record(resource)
    return buffer.getvalue()


def test_file_suffixes_name_the_format() -> None:
    """Suffixes map to formats, case-insensitively; unknown ones to None."""
    names = ["a.HTML", "b.htm", "c.txt", "d.jsonl", "e.ndjson", "f.warc", "g.warc.gz", "h.json", "i.gz"]
    assert ["html", "html", "text", "jsonl", "jsonl", "warc", "warc", None, None] == [format_of(n) for n in names]


def test_first_bytes_reveal_the_format_of_stdin() -> None:
    """WARC magic (plain or gzip), a JSON object, markup, else text."""
    heads = [b"WARC/1.1\r\n", b"\x1f\x8b\x08", b'\n {"id"', b"\xef\xbb\xbf<!doctype html>", b"Just words"]
    assert ["warc", "warc", "jsonl", "html", "text"] == [sniff(h) for h in heads]


def test_a_folder_yields_every_page_in_sorted_order_and_reports_the_rest(tmp_path: Path) -> None:
    """Folders are walked recursively in sorted order; hidden files and unknown types are Ignored with a reason."""
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.html").write_text("<p>never</p>")
    (tmp_path / "b" / "two page.html").write_text("<p>Two</p>")
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / ".hidden.html").write_text("<p>h</p>")
    (tmp_path / "notes.md").write_text("# md")
    (tmp_path / "c.jsonl").write_bytes(GOOD_LINE + b"\n")
    options = PageOptions(fetched_at=NOW, base_url="https://mirror.example/site/")
    items = list(iter_inputs([str(tmp_path)], options=options))
    assert [
        ("ignored", f"{tmp_path}/.hidden.html", "hidden file"),
        ("loaded", f"{tmp_path}/a.txt", "https://mirror.example/site/a.txt"),
        ("loaded", f"{tmp_path}/c.jsonl:1", "https://news.example/a"),
        ("ignored", f"{tmp_path}/notes.md", "unknown file type (use --format to force one)"),
        ("loaded", f"{tmp_path}/b/two page.html", "https://mirror.example/site/b/two%20page.html"),
    ] == summary(items)


def test_pages_from_files_get_content_type_fetch_time_and_a_file_uri(tmp_path: Path) -> None:
    """Without a URL option a page's URL is its file:// URI; the fetch time is the given one."""
    page = tmp_path / "p.htm"
    page.write_bytes(b"<html><p>x</p></html>")
    (item,) = iter_inputs([str(page)], options=PageOptions(fetched_at=NOW, outlet="Outlet", crawler="c1"))
    assert isinstance(item, Loaded)
    article = item.article
    assert (page.resolve().as_uri(), "text/html", NOW, "Outlet", "c1") == (
        article.url,
        article.content_type,
        article.fetched_at,
        article.outlet,
        article.crawler,
    )


def test_jsonl_lines_keep_their_exact_bytes_and_bad_lines_name_file_and_line(tmp_path: Path) -> None:
    """Valid lines are Loaded with their bytes; a broken line and a schema violation are Rejected as file:line."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(GOOD_LINE + b"\n\n{not json\n" + b'{"id":"x","url":"https://x/"}\n' + b"[1, 2]\r\n")
    items = list(iter_inputs([str(path)], options=OPTIONS))
    assert isinstance(items[0], Loaded)
    assert GOOD_LINE == items[0].value
    rejected = [(i.origin, i.reason.split(":")[0]) for i in items[1:] if isinstance(i, Rejected)]
    assert [
        (f"{path}:3", "value is not JSON"),
        (f"{path}:4", "RawArticle schema violation"),
        (f"{path}:5", "value is JSON list, expected an object"),
    ] == rejected
    assert 4 == len(items)


def test_missing_and_unreadable_files_are_rejected_with_the_reason(tmp_path: Path) -> None:
    """A missing input and a dangling link inside a folder are each reported, and reading goes on."""
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    (tmp_path / "dir" / "ok.txt").write_text("ok")
    items = list(iter_inputs([str(tmp_path / "absent.html"), str(tmp_path / "dir")], options=OPTIONS))
    assert [
        ("rejected", f"{tmp_path}/absent.html", "no such file or directory"),
        ("rejected", f"{tmp_path}/dir/dangling.html", "cannot read: No such file or directory"),
        ("loaded", f"{tmp_path}/dir/ok.txt", (tmp_path / "dir" / "ok.txt").resolve().as_uri()),
    ] == summary(items)


def test_a_page_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    """Pages larger than max_bytes are refused rather than truncated."""
    page = tmp_path / "big.txt"
    page.write_bytes(b"x" * 101)
    (item,) = iter_inputs([str(page)], options=PageOptions(fetched_at=NOW, max_bytes=100))
    assert Rejected(str(page), "page is 101 bytes, over the 100-byte limit") == item


def test_stdin_pages_need_a_url_and_stdin_jsonl_is_sniffed() -> None:
    """A page on stdin without --url is rejected; JSON lines on stdin are recognised without --format."""
    no_url = list(iter_inputs(["-"], options=OPTIONS, stdin=io.BufferedReader(io.BytesIO(b"<p>x</p>"))))
    with_url = list(
        iter_inputs(
            ["-"],
            options=PageOptions(fetched_at=NOW, url="https://u.example/"),
            stdin=io.BufferedReader(io.BytesIO(b"<p>x</p>")),
        )
    )
    lines = list(iter_inputs(["-"], options=OPTIONS, stdin=io.BufferedReader(io.BytesIO(GOOD_LINE + b"\n"))))
    assert [("rejected", "<stdin>", "a page read from stdin needs --url")] == summary(no_url)
    assert [("loaded", "<stdin>", "https://u.example/")] == summary(with_url)
    assert [("loaded", "<stdin>:1", "https://news.example/a")] == summary(lines)


def test_a_forced_format_overrides_the_suffix(tmp_path: Path) -> None:
    """--format html makes a .md file an HTML page."""
    page = tmp_path / "page.md"
    page.write_text("<p>x</p>")
    (item,) = iter_inputs([str(page)], options=OPTIONS, fmt="html")
    assert isinstance(item, Loaded)
    assert "text/html" == item.article.content_type


@pytest.mark.parametrize("compress", [True, False])
def test_warc_pages_become_articles_and_other_records_are_ignored_with_reasons(tmp_path: Path, compress: bool) -> None:
    """2xx HTML/text records are pages with the WARC's URL, date, record id and status; the rest is Ignored."""
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(warc_bytes(compress=compress))
    items = list(iter_inputs([str(path)], options=PageOptions(fetched_at=NOW, outlet="News")))
    kinds = [(type(i).__name__, i.reason if not isinstance(i, Loaded) else i.article.url) for i in items]
    assert [
        ("Ignored", "WARC request record"),
        ("Loaded", "https://news.example/a"),
        ("Loaded", "https://news.example/b"),
        ("Ignored", "HTTP status 404"),
        ("Ignored", "content type image/png"),
        ("Loaded", "file:///notes.txt"),
    ] == kinds
    first, second, notes = (i.article for i in items if isinstance(i, Loaded))
    assert ("<p>Zürich</p>", 200, datetime(2023, 3, 30, 9, 0, tzinfo=UTC), "News") == (
        first.body,
        first.http_status,
        first.fetched_at,
        first.outlet,
    )
    assert first.id.startswith("urn:uuid:")
    assert ("<p>Café</p>".encode("cp1252"), "windows-1252") == (
        base64.b64decode(second.body_base64 or ""),
        second.charset,
    )
    assert ("text/plain", "Plain notes.", None) == (notes.content_type, notes.body, notes.http_status)
    assert all(i.origin.startswith(f"{path}@") for i in items)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01 binary junk\n", "not a valid WARC file"),
        (b"this is not an archive\r\n\r\n", "not a WARC record"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort", "corrupt WARC file"),
    ],
)
def test_a_file_that_is_not_a_good_warc_is_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    """Junk, text that warcio would read as ARC, and a truncated record each yield one Rejected item."""
    path = tmp_path / "broken.warc"
    path.write_bytes(data)
    items = list(iter_inputs([str(path)], options=OPTIONS))
    assert [("rejected", True, True)] == [
        (kind, origin.startswith(str(path)), why.startswith(reason)) for kind, origin, why in summary(items)
    ]


def test_a_utf8_bom_before_the_first_json_line_is_not_an_error() -> None:
    """Files saved by Windows editors begin with a BOM; the first line still loads (without it)."""
    (item,) = read_jsonl(io.BytesIO(b"\xef\xbb\xbf" + GOOD_LINE + b"\n"), origin="bom.jsonl")
    assert isinstance(item, Loaded)
    assert GOOD_LINE == item.value


def test_read_jsonl_counts_lines_from_one() -> None:
    """Line numbers are 1-based and count blank lines, as editors do."""
    items = list(read_jsonl(io.BytesIO(b"\n\n{}\n"), origin="x.jsonl"))
    assert [("rejected", "x.jsonl:3")] == [(k, o) for k, o, _ in summary(items)]
