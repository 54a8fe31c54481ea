"""A time limit for a whole HTTP exchange, not for each socket operation.

requests (like every Python HTTP client) applies its timeout to each socket operation: a
server that sends one byte a second never lets a single read time out. `deadline(seconds)`
bounds the whole exchange: every socket the calling context connects while the deadline
is active is registered (through the interpreter's `socket.connect` audit event, which
every client's connect raises), and a timer shuts the registered sockets down when the
time is up, so a blocked read returns at once. The
caller then sees `Deadline.expired` and reports a timeout, whatever error the library
raised for the closed socket (or a short body it may have taken for a complete one).

Name resolution happens before a socket exists and is not bounded by this; connecting is,
through the per-operation timeout the caller passes (`Deadline.remaining()`).
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_ACTIVE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "warkg_http_deadline", default=None
)
_HOOK_LOCK = threading.Lock()
_hook_installed = False


class Deadline:
    """The end of an exchange `seconds` from now, and the sockets it will shut down."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left, for a per-operation timeout; TimeoutError if there are none."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            raise TimeoutError("timed out")
        return left

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock` down when the time is up (at once if it already is)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # not connected yet, or already closed
        sock.shutdown(socket.SHUT_RDWR)


def _audit(event: str, args: tuple) -> None:
    """Register each socket connected under an active deadline (a no-op otherwise)."""
    if event == "socket.connect":
        active = _ACTIVE.get()
        if active is not None and isinstance(args[0], socket.socket):
            active.watch(args[0])


def _install_hook() -> None:
    """Audit hooks cannot be removed, so the one hook is added once, on first use."""
    global _hook_installed
    with _HOOK_LOCK:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Bound every HTTP exchange in the block to `seconds` in all: connect (pass
    `remaining()` as the client's timeout), send, and read the whole answer. After the
    block, or on any error inside it, check `expired` before trusting the outcome."""
    _install_hook()
    active = Deadline(seconds)
    token = _ACTIVE.set(active)
    try:
        yield active
    finally:
        _ACTIVE.reset(token)
        active.cancel()
