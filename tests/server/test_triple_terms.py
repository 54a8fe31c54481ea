"""RDF 1.2 triple terms, which Oxigraph's SPARQL builds (`<<( s p o )>>`, TRIPLE()) and
warkg's results cannot hold (rdflib terms: RDF 1.1): every way to get one gets an answer
or one line with a documented status, never a 500 (docs/decisions.md, "RDF 1.2 triple
terms"). On the real server in process, with its real worker, and on the command line.

- SELECT: 422 in every results format (JSON, XML, CSV, TSV, the table, Markdown) and
  on the /query page; `warkg sparql` exit code 2 with the same line; a remote endpoint
  that answers one is refused in one line.
- CONSTRUCT: the triple term as written by the formats that have one (Turtle,
  N-Triples, N-Quads, TriG, RDF/XML); 422 for JSON-LD and N3, which have none.
- ASK about triple terms: answered.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph
import pytest

from tests.support.loopback import oxigraph_location_with, oxigraph_server
from tests.support.serving import in_process
from warkg.cli import main as cli

SELECT = "SELECT (<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) {}"
BUILT = "SELECT ?x WHERE { BIND(TRIPLE(<urn:a>, <urn:b>, 'x') AS ?x) }"
CONSTRUCT = "CONSTRUCT { <urn:a> <urn:b> <<( <urn:c> <urn:d> 'e' )>> } WHERE {}"
REFUSED = (
    "the answer holds an RDF 1.2 triple term, <<( <urn:a> <urn:b> <urn:c> )>>, which "
    "warkg's query results do not support (RDF 1.1 terms only)"
)
TEXT = "text/plain; charset=utf-8"
RESULTS = (
    ("application/sparql-results+json", None),
    ("application/sparql-results+xml", None),
    ("text/csv", None),
    ("text/tab-separated-values", None),
    (None, "table"),
    (None, "markdown"),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    with in_process(tmp_path_factory.mktemp("triple-terms"), workers=1) as client:
        yield client


def _get(client, query: str, accept: str | None = None, fmt: str | None = None):
    params = {"query": query, **({"format": fmt} if fmt else {})}
    return client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})


@pytest.mark.parametrize(("accept", "fmt"), RESULTS, ids=[a or f for a, f in RESULTS])
def test_a_select_of_a_triple_term_is_422_in_every_format(client, accept, fmt) -> None:
    answer = _get(client, SELECT, accept, fmt)
    assert (answer.status_code, answer.headers["content-type"]) == (422, TEXT)
    assert answer.text == REFUSED + "\n"
    built = _get(client, BUILT, accept, fmt)
    assert built.status_code == 422
    assert built.text == (
        'the answer holds an RDF 1.2 triple term, <<( <urn:a> <urn:b> "x" )>>, which '
        "warkg's query results do not support (RDF 1.1 terms only)\n"
    )


def test_the_query_page_says_so_too(client) -> None:
    for query in (SELECT, CONSTRUCT):
        page = client.get("/query", params={"query": query})
        assert page.status_code == 422
        assert "RDF 1.2 triple term" in page.text and "Traceback" not in page.text


GRAPHS = {
    "text/turtle": b'<urn:a> <urn:b> <<( <urn:c> <urn:d> "e" )>> .\n',
    "application/n-triples": b'<urn:a> <urn:b> <<( <urn:c> <urn:d> "e" )>> .\n',
    "application/n-quads": b'<urn:a> <urn:b> <<( <urn:c> <urn:d> "e" )>> .\n',
    "application/trig": b'<urn:a> <urn:b> <<( <urn:c> <urn:d> "e" )>> .\n',
}


@pytest.mark.parametrize("accept", sorted(GRAPHS))
def test_a_constructed_triple_term_in_a_format_that_has_one(client, accept) -> None:
    answer = _get(client, CONSTRUCT, accept)
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == accept
    assert answer.content == GRAPHS[accept]


def test_rdf_xml_carries_it_as_rdf_1_2(client) -> None:
    """RDF/XML 1.2's rdf:parseType="Triple", read back to the same triple."""
    answer = _get(client, CONSTRUCT, "application/rdf+xml")
    assert answer.status_code == 200
    (triple,) = pyoxigraph.parse(answer.content, format=pyoxigraph.RdfFormat.RDF_XML)
    inner = pyoxigraph.Triple(
        pyoxigraph.NamedNode("urn:c"), pyoxigraph.NamedNode("urn:d"), pyoxigraph.Literal("e")
    )
    assert triple.object == inner


