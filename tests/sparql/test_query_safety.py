"""Queries cannot reach the network, change the data, or smuggle text in through a
parameter.

A listener on 127.0.0.1 stands in for a remote server: refused queries must not open a
single connection to it, on either embedded backend, while the same query with
--allow-remote does reach it (so the listener would have seen a request).
"""

from __future__ import annotations

import pytest
from rdflib import Literal

from tests.support.loopback import Listener
from warkg import run_query, run_sparql
from warkg.cli import main as cli
from warkg.engines.remote import values_block
from warkg.errors import InputError
from warkg.rdf.namespaces import CLAIM
from warkg.results.model import Result
from warkg.sparql import checks as sparql

EMBEDDED = ["rdflib", "oxigraph"]


@pytest.fixture
def listener():
    with Listener() as server:
        yield server


def _reaching_queries(url: str) -> dict[str, str]:
    return {
        "service": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service-silent": (
            f"SELECT ?s WHERE {{ ?s a ?t SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}"
        ),
        "service-in-exists": (
            f"SELECT ?s WHERE {{ ?s a ?t FILTER EXISTS {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }}"
        ),
        "service-lower-case": f"select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service-escaped": f"SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service-in-subquery": (
            f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }} }}"
        ),
        "from": f"SELECT * FROM <{url}/x.ttl> WHERE {{ ?s ?p ?o }}",
        "from-named": f"SELECT * FROM NAMED <{url}/x.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    }


