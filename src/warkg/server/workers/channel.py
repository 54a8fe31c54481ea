"""Messages between the server and a worker: pickles, each preceded by its length, over
one end of a socket pair.

Why not `multiprocessing.Connection`? The server reads it from its event loop, and
uvloop makes a descriptor it watches non-blocking; `Connection.recv` then fails with
EAGAIN halfway through any reply larger than the socket buffer (seen as "the query's
worker process died" on every answer over ~200 kB). Here the server side is an asyncio
protocol, which takes whatever has arrived on either event loop, and the worker side a
plain blocking socket. The framing is ours, so no private format of the standard
library is relied on.

The two messages of every query, the job (`SparqlJob`) and its `Reply`, travel as
tuples of plain values (`_pack`): pickling an instance of a class costs three to four
times as much as pickling a tuple (the class is looked up by its name, its state
rebuilt), on both sides of every request. Any other message is pickled as it is.
"""

from __future__ import annotations

import asyncio
import collections
import pickle
import socket
import struct
from pathlib import Path

from warkg.server.workers.jobs import Reply
from warkg.server.workers.queries import SparqlJob

_LENGTH = struct.Struct("!Q")
_PLAIN, _REPLY, _QUERY = 0, 1, 2


def _pack(message: object) -> tuple:
    kind = type(message)
    if kind is Reply:
        reply: Reply = message  # type: ignore[assignment]
        spool = str(reply.spool) if reply.spool is not None else None
        return _reply(reply.status, reply.content_type, reply.body, dict(reply.headers), spool)
    if kind is SparqlJob:
        job: SparqlJob = message  # type: ignore[assignment]
        return (_QUERY, job.text, job.accept, job.format)
    return (_PLAIN, message)


def _reply(
    status: int, content_type: str, body: bytes, headers: dict[str, str], spool: str | None
) -> tuple:
    return (_REPLY, status, content_type, body, headers, spool)


def _unpack(packed: tuple) -> object:
    kind = packed[0]
    if kind == _REPLY:
        _, status, content_type, body, headers, spool = packed
        return Reply(status, content_type, body, headers, Path(spool) if spool else None)
    if kind == _QUERY:
        return SparqlJob(*packed[1:])
    return packed[1]


def _frame(message: object) -> bytes:
    data = pickle.dumps(_pack(message), protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def _message(data: bytes | bytearray | memoryview) -> object:
    return _unpack(pickle.loads(data))


# ---- the worker's side: blocking


def send(sock: socket.socket, message: object) -> None:
    _write(sock, pickle.dumps(_pack(message), protocol=pickle.HIGHEST_PROTOCOL))


def send_answer(sock: socket.socket, content_type: str, body: bytes) -> None:
    """Send `Reply(200, content_type, body)` without making it first (the common job's
    answer, `worker.answer`): the same bytes as `send` writes for it."""
    packed = _reply(200, content_type, body, {}, None)
    _write(sock, pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))


def _write(sock: socket.socket, data: bytes) -> None:
    if len(data) < _COPY_BELOW:
        sock.sendall(_LENGTH.pack(len(data)) + data)
    else:  # not copied into one buffer first: two writes
        sock.sendall(_LENGTH.pack(len(data)))
        sock.sendall(data)


_COPY_BELOW = 64 * 1024
"""A message smaller than this is sent with its length in one write."""


def _exactly(sock: socket.socket, size: int) -> bytes | bytearray:
    """The next `size` bytes: most often all there at once, so read in one call."""
    data = sock.recv(min(size, _READ))
    if len(data) == size:
        return data
    if not data:
        raise EOFError("the other end closed the channel")
    buffer = bytearray(data)
    while len(buffer) < size:
        data = sock.recv(min(size - len(buffer), _READ))
        if not data:
            raise EOFError("the other end closed the channel")
        buffer += data
    return buffer


_READ = 1024 * 1024
"""The most asked of one read (a read's buffer is allocated at the size asked)."""


