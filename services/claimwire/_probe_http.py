"""A tiny asyncio HTTP/1.1 server for probes and scrapes: GET/HEAD, one request per connection.

Prometheus scrapers and Kubernetes probes need nothing more, and running in the service's own event loop is the
point: a loop that is stuck cannot answer ``/healthz``. Requests are bounded (8 KiB of head, 5 s to send it) so a
slow or hostile client cannot hold the loop's attention.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus

import structlog

__all__ = ["Handler", "ProbeServer", "Response"]

_MAX_HEAD = 8192
_READ_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Response:
    """Status, content type and body of one answer."""

    status: int
    content_type: str
    body: bytes


Handler = Callable[[str, dict[str, str]], Awaitable[Response]]
"""(path without query, lower-cased request headers) -> Response."""


class ProbeServer:
    """Serves ``handler`` over HTTP on host:port until stopped."""

    def __init__(self, handler: Handler, *, host: str, port: int) -> None:
        self._handler = handler
        self._host = host
        self._port = port
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        """The bound port once started, else the configured one."""
        if self._server is not None and self._server.sockets:
            port: int = self._server.sockets[0].getsockname()[1]
            return port
        return self._port

    async def start(self) -> None:
        """Bind and listen."""
        self._server = await asyncio.start_server(self._serve, self._host, self._port, limit=_MAX_HEAD)

    async def stop(self) -> None:
        """Stop listening; connections in progress finish on their own (each is one short request)."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            response, head_only = await self._answer(reader)
            reason = HTTPStatus(response.status).phrase
            head = (
                f"HTTP/1.1 {response.status} {reason}\r\nContent-Type: {response.content_type}\r\n"
                f"Content-Length: {len(response.body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode("latin-1") + (b"" if head_only else response.body))
            await writer.drain()
        except (ConnectionError, TimeoutError):
            pass  # the client went away; nothing to answer
        except Exception:  # a bug in a handler must not take the service down with it
            structlog.get_logger(__name__).exception("probe handler failed")
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[Response, bool]:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _READ_TIMEOUT)
        except asyncio.IncompleteReadError:
            return Response(400, "text/plain", b"bad request\n"), False
        except asyncio.LimitOverrunError:
            return Response(431, "text/plain", b"request head too large\n"), False
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        parts = request_line.split(" ")
        if len(parts) != 3:
            return Response(400, "text/plain", b"bad request\n"), False
        method, target, _version = parts
        if method not in ("GET", "HEAD"):
            return Response(405, "text/plain", b"method not allowed\n"), False
        headers = {}
        for line in header_lines:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        path = target.split("?", 1)[0]
        return await self._handler(path, headers), method == "HEAD"
