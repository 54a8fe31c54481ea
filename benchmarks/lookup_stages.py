#!/usr/bin/env python3
"""Where a lookup SELECT's CPU goes inside `warkg serve`, stage by stage, in one process
(issue 12; `load.py --sweep` gives the whole, over HTTP).

- the server's application: the Starlette app `warkg serve` runs, called through ASGI
  with the lookup POSTed, its worker pool replaced by one that hands back warkg's
  answer at once (what the server process does per request, without uvicorn and the
  hop), against a bare ASGI app that sends the same bytes;
- the worker: `worker.handle` on the same job (check, query, rows, JSON), and its parts:
  pyoxigraph's query with every row read; the query with `Engine.select`'s rows; the
  JSON writer on those rows; and pyoxigraph's query written by pyoxigraph's own JSON
  writer, which warkg does not use (it cannot stop at the row limit);
- pickling the job and the reply once each way.

Each stage is timed as CPU over `--calls` calls after a warm-up, three times; the
table gives the median and the minimum, in ms per call.

    python -m benchmarks.lookup_stages
"""

from __future__ import annotations

import argparse
import asyncio
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

LOOKUP = """PREFIX ref: <https://w3id.org/warkg/id/reference/>
SELECT ?p ?o WHERE { ref:57 ?p ?o } ORDER BY ?p ?o"""
JSON = "application/sparql-results+json"


def timed(call: Callable[[], object], calls: int) -> list[float]:
    for _ in range(calls // 10):
        call()
    found = []
    for _ in range(3):
        start = time.process_time()
        for _ in range(calls):
            call()
        found.append((time.process_time() - start) / calls * 1000)
    return found


def server_stages(answer: bytes, calls: int) -> dict[str, list[float]]:
    from warkg.server.app import create_app
    from warkg.server.config import ServerConfig
    from warkg.server.snapshot import Snapshot
    from warkg.server.state import ServerState
    from warkg.server.workers.jobs import Reply

    class Answering:
        """Stands where the worker pools are: the reply, at once."""

        async def run(self, job: object, lane: str, client: str = "") -> Reply:
            return Reply(200, JSON, answer)

    scratch = Path(tempfile.mkdtemp(prefix="warkg-stages-"))
    snapshot = Snapshot(scratch / "none.nt", {}, 0)
    config = ServerConfig()
    state = ServerState(config, Answering(), Answering(), snapshot)  # type: ignore[arg-type]
    app = create_app(config, state)
    body = LOOKUP.encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/sparql",
        "raw_path": b"/sparql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/sparql-query"),
            (b"accept", JSON.encode()),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
    }

    async def bare(scope, receive, send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": answer})

    async def call(application) -> list[dict]:
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await application(dict(scope), receive, send)
        return sent

    async def measure() -> dict[str, list[float]]:
        sent = await call(app)
        assert sent[0]["status"] == 200 and sent[1]["body"] == answer
        found = {}
        for name, application in (("server app (Starlette)", app), ("bare ASGI app", bare)):
            for _ in range(calls // 10):
                await call(application)
            runs = []
            for _ in range(3):
                start = time.process_time()
                for _ in range(calls):
                    await call(application)
                runs.append((time.process_time() - start) / calls * 1000)
            found[name] = runs
        return found

    return asyncio.run(measure())


def worker_stages(data: Path, calls: int) -> tuple[bytes, dict[str, list[float]]]:
    from warkg.server.answers import write_result
    from warkg.server.http import media
    from warkg.server.http.negotiation import negotiate
    from warkg.server.workers import worker
    from warkg.server.workers.engine import Engine, WorkerSettings
    from warkg.server.workers.queries import SparqlJob

    engine = Engine.open(WorkerSettings("oxigraph", data, 10_000, 0))
    job = SparqlJob(LOOKUP, JSON, ())
    reply = worker.handle(engine, job)
    assert reply.status == 200, reply.body
    rows = engine.answer(LOOKUP).result
    assert rows is not None
    fmt = negotiate(media.RESULT_FORMATS, JSON, (), media.TEXT_FORMATS)
    assert write_result(rows, fmt) == reply.body
    store = engine.backend.store  # type: ignore[attr-defined]
    stages = {
        "worker.handle (check, query, rows, JSON)": lambda: worker.handle(engine, job),
        "pyoxigraph query, every row read": lambda: [
            [s[v] for v in ("p", "o")] for s in store.query(LOOKUP)
        ],
        "check, query and rows (the engine's answer)": lambda: engine.answer(LOOKUP),
        "JSON writer on those rows": lambda: write_result(rows, fmt),
        "pyoxigraph query + its own JSON writer": lambda: store.query(LOOKUP).serialize(
            format=pyoxigraph.QueryResultsFormat.JSON
        ),
        "pickle job and reply, both ways": lambda: (
            pickle.loads(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)),
            pickle.loads(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)),
        ),
    }
    return reply.body, {name: timed(call, calls) for name, call in stages.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=3000, help="calls per timing")
    args = parser.parse_args(argv)
    from warkg.rdf import loading

    with tempfile.TemporaryDirectory(prefix="warkg-stages-") as scratch:
        data = Path(scratch) / "graph.nt"
        graph = loading.load_data()
        for path in loading.expand([loading.paths.ontology_dir()]):
            loading.parse_into(graph, path)
        graph.serialize(data, format="nt", encoding="utf-8")
        answer, stages = worker_stages(data, args.calls)
    stages.update(server_stages(answer, args.calls))
    print(f"`python -m benchmarks.lookup_stages --calls {args.calls}`: CPU per call, ms")
    print()
    print("| stage | median | min |")
    print("|---|---:|---:|")
    for name, runs in stages.items():
        print(f"| {name} | {statistics.median(runs):.4f} | {min(runs):.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
