"""`warkg serve` refuses what it must and survives it: each bad request gets its status
and a one-line message, and a good query succeeds right after. A slow query is stopped
at the time limit (its worker killed: the CPU goes quiet) while a fast one is answered
meanwhile; a query that would exhaust memory is stopped by the worker's limit.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable

import pytest

from tests.support.loopback import Listener
from tests.support.serving import Answer, RunningServer, alive, request, warkg_server

TIMEOUT = 2.0
MAX_ROWS = 1000
MAX_BYTES = 20_000
WORKERS = 2
PROCESSES = WORKERS + 1
"""The query workers and the one reconciliation worker."""
MAX_CONNECTIONS = 3

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""4486^3 (9e10) combinations: hours of work for any engine."""
HUGE_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
"""20 million rows that ORDER BY must hold at once: GBs."""
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def server() -> RunningServer:
    with warkg_server(
        *("--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)),
        *("--max-request-bytes", str(MAX_BYTES), "--workers", str(WORKERS)),
        *("--worker-memory", "400", "--cors-origin", "http://example.org"),
        *("--max-connections", str(MAX_CONNECTIONS)),
    ) as running:
        yield running


def _get(server: RunningServer, query: str, **extra: str) -> Answer:
    return request(f"{server.sparql}?{urllib.parse.urlencode({'query': query, **extra})}")


def _form(server: RunningServer, **fields: str) -> Answer:
    return request(server.sparql, data=urllib.parse.urlencode(fields).encode(), headers=FORM)


def _assert_still_serving(server: RunningServer) -> None:
    answer = _get(server, "ASK { ref:57 warkg:citesWork ?work }")
    assert (answer.status, answer.text) == (200, '{"head": {}, "boolean": true}\n')


def _one_line(answer: Answer) -> str:
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text.endswith("\n") and answer.text.count("\n") == 1, answer.text
    return answer.text.rstrip("\n")


SERVICE_QUERY = "SELECT * WHERE { SERVICE <%s> { ?s ?p ?o } }"
READ_ONLY = "this endpoint is read-only: SPARQL updates are refused"


BIG = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BYTES
TOO_LARGE = f"request larger than {MAX_BYTES} bytes, the server's limit (--max-request-bytes)"
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}

Send = Callable[[RunningServer], Answer]

