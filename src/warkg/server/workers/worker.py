"""The worker side: a process that holds one copy of the data and answers jobs.

Queries run here, never in the server process, because neither pyoxigraph nor rdflib can
stop a query once it has started: the only way to enforce a time limit is to kill the
process running it (`pool.WorkerPool` does, and starts a fresh one).

A job is a small picklable object whose `run(engine)` makes the reply (`jobs`), but for
the common one, a SELECT answered in SPARQL JSON on oxigraph, which `direct` answers in
fewer steps with the same bytes; this module only turns what a job raises into a
one-line error reply, keeps answers within the size limit, and moves large ones through
a file. Every user query is checked
before an engine sees it (the engines' `answer`: the linear-time `sparql.check` where
pyoxigraph runs it, `sparql.prepare` on rdflib), which refuses updates, SERVICE and
FROM; shipped queries were checked when the index was written.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import socket
import tempfile
from pathlib import Path

from warkg.engines.base import TooLarge
from warkg.engines.oxigraph import OxigraphBackend
from warkg.errors import InputError
from warkg.server.http.errors import HttpError
from warkg.server.http.media import JSON
from warkg.server.workers import channel
from warkg.server.workers.direct import DirectJson
from warkg.server.workers.engine import Engine, WorkerSettings
from warkg.server.workers.jobs import (
    Job,
    Reply,
    error_reply,
    refusal_status,
    server_message,
    too_many_rows,
)
from warkg.server.workers.queries import SparqlJob

log = logging.getLogger("warkg.server")

OUT_OF_MEMORY = (
    503,
    "the query ran out of memory, the server's limit per worker (--worker-memory)",
)
"""What a query that hits the address-space limit gets, however it fails (a Python
MemoryError here; a failed allocation in Rust aborts the process: `deaths`)."""


NICENESS = 5
"""Workers run at a lower priority than the server: on a machine with fewer cores than
busy workers, the event loop that answers every other request (and enforces the time
limit) keeps a fair share of the CPU (Linux weighs a nice-5 process 335 against 1024),
and a worker woken with a job is less apt to take the server's core from under it while
it is still writing (measured with benchmarks/load.py --sweep: docs/decisions.md)."""

SPOOL_BYTES = 256 * 1024
"""Answers up to this size go through the channel; larger ones through a file, so the server
holds at most a chunk of each in memory however slowly its client reads."""


def handle(engine: Engine, job: Job) -> Reply:
    """Answer one job; every failure becomes a one-line error reply."""
    try:
        return job.run(engine)
    except Exception as error:
        return failed(job, error)


def failed(job: Job, error: Exception) -> Reply:
    """The reply to a job that raised `error`: called where it was caught (a failure
    nobody foresaw is logged with its traceback)."""
    if isinstance(error, HttpError):
        return error_reply(error.status, error.message, error.headers)
    if isinstance(error, TooLarge):
        return error_reply(422, too_many_rows(error))
    if isinstance(error, InputError):
        return error_reply(refusal_status(error), server_message(error))
    if isinstance(error, MemoryError):
        return error_reply(*OUT_OF_MEMORY)
    log.exception("worker failed on %r", job)
    return error_reply(500, f"internal error: {type(error).__name__}: {error}")


def answer(
    engine: Engine, job: Job, settings: WorkerSettings, direct: DirectJson | None
) -> Reply | bytes:
    """The reply to `job`: the common job through `direct` where the worker has it, any
    other through `handle`; then `spool`. A direct answer that `spool` would leave as it
    is comes as its body alone, which the channel sends as `Reply(200, JSON, body)`."""
    if direct is not None and type(job) is SparqlJob:
        try:
            body = direct.body(job)
        except Exception as error:
            return spool(failed(job, error), settings)
        if body is not None:
            if len(body) <= SPOOL_BYTES and len(body) <= settings.max_answer_bytes:
                return body
            return spool(Reply(200, JSON.content_type, body), settings)
    return spool(handle(engine, job), settings)


def spool(reply: Reply, settings: WorkerSettings) -> Reply:
    """`reply` within the answer-size limit: refused in one line if its body is larger,
    moved to a file in `settings.spool_dir` if it is large."""
    size = len(reply.body)
    if size > settings.max_answer_bytes:
        return error_reply(
            422,
            f"the answer has more than {settings.max_answer_bytes} bytes, the server's limit "
            "(--max-answer-bytes); add a LIMIT or narrow the query",
        )
    if size <= SPOOL_BYTES or settings.spool_dir is None:
        return reply
    descriptor, name = tempfile.mkstemp(prefix="answer-", dir=settings.spool_dir)
    with os.fdopen(descriptor, "wb") as file:
        file.write(reply.body)
    return Reply(reply.status, reply.content_type, b"", reply.headers, Path(name))


def _limit_memory(megabytes: int) -> None:
    """Cap the address space, so a query that materialises a huge intermediate result
    (ORDER BY over a cross join) fails in its own worker instead of exhausting the
    machine before the time limit strikes."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(
    sock: socket.socket, settings: WorkerSettings, stderr: socket.socket | None = None
) -> None:
    """The worker process: load, say ready (with the triple count), then answer jobs
    until the server closes the channel. Ctrl-C is left to the server, which stops us.
    `stderr` becomes our standard error (file descriptor 2, where Rust writes too), so
    the server learns why we died if we abort (`deaths`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if stderr is not None:
        os.dup2(stderr.fileno(), 2)
        stderr.close()
    os.nice(NICENESS)
    try:
        engine = Engine.open(settings)
        if not settings.reconcile:
            # rdflib builds its SPARQL parser on first use: not on a client's time.
            engine.answer("ASK { ?s ?p ?o }")
        _limit_memory(settings.memory_mb)
    except Exception as error:
        channel.send(sock, ("failed", f"{type(error).__name__}: {error}"))
        return
    channel.send(sock, ("ready", os.getpid()))
    direct = None
    if not settings.reconcile and isinstance(engine.backend, OxigraphBackend):
        direct = DirectJson(engine.backend, engine.max_rows)
    while True:
        try:
            job = channel.receive(sock)
        except (EOFError, OSError):
            return
        try:
            reply = answer(engine, job, settings, direct)
        except OSError as error:  # the spool directory is full or gone
            reply = error_reply(503, f"cannot hold the answer for sending: {error.strerror}")
        if type(reply) is bytes:
            channel.send_answer(sock, JSON.content_type, reply)
        else:
            channel.send(sock, reply)
