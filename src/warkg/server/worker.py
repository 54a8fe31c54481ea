"""The worker side: a process that holds one copy of the data and answers jobs.

Queries run here, never in the server process, because neither pyoxigraph nor rdflib can
stop a query once it has started: the only way to enforce a time limit is to kill the
process running it (`pool.WorkerPool` does, and starts a fresh one). Everything that
costs time runs here too: parsing and checking the query (`warkg.sparql.checks`), binding
parameters (`warkg.catalogue.stored`), evaluating, writing the answer, and rendering pages,
so the server's event loop only moves bytes.

A job is a small picklable object; the reply is a `Reply` (status, content type, body).
Every user query is checked first (`Engine.evaluate`: the linear-time `sparql.check` where
pyoxigraph runs it, `sparql.prepare` on rdflib), which refuses updates, SERVICE and FROM
before any engine sees the text; shipped queries were checked when the index was written.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import socket
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from warkg.catalogue import run as querying
from warkg.catalogue.stored import StoredQuery
from warkg.engines.base import Backend
from warkg.engines.oxigraph import OxigraphBackend
from warkg.engines.rdflib import RdflibBackend
from warkg.errors import InputError
from warkg.rdf.conversion import align, from_oxigraph, to_oxigraph
from warkg.rdf.namespaces import PREFIXES, bind_prefixes
from warkg.results.model import Result
from warkg.server import channel, formats
from warkg.server.formats import HttpError
from warkg.server.reply import Reply, error_reply, refusal_status, server_message
from warkg.sparql import checks as sparql
from warkg.sparql import scan as sparql_scan

log = logging.getLogger("warkg.server")

OUT_OF_MEMORY = (
    503,
    "the query ran out of memory, the server's limit per worker (--worker-memory)",
)
"""What a query that hits the address-space limit gets, however it fails."""


# ---- messages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SparqlJob:
    """An ad-hoc query from the protocol endpoint."""

    text: str
    accept: str | None
    format: str | tuple[str, ...] | None


@dataclass(frozen=True)
class StoredJob:
    """A stored query with parameters as the client typed them (checked by the server
    already; bound again here, through the library, as the command line binds them)."""

    query: StoredQuery
    params: Mapping[str, str]
    accept: str | None
    format: str | tuple[str, ...] | None


@dataclass(frozen=True)
class PageJob:
    """An HTML page (see `pages`): its name and argument (a claim slug, a number)."""

    page: str
    argument: str | None = None


Job = SparqlJob | StoredJob | PageJob


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker needs to start: the data snapshot and the limits it applies itself."""

    backend: str
    snapshot: Path
    """N-Triples file written by the server at start-up, so every worker (and every
    replacement of a killed one) holds exactly the same data."""
    max_rows: int
    memory_mb: int
    max_answer_bytes: int = 16 * 1024 * 1024
    spool_dir: Path | None = None
    """Where answers larger than SPOOL_BYTES are written for the server to stream."""
    base_iri: str | None = None
    """The base IRI of every query (the endpoint's URL), so relative IRIs resolve."""


NICENESS = 5
"""Workers run at a lower priority than the server: on a machine with fewer cores than
busy workers, the event loop that answers every other request (and enforces the time
limit) keeps a fair share of the CPU (Linux weighs a nice-5 process 335 against 1024),
and a worker woken with a job is less apt to take the server's core from under it while
it is still writing (benchmarks/load.py --sweep, two alternating pairs of runs: lookup
SELECT throughput as good or better at 1, 8 and 32 clients, within this machine's
noise)."""

SPOOL_BYTES = 256 * 1024
"""Answers up to this size go through the channel; larger ones through a file, so the server
holds at most a chunk of each in memory however slowly its client reads."""


# ---- the engine -------------------------------------------------------------------------


def _too_many(limit: int, what: str) -> HttpError:
    return HttpError(
        422,
        f"the answer has more than {limit} {what}, the server's limit (--max-rows); "
        "add a LIMIT or narrow the query",
    )


