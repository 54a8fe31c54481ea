"""The direct lane: a SPARQL query POSTed as `application/sparql-query` answered from the
connection itself, without an ASGI application between the parser and the worker pool.

At one client, a lookup waits for the server, the worker and the server again in turn,
so the server's own steps add up: uvicorn's per-request cycle, its ASGI task, Starlette's
error middleware, the middleware chain, the body read through ASGI messages and the
response sent as two of them. For the one kind of request that is most of an endpoint's
traffic, and only when nothing about it needs those layers, the protocol reads the body
itself, hands the query to `DirectEndpoint.answer` and writes the reply's bytes.

Every other request, and every reply but a plain one, takes the ordinary path: the lane
is taken only for HTTP/1.1 keep-alive `POST /sparql` with no query string, exactly one
`Content-Length` within the limit, no `Transfer-Encoding`, no `Expect: 100-continue`, a
`Content-Type` that names `application/sparql-query`, and no request in progress on the
connection; the server takes it only with no access log and no CORS (`run`). A reply
with headers of its own or an answer in a file is sent through uvicorn's own cycle, as
the ASGI path sends it. tests/server/test_direct_lane.py compares the bytes each client
sees, and how each connection ends, with the lane and without it.

This relies on uvicorn's `RequestResponseCycle` (its constructor and its `send`) and its
status lines; pyproject.toml bounds uvicorn's version.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, RequestResponseCycle

from warkg.server.http.media import media_type
from warkg.server.http.responses import as_response, plain_headers
from warkg.server.workers.jobs import Reply

log = logging.getLogger("uvicorn.error")
"""Where uvicorn reports an exception in an ASGI application: the same line here."""

CONTENT_TYPE = "application/sparql-query"


class DirectEndpoint:
    """What the lane needs of the SPARQL endpoint: its limits, the client's address for
    a request's scope, and the reply to a body (`endpoints.sparql.direct_endpoint`)."""

    def __init__(
        self,
        answer: Callable[[bytes, str | None, str], Awaitable[Reply]],
        client_of: Callable[[dict], str],
        max_request_bytes: int,
        body_timeout: float,
        timed_out: Callable[[], Reply],
    ) -> None:
        self.answer = answer
        self.client_of = client_of
        self.max_body = min(max_request_bytes, HIGH_WATER_LIMIT)
        """uvicorn pauses reading past HIGH_WATER_LIMIT until the application reads:
        a larger body takes the ordinary path."""
        self.body_timeout = body_timeout
        self.timed_out = timed_out


class _Unread:
    """The cycle's message event while the lane reads the body itself: nothing waits on
    it (uvicorn sets it as the body comes, and when the client leaves)."""

    __slots__ = ()

    def set(self) -> None:
        pass

    def clear(self) -> None:
        pass

    def is_set(self) -> bool:
        return False


_UNREAD = _Unread()


class DirectCycle:
    """A request the lane answers, as the protocol's callbacks and its connection
    handling see a request's cycle (uvicorn's `RequestResponseCycle`: the attributes
    they read and set); a reply that needs more than a head and a body is sent through a
    real one made from it (`_ordinary`)."""

    __slots__ = (
        "accept",
        "body",
        "deadline",
        "default_headers",
        "disconnected",
        "keep_alive",
        "message_event",
        "more_body",
        "ordinary",
        "response_complete",
        "scope",
        "timer",
    )

    def __init__(
        self, scope: dict, default_headers: list, accept: str | None, deadline: float
    ) -> None:
        self.scope = scope
        self.default_headers = default_headers
        """uvicorn's, as they were when the head came (the Date of the response)."""
        self.accept = accept
        self.deadline = deadline
        self.timer: asyncio.TimerHandle | None = None
        self.body = b""
        self.more_body = True
        self.keep_alive = True
        self.disconnected = False
        self.response_complete = False
        self.message_event = _UNREAD
        self.ordinary: RequestResponseCycle | None = None
        """uvicorn's cycle the answer is sent through, once there is one."""


