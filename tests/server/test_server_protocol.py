"""`warkg serve` as a SPARQL 1.1 endpoint: a real client (SPARQLWrapper) runs every
stored query over HTTP and gets the library's rows; the stored queries by name; content
negotiation; the service description and the whole-graph download. Both backends.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.support.serving import RunningServer, request, warkg_server
from warkg.catalogue import run as querying
from warkg.catalogue import stored as stored_queries
from warkg.engines.base import Backend
from warkg.engines.oxigraph import OxigraphBackend
from warkg.engines.remote import values_block
from warkg.rdf.conversion import align
from warkg.rdf.namespaces import CLAIM, REF
from warkg.results.formats import format_result
from warkg.results.json import from_json, to_json
from warkg.results.model import Result, normalise_lists

QUERIES = stored_queries.list_queries()
QUERY_IDS = [q.name for q in QUERIES]
SD = "http://www.w3.org/ns/sparql-service-description#"


def test_stored_queries_found() -> None:
    assert len(QUERIES) == 13


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def served(request: pytest.FixtureRequest) -> tuple[RunningServer, Backend]:
    """A server on each backend, with the library's backend of the same kind."""
    with warkg_server("--backend", request.param, "--workers", "2") as server:
        yield server, request.getfixturevalue(f"{request.param}_backend")


def _aligned(result: Result, list_columns: tuple[str, ...] = ()) -> Result:
    """A result as the library reports one: list columns sorted, terms aligned."""
    result = normalise_lists(result, list_columns)
    return Result(
        result.variables,
        [{v: align(row.get(v)) for v in result.variables} for row in result.rows],
    )


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_sparqlwrapper_gets_the_library_rows(served, query: stored_queries.StoredQuery) -> None:
    """The stored query's text, its default parameters bound by a trailing VALUES block
    exactly as the library's remote backend binds them, sent by SPARQLWrapper."""
    server, backend = served
    bindings = stored_queries.bind(query, {})
    text = query.text + (values_block(bindings) if bindings else "")
    client = SPARQLWrapper(server.sparql)
    client.setQuery(text)
    client.setReturnFormat(JSON)
    client.setMethod("POST")
    answer = client.queryAndConvert()
    over_http = _aligned(from_json(answer), query.list_columns)
    expected = querying.run_query(backend, query)
    assert over_http.variables == expected.variables
    assert over_http.rows == expected.rows  # every stored query orders its rows


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_stored_query_by_name(served, query: stored_queries.StoredQuery) -> None:
    server, backend = served
    answer = request(f"{server.url}/queries/{query.name}")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    expected = querying.run_query(backend, query)
    assert json.loads(answer.body) == to_json(expected)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("reference-supports", {"reference": "57"}),
        ("claim-references", {"claim": "claim:armenia-artsakh-servicemen-killed"}),
        ("claimant-claims", {"claimant": "armenia"}),
    ],
)
def test_stored_query_parameters(served, name: str, params: dict[str, str]) -> None:
    server, backend = served
    answer = request(f"{server.url}/queries/{name}?{urllib.parse.urlencode(params)}")
    expected = querying.run_query(backend, name, **params)
    assert answer.status == 200
    assert from_json(json.loads(answer.body)).rows == expected.rows
    assert len(expected.rows) >= 1


def test_reference_57_supports_one_claim(served) -> None:
    server, _ = served
    answer = request(f"{server.url}/queries/reference-supports?reference=57")
    rows = from_json(json.loads(answer.body)).rows
    assert [row["claim"] for row in rows] == [CLAIM["armenia-artsakh-servicemen-killed"]]
    assert rows[0]["reference"] == Literal("57", datatype=XSD.integer)


