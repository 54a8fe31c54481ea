"""A pool of worker processes driven from the server's event loop: a time limit that kills
the worker running an overdue job, lanes with a reserve, a fair queue and limits per
client (`admission`), and work cancelled when its client leaves.

Neither pyoxigraph nor rdflib can cancel a query in progress, and a thread cannot be
stopped either, so each job runs in a process that is SIGKILLed when its time is up (or
its client has gone); a fresh worker is started in its place in the background while
the others go on serving. concurrent.futures.ProcessPoolExecutor cannot do this (killing
one of its processes breaks the whole pool), hence this small pool of our own.

Workers are forked from a forkserver that has already imported warkg, pyoxigraph and
rdflib, so a replacement is ready in a fraction of a second rather than the seconds a
fresh interpreter needs; and they are never forked from the server itself, whose event
loop and threads a plain fork would copy in an unknown state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from warkg.errors import InputError
from warkg.server.workers import worker
from warkg.server.workers.admission import FairQueue, Lane, Ticket, Usage
from warkg.server.workers.channel import AsyncChannel
from warkg.server.workers.deadlines import Deadlines
from warkg.server.workers.deaths import Death, StandardError
from warkg.server.workers.engine import WorkerSettings
from warkg.server.workers.jobs import Job, Reply, error_reply

log = logging.getLogger("warkg.server")

STARTUP_TIMEOUT = 120.0
"""Seconds a worker may take to load the data before the server gives up on it."""

GRACE = 0.5
"""Seconds a job whose client has gone may still finish before its worker is killed: a
short job is let finish (killing costs a fresh worker), a long one is stopped."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    channel: AsyncChannel
    stderr: StandardError
    """What the worker writes to its standard error, read as it comes (`deaths`)."""

    @property
    def pid(self) -> int | None:
        return self.process.pid


