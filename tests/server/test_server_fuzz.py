"""Property-based fuzzing (Hypothesis, a bounded number of examples): whatever path,
parameters, headers and body a client sends to any route of `warkg serve`, the answer
is never a 500 and the server's log never holds a traceback; whatever `--param` values
`warkg query` is given, it ends with a documented exit code and no traceback.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.serving import RunningServer, warkg_server
from warkg.catalogue import stored as stored_queries
from warkg.cli import main as cli

QUERIES = [q.name for q in stored_queries.list_queries()]
PARAMS = sorted({p.name for q in stored_queries.list_queries() for p in q.params})
ROUTES = [
    "/sparql",
    "/queries",
    "/queries/{}",
    "/graph",
    "/graph.{}",
    "/",
    "/claims",
    "/claims/{}",
    "/references",
    "/references/{}",
    "/static/warkg.css",
    "/{}",
]
NAMES = ["query", "format", "update", "default-graph-uri", *PARAMS, "x"]
TEXT = st.text(max_size=40)
HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=40,
)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(["57", "0", "-1", "9" * 4301, "claim:armenians-displaced", "", "%FF"]),
    st.sampled_from(["ASK {}", "SELECT * {?s ?p ?o} LIMIT 2", "DESCRIBE ref:57", "{" * 100]),
    st.sampled_from(["json", "xml", "csv", "tsv", "turtle", "rdf+xml", "yaml", "table"]),
    st.integers().map(str),
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture(scope="module")
def server() -> RunningServer:
    with warkg_server("--workers", "2", "--timeout", "5", "--max-rows", "100") as running:
        yield running


@st.composite
def requests(draw) -> dict:
    route = draw(st.sampled_from(ROUTES))
    segment = draw(st.one_of(TEXT, st.sampled_from([*QUERIES, "57", "ttl", "rdf", "x"])))
    path = route.format(urllib.parse.quote(segment, safe=draw(st.sampled_from(["", "/%"]))))
    params = draw(st.lists(st.tuples(st.sampled_from(NAMES) | TEXT, VALUES), max_size=4))
    raw_query = draw(st.sampled_from(["", "%FF", "&&=", "a=%E2%82"]))
    query = urllib.parse.urlencode(params) + ("&" + raw_query if raw_query else "")
    headers = {}
    for name in draw(st.lists(st.sampled_from(["Accept", "Content-Type", "Host", "X-Any"]))):
        headers[name] = draw(
            st.one_of(
                HEADER_TEXT,
                st.sampled_from(
                    [
                        "application/sparql-query",
                        "application/x-www-form-urlencoded",
                        "application/sparql-update",
                        "text/*",
                        "*/*;q=x",
                        "exa%mple",
                        "text/turtle;q=0.5, application/rdf+xml",
                    ]
                ),
            )
        )
    method = draw(st.sampled_from(["GET", "POST", "HEAD", "PUT", "OPTIONS", "DELETE"]))
    body = None
    if method in ("POST", "PUT"):
        body = draw(
            st.one_of(
                st.binary(max_size=200),
                VALUES.map(lambda v: v.encode("utf-8", "surrogatepass")),
                st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=3).map(
                    lambda pairs: urllib.parse.urlencode(pairs).encode()
                ),
            )
        )
    return {
        "method": method,
        "url": path + ("?" + query if query else ""),
        "headers": headers,
        "body": body,
    }


@SETTINGS
@given(req=requests())
def test_no_request_gets_a_500(server: RunningServer, req: dict) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(
            req["method"], req["url"], skip_host="Host" in req["headers"], skip_accept_encoding=True
        )
        for name, value in req["headers"].items():
            connection.putheader(name, value.encode("latin-1"))
        body = req["body"]
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        answer.read()
        status = answer.status
    finally:
        connection.close()
    assert status < 500 or status == 503, (status, req)
    assert not [line for line in server.stderr if "Traceback" in line], "".join(server.stderr)


@settings(max_examples=200, deadline=None, database=None)
@given(
    name=st.sampled_from(QUERIES),
    params=st.lists(st.tuples(st.sampled_from([*PARAMS, "x"]) | TEXT, VALUES), max_size=3),
)
def test_command_line_params_end_in_a_documented_exit_code(name: str, params: list) -> None:
    argv = ["query", name]
    for key, value in params:
        argv += ["--param", f"{key}={value}"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    assert code in (0, 1, 2), (code, err.getvalue())
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().count("\n") == 1, err.getvalue()
