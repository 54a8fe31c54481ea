"""A response's head written with the first bytes of its body.

uvicorn writes a response's head and its body apart: two system calls and two packets
for every answer, and the client wakes up for the head alone. `JoinedWrites` wraps a
connection's transport and holds the head until the body's first bytes come (or the
response is complete, or the connection ends). It relies on uvicorn writing a head in
one write; tests/server/test_joined_writes.py pins the bytes sent.
"""

from __future__ import annotations

import asyncio


class JoinedWrites:
    """A connection's transport that holds a response's head (the first write since the
    last response was complete, if it begins with a final status line) until the next
    write, or until the connection is closed or the response is complete (`flush`), and
    writes both at once. Everything else is the transport's own."""

    __slots__ = (
        "_fresh",
        "_held",
        "_transport",
        "can_write_eof",
        "get_extra_info",
        "is_closing",
        "pause_reading",
        "resume_reading",
    )

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._held: bytes | None = None
        self._fresh = True
        """No write since the last response was complete: a head may come."""
        # the transport's own, looked up once: uvicorn calls these on every request
        self.is_closing = transport.is_closing
        self.get_extra_info = transport.get_extra_info
        self.pause_reading = transport.pause_reading
        self.resume_reading = transport.resume_reading
        self.can_write_eof = transport.can_write_eof

    def write(self, data: bytes) -> None:
        if self._held is not None:
            data, self._held = self._held + data, None
        elif self._fresh and data[:9] == b"HTTP/1.1 " and data[9:10] != b"1":  # not 100
            self._held, self._fresh = bytes(data), False
            return
        self._transport.write(data)

    def flush(self) -> None:
        self._fresh = True
        if self._held is not None:
            data, self._held = self._held, None
            self._transport.write(data)

    def writelines(self, lines) -> None:
        self.flush()
        self._transport.writelines(lines)

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self.flush()
        self._transport.abort()

    def __getattr__(self, name: str):
        return getattr(self._transport, name)
