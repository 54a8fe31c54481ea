"""A query that makes the query engine abort its worker process gets one line that says
so (not "ran out of memory"), the pool starts a worker in its place, and the next query
is answered: on the real server (in process, with its real worker processes).

pyoxigraph 0.5.13 aborts the whole process (a Rust panic, "user-provided comparison
function does not correctly implement a total order", SIGABRT) on an ORDER BY over a
mix of numbers, strings and xsd:gYear values: ABORTING below, found by a seeded search
and cut down (it needs no data). Related upstream: oxigraph/oxigraph#1542 (the same
panic from ORDER BY RAND(), fixed in 0.5.3). When pyoxigraph stops aborting on it, the
first test fails and says so: keep the classification, drop the query.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import threading
import urllib.parse
from collections.abc import Iterator

import pyoxigraph
import pytest

from tests.support.serving import in_process, request, warkg_server
from warkg.server.workers.deaths import Death, StandardError

XSD = "http://www.w3.org/2001/XMLSchema#"
ABORTING = (
    f"PREFIX xsd: <{XSD}> SELECT ?x WHERE {{ VALUES ?x {{ 7 'NaN'^^xsd:double 44 'a' -3 35 "
    "'x'^^xsd:double -50 '2020'^^xsd:gYear 'INF'^^xsd:double 11 -17 'abc'^^xsd:integer "
    "-14 2 '-INF'^^xsd:double 'a' 5 '2020'^^xsd:gYear '2020'^^xsd:gYear 1 } } ORDER BY ?x"
)
PANIC = "user-provided comparison function does not correctly implement a total order"
VERSION = pyoxigraph.__version__


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    with in_process(tmp_path_factory.mktemp("deaths"), workers=1) as client:
        yield client


def test_an_engine_abort_is_one_line_and_the_worker_is_replaced(
    client,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The server's logger as a fresh process has it: a test before this one that ran
    # `warkg serve` in process left it a handler on that test's (closed) stderr, not
    # propagating to caplog.
    log = logging.getLogger("warkg.server")
    monkeypatch.setattr(log, "handlers", [])
    monkeypatch.setattr(log, "propagate", True)
    pool = client.app.state.warkg.pool
    for _ in range(2):  # and again: the replacement serves, and dies the same way
        before = pool.pids
        with caplog.at_level(logging.WARNING, logger="warkg.server"):
            answer = client.get("/sparql", params={"query": ABORTING})
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "text/plain; charset=utf-8"
        assert "retry-after" not in answer.headers
        assert answer.text == (
            f"the query engine (pyoxigraph {VERSION}) failed on this query and stopped its "
            f"worker process (SIGABRT): {PANIC}; the worker has been replaced, but this "
            "query would fail the same way again\n"
        )
        assert [r.getMessage() for r in caplog.records if r.name == "warkg.server"] == [
            f"a query worker stopped (SIGABRT): pyoxigraph {VERSION} panicked: {PANIC}; "
            "starting another"
        ]
        caplog.clear()
        # One warning line, no Rust report ("thread '...' panicked at FILE:LINE", the
        # backtrace note).
        err = capsys.readouterr().err
        assert "panicked at" not in err and "RUST_BACKTRACE" not in err
        ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert (ask.status_code, ask.text) == (200, '{"head": {}, "boolean": true}\n')
        assert len(pool.pids) == 1 and pool.pids != before


def test_why_a_worker_died() -> None:
    memory = Death.of(-signal.SIGABRT, ["memory allocation of 360 bytes failed"])
    assert (memory.status, memory.message) == (
        503,
        "the query ran out of memory, the server's limit per worker (--worker-memory)",
    )
    assert memory.log == "a query worker ran out of memory (SIGABRT); starting another"
    # SIGABRT alone is no longer read as the memory limit
    for exitcode, how in (
        (-signal.SIGABRT, "SIGABRT"),
        (-signal.SIGSEGV, "SIGSEGV"),
        (3, "exit status 3"),
    ):
        death = Death.of(exitcode, [])
        assert (death.status, death.message) == (
            503,
            f"the query's worker process died ({how}) while running it; the worker has been "
            "replaced, try again",
        )
    panic = Death.of(
        -signal.SIGABRT,
        ["thread '<unnamed>' panicked at src/x.rs:1:2:", "index out of bounds", "stack backtrace:"],
    )
    assert panic.status == 422
    assert "(SIGABRT): index out of bounds; the worker" in panic.message


def test_what_a_worker_writes_passes_on_until_it_aborts() -> None:
    async def relay() -> tuple[str, list[str], bool]:
        out = io.StringIO()
        protocol = StandardError(out)
        written = (
            b"a warning from the worker\n\nTraceback (most recent call last):\n  line\n"
            b"\nthread '<unnamed>' (31958) panicked at /rustc/x/smallsort.rs:854:5:\n"
            + PANIC.encode()
            + b"\nstack backtrace:\n"
            + b"".join(b"  %d: frame\n" for d in range(100))
            + b"note: no newline at the end"
        )
        for start in range(0, len(written), 7):  # however the bytes are cut
            protocol.data_received(written[start : start + 7])
        protocol.connection_lost(None)
        return out.getvalue(), protocol.last_words, protocol.closed.done()

    shown, kept, closed = asyncio.run(relay())
    assert shown == "a warning from the worker\nTraceback (most recent call last):\n  line\n"
    assert kept[:3] == [
        "thread '<unnamed>' (31958) panicked at /rustc/x/smallsort.rs:854:5:",
        PANIC,
        "stack backtrace:",
    ]
    assert len(kept) == 40 and closed
    assert Death.of(-6, kept).message.startswith(
        f"the query engine (pyoxigraph {VERSION}) failed on this query and stopped its worker "
        f"process (SIGABRT): {PANIC};"
    )


def test_the_reply_to_a_worker_killed_from_outside(client) -> None:
    """A worker that dies of something nobody explains (here SIGKILL from outside, as the
    kernel's OOM killer would) while running a query: 503 with Retry-After, and the
    pool goes on."""
    pool = client.app.state.warkg.pool
    (pid,) = pool.pids
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    timer = threading.Timer(1.0, os.kill, (pid, signal.SIGKILL))
    timer.start()
    try:
        answer = client.get("/sparql", params={"query": slow})
    finally:
        timer.cancel()
    assert answer.status_code == 503, answer.text
    assert answer.text == (
        "the query's worker process died (SIGKILL) while running it; the worker has been "
        "replaced, try again\n"
    )
    assert answer.headers["retry-after"] == "10"
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ask.status_code == 200
    assert pool.pids != [pid]


def test_the_real_server_on_its_own_event_loop() -> None:
    """`warkg serve` as users run it (uvloop, the real log): the same reply, one warning
    line in the log for each death, no Rust backtrace, no traceback."""
    with warkg_server("--workers", "1") as server:
        answer = request(server.sparql, data=urllib.parse.urlencode({"query": ABORTING}).encode())
        assert answer.status == 422
        assert answer.text.startswith(
            f"the query engine (pyoxigraph {VERSION}) failed on this query and stopped its "
            f"worker process (SIGABRT): {PANIC};"
        )
        ask = request(f"{server.sparql}?query=ASK%7B%7D")
        assert (ask.status, ask.text) == (200, '{"head": {}, "boolean": true}\n')
    log = "".join(server.stderr)
    assert log.count(f"a query worker stopped (SIGABRT): pyoxigraph {VERSION} panicked") == 1
    assert "panicked at" not in log and "stack backtrace" not in log