KINDS = [
    "service",
    "service-silent",
    "service-in-exists",
    "service-lower-case",
    "service-escaped",
    "service-in-subquery",
    "from",
    "from-named",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_remote_access_refused_by_the_library(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str, kind: str
) -> None:
    backend = request.getfixturevalue(f"{backend_name}_backend")
    with pytest.raises(InputError) as caught:
        run_sparql(backend, _reaching_queries(listener.url)[kind])
    keyword = {"service": "SERVICE", "from": "FROM", "from-named": "FROM NAMED"}
    assert f"refusing {keyword.get(kind, 'SERVICE')} " in str(caught.value)
    assert "unless you pass --allow-remote" in str(caught.value)
    assert listener.connections == 0
    assert listener.requests == []


@pytest.mark.parametrize("kind", ["service", "from"])
@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_remote_access_refused_by_the_command(
    tmp_path, capsys, listener: Listener, backend_name: str, kind: str
) -> None:
    query = tmp_path / "reach.rq"
    query.write_text(_reaching_queries(listener.url)[kind], encoding="utf-8")
    assert cli.main(["sparql", str(query), "--backend", backend_name]) == 2
    err = capsys.readouterr().err
    target = (
        f"SERVICE <{listener.url}/sparql>" if kind == "service" else f"FROM <{listener.url}/x.ttl>"
    )
    assert err == (
        f"warkg: {query}: refusing {target}: a query may not "
        + ("call other servers" if kind == "service" else "fetch data")
        + " unless you pass --allow-remote\n"
    )
    assert listener.connections == 0


@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_allow_remote_does_reach_the_listener(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str
) -> None:
    """The control: the listener does see a SERVICE call once it is allowed."""
    backend = request.getfixturevalue(f"{backend_name}_backend")
    query = _reaching_queries(listener.url)["service"]
    result = run_sparql(backend, query, allow_remote=True)
    assert [str(r["s"]) for r in result] == ["http://example.org/s"]
    assert listener.connections >= 1
    assert [path for _, path in listener.requests] == ["/sparql"]


# ---- the text an engine runs is the text that was checked ----------------------------------

# rdflib expands \uXXXX escapes before parsing (SPARQL 1.1, section 19.2), pyoxigraph does
# not: to rdflib the escaped line feed ends the comment, so SERVICE sits inside a string;
# to pyoxigraph reading the raw text, the whole line is a comment and SERVICE is live.
HIDDEN_BY_AN_ESCAPE = (
    "SELECT ?s WHERE {{\n"
    "  VALUES ?s {{ <urn:x> }}\n"
    '  # \\u000A FILTER("""\n'
    '  SERVICE <{url}/sparql> {{ ?s ?p ?o }} # """)\n'
    "}}\n"
)
# The reverse: pyoxigraph ends a comment at a carriage return, rdflib only at a line feed.
HIDDEN_BY_A_CARRIAGE_RETURN = (
    "SELECT ?s WHERE {{\n  # note \r SERVICE <{url}/sparql> {{ ?s ?p ?o }}\n}}\n"
)


@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_an_escape_cannot_hide_service_from_the_check(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str
) -> None:
    """Every engine runs the expanded text the check read: SERVICE stays inside the
    string for both, even when remote access is allowed, and no request is made."""
    backend = request.getfixturevalue(f"{backend_name}_backend")
    query = HIDDEN_BY_AN_ESCAPE.format(url=listener.url)
    for allow_remote in (False, True):
        result = run_sparql(backend, query, allow_remote=allow_remote)
        assert [str(row["s"]) for row in result] == ["urn:x"]
    assert listener.connections == 0
    assert listener.requests == []


@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_an_escaped_service_keyword_is_refused_and_runs_alike_when_allowed(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str
) -> None:
    r"""`\u0053ERVICE` is SERVICE to the check, so it is refused; allowed, both engines run
    the same expanded text and call the listener (pyoxigraph, given the raw text, would
    have stopped at a syntax error instead)."""
    backend = request.getfixturevalue(f"{backend_name}_backend")
    query = _reaching_queries(listener.url)["service-escaped"]
    with pytest.raises(InputError) as caught:
        run_sparql(backend, query)
    assert str(caught.value) == (
        f"query: refusing SERVICE <{listener.url}/sparql>: a query may not call other "
        "servers unless you pass --allow-remote"
    )
    assert listener.connections == 0
    result = run_sparql(backend, query, allow_remote=True)
    assert [str(row["s"]) for row in result] == ["http://example.org/s"]
    assert [path for _, path in listener.requests] == ["/sparql"]


@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_a_carriage_return_cannot_hide_service_from_the_check(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str
) -> None:
    backend = request.getfixturevalue(f"{backend_name}_backend")
    with pytest.raises(InputError, match=r"^query: refusing SERVICE <http://127\.0\.0\.1:"):
        run_sparql(backend, HIDDEN_BY_A_CARRIAGE_RETURN.format(url=listener.url))
    assert listener.connections == 0


@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_the_server_engine_runs_the_checked_text(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str
) -> None:
    """`warkg serve`'s workers go through the same `prepare` and run its text."""
    from warkg.server.workers.engine import Engine
    from warkg.server.workers.queries import SparqlJob
    from warkg.server.workers.worker import handle

    engine = Engine(request.getfixturevalue(f"{backend_name}_backend"), max_rows=100)
    hidden = handle(engine, SparqlJob(HIDDEN_BY_AN_ESCAPE.format(url=listener.url), None, "csv"))
    assert (hidden.status, hidden.body) == (200, b"s\r\nurn:x\r\n")
    for text in (
        _reaching_queries(listener.url)["service-escaped"],
        HIDDEN_BY_A_CARRIAGE_RETURN.format(url=listener.url),
    ):
        refused = handle(engine, SparqlJob(text, None, "csv"))
        assert refused.status == 403
        assert (
            refused.body
            == (
                f"query: refusing SERVICE <{listener.url}/sparql>: a query may not call other "
                "servers\n"
            ).encode()
        )
    assert listener.connections == 0


def test_an_escape_that_would_be_expanded_twice_is_refused() -> None:
    r"""`\u005C` is a backslash: followed by `u0053` it leaves `\u0053` behind, which an
    endpoint that expands escapes (as the spec says) would read as S a second time."""
    text = "SELECT * WHERE {\n  # \\u005Cu000A SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o }\n}"
    with pytest.raises(InputError) as caught:
        sparql.prepare(text, "q.rq")
    assert str(caught.value) == (
        "q.rq:2:5: syntax error: an escaped backslash followed by 'u000A' reads as a second "
        "escape to engines that expand escapes again; write the character itself"
    )


def test_prepared_text_is_the_expanded_text() -> None:
    prepared = sparql.prepare('SELECT ?x WHERE { BIND("\\u00e9\\U0001F600" AS ?x) }\r', "q")
    assert prepared.text == 'SELECT ?x WHERE { BIND("é\U0001f600" AS ?x) }\n'
    with pytest.raises(InputError, match=r"^q:1:8: syntax error: \\uD800 is not a character$"):
        sparql.prepare('ASK { "\\uD800" }', "q")


UPDATES = [
    "LOAD <{url}/x.ttl>",
    "LOAD <{url}/x.ttl> INTO GRAPH <urn:g>",
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL ; LOAD <{url}/x.ttl>",
]


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("backend_name", EMBEDDED)
def test_updates_always_refused(
    request: pytest.FixtureRequest, listener: Listener, backend_name: str, update: str
) -> None:
    backend = request.getfixturevalue(f"{backend_name}_backend")
    text = update.replace("{url}", listener.url)
    for allow_remote in (False, True):
        with pytest.raises(InputError, match=r"^query: refusing a SPARQL update \(.+\): "):
            run_sparql(backend, text, allow_remote=allow_remote)
    assert listener.connections == 0
    assert len(run_sparql(backend, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")) == 1  # data intact


def test_update_refused_by_the_command(tmp_path, capsys, listener: Listener) -> None:
    query = tmp_path / "load.rq"
    query.write_text(f"LOAD <{listener.url}/x.ttl>\n", encoding="utf-8")
    assert cli.main(["sparql", str(query), "--allow-remote"]) == 2
    assert capsys.readouterr().err == (
        f"warkg: {query}: refusing a SPARQL update (LOAD): queries are read-only\n"
    )
    assert listener.connections == 0


# ---- injection through parameters --------------------------------------------------------

TRIPLE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    ("query", "param", "value", "expected"),
    [
        ("reference-supports", "reference", "57 } ; DROP ALL ; SELECT * {", "xsd:positiveInteger"),
        ("reference-supports", "reference", "57 UNION { ?s ?p ?o }", "xsd:positiveInteger"),
        ("claim-references", "claim", "claim:x> ?p ?o } #", "iri"),
        ("claim-references", "claim", "<urn:x> } ; DROP ALL ; SELECT * { <urn:y>", "iri"),
        ("claimant-claims", "claimant", "agent:azerbaijan> . ?claim ?p ?o . #", "iri"),
        ("claimant-claims", "claimant", "x\n} DROP ALL", "iri"),
    ],
)
def test_injection_fails_type_conversion(
    backend, query: str, param: str, value: str, expected: str
) -> None:
    count = run_sparql(backend, TRIPLE_COUNT).rows
    with pytest.raises(InputError) as caught:
        run_query(backend, query, **{param: value})
    assert str(caught.value).startswith(f"parameter {param!r} expects {expected}")
    assert run_sparql(backend, TRIPLE_COUNT).rows == count


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/warkg/id/claim/x%3E%20%3Fp%20%3Fo%20%7D%20%23",
        "claim:armenians-displaced%3E",
        "urn:x:DROP-ALL",
    ],
)
def test_injection_that_is_a_valid_iri_matches_nothing(backend, value: str) -> None:
    count = run_sparql(backend, TRIPLE_COUNT).rows
    assert len(run_query(backend, "claim-references", claim=value)) == 0
    assert run_sparql(backend, TRIPLE_COUNT).rows == count


