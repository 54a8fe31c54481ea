"""The connection policy of `warkg serve`: timers uvicorn does not start, and who gives
way when the server is full.

uvicorn starts no timer on a connection until its first response, and its
`limit_concurrency` counts idle sockets: a hundred sockets that never send a byte (or
send a header line every few seconds) would make every other request a 503 for as long
as they stay open. Here each connection is held to three clocks:

- headers: a request's head must arrive within `header_timeout` seconds of the
  connection opening (or of the first byte after a keep-alive pause); else 408 and close;
- keep-alive: uvicorn's own timer, `timeout_keep_alive`, after each response;
- send: a client that stops reading, so that the answer cannot be written for
  `send_timeout` seconds, is cut off (the answer waits in the server's memory meanwhile).

And when `max_connections` are open, a new connection does not get a 503 while one of
them is only waiting for a request: the connection idle for longest is closed to make
room. Only when every connection has a request in progress is the new one refused.

And a request's head (request line and headers) may not grow past `max_head_bytes`:
the httptools parser, unlike h11, sets no bound of its own, and uvicorn keeps the URL and
every header it is given. Its URL parser, though, reads no URL over 65,535 bytes (its
offsets are 16-bit) and uvicorn answers such a request with a bare "Invalid HTTP request
received."; so a request line is read here first, and a URL that long gets 413 (its
query string is over --max-request-bytes) or 414, each saying which limit it met.

And a response's head is written with the first bytes of its body
(`joined_writes.JoinedWrites`).

This is a subclass of uvicorn's `HttpToolsProtocol` (its C parser) using its attributes
`cycle`, `transport`, `connections` and `loop`, and relying on its writing a response's
head in one write and calling `on_response_complete` once the response is written;
pyproject.toml bounds uvicorn's version, tests/server/test_server_connections.py pins
the behaviour and tests/server/test_joined_writes.py the bytes sent.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from warkg.server.http.direct import DirectCycle, DirectEndpoint, DirectLane
from warkg.server.http.errors import too_large
from warkg.server.http.joined_writes import JoinedWrites


@dataclass(frozen=True)
class ConnectionPolicy:
    """The clocks and the connection limit (see the module docstring)."""

    max_connections: int
    header_timeout: float
    send_timeout: float
    max_request_bytes: int = 65_536

    @property
    def max_head_bytes(self) -> int:
        """Room for a GET whose query string is up to `max_request_bytes`, so that the
        server, not this guard, answers an oversized one (413) where it can."""
        return self.max_request_bytes + 16_384


log = logging.getLogger("warkg.server")

LINGER = 2.0
"""Seconds a refused connection is kept open, reading and discarding, after its answer."""

URL_LIMIT = 65_535
"""The longest URL httptools' URL parser reads."""


def _plain_answer(status: str, message: str) -> bytes:
    body = (message + "\n").encode("utf-8")
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
    ).encode("ascii") + body


_activity = itertools.count(1)
"""Orders connections by their last activity. Not the loop's clock: uvloop's reads the
same time for everything done in one pass of the loop, such as a batch of accepts, and
the oldest of them could not be told apart."""