BAD_REQUESTS: dict[str, tuple[Send, int, str]] = {
    "malformed": (
        lambda s: _get(s, "SELECT ?x WHERE { ?x ?y }"),
        400,
        "query:1:26: syntax error (pyoxigraph): expected one of LATERAL, SERVICE",
    ),
    "rejected-by-pyoxigraph": (
        lambda s: _get(s, "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s"),
        400,
        "query:1:40: syntax error (pyoxigraph): SELECT * is not authorized with GROUP BY",
    ),
    "update-field": (
        lambda s: _form(s, update="INSERT DATA { ref:1 ref:2 ref:3 }"),
        403,
        READ_ONLY,
    ),
    "update-as-query": (
        lambda s: _form(s, query="INSERT DATA { ref:1 ref:2 ref:3 }"),
        403,
        "query: refusing a SPARQL update (INSERT DATA): queries are read-only",
    ),
    "update-body": (
        lambda s: request(
            s.sparql, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
        ),
        403,
        READ_ONLY,
    ),
    "load": (
        lambda s: _form(s, query="LOAD <http://127.0.0.1:9/data.ttl>"),
        403,
        "query: refusing a SPARQL update (LOAD): queries are read-only",
    ),
    "from": (
        lambda s: _get(s, "SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }"),
        403,
        "query: refusing FROM <http://127.0.0.1:9/g>: a query may not fetch data",
    ),
    "default-graph-uri": (
        lambda s: _get(s, "ASK {}", **{"default-graph-uri": "http://127.0.0.1:9/g"}),
        403,
        "refusing default-graph-uri: queries run on this server's one default graph "
        "and may not name other graphs",
    ),
    "oversize-body": (
        lambda s: request(s.sparql, data=BIG.encode(), headers=SPARQL_QUERY),
        413,
        TOO_LARGE,
    ),
    "oversize-url": (lambda s: _get(s, BIG), 413, TOO_LARGE),
    "too-many-rows": (
        lambda s: _get(s, "SELECT * WHERE { ?s ?p ?o }"),
        422,
        f"the answer has more than {MAX_ROWS} rows, the server's limit (--max-rows); "
        "add a LIMIT or narrow the query",
    ),
    "too-many-triples": (
        lambda s: _get(s, "CONSTRUCT WHERE { ?s ?p ?o }"),
        422,
        f"the answer has more than {MAX_ROWS} triples, the server's limit (--max-rows); "
        "add a LIMIT or narrow the query",
    ),
    "unknown-stored-query": (
        lambda s: request(f"{s.url}/queries/no-such-query"),
        404,
        "no stored query named 'no-such-query'; available: belligerents, casualty-figures, "
        "claim-references, claimant-claims, claims-without-provenance-violation, "
        "conflicting-figures, reference-supports, side-by-side-figures, sources-by-language, "
        "sources-by-publisher, timeline, uncited-claims, uncited-references",
    ),
    "bad-parameter": (
        lambda s: request(f"{s.url}/queries/reference-supports?reference=0"),
        400,
        "parameter 'reference' expects xsd:positiveInteger, got '0'",
    ),
    "bad-iri-parameter": (
        lambda s: request(f"{s.url}/queries/claim-references?claim=%3Cnot%20an%20iri%3E"),
        400,
        "parameter 'claim' expects iri (a full IRI, a prefixed name such as "
        "claim:armenians-displaced, or a slug), got '<not an iri>'",
    ),
    "unknown-parameter": (
        lambda s: request(f"{s.url}/queries/reference-supports?ref=57"),
        400,
        "query 'reference-supports' has no parameter 'ref' (did you mean reference?); "
        "its parameters: "
        "reference (xsd:positiveInteger, default 10), "
        "war (iri, default event:second-nagorno-karabakh-war)",
    ),
    "parameter-twice": (
        lambda s: request(f"{s.url}/queries/reference-supports?reference=5&reference=6"),
        400,
        "parameter 'reference' given twice; give it once",
    ),
    "two-queries": (
        lambda s: request(f"{s.sparql}?query=ASK%20%7B%7D&query=ASK%20%7B%7D"),
        400,
        "parameter 'query' given 2 times; give it once",
    ),
    "empty-query": (lambda s: _form(s, query="  "), 400, "the query is empty"),
    "post-without-query": (
        lambda s: _form(s, format="json"),
        400,
        "no query given (a 'query' parameter or a body)",
    ),
    "not-utf8": (
        lambda s: request(s.sparql, data=b"ASK {} #\xff", headers=SPARQL_QUERY),
        400,
        "the query is not UTF-8",
    ),
    "wrong-content-type": (
        lambda s: request(s.sparql, data=b"ASK {}", headers={"Content-Type": "text/plain"}),
        415,
        "send the query as application/sparql-query or as a form "
        "(application/x-www-form-urlencoded), not text/plain",
    ),
    "disagreeing-formats": (
        lambda s: request(f"{s.sparql}?query=ASK%20%7B%7D&format=json&format=csv"),
        400,
        "parameter 'format' given as 'json' and 'csv', which disagree; give one",
    ),
    "not-acceptable": (
        lambda s: request(f"{s.sparql}?query=ASK%20%7B%7D", headers={"Accept": "image/png"}),
        406,
        "cannot answer in any type the Accept header allows; types: "
        "application/sparql-results+json, application/sparql-results+xml, text/csv, "
        "text/tab-separated-values",
    ),
    "unknown-path": (
        lambda s: request(f"{s.url}/no/such/page"),
        404,
        "no such path: /no/such/page",
    ),
    "wrong-method": (
        lambda s: request(s.sparql, method="DELETE"),
        405,
        "DELETE is not allowed here",
    ),
}


def test_bad_requests_found() -> None:
    assert len(BAD_REQUESTS) == 26


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_bad_request_then_a_good_one(server: RunningServer, case: str) -> None:
    send, status, message = BAD_REQUESTS[case]
    answer = send(server)
    assert answer.status == status
    assert _one_line(answer) == message
    _assert_still_serving(server)


def test_service_is_refused_before_any_connection(server: RunningServer) -> None:
    with Listener() as listener:
        answer = _get(server, SERVICE_QUERY % f"{listener.url}/sparql")
        assert answer.status == 403
        assert _one_line(answer) == (
            f"query: refusing SERVICE <{listener.url}/sparql>: a query may not call other servers"
        )
        assert listener.connections == 0
    _assert_still_serving(server)


# Texts the engines read differently. rdflib expands \uXXXX escapes everywhere before parsing
# (SPARQL 1.1, 19.2), pyoxigraph only inside strings and IRIs; pyoxigraph ends a comment
# at a carriage return, rdflib only at a line feed. Each hides SERVICE from a check that
# reads the text as rdflib does, from an engine that reads it as pyoxigraph does.
ESCAPED_SERVICE = (
    'SELECT * WHERE { BIND("\\u0022\\u0023" AS ?y) SERVICE <%s/sparql> { ?s ?p ?o } '
    'BIND(""\nAS ?x) }'
)
"""For rdflib: an empty string, then a comment to the end of the line; for pyoxigraph: a
string holding `"#`, then SERVICE."""
CR_SERVICE = "SELECT * WHERE { ?s ?p ?o # \r SERVICE <%s/sparql> { ?a ?b ?c }\n}"
"""For rdflib: all of SERVICE in a comment; for pyoxigraph: the comment ends at \\r."""


