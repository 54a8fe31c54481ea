"""How the remote backend sends a query (SPARQL 1.1 Protocol) and where it binds
parameters: recorded on a loopback listener, and run on a real Oxigraph server."""

from __future__ import annotations

import urllib.parse

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from tests.support.loopback import Listener, refuse_connections_off_loopback
from warkg import run_query
from warkg.cli import main as cli
from warkg.engines import upload as stores
from warkg.engines.opening import open_graph
from warkg.engines.remote import RemoteBackend
from warkg.errors import InputError
from warkg.rdf.namespaces import CLAIM
from warkg.sparql.protocol import MAX_GET_URL, bind_in_where, choose, prologue_for, where_brace


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_connections_off_loopback(monkeypatch)


# ---- the request's form -----------------------------------------------------------------


def _sent(method: str, text: str, graph: str | None = None) -> tuple[str, dict[str, list[str]]]:
    """The HTTP method and query-string parameters of the one request `text` made."""
    with Listener() as listener:
        backend = RemoteBackend(f"{listener.url}/sparql", method=method, graph=graph)
        backend.select(text)
    ((verb, path),) = listener.requests
    return verb, urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)


def test_a_short_query_goes_as_get_with_only_the_prefixes_it_uses() -> None:
    verb, params = _sent("auto", "SELECT ?s WHERE { ?s a warkg:Claim }")
    assert verb == "GET"
    assert params["query"] == [
        "PREFIX warkg: <https://w3id.org/warkg/ontology/>\nSELECT ?s WHERE { ?s a warkg:Claim }"
    ]


def test_a_long_query_goes_as_a_form_post() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(["1"] * 1500) + ")) }"
    assert choose("auto", "http://127.0.0.1/sparql", text) == "post-form"
    verb, params = _sent("auto", text)
    assert (verb, params) == ("POST", {})  # the query is in the form body


@pytest.mark.parametrize(
    ("method", "verb"), [("get", "GET"), ("post-form", "POST"), ("post-direct", "POST")]
)
def test_a_method_can_be_forced(method: str, verb: str) -> None:
    assert _sent(method, "SELECT ?s WHERE { ?s ?p ?o }")[0] == verb


@pytest.mark.parametrize("method", ["get", "post-form", "post-direct"])
def test_a_named_graph_goes_as_default_graph_uri(method: str) -> None:
    _, params = _sent(method, "SELECT ?s WHERE { ?s ?p ?o }", graph="https://example.org/g")
    assert params["default-graph-uri"] == ["https://example.org/g"]


def test_the_get_limit_is_on_the_whole_url() -> None:
    endpoint = "http://127.0.0.1:7878/query"
    fits = "x" * (MAX_GET_URL - len(endpoint) - len("?query="))
    assert choose("auto", endpoint, fits) == "get"
    assert choose("auto", endpoint, fits + "x") == "post-form"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--method", "get"],
            "warkg: --method applies to the remote backend only (--endpoint URL)\n",
        ),
        (
            ["--graph", "https://example.org/g"],
            "warkg: --graph applies to the remote backend only (--endpoint URL)\n",
        ),
        (
            ["--endpoint", "http://127.0.0.1:9/sparql", "--graph", "not an iri"],
            "warkg: --graph must be an absolute IRI such as https://example.org/g, "
            "got 'not an iri'\n",
        ),
    ],
)
def test_remote_options_are_checked(capsys, args: list[str], message: str) -> None:
    assert cli.main(["query", "timeline", *args]) == 2
    assert capsys.readouterr() == ("", message)


# ---- where parameters go ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ("{" AS ?x) ?s WHERE { ?s ?p ?o }',
        "SELECT ?s # not here {\nWHERE { ?s ?p ?o }",
        "SELECT ('''a { b''' AS ?x) ?s\nWHERE { ?s ?p ?o }",
        "SELECT (?a < 3 AS ?b) ?s WHERE { ?s ?p ?a }",
        "SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT ?s { ?s ?p ?o }",
    ],
)
def test_the_values_block_opens_the_where_group(text: str) -> None:
    brace = where_brace(text)
    assert text[brace] == "{"
    assert text[brace + 1 :].strip() in ("?s ?p ?o }", "?s ?p ?a }")


def test_no_where_group_is_an_error() -> None:
    with pytest.raises(InputError, match="no WHERE group"):
        where_brace("SELECT ?s # {")


def test_prologue_only_declares_prefixes_in_use() -> None:
    assert prologue_for("SELECT ?s WHERE { ?s rdfs:label ?l }") == (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    )
    assert prologue_for("SELECT ?s WHERE { ?s <urn:x:y> ?l }") == ""


