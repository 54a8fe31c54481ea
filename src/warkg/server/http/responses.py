"""How the server turns a worker's `Reply` into a Starlette response, with the headers
every answer gets (and pages get more); redirects, which are paths."""

from __future__ import annotations

import os

from starlette.responses import RedirectResponse, Response, StreamingResponse

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
