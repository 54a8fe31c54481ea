"""Who gets the next free worker: lanes, a fair queue per lane, and limits per client.

A request is a job in a lane: `site` (the pages, Linked Data, stored queries: known,
bounded cost) or a capped lane such as `sparql` (ad-hoc queries: any cost up to the time
limit). Capped lanes together may hold at most all live workers but `reserve`, so the
site always has a worker that no user query can take. Within a lane, the next free
worker goes to the waiting client that has been given the fewest workers while it has
had requests in progress, then the one that has used the fewest worker-seconds lately
(`Usage`), then the one waiting longest (its oldest job first), so a client looping an
expensive query, or sending many at once, cannot starve another client's first query.
A client may have at most `client_limit` jobs in a lane, running or waiting; more is a
429.

This is bookkeeping only: no processes and no I/O, so it can be tested on its own.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Lane:
    """A kind of work: its name, and whether it is kept out of the reserved workers."""

    name: str
    capped: bool
    retry_after: int = 1
    """Seconds a refused client is asked to wait (Retry-After)."""


@dataclass(eq=False)
class Ticket:
    """One job waiting for a worker: its lane, its client, and the future the worker is
    handed through."""

    lane: Lane
    client: str
    granted: asyncio.Future = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Usage:
    """Worker-seconds each (lane, client) has used, halving every HALF_LIFE seconds, so a
    client that loops long queries one after another stands behind one that has used
    little, even between its requests."""

    HALF_LIFE = 60.0
    KEPT = 4096
    """Entries past which those that have decayed to almost nothing are dropped."""

    def __init__(self) -> None:
        self._used: dict[tuple[str, str], tuple[float, float]] = {}

    def value(self, key: tuple[str, str], now: float) -> float:
        used, since = self._used.get(key, (0.0, now))
        return used * 0.5 ** ((now - since) / self.HALF_LIFE)

    def add(self, key: tuple[str, str], seconds: float, now: float) -> None:
        self._used[key] = (self.value(key, now) + seconds, now)
        if len(self._used) > self.KEPT:
            self._used = {k: v for k, v in self._used.items() if self.value(k, now) > 0.01}


class FairQueue:
    """Waiting tickets of one lane by client: the client served least so far first (ties:
    the one waiting longest), its oldest ticket first."""

    def __init__(self) -> None:
        self._clients: OrderedDict[str, deque[Ticket]] = OrderedDict()

    def __len__(self) -> int:
        return sum(len(waiting) for waiting in self._clients.values())

    def __bool__(self) -> bool:
        return bool(self._clients)

    def push(self, ticket: Ticket) -> None:
        self._clients.setdefault(ticket.client, deque()).append(ticket)

    def pop(self, served: Callable[[str], Any] = lambda client: 0) -> Ticket | None:
        """The oldest ticket of the waiting client with the least `served(client)`
        (ties: the first in line); that client goes to the back of the line."""
        if not self._clients:
            return None
        client = min(self._clients, key=served)  # the first of the least served
        waiting = self._clients[client]
        ticket = waiting.popleft()
        if waiting:
            self._clients.move_to_end(client)
        else:
            del self._clients[client]
        return ticket

    def remove(self, ticket: Ticket) -> bool:
        """Take `ticket` out of the line; False if it was not in it (popped already)."""
        waiting = self._clients.get(ticket.client)
        if waiting is None or ticket not in waiting:
            return False
        waiting.remove(ticket)
        if not waiting:
            del self._clients[ticket.client]
        return True
