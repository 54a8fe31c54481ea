"""How the server turns a worker's `Reply` into a Starlette response, with the headers
every answer gets (and pages get more); redirects, which are paths."""

from __future__ import annotations

import os

from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from warkg.server.workers.jobs import Reply, error_reply

# Headers on every answer; pages also get a Content-Security-Policy that allows nothing
# from elsewhere (they need nothing from elsewhere).
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Vary": "Accept"}
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}

CHUNK_BYTES = 64 * 1024


def as_response(reply: Reply, extra: dict[str, str] | None = None) -> Response:
    headers = {**COMMON_HEADERS, **reply.headers, **(extra or {})}
    if reply.spool is not None:
        return streamed(reply, headers)
    return Response(reply.body, reply.status, headers=headers, media_type=reply.content_type)


_COMMON_RAW = [
    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in COMMON_HEADERS.items()
]


async def send_reply(reply: Reply, scope: Scope, receive: Receive, send: Send) -> None:
    """Send `reply` as `as_response(reply)` sends it (the same messages, headers in the
    same order), without building a Response for the common case: a body in memory and
    no headers of its own."""
    if reply.spool is not None or reply.headers:
        await as_response(reply)(scope, receive, send)
        return
    headers = plain_headers(reply)
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


def plain_headers(reply: Reply) -> list[tuple[bytes, bytes]]:
    """The headers `as_response` gives a reply with none of its own, in its order."""
    content_type = reply.content_type
    if content_type.startswith("text/") and "charset=" not in content_type.lower():
        content_type += "; charset=utf-8"  # as Starlette completes a text type
    headers = [*_COMMON_RAW]
    if not (reply.status < 200 or reply.status in (204, 304)):
        headers.append((b"content-length", str(len(reply.body)).encode("latin-1")))
    headers.append((b"content-type", content_type.encode("latin-1")))
    return headers


class Answered(Response):
    """A route's answer made by an ASGI application that reads the request itself: what
    an endpoint returns to run one (`endpoints.sparql.sparql`)."""

    def __init__(self, app: ASGIApp) -> None:  # no body or headers of its own
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def streamed(reply: Reply, headers: dict[str, str]) -> Response:
    """A large answer sent from the worker's file a chunk at a time: each chunk waits
    until the client has taken the one before (uvicorn drains before every write), so
    this process holds one chunk per client, and a client that stops reading is cut off
    by the send timeout (`connections`). The file is removed as soon as it is open."""
    assert reply.spool is not None
    file = open(reply.spool, "rb")  # noqa: SIM115 (closed by the generator)
    reply.spool.unlink(missing_ok=True)
    size = os.fstat(file.fileno()).st_size

    async def chunks():
        try:
            while chunk := file.read(CHUNK_BYTES):
                yield chunk
        finally:
            file.close()

    headers = {**headers, "Content-Length": str(size)}
    return StreamingResponse(chunks(), reply.status, headers=headers, media_type=reply.content_type)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return as_response(error_reply(status, message, headers))


def redirect(path: str, status: int = 301) -> Response:
    """A redirect to `path` on this server, written as a path (a relative reference, as
    RFC 9110 allows): never built from the Host header, which the client chooses."""
    path = "/" + path.lstrip("/")  # `//host/...` would name another host
    return RedirectResponse(path, status_code=status, headers={"Vary": "Accept"})
