"""Every engine answers SELECT, ASK and CONSTRUCT (and DESCRIBE) itself, the same way: the
same rows, the same verdict, the same triples, on rdflib, pyoxigraph and a real Oxigraph
server over HTTP; a query of the wrong form is one line; `max_rows` stops an answer that
passes it (`TooLarge`)."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Literal, URIRef

from warkg.engines.base import Backend, TooLarge
from warkg.errors import InputError
from warkg.rdf.namespaces import PREFIXES, REF
from warkg.sparql import checks

REFERENCE_57 = URIRef(str(REF) + "57")
LABEL = PREFIXES["rdfs"] + "label"
TRIPLES_OF_57 = "CONSTRUCT { ?s ?p ?o } WHERE { BIND(ref:57 AS ?s) ?s ?p ?o }"


def _label_triple() -> pyoxigraph.Triple:
    return pyoxigraph.Triple(
        pyoxigraph.NamedNode(str(REFERENCE_57)),
        pyoxigraph.NamedNode(LABEL),
        pyoxigraph.Literal("Reference 57", language="en"),
    )


def test_select_gives_the_rows(backend: Backend) -> None:
    result = backend.select("SELECT ?label WHERE { ref:57 rdfs:label ?label }")
    assert result.variables == ("label",)
    assert result.rows == [{"label": Literal("Reference 57", lang="en")}]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("ASK { ref:57 rdfs:label ?label }", True),
        ("ASK { ref:57 rdfs:label 'Reference 58'@en }", False),
    ],
    ids=["true", "false"],
)
def test_ask_gives_the_verdict(backend: Backend, text: str, verdict: bool) -> None:
    assert backend.ask(text) is verdict
    assert backend.answer(text) is verdict


def test_construct_gives_pyoxigraph_triples(backend: Backend) -> None:
    triples = backend.construct(TRIPLES_OF_57)
    assert all(isinstance(t, pyoxigraph.Triple) for t in triples)
    assert _label_triple() in triples
    assert len(triples) == len(set(triples)) > 5
    assert set(backend.answer(TRIPLES_OF_57)) == set(triples)


def test_every_engine_gives_the_same_triples(
    rdflib_backend: Backend, oxigraph_backend: Backend, remote_backend: Backend
) -> None:
    found = [set(b.construct(TRIPLES_OF_57)) for b in (rdflib_backend, oxigraph_backend)]
    found.append(set(remote_backend.construct(TRIPLES_OF_57)))
    assert found[0] == found[1] == found[2]


def test_describe_is_a_graph_query(oxigraph_backend: Backend, rdflib_backend: Backend) -> None:
    described = oxigraph_backend.construct("DESCRIBE ref:57")
    assert _label_triple() in described
    assert _label_triple() in rdflib_backend.construct("DESCRIBE ref:57")


@pytest.mark.parametrize(
    ("call", "text", "message"),
    [
        ("select", "ASK { ?s ?p ?o }", "q: only SELECT queries can be run here, not ASK"),
        ("ask", "SELECT ?s WHERE { ?s ?p ?o }", "q: only ASK queries can be run here, not SELECT"),
        ("construct", "ASK { ?s ?p ?o }", "q: only CONSTRUCT queries can be run here, not ASK"),
    ],
    ids=["select", "ask", "construct"],
)
def test_a_query_of_another_form_is_one_line(
    backend: Backend, call: str, text: str, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        getattr(backend, call)(text, name="q")
    assert str(raised.value) == message


@pytest.mark.parametrize("limit", [0, 1, 2])
def test_max_rows_stops_an_answer_that_passes_it(backend: Backend, limit: int) -> None:
    text = "SELECT ?r WHERE { ?r a warkg:Reference } ORDER BY ?r LIMIT 3"
    with pytest.raises(TooLarge) as raised:
        backend.select(text, max_rows=limit)
    assert (raised.value.limit, raised.value.what) == (limit, "rows")
    assert str(raised.value) == f"the answer has more than {limit} rows"
    assert len(backend.select(text, max_rows=3)) == 3


def test_max_rows_counts_triples_too(backend: Backend) -> None:
    with pytest.raises(TooLarge) as raised:
        backend.construct(TRIPLES_OF_57, max_rows=1)
    assert (raised.value.limit, raised.value.what) == (1, "triples")


def test_a_checked_query_is_run_as_checked(
    oxigraph_backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line checks a query before it loads any data, and hands the checked
    query on: the engine does not check it again."""
    text = "SELECT ?label WHERE { ref:57 rdfs:label ?label }"
    prepared = checks.check(text, "q")
    expected = oxigraph_backend.select(text)

    def again(*args: object, **kwargs: object) -> None:
        raise AssertionError("checked twice")

    monkeypatch.setattr(checks, "check", again)
    assert oxigraph_backend.select(prepared) == expected
