#!/usr/bin/env python3
"""What the worker pool's bookkeeping costs a request at one client (issue 25): the
server's `WorkerPool.run` against the bare minimum a request needs (take an idle worker,
send the job, receive the reply, put the worker back), on uvloop, in one process, with
the worker's end of each channel answered at once on the same event loop (so the figures
are the server side only: admission, time limit, usage, release).

Alternating turns of `--calls` requests each, timed as CPU (the machine may be busy);
the table gives the median per request in microseconds and the difference, the pool's
own cost.

    python -m benchmarks.pool_overhead
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import time

import uvloop

from warkg.server.workers.admission import Lane
from warkg.server.workers.channel import AsyncChannel, _frame
from warkg.server.workers.jobs import Reply
from warkg.server.workers.pool import WorkerPool, _Worker
from warkg.server.workers.queries import SparqlJob

LANES = (Lane("site", False), Lane("sparql", True), Lane("reconcile", True))
JOB = SparqlJob("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json", None)
REPLY = _frame(Reply(200, "application/sparql-results+json", b"x" * 300))


class Answering(asyncio.Protocol):
    """A worker's end that answers every job at once."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.transport.write(REPLY)


async def _pool(size: int) -> WorkerPool:
    loop = asyncio.get_running_loop()
    pool = WorkerPool(None, size, 30.0, LANES, reserve=1)  # type: ignore[arg-type]
    for _ in range(size):
        ours, theirs = socket.socketpair()
        await loop.create_connection(Answering, sock=theirs)
        item = _Worker(None, await AsyncChannel.open(ours), None)  # type: ignore[arg-type]
        pool._idle.append(item)
        pool._live.add(item)
        pool._workers.add(item)
    return pool


async def measure(calls: int, turns: int) -> dict[str, list[float]]:
    pool = await _pool(2)

    async def through_the_pool() -> None:
        for _ in range(calls):
            await pool.run(JOB, "sparql", "127.0.0.1")

    async def bare() -> None:
        for _ in range(calls):
            item = pool._idle.pop()
            await item.channel.send(JOB)
            await item.channel.receive()
            pool._idle.append(item)

    times: dict[str, list[float]] = {"pool.run": [], "bare": []}
    for _ in range(turns):
        for name, run in (("pool.run", through_the_pool), ("bare", bare)):
            began = time.process_time()
            await run()
            times[name].append((time.process_time() - began) / calls * 1e6)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--turns", type=int, default=41)
    args = parser.parse_args(argv)
    times = uvloop.run(measure(args.calls, args.turns))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:9s} {median:6.2f} us per request (median of {args.turns} turns)")
    print(f"the pool's own cost: {medians['pool.run'] - medians['bare']:.2f} us per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