def test_escaped_service_makes_no_request(server: RunningServer) -> None:
    """The worker runs the text `sparql.prepare` checked (escapes expanded), not the
    text it was sent: the engine sees what the check saw, a comment, and no request."""
    with Listener() as listener:
        answer = _form(server, query=ESCAPED_SERVICE % listener.url)
        assert listener.connections == 0
        assert listener.requests == []
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "head": {"vars": ["x"]},
        "results": {"bindings": [{"x": {"type": "literal", "value": ""}}]},
    }
    _assert_still_serving(server)


def test_service_after_a_carriage_return_is_refused(server: RunningServer) -> None:
    with Listener() as listener:
        answer = _form(server, query=CR_SERVICE % listener.url)
        assert listener.connections == 0
    assert answer.status == 403
    assert _one_line(answer) == (
        f"query: refusing SERVICE <{listener.url}/sparql>: a query may not call other servers"
    )
    _assert_still_serving(server)


def _listening_addresses(port: int) -> list[str]:
    """The local addresses (hex, as the kernel writes them) of every TCP socket in LISTEN
    state on `port`, IPv4 and IPv6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(address)
    return found


def test_listens_on_loopback_only_by_default(server: RunningServer) -> None:
    """Started without --host: the one listening socket is 127.0.0.1's."""
    port = int(server.url.rsplit(":", 1)[1])
    assert _listening_addresses(port) == ["0100007F"]


def test_slow_query_is_stopped_while_a_fast_one_is_answered(server: RunningServer) -> None:
    before = server.worker_pids()
    assert len(before) == PROCESSES
    forkserver = server.children()
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        answer = _form(server, query=CROSS_JOIN)
        slow.update(answer=answer, seconds=time.monotonic() - started)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)  # the slow query is now running in one worker
    started = time.monotonic()
    fast = request(f"{server.url}/queries/reference-supports?reference=57")
    fast_seconds = time.monotonic() - started
    assert fast.status == 200
    assert fast_seconds < 1.0
    assert thread.is_alive()  # answered while the slow query was still running
    thread.join(TIMEOUT + 10)
    answer = slow["answer"]
    assert isinstance(answer, Answer)
    assert answer.status == 503
    assert _one_line(answer) == "query stopped after 2 s, the server's time limit (--timeout)"
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 1.5

    # The worker was killed (wherever it is in the process tree) and replaced, and
    # nothing is still computing the cross join.
    deadline = time.monotonic() + 15
    while sum(alive(pid) for pid in before) != PROCESSES - 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sum(alive(pid) for pid in before) == PROCESSES - 1
    while len(server.worker_pids()) != PROCESSES and time.monotonic() < deadline:
        time.sleep(0.1)
    after = server.worker_pids()
    assert len(after) == PROCESSES, server.stderr
    assert server.children() == forkserver
    cpu = server.cpu_seconds(before)
    time.sleep(1.0)
    assert server.cpu_seconds(before) - cpu < 0.3
    _assert_still_serving(server)


def test_query_that_would_exhaust_memory_is_stopped() -> None:
    """The memory limit, not the time limit, stops the query: a server of its own with a
    time limit no busy machine reaches before a worker has taken 400 MB, so the answer
    does not depend on how fast the machine is at the moment."""
    with warkg_server(*("--timeout", "600", "--workers", "1", "--worker-memory", "400")) as roomy:
        answer = _get(roomy, HUGE_SORT)
        assert answer.status == 503
        assert _one_line(answer) == (
            "the query ran out of memory, the server's limit per worker (--worker-memory)"
        )
        _assert_still_serving(roomy)


def test_cors_when_asked_for(server: RunningServer) -> None:
    allowed = request(f"{server.url}/queries", headers={"Origin": "http://example.org"})
    assert allowed.headers["access-control-allow-origin"] == "http://example.org"
    other = request(f"{server.url}/queries", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = request(
        server.sparql,
        method="OPTIONS",
        headers={
            "Origin": "http://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200
    assert preflight.headers["access-control-allow-origin"] == "http://example.org"


def _idle_connections(server: RunningServer, count: int) -> list[socket.socket]:
    port = int(server.url.rsplit(":", 1)[1])
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]
    time.sleep(0.3)  # accepted by the server's event loop
    return held


def test_max_connections(server: RunningServer) -> None:
    """--max-connections 3: idle connections give way (the oldest is closed) so a request
    is served; only when all three have a request in progress is the next one a 503."""
    held = _idle_connections(server, MAX_CONNECTIONS)
    try:
        _assert_still_serving(server)
        assert held[0].recv(1) == b""  # closed to make room
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.3)
    busy = _idle_connections(server, MAX_CONNECTIONS)
    try:
        for sock in busy:  # a form whose body never comes: a request in progress
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
            )
        time.sleep(0.3)
        refused = request(f"{server.url}/queries")
        assert refused.status == 503
        assert _one_line(refused) == (
            "all 3 connections have a request in progress, the server's limit "
            "(--max-connections); try again later"
        )
    finally:
        for sock in busy:
            sock.close()
    time.sleep(0.3)
    _assert_still_serving(server)
