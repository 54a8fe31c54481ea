"""Who gets the next worker (`warkg.server.workers.admission` and the pool): the site's
reserved worker, a client's limit (429 with Retry-After), the fair queue, and work
stopped when its client leaves. Real worker processes run real jobs that hold their
worker until the test lets them go (a file appears), so every assertion waits for a
state, never for an amount of time."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.serving import alive
from warkg.server.workers.admission import FairQueue, Lane, Ticket
from warkg.server.workers.engine import Engine, WorkerSettings
from warkg.server.workers.jobs import Reply
from warkg.server.workers.pool import WorkerPool

SITE = Lane("site", capped=False)
SPARQL = Lane("sparql", capped=True, retry_after=7)
TRIPLE = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"


@dataclass(frozen=True)
class Hold:
    """A job that keeps its worker until the file `release` exists, then answers its name
    (and its worker's pid)."""

    name: str
    release: str

    def run(self, engine: Engine) -> Reply:
        deadline = time.monotonic() + 120  # a safety net only: tests release every job
        while not os.path.exists(self.release) and time.monotonic() < deadline:
            time.sleep(0.005)
        return Reply(200, "text/plain", f"{self.name} {os.getpid()}".encode())


async def _until(condition, what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        await asyncio.sleep(0.01)


def _pool(tmp_path: Path, size: int = 2, limit: int = 3) -> WorkerPool:
    data = tmp_path / "data.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    settings = WorkerSettings("oxigraph", data, max_rows=100, memory_mb=0)
    return WorkerPool(settings, size, 60.0, (SITE, SPARQL), reserve=1, client_limit=limit)


def test_fair_queue_serves_the_least_served_client_first() -> None:
    async def run() -> list[str]:
        queue = FairQueue()
        for client, name in (("a", "a2"), ("a", "a3"), ("b", "b1"), ("c", "c1"), ("b", "b2")):
            ticket = Ticket(SPARQL, client)
            ticket.name = name  # type: ignore[attr-defined]
            queue.push(ticket)
        served = {"a": 1}  # a already had a worker
        order = []
        while (ticket := queue.pop(lambda client: served.get(client, 0))) is not None:
            served[ticket.client] = served.get(ticket.client, 0) + 1
            order.append(ticket.name)  # type: ignore[attr-defined]
        return order

    assert asyncio.run(run()) == ["b1", "c1", "a2", "b2", "a3"]


def test_the_site_keeps_a_worker_a_client_its_limit_and_newcomers_their_turn(
    tmp_path: Path,
) -> None:
    """Two workers, one reserved for the site: client a's queries take the other and
    queue; a's fourth is a 429; the site is answered meanwhile; b's first query is run
    before a's waiting ones as soon as a's running one ends."""
    gate = {name: tmp_path / name for name in ("a1", "a2", "a3", "b1")}
    done: list[str] = []

    async def run() -> None:
        pool = _pool(tmp_path)
        await pool.start()
        try:

            async def ask(name: str, lane: str, client: str) -> Reply:
                reply = await pool.run(Hold(name, str(gate.get(name, tmp_path))), lane, client)
                done.append(name)
                return reply

            a = [asyncio.create_task(ask(n, "sparql", "a")) for n in ("a1", "a2", "a3")]
            await _until(lambda: pool.waiting("sparql") == 2, "a1 running, a2 and a3 waiting")
            refused = await pool.run(Hold("a4", str(tmp_path)), "sparql", "a")
            assert refused.status == 429
            assert refused.headers["Retry-After"] == "7"
            assert refused.body.decode().startswith("3 requests of this client are already")
            site = await ask("site", "site", "c")  # the reserved worker, at once
            assert site.status == 200
            b = asyncio.create_task(ask("b1", "sparql", "b"))
            await _until(lambda: pool.waiting("sparql") == 3, "b1 waiting too")
            gate["a1"].touch()
            await _until(lambda: "a1" in done and pool.waiting("sparql") == 2, "one granted")
            gate["b1"].touch()
            await b
            gate["a2"].touch()
            gate["a3"].touch()
            await asyncio.gather(*a)
        finally:
            await pool.close()

    asyncio.run(run())
    assert done[:3] == ["site", "a1", "b1"]  # b's first query before a's second
    assert sorted(done[3:]) == ["a2", "a3"]


def test_a_job_whose_client_leaves_is_stopped_and_its_worker_replaced(tmp_path: Path) -> None:
    """Cancelled (the client left) while waiting: taken out of the queue. Cancelled while
    running a long job: its worker is killed after the grace period and a new one takes
    its place; the pool has its two workers and nothing counted as running."""

    async def run() -> tuple[list[int], list[int]]:
        pool = _pool(tmp_path)
        await pool.start()
        try:
            before = pool.pids
            running = asyncio.create_task(pool.run(Hold("long", "/nonexistent"), "sparql", "a"))
            waiting = asyncio.create_task(pool.run(Hold("next", "/nonexistent"), "sparql", "a"))
            await _until(lambda: pool.waiting("sparql") == 1, "one running, one waiting")
            waiting.cancel()
            await _until(lambda: pool.waiting("sparql") == 0, "the waiting job forgotten")
            running.cancel()
            await _until(lambda: len(set(pool.pids) - set(before)) == 1, "a new worker")
            await _until(lambda: len(pool.pids) == 2, "two workers again")
            assert pool._capped_running == 0 and not pool._in_progress
            answer = await pool.run(Hold("after", str(tmp_path)), "sparql", "a")
            assert answer.status == 200
            return before, pool.pids
        finally:
            await pool.close()

    before, after = asyncio.run(run())
    killed = set(before) - set(after)
    assert len(killed) == 1
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in killed)


def test_one_worker_serves_every_lane(tmp_path: Path) -> None:
    """With --workers 1 nothing can be reserved: ad-hoc queries still run."""

    async def run() -> int:
        pool = _pool(tmp_path, size=1)
        await pool.start()
        try:
            return (await pool.run(Hold("q", str(tmp_path)), "sparql", "a")).status
        finally:
            await pool.close()

    assert asyncio.run(run()) == 200


def test_a_client_that_has_used_workers_lately_stands_behind_a_newcomer(tmp_path: Path) -> None:
    """Client a ran a query, then sends another while the lane is full; b's first query,
    sent after a's, still runs first: a has used worker-seconds lately, b none."""
    gate = {name: tmp_path / name for name in ("a0", "x1", "a2", "b1")}
    done: list[str] = []

    async def run() -> None:
        pool = _pool(tmp_path)
        await pool.start()
        try:

            async def ask(name: str, client: str) -> None:
                await pool.run(Hold(name, str(gate[name])), "sparql", client)
                done.append(name)

            gate["a0"].touch()
            await ask("a0", "a")  # done: a has used the lane
            x = asyncio.create_task(ask("x1", "x"))  # holds the one worker ad-hoc queries get
            await _until(lambda: pool._capped_running == 1, "x1 running")
            a = asyncio.create_task(ask("a2", "a"))
            await _until(lambda: pool.waiting("sparql") == 1, "a2 waiting")
            b = asyncio.create_task(ask("b1", "b"))
            await _until(lambda: pool.waiting("sparql") == 2, "b1 waiting too")
            gate["b1"].touch()
            gate["x1"].touch()
            await b
            gate["a2"].touch()
            await asyncio.gather(x, a)
        finally:
            await pool.close()

    asyncio.run(run())
    assert done == ["a0", "x1", "b1", "a2"]