class Engine:
    """One copy of the data behind the library's backend for it, plus what the protocol
    endpoint needs beyond the library's SELECT: ASK, CONSTRUCT and DESCRIBE, and answers
    cut off at the row limit while they are produced rather than after."""

    def __init__(self, backend: Backend, max_rows: int, base_iri: str | None = None) -> None:
        self.backend = backend
        self.max_rows = max_rows
        self.base_iri = base_iri

    @classmethod
    def open(cls, settings: WorkerSettings) -> Engine:
        """Load the snapshot into the chosen engine."""
        if settings.backend == "oxigraph":
            store = pyoxigraph.Store()
            store.load(path=str(settings.snapshot), format=pyoxigraph.RdfFormat.N_TRIPLES)
            return cls(OxigraphBackend(store), settings.max_rows, settings.base_iri)
        graph = bind_prefixes(Graph(bind_namespaces="core"))
        graph.parse(settings.snapshot, format="nt")
        return cls(RdflibBackend(graph), settings.max_rows, settings.base_iri)

    # -- the protocol endpoint

    def _check_rows(self, count: int, what: str = "rows") -> None:
        if count > self.max_rows:
            raise _too_many(self.max_rows, what)

    def _evaluate(self, prepared: sparql.PreparedQuery):
        """The engine's own answer object for a checked query."""
        if isinstance(self.backend, OxigraphBackend):
            try:
                return self.backend.store.query(
                    prepared.text, prefixes=PREFIXES, base_iri=self.base_iri
                )
            except SyntaxError as error:  # pyoxigraph's verdict, positioned in the text as written
                raise HttpError(400, prepared.oxigraph_error(error).message) from None
            except (OSError, RuntimeError, ValueError) as error:
                raise HttpError(400, f"query: pyoxigraph could not run it: {error}") from None
        assert isinstance(self.backend, RdflibBackend)
        return self.backend.graph.query(prepared.query)

    def select(self, prepared: sparql.PreparedQuery, answer) -> Result:
        """SELECT rows as the library reports them (terms aligned across engines),
        stopping as soon as the row limit is passed."""
        oxigraph = isinstance(answer, pyoxigraph.QuerySolutions)
        variables = prepared.variables
        if oxigraph:
            found = tuple(v.value for v in answer.variables)
            variables = sparql_scan.in_order(found, prepared.variables)
        rows = []
        try:
            for solution in answer:
                self._check_rows(len(rows) + 1)
                if oxigraph:
                    term = from_oxigraph
                    rows.append({v: term(solution[v]) for v in variables})
                else:
                    bound = {str(k): v for k, v in solution.asdict().items()}
                    rows.append({v: align(bound.get(v)) for v in variables})
        except HttpError:
            raise
        except Exception as error:  # both engines raise assorted types while evaluating
            raise HttpError(400, f"query: could not run the query: {error}") from None
        return Result(variables, rows)

    def ask(self, answer) -> bool:
        return bool(answer) if isinstance(answer, pyoxigraph.QueryBoolean) else answer.askAnswer

    def triples(self, answer) -> list[pyoxigraph.Triple]:
        """CONSTRUCT or DESCRIBE triples, as pyoxigraph terms, within the row limit."""
        found: list[pyoxigraph.Triple] = []
        if isinstance(answer, pyoxigraph.QueryTriples):
            for triple in answer:
                self._check_rows(len(found) + 1, "triples")
                found.append(triple)
            return found
        graph = answer.graph
        self._check_rows(len(graph), "triples")
        to_ox = to_oxigraph
        return [pyoxigraph.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]

    def evaluate(self, text: str) -> tuple[str, sparql.PreparedQuery, object]:
        """A user's query checked and run as the endpoint runs it: its form (SELECT, ASK
        or CONSTRUCT for graphs), the checked query and the engine's answer. Where
        pyoxigraph runs it, the check is the linear-time scan and the syntax verdict is
        pyoxigraph's own; rdflib's parser never sees untrusted text there. InputError
        for a refused query, HttpError for one the engine cannot run."""
        oxigraph = isinstance(self.backend, OxigraphBackend)
        check = sparql.check if oxigraph else sparql.prepare
        prepared = check(text, "query")
        answer = self._evaluate(prepared)
        if isinstance(answer, pyoxigraph.QuerySolutions) or prepared.form == "SELECT":
            form = "SELECT"
        elif isinstance(answer, pyoxigraph.QueryBoolean) or prepared.form == "ASK":
            form = "ASK"
        else:
            form = "CONSTRUCT"
        return form, prepared, answer

    def run_sparql(self, job: SparqlJob) -> Reply:
        try:
            form, prepared, answer = self.evaluate(job.text)
        except InputError as error:
            raise HttpError(refusal_status(error), server_message(error)) from None
        if form in ("SELECT", "ASK"):
            extra = formats.TEXT_FORMATS if form == "SELECT" else ()
            fmt = formats.negotiate(formats.RESULT_FORMATS, job.accept, job.format, extra)
            if form == "SELECT":
                body = formats.write_result(self.select(prepared, answer), fmt)
            else:
                body = formats.write_boolean(self.ask(answer), fmt)
        else:
            fmt = formats.negotiate(formats.GRAPH_FORMATS, job.accept, job.format)
            body = formats.write_graph(self.triples(answer), fmt)
        return Reply(200, fmt.content_type, body)

    # -- stored queries

    def run_stored(self, job: StoredJob) -> Reply:
        fmt = formats.negotiate(
            formats.RESULT_FORMATS, job.accept, job.format, formats.TEXT_FORMATS
        )
        try:
            result = querying.execute(self.backend, job.query, job.params)
        except InputError as error:
            raise HttpError(refusal_status(error), server_message(error)) from None
        self._check_rows(len(result))
        return Reply(200, fmt.content_type, formats.write_result(result, fmt))

    # -- pages

    def run_page(self, job: PageJob) -> Reply:
        from warkg.server import pages  # Jinja2 is only needed once a page is asked for

        status, html = pages.render(self.backend, job.page, job.argument)
        return Reply(status, "text/html; charset=utf-8", html.encode("utf-8"))