class WorkerPool:
    """`size` worker processes serving `lanes`; `run(job, lane, client)` waits at most
    `timeout` seconds for a worker (its turn in the lane's fair queue) and then at most
    `timeout` seconds for the reply. Capped lanes may hold all live workers but
    `reserve`; a client may have `client_limit` jobs in a lane, running or waiting."""

    def __init__(
        self,
        settings: WorkerSettings,
        size: int,
        timeout: float,
        lanes: tuple[Lane, ...],
        *,
        reserve: int = 0,
        client_limit: int = 8,
    ) -> None:
        self.settings = settings
        self.size = size
        self.timeout = timeout
        self.lanes = {lane.name: lane for lane in lanes}
        self.reserve = min(reserve, size - 1)
        self.client_limit = client_limit
        self.killed = 0
        """How many workers were killed for running past the time limit."""
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["warkg.server.workers.preload"])
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        self._live: set[_Worker] = set()
        """The workers that have loaded the data and not been killed."""
        self._queues = {name: FairQueue() for name in self.lanes}
        self._waiting = 0
        """Tickets in all the queues: with none, a free worker goes idle at once."""
        self._capped_running = 0
        self._in_progress: dict[tuple[str, str], int] = {}
        """Jobs of each (lane, client) running or waiting."""
        self._served: dict[tuple[str, str], int] = {}
        """Workers given to each (lane, client) while it has had jobs in progress."""
        self._usage = Usage()
        self._running = Deadlines()
        """The time limits of the jobs waiting for their replies."""
        self._background: set[asyncio.Task] = set()
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (for tests and monitoring)."""
        return sorted(w.pid for w in self._workers if w.pid is not None)

    def waiting(self, lane: str) -> int:
        """How many jobs of `lane` wait for a worker."""
        return len(self._queues[lane])

    # -- processes

    async def start(self) -> None:
        """Start every worker and wait until all have loaded the data; InputError with
        the first worker's complaint if one cannot."""
        started = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        failures = [s for s in started if isinstance(s, BaseException)]
        for result in started:
            if isinstance(result, _Worker):
                self._idle.append(result)
        if failures:
            await self.close()
            raise InputError(f"a query worker could not start: {failures[0]}")

    async def _spawn(self) -> _Worker:
        parent_end, child_end = socket.socketpair()
        stderr_end, child_stderr = socket.socketpair()
        process = self._context.Process(
            target=worker.main,
            args=(child_end, self.settings, child_stderr),
            name="warkg-worker",
            daemon=True,
        )
        try:
            process.start()
        finally:
            child_end.close()
            child_stderr.close()
        _, stderr = await asyncio.get_running_loop().create_connection(
            StandardError, sock=stderr_end
        )
        item = _Worker(process, await AsyncChannel.open(parent_end), stderr)
        self._workers.add(item)
        try:
            async with asyncio.timeout(STARTUP_TIMEOUT):
                message = await item.channel.receive()
        except (TimeoutError, EOFError, OSError) as error:
            self._kill(item)
            raise RuntimeError(f"worker did not start ({type(error).__name__})") from None
        if not (isinstance(message, tuple) and message[0] == "ready"):
            self._kill(item)
            detail = message[1] if isinstance(message, tuple) else message
            raise RuntimeError(str(detail))
        self._live.add(item)
        return item

    def _kill(self, item: _Worker) -> None:
        """SIGKILL the worker (it may be deep inside a query) and forget it; the zombie
        is reaped in a thread so the event loop never waits for it."""
        self._workers.discard(item)
        self._live.discard(item)
        item.channel.close()
        item.stderr.close()
        if item.process.is_alive() and item.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                item.process.kill()
        self._in_background(asyncio.get_running_loop().run_in_executor(None, item.process.join, 5))

    def _in_background(self, task: asyncio.Future) -> None:
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _replace(self, item: _Worker) -> None:
        """Kill `item` and start a worker in its place, in the background."""
        self._kill(item)
        if self._closed:
            return

        async def replace() -> None:
            delay = 0.5
            while not self._closed:
                try:
                    self._release(await self._spawn())
                    return
                except Exception as error:  # keep trying: the pool must not shrink
                    log.error("could not replace a worker: %s", error)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 30.0)

        self._in_background(asyncio.create_task(replace()))

    # -- admission

    def _may_start(self, lane: Lane) -> bool:
        return not lane.capped or self._capped_running < len(self._live) - self.reserve

    def _release(self, item: _Worker) -> None:
        """`item` is free: hand it to the next waiting job, or keep it idle."""
        ticket = self._next_ticket()
        if ticket is None:
            self._idle.append(item)
        else:
            self._grant(ticket, item)

    def _grant(self, ticket: Ticket, item: _Worker) -> None:
        self._take(ticket.lane, ticket.client)
        ticket.granted.set_result(item)

    def _take(self, lane: Lane, client: str) -> None:
        if lane.capped:
            self._capped_running += 1
        key = (lane.name, client)
        self._served[key] = self._served.get(key, 0) + 1

    def _next_ticket(self) -> Ticket | None:
        """The next ticket whose job still waits (one given up on may linger in its
        queue until its task runs again)."""
        while self._waiting:
            ticket = self._pop_ticket()
            if ticket is None:
                return None
            self._waiting -= 1
            if not ticket.granted.done():
                return ticket
        return None

    def _pop_ticket(self) -> Ticket | None:
        """Uncapped lanes first (the site: short jobs), then the capped lanes in turn
        while there is room outside the reserve."""
        capped = []
        for name, lane in self.lanes.items():
            if not lane.capped:
                if self._queues[name] and (ticket := self._queues[name].pop(self._served_in(name))):
                    return ticket
            else:
                capped.append(name)
        for name in capped:
            if self._queues[name] and self._may_start(self.lanes[name]):
                # the lane served goes to the back, so capped lanes take turns
                self.lanes[name] = self.lanes.pop(name)
                return self._queues[name].pop(self._served_in(name))
        return None

    def _served_in(self, lane: str) -> Callable[[str], tuple[int, float]]:
        now = time.monotonic()
        return lambda client: (
            self._served.get((lane, client), 0),
            self._usage.value((lane, client), now),
        )

    def _finished(self, lane: Lane) -> None:
        if lane.capped:
            self._capped_running -= 1
            # room outside the reserve: a capped job may wait for it while a worker idles
            while self._idle and (ticket := self._next_ticket()) is not None:
                self._grant(ticket, self._idle.pop())

    def _done(self, lane: Lane, client: str, started: float) -> None:
        """A job of `client` has left its worker: its time counts toward the client's
        usage of the lane, and the lane has room again."""
        now = time.monotonic()
        self._usage.add((lane.name, client), now - started, now)
        self._finished(lane)

    def _free_worker(self, lane: Lane, client: str) -> _Worker | None:
        """An idle worker, if a job of `lane` may have one now (none of its lane waits
        before it): taken without a coroutine, the common case."""
        if self._idle and not (self._waiting and self._queues[lane.name]) and self._may_start(lane):
            self._take(lane, client)
            return self._idle.pop()
        return None

    async def _acquire(self, lane: Lane, client: str) -> _Worker:
        """A worker for a job of `lane`, in its turn in the lane's queue (`_free_worker`
        had none); TimeoutError after `timeout`."""
        ticket = Ticket(lane, client)
        self._queues[lane.name].push(ticket)
        self._waiting += 1
        try:
            async with asyncio.timeout(self.timeout):
                return await ticket.granted
        except BaseException:
            if ticket.granted.done() and not ticket.granted.cancelled():
                # granted just as the wait ended: the worker is ours to give back
                self._finished(lane)
                self._release(ticket.granted.result())
            elif self._queues[lane.name].remove(ticket):
                self._waiting -= 1
            raise

    def busy_reply(self, lane: Lane) -> Reply:
        return error_reply(
            503,
            f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again later",
            {"Retry-After": str(lane.retry_after)},
        )

    # -- running a job

    async def run(self, job: Job, lane: str, client: str = "") -> Reply:
        """The worker's reply to `job`: 429 past the client's limit, 503 when no worker
        came free in time or the job ran past the time limit (its worker is then
        killed), 500 if the worker died. Cancelled (the client left): the job is taken
        out of the queue, or its worker let finish within GRACE and killed after."""
        kind = self.lanes[lane]
        key = (lane, client)
        in_progress = self._in_progress.get(key, 0)
        if in_progress >= self.client_limit:
            return error_reply(
                429,
                f"{self.client_limit} requests of this client are already in progress here, "
                "the server's limit per client (--client-limit); try again when one is done",
                {"Retry-After": str(kind.retry_after)},
            )
        self._in_progress[key] = in_progress + 1
        try:
            item = self._free_worker(kind, client)
            if item is None:
                try:
                    item = await self._acquire(kind, client)
                except TimeoutError:
                    return self.busy_reply(kind)
            return await self._use(item, job, kind, client)
        finally:
            left = self._in_progress[key] - 1
            if left:
                self._in_progress[key] = left
            else:
                del self._in_progress[key]
                self._served.pop(key, None)

    async def _use(self, item: _Worker, job: Job, lane: Lane, client: str) -> Reply:
        started = time.monotonic()
        sent = False
        channel = item.channel
        deadline = channel.loop.time() + self.timeout
        try:
            await channel.send(job, deadline)
            sent = True
            running = self._running
            if running.keeps(deadline):
                running.add(channel, deadline, channel.loop)
                try:
                    reply = await channel.receive()
                finally:
                    running.end(channel)
            else:  # a send that had to wait: jobs begun since may run out first
                reply = await channel.receive(deadline)
        except TimeoutError:
            self.killed += 1
            self._replace(item)
            self._done(lane, client, started)
            return error_reply(
                503,
                f"query stopped after {self.timeout:g} s, the server's time limit (--timeout)",
            )
        except (EOFError, OSError, ValueError):
            # The worker died mid-job: why, it wrote as it went (a Rust abort), or its
            # exit status says (`deaths`). Replaced and done even if the client leaves
            # meanwhile (else the pool would keep a dead worker and a capped lane's room).
            try:
                death = await self._death(item)
            finally:
                self._replace(item)
                self._done(lane, client, started)
            log.warning("%s", death.log)
            headers = {"Retry-After": str(lane.retry_after)} if death.status == 503 else None
            return error_reply(death.status, death.message, headers)
        except BaseException:  # cancelled: the client left, or the server is stopping
            if sent and not self._closed:
                settle = self._settle(item, lane, client, started)
                self._in_background(asyncio.create_task(settle))
            else:  # a message half written: the channel cannot be trusted
                self._replace(item)
                self._done(lane, client, started)
            raise
        self._done(lane, client, started)
        self._release(item)
        if not isinstance(reply, Reply):
            return error_reply(500, "a worker sent something that is not a reply")
        return reply

    async def _death(self, item: _Worker) -> Death:
        """Why `item`, which has gone, died: waits (briefly) for its exit and the end of
        what it wrote."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, item.process.join, 2)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1.0):
                await asyncio.shield(item.stderr.closed)
        return Death.of(item.process.exitcode, item.stderr.last_words)

    async def _settle(self, item: _Worker, lane: Lane, client: str, started: float) -> None:
        """A job nobody waits for: its worker is kept if it answers within GRACE, else
        killed and replaced."""
        left = self.timeout - (time.monotonic() - started)
        try:
            async with asyncio.timeout(max(0.0, min(GRACE, left))):
                await item.channel.receive()
        except BaseException:
            self._replace(item)
            self._done(lane, client, started)
            return
        self._done(lane, client, started)
        self._release(item)

    async def close(self) -> None:
        """Stop every worker (SIGTERM, then SIGKILL for any still running a query)."""
        self._closed = True
        for item in list(self._workers):
            if item.process.is_alive() and item.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    item.process.terminate()
        for item in list(self._workers):
            await asyncio.get_running_loop().run_in_executor(None, item.process.join, 2)
            if item.process.is_alive():
                item.process.kill()
            item.channel.close()
            item.stderr.close()
        self._workers.clear()
        for task in list(self._background):
            task.cancel()


def retry_after(timeout: float) -> int:
    """Seconds to ask a client to wait before it retries a query (whole, at least 1)."""
    return max(1, math.ceil(timeout))