_CONTENT_TYPE = CONTENT_TYPE.encode()


def accepts(protocol: Any, endpoint: DirectEndpoint) -> tuple[str | None, int] | None:
    """The request's Accept header (its first) and body length if the lane may answer
    the request whose head `protocol` (uvicorn's httptools protocol) has just read."""
    parser = protocol.parser
    if (
        protocol.url != b"/sparql"
        or parser.get_method() != b"POST"
        or parser.get_http_version() != "1.1"
        or not parser.should_keep_alive()
        or parser.should_upgrade()
        or protocol.expect_100_continue
        or protocol.root_path
        or (protocol.cycle is not None and not protocol.cycle.response_complete)
    ):
        return None
    content_type = length = accept = None
    lengths = 0
    for name, value in protocol.headers:
        if name == b"content-type":
            content_type = content_type if content_type is not None else value
        elif name == b"content-length":
            lengths += 1
            length = value
        elif name == b"accept":
            accept = accept if accept is not None else value
        elif name == b"transfer-encoding":
            return None
    if lengths != 1 or content_type is None or length is None:
        return None
    if content_type != _CONTENT_TYPE and media_type(content_type.decode("latin-1")) != CONTENT_TYPE:
        return None
    if not length.isdigit() or len(length) > 18 or int(length) > endpoint.max_body:
        return None
    return (accept.decode("latin-1") if accept is not None else None), int(length)


def cycle_for(protocol: Any, accept: str | None, deadline: float) -> DirectCycle:
    """The cycle of a request the lane answers, in the scope uvicorn would give it."""
    scope = protocol.scope
    scope["method"] = "POST"
    scope["path"] = "/sparql"
    scope["raw_path"] = b"/sparql"
    scope["query_string"] = b""
    return DirectCycle(scope, protocol.server_state.default_headers, accept, deadline)


def _ordinary(protocol: Any, cycle: DirectCycle) -> RequestResponseCycle:
    """uvicorn's cycle in the place of `cycle`, its body read: what the ASGI path has
    when its answer is sent."""
    ordinary = RequestResponseCycle(
        scope=cycle.scope,  # type: ignore[arg-type]
        transport=protocol.transport,
        flow=protocol.flow,
        logger=protocol.logger,
        access_logger=protocol.access_logger,
        access_log=protocol.access_log,
        default_headers=cycle.default_headers,
        message_event=asyncio.Event(),
        expect_100_continue=False,
        keep_alive=cycle.keep_alive,
        on_response=lambda: _complete(protocol, cycle),
    )
    ordinary.more_body = False
    cycle.ordinary = ordinary
    if protocol._answering is cycle:  # the connection's newest cycle may be a later one
        protocol._answering = ordinary
    return ordinary


def _complete(protocol: Any, cycle: DirectCycle) -> None:
    cycle.response_complete = True
    protocol.on_response_complete()


def write_plain(protocol: Any, cycle: DirectCycle, reply: Reply) -> bool:
    """Write `reply` as uvicorn writes the two messages `responses.send_reply` sends for
    it, and complete the response; False (nothing written) where that takes more than
    a head and a body: headers of its own, an answer in a file, a status without a
    body, a connection to close, a client not reading."""
    if (
        reply.spool is not None
        or reply.headers
        or reply.status < 200
        or reply.status in (204, 304)
        or not cycle.keep_alive
        or protocol.flow.write_paused
    ):
        return False
    head = [STATUS_LINE[reply.status]]
    for name, value in (*cycle.default_headers, *plain_headers(reply)):
        head += (name, b": ", value, b"\r\n")
    head += (b"\r\n", reply.body)
    protocol.transport.write(b"".join(head))
    _complete(protocol, cycle)
    return True


