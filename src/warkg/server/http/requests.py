"""Reading a request: its parameters (URL and form), its body within the size and time
limits, each refusal a one-line HttpError naming the parameter or limit."""

from __future__ import annotations

import asyncio
import urllib.parse

from starlette.requests import Request
from starlette.types import Receive, Scope

from warkg.server.http.errors import HttpError, too_large


def single(params: list[tuple[str, str]], name: str) -> str | None:
    """The one value of parameter `name`, None if absent; 400 if given twice."""
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0] if values else None


def parse_form(text: str, what: str = "the form") -> list[tuple[str, str]]:
    """The fields of a form or query string; 400 for percent-encoded bytes that are not
    UTF-8 (`%FF`), which would otherwise silently become U+FFFD."""
    try:
        return urllib.parse.parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=1000,
            errors="strict",
        )
    except UnicodeDecodeError:
        raise HttpError(400, f"{what} is not UTF-8 (percent-encoded bytes)") from None
    except ValueError as error:
        raise HttpError(400, f"cannot read {what}: {error}") from None


def query_string(scope: Scope, limit: int) -> list[tuple[str, str]]:
    """The URL's parameters, refused with 413 past `limit` and 400 if not UTF-8."""
    raw = scope.get("query_string", b"")
    if not raw:
        return []  # what parse_form gives for nothing, without asking it
    if len(raw) > limit:
        raise too_large(limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the query string is not UTF-8") from None
    return parse_form(text, "the query string")


def decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, f"{what} is not UTF-8") from None


async def read_body(receive: Receive, declared: str | None, limit: int, timeout: float) -> bytes:
    """The request body (`declared`: its Content-Length header), refused with 413 as soon
    as it is known to pass `limit` (from Content-Length, or while reading a chunked
    body), and with 408 if it has not all arrived within `timeout` seconds (a client
    trickling a body holds a connection). Read from the ASGI messages as Starlette's
    `Request.stream` reads them.

    The time limit is `asyncio.timeout`'s, written out (`_expire`): a timer that
    cancels the task, and the cancellation told from any other by the task's count of
    cancellation requests, as `asyncio.timeout` tells them. The context manager cost
    three times as much as the rest of reading a lookup's body, on every request."""
    if declared is not None:
        if not declared.isdigit() or len(declared) > 18:
            raise HttpError(400, "malformed Content-Length header")
        if int(declared) > limit:
            raise too_large(limit)
    task = asyncio.current_task()
    assert task is not None, "read_body runs in a task"
    cancelling = task.cancelling()
    expired: list[bool] = []
    timer = asyncio.get_running_loop().call_later(timeout, _expire, task, expired)
    chunks, size = [], 0
    try:
        while True:
            message = await receive()
            if message["type"] == "http.request":
                if chunk := message.get("body", b""):
                    size += len(chunk)
                    if size > limit:
                        raise too_large(limit)
                    chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            elif message["type"] == "http.disconnect":
                raise HttpError(400, "the client closed the connection before the body ended")
    except asyncio.CancelledError:
        if expired:
            expired.clear()
            if task.uncancel() <= cancelling:  # ours alone: the time is up
                raise body_too_slow(timeout) from None
        raise
    finally:
        timer.cancel()
        if expired:  # the time ran out as the body ended: the task's request is taken back
            task.uncancel()
    return b"".join(chunks)


def body_too_slow(timeout: float) -> HttpError:
    return HttpError(408, f"the request body did not arrive within {timeout:g} s (--body-timeout)")


def _expire(task: asyncio.Task, expired: list[bool]) -> None:
    expired.append(True)
    task.cancel()


def one(request: Request, name: str) -> str | None:
    """The one value of URL parameter `name`, None if absent; 400 if given twice."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0] if values else None


def check_size(request: Request, limit: int) -> None:
    """413 for a query string over --max-request-bytes, as the endpoint answers."""
    if len(request.scope.get("query_string", b"")) > limit:
        raise too_large(limit)