@pytest.mark.parametrize(
    ("fmt", "accept"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values")]
)
def test_stored_query_as_csv_and_tsv(served, fmt: str, accept: str) -> None:
    server, backend = served
    expected = format_result(querying.run_query(backend, "casualty-figures"), fmt)
    by_accept = request(f"{server.url}/queries/casualty-figures", headers={"Accept": accept})
    by_name = request(f"{server.url}/queries/casualty-figures?format={fmt}")
    assert by_accept.text == by_name.text == expected
    assert by_accept.headers["content-type"] == f"{accept}; charset=utf-8"


def test_stored_query_as_table(served) -> None:
    server, backend = served
    answer = request(f"{server.url}/queries/timeline?format=table")
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text == format_result(querying.run_query(backend, "timeline"), "table")


def test_query_list(served) -> None:
    server, _ = served
    answer = request(f"{server.url}/queries")
    listed = json.loads(answer.body)
    assert [q["name"] for q in listed] == QUERY_IDS
    supports = next(q for q in listed if q["name"] == "reference-supports")
    assert supports["url"] == "/queries/reference-supports"
    assert supports["summary"] == "Everything a given reference supports."
    assert supports["params"] == [
        {
            "name": "reference",
            "type": "xsd:positiveInteger",
            "description": "The reference's number in the article's reference list (1-91).",
            "default": "10",
            "required": False,
        },
        {
            "name": "war",
            "type": "iri",
            "description": "The war whose article the rows come from, as an IRI, a prefixed "
            "name or a bare slug.",
            "default": "event:second-nagorno-karabakh-war",
            "required": False,
        },
    ]


# ---- the protocol endpoint --------------------------------------------------------------

SELECT_REFERENCES = """SELECT ?ref ?number WHERE {
  ?ref warkg:referenceNumber ?number . FILTER(?number <= 3)
} ORDER BY ?number"""


def _post_form(server: RunningServer, query: str, accept: str | None = None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    data = urllib.parse.urlencode({"query": query}).encode()
    return request(server.sparql, data=data, headers=headers)


def test_get_post_form_and_direct_post_agree(served) -> None:
    server, _ = served
    get = request(f"{server.sparql}?{urllib.parse.urlencode({'query': SELECT_REFERENCES})}")
    form = _post_form(server, SELECT_REFERENCES)
    direct = request(
        server.sparql,
        data=SELECT_REFERENCES.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert get.status == form.status == direct.status == 200
    assert get.body == form.body == direct.body
    rows = from_json(json.loads(get.body)).rows
    assert [row["number"] for row in rows] == [
        Literal(str(n), datatype=XSD.integer) for n in (1, 2, 3)
    ]
    assert [row["ref"] for row in rows] == [REF["1"], REF["2"], REF["3"]]


def test_select_as_xml(served) -> None:
    server, _ = served
    answer = _post_form(server, SELECT_REFERENCES, "application/sparql-results+xml")
    assert answer.headers["content-type"] == "application/sparql-results+xml; charset=utf-8"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(answer.body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["ref", "number"]
    results = root.findall("r:results/r:result", ns)
    assert [r.find("r:binding[@name='ref']/r:uri", ns).text for r in results] == [
        str(REF["1"]),
        str(REF["2"]),
        str(REF["3"]),
    ]
    number = results[0].find("r:binding[@name='number']/r:literal", ns)
    assert (number.text, number.get("datatype")) == ("1", str(XSD.integer))


def test_select_as_csv(served) -> None:
    server, _ = served
    answer = _post_form(server, SELECT_REFERENCES, "text/csv")
    assert list(csv.reader(io.StringIO(answer.text))) == [
        ["ref", "number"],
        [str(REF["1"]), "1"],
        [str(REF["2"]), "2"],
        [str(REF["3"]), "3"],
    ]


@pytest.mark.parametrize(
    ("accept", "body"),
    [
        ("application/sparql-results+json", b'{"head": {}, "boolean": true}\n'),
        (
            "application/sparql-results+xml",
            b'<?xml version="1.0" encoding="utf-8"?>\n'
            b'<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            b"<head/>\n<boolean>true</boolean>\n</sparql>\n",
        ),
        ("text/csv", b"true\n"),
    ],
)
def test_ask(served, accept: str, body: bytes) -> None:
    server, _ = served
    answer = _post_form(server, "ASK { ref:57 warkg:citesWork ?work }", accept)
    assert (answer.status, answer.body) == (200, body)


def test_ask_false(served) -> None:
    server, _ = served
    answer = _post_form(server, "ASK { ref:57 warkg:citesWork ref:57 }")
    assert json.loads(answer.body) == {"head": {}, "boolean": False}


def _aligned_graph(graph: Graph) -> Graph:
    """`graph` with its literals as Oxigraph reports them (`align`)."""
    aligned = Graph()
    for s, p, o in graph:
        aligned.add((s, p, align(o)))
    return aligned


def _expected_description(backend: Backend) -> Graph:
    result = querying.run_sparql(backend, "SELECT ?p ?o WHERE { ref:57 ?p ?o }")
    graph = Graph()
    for row in result.rows:
        graph.add((REF["57"], row["p"], row["o"]))
    return graph


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),  # our own output: safe for rdflib's RDF/XML parser
    ],
)
def test_describe_in_each_graph_format(served, accept: str, rdflib_format: str) -> None:
    server, backend = served
    answer = _post_form(server, "DESCRIBE ref:57", accept)
    assert answer.headers["content-type"] == f"{accept}; charset=utf-8"
    graph = Graph().parse(data=answer.body, format=rdflib_format)
    assert len(graph) == 7
    assert isomorphic(_aligned_graph(graph), _aligned_graph(_expected_description(backend)))


def test_construct(served) -> None:
    server, _ = served
    query = """CONSTRUCT { ?claim warkg:hasReference ?ref } WHERE {
      ?claim warkg:hasReference ?ref . FILTER(?ref = ref:57) }"""
    answer = _post_form(server, query, "application/n-triples")
    assert answer.text == (
        f"<{CLAIM['armenia-artsakh-servicemen-killed']}> "
        f"<https://w3id.org/warkg/ontology/hasReference> <{REF['57']}> .\n"
    )


def test_turtle_uses_only_the_prefixes_it_needs(served) -> None:
    server, _ = served
    answer = _post_form(server, "CONSTRUCT { ref:57 a ?t } WHERE { ref:57 a ?t }", "text/turtle")
    assert answer.text == (
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix ref: <https://w3id.org/warkg/id/reference/> .\n"
        "@prefix warkg: <https://w3id.org/warkg/ontology/> .\n"
        "ref:57 a warkg:Reference .\n"
    )


def test_service_description(served) -> None:
    server, backend = served
    answer = request(server.sparql)
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=answer.body, format="turtle")
    service = URIRef(server.sparql)
    assert (service, RDF.type, URIRef(SD + "Service")) in graph
    assert (service, URIRef(SD + "endpoint"), service) in graph
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    formats = set(graph.objects(service, URIRef(SD + "resultFormat")))
    assert len(formats) == 8
    triples = next(graph.objects(None, URIRef("http://rdfs.org/ns/void#triples")))
    count = querying.run_sparql(backend, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(triples) == int(count.rows[0]["n"])  # the data changes; the count must agree


def test_graph_downloads_hold_the_whole_graph(served) -> None:
    server, backend = served
    expected = Graph()
    for row in querying.run_sparql(backend, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows:
        expected.add((row["s"], row["p"], row["o"]))
    for extension, rdflib_format, media_type in [
        ("nt", "nt", "application/n-triples"),
        ("ttl", "turtle", "text/turtle"),
        ("jsonld", "json-ld", "application/ld+json"),
    ]:
        answer = request(f"{server.url}/graph.{extension}")
        assert answer.headers["content-type"] == f"{media_type}; charset=utf-8"
        graph = Graph().parse(data=answer.body, format=rdflib_format)
        aligned = _aligned_graph(graph)
        assert len(aligned) == len(expected)
        assert isomorphic(aligned, _aligned_graph(expected)), extension
    negotiated = request(f"{server.url}/graph", headers={"Accept": "application/n-triples"})
    assert negotiated.body == request(f"{server.url}/graph.nt").body


def test_download_is_the_backends_data_term_for_term(served) -> None:
    """No literal normalised on the way: the N-Triples download holds exactly the terms
    the backend queries (Oxigraph's canonical integers; rdflib's as read from Turtle)."""
    server, backend = served
    answer = request(f"{server.url}/graph.nt")
    if isinstance(backend, OxigraphBackend):
        store = pyoxigraph.Store()
        store.load(answer.body, pyoxigraph.RdfFormat.N_TRIPLES)
        assert set(store) == set(backend.store)
    else:
        assert set(Graph().parse(data=answer.body, format="nt")) == set(backend.graph)


def test_cors_is_off_by_default(served) -> None:
    server, _ = served
    answer = request(f"{server.url}/queries", headers={"Origin": "http://example.org"})
    assert answer.status == 200
    assert "access-control-allow-origin" not in answer.headers