async def send(protocol: Any, cycle: DirectCycle, reply: Reply) -> None:
    """Send `reply` for `cycle`: its bytes if plain, else through uvicorn's cycle as the
    ordinary path sends it (`as_response`)."""
    if cycle.disconnected or write_plain(protocol, cycle, reply):
        return
    ordinary = _ordinary(protocol, cycle)
    await as_response(reply)(ordinary.scope, ordinary.receive, ordinary.send)


async def fail(protocol: Any, cycle: DirectCycle, error: Exception) -> None:
    """An unexpected error: what Starlette's error middleware and uvicorn do with one
    raised by an application (500 and the line with its traceback; then the connection
    is closed, as uvicorn closes it once a response was started)."""
    from starlette.responses import PlainTextResponse

    ordinary = cycle.ordinary or _ordinary(protocol, cycle)
    if not ordinary.response_started and not ordinary.disconnected:
        response = PlainTextResponse("Internal Server Error", status_code=500)
        await response(ordinary.scope, ordinary.receive, ordinary.send)
    log.error("Exception in ASGI application\n", exc_info=error)
    protocol.transport.close()


class DirectLane:
    """The lane's part of the connection protocol (`connections.GuardedProtocol`, whose
    uvicorn base this reaches through `super()`): a request the lane may answer gets a
    `DirectCycle` when its head has come, its body is gathered as it comes (408 after
    --body-timeout, as the ASGI path says), and its answer is a task of the protocol's,
    cancelled when the client leaves as the ASGI path's is."""

    direct: DirectEndpoint | None = None
    """The SPARQL endpoint, for the requests the lane answers; None: no lane."""

    def on_headers_complete(self) -> None:
        if self.direct is not None and (found := accepts(self, self.direct)):
            deadline = self.loop.time() + self.direct.body_timeout  # type: ignore[attr-defined]
            self.cycle = self._answering = cycle_for(self, found[0], deadline)
            return
        super().on_headers_complete()  # type: ignore[misc]

    def on_body(self, body: bytes) -> None:
        cycle = self.cycle  # type: ignore[attr-defined]
        if type(cycle) is DirectCycle:
            if not cycle.response_complete:
                cycle.body += body
            return
        super().on_body(body)  # type: ignore[misc]

    def on_message_complete(self) -> None:
        cycle = self.cycle  # type: ignore[attr-defined]
        if type(cycle) is not DirectCycle:
            super().on_message_complete()  # type: ignore[misc]
        elif not cycle.response_complete:
            cycle.more_body = False
            if cycle.timer is not None:
                cycle.timer.cancel()
            assert self.direct is not None
            self._direct_task(self._answer_direct(cycle, self.direct))

    def _await_direct_body(self) -> None:
        """After a read: a body still to come is awaited until its deadline."""
        cycle = self.cycle  # type: ignore[attr-defined]
        if type(cycle) is DirectCycle and cycle.more_body and cycle.timer is None:
            loop = self.loop  # type: ignore[attr-defined]
            cycle.timer = loop.call_at(cycle.deadline, self._direct_body_late, cycle)

    def _direct_task(self, work: Coroutine[Any, Any, None]) -> None:
        self._task = task = self.loop.create_task(work)  # type: ignore[attr-defined]
        task.add_done_callback(self.tasks.discard)  # type: ignore[attr-defined]
        self.tasks.add(task)  # type: ignore[attr-defined]

    async def _answer_direct(self, cycle: DirectCycle, endpoint: DirectEndpoint) -> None:
        try:
            reply = await endpoint.answer(cycle.body, cycle.accept, endpoint.client_of(cycle.scope))
            await send(self, cycle, reply)
        except asyncio.CancelledError:
            if not self._gone:  # type: ignore[attr-defined]  # the server is stopping
                raise
        except Exception as error:
            await fail(self, cycle, error)

    def _direct_body_late(self, cycle: DirectCycle) -> None:
        cycle.timer = None
        if cycle.more_body and not cycle.response_complete and not cycle.disconnected:
            assert self.direct is not None
            self._direct_task(send(self, cycle, self.direct.timed_out()))