def test_bound_parameters_are_inside_the_where_group() -> None:
    bound = bind_in_where(
        "SELECT ?claim WHERE { ?claim ?p ?o }\nORDER BY ?claim", {"claim": CLAIM.x}
    )
    assert bound == (
        "SELECT ?claim WHERE {\n  VALUES (?claim) { (<https://w3id.org/warkg/id/claim/x>) }\n"
        " ?claim ?p ?o }\nORDER BY ?claim"
    )


HOSTILE = ['x" } ; DROP ALL #\n', "a } UNION { ?s ?p ?o", "'''", "\\u0022 }"]


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_values_stay_values_on_a_real_server(remote_backend, label: str) -> None:
    text = "SELECT ?label ?claim WHERE { ?claim rdfs:label ?label }"
    assert remote_backend.select(text, {"label": Literal(label)}).rows == []


def test_every_parameterised_stored_query_gives_the_embedded_rows(remote_backend) -> None:
    """On the session's Oxigraph server (tests/conftest.py), with values other than the
    defaults, the VALUES block inside the WHERE group gives the embedded rows."""
    embedded = open_graph("oxigraph")
    for name, params in [
        ("reference-supports", {"reference": 57}),
        ("reference-supports", {"reference": 1}),
        ("claim-references", {"claim": "armenia-artsakh-servicemen-killed"}),
    ]:
        expected = run_query(embedded, name, **params)
        assert run_query(remote_backend, name, **params) == expected
        assert expected.rows, name


# ---- where load uploads -------------------------------------------------------------------


def _closed_endpoint() -> str:
    from tests.support.loopback import free_port

    return f"http://127.0.0.1:{free_port()}/sparql"


def test_an_unknown_store_that_speaks_update_gets_insert_data() -> None:
    """No layout answers (nothing listens), but the service description lists SPARQL 1.1
    Update: the data goes as INSERT DATA to the endpoint itself."""
    endpoint = _closed_endpoint()
    store = stores.Store(endpoint, "unknown", "", speaks_update=True)
    target = stores.plan(store, "https://example.org/g", timeout=2)
    assert target == stores.Target("update", endpoint, "https://example.org/g")


def test_an_unknown_store_with_no_way_in_is_one_line() -> None:
    endpoint = _closed_endpoint()
    base = endpoint.removesuffix("sparql")
    store = stores.Store(endpoint, "unknown", "", speaks_update=False)
    with pytest.raises(InputError) as caught:
        stores.plan(store, None, timeout=2)
    assert str(caught.value) == (
        f"unknown at {endpoint}: found no Graph Store Protocol endpoint (tried {base}store, "
        f"{base}data, {base}sparql-graph-crud) and its service description lists no SPARQL "
        "1.1 Update: give the upload URL with --gsp URL or --update URL"
    )


def test_an_unknown_store_is_probed_at_the_known_layouts(oxigraph_endpoint: str) -> None:
    """A real Oxigraph server, not told apart by its Server header, is found by probing."""
    store = stores.Store(oxigraph_endpoint, "unknown", "", speaks_update=False)
    target = stores.plan(store, None, timeout=5)
    assert target == stores.Target(
        "gsp", oxigraph_endpoint.removesuffix("query") + "store?default", None
    )


@pytest.mark.parametrize(
    ("endpoint", "kind", "gsp"),
    [
        ("http://h:7878/query", "oxigraph", "http://h:7878/store"),
        ("http://h:3030/warkg/sparql", "fuseki", "http://h:3030/warkg/data"),
        ("http://h:3030/warkg/query", "fuseki", "http://h:3030/warkg/data"),
        ("http://h:8890/sparql", "virtuoso", "http://h:8890/sparql-graph-crud"),
    ],
)
def test_each_known_layout(endpoint: str, kind: str, gsp: str) -> None:
    assert stores.known_layout(stores.Store(endpoint, kind, "", False)) == gsp


def test_insert_data_requests_keep_blank_nodes_together() -> None:
    graph = Graph()
    for n in range(5):
        graph.add((URIRef(f"urn:s{n}"), URIRef("urn:p"), Literal(f'"{n}"\n')))
    shared = BNode()
    graph.add((URIRef("urn:a"), URIRef("urn:p"), shared))
    graph.add((shared, URIRef("urn:q"), Literal(1)))
    requests = stores.updates(graph, "https://example.org/g", replace=True, chunk=2)
    assert len(requests) == 4  # 5 plain triples in chunks of 2, then both blank-node ones
    assert requests[0].startswith("CLEAR SILENT GRAPH <https://example.org/g> ;\nINSERT DATA")
    assert all(r.count("GRAPH <https://example.org/g> {") == 1 for r in requests)
    assert requests[-1].count(" .") == 2 and "_:" in requests[-1]
    readback = Graph()
    for request in requests:
        body = request.split("GRAPH <https://example.org/g> { \n", 1)[1].rsplit("\n }}", 1)[0]
        readback.parse(data=body, format="nt")
    assert len(readback) == len(graph)