def test_string_values_are_bound_as_literals(backend) -> None:
    """A literal full of SPARQL syntax is a value: it matches only itself."""
    label = Literal("100,000 Armenians displaced", lang="en")
    query = "SELECT ?claim ?label WHERE { ?claim rdfs:label ?label }"
    result = backend.select(query, {"label": label})
    assert [r["claim"] for r in result] == [CLAIM["armenians-displaced"]]
    count = run_sparql(backend, TRIPLE_COUNT).rows
    for text in ['x" } ; DROP ALL ; SELECT * { "', "x' } #", 'a\\" } #\n}']:
        assert len(backend.select(query, {"label": Literal(text)})) == 0
    assert run_sparql(backend, TRIPLE_COUNT).rows == count


def test_values_block_is_written_from_terms() -> None:
    block = values_block({"label": Literal('x" } ; DROP ALL #\n'), "claim": CLAIM.a})
    assert block == (
        '\nVALUES (?label ?claim) { ("x\\" } ; DROP ALL #\\n" '
        "<https://w3id.org/warkg/id/claim/a>) }\n"
    )


def test_binding_a_variable_outside_the_select_clause_is_refused(rdflib_backend) -> None:
    with pytest.raises(InputError, match=r"cannot bind \?o: it is not in the query's SELECT"):
        rdflib_backend.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal("x")})


def test_non_select_queries_refused(rdflib_backend) -> None:
    with pytest.raises(InputError, match="only SELECT queries can be run here, not CONSTRUCT"):
        run_sparql(rdflib_backend, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(run_sparql(rdflib_backend, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"), Result)
