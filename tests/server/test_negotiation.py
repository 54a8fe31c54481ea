"""Content negotiation: malformed q-values never win, and where the specifications leave
room the server answers as Oxigraph's server does, which a real `oxigraph serve` on the
same data shows side by side (the differences that remain are listed in DIFFERENCES and
in the README)."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph
import pytest

from tests.support.loopback import oxigraph_location_with, oxigraph_server
from tests.support.serving import in_process
from warkg.server.http import media
from warkg.server.http.negotiation import negotiate

SELECT = "SELECT ?p ?o WHERE { <https://w3id.org/warkg/id/reference/57> ?p ?o } LIMIT 2"
ASK = "ASK { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { <https://w3id.org/warkg/id/reference/57> ?p ?o }"

SAME = {
    # the cases: 406 before, Oxigraph's answer now
    (CONSTRUCT, "text/n3"): "text/n3",
    (CONSTRUCT, "application/n-quads"): "application/n-quads",
    (CONSTRUCT, "application/trig"): "application/trig",
    (SELECT, "text/plain"): "text/csv",
    (ASK, "text/plain"): "text/csv",
    # what already agreed, or agrees now that each media type is defined once
    (CONSTRUCT, "text/plain"): "application/n-triples",
    (CONSTRUCT, "application/xml"): "application/rdf+xml",
    (CONSTRUCT, "text/xml"): "application/rdf+xml",
    (CONSTRUCT, "application/json"): "application/ld+json",
    (CONSTRUCT, "text/turtle"): "text/turtle",
    (SELECT, "application/json"): "application/sparql-results+json",
    (SELECT, "application/xml"): "application/sparql-results+xml",
    (SELECT, "text/xml"): "application/sparql-results+xml",
    (SELECT, "*/*"): "application/sparql-results+json",
    (SELECT, "text/tab-separated-values"): "text/tab-separated-values",
}
DIFFERENCES = {
    # (query, Accept): (warkg, Oxigraph). Wildcards: warkg's first graph format is
    # Turtle, Oxigraph's N-Quads (which carries graph names a CONSTRUCT cannot have).
    (CONSTRUCT, "*/*"): ("text/turtle", "application/n-quads"),
    (CONSTRUCT, "text/*"): ("text/turtle", "application/n-quads"),
    # Oxigraph answers SPARQL JSON for any text/ type; the first text/ results format,
    # CSV, is warkg's (as it has been: tests/server/test_server_compat.py).
    (SELECT, "text/*"): ("text/csv", "application/sparql-results+json"),
}


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    directory = tmp_path_factory.mktemp("negotiation")
    with in_process(directory / "warkg") as client:
        data = directory / "graph.nt"
        data.write_bytes(client.get("/graph.nt").content)
        location = oxigraph_location_with(directory / "oxigraph")
        turtle = directory / "graph.ttl"
        store = pyoxigraph.Store()
        store.load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.dump(turtle, format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph())
        oxigraph_location_with(location, turtle)
        with oxigraph_server(location) as url:
            yield client, url


def _oxigraph(url: str, query: str, accept: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, answer.headers["Content-Type"]


def _warkg(client, query: str, accept: str) -> tuple[int, str]:
    answer = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    return answer.status_code, answer.headers.get("content-type", "")


@pytest.mark.parametrize(("query", "accept"), list(SAME), ids=[f"{q[:6]}-{a}" for q, a in SAME])
def test_answered_as_oxigraph_answers(both, query: str, accept: str) -> None:
    client, url = both
    expected = SAME[(query, accept)]
    status, content_type = _oxigraph(url, query, accept)
    assert (status, _media(content_type)) == (200, expected)
    status, content_type = _warkg(client, query, accept)
    assert (status, _media(content_type)) == (200, expected)


@pytest.mark.parametrize(("query", "accept"), list(DIFFERENCES))
def test_the_differences_are_as_documented(both, query: str, accept: str) -> None:
    client, url = both
    ours, theirs = DIFFERENCES[(query, accept)]
    assert _media(_oxigraph(url, query, accept)[1]) == theirs
    assert _media(_warkg(client, query, accept)[1]) == ours


def test_n3_nquads_and_trig_hold_the_same_triples(both) -> None:
    client, _ = both
    expected = client.get(
        "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"}
    ).text
    triples = {line for line in expected.splitlines() if line}
    assert len(triples) == 7
    for accept, fmt in (
        ("text/n3", pyoxigraph.RdfFormat.N3),
        ("application/n-quads", pyoxigraph.RdfFormat.N_QUADS),
        ("application/trig", pyoxigraph.RdfFormat.TRIG),
    ):
        body = client.get(
            "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept}
        ).content
        parsed = pyoxigraph.serialize(
            [
                pyoxigraph.Triple(q.subject, q.predicate, q.object)
                for q in pyoxigraph.parse(body, fmt)
            ],
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        ).decode()
        assert {line for line in parsed.splitlines() if line} == triples, accept


@pytest.mark.parametrize("bad", ["1e309", "nan", "NaN", "inf", "2", "1.0001", "-0", "0x1", " "])
def test_a_malformed_q_value_never_wins(bad: str) -> None:
    """RFC 9110's qvalue is 0 to 1 with at most three decimals; `q=1e309` (infinity as a
    float) and `q=nan` used to make CSV win over JSON at q=0.5."""
    accept = f"text/csv;q={bad}, application/sparql-results+json;q=0.5"
    assert negotiate(media.RESULT_FORMATS, accept) is media.JSON
    assert (
        negotiate(media.RESULT_FORMATS, "text/csv;q=1.000, application/json;q=0.999") is media.CSV
    )


def test_each_media_type_is_defined_once() -> None:
    formats = {id(v): v for v in vars(media).values() if isinstance(v, media.Format)}.values()
    assert len(formats) == 17
    kinds = [f.media_type for f in formats]
    assert len(kinds) == len(set(kinds))
