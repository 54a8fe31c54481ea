"""One timer for the time limits of all running jobs.

Every job gets the same time limit, so jobs that start in turn run out in turn: their
deadlines are kept in the order the jobs began (a dict keeps the order of insertion),
and a single timer is set for the first one still running. A job that ends leaves the
dict; the timer, when it goes off, expires what is due and sets itself again for the
deadline awaited then. A request thus costs a dict entry made and dropped instead of a
timer made and cancelled (`call_at`), and only running jobs are held.
"""

from __future__ import annotations

import asyncio
from typing import Protocol


class Expirable(Protocol):
    def expire(self) -> None:
        """Make the wait in progress end with TimeoutError."""


class Deadlines:
    """The deadlines (event-loop time) of running jobs, in the order they began."""

    def __init__(self) -> None:
        self._running: dict[Expirable, float] = {}
        self._latest = float("-inf")
        """The last deadline added: one earlier may not join (it would pass others)."""
        self._timer: asyncio.TimerHandle | None = None
        self._set_for = 0.0

    def keeps(self, deadline: float) -> bool:
        """Whether `deadline` can join without passing anyone (one that cannot, after a
        send that had to wait, keeps a timer of its own)."""
        return deadline >= self._latest

    def add(self, waiting: Expirable, deadline: float, loop: asyncio.AbstractEventLoop) -> None:
        """`waiting.expire()` at `deadline` unless `end(waiting)` comes first;
        `keeps(deadline)` must hold, and `waiting` wait for one thing at a time."""
        self._running[waiting] = deadline
        self._latest = deadline
        if self._timer is None:
            self._set(deadline, loop)

    def end(self, waiting: Expirable) -> None:
        self._running.pop(waiting, None)

    def _set(self, deadline: float, loop: asyncio.AbstractEventLoop) -> None:
        self._set_for = deadline
        self._timer = loop.call_at(deadline, self._ring, loop)

    def _ring(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        # what the timer was set for has come, whatever the loop's clock (uvloop's
        # rounds to milliseconds) says: as a timer of its own would have
        now = max(self._set_for, loop.time())
        for waiting, deadline in list(self._running.items()):
            if deadline > now:
                self._set(deadline, loop)
                return
            del self._running[waiting]
            waiting.expire()
