"""Why a worker process died, told from its exit status and the last lines it wrote.

A worker's standard error is a socket the server reads (`StandardError`): its lines
pass on to the server's own standard error as they come, except what Rust writes as it
aborts the process (a panic such as pyoxigraph's "comparison does not implement a total
order", or "memory allocation of N bytes failed" under the address-space limit), which
the server keeps and turns into one warning line and the client's one-line reply
(`Death`). Only an allocation that failed is reported as the memory limit.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

import pyoxigraph

from warkg.server.workers.worker import OUT_OF_MEMORY

_PANIC = re.compile(r"^thread '.*'( \(\d+\))? panicked at ")
_NO_MEMORY = re.compile(r"^memory allocation of \d+ bytes failed")

KEPT_LINES = 40
"""How many lines a dying worker wrote from the start of its abort are kept to tell why
it died (its first lines say why; a backtrace may follow)."""


class StandardError(asyncio.Protocol):
    """The server's end of a worker's standard error: lines are passed on to `out`
    until the worker starts to abort (a Rust panic or a failed allocation); from there
    their first lines are kept (`last_words`) for `Death.of`, never shown. `closed` is done once the
    worker's end is closed (it has exited)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out
        self._partial = b""
        self.aborting = False
        self.last_words: list[str] = []
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport

    def close(self) -> None:
        """Stop reading (the worker is being killed, or the server is stopping)."""
        if self._transport is not None:
            self._transport.close()

    def data_received(self, data: bytes) -> None:
        *lines, self._partial = (self._partial + data).split(b"\n")
        for line in lines:
            self._line(line.decode("utf-8", "replace"))

    def _line(self, line: str) -> None:
        if not self.aborting and (_PANIC.match(line) or _NO_MEMORY.match(line)):
            self.aborting = True
        if self.aborting:
            if len(self.last_words) < KEPT_LINES:
                self.last_words.append(line)
            return
        if not line.strip():  # Rust starts a panic with an empty line
            return
        out = self._out or sys.stderr
        try:
            out.write(line + "\n")
            out.flush()
        except (OSError, ValueError):  # the server's own stderr is gone: nothing to tell
            pass

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if self._partial:
            self._line(self._partial.decode("utf-8", "replace"))
            self._partial = b""
        if not self.closed.done():
            self.closed.set_result(None)


@dataclass(frozen=True)
class Death:
    """How a worker died while running a query: the client's status and one-line
    message, and the server's one warning line."""

    status: int
    message: str
    log: str
    out_of_memory: bool = False

    @classmethod
    def of(cls, exitcode: int | None, last_words: Iterable[str]) -> Death:
        """Tell why from the exit status (negative: the signal) and what it wrote as it
        aborted: a failed allocation is the memory limit (503, as ever); a Rust panic is
        the query engine failing on this query and these data (422: sending it again
        gives the same); anything else (a signal nobody explained, the kernel's OOM
        killer, an exit) is 503, worth trying again."""
        how = _exit_status(exitcode)
        words = list(last_words)
        if any(_NO_MEMORY.match(line) for line in words):
            return cls(
                *OUT_OF_MEMORY,
                f"a query worker ran out of memory ({how}); starting another",
                out_of_memory=True,
            )
        if panic := _panic_message(words):
            return cls(
                422,
                f"the query engine (pyoxigraph {pyoxigraph.__version__}) failed on this query "
                f"and stopped its worker process ({how}): {panic}; the worker has been "
                "replaced, but this query would fail the same way again",
                f"a query worker stopped ({how}): pyoxigraph {pyoxigraph.__version__} "
                f"panicked: {panic}; starting another",
            )
        return cls(
            503,
            f"the query's worker process died ({how}) while running it; the worker has been "
            "replaced, try again",
            f"a query worker died ({how}) while running a query; starting another",
        )


def _exit_status(exitcode: int | None) -> str:
    """SIGABRT, SIGKILL, ... or `exit status N`."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


def _panic_message(lines: list[str]) -> str | None:
    """The message of a Rust panic: since Rust 1.73 the line after `thread '...'
    panicked at FILE:LINE:COLUMN:`."""
    for index, line in enumerate(lines):
        if _PANIC.match(line):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            return " ".join(following.split())[:300] or "(no message)"
    return None