def handle(engine: Engine, job: Job) -> Reply:
    """Answer one job; every failure becomes a one-line error reply."""
    try:
        if isinstance(job, SparqlJob):
            return engine.run_sparql(job)
        if isinstance(job, StoredJob):
            return engine.run_stored(job)
        if isinstance(job, PageJob):
            return engine.run_page(job)
        if callable(getattr(job, "run", None)):  # the site's jobs (server/site.py)
            return job.run(engine)
        return error_reply(500, f"unknown job {type(job).__name__}")
    except HttpError as error:
        return error_reply(error.status, error.message)
    except InputError as error:
        return error_reply(refusal_status(error), server_message(error))
    except MemoryError:
        return error_reply(*OUT_OF_MEMORY)
    except Exception as error:
        log.exception("worker failed on %r", job)
        return error_reply(500, f"internal error: {type(error).__name__}: {error}")


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


def main(sock: socket.socket, settings: WorkerSettings) -> None:
    """The worker process: load, say ready (with the triple count), then answer jobs
    until the server closes the channel. Ctrl-C is left to the server, which stops us."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)
    try:
        engine = Engine.open(settings)
        # rdflib builds its SPARQL parser on first use (~0.1 s): not on a client's time.
        engine.run_sparql(SparqlJob("ASK { ?s ?p ?o }", None, None))
        _limit_memory(settings.memory_mb)
    except Exception as error:
        channel.send(sock, ("failed", f"{type(error).__name__}: {error}"))
        return
    channel.send(sock, ("ready", os.getpid()))
    while True:
        try:
            job = channel.receive(sock)
        except (EOFError, OSError):
            return
        try:
            reply = spool(handle(engine, job), settings)
        except OSError as error:  # the spool directory is full or gone
            reply = error_reply(503, f"cannot hold the answer for sending: {error.strerror}")
        channel.send(sock, reply)
