"""`--access-log`: one line per request, in the Common Log Format or as JSON lines, on
standard output or appended to a file; and the client's address for everything below
(`scope["warkg.client"]`, see `clients`).

The line is written when the answer has been sent, or when the client has left before
(status 499, as nginx logs it), with the bytes of body actually handed to the
connection. uvicorn's own access log is not used: it writes before the body is sent,
so it cannot say how large the answer was or whether it was sent at all.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from typing import IO, Any

from warkg.server.http.clients import ClientAddresses

FORMATS = ("common", "json")
CLIENT_LEFT = 499
"""The status logged for a request whose client left before its answer was sent."""


class AccessLog:
    """ASGI middleware: notes the client's address in the scope and, if `sink` is given,
    writes one line per HTTP request to it."""

    def __init__(
        self, app: Any, addresses: ClientAddresses, sink: IO[str] | None, style: str = "common"
    ) -> None:
        self.app = app
        self.addresses = addresses
        self.sink = sink
        self.style = style

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope["warkg.client"] = client = self.addresses.of(scope)
        if self.sink is None:
            await self.app(scope, receive, send)
            return
        started = time.time()
        sent = {"status": CLIENT_LEFT, "bytes": 0}

        async def counting(message: dict) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
            elif message["type"] == "http.response.body":
                sent["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        except asyncio.CancelledError:
            sent["status"] = CLIENT_LEFT
            raise
        finally:
            self.write(scope, client, started, sent["status"], sent["bytes"])

    def write(self, scope: dict, client: str, started: float, status: int, size: int) -> None:
        assert self.sink is not None
        path = scope.get("raw_path") or scope.get("path", "").encode()
        target = path.decode("latin-1")
        if query := scope.get("query_string", b""):
            target += "?" + query.decode("latin-1")
        method = scope.get("method", "-")
        version = scope.get("http_version", "1.1")
        if self.style == "json":
            record = {
                "time": datetime.fromtimestamp(started, UTC).isoformat(timespec="milliseconds"),
                "client": client,
                "method": method,
                "target": target,
                "protocol": f"HTTP/{version}",
                "status": status,
                "bytes": size,
                "duration_ms": round((time.time() - started) * 1000, 3),
                "user_agent": _header(scope, b"user-agent"),
            }
            line = json.dumps(record, ensure_ascii=False)
        else:
            when = datetime.fromtimestamp(started).astimezone().strftime("%d/%b/%Y:%H:%M:%S %z")
            request = f"{method} {_printable(target)} HTTP/{version}"
            line = f'{client} - - [{when}] "{request}" {status} {size if size else "-"}'
        self.sink.write(line + "\n")
        self.sink.flush()


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _printable(text: str) -> str:
    """The request target as it may appear between quotes on one line."""
    return "".join(c if " " < c < "\x7f" and c != '"' else f"\\x{ord(c):02x}" for c in text)


def open_sink(destination: str | None) -> IO[str] | None:
    """Standard output for `-`, else the file, opened for appending (line-buffered)."""
    if destination is None:
        return None
    if destination == "-":
        return sys.stdout
    return open(destination, "a", encoding="utf-8", buffering=1)