class GuardedProtocol(DirectLane, HttpToolsProtocol):
    """uvicorn's httptools protocol with the header and send timers, the bound on a
    request's head and the eviction policy."""

    policy: ConnectionPolicy = ConnectionPolicy(100, 10.0, 30.0)
    join_writes: bool = True
    """Whether a response's head waits for its body (`JoinedWrites`)."""

    _header_timer: asyncio.TimerHandle | None = None
    _header_deadline: float | None = None
    """When the head of the request being read must have come; None when no head is
    awaited. The timer is not cancelled when a head comes (a timer made and cancelled
    on every request cost as much as the rest of the clock): when it fires it sets
    itself again for the deadline of the head awaited then, if any."""
    _send_timer: asyncio.TimerHandle | None = None
    _received: bool = False
    _head_bytes: int = 0
    _discarding: bool = False
    """After a refusal: input is read and thrown away until the socket closes."""
    _line: bytearray | None = None
    """The request line read so far, until it is whole (then None)."""
    _url_start: int | None = None
    """Where the URL starts in `_line`, once the space after the method has come."""
    _last_active: int = 0
    """When the connection last did something, as a place in `_activity`'s order."""
    _task: asyncio.Task | None = None
    """The task answering the request in progress (pipelined ones wait their turn)."""
    _answering: object | None = None
    """uvicorn's request-response cycle of that request."""
    _gone: bool = False
    """The client left while a request was in progress: its task was cancelled by us."""
    _quiet: bool = False
    """The reason the connection ends has been logged already."""
    _tail: bytes = b""
    """The last bytes of the head read so far, to find its end across two reads."""

    # -- state

    def _in_request(self) -> bool:
        """Whether a request's head has arrived and its response is not finished."""
        return self.cycle is not None and not self.cycle.response_complete

    # -- connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if self.join_writes:
            self.transport = JoinedWrites(transport)  # type: ignore[assignment]
        self.app = self._tracked(self.app)
        self._last_active = next(_activity)
        if len(self.connections) > self.policy.max_connections and not self._make_room():
            transport.write(
                _plain_answer(
                    "503 Service Unavailable",
                    f"all {self.policy.max_connections} connections have a request in "
                    "progress, the server's limit (--max-connections); try again later",
                )
            )
            transport.close()
            return
        self._start_header_timer()

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for a request; False if every
        other connection has a request in progress."""
        idle = [
            c
            for c in self.connections
            if c is not self and isinstance(c, GuardedProtocol) and not c._in_request()
        ]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c._last_active)
        oldest.transport.close()
        oldest.connections.discard(oldest)
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        self._cancel_send_timer()
        self._abandon()
        super().connection_lost(exc)

    # -- the request in progress

    def _tracked(self, app):
        """`app`, noting which task and cycle answer each request, so that a client who
        leaves has its work cancelled (`_abandon`) instead of finished for nobody."""

        async def tracked(scope, receive, send) -> None:
            self._task = asyncio.current_task()
            self._answering = getattr(send, "__self__", None)  # uvicorn's cycle.send
            try:
                await app(scope, receive, send)
            except asyncio.CancelledError:
                if not self._gone:  # the server is stopping: not ours to swallow
                    raise
            except RuntimeError:
                if not self.transport.is_closing():
                    raise
                # writing to a connection the client has just closed
                self._client_left(scope)

        return tracked

    def _abandon(self) -> None:
        """The connection is lost: if a request's answer is unfinished, mark its cycle
        disconnected (uvicorn marks only the newest, which with pipelining is not the one
        being answered, so the answer would be written to a closed transport: a traceback
        per connection) and cancel its task; the workers' pool stops the job."""
        cycle = self._answering
        if cycle is None or cycle.response_complete:
            return
        cycle.disconnected = True
        cycle.message_event.set()
        if type(cycle) is DirectCycle and cycle.more_body:  # its body was still coming
            if cycle.timer is not None:
                cycle.timer.cancel()
            self._client_left(cycle.scope)
        elif self._task is not None and not self._task.done():
            self._gone = True
            self._task.cancel()
            self._client_left(cycle.scope)

    def _client_left(self, scope: dict) -> None:
        if self._quiet:
            return
        self._quiet = True
        client = self.client[0] if self.client else "?"
        log.warning(
            "client %s left before the answer to %s %s was sent; its work is cancelled",
            client,
            scope.get("method", "?"),
            scope.get("path", "?"),
        )

    # -- the header clock

    def _start_header_timer(self) -> None:
        if self._header_deadline is None:
            self._received = False
            self._header_deadline = self.loop.time() + self.policy.header_timeout
            if self._header_timer is None:
                self._header_timer = self.loop.call_at(self._header_deadline, self._header_clock)

    def _cancel_header_timer(self) -> None:
        self._header_deadline = None

    def _header_clock(self) -> None:
        self._header_timer = None
        deadline = self._header_deadline
        if deadline is None:  # the head came in time
            return
        if self.loop.time() < deadline:  # a later head is awaited now
            self._header_timer = self.loop.call_at(deadline, self._header_clock)
            return
        self._header_deadline = None
        self._header_timeout()

    def _header_timeout(self) -> None:
        if self._in_request() or self.transport.is_closing():
            return
        if self._received:  # a partial request: say why it is cut off
            self.transport.write(
                _plain_answer(
                    "408 Request Timeout",
                    f"the request's headers did not arrive within {self.policy.header_timeout:g}"
                    " s, the server's limit (--header-timeout)",
                )
            )
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return
        self._last_active = next(_activity)
        if not self._in_request():
            self._start_header_timer()
            self._received = True
            if self._head_bytes == 0:
                self._line, self._url_start, self._tail = self._line_to_read(data), None, b""
            if self._line is not None and self._url_too_long(data):
                return
            if self._head_too_large(data):
                return
        super().data_received(data)
        if self._in_request():
            self._cancel_header_timer()
            self._head_bytes = 0
            self._line = None
            self._await_direct_body()

    @staticmethod
    def _line_to_read(data: bytes) -> bytearray | None:
        """Where a request's line is read (`_url_too_long`), given the first bytes of the
        request; None when there is nothing to decide: a line that came whole and is no
        longer than a URL may be (`_url_too_long` would say False, its one outcome)."""
        return None if -1 < data.find(b"\n") <= URL_LIMIT else bytearray()

    def _head_too_large(self, data: bytes) -> bool:
        """Count `data` into the request's head, up to the blank line that ends it, and
        refuse the head (431) before the parser sees it if it passes the limit. Counted
        over the whole head, however it is split into reads (a check after each read
        missed a head whose last read completed it: 118 KB passed an 80 KB limit)."""
        seen = self._tail + data
        end = seen.find(b"\r\n\r\n")
        if end < 0:
            size = self._head_bytes + len(data)
            self._tail = seen[-3:]
        else:
            size = self._head_bytes + end + 4 - len(self._tail)
        if size > self.policy.max_head_bytes:
            self._refuse_head()
            return True
        self._head_bytes = size
        return False

    def _url_too_long(self, data: bytes) -> bool:
        """Read `data` into the request line; if its URL is past URL_LIMIT, answer 413 or
        414, close, and say True. Each call costs the length of `data`, however the line
        is split (it may come a byte at a time)."""
        assert self._line is not None
        end = data.find(b"\n")
        self._line += data if end < 0 else data[:end]
        if self._url_start is None:
            space = self._line.find(b" ", 0, 64)
            if space < 0:
                if end >= 0 or len(self._line) >= 64:
                    self._line = None  # no method and URL to tell apart: the parser's
                return False
            self._url_start = space + 1
        slack = len(b" HTTP/1.1")  # what an unfinished line may still end with
        if end < 0:
            if len(self._line) - self._url_start <= URL_LIMIT + slack:
                return False  # the common case: nothing to decide yet
            url = bytes(self._line[self._url_start :])
        else:
            rest = bytes(self._line[self._url_start :]).rstrip(b"\r")
            url = rest.rsplit(b" ", 1)[0] if b" " in rest else rest
            self._line = None
            if len(url) <= URL_LIMIT:
                return False
        query = url.partition(b"?")[2]
        if len(query) > self.policy.max_request_bytes:
            self._refuse("413 Content Too Large", too_large(self.policy.max_request_bytes).message)
        else:
            self._refuse(
                "414 URI Too Long",
                f"the URL is longer than {URL_LIMIT} bytes, the most the HTTP parser reads;"
                " send the query as a POST body",
            )
        return True

    def _refuse_head(self) -> None:
        self._refuse(
            "431 Request Header Fields Too Large",
            f"the request line and headers are larger than {self.policy.max_head_bytes}"
            " bytes, the server's limit (--max-request-bytes plus 16384)",
        )

    def _refuse(self, status: str, message: str) -> None:
        """Answer and end the connection gracefully: the client may still be sending
        the rest of its request, and closing with unread input makes the kernel send a
        reset that can destroy the answer before the client reads it. So the answer is
        followed by an end of file, what still arrives is discarded, and the socket is
        closed once the client closes or after LINGER seconds."""
        self._cancel_header_timer()
        self._line = None
        self._discarding = True
        self.transport.write(_plain_answer(status, message))
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER, self.transport.close)
        else:
            self.transport.close()

    def on_response_complete(self) -> None:
        self._last_active = next(_activity)
        if isinstance(self.transport, JoinedWrites):
            self.transport.flush()  # a head with no body to join it (HEAD, 304)
        super().on_response_complete()

    # -- the send clock

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._send_timer is None:
            self._send_timer = self.loop.call_later(self.policy.send_timeout, self._send_timeout)

    def resume_writing(self) -> None:
        self._cancel_send_timer()
        self._last_active = next(_activity)
        super().resume_writing()

    def _cancel_send_timer(self) -> None:
        if self._send_timer is not None:
            self._send_timer.cancel()
            self._send_timer = None

    def _send_timeout(self) -> None:
        """The client read nothing for `send_timeout` seconds: drop it and what waits
        for it (abort discards the transport's buffer)."""
        self._send_timer = None
        client = self.client[0] if self.client else "?"
        log.warning(
            "client %s read nothing of its answer for %g s, the server's limit "
            "(--send-timeout); connection dropped",
            client,
            self.policy.send_timeout,
        )
        self._quiet = True
        self.transport.abort()


def protocol_class(
    policy: ConnectionPolicy, join_writes: bool = True, direct: DirectEndpoint | None = None
) -> type[GuardedProtocol]:
    """A GuardedProtocol held to `policy` (uvicorn takes a class, not an instance),
    answering what the direct lane may from `direct` if given."""
    attributes = {"policy": policy, "join_writes": join_writes, "direct": direct}
    return type("WarkgProtocol", (GuardedProtocol,), attributes)
