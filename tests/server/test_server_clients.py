"""The clients people point at a SPARQL endpoint, in their default modes, against a
real `warkg serve`: SPARQLWrapper (which adds its own `format` parameters, some twice)
and with setOnlyConneg(True), for every query form and every format it offers; rdflib's
SPARQLStore with its defaults (RDF/XML for CONSTRUCT and DESCRIBE); and Comunica from
npm (tests/node), skipped with the reason when Node or its packages are missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

from tests.support.serving import RunningServer, warkg_server

REF57 = "https://w3id.org/warkg/id/reference/57"
SELECT = "SELECT ?work WHERE { ref:57 warkg:citesWork ?work }"
ASK = "ASK { ref:57 warkg:citesWork ?work }"
CONSTRUCT = "CONSTRUCT { ref:57 warkg:citesWork ?work } WHERE { ref:57 warkg:citesWork ?work }"
DESCRIBE = "DESCRIBE ref:57"
NODE_DIR = Path(__file__).parents[1] / "node"


@pytest.fixture(scope="module")
def server() -> RunningServer:
    with warkg_server("--workers", "1") as running:
        yield running


def _wrapper(server: RunningServer, query: str, fmt: str, only_conneg: bool) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setOnlyConneg(only_conneg)
    return client


MODES = [pytest.param(False, id="default"), pytest.param(True, id="only-conneg")]


@pytest.mark.parametrize("only_conneg", MODES)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(server: RunningServer, fmt: str, only_conneg: bool) -> None:
    answer = _wrapper(server, SELECT, fmt, only_conneg).query()
    assert answer.response.status == 200
    converted = answer.convert()
    if fmt == JSON:
        assert [b["work"]["type"] for b in converted["results"]["bindings"]] == ["uri"]
    elif fmt == XML:
        assert len(converted.getElementsByTagName("result")) == 1
    else:
        separator = b"," if fmt == CSV else b"\t"
        lines = converted.strip().splitlines()
        assert len(lines) == 2 and lines[0].lstrip(b"?") == b"work"
        assert separator not in lines[1] or fmt == CSV


@pytest.mark.parametrize("only_conneg", MODES)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask(server: RunningServer, fmt: str, only_conneg: bool) -> None:
    answer = _wrapper(server, ASK, fmt, only_conneg).query()
    assert answer.response.status == 200
    converted = answer.convert()
    if fmt == JSON:
        assert converted["boolean"] is True
    elif fmt == XML:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert converted.strip() == b"true"


@pytest.mark.parametrize("only_conneg", MODES)
@pytest.mark.parametrize("fmt", [XML, RDFXML, RDF, TURTLE, N3, JSONLD])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graphs(server: RunningServer, query: str, fmt: str, only_conneg) -> None:
    answer = _wrapper(server, query, fmt, only_conneg).query()
    assert answer.response.status == 200
    converted = answer.convert()
    graph = converted if isinstance(converted, Graph) else Graph()
    if not isinstance(converted, Graph):  # SPARQLWrapper hands back the text
        media_type = answer.response.headers["Content-Type"].split(";")[0]
        parse_as = {"text/turtle": "turtle", "application/ld+json": "json-ld"}[media_type]
        graph.parse(data=converted, format=parse_as)
    works = list(graph.objects(URIRef(REF57), URIRef("https://w3id.org/warkg/ontology/citesWork")))
    assert len(works) == 1


def test_sparqlstore_defaults(server: RunningServer) -> None:
    """rdflib's SPARQLStore: SELECT and ASK as SPARQL XML, CONSTRUCT and DESCRIBE as
    RDF/XML (its default Accept), all parsed by rdflib."""
    graph = Graph(SPARQLStore(server.sparql))
    rows = list(graph.query(SELECT))
    assert [str(row[0]).startswith("https://w3id.org/warkg/id/") for row in rows] == [True]
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 1
    described = graph.query(DESCRIBE).graph
    assert (URIRef(REF57), None, None) in described
    assert len(described) > 5


def _comunica() -> list[str]:
    node = shutil.which("node")
    binary = NODE_DIR / "node_modules" / "@comunica" / "query-sparql" / "bin" / "query.js"
    if node is None:
        pytest.skip("Node is not installed (Comunica needs it)")
    if not binary.exists():
        pytest.skip("Comunica is not installed: run `npm ci` in tests/node")
    return [node, str(binary)]


@pytest.mark.parametrize(
    ("query", "check"),
    [
        (
            "SELECT ?work WHERE { <https://w3id.org/warkg/id/reference/57> "
            "<https://w3id.org/warkg/ontology/citesWork> ?work }",
            lambda out: len(json.loads(out)) == 1,
        ),
        (
            "ASK { <https://w3id.org/warkg/id/reference/57> "
            "<https://w3id.org/warkg/ontology/citesWork> ?work }",
            lambda out: out.strip() == "true",
        ),
        (
            "CONSTRUCT { ?r <https://w3id.org/warkg/ontology/citesWork> ?w } WHERE "
            "{ ?r <https://w3id.org/warkg/ontology/citesWork> ?w } LIMIT 3",
            lambda out: out.count("<https://w3id.org/warkg/ontology/citesWork>") == 3,
        ),
    ],
    ids=["select", "ask", "construct"],
)
def test_comunica(server: RunningServer, query: str, check) -> None:
    command = [*_comunica(), f"sparql@{server.sparql}", "-q", query]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert check(done.stdout), done.stdout
