"""Messages between the server and a worker: pickles, each preceded by its length, over
one end of a socket pair.

Why not `multiprocessing.Connection`? The server reads it from its event loop, and
uvloop makes a descriptor it watches non-blocking; `Connection.recv` then fails with
EAGAIN halfway through any reply larger than the socket buffer (seen as "the query's
worker process died" on every answer over ~200 kB). Here the server side is an asyncio
stream, which reads whatever has arrived on either event loop, and the worker side a
plain blocking socket. The framing is ours, so no private format of the standard
library is relied on.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct

_LENGTH = struct.Struct("!Q")


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


# ---- the worker's side: blocking


def send(sock: socket.socket, message: object) -> None:
    sock.sendall(_frame(message))


def _exactly(sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            raise EOFError("the other end closed the channel")
        got += n
    return bytes(buffer)


def receive(sock: socket.socket) -> object:
    """The next message; EOFError once the server has closed its end."""
    (size,) = _LENGTH.unpack(_exactly(sock, _LENGTH.size))
    return pickle.loads(_exactly(sock, size))


# ---- the server's side: an asyncio stream


class AsyncChannel:
    """The server's end of one worker's socket pair."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, sock: socket.socket) -> AsyncChannel:
        reader, writer = await asyncio.open_connection(sock=sock, limit=1 << 20)
        return cls(reader, writer)

    async def send(self, message: object) -> None:
        self._writer.write(_frame(message))
        await self._writer.drain()

    async def receive(self) -> object:
        """The next message; EOFError if the worker is gone."""
        try:
            (size,) = _LENGTH.unpack(await self._reader.readexactly(_LENGTH.size))
            return pickle.loads(await self._reader.readexactly(size))
        except asyncio.IncompleteReadError:
            raise EOFError("the worker closed the channel") from None

    def close(self) -> None:
        self._writer.close()
