"""A pool of worker processes driven from the server's event loop, with a time limit
that kills the worker running an overdue query.

Neither pyoxigraph nor rdflib can cancel a query in progress, and a thread cannot be
stopped either, so each query runs in a process that is SIGKILLed when its time is up; a
fresh worker is started in its place in the background while the others go on serving.
concurrent.futures.ProcessPoolExecutor cannot do this (killing one of its processes
breaks the whole pool), hence this small pool of our own.

Workers are forked from a forkserver that has already imported warkg, pyoxigraph and
rdflib, so a replacement is ready in a fraction of a second rather than the seconds a
fresh interpreter needs; and they are never forked from the server itself, whose event
loop and threads a plain fork would copy in an unknown state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
import socket
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from warkg.errors import InputError
from warkg.server import worker
from warkg.server.channel import AsyncChannel
from warkg.server.reply import Reply, error_reply
from warkg.server.worker import Job, WorkerSettings

log = logging.getLogger("warkg.server")

STARTUP_TIMEOUT = 120.0
"""Seconds a worker may take to load the data before the server gives up on it."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    channel: AsyncChannel

    @property
    def pid(self) -> int | None:
        return self.process.pid


class WorkerPool:
    """`size` worker processes; `run(job)` gives a job to an idle one and waits at most
    `timeout` seconds for a free worker and then at most `timeout` seconds for the reply.
    """

    def __init__(self, settings: WorkerSettings, size: int, timeout: float) -> None:
        self.settings = settings
        self.size = size
        self.timeout = timeout
        self.killed = 0
        """How many workers were killed for running past the time limit."""
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["warkg.server.preload"])
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._background: set[asyncio.Task] = set()
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (for tests and monitoring)."""
        return sorted(w.pid for w in self._workers if w.pid is not None)

    async def start(self) -> None:
        """Start every worker and wait until all have loaded the data; InputError with
        the first worker's complaint if one cannot."""
        started = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        failures = [s for s in started if isinstance(s, BaseException)]
        for result in started:
            if isinstance(result, _Worker):
                self._idle.put_nowait(result)
        if failures:
            await self.close()
            raise InputError(f"a query worker could not start: {failures[0]}")

    async def _spawn(self) -> _Worker:
        parent_end, child_end = socket.socketpair()
        process = self._context.Process(
            target=worker.main,
            args=(child_end, self.settings),
            name="warkg-worker",
            daemon=True,
        )
        try:
            process.start()
        finally:
            child_end.close()
        item = _Worker(process, await AsyncChannel.open(parent_end))
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
        return item

    def _kill(self, item: _Worker) -> None:
        """SIGKILL the worker (it may be deep inside a query) and forget it; the zombie
        is reaped in a thread so the event loop never waits for it."""
        self._workers.discard(item)
        item.channel.close()
        if item.process.is_alive() and item.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                item.process.kill()
        task = asyncio.get_running_loop().run_in_executor(None, item.process.join, 5)
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
                    self._idle.put_nowait(await self._spawn())
                    return
                except Exception as error:  # keep trying: the pool must not shrink
                    log.error("warkg serve: could not replace a worker: %s", error)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 30.0)

        task = asyncio.create_task(replace())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def run(self, job: Job) -> Reply:
        """The worker's reply to `job`, or a 503 when no worker came free or the job ran
        past the time limit (its worker is then killed), or a 500 if the worker died."""
        try:
            if self._idle.empty():
                async with asyncio.timeout(self.timeout):
                    item = await self._idle.get()
            else:  # the common case, without a timer
                item = self._idle.get_nowait()
        except TimeoutError:
            return error_reply(
                503,
                f"all {self.size} query workers stayed busy for {self.timeout:g} s; "
                "try again later",
            )
        try:
            async with asyncio.timeout(self.timeout):
                await item.channel.send(job)
                reply = await item.channel.receive()
        except TimeoutError:
            self.killed += 1
            self._replace(item)
            return error_reply(
                503,
                f"query stopped after {self.timeout:g} s, the server's time limit (--timeout)",
            )
        except (EOFError, OSError, ValueError):
            # The worker died mid-job. An allocation that fails under the address-space
            # limit makes Rust (pyoxigraph) abort: SIGABRT means the query hit the limit.
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, item.process.join, 2)
            aborted = item.process.exitcode == -signal.SIGABRT
            self._replace(item)
            if aborted:
                return error_reply(*worker.OUT_OF_MEMORY)
            return error_reply(500, f"the query's worker process died ({item.process.exitcode})")
        except BaseException:  # cancelled (server shutting down): the worker's state is unknown
            self._replace(item)
            raise
        self._idle.put_nowait(item)
        if not isinstance(reply, Reply):
            return error_reply(500, "a worker sent something that is not a reply")
        return reply

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
        self._workers.clear()
        for task in list(self._background):
            task.cancel()
