"""Transfer codings a request body may come in: chunked only.

The HTTP parser reads a body whose last transfer coding is chunked (RFC 9112, 6.3) and
refuses one where chunked is not last (400); a body in `gzip, chunked` would reach the
endpoint still compressed and be read as if plain. RFC 9112, 6.1: a server that does
not understand a transfer coding should answer 501 (Not Implemented).
"""

from __future__ import annotations

from typing import Any

from warkg.server.http.responses import error_response


class TransferCodings:
    """ASGI middleware: 501, and the connection closed, for a body in a transfer coding
    other than chunked."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name != b"transfer-encoding":
                    continue
                codings = [c.strip().lower() for c in value.decode("latin-1").split(",")]
                unknown = [c for c in codings if c and c != "chunked"]
                if unknown:
                    response = error_response(
                        501,
                        f"the request body is in transfer coding {unknown[0]!r}, which this "
                        "server does not read; send it without one, or chunked",
                        {"Connection": "close"},
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