def receive(sock: socket.socket) -> object:
    """The next message; EOFError once the server has closed its end."""
    (size,) = _LENGTH.unpack(_exactly(sock, _LENGTH.size))
    return _message(_exactly(sock, size))


# ---- the server's side: an asyncio protocol


class _Frames(asyncio.Protocol):
    """Cuts what arrives into frames, and hands each to the receive waiting for it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.frames: collections.deque[memoryview] = collections.deque()
        self.waiter: asyncio.Future | None = None
        self.lost = False
        self.writable: asyncio.Future | None = None
        """Set while the transport's write buffer is full (flow control)."""
        self._buffer = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self._buffer:  # the rest of a frame begun in an earlier read
            self._buffer += data
            data = bytes(self._buffer)
            self._buffer.clear()
        view, start, end = memoryview(data), 0, len(data)
        while end - start >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(data, start)
            if end - start < _LENGTH.size + size:
                break
            start += _LENGTH.size
            self.frames.append(view[start : start + size])  # no copy: a view of what came
            start += size
        if start < end:
            self._buffer += view[start:]
        self._wake()

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self._wake()
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done() and (self.frames or self.lost):
            self.waiter.set_result(None)

    def pause_writing(self) -> None:
        self.writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)
        self.writable = None


_EXPIRED = object()


def _expire(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_result(_EXPIRED)


async def _until(
    waiter: asyncio.Future, deadline: float | None, loop: asyncio.AbstractEventLoop
) -> None:
    """Wait for `waiter`, or TimeoutError at `deadline`: a timer on the future itself,
    not on the task (as `asyncio.timeout` has), so there is no cancellation to tell
    from the client's leaving, and it costs a fraction as much per request."""
    if deadline is None:
        await waiter
        return
    timer = loop.call_at(deadline, _expire, waiter)
    try:
        if await waiter is _EXPIRED:
            raise TimeoutError
    finally:
        timer.cancel()


class AsyncChannel:
    """The server's end of one worker's socket pair, on the event loop `loop` (kept, not
    asked for on every message: asking costs a system call, getpid)."""

    def __init__(
        self, transport: asyncio.Transport, frames: _Frames, loop: asyncio.AbstractEventLoop
    ) -> None:
        self._transport = transport
        self._frames = frames
        self.loop = loop

    @classmethod
    async def open(cls, sock: socket.socket) -> AsyncChannel:
        loop = asyncio.get_running_loop()
        transport, frames = await loop.create_connection(_Frames, sock=sock)
        return cls(transport, frames, loop)  # type: ignore[arg-type]

    async def send(self, message: object, deadline: float | None = None) -> None:
        """Send `message`; ConnectionResetError if the worker has gone. Waits while the
        socket's buffer is full, as a stream's `drain` does, until `deadline` (the event
        loop's time; TimeoutError after it)."""
        frames = self._frames
        if frames.lost:
            raise ConnectionResetError("Connection lost")
        self._transport.write(_frame(message))
        if frames.writable is not None:
            await _until(frames.writable, deadline, self.loop)
            if frames.lost:
                raise ConnectionResetError("Connection lost")

    async def receive(self, deadline: float | None = None) -> object:
        """The next message; EOFError if the worker is gone, TimeoutError if none has
        come by `deadline` (the event loop's time) or `expire` was called meanwhile."""
        frames = self._frames
        if not frames.frames:
            if frames.lost:
                raise EOFError("the worker closed the channel")
            frames.waiter = waiter = self.loop.create_future()
            timer = None if deadline is None else self.loop.call_at(deadline, _expire, waiter)
            try:
                if await waiter is _EXPIRED:
                    raise TimeoutError
            finally:
                frames.waiter = None
                if timer is not None:
                    timer.cancel()
            if not frames.frames:
                raise EOFError("the worker closed the channel")
        return _message(frames.frames.popleft())

    def expire(self) -> None:
        """End the receive in progress with TimeoutError (a deadline kept by the caller,
        `deadlines.Deadlines`); nothing if none is waiting or its message has come."""
        if self._frames.waiter is not None:
            _expire(self._frames.waiter)

    def close(self) -> None:
        self._transport.close()