@pytest.mark.parametrize(
    ("accept", "name"), [("application/ld+json", "JSON-LD"), ("text/n3", "N3")]
)
def test_a_constructed_triple_term_in_a_format_without_one_is_422(client, accept, name) -> None:
    answer = _get(client, CONSTRUCT, accept)
    assert (answer.status_code, answer.headers["content-type"]) == (422, TEXT)
    assert answer.text == (
        f'the answer holds an RDF 1.2 triple term, <<( <urn:c> <urn:d> "e" )>>, which {name} '
        "cannot carry; ask for Turtle, N-Triples, N-Quads, TriG or RDF/XML\n"
    )


def test_ask_about_triple_terms_is_answered(client) -> None:
    answer = _get(client, "ASK { FILTER(isTRIPLE(<<( <urn:a> <urn:b> <urn:c> )>>)) }")
    assert (answer.status_code, answer.text) == (200, '{"head": {}, "boolean": true}\n')


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "markdown"])
def test_the_command_line_says_it_in_one_line(tmp_path, capsys, fmt) -> None:
    query = tmp_path / "triple.rq"
    query.write_text(SELECT)
    assert cli.main(["sparql", str(query), "-b", "oxigraph", "-f", fmt]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"warkg: {REFUSED}\n")


def test_data_that_hold_one_on_the_command_line(tmp_path, capsys) -> None:
    """The oxigraph engine reads Turtle 1.2 data itself; a plain SELECT that meets the
    triple term is the same one line."""
    data = tmp_path / "data.ttl"
    data.write_text('<urn:a> <urn:b> <<( <urn:c> <urn:d> "e" )>> .\n')
    query = tmp_path / "objects.rq"
    query.write_text("SELECT ?o WHERE { ?s ?p ?o }")
    assert cli.main(["sparql", str(query), "-b", "oxigraph", "--data", str(data)]) == 2
    assert capsys.readouterr() == (
        "",
        'warkg: the answer holds an RDF 1.2 triple term, <<( <urn:c> <urn:d> "e" )>>, which '
        "warkg's query results do not support (RDF 1.1 terms only)\n",
    )


def test_the_reference_engine_refuses_the_syntax(tmp_path, capsys) -> None:
    query = tmp_path / "triple.rq"
    query.write_text(SELECT)
    assert cli.main(["sparql", str(query), "-b", "rdflib"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"warkg: {query}:1:10: syntax error")


def test_a_remote_endpoint_that_answers_one(tmp_path, capsys) -> None:
    """A real Oxigraph server whose data hold a triple term (N-Triples 1.2) answers it in
    SPARQL 1.2 JSON; warkg says in one line that it cannot take it (the query itself
    is plain SPARQL 1.1: rdflib checks it before it is sent)."""
    data = tmp_path / "data.nt"
    data.write_text('<urn:a> <urn:b> <<( <urn:c> <urn:d> "e" )>> .\n')
    query = tmp_path / "objects.rq"
    query.write_text("SELECT ?o WHERE { ?s ?p ?o }")
    with oxigraph_server(oxigraph_location_with(tmp_path / "store", data)) as endpoint:
        code = cli.main(["sparql", str(query), "--endpoint", endpoint])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.endswith(
        "results.bindings[0].o is an RDF 1.2 triple term, which warkg's query results do "
        "not support (RDF 1.1 terms only)\n"
    )
