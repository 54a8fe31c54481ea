"""One timer for the time limits of all running jobs.

Every job gets the same time limit, so jobs that start in turn run out in turn: their
deadlines wait in a line, oldest first, and a single timer is set for the first one
still running. A job that ends only marks its place as done; the timer, when it goes
off, drops what is done and sets itself again for the deadline awaited then. A request
thus costs an append and a mark instead of a timer made and cancelled (`call_at`).
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Protocol


class Expirable(Protocol):
    def expire(self) -> None:
        """Make the wait in progress end with TimeoutError."""


class Deadlines:
    """The deadlines (event-loop time) of running jobs, in the order they began."""

    def __init__(self) -> None:
        self._line: deque[list] = deque()
        """[deadline, what to expire, or None once the job has ended]."""
        self._timer: asyncio.TimerHandle | None = None
        self._set_for = 0.0

    def keeps(self, deadline: float) -> bool:
        """Whether `deadline` can join the line without passing anyone (one that cannot,
        after a send that had to wait, keeps a timer of its own)."""
        return not self._line or self._line[-1][0] <= deadline

    def add(self, deadline: float, waiting: Expirable, loop: asyncio.AbstractEventLoop) -> list:
        """`waiting.expire()` at `deadline` unless `end` is called with what this returns
        first; `keeps(deadline)` must hold."""
        entry = [deadline, waiting]
        self._line.append(entry)
        if self._timer is None:
            self._set(deadline, loop)
        return entry

    def end(self, entry: list) -> None:
        entry[1] = None
        line = self._line
        while line and line[0][1] is None:
            line.popleft()

    def _set(self, deadline: float, loop: asyncio.AbstractEventLoop) -> None:
        self._set_for = deadline
        self._timer = loop.call_at(deadline, self._ring, loop)

    def _ring(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        # what the timer was set for has come, whatever the loop's clock (uvloop's
        # rounds to milliseconds) says: as a timer of its own would have
        now = max(self._set_for, loop.time())
        line = self._line
        while line:
            deadline, waiting = line[0]
            if waiting is None:
                line.popleft()
            elif deadline <= now:
                line.popleft()
                waiting.expire()
            else:
                self._set(deadline, loop)
                return
